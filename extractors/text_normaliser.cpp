#include "extractors/text_normaliser.h"

#include "extractors/legacy_encoding.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace vnotice {
namespace {

std::vector<std::string> split_spaces(const std::string &text) {
  std::vector<std::string> tokens;
  std::istringstream in(text);
  std::string token;
  while (in >> token)
    tokens.push_back(token);
  return tokens;
}

// --- legacy encodings ---------------------------------------------------------------------------

// Decodes runs of words that share a font, so the decoder sees each word's neighbours (TCVN3
// capitals are told from context). Returns the encodings met, with how many words each.
void decode_runs(Line &line, std::map<LegacyEncoding, int> &seen) {
  size_t start = 0;
  while (start < line.words.size()) {
    const std::string &font = line.words[start].font;
    size_t end = start + 1;
    while (end < line.words.size() && line.words[end].font == font)
      ++end;
    const LegacyEncoding encoding = font.empty() ? LegacyEncoding::none : encoding_from_font(font);
    if (encoding != LegacyEncoding::none) {
      std::string run;
      for (size_t k = start; k < end; ++k)
        run += (k > start ? " " : "") + line.words[k].text;
      const auto decoded = split_spaces(decode_legacy(run, encoding, is_capital_font(font)));
      if (decoded.size() == end - start) {
        for (size_t k = start; k < end; ++k)
          line.words[k].text = decoded[k - start];
      } else {
        for (size_t k = start; k < end; ++k)
          line.words[k].text = decode_legacy(line.words[k].text, encoding, is_capital_font(font));
      }
      seen[encoding] += static_cast<int>(end - start);
    }
    start = end;
  }
}

// A block whose words carry no legacy font: decide from the text itself.
// `file_encoding`, when known, is the one encoding of a plain-text file: a short upper-case block
// (a letterhead line, a heading) is too little evidence on its own, but the file has one encoding.
void decode_unmarked_block(Block &block, std::map<LegacyEncoding, int> &seen,
                           LegacyEncoding file_encoding) {
  for (const Line &line : block.lines)
    for (const Word &word : line.words)
      if (!word.font.empty() && encoding_from_font(word.font) != LegacyEncoding::none) return;
  const LegacyEncoding encoding =
      file_encoding != LegacyEncoding::none ? file_encoding : detect_legacy_encoding(block.text());
  if (encoding == LegacyEncoding::none) return;
  for (Line &line : block.lines) {
    std::string run;
    for (size_t k = 0; k < line.words.size(); ++k)
      run += (k ? " " : "") + line.words[k].text;
    const auto decoded = split_spaces(decode_legacy(run, encoding));
    if (decoded.size() == line.words.size())
      for (size_t k = 0; k < decoded.size(); ++k)
        line.words[k].text = decoded[k];
    else
      for (Word &word : line.words)
        word.text = decode_legacy(word.text, encoding);
    seen[encoding] += static_cast<int>(line.words.size());
  }
}

// --- OCR repair ---------------------------------------------------------------------------------

void replace_all(std::string &text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// Tesseract sometimes gives the Icelandic eth (Ð U+00D0, ð U+00F0) for Đ/đ, which look alike.
bool repair_eth(Word &word) {
  std::string fixed = word.text;
  replace_all(fixed, "\xC3\x90", "\xC4\x90"); // Ð -> Đ
  replace_all(fixed, "\xC3\xB0", "\xC4\x91"); // ð -> đ
  if (fixed == word.text) return false;
  word.text = std::move(fixed);
  return true;
}

// Letters read for digits inside numbers and dates ("2O21", "l9/7/2021"): only in a token that
// is otherwise a number or date, and only O/o -> 0 and l/I/| -> 1, the shapes that really match.
bool repair_digits(Word &word) {
  static const std::regex number_like(R"(^([(]?)([0-9OolI|]+(?:[/.,-][0-9OolI|]+)*)(%?[).,;:]*)$)");
  std::smatch match;
  if (!std::regex_match(word.text, match, number_like)) return false;
  std::string core = match[2];
  int digits = 0, letters = 0;
  for (char c : core) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '|')
      ++letters;
  }
  if (letters == 0 || digits < 2 || digits < letters * 2) return false;
  for (char &c : core) {
    if (c == 'O' || c == 'o') c = '0';
    if (c == 'l' || c == 'I' || c == '|') c = '1';
  }
  word.text = std::string(match[1]) + core + std::string(match[3]);
  return true;
}

// Two pieces of one syllable split by a stray space ("ĐIỀ U"): the first is not a Vietnamese
// syllable, the two together are.
void repair_split_syllables(Line &line, int page, std::vector<Repair> &repairs) {
  for (size_t k = 0; k + 1 < line.words.size(); ++k) {
    Word &first = line.words[k];
    const Word &second = line.words[k + 1];
    if (first.origin != Origin::ocr || second.origin != Origin::ocr) continue;
    if (is_vietnamese_syllable(first.text)) continue;
    const std::string joined = first.text + second.text;
    if (!is_vietnamese_syllable(joined)) continue;
    repairs.push_back({page, first.text + " " + second.text, joined, "split_syllable"});
    first.text = joined;
    first.box = first.box.united(second.box);
    first.space_after = second.space_after;
    line.words.erase(line.words.begin() + static_cast<long>(k) + 1);
  }
}

std::string roman(int n) {
  static const char *numerals[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
  return n >= 1 && n <= 10 ? numerals[n] : "";
}

// Part headings (Decree 30: I., II., III. ... followed by an upper-case title) misread as "H.",
// "IH.", "Il." or a repeated numeral: where the sequence of headings shows what it must be.
void repair_roman_headings(Document &document) {
  static const std::regex heading_label(R"(^([IVXHl1|]{1,4})\.$)");
  int previous = 0;
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines) {
        if (line.words.size() < 2) continue;
        Word &label = line.words.front();
        std::smatch match;
        if (!std::regex_match(label.text, match, heading_label)) continue;
        // The title after the label is upper case: "KẾT QUẢ KIỂM TRA".
        const std::string &title = line.words[1].text;
        if (!is_upper_case(title)) continue;
        const std::string numeral = match[1];
        // An Arabic section number ("1.", "11.") is not a misread Roman numeral.
        if (numeral.find_first_of("IVXHl") == std::string::npos) continue;
        const std::string expected = roman(previous + 1);
        if (numeral == expected || expected.empty()) {
          previous = numeral == expected ? previous + 1 : previous;
          continue;
        }
        const bool known = numeral == roman(previous + 2) || numeral == roman(previous + 3);
        if (known) { // a skipped heading is not ours to invent
          for (int n = 1; n <= 10; ++n)
            if (roman(n) == numeral) previous = n;
          continue;
        }
        if (label.origin != Origin::ocr) continue;
        // Misread: same length give or take one stroke, made of look-alike strokes.
        if (numeral.size() + 1 < expected.size() || numeral.size() > expected.size() + 1) continue;
        document.repairs.push_back(
            {label.page, label.text, expected + ".", "roman_heading_sequence"});
        label.text = expected + ".";
        ++previous;
      }
}

// List labels run a) b) c) d) đ) e) ...: a "đ)" straight after "c)" is a misread "d)".
void repair_list_labels(Document &document) {
  std::string previous;
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines) {
        if (line.words.empty()) continue;
        Word &label = line.words.front();
        if (label.text.size() < 2 || label.text.back() != ')' || label.text.size() > 3) continue;
        const std::string letter = label.text.substr(0, label.text.size() - 1);
        if (letter == "\xC4\x91" && previous == "c" && label.origin == Origin::ocr) { // đ
          document.repairs.push_back({label.page, label.text, "d)", "list_label_sequence"});
          label.text = "d)";
          previous = "d";
          continue;
        }
        previous = letter;
      }
}

// --- page furniture
// -------------------------------------------------------------------------------

bool in_margin(const Block &block, const Page &page) {
  if (page.height <= 0) return false;
  return block.box.y1 < 0.1 * page.height || block.box.y0 > 0.9 * page.height;
}

std::string digits_out(const std::string &text) {
  std::string out;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) out += c;
  return fold(out);
}

// std::regex matches recursively, a stack frame per character: a word or margin text of tens of
// kilobytes overflowed the stack. No link or page number is that long, so longer texts are not
// matched at all.
constexpr size_t kMaxLinkBytes = 2048;

// A block that is nothing but a link is a footer link interleaved by extraction (the reference
// notice has one in mid-sentence); links inside sentences are not touched.
bool bare_link(const Block &block) {
  static const std::regex link(R"(^(https?://|www\.)\S+$)", std::regex::icase);
  return block.lines.size() == 1 && block.lines[0].words.size() == 1 &&
         block.lines[0].words[0].text.size() <= kMaxLinkBytes &&
         std::regex_match(block.lines[0].words[0].text, link);
}

void mark_furniture(Document &document) {
  static const std::regex page_number(R"(^(-\s*)?(Trang\s+)?\d{1,4}(\s*-)?(\s*/\s*\d{1,4})?$)",
                                      std::regex::icase);
  static const std::regex link(R"(^(https?://|www\.)\S+$)", std::regex::icase);
  // Lines repeated in the margins of several pages are running headers or footers.
  std::map<std::string, std::set<int>> margin_texts;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      if (block.lines.size() <= 2 && in_margin(block, page))
        margin_texts[digits_out(block.text())].insert(page.number);
  for (Page &page : document.pages)
    for (Block &block : page.blocks) {
      if (block.kind == BlockKind::paragraph && bare_link(block)) {
        block.kind = BlockKind::furniture;
        continue;
      }
      if (block.kind != BlockKind::paragraph || block.lines.size() > 2 || !in_margin(block, page))
        continue;
      const std::string text = block.text();
      if ((text.size() <= kMaxLinkBytes &&
           (std::regex_match(text, page_number) || std::regex_match(text, link))) ||
          (document.pages.size() > 1 && margin_texts[digits_out(text)].size() > 1))
        block.kind = BlockKind::furniture;
    }
}

} // namespace

void normalise_document(Document &document) {
  std::map<LegacyEncoding, int> seen;
  // A plain-text file is one stretch in one encoding: decide once, on all of it.
  bool plain_text = !document.pages.empty();
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      for (const Line &line : block.lines)
        for (const Word &word : line.words)
          if (word.origin != Origin::txt) plain_text = false;
  const LegacyEncoding file_encoding =
      plain_text ? detect_legacy_encoding(document.text()) : LegacyEncoding::none;
  for (Page &page : document.pages)
    for (Block &block : page.blocks) {
      for (Line &line : block.lines)
        decode_runs(line, seen);
      decode_unmarked_block(block, seen, file_encoding);
      for (Line &line : block.lines) {
        for (Word &word : line.words) {
          word.text = to_nfc(word.text);
          if (word.origin != Origin::ocr) continue;
          const std::string original = word.text;
          if (repair_eth(word))
            document.repairs.push_back({word.page, original, word.text, "eth_for_d_stroke"});
          const std::string before_digits = word.text;
          if (repair_digits(word))
            document.repairs.push_back({word.page, before_digits, word.text, "letter_in_number"});
        }
        repair_split_syllables(line, page.number, document.repairs);
      }
    }
  repair_roman_headings(document);
  repair_list_labels(document);
  mark_furniture(document);
  for (const auto &[encoding, words] : seen)
    document.warnings.push_back(
        {"legacy_encoding",
         fmt::format("{} words were in the legacy {} encoding and were converted to Unicode", words,
                     legacy_encoding_name(encoding)),
         0});
}

} // namespace vnotice
