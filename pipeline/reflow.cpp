// The Decree 30 reflow: a Document's lines joined into the paragraphs a reader sees.
#include "pipeline/reflow.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <re2/re2.h>

namespace vnotice {

namespace {

// True when `text` ends with a hyphen glued to a letter or digit: a symbol or number cut at the
// end of a line ("16/CT-", "20/2019/QĐ-"). Vietnamese does not hyphenate words, so the hyphen
// belongs to the symbol and the next line continues it without a space.
bool ends_with_symbol_hyphen(const std::string &text) {
  if (text.size() < 2 || text.back() != '-') return false;
  const auto before = static_cast<unsigned char>(text[text.size() - 2]);
  return std::isalnum(before) || before >= 0x80;
}

// An upper-case line with at least two words of letters: a title ("KẾT QUẢ KIỂM TRA"), not a
// line that is upper case only because it is short ("15 TTHC.").
bool is_upper_case_title(const std::string &text) {
  if (!is_upper_case(text)) return false;
  int letter_words = 0;
  bool in_word = false, has_letter = false;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool space = i == text.size() || text[i] == ' ';
    if (space) {
      if (in_word && has_letter) ++letter_words;
      in_word = has_letter = false;
      continue;
    }
    in_word = true;
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c) || c >= 0x80) has_letter = true;
  }
  return letter_words >= 2;
}

// True for a line that keeps a line of its own inside a paragraph: a title (upper case) or a rule
// ("————", no letter or digit at all).
bool keeps_own_line(const std::string &text) {
  return is_upper_case_title(text) ||
         std::none_of(text.begin(), text.end(),
                      [](unsigned char c) { return std::isalnum(c) || c >= 0x80; }) ||
         text.find_first_not_of("\xE2\x80\x94-_=") == std::string::npos;
}

// How a line starts: a numbered label ("2.", "2.5", "II.") or a lettered one ("c)") followed by
// a capitalised word ("2.5 Cải cách", "c) Rà soát"), or neither.
enum class LabelStart { none, numbered, lettered };

LabelStart label_start(const std::string &text) {
  static const RE2 numbered(R"((?:\d{1,2}\.(?:\d{1,2}\.?)?|[IVX]{1,4}\.) )");
  static const RE2 lettered(R"((?:[a-z]|đ)\) )");
  re2::StringPiece after(text); // Consume matches at the start and moves past the label
  LabelStart kind = LabelStart::none;
  if (RE2::Consume(&after, numbered))
    kind = LabelStart::numbered;
  else if (RE2::Consume(&after, lettered))
    kind = LabelStart::lettered;
  if (kind == LabelStart::none) return kind;
  const std::string rest(after.data(), after.size());
  size_t first = 1;
  while (first < rest.size() && (static_cast<unsigned char>(rest[first]) & 0xC0) == 0x80)
    ++first;
  return !rest.empty() && is_upper_case(rest.substr(0, first)) ? kind : LabelStart::none;
}

bool ends_sentence(const std::string &text);

// Joins the lines of a block into `paragraph`: a paragraph's lines reflowed with a title line
// kept on a line of its own; a column's or table's lines kept as they are.
void join_lines(const Block &block, FlowParagraph &paragraph) {
  std::string &out = paragraph.text;
  bool previous_title = false;
  for (const Line &line : block.lines) {
    std::string text;
    std::vector<WordSpan> spans;
    append_line(line, text, &spans);
    if (text.empty()) continue;
    // OCR puts a heading and its paragraph in one block ("2.5 Cải cách tài chính công" above
    // its text); a text layer or a document's markup keeps them apart. An OCR'd line that
    // starts with a numbered label and ends short of the block's right edge is a heading on a
    // line of its own; a labelled line after a finished sentence starts a new line.
    const bool ocr = block.kind == BlockKind::paragraph && !line.words.empty() &&
                     line.words.front().origin == Origin::ocr;
    const LabelStart label = ocr ? label_start(text) : LabelStart::none;
    const double width = block.box.x1 - block.box.x0;
    const bool heading =
        label == LabelStart::numbered && width > 0 && line.box.x1 < block.box.x1 - 0.2 * width;
    const bool title = block.kind != BlockKind::paragraph || keeps_own_line(text) || heading;
    const bool new_part = label != LabelStart::none && ends_sentence(out);
    if (!out.empty()) {
      if (title || previous_title || new_part)
        out += '\n';
      else if (!ends_with_symbol_hyphen(out))
        out += ' ';
    }
    paragraph.line_starts.push_back(out.size());
    for (WordSpan &span : spans) {
      span.begin += out.size();
      span.end += out.size();
      paragraph.words.push_back(span);
    }
    out += text;
    previous_title = title;
  }
}

bool ends_sentence(const std::string &text) {
  if (text.empty()) return true;
  const char last = text.back();
  return last == '.' || last == ':' || last == ';' || last == '!' || last == '?' || last == ')';
}

// Starts with a lower-case letter ("định số", "công khai"), not with a list label ("c) Rà soát").
bool starts_lower_case(const std::string &text) {
  if (text.empty()) return false;
  size_t end = 1;
  while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
    ++end;
  const std::string first = text.substr(0, end);
  if (to_upper(first) == first) return false; // a capital, a digit or a mark
  static const RE2 list_label(R"((?:[a-z]|đ)\s*\))");
  re2::StringPiece head(text);
  return !RE2::Consume(&head, list_label);
}

// Starts with a figure that goes on with the sentence ("99%;", "1.873 hồ sơ", "4.688/4.702 hồ
// sơ", "0." at the end), not a label ("2.3 Cải cách", "1) Công tác", "3. Kết quả"): after the
// figure comes a per cent sign, a comma or semicolon, a lower-case word, or the end.
bool starts_with_figure(const std::string &text) {
  static const RE2 figure(R"(\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)?(?:\s*%|[;,]|\.?$|\.?\s+\p{Ll}))");
  re2::StringPiece head(text);
  return RE2::Consume(&head, figure);
}

// The cells of a table's last row (tab-separated), or of its first row when `first`.
size_t cells_of_row(const std::string &text, bool first) {
  const size_t start = first ? 0 : text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  const size_t end = first ? std::min(text.find('\n'), text.size()) : text.size();
  return 1 + static_cast<size_t>(std::count(text.begin() + static_cast<long>(start),
                                            text.begin() + static_cast<long>(end), '\t'));
}

// Appends `part` to `previous` (the separator already written), with its words' spans and line
// starts moved along.
void append_part(FlowParagraph &previous, const FlowParagraph &part) {
  const size_t shift = previous.text.size();
  previous.text += part.text;
  for (WordSpan span : part.words) {
    span.begin += shift;
    span.end += shift;
    previous.words.push_back(span);
  }
  for (size_t start : part.line_starts)
    previous.line_starts.push_back(start + shift);
}

} // namespace

std::vector<FlowParagraph> flowing_paragraphs(const Document &document) {
  std::vector<FlowParagraph> out;
  bool furniture = false; // page furniture stood between this block and the one before
  int last_page = 0;
  bool last_ocr = false;
  std::string last_line; // the last line of the block before, and its right edge
  double last_line_right = 0;
  double last_page_width = 0; // of the page that block is on
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks) {
      if (block.kind == BlockKind::furniture) {
        furniture = true;
        continue;
      }
      FlowParagraph part;
      part.kind = block.kind;
      join_lines(block, part);
      if (part.text.empty()) continue;
      const bool ocr = !block.lines.empty() && !block.lines.front().words.empty() &&
                       block.lines.front().words.front().origin == Origin::ocr;
      // OCR's layout analysis starts a new block at a wider line gap, inside a sentence at times
      // ("(Quyết" | "định số 20/2019"): the block before must end in a full line, not a title.
      // The block before ended in a full line, not a title (a paragraph's last line is short).
      const bool last_full = !keeps_own_line(last_line) && last_page_width > 0 &&
                             last_line_right >= 0.75 * last_page_width;
      const bool ocr_cut = ocr && last_ocr && part.page() == last_page &&
                           !keeps_own_line(last_line) && (last_page_width <= 0 || last_full);
      const bool cut = furniture || (last_page != 0 && part.page() != last_page) || ocr_cut;
      const bool after_full_line = last_full && label_start(last_line) == LabelStart::none;
      furniture = false;
      last_page = part.page();
      last_ocr = ocr;
      last_page_width = page.width;
      if (!block.lines.empty()) {
        last_line = block.lines.back().text();
        last_line_right = block.lines.back().box.x1;
      }
      // A table cut by a page break continues on the next page when its rows have as many cells
      // (the header on one page, the figures on the next).
      if (cut && !out.empty() && out.back().kind == BlockKind::table &&
          part.kind == BlockKind::table &&
          cells_of_row(out.back().text, false) == cells_of_row(part.text, true)) {
        FlowParagraph &previous = out.back();
        previous.text += '\n';
        append_part(previous, part);
        continue;
      }
      // A paragraph cut so continues when the first part does not end a sentence and the second
      // starts in lower case, or with a figure ("99%; số hồ sơ ...", "100%.") after a full line:
      // a figure is not a label, and the sentence had no room left on the page. A colon then
      // announces the figure ("tiếp nhận:" | "0."), as it would on one page; a list after a colon
      // starts with its dash or label instead.
      auto continues = [&](const std::string &before) {
        return (!ends_sentence(before) && starts_lower_case(part.text)) ||
               ((!ends_sentence(before) || before.ends_with(':')) && after_full_line &&
                starts_with_figure(part.text));
      };
      if (cut && !out.empty() && out.back().kind == BlockKind::paragraph &&
          part.kind == BlockKind::paragraph && continues(out.back().text)) {
        FlowParagraph &previous = out.back();
        if (!ends_with_symbol_hyphen(previous.text)) previous.text += ' ';
        append_part(previous, part);
        continue;
      }
      out.push_back(std::move(part));
    }
  return out;
}

std::string flowing_text(const Document &document) {
  std::string out;
  for (const FlowParagraph &paragraph : flowing_paragraphs(document)) {
    if (!out.empty()) out += "\n\n";
    out += paragraph.text;
  }
  if (!out.empty()) out += '\n';
  return out;
}

} // namespace vnotice
