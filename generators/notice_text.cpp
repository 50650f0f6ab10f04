#include "generators/notice_text.h"

#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <fmt/format.h>

namespace vnotice {
namespace {

// Room for a clerk to write a number or a date by hand.
constexpr std::string_view kBlank = "      ";

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::string number_and_symbol(const Letterhead &letterhead) {
  if (!letterhead.number) return fmt::format("{}/{}", kBlank, letterhead.symbol);
  std::string number = trim(*letterhead.number);
  if (all_digits(number) && number.size() == 1) number = "0" + number;
  return fmt::format("{}/{}", number, letterhead.symbol);
}

std::string number_line(const Letterhead &letterhead) {
  return "Số: " + number_and_symbol(letterhead);
}

std::string date_words(const Letterhead &letterhead) {
  if (!letterhead.date) return fmt::format("ngày{0}tháng{0}năm {1}", kBlank, letterhead.year);
  const CalendarDate &date = *letterhead.date;
  const std::string day = fmt::format("{:02}", date.day);
  const std::string month =
      date.month <= 2 ? fmt::format("{:02}", date.month) : fmt::format("{}", date.month);
  return fmt::format("ngày {} tháng {} năm {}", day, month, date.year);
}

std::string place_date_line(const Letterhead &letterhead) {
  return fmt::format("{}, {}", letterhead.place, date_words(letterhead));
}

std::string appendix_reference(const Notice &notice) {
  return fmt::format("(Kèm theo {} số {} {} của {})", sentence_case(notice.doc_type),
                     number_and_symbol(notice.letterhead), date_words(notice.letterhead),
                     notice.issuer_name_in_sentence);
}

std::string appendix_heading(const Appendix &appendix) { return "Phụ lục " + appendix.label; }

std::vector<std::string> recipient_lines(const std::vector<std::string> &recipients) {
  std::vector<std::string> lines;
  for (size_t i = 0; i < recipients.size(); ++i) {
    std::string text = trim(recipients[i]);
    if (text.starts_with("- ")) text = trim(text.substr(2));
    while (!text.empty() && (text.back() == ';' || text.back() == '.' || text.back() == ','))
      text.pop_back();
    lines.push_back(fmt::format("- {}{}", text, i + 1 == recipients.size() ? "." : ";"));
  }
  return lines;
}

CalendarDate metadata_date(const Letterhead &letterhead) {
  return letterhead.date ? *letterhead.date : CalendarDate{letterhead.year, 1, 1};
}

std::string metadata_datetime(const Letterhead &letterhead) {
  const CalendarDate date = metadata_date(letterhead);
  return fmt::format("{:04}-{:02}-{:02}T00:00:00", date.year, date.month, date.day);
}

} // namespace vnotice
