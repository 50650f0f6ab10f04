#include "extractors/record_parser.h"
#include "extractors/record_parser_parts.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace vnotice::record_parts {
namespace {

const RE2 &reference_re() {
  // Type words, optional "số", the number (with an optional year), the symbol, then an optional
  // date in either form, matched on the accent-folded key.
  static const RE2 re(
      R"((?:^|[^\p{L}])(ke hoach|quyet dinh|qd|chi thi|thong bao|bao cao|huong dan|nghi quyet|chuong trinh|to trinh|cong dien|quy che|cong van|van ban|cv|nghi dinh|nd|thong tu|tt|luat|phap lenh|ket luan)\s+(so\s*:?\s*)?(\d{1,5})((?:/\d{4})?)((?:/[a-z0-9&.-]*[a-z][a-z0-9&.-]*)?)(?:\s*,?\s*ngay\s+(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|thang\s+(\d{1,2})\s+nam\s+(\d{4})))?)");
  return re;
}

// The issuer named after "của" at `at` in `text`, when there is one.
std::optional<std::string> issuer_after(const std::string &text, size_t at) {
  const FoldedText folded = fold_accents_mapped(text.substr(at));
  static const RE2 cua(R"(^\s*,?\s*cua\s+)");
  re2::StringPiece input(folded.text);
  if (!RE2::Consume(&input, cua)) return std::nullopt;
  const size_t start_key = input.data() - folded.text.data();
  const std::string after = text.substr(at + folded.origin[start_key]);
  // Known names with lower-case words first, then a run of capitalised words.
  size_t length = 0;
  const std::string after_folded = fold(after);
  for (const std::string &phrase : vocabulary().issuer_phrases)
    if (after_folded.starts_with(phrase)) {
      // fold keeps lengths of NFC Vietnamese text in bytes only approximately: count words.
      length = 0;
      int words = static_cast<int>(std::count(phrase.begin(), phrase.end(), ' ')) + 1;
      while (words > 0 && length < after.size()) {
        size_t space = after.find(' ', length);
        length = space == std::string::npos ? after.size() : space + 1;
        --words;
      }
      break;
    }
  size_t position = length;
  while (position < after.size()) {
    size_t end = after.find(' ', position);
    if (end == std::string::npos) end = after.size();
    std::string word = after.substr(position, end - position);
    std::string bare = strip_trailing(word, ".,;:)");
    const bool capital = starts_capital(bare);
    if (!capital) break;
    length = position + bare.size();
    if (bare.size() != word.size()) break; // punctuation ends the name
    position = end + 1;
  }
  std::string name = strip_trailing(trim(after.substr(0, length)), ".,;:)");
  if (name.empty()) return std::nullopt;
  return name;
}

} // namespace

void read_references(Record &record, const Unit &unit) {
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece input(folded.text);
  re2::StringPiece type, so, number, year, symbol, day, month, year_a, month_b, year_b;
  const Vocabulary &words = vocabulary();
  while (RE2::FindAndConsume(&input, reference_re(), &type, &so, &number, &year, &symbol, &day,
                             &month, &year_a, &month_b, &year_b)) {
    const bool has_symbol = !symbol.empty();
    const bool has_date = !day.empty();
    // "văn bản 02" or "Luật 2019" without "số", symbol or date is not a citation.
    if (!has_symbol && so.empty() && !has_date && year.empty()) continue;
    const size_t key_begin = type.data() - folded.text.data();
    const size_t key_end = input.data() - folded.text.data();
    const auto [begin, end] = folded.source_range(key_begin, key_end);
    Reference reference;
    std::string type_name;
    for (const auto &[word, name] : words.cited_types)
      if (fold_accents(word) == type.as_string()) type_name = name;
    reference.doc_type = type_name;
    reference.number = number.as_string() + year.as_string();
    if (has_symbol) {
      // Symbols keep their original spelling (QĐ-UBND-HC): take them from the source text.
      const size_t symbol_key = symbol.data() - folded.text.data() + 1;
      const auto [symbol_begin, symbol_end] =
          folded.source_range(symbol_key, symbol_key + symbol.size() - 1);
      reference.symbol =
          strip_trailing(unit.text.substr(symbol_begin, symbol_end - symbol_begin), ".-");
      reference.number_symbol = *reference.number + "/" + *reference.symbol;
      const std::string first = reference.symbol->substr(0, reference.symbol->find('-'));
      for (const auto &[name, code] : words.doc_types)
        if (fold(code) == fold(first)) reference.type_code = code;
    } else {
      reference.number_symbol = reference.number;
      if (auto code = type_code_of(type_name)) reference.type_code = code;
    }
    if (has_date) {
      const int d = std::stoi(day.as_string());
      const int m = std::stoi(month.empty() ? month_b.as_string() : month.as_string());
      const int y = std::stoi(year_a.empty() ? year_b.as_string() : year_a.as_string());
      reference.date = iso_date(d, m, y);
      // "19/7/2021" read "11/7/2001" at 0.24: a date OCR was unsure of is left out.
      const size_t day_key = day.data() - folded.text.data();
      const auto [date_begin, date_end] = folded.source_range(day_key, key_end);
      if (reference.date && evidence_of(unit, date_begin, date_end).confidence < kSureWord) {
        warn(record, WarningCode::reference_date_unsure, "references",
             fmt::format("the date of {} was read with low confidence from the scan (\"{}\"); it "
                         "is left empty: check it on page {}",
                         *reference.number_symbol,
                         trim(unit.text.substr(date_begin, date_end - date_begin)),
                         evidence_of(unit, date_begin, date_end).page));
        reference.date.reset();
      }
    }
    reference.issuer = issuer_after(unit.text, end);
    reference.evidence = evidence_of(unit, begin, end);
    if (reference.issuer) {
      const size_t issuer_at = unit.text.find(*reference.issuer, end);
      if (issuer_at != std::string::npos)
        reference.evidence = evidence_of(unit, begin, issuer_at + reference.issuer->size());
    }
    record.references.push_back(std::move(reference));
  }
}

// --- appendices ----------------------------------------------------------------------------------

const RE2 &appendix_heading_re() {
  static const RE2 re(R"(^\s*phu luc\s*(?:so\s*)?([ivxlc]{1,5}|\d{1,2})?\s*$)");
  return re;
}

void read_appendix_mentions(Record &record, const Unit &unit) {
  static const RE2 mention(
      R"((?:dinh kem|kem theo|chi tiet tai|tai|theo)\s+phu luc(?:\s+(?:so\s+)?([ivxlc]{1,5}|\d{1,2})\b)?)");
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece input(folded.text);
  std::string label;
  while (RE2::FindAndConsume(&input, mention, &label)) {
    std::string upper;
    for (char c : label)
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool known = std::any_of(record.appendices.begin(), record.appendices.end(),
                                   [&](const RecordAppendix &a) { return a.label == upper; });
    if (!known) record.appendices.push_back({upper, std::nullopt, evidence_of(unit)});
  }
}

void read_appendices(Record &record, const std::vector<Unit> &units, size_t from) {
  for (size_t i = from; i < units.size(); ++i) {
    std::string label;
    if (!RE2::FullMatch(fold_accents(trim(units[i].text)), appendix_heading_re(), &label)) continue;
    for (char &c : label)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    RecordAppendix appendix{label, std::nullopt, evidence_of(units[i])};
    // The title is upper case and may wrap over several lines.
    std::vector<std::string> title_lines;
    for (size_t j = i + 1; j < units.size() && title_lines.size() < 4; ++j) {
      const std::string line = trim(units[j].text);
      if (!is_upper_case(line) || RE2::FullMatch(fold_accents(line), appendix_heading_re())) break;
      title_lines.push_back(line);
    }
    if (!title_lines.empty()) appendix.title = join_words(title_lines);
    auto same =
        std::find_if(record.appendices.begin(), record.appendices.end(),
                     [&](const RecordAppendix &a) { return a.label == label || a.label.empty(); });
    if (same != record.appendices.end())
      *same = appendix;
    else
      record.appendices.push_back(appendix);
  }
}

} // namespace vnotice::record_parts
