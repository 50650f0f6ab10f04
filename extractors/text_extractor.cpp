#include "extractors/text_extractor.h"

#include "extractors/format_sniffer.h"
#include "extractors/legacy_encoding.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <unicode/unistr.h>

#include <re2/re2.h>
#include <sstream>

namespace vnotice {
namespace {

bool utf16_with_bom(std::string_view bytes) {
  return bytes.size() >= 2 && (bytes.starts_with("\xff\xfe") || bytes.starts_with("\xfe\xff"));
}

// UTF-16 (either byte order, after its BOM) as UTF-8; a lone surrogate or an odd last byte
// becomes U+FFFD, as ill-formed UTF-8 does elsewhere.
std::string utf16_to_utf8(std::string_view bytes) {
  const bool little = bytes.starts_with("\xff\xfe");
  std::u16string units;
  units.reserve(bytes.size() / 2);
  for (size_t i = 2; i + 1 < bytes.size(); i += 2) {
    const auto a = static_cast<unsigned char>(bytes[i]),
               b = static_cast<unsigned char>(bytes[i + 1]);
    units.push_back(static_cast<char16_t>(little ? (b << 8 | a) : (a << 8 | b)));
  }
  std::string out;
  icu::UnicodeString(units.data(), static_cast<int32_t>(units.size())).toUTF8String(out);
  if (bytes.size() % 2 != 0) out += "\xEF\xBF\xBD";
  return out;
}

// A line's words; a tab separates table cells (the first word of each cell after the first is
// marked starts_cell, as a table row from a PDF or office file is).
Line line_of(const std::string &text, int page) {
  Line line;
  size_t cell_start = 0;
  bool first_cell = true;
  while (cell_start <= text.size()) {
    size_t cell_end = text.find('\t', cell_start);
    if (cell_end == std::string::npos) cell_end = text.size();
    std::istringstream in(text.substr(cell_start, cell_end - cell_start));
    std::string token;
    bool first_word = true;
    while (in >> token) {
      Word word;
      word.text = token;
      word.origin = Origin::txt;
      word.page = page;
      word.starts_cell = first_word && !first_cell && !line.words.empty();
      line.words.push_back(std::move(word));
      first_word = false;
    }
    first_cell = false;
    cell_start = cell_end + 1;
  }
  return line;
}

bool has_cells(const Block &block) {
  for (const Line &line : block.lines)
    for (const Word &word : line.words)
      if (word.starts_cell) return true;
  return false;
}

struct RawLine {
  std::string text; // empty for a blank line
  bool page_break_after = false;
};

std::vector<RawLine> split_lines(std::string_view text) {
  std::vector<RawLine> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\n\f", start);
    if (end == std::string_view::npos) end = text.size();
    std::string raw(text.substr(start, end - start));
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    if (raw.find_first_not_of(" \t") == std::string::npos) raw.clear();
    lines.push_back({raw, end < text.size() && text[end] == '\f'});
    start = end + 1;
  }
  return lines;
}

// Text extracted from PDFs by other tools often puts a blank line after every line (the
// reference notice does). Then a blank line means nothing, and paragraphs must be found from the
// lines themselves.
bool double_spaced(const std::vector<RawLine> &lines) {
  size_t text_lines = 0, followed_by_one_blank = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].text.empty()) continue;
    ++text_lines;
    if (i + 2 < lines.size() && lines[i + 1].text.empty() && !lines[i + 2].text.empty())
      ++followed_by_one_blank;
  }
  return text_lines >= 4 && followed_by_one_blank * 10 >= text_lines * 8;
}

bool starts_upper_case(const std::string &line) {
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos) return false;
  size_t length = 1;
  const auto c = static_cast<unsigned char>(line[first]);
  if (c >= 0xF0)
    length = 4;
  else if (c >= 0xE0)
    length = 3;
  else if (c >= 0xC0)
    length = 2;
  const std::string letter = line.substr(first, length);
  return fold(letter) != letter;
}

bool is_link(const std::string &line) {
  static const RE2 link(R"((?i)\s*(?:https?://|www\.)\S+\s*)");
  return RE2::FullMatch(line, link);
}

bool starts_with_heading(const std::string &line) {
  // A Roman numeral with its dot, a number ("2.1." then a space), a letter and ")", a bullet.
  static const RE2 heading(R"(\s*(?:M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.)"
                           R"(|\d+(?:\.\d+)*\.?\s|[a-zđ]\)|[-+•]\s))");
  re2::StringPiece rest(line); // Consume matches at the start only
  return RE2::Consume(&rest, heading);
}

// In double-spaced text, where a new paragraph starts: after a line that ends a sentence or
// clause, after an upper-case title or a short line when the next starts with a capital, at
// headings, list items, upper-case lines and links.
bool starts_new_paragraph(const std::string &previous, const std::string &line,
                          size_t usual_length) {
  if (is_link(line) || is_link(previous)) return true;
  std::string trimmed = previous;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.pop_back();
  if (trimmed.empty()) return true;
  // A symbol cut at the line end ("16/CT-" + "TTg") always continues.
  if (trimmed.size() >= 2 && trimmed.back() == '-' && trimmed[trimmed.size() - 2] != ' ')
    return false;
  const char last = trimmed.back();
  if (last == '.' || last == ':' || last == ';' || last == '!' || last == '?') return true;
  if (starts_with_heading(line) || is_upper_case(line)) return true;
  // A title, a heading or a short line, then a capital: the heading's body starts.
  const bool short_previous = trimmed.size() * 10 < usual_length * 6;
  return (is_upper_case(trimmed) || short_previous || starts_with_heading(trimmed)) &&
         starts_upper_case(line);
}

} // namespace

Document extract_plain_text(const InputFile &input, const ExtractOptions &) {
  Document document;
  document.source = {input.path.string(), "text", input.sha256,
                     static_cast<long long>(input.bytes.size())};
  // A file that is not UTF-8 is in a legacy 8-bit encoding: put it in the form the text layer
  // decodes (each byte as its Windows-1252 character); the encoding is detected there.
  const std::string decoded = utf16_with_bom(input.bytes) ? utf16_to_utf8(input.bytes)
                              : is_utf8_text(input.bytes) ? std::string()
                                                          : bytes_as_cp1252(input.bytes);
  std::string_view text = decoded.empty() ? std::string_view(input.bytes) : decoded;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3); // byte order mark

  const std::vector<RawLine> lines = split_lines(text);
  const bool spaced = double_spaced(lines);
  std::vector<size_t> lengths;
  for (const RawLine &raw : lines)
    if (!raw.text.empty()) lengths.push_back(raw.text.size());
  std::sort(lengths.begin(), lengths.end());
  // A full line: the upper quartile of lengths (headings and last lines are shorter).
  const size_t usual_length = lengths.empty() ? 0 : lengths[lengths.size() * 3 / 4];

  Page page;
  page.number = 1;
  page.method = PageMethod::markup;
  Block block;
  std::string previous;
  auto end_block = [&] {
    if (has_cells(block)) block.kind = BlockKind::table;
    if (!block.lines.empty()) page.blocks.push_back(std::move(block));
    block = Block{};
  };
  for (const RawLine &raw : lines) {
    if (raw.text.empty()) {
      if (!spaced) end_block();
    } else {
      if (spaced && !block.lines.empty() && starts_new_paragraph(previous, raw.text, usual_length))
        end_block();
      block.lines.push_back(line_of(raw.text, page.number));
      previous = raw.text;
    }
    if (raw.page_break_after) {
      end_block();
      const int next = page.number + 1;
      document.pages.push_back(std::move(page));
      page = Page{};
      page.number = next;
      page.method = PageMethod::markup;
    }
  }
  end_block();
  document.pages.push_back(std::move(page));
  return document;
}

} // namespace vnotice
