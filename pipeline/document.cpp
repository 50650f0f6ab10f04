#include "pipeline/document.h"

#include "pipeline/json_text.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>

namespace vnotice {

Box Box::united(const Box &other) const {
  const bool this_empty = x0 == 0 && y0 == 0 && x1 == 0 && y1 == 0;
  if (this_empty) return other;
  return {std::min(x0, other.x0), std::min(y0, other.y0), std::max(x1, other.x1),
          std::max(y1, other.y1)};
}

namespace {

// Appends a line's words to `out` (single spaces, a tab between table cells) and, when `spans` is
// given, where each word landed. Line::text and the flowing paragraphs share it so that the
// evidence offsets always match the text.
void append_line(const Line &line, std::string &out, std::vector<WordSpan> *spans) {
  for (size_t i = 0; i < line.words.size(); ++i) {
    const Word &word = line.words[i];
    if (i > 0) {
      if (word.starts_cell)
        out += '\t';
      else if (line.words[i - 1].space_after)
        out += ' ';
    }
    if (spans != nullptr)
      spans->push_back(
          {out.size(), out.size() + word.text.size(), word.page, word.box, word.confidence});
    out += word.text;
  }
}

} // namespace

std::string Line::text() const {
  std::string out;
  append_line(*this, out, nullptr);
  return out;
}

std::string Block::text() const {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i].text();
  }
  return out;
}

std::string Document::text() const {
  std::string out;
  for (size_t p = 0; p < pages.size(); ++p) {
    if (p > 0) out += '\f';
    for (size_t b = 0; b < pages[p].blocks.size(); ++b) {
      if (b > 0) out += "\n\n";
      out += pages[p].blocks[b].text();
    }
    out += '\n';
  }
  return out;
}

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

// The cells of a table's last row (tab-separated), or of its first row when `first`.
size_t cells_of_row(const std::string &text, bool first) {
  const size_t start = first ? 0 : text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  const size_t end = first ? std::min(text.find('\n'), text.size()) : text.size();
  return 1 + static_cast<size_t>(std::count(text.begin() + static_cast<long>(start),
                                            text.begin() + static_cast<long>(end), '\t'));
}

} // namespace

std::vector<FlowParagraph> Document::flowing_paragraphs() const {
  std::vector<FlowParagraph> out;
  bool furniture = false; // page furniture stood between this block and the one before
  int last_page = 0;
  bool last_ocr = false;
  std::string last_line; // the last line of the block before, and its right edge
  double last_line_right = 0;
  for (const Page &page : pages)
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
      const bool ocr_cut = ocr && last_ocr && part.page() == last_page &&
                           !keeps_own_line(last_line) &&
                           (page.width <= 0 || last_line_right >= 0.75 * page.width);
      const bool cut = furniture || (last_page != 0 && part.page() != last_page) || ocr_cut;
      furniture = false;
      last_page = part.page();
      last_ocr = ocr;
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
        const size_t shift = previous.text.size();
        previous.text += part.text;
        for (WordSpan span : part.words) {
          span.begin += shift;
          span.end += shift;
          previous.words.push_back(span);
        }
        for (size_t start : part.line_starts)
          previous.line_starts.push_back(start + shift);
        continue;
      }
      // A paragraph cut so continues when the first part does not end a sentence and the second
      // starts in lower case.
      if (cut && !out.empty() && out.back().kind == BlockKind::paragraph &&
          part.kind == BlockKind::paragraph && !ends_sentence(out.back().text) &&
          starts_lower_case(part.text)) {
        FlowParagraph &previous = out.back();
        if (!ends_with_symbol_hyphen(previous.text)) previous.text += ' ';
        const size_t shift = previous.text.size();
        previous.text += part.text;
        for (WordSpan span : part.words) {
          span.begin += shift;
          span.end += shift;
          previous.words.push_back(span);
        }
        for (size_t start : part.line_starts)
          previous.line_starts.push_back(start + shift);
        continue;
      }
      out.push_back(std::move(part));
    }
  return out;
}

std::string Document::flowing_text() const {
  std::string out;
  for (const FlowParagraph &paragraph : flowing_paragraphs()) {
    if (!out.empty()) out += "\n\n";
    out += paragraph.text;
  }
  if (!out.empty()) out += '\n';
  return out;
}

std::string_view origin_name(Origin origin) {
  switch (origin) {
  case Origin::pdf_text: return "pdf_text";
  case Origin::ocr: return "ocr";
  case Origin::docx: return "docx";
  case Origin::odt: return "odt";
  case Origin::txt: return "txt";
  }
  return "unknown";
}

std::string_view page_method_name(PageMethod method) {
  switch (method) {
  case PageMethod::text_layer: return "text_layer";
  case PageMethod::ocr: return "ocr";
  case PageMethod::markup: return "markup";
  }
  return "unknown";
}

std::string_view block_kind_name(BlockKind kind) {
  switch (kind) {
  case BlockKind::paragraph: return "paragraph";
  case BlockKind::column: return "column";
  case BlockKind::table: return "table";
  case BlockKind::furniture: return "furniture";
  }
  return "unknown";
}

namespace {

double rounded(double value) { return std::round(value * 100.0) / 100.0; }

nlohmann::ordered_json box_json(const Box &box) {
  return nlohmann::ordered_json::array(
      {rounded(box.x0), rounded(box.y0), rounded(box.x1), rounded(box.y1)});
}

nlohmann::ordered_json word_json(const Word &word) {
  nlohmann::ordered_json out;
  out["text"] = word.text;
  out["page"] = word.page;
  out["box"] = box_json(word.box);
  out["confidence"] = rounded(word.confidence);
  out["origin"] = origin_name(word.origin);
  out["font"] = word.font;
  out["font_size"] = rounded(word.font_size);
  out["space_after"] = word.space_after;
  if (word.starts_cell) out["starts_cell"] = true;
  return out;
}

} // namespace

namespace {

nlohmann::ordered_json head_json(const Document &document) {
  nlohmann::ordered_json out;
  out["schema_version"] = 1;
  out["source"] = {{"file", document.source.file},
                   {"format", document.source.format},
                   {"sha256", document.source.sha256},
                   {"size_bytes", document.source.size_bytes},
                   {"pages", document.pages.size()}};
  return out;
}

// A page without its blocks.
nlohmann::ordered_json page_head_json(const Page &page) {
  nlohmann::ordered_json out;
  out["number"] = page.number;
  out["width"] = rounded(page.width);
  out["height"] = rounded(page.height);
  out["method"] = page_method_name(page.method);
  return out;
}

nlohmann::ordered_json block_json(const Block &block) {
  nlohmann::ordered_json block_out;
  block_out["kind"] = block_kind_name(block.kind);
  block_out["box"] = box_json(block.box);
  auto lines = nlohmann::ordered_json::array();
  for (const Line &line : block.lines) {
    nlohmann::ordered_json line_out;
    line_out["text"] = line.text();
    line_out["box"] = box_json(line.box);
    auto words = nlohmann::ordered_json::array();
    // An empty table cell is a word without text: the line's text keeps its tab, the
    // words list (whose texts are never empty) leaves it out.
    for (const Word &word : line.words)
      if (!word.text.empty()) words.push_back(word_json(word));
    line_out["words"] = std::move(words);
    lines.push_back(std::move(line_out));
  }
  block_out["lines"] = std::move(lines);
  return block_out;
}

nlohmann::ordered_json warnings_json(const Document &document) {
  auto warnings = nlohmann::ordered_json::array();
  for (const Warning &warning : document.warnings)
    warnings.push_back(
        {{"code", warning.code}, {"message", warning.message}, {"page", warning.page}});
  return warnings;
}

nlohmann::ordered_json repairs_json(const Document &document) {
  auto repairs = nlohmann::ordered_json::array();
  for (const Repair &repair : document.repairs)
    repairs.push_back({{"page", repair.page},
                       {"original", repair.original},
                       {"replacement", repair.replacement},
                       {"reason", repair.reason}});
  return repairs;
}

} // namespace

nlohmann::ordered_json to_json(const Document &document) {
  nlohmann::ordered_json out = head_json(document);
  auto pages = nlohmann::ordered_json::array();
  for (const Page &page : document.pages) {
    nlohmann::ordered_json page_out = page_head_json(page);
    auto blocks = nlohmann::ordered_json::array();
    for (const Block &block : page.blocks)
      blocks.push_back(block_json(block));
    page_out["blocks"] = std::move(blocks);
    pages.push_back(std::move(page_out));
  }
  out["pages"] = std::move(pages);
  out["warnings"] = warnings_json(document);
  out["repairs"] = repairs_json(document);
  return out;
}

std::string json_text(const Document &document) {
  // One block at a time: the DOM of a 600-page DOCX alone would take some 700 MiB.
  std::string out = "{\n";
  const nlohmann::ordered_json head = head_json(document); // alive for the whole loop
  for (const auto &[key, value] : head.items())
    out += fmt::format("  {}: {},\n", nlohmann::ordered_json(key).dump(), dump_at(value, 1));
  out += "  \"pages\": [";
  for (size_t i = 0; i < document.pages.size(); ++i) {
    const Page &page = document.pages[i];
    out += i == 0 ? "\n    {\n" : ",\n    {\n";
    const nlohmann::ordered_json page_head = page_head_json(page);
    for (const auto &[key, value] : page_head.items())
      out += fmt::format("      {}: {},\n", nlohmann::ordered_json(key).dump(), dump_at(value, 3));
    out += "      \"blocks\": [";
    for (size_t j = 0; j < page.blocks.size(); ++j)
      out += (j == 0 ? "\n        " : ",\n        ") + dump_at(block_json(page.blocks[j]), 4);
    out += page.blocks.empty() ? "]\n    }" : "\n      ]\n    }";
  }
  out += document.pages.empty() ? "],\n" : "\n  ],\n";
  out += "  \"warnings\": " + dump_at(warnings_json(document), 1) + ",\n";
  out += "  \"repairs\": " + dump_at(repairs_json(document), 1) + "\n}\n";
  return out;
}

} // namespace vnotice
