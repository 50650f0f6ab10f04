// Document: what every extractor produces and every later stage reads.
//
// pages -> blocks -> lines -> words. Reading order is decided once, by the extractor: blocks are
// stored in the order a person reads them, lines top to bottom within a block, words left to
// right within a line. Each word keeps its provenance (page, box, confidence, origin), so later
// stages can quote evidence without knowing whether the word came from a PDF text layer, OCR or
// an office file.
#pragma once

#include "pipeline/repair.h"
#include "pipeline/warning.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace vnotice {

// Where a word came from.
enum class Origin { pdf_text, ocr, docx, odt, txt };

// How a page's words were obtained.
enum class PageMethod { text_layer, ocr, markup };

// Rectangle in PDF points (1/72 inch), origin at the top-left of the page, y growing downward.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  double center_x() const { return (x0 + x1) / 2; }
  double center_y() const { return (y0 + y1) / 2; }
  // The smallest box holding both (an empty box, all zero, holds nothing).
  Box united(const Box &other) const;
};

struct Word {
  std::string text;        // UTF-8, as the source gave it; empty only for an empty table cell
  Box box;                 // in points, see Box
  double confidence = 1.0; // 1.0 for a text layer, the OCR engine's estimate otherwise
  Origin origin = Origin::pdf_text;
  int page = 0;            // 1-based
  std::string font;        // font name as the source gave it, without a subset prefix; may be empty
  double font_size = 0;    // points; 0 when unknown
  bool space_after = true; // false when the next word of the line continues this one
  bool starts_cell = false; // first word of a table cell other than the row's first
};

struct Line {
  std::vector<Word> words;
  Box box;
  // Words joined by single spaces (a tab between table cells, so an empty cell leaves two tabs
  // in a row and the line keeps its column count).
  std::string text() const;
};

// A column of a two-column block (letterhead, closing block), a paragraph, a table, or page
// furniture (running header or footer, page number, a footer link): kept, but not in the flow.
enum class BlockKind { paragraph, column, table, furniture };

struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::vector<Line> lines;
  Box box;
  std::string text() const; // lines joined by '\n'
};

struct Page {
  int number = 0;               // 1-based
  double width = 0, height = 0; // points
  PageMethod method = PageMethod::text_layer;
  std::vector<Block> blocks;
};

struct SourceInfo {
  std::string file;   // as given on the command line
  std::string format; // detected from content: "pdf", ...
  std::string sha256;
  long long size_bytes = 0;
};

struct Document {
  SourceInfo source;
  std::vector<Page> pages;
  std::vector<Warning> warnings;
  std::vector<Repair> repairs;

  // The text in reading order, line by line as extracted: blocks separated by a blank line,
  // pages by a form feed.
  std::string text() const;
  // The text as a reader wants it, paragraphs reflowed: flowing_text in pipeline/reflow.h.
};

struct WordSpan;

// Appends a line's words to `out` (single spaces, a tab between table cells) and, when `spans` is
// given, where each word landed (pipeline/reflow.h). Line::text and the reflow share it so that
// the evidence offsets always match the text.
void append_line(const Line &line, std::string &out, std::vector<WordSpan> *spans);

// JSON form of the model (schemas/document.schema.json). Numbers are rounded to 0.01 pt so the
// output is byte-for-byte stable.
nlohmann::ordered_json to_json(const Document &document);
// The same JSON as `to_json(document).dump(2)` followed by a newline, written one block at a
// time so that memory stays near the size of the text.
std::string json_text(const Document &document);
std::string_view origin_name(Origin origin);
std::string_view page_method_name(PageMethod method);
std::string_view block_kind_name(BlockKind kind);

} // namespace vnotice
