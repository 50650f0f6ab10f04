// What the DOCX and ODT readers (docx_reader.cpp, odt_reader.cpp) share: the XML namespaces both
// the readers and the list numbering use, text runs gathered into lines of words, and
// paragraphs, tables and page furniture assembled into the Document model. Private to the
// office readers.
//
// Contract: every word comes out on page 1 with its origin, confidence 1, no box, and the font
// and size of its first character; a line holds at least one word. Each word made is charged to
// a WordBudget, which throws Error(limit_exceeded) past Limits::max_words.
#pragma once

#include "extractors/extractor.h"
#include "extractors/office_package.h"
#include "extractors/xml_reader.h"
#include "pipeline/document.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vnotice::office {

// Strict OOXML uses another namespace name for the same WordprocessingML elements.
inline constexpr XmlNamespace kW{"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                 "http://purl.oclc.org/ooxml/wordprocessingml/main"};
inline constexpr XmlNamespace kText{"urn:oasis:names:tc:opendocument:xmlns:text:1.0"};
inline constexpr XmlNamespace kStyle{"urn:oasis:names:tc:opendocument:xmlns:style:1.0"};

// A WordprocessingML on/off property: <w:b/> is on, <w:vanish w:val="false"/> off; no element is
// off.
bool on_off(XmlNode node);

// ---------------------------------------------------------------------------------------------
// Lines and words. Text of a paragraph is gathered run by run (a run may end in the middle of a
// word: "Th" + "ương"), then split on whitespace; each word keeps the font of its first
// character.

struct TextFormat {
  std::string font;
  double size = 0; // points
  bool operator==(const TextFormat &) const = default;
};

// Run properties as far as we need them; unset means "inherit".
struct RunProps {
  std::optional<std::string> font;
  std::optional<double> size;
  void inherit(const RunProps &from) {
    if (!font) font = from.font;
    if (!size) size = from.size;
  }
};

// Length of the whitespace character at the start of `text`, 0 when there is none. Besides
// ASCII white space: no-break and typographic spaces, which separate words just the same.
size_t whitespace_length(std::string_view text);

// How many more words the document may have (Limits::max_words): every word costs a few hundred
// bytes in the model, so a bounded count bounds memory whatever the file's size.
class WordBudget {
public:
  // `source` must outlive the budget.
  WordBudget(const Limits &limits, const OfficeSource &source)
      : left_(limits.max_words), limit_(limits.max_words), source_(source) {}
  void spend();

private:
  long long left_, limit_;
  const OfficeSource &source_;
};

class LineBuilder {
public:
  // `budget` (may be null) is charged for every word made.
  explicit LineBuilder(Origin origin, WordBudget *budget = nullptr)
      : origin_(origin), budget_(budget) {}

  void add_text(std::string_view text, const TextFormat &format);
  void add_space() { current_.text += ' '; }
  void break_line();

  // The lines that hold at least one word.
  std::vector<Line> finish();

private:
  struct Pending {
    std::string text;
    std::vector<std::pair<size_t, TextFormat>> formats; // (first byte, format), ascending
  };

  Line split(const Pending &pending) const;

  Origin origin_;
  WordBudget *budget_;
  Pending current_;
  std::vector<Pending> pending_;
};

// Puts `label` in front of the paragraph's first line, as word(s) of their own.
void prepend_label(const std::string &label, const TextFormat &format, Origin origin,
                   std::vector<Line> &lines);

// ---------------------------------------------------------------------------------------------
// Blocks. Letterheads and closing blocks are borderless two-column tables: each column becomes a
// `column` block (left, then right), as the PDF reader gives them. Other tables become one
// `table` block, a line per row, cells marked by `starts_cell`; an empty cell is a word with
// empty text, so the row's tab-separated text keeps its column count.

struct MarkupCell {
  int column = 0; // grid position of the cell's first column
  std::vector<Line> lines;
};

struct MarkupTable {
  std::vector<std::vector<MarkupCell>> rows;
  size_t max_cells = 0; // most cells (not covered by a merge) in any row
};

void add_table(MarkupTable table, Origin origin, std::vector<Block> &blocks);
// A paragraph block, unless `lines` is empty.
void add_paragraph(std::vector<Line> lines, std::vector<Block> &blocks);
// Page furniture (headers, footers) is kept in the Document but out of the flowing text.
void add_furniture(std::vector<Block> part_blocks, std::vector<Block> &blocks);

// ---------------------------------------------------------------------------------------------
// Numbers in attributes. Damaged or hostile values never throw: they fall back.

// A number of at least 1, capped at `max`; `fallback` when absent, not a number or below 1.
int positive_int(const std::optional<std::string> &value, int fallback, int max = 1000);
// A number attribute within [min, max]; `fallback` when absent or not a number.
int bounded_int(const std::optional<std::string> &value, int fallback, int min, int max);

} // namespace vnotice::office
