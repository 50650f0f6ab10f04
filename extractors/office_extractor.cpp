#include "extractors/office_extractor.h"

#include "extractors/office_package.h"
#include "extractors/xml_reader.h"

#include "pipeline/error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <fmt/format.h>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {
namespace {

// Strict OOXML uses another namespace name for the same WordprocessingML elements.
constexpr XmlNamespace kW{"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                          "http://purl.oclc.org/ooxml/wordprocessingml/main"};
constexpr XmlNamespace kDrawingMl{"http://schemas.openxmlformats.org/drawingml/2006/main"};
constexpr XmlNamespace kRel{"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                            "http://purl.oclc.org/ooxml/officeDocument/relationships"};
constexpr XmlNamespace kPackageRel{"http://schemas.openxmlformats.org/package/2006/relationships"};
constexpr XmlNamespace kMc{"http://schemas.openxmlformats.org/markup-compatibility/2006"};
constexpr XmlNamespace kOffice{"urn:oasis:names:tc:opendocument:xmlns:office:1.0"};
constexpr XmlNamespace kText{"urn:oasis:names:tc:opendocument:xmlns:text:1.0"};
constexpr XmlNamespace kTable{"urn:oasis:names:tc:opendocument:xmlns:table:1.0"};
constexpr XmlNamespace kStyle{"urn:oasis:names:tc:opendocument:xmlns:style:1.0"};
constexpr XmlNamespace kFo{"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"};
constexpr XmlNamespace kSvg{"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"};
constexpr XmlNamespace kManifest{"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"};
constexpr XmlNamespace kDraw{"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"};
constexpr XmlNamespace kXml{"http://www.w3.org/XML/1998/namespace"};

bool is_w(XmlNode node, const char *name) { return node.is(kW, name); }

// mc:AlternateContent holds one object more than once (a DrawingML shape in mc:Choice, its VML
// copy in mc:Fallback): only the first choice is read, or the fallback when there is none, so
// the text of a text box is not doubled.
XmlNode alternate_branch(XmlNode alternate) {
  if (const XmlNode choice = alternate.child(kMc, "Choice")) return choice;
  return alternate.child(kMc, "Fallback");
}

// ---------------------------------------------------------------------------------------------
// Lines and words. Text of a paragraph is gathered run by run (a run may end in the middle of a
// word: "Th" + "ương"), then split on whitespace; each word keeps the font of its first
// character.

struct TextFormat {
  std::string font;
  double size = 0; // points
  bool operator==(const TextFormat &) const = default;
};

// Length of the whitespace character at the start of `text`, 0 when there is none. Besides
// ASCII white space: no-break and typographic spaces, which separate words just the same.
size_t whitespace_length(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.empty()) return 0;
  if (std::string_view(" \t\n\r\f\v").find(text[0]) != std::string_view::npos) return 1;
  if (text.size() >= 2 && byte(0) == 0xC2 && byte(1) == 0xA0) return 2; // U+00A0
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x80 &&
      (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF))
    return 3; // U+2000..U+200A, U+2028, U+2029, U+202F
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (text.size() >= 3 && byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  return 0;
}

// How many more words the document may have (Limits::max_words): every word costs a few hundred
// bytes in the model, so a bounded count bounds memory whatever the file's size.
class WordBudget {
public:
  WordBudget(const Limits &limits, const OfficeSource &source)
      : left_(limits.max_words), limit_(limits.max_words), source_(source) {}
  void spend() {
    if (--left_ >= 0) return;
    throw Error(ExitCode::limit_exceeded, source_.file,
                fmt::format("the {} file holds more than {} words, the limit for one input; raise "
                            "the limit with --max-words if the file is genuine",
                            source_.kind, limit_));
  }

private:
  long long left_, limit_;
  const OfficeSource &source_;
};

class LineBuilder {
public:
  // `budget` (may be null) is charged for every word made.
  explicit LineBuilder(Origin origin, WordBudget *budget = nullptr)
      : origin_(origin), budget_(budget) {}

  void add_text(std::string_view text, const TextFormat &format) {
    if (text.empty()) return;
    if (current_.formats.empty() || current_.formats.back().second != format)
      current_.formats.emplace_back(current_.text.size(), format);
    current_.text += text;
  }
  void add_space() { current_.text += ' '; }
  void break_line() {
    pending_.push_back(std::move(current_));
    current_ = {};
  }

  // The lines that hold at least one word.
  std::vector<Line> finish() {
    break_line();
    std::vector<Line> lines;
    for (const Pending &pending : pending_) {
      Line line = split(pending);
      if (!line.words.empty()) lines.push_back(std::move(line));
    }
    pending_.clear();
    return lines;
  }

private:
  struct Pending {
    std::string text;
    std::vector<std::pair<size_t, TextFormat>> formats; // (first byte, format), ascending
  };

  Line split(const Pending &pending) const {
    Line line;
    const std::string_view text = pending.text;
    size_t format_index = 0;
    size_t at = 0;
    while (at < text.size()) {
      if (const size_t space = whitespace_length(text.substr(at)); space > 0) {
        at += space;
        continue;
      }
      const size_t start = at;
      while (at < text.size() && whitespace_length(text.substr(at)) == 0)
        ++at;
      while (format_index + 1 < pending.formats.size() &&
             pending.formats[format_index + 1].first <= start)
        ++format_index;
      if (budget_ != nullptr) budget_->spend();
      Word word;
      word.text = std::string(text.substr(start, at - start));
      word.origin = origin_;
      word.page = 1;
      word.confidence = 1.0;
      if (format_index < pending.formats.size()) {
        word.font = pending.formats[format_index].second.font;
        word.font_size = pending.formats[format_index].second.size;
      }
      line.words.push_back(std::move(word));
    }
    return line;
  }

  Origin origin_;
  WordBudget *budget_;
  Pending current_;
  std::vector<Pending> pending_;
};

// ---------------------------------------------------------------------------------------------
// Tables, common to both formats. Letterheads and closing blocks are borderless two-column
// tables: each column becomes a `column` block (left, then right), as the PDF reader gives them.
// Other tables become one `table` block, a line per row, cells marked by `starts_cell`; an empty
// cell is a word with empty text, so the row's tab-separated text keeps its column count.

struct MarkupCell {
  int column = 0; // grid position of the cell's first column
  std::vector<Line> lines;
};

struct MarkupTable {
  std::vector<std::vector<MarkupCell>> rows;
  size_t max_cells = 0; // most cells (not covered by a merge) in any row
};

std::vector<Line> table_lines(MarkupTable table, Origin origin) {
  std::vector<Line> lines;
  for (std::vector<MarkupCell> &row : table.rows) {
    Line line;
    bool has_text = false;
    for (MarkupCell &cell : row) {
      bool first_of_cell = true;
      for (Line &cell_line : cell.lines)
        for (Word &word : cell_line.words) {
          if (first_of_cell && !line.words.empty()) word.starts_cell = true;
          first_of_cell = false;
          has_text = true;
          line.words.push_back(std::move(word));
        }
      if (first_of_cell) {
        Word empty;
        empty.origin = origin;
        empty.page = 1;
        empty.starts_cell = !line.words.empty();
        line.words.push_back(std::move(empty));
      }
    }
    if (has_text) lines.push_back(std::move(line)); // a row of empty cells says nothing
  }
  return lines;
}

void add_table(MarkupTable table, Origin origin, std::vector<Block> &blocks) {
  if (table.max_cells == 2) {
    Block left, right;
    left.kind = right.kind = BlockKind::column;
    for (std::vector<MarkupCell> &row : table.rows)
      for (MarkupCell &cell : row) {
        Block &side = cell.column == 0 ? left : right;
        for (Line &line : cell.lines)
          side.lines.push_back(std::move(line));
      }
    if (!left.lines.empty()) blocks.push_back(std::move(left));
    if (!right.lines.empty()) blocks.push_back(std::move(right));
    return;
  }
  Block block;
  block.kind = BlockKind::table;
  block.lines = table_lines(std::move(table), origin);
  if (!block.lines.empty()) blocks.push_back(std::move(block));
}

void add_paragraph(std::vector<Line> lines, std::vector<Block> &blocks) {
  if (lines.empty()) return;
  Block block;
  block.kind = BlockKind::paragraph;
  block.lines = std::move(lines);
  blocks.push_back(std::move(block));
}

int positive_int(const std::optional<std::string> &value, int fallback, int max = 1000) {
  if (!value) return fallback;
  try {
    const int parsed = std::stoi(*value);
    return parsed < 1 ? fallback : std::min(parsed, max);
  } catch (const std::exception &) {
    return fallback;
  }
}

// A number attribute within [min, max]; `fallback` when absent or not a number.
int bounded_int(const std::optional<std::string> &value, int fallback, int min, int max) {
  if (!value) return fallback;
  try {
    return std::clamp(std::stoi(*value), min, max);
  } catch (const std::exception &) {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------
// List labels, common to both formats. Automatic numbering is not in the text of the file, but a
// reader sees "II.", "2.1", "a)" or "-" in front of the paragraph, and the record parser needs
// those labels, so they are put back as the paragraph's first word(s).

enum class NumberStyle {
  decimal,
  decimal_zero,
  lower_letter,
  upper_letter,
  lower_roman,
  upper_roman,
  bullet,
  none
};

// Values beyond this are not list numbers but damage; they also keep the counters far from
// overflowing.
constexpr int kMaxListStart = 100000;

std::string roman_numeral(int n, bool upper) {
  static const std::array<int, 13> values = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
  static const std::array<const char *, 13> letters = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                                       "xl", "x",  "ix", "v",  "iv", "i"};
  std::string out;
  for (size_t i = 0; i < values.size(); ++i)
    for (; n >= values[i]; n -= values[i])
      out += letters[i];
  if (upper) std::transform(out.begin(), out.end(), out.begin(), ::toupper);
  return out;
}

std::string format_number(int n, NumberStyle style) {
  switch (style) {
  case NumberStyle::bullet:
  case NumberStyle::none: return "";
  case NumberStyle::decimal_zero: return fmt::format("{:02}", n);
  case NumberStyle::lower_letter:
  case NumberStyle::upper_letter:
    if (n < 1 || n > 26 * 10) break; // beyond "zzzzzzzzzz" a letter label is no use
    // a..z, then aa, bb.. (Word and LibreOffice repeat the letter).
    return std::string(
        static_cast<size_t>((n - 1) / 26 + 1),
        static_cast<char>((style == NumberStyle::lower_letter ? 'a' : 'A') + (n - 1) % 26));
  case NumberStyle::lower_roman:
  case NumberStyle::upper_roman:
    if (n < 1 || n > 3999) break;
    return roman_numeral(n, style == NumberStyle::upper_roman);
  case NumberStyle::decimal: break;
  }
  return std::to_string(n);
}

// Bullets from symbol fonts are private-use characters (U+F0B7 is Symbol's round bullet) that
// mean nothing as Unicode: they become "•". Real characters ("-", "–", "•", "+") are kept.
std::string bullet_text(std::string bullet) {
  while (!bullet.empty() && whitespace_length(bullet) > 0)
    bullet.erase(0, whitespace_length(bullet));
  while (!bullet.empty() && (bullet.back() == ' ' || bullet.back() == '\t'))
    bullet.pop_back();
  if (bullet.empty()) return "";
  const auto lead = static_cast<unsigned char>(bullet[0]);
  const auto next = bullet.size() > 1 ? static_cast<unsigned char>(bullet[1]) : 0;
  if (lead == 0xEE || (lead == 0xEF && next <= 0xA3)) return "\xE2\x80\xA2"; // U+E000..U+F8FF
  return bullet;
}

// Counters of one list: each level's current number; a level that advances restarts the levels
// below it, as word processors do ("1.", "1.1", "1.2", "2.", "2.1").
class ListCounters {
public:
  // Counts one more item at `level` (0-based) and returns its number: `start` for the first
  // item of the level (or the first since a higher level advanced), `restart` when given.
  int advance(size_t level, int start, std::optional<int> restart = std::nullopt) {
    if (level >= values_.size()) values_.resize(level + 1);
    std::optional<int> &value = values_[level];
    value = restart ? *restart : value ? std::min(*value + 1, INT_MAX - 1) : start;
    const int result = *value;
    values_.resize(level + 1);
    return result;
  }
  // The number a higher level shows in a deeper item's label ("%1.%2"): its count so far, or its
  // start when it has not been counted.
  int value(size_t level, int start) const {
    return level < values_.size() && values_[level] ? *values_[level] : start;
  }

private:
  std::vector<std::optional<int>> values_;
};

// Puts `label` in front of the paragraph's first line, as word(s) of their own.
void prepend_label(const std::string &label, const TextFormat &format, Origin origin,
                   std::vector<Line> &lines) {
  if (label.empty() || lines.empty()) return; // an empty paragraph shows no bare "3."
  LineBuilder builder(origin);
  builder.add_text(label, format);
  std::vector<Line> label_lines = builder.finish();
  if (label_lines.empty()) return;
  std::vector<Word> &words = lines.front().words;
  words.insert(words.begin(), std::make_move_iterator(label_lines.front().words.begin()),
               std::make_move_iterator(label_lines.front().words.end()));
}

// Page furniture (headers, footers) is kept in the Document but out of the flowing text.
void add_furniture(std::vector<Block> part_blocks, std::vector<Block> &blocks) {
  for (Block &block : part_blocks) {
    block.kind = BlockKind::furniture;
    blocks.push_back(std::move(block));
  }
}

Document make_document(const InputFile &input, const char *format, std::vector<Block> blocks) {
  Document document;
  document.source = {input.path.string(), format, input.sha256,
                     static_cast<long long>(input.bytes.size())};
  Page page;
  page.number = 1;
  page.method = PageMethod::markup;
  page.blocks = std::move(blocks);
  if (page.blocks.empty())
    document.warnings.push_back({"document_without_text", "the document contains no text", 0});
  document.pages.push_back(std::move(page));
  return document;
}

// ---------------------------------------------------------------------------------------------
// DOCX (WordprocessingML): word/document.xml, fonts and sizes from word/styles.xml, list labels
// from word/numbering.xml, headers and footers from the parts the sections refer to.

// Run properties as far as we need them; unset means "inherit".
struct RunProps {
  std::optional<std::string> font;
  std::optional<double> size;
  void inherit(const RunProps &from) {
    if (!font) font = from.font;
    if (!size) size = from.size;
  }
};

bool on_off(XmlNode node) { // <w:b/>, <w:vanish w:val="false"/>
  if (!node) return false;
  const auto value = node.attribute(kW, "val");
  return !value || !(*value == "false" || *value == "0" || *value == "off");
}

// Word's automatic numbering (word/numbering.xml): the label each numbered paragraph shows.
class DocxNumbering {
public:
  explicit DocxNumbering(XmlNode root) {
    if (!root) return;
    std::map<std::string, Levels> abstract;
    for (const XmlNode node : root.children())
      if (is_w(node, "abstractNum"))
        if (const auto id = node.attribute(kW, "abstractNumId")) {
          Levels &levels = abstract[*id];
          for (const XmlNode lvl : node.children())
            if (is_w(lvl, "lvl")) levels[level_index(lvl)] = read_level(lvl);
        }
    for (const XmlNode node : root.children()) {
      const auto id = node.attribute(kW, "numId");
      if (!is_w(node, "num") || !id) continue;
      const auto found =
          abstract.find(node.child(kW, "abstractNumId").attribute(kW, "val").value_or(""));
      if (found == abstract.end()) continue;
      Levels levels = found->second;
      for (const XmlNode over : node.children()) {
        if (!is_w(over, "lvlOverride")) continue;
        Level &level = levels[level_index(over)];
        if (const XmlNode lvl = over.child(kW, "lvl")) level = read_level(lvl);
        if (const XmlNode start = over.child(kW, "startOverride"))
          level.start = bounded_int(start.attribute(kW, "val"), level.start, 0, kMaxListStart);
      }
      nums_[*id] = levels;
    }
  }

  // The label of the next paragraph of list `num_id` at `level` (0-based); empty when the list
  // is unknown or shows nothing. Counters are kept per w:num (each list instance).
  std::string next_label(const std::string &num_id, int level) {
    const auto found = nums_.find(num_id);
    if (found == nums_.end()) return "";
    const Levels &levels = found->second;
    const auto index = static_cast<size_t>(std::clamp(level, 0, kLevels - 1));
    const Level &current = levels[index];
    ListCounters &counters = counters_[num_id];
    counters.advance(index, current.start);
    if (current.style == NumberStyle::bullet) return bullet_text(current.text);
    // w:lvlText: "%1." shows level 1's number, "%1.%2" levels 1 and 2, each in its own format.
    std::string label;
    const std::string &text = current.text;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '%' || i + 1 >= text.size() || text[i + 1] < '1' || text[i + 1] > '9') {
        label += text[i];
        continue;
      }
      const auto shown = static_cast<size_t>(text[++i] - '1');
      if (shown > index) continue; // a deeper level's number is not shown
      label += format_number(counters.value(shown, levels[shown].start),
                             current.legal ? NumberStyle::decimal : levels[shown].style);
    }
    return label;
  }

private:
  static constexpr int kLevels = 9;
  struct Level {
    NumberStyle style = NumberStyle::decimal;
    std::string text; // w:lvlText
    int start = 1;
    bool legal = false; // w:isLgl: every number in decimal
  };
  using Levels = std::array<Level, kLevels>;

  static size_t level_index(XmlNode node) {
    return static_cast<size_t>(bounded_int(node.attribute(kW, "ilvl"), 0, 0, kLevels - 1));
  }

  static Level read_level(XmlNode lvl) {
    static const std::map<std::string, NumberStyle> styles = {
        {"decimal", NumberStyle::decimal},
        {"decimalZero", NumberStyle::decimal_zero},
        {"lowerLetter", NumberStyle::lower_letter},
        {"upperLetter", NumberStyle::upper_letter},
        {"lowerRoman", NumberStyle::lower_roman},
        {"upperRoman", NumberStyle::upper_roman},
        {"bullet", NumberStyle::bullet},
        {"none", NumberStyle::none}};
    Level level;
    const auto found = styles.find(lvl.child(kW, "numFmt").attribute(kW, "val").value_or(""));
    if (found != styles.end()) level.style = found->second; // other scripts: decimal
    level.text = lvl.child(kW, "lvlText").attribute(kW, "val").value_or("");
    level.start = bounded_int(lvl.child(kW, "start").attribute(kW, "val"), 1, 0, kMaxListStart);
    level.legal = on_off(lvl.child(kW, "isLgl"));
    return level;
  }

  std::map<std::string, Levels> nums_;           // numId -> levels, overrides applied
  std::map<std::string, ListCounters> counters_; // numId -> counters
};

class DocxReader {
public:
  // The root elements of word/styles.xml, word/theme/theme1.xml and word/numbering.xml; any may
  // be null.
  DocxReader(XmlNode styles_root, XmlNode theme_root, XmlNode numbering_root, WordBudget &budget)
      : numbering_(numbering_root), budget_(budget) {
    if (theme_root) read_theme(theme_root);
    if (styles_root) read_styles(styles_root);
  }

  std::vector<Block> read_body(XmlNode body) {
    std::vector<Block> blocks;
    read_block_level(body, blocks);
    return blocks;
  }

  // A header or footer part (its w:hdr or w:ftr root).
  std::vector<Block> read_part(XmlNode root) {
    std::vector<Block> blocks;
    read_block_level(root, blocks);
    return blocks;
  }

private:
  struct Style {
    std::string based_on;
    RunProps props;
    std::optional<std::string> num_id; // w:pPr/w:numPr: headings are often numbered by style
    std::optional<int> num_level;
  };

  // Theme fonts (w:asciiTheme="minorHAnsi" and the like) from word/theme/theme1.xml.
  void read_theme(XmlNode root) {
    const XmlNode scheme = root.child(kDrawingMl, "themeElements").child(kDrawingMl, "fontScheme");
    for (const std::string which : {"major", "minor"}) {
      const XmlNode font = scheme.child(kDrawingMl, (which + "Font").c_str());
      if (auto face = font.child(kDrawingMl, "latin").attribute("typeface"); face && !face->empty())
        theme_fonts_[which] = *face;
    }
  }

  void read_styles(XmlNode root) {
    for (const XmlNode node : root.children()) {
      if (is_w(node, "docDefaults")) {
        defaults_ = read_rpr(node.child(kW, "rPrDefault").child(kW, "rPr"));
      } else if (is_w(node, "style")) {
        const auto id = node.attribute(kW, "styleId");
        if (!id) continue;
        Style style;
        style.based_on = node.child(kW, "basedOn").attribute(kW, "val").value_or("");
        style.props = read_rpr(node.child(kW, "rPr"));
        const XmlNode numbering = node.child(kW, "pPr").child(kW, "numPr");
        style.num_id = numbering.child(kW, "numId").attribute(kW, "val");
        if (const auto level = numbering.child(kW, "ilvl").attribute(kW, "val"))
          style.num_level = bounded_int(level, 0, 0, 8);
        styles_[*id] = std::move(style);
        if (node.attribute(kW, "type") == "paragraph" && on_off_attr(node, "default"))
          default_paragraph_style_ = *id;
      }
    }
    if (default_paragraph_style_.empty() && styles_.count("Normal") != 0)
      default_paragraph_style_ = "Normal";
  }

  static bool on_off_attr(XmlNode node, const char *name) {
    const auto value = node.attribute(kW, name);
    return value && (*value == "1" || *value == "true" || *value == "on");
  }

  RunProps read_rpr(XmlNode rpr) const {
    RunProps props;
    if (!rpr) return props;
    if (const XmlNode fonts = rpr.child(kW, "rFonts")) {
      for (const char *name : {"ascii", "hAnsi"})
        if (auto font = fonts.attribute(kW, name); font && !font->empty()) {
          props.font = *font;
          break;
        }
      if (!props.font)
        for (const char *name : {"asciiTheme", "hAnsiTheme"})
          if (auto theme = fonts.attribute(kW, name)) {
            const auto found = theme_fonts_.find(theme->starts_with("major") ? "major" : "minor");
            if (found != theme_fonts_.end()) {
              props.font = found->second;
              break;
            }
          }
    }
    if (auto half_points = rpr.child(kW, "sz").attribute(kW, "val"))
      if (const int value = positive_int(half_points, 0, 10000); value > 0)
        props.size = value / 2.0;
    return props;
  }

  // Adds what style `id` and the styles it is based on say to `props`.
  void inherit_style(std::string id, RunProps &props) const {
    for (int depth = 0; depth < 32 && !id.empty(); ++depth) { // a loop in basedOn is possible
      const auto found = styles_.find(id);
      if (found == styles_.end()) return;
      props.inherit(found->second.props);
      id = found->second.based_on;
    }
  }

  // The list (numId, level) of a paragraph: its own w:numPr, else its style's; none for numId 0.
  std::optional<std::pair<std::string, int>> paragraph_list(XmlNode ppr,
                                                            std::string style_id) const {
    const XmlNode numbering = ppr.child(kW, "numPr");
    std::optional<std::string> num_id = numbering.child(kW, "numId").attribute(kW, "val");
    std::optional<int> level;
    if (const auto value = numbering.child(kW, "ilvl").attribute(kW, "val"))
      level = bounded_int(value, 0, 0, 8);
    for (int depth = 0; depth < 32 && !style_id.empty() && (!num_id || !level); ++depth) {
      const auto found = styles_.find(style_id);
      if (found == styles_.end()) break;
      if (!num_id) num_id = found->second.num_id;
      if (!level) level = found->second.num_level;
      style_id = found->second.based_on;
    }
    if (!num_id || num_id->empty() || *num_id == "0") return std::nullopt;
    return std::make_pair(*num_id, level.value_or(0));
  }

  void read_block_level(XmlNode parent, std::vector<Block> &blocks) {
    for (const XmlNode node : parent.children()) {
      if (is_w(node, "p")) {
        std::vector<Block> text_boxes;
        add_paragraph(read_paragraph(node, text_boxes), blocks);
        std::move(text_boxes.begin(), text_boxes.end(), std::back_inserter(blocks));
      } else if (is_w(node, "tbl")) {
        add_table(read_table(node), Origin::docx, blocks);
      } else if (node.is(kMc, "AlternateContent")) {
        if (const XmlNode branch = alternate_branch(node)) read_block_level(branch, blocks);
      } else if (is_w(node, "sdt")) {
        if (const XmlNode content = node.child(kW, "sdtContent")) read_block_level(content, blocks);
      } else if (is_w(node, "customXml") || is_w(node, "ins") || is_w(node, "moveTo")) {
        read_block_level(node, blocks);
      }
    }
  }

  // The lines of a paragraph, its list label first; the text boxes anchored in it go to
  // `text_boxes`, to follow it as blocks of their own.
  std::vector<Line> read_paragraph(XmlNode paragraph, std::vector<Block> &text_boxes) {
    RunProps base;
    const XmlNode ppr = paragraph.child(kW, "pPr");
    const auto style = ppr.child(kW, "pStyle").attribute(kW, "val");
    // Word falls back to the default paragraph style when w:pStyle names no style.
    const std::string style_id =
        style && styles_.count(*style) != 0 ? *style : default_paragraph_style_;
    inherit_style(style_id, base);
    base.inherit(defaults_);
    std::string label; // counted even when the paragraph turns out empty, as Word does
    if (const auto list = paragraph_list(ppr, style_id))
      label = numbering_.next_label(list->first, list->second);
    LineBuilder builder(Origin::docx, &budget_);
    read_inline(paragraph, base, builder, text_boxes);
    std::vector<Line> lines = builder.finish();
    prepend_label(label, {base.font.value_or(""), base.size.value_or(0)}, Origin::docx, lines);
    return lines;
  }

  void read_inline(XmlNode parent, const RunProps &base, LineBuilder &builder,
                   std::vector<Block> &text_boxes) {
    for (const XmlNode node : parent.children()) {
      if (is_w(node, "r")) {
        read_run(node, base, builder, text_boxes);
      } else if (is_w(node, "sdt")) {
        if (const XmlNode content = node.child(kW, "sdtContent"))
          read_inline(content, base, builder, text_boxes);
      } else if (is_w(node, "hyperlink") || is_w(node, "ins") || is_w(node, "smartTag") ||
                 is_w(node, "customXml") || is_w(node, "fldSimple") || is_w(node, "moveTo")) {
        read_inline(node, base, builder, text_boxes); // w:fldSimple: the field's cached text
      } else if (node.is(kMc, "AlternateContent")) {
        if (const XmlNode branch = alternate_branch(node))
          read_inline(branch, base, builder, text_boxes);
      } // w:del, w:moveFrom: deleted text; w:pPr, bookmarks, comments marks: no text
    }
  }

  void read_run(XmlNode run, const RunProps &base, LineBuilder &builder,
                std::vector<Block> &text_boxes) {
    const XmlNode rpr = run.child(kW, "rPr");
    if (on_off(rpr.child(kW, "vanish"))) return; // hidden text is not printed
    RunProps props = read_rpr(rpr);
    if (auto style = rpr.child(kW, "rStyle").attribute(kW, "val")) inherit_style(*style, props);
    props.inherit(base);
    read_run_content(run, {props.font.value_or(""), props.size.value_or(0)}, builder, text_boxes);
  }

  void read_run_content(XmlNode parent, const TextFormat &format, LineBuilder &builder,
                        std::vector<Block> &text_boxes) {
    for (const XmlNode node : parent.children()) {
      if (is_w(node, "drawing") || is_w(node, "pict") || is_w(node, "object")) {
        read_text_boxes(node, text_boxes);
      } else if (node.is(kMc, "AlternateContent")) {
        if (const XmlNode branch = alternate_branch(node))
          read_run_content(branch, format, builder, text_boxes);
      } else if (is_w(node, "t")) {
        builder.add_text(node.text(), format);
      } else if (is_w(node, "tab") || is_w(node, "ptab")) {
        builder.add_space();
      } else if (is_w(node, "br") || is_w(node, "cr")) {
        builder.break_line();
      } else if (is_w(node, "noBreakHyphen")) {
        builder.add_text("-", format);
      } // w:instrText (field codes: the cached result follows as runs), w:delText, w:softHyphen
    }
  }

  // Text boxes anywhere under a drawing (w:txbxContent in a DrawingML wps:txbx or a VML
  // v:textbox, also inside groups): their content as blocks, in document order.
  void read_text_boxes(XmlNode parent, std::vector<Block> &text_boxes) {
    for (const XmlNode node : parent.children()) {
      if (!node.is_element()) continue;
      if (is_w(node, "txbxContent")) {
        read_block_level(node, text_boxes);
      } else if (node.is(kMc, "AlternateContent")) {
        if (const XmlNode branch = alternate_branch(node)) read_text_boxes(branch, text_boxes);
      } else {
        read_text_boxes(node, text_boxes);
      }
    }
  }

  MarkupTable read_table(XmlNode table) {
    MarkupTable result;
    read_rows(table, result);
    return result;
  }

  void read_rows(XmlNode parent, MarkupTable &table) {
    for (const XmlNode node : parent.children()) {
      if (is_w(node, "tr")) {
        std::vector<MarkupCell> row;
        int column =
            positive_int(node.child(kW, "trPr").child(kW, "gridBefore").attribute(kW, "val"), 0);
        read_cells(node, row, column);
        table.max_cells = std::max(table.max_cells, row.size());
        table.rows.push_back(std::move(row));
      } else if (is_w(node, "sdt")) {
        if (const XmlNode content = node.child(kW, "sdtContent")) read_rows(content, table);
      } else if (is_w(node, "customXml")) {
        read_rows(node, table);
      }
    }
  }

  void read_cells(XmlNode parent, std::vector<MarkupCell> &row, int &column) {
    for (const XmlNode node : parent.children()) {
      if (is_w(node, "tc")) {
        MarkupCell cell;
        cell.column = column;
        column +=
            positive_int(node.child(kW, "tcPr").child(kW, "gridSpan").attribute(kW, "val"), 1);
        cell.lines = read_cell_lines(node);
        row.push_back(std::move(cell));
      } else if (is_w(node, "sdt")) {
        if (const XmlNode content = node.child(kW, "sdtContent")) read_cells(content, row, column);
      } else if (is_w(node, "customXml")) {
        read_cells(node, row, column);
      }
    }
  }

  // All lines of a cell: its paragraphs' and those of any table nested in it, in order.
  std::vector<Line> read_cell_lines(XmlNode cell) {
    std::vector<Block> blocks;
    read_block_level(cell, blocks);
    std::vector<Line> lines;
    for (Block &block : blocks)
      for (Line &line : block.lines)
        lines.push_back(std::move(line));
    return lines;
  }

  DocxNumbering numbering_;
  WordBudget &budget_;
  std::map<std::string, Style> styles_;
  std::map<std::string, std::string> theme_fonts_; // "major"/"minor" -> typeface
  RunProps defaults_;
  std::string default_paragraph_style_;
};

// Relationship id -> part name, from a part's relationships (word/_rels/document.xml.rels).
std::map<std::string, std::string> read_relationships(OfficePackage &package,
                                                      const std::string &name) {
  std::map<std::string, std::string> parts;
  const XmlDocument doc = package.read_xml(name);
  if (!doc) return parts;
  for (const XmlNode rel : doc.root().children()) {
    if (!rel.is(kPackageRel, "Relationship") || rel.attribute("TargetMode") == "External") continue;
    const auto id = rel.attribute("Id");
    auto target = rel.attribute("Target");
    if (!id || !target || target->empty()) continue;
    if (target->starts_with("./")) target->erase(0, 2);
    parts[*id] = target->starts_with('/') ? target->substr(1) : "word/" + *target;
  }
  return parts;
}

struct FurnitureParts {
  std::vector<std::string> headers, footers; // part names, each once
};

// The header and footer parts the sections refer to, in the order a reader meets them: per
// section the first-page one (when the section has a title page), the default one, then the
// even-page one (when the document has different odd and even pages).
FurnitureParts furniture_parts(XmlNode body, const std::map<std::string, std::string> &rels,
                               bool even_and_odd) {
  std::vector<XmlNode> sections;
  for (const XmlNode node : body.children()) {
    if (is_w(node, "sectPr")) sections.push_back(node);
    if (const XmlNode section =
            is_w(node, "p") ? node.child(kW, "pPr").child(kW, "sectPr") : XmlNode())
      sections.push_back(section);
  }
  FurnitureParts parts;
  for (XmlNode section : sections)
    for (const std::string type : {"first", "default", "even"}) {
      if ((type == "first" && !on_off(section.child(kW, "titlePg"))) ||
          (type == "even" && !even_and_odd))
        continue;
      for (const XmlNode ref : section.children()) {
        const bool header = is_w(ref, "headerReference");
        if ((!header && !is_w(ref, "footerReference")) ||
            ref.attribute(kW, "type").value_or("default") != type)
          continue;
        const auto found = rels.find(ref.attribute(kRel, "id").value_or(""));
        if (found == rels.end()) continue;
        std::vector<std::string> &list = header ? parts.headers : parts.footers;
        if (std::find(list.begin(), list.end(), found->second) == list.end())
          list.push_back(found->second);
      }
    }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// ODT (OpenDocument text): content.xml, fonts, sizes and list styles from automatic and common
// styles, headers and footers from styles.xml's master pages.

// "13pt", "0.5in", "1cm" -> points; percentages and unknown units give nothing.
std::optional<double> length_in_points(const std::string &value) {
  size_t used = 0;
  double number = 0;
  try {
    number = std::stod(value, &used);
  } catch (const std::exception &) {
    return std::nullopt;
  }
  const std::string unit = value.substr(used);
  static const std::map<std::string, double> points_per_unit = {
      {"pt", 1}, {"in", 72}, {"cm", 72 / 2.54}, {"mm", 72 / 25.4}, {"pc", 12}, {"px", 0.75}};
  const auto found = points_per_unit.find(unit);
  if (found == points_per_unit.end() || number <= 0) return std::nullopt;
  return number * found->second;
}

std::string unquoted_family(std::string family) { // "'Times New Roman', serif" -> first name
  family = family.substr(0, family.find(','));
  const auto first = family.find_first_not_of(" '\"");
  const auto last = family.find_last_not_of(" '\"");
  return first == std::string::npos ? "" : family.substr(first, last - first + 1);
}

// ODT list styles: per level (1 to 10) what its label looks like.
struct OdtLevel {
  NumberStyle style = NumberStyle::none;
  std::string bullet;         // for bullet levels
  std::string prefix, suffix; // style:num-prefix, style:num-suffix
  int display_levels = 1;     // text:display-levels: "2" shows "1.2"
  int start = 1;
};
constexpr int kOdtLevels = 10;
using OdtLevels = std::array<OdtLevel, kOdtLevels>;

OdtLevels read_list_levels(XmlNode list_style) {
  static const std::map<std::string, NumberStyle> formats = {
      {"1", NumberStyle::decimal},      {"a", NumberStyle::lower_letter},
      {"A", NumberStyle::upper_letter}, {"i", NumberStyle::lower_roman},
      {"I", NumberStyle::upper_roman},  {"", NumberStyle::none}};
  OdtLevels levels;
  for (const XmlNode node : list_style.children()) {
    const int number = bounded_int(node.attribute(kText, "level"), 0, 0, kOdtLevels);
    if (number < 1) continue;
    OdtLevel &level = levels[static_cast<size_t>(number - 1)];
    if (node.is(kText, "list-level-style-number") || node.is(kText, "outline-level-style")) {
      const auto found = formats.find(node.attribute(kStyle, "num-format").value_or(""));
      level.style = found != formats.end() ? found->second : NumberStyle::decimal;
      level.prefix = node.attribute(kStyle, "num-prefix").value_or("");
      level.suffix = node.attribute(kStyle, "num-suffix").value_or("");
      level.display_levels = bounded_int(node.attribute(kText, "display-levels"), 1, 1, kOdtLevels);
      level.start = bounded_int(node.attribute(kText, "start-value"), 1, 0, kMaxListStart);
    } else if (node.is(kText, "list-level-style-bullet")) {
      level.style = NumberStyle::bullet;
      level.bullet = bullet_text(node.attribute(kText, "bullet-char").value_or(""));
    } else if (node.is(kText, "list-level-style-image")) {
      level.style = NumberStyle::bullet;
      level.bullet = "\xE2\x80\xA2"; // a picture bullet: "•"
    }
  }
  return levels;
}

// The label of the next item at `level` (1-based) of a list counted by `counters`.
std::string odt_label(const OdtLevels &levels, ListCounters &counters, int level,
                      std::optional<int> restart) {
  const auto index = static_cast<size_t>(std::clamp(level, 1, kOdtLevels) - 1);
  const OdtLevel &current = levels[index];
  counters.advance(index, current.start, restart);
  if (current.style == NumberStyle::bullet) return current.bullet;
  if (current.style == NumberStyle::none) return "";
  std::string numbers;
  const size_t first = index + 1 - std::min<size_t>(index + 1, current.display_levels);
  for (size_t shown = first; shown <= index; ++shown) {
    const std::string number =
        format_number(counters.value(shown, levels[shown].start), levels[shown].style);
    if (number.empty()) continue;
    if (!numbers.empty()) numbers += '.';
    numbers += number;
  }
  return current.prefix + numbers + current.suffix;
}

class OdtReader {
public:
  // Styles from styles.xml (may be null) first, then content.xml's automatic styles.
  OdtReader(XmlNode content_root, XmlNode styles_root, WordBudget &budget) : budget_(budget) {
    for (XmlNode root : {styles_root, content_root}) {
      if (!root) continue;
      for (const XmlNode node : root.children()) {
        if (node.is(kOffice, "font-face-decls")) read_font_faces(node);
        if (node.is(kOffice, "styles") || node.is(kOffice, "automatic-styles")) read_styles(node);
        if (node.is(kOffice, "master-styles"))
          for (const XmlNode page : node.children())
            if (page.is(kStyle, "master-page"))
              master_pages_.emplace_back(page.attribute(kStyle, "name").value_or(""), page);
      }
    }
  }

  std::vector<Block> read_text(XmlNode office_text) {
    std::vector<Block> blocks;
    read_flow(office_text, blocks, {});
    return blocks;
  }

  // The headers (`header` true) or footers of the master pages the text used (the default
  // page style when it names none), as blocks; style:display="false" ones are not printed.
  std::vector<Block> read_page_furniture(bool header) {
    std::vector<std::string> names = used_master_pages_;
    if (names.empty() && !master_pages_.empty()) {
      const auto standard = std::find_if(master_pages_.begin(), master_pages_.end(),
                                         [](const auto &page) { return page.first == "Standard"; });
      names.push_back(standard != master_pages_.end() ? "Standard" : master_pages_.front().first);
    }
    const std::string kind = header ? "header" : "footer";
    std::vector<Block> blocks;
    for (const std::string &name : names)
      for (const auto &[page_name, page] : master_pages_) {
        if (page_name != name) continue;
        for (const std::string &variant : std::array{kind + "-first", kind, kind + "-left"}) {
          const XmlNode part = page.child(kStyle, variant.c_str());
          if (!part || part.attribute(kStyle, "display") == "false") continue;
          read_flow(part, blocks, {});
          for (const char *region : {"region-left", "region-center", "region-right"})
            if (const XmlNode content = part.child(kStyle, region)) read_flow(content, blocks, {});
        }
        break;
      }
    return blocks;
  }

private:
  struct Style {
    std::string parent;
    RunProps props;
    std::string list_style;  // style:list-style-name: a list without a style of its own uses it
    std::string master_page; // style:master-page-name: the page style from here on
  };

  // One list, counted across the text:list elements that continue it.
  struct OdtList {
    std::string style;
    ListCounters counters;
  };
  struct ListItem {
    bool header = false;  // text:list-header: an item without a label
    bool labeled = false; // only the item's first paragraph carries the label
    std::optional<int> start;
  };
  struct ListContext {
    OdtList *list = nullptr;
    int level = 0; // 1 in a top-level list
    ListItem *item = nullptr;
  };

  void read_font_faces(XmlNode decls) {
    for (const XmlNode face : decls.children()) {
      if (!face.is(kStyle, "font-face")) continue;
      const auto name = face.attribute(kStyle, "name");
      const auto family = face.attribute(kSvg, "font-family");
      if (name && family && !unquoted_family(*family).empty())
        font_faces_[*name] = unquoted_family(*family);
    }
  }

  RunProps read_properties(XmlNode style) const {
    RunProps props;
    const XmlNode text = style.child(kStyle, "text-properties");
    if (!text) return props;
    if (auto name = text.attribute(kStyle, "font-name")) {
      const auto face = font_faces_.find(*name);
      props.font = face != font_faces_.end() ? face->second : *name;
    } else if (auto family = text.attribute(kFo, "font-family")) {
      props.font = unquoted_family(*family);
    }
    if (auto size = text.attribute(kFo, "font-size")) props.size = length_in_points(*size);
    return props;
  }

  void read_styles(XmlNode styles) {
    for (const XmlNode node : styles.children()) {
      if (node.is(kText, "list-style")) {
        if (const auto name = node.attribute(kStyle, "name"))
          list_styles_[*name] = read_list_levels(node);
        continue;
      }
      if (node.is(kText, "outline-style")) {
        outline_ = read_list_levels(node);
        continue;
      }
      const auto family = node.attribute(kStyle, "family");
      if (!family) continue;
      if (node.is(kStyle, "default-style")) {
        defaults_[*family] = read_properties(node);
      } else if (node.is(kStyle, "style")) {
        const auto name = node.attribute(kStyle, "name");
        if (!name) continue;
        styles_[{*family, *name}] = {node.attribute(kStyle, "parent-style-name").value_or(""),
                                     read_properties(node),
                                     node.attribute(kStyle, "list-style-name").value_or(""),
                                     node.attribute(kStyle, "master-page-name").value_or("")};
      }
    }
  }

  void inherit_style(const std::string &family, std::string name, RunProps &props) const {
    for (int depth = 0; depth < 32 && !name.empty(); ++depth) {
      const auto found = styles_.find({family, name});
      if (found == styles_.end()) return;
      props.inherit(found->second.props);
      name = found->second.parent;
    }
  }

  // The list style a paragraph style (or one it inherits from) names, or "".
  std::string paragraph_list_style(std::string name) const {
    for (int depth = 0; depth < 32 && !name.empty(); ++depth) {
      const auto found = styles_.find({"paragraph", name});
      if (found == styles_.end()) break;
      if (!found->second.list_style.empty()) return found->second.list_style;
      name = found->second.parent;
    }
    return "";
  }

  // Remembers the master page (page style) an element's style switches to.
  void note_master_page(const char *family, XmlNode node, const XmlNamespace &ns) {
    const auto found = styles_.find({family, node.attribute(ns, "style-name").value_or("")});
    if (found == styles_.end() || found->second.master_page.empty()) return;
    if (std::find(used_master_pages_.begin(), used_master_pages_.end(),
                  found->second.master_page) == used_master_pages_.end())
      used_master_pages_.push_back(found->second.master_page);
  }

  void read_flow(XmlNode parent, std::vector<Block> &blocks, ListContext context) {
    for (const XmlNode node : parent.children()) {
      if (node.is(kText, "p") || node.is(kText, "h")) {
        note_master_page("paragraph", node, kText);
        std::vector<Block> text_boxes;
        add_paragraph(read_paragraph(node, paragraph_label(node, context), text_boxes), blocks);
        std::move(text_boxes.begin(), text_boxes.end(), std::back_inserter(blocks));
      } else if (node.is(kTable, "table")) {
        note_master_page("table", node, kTable);
        add_table(read_table(node), Origin::odt, blocks);
      } else if (node.is(kText, "list")) {
        read_list(node, blocks, context);
      } else if (node.is(kText, "section") || node.is(kText, "index-body")) {
        read_flow(node, blocks, context);
      } else if (node.in(kText) && node.child(kText, "index-body")) {
        read_flow(node.child(kText, "index-body"), blocks, {}); // table of contents and the like
      } else if (node.in(kDraw)) {
        read_drawing(node, blocks); // a frame anchored to the page
      } // text:tracked-changes (deleted text), sequence declarations, forms: no printed text
    }
  }

  void read_list(XmlNode list, std::vector<Block> &blocks, const ListContext &outer) {
    ListContext context;
    context.list = outer.list != nullptr ? outer.list : start_list(list);
    context.level = outer.level + 1;
    for (const XmlNode node : list.children()) {
      if (!node.is(kText, "list-item") && !node.is(kText, "list-header")) continue;
      ListItem item;
      item.header = node.is(kText, "list-header");
      if (const auto start = node.attribute(kText, "start-value"))
        item.start = bounded_int(start, 1, 0, kMaxListStart);
      context.item = &item;
      read_flow(node, blocks, context);
    }
  }

  // A top-level text:list: a new list, or the one it continues (text:continue-list names it by
  // xml:id; text:continue-numbering="true" continues the last list of the same style).
  OdtList *start_list(XmlNode node) {
    const std::string style = node.attribute(kText, "style-name").value_or("");
    OdtList *list = nullptr;
    if (const auto id = node.attribute(kText, "continue-list")) {
      if (const auto found = lists_by_id_.find(*id); found != lists_by_id_.end())
        list = found->second;
    } else if (node.attribute(kText, "continue-numbering") == "true") {
      if (const auto found = last_list_by_style_.find(style); found != last_list_by_style_.end())
        list = found->second;
    }
    if (list == nullptr) {
      lists_.push_back(std::make_unique<OdtList>());
      list = lists_.back().get();
      list->style = style;
    }
    if (const auto id = node.attribute(kXml, "id")) lists_by_id_[*id] = list;
    last_list_by_style_[style] = list;
    return list;
  }

  // The label a paragraph shows: its list item's number or bullet, or a heading's outline
  // number (the one the file wrote in text:number when there is one).
  std::string paragraph_label(XmlNode paragraph, const ListContext &context) {
    if (context.item != nullptr) {
      if (context.item->labeled) return "";
      context.item->labeled = true;
      if (context.item->header) return "";
      std::string style = context.list->style;
      if (style.empty())
        style = paragraph_list_style(paragraph.attribute(kText, "style-name").value_or(""));
      const auto found = list_styles_.find(style);
      if (found == list_styles_.end()) return ""; // no style, no label: nothing is invented
      return odt_label(found->second, context.list->counters, context.level, context.item->start);
    }
    if (!paragraph.is(kText, "h")) return "";
    if (const XmlNode number = paragraph.child(kText, "number")) return number.text();
    const int level = bounded_int(paragraph.attribute(kText, "outline-level"), 0, 0, kOdtLevels);
    if (level < 1 || !outline_ || paragraph.attribute(kText, "is-list-header") == "true") return "";
    return odt_label(*outline_, outline_counters_, level, std::nullopt);
  }

  // Text in drawing objects: text boxes (draw:frame/draw:text-box) and shapes with text, also in
  // groups and links; their paragraphs become blocks of their own. Images have no text.
  void read_drawing(XmlNode node, std::vector<Block> &blocks) {
    if (node.is(kDraw, "text-box") || node.is(kDraw, "custom-shape") || node.is(kDraw, "rect") ||
        node.is(kDraw, "ellipse")) {
      read_flow(node, blocks, {});
    } else if (node.is(kDraw, "frame") || node.is(kDraw, "a") || node.is(kDraw, "g")) {
      for (const XmlNode part : node.children())
        if (part.in(kDraw)) read_drawing(part, blocks);
    }
  }

  // The lines of a paragraph, `label` first; text boxes anchored in it go to `text_boxes`.
  std::vector<Line> read_paragraph(XmlNode paragraph, const std::string &label,
                                   std::vector<Block> &text_boxes) {
    RunProps base;
    inherit_style("paragraph", paragraph.attribute(kText, "style-name").value_or(""), base);
    if (const auto found = defaults_.find("paragraph"); found != defaults_.end())
      base.inherit(found->second);
    LineBuilder builder(Origin::odt, &budget_);
    read_inline(paragraph, base, builder, text_boxes);
    std::vector<Line> lines = builder.finish();
    prepend_label(label, {base.font.value_or(""), base.size.value_or(0)}, Origin::odt, lines);
    return lines;
  }

  void read_inline(XmlNode parent, const RunProps &format, LineBuilder &builder,
                   std::vector<Block> &text_boxes) {
    const TextFormat text_format{format.font.value_or(""), format.size.value_or(0)};
    for (const XmlNode node : parent.children()) {
      if (node.is_text()) {
        builder.add_text(node.content(), text_format);
      } else if (node.is(kText, "s") || node.is(kText, "tab")) {
        builder.add_space(); // any number of spaces separates words alike
      } else if (node.is(kText, "line-break")) {
        builder.break_line();
      } else if (node.is(kText, "span")) {
        RunProps span;
        inherit_style("text", node.attribute(kText, "style-name").value_or(""), span);
        span.inherit(format);
        read_inline(node, span, builder, text_boxes);
      } else if (node.is(kText, "note") || node.is(kText, "hidden-text") ||
                 node.is(kText, "ruby-text") || node.is(kText, "number")) {
        continue; // footnotes, hidden text, ruby annotations; text:number is the label, put first
      } else if (node.in(kText)) {
        // text:a, text:meta, fields (dates, page numbers: their cached text, never a new one)
        read_inline(node, format, builder, text_boxes);
      } else if (node.in(kDraw)) {
        read_drawing(node, text_boxes);
      } // office:annotation: not read
    }
  }

  MarkupTable read_table(XmlNode table) {
    MarkupTable result;
    read_rows(table, result);
    return result;
  }

  // Repeated cells are written out, but not without bound: a real table has a few dozen columns.
  static constexpr int kMaxRepeatedCells = 64;

  void read_rows(XmlNode parent, MarkupTable &table) {
    for (const XmlNode node : parent.children()) {
      if (node.is(kTable, "table-row")) {
        std::vector<MarkupCell> row;
        // Every grid column has one element in each row: a cell, or a covered cell that is
        // either inside the span of the cell to its left or under a cell spanning rows.
        int column = 0;
        int spanned_to = 0; // columns before this are inside the last cell's span
        for (const XmlNode cell : node.children()) {
          const int repeated =
              positive_int(cell.attribute(kTable, "number-columns-repeated"), 1, kMaxRepeatedCells);
          if (cell.is(kTable, "covered-table-cell")) {
            // Under a cell of the row above: an empty cell, as DOCX's w:vMerge continuation
            // is; inside a span to its left: no cell at all.
            for (int k = 0; k < repeated; ++k, ++column)
              if (column >= spanned_to) row.push_back({column, {}});
          } else if (cell.is(kTable, "table-cell")) {
            std::vector<Block> blocks;
            read_flow(cell, blocks, {});
            std::vector<Line> lines;
            for (Block &block : blocks)
              for (Line &line : block.lines)
                lines.push_back(std::move(line));
            const int spanned = positive_int(cell.attribute(kTable, "number-columns-spanned"), 1);
            for (int k = 0; k < repeated; ++k, ++column) {
              row.push_back({column, lines});
              spanned_to = column + spanned;
            }
          }
        }
        table.max_cells = std::max(table.max_cells, row.size());
        table.rows.push_back(std::move(row));
      } else if (node.is(kTable, "table-header-rows") || node.is(kTable, "table-rows") ||
                 node.is(kTable, "table-row-group")) {
        read_rows(node, table);
      }
    }
  }

  WordBudget &budget_;
  std::map<std::string, std::string> font_faces_;               // style:name -> font family
  std::map<std::pair<std::string, std::string>, Style> styles_; // (family, name) -> style
  std::map<std::string, RunProps> defaults_;                    // family -> default style
  std::map<std::string, OdtLevels> list_styles_;                // text:list-style by name
  std::optional<OdtLevels> outline_;                            // heading numbering
  ListCounters outline_counters_;
  std::vector<std::unique_ptr<OdtList>> lists_;
  std::map<std::string, OdtList *> lists_by_id_;
  std::map<std::string, OdtList *> last_list_by_style_;
  std::vector<std::pair<std::string, XmlNode>> master_pages_; // styles.xml
  std::vector<std::string> used_master_pages_;                // in order of first use
};

// True when META-INF/manifest.xml says content.xml is encrypted (a password-protected ODT).
bool odt_is_encrypted(OfficePackage &package) {
  const XmlDocument doc = package.read_xml("META-INF/manifest.xml");
  if (!doc) return false;
  for (const XmlNode entry : doc.root().children())
    if (entry.is(kManifest, "file-entry") &&
        entry.attribute(kManifest, "full-path") == "content.xml" &&
        entry.child(kManifest, "encryption-data"))
      return true;
  return false;
}

} // namespace

Document extract_docx(const InputFile &input, const ExtractOptions &options) {
  const OfficeSource source{input.path.string(), "DOCX"};
  OfficePackage package(input, options.limits, source);
  const XmlDocument document = package.read_xml("word/document.xml");
  if (!document) throw_damaged(source, "it has no word/document.xml, the part with the text");
  const auto optional_part = [&](const std::string &name) { return package.read_xml(name); };
  const XmlDocument styles = optional_part("word/styles.xml");
  const XmlDocument theme = optional_part("word/theme/theme1.xml");
  const XmlDocument numbering = optional_part("word/numbering.xml");
  const XmlDocument settings = optional_part("word/settings.xml");

  const XmlNode root = document.root();
  const XmlNode body = is_w(root, "document") ? root.child(kW, "body") : XmlNode();
  if (!body) throw_damaged(source, "word/document.xml has no document body");
  WordBudget budget(options.limits, source);
  DocxReader reader(styles.root(), theme.root(), numbering.root(), budget);
  std::vector<Block> body_blocks = reader.read_body(body);

  // Headers first on the page, footers last; a part that is referenced but missing is skipped.
  const FurnitureParts furniture =
      furniture_parts(body, read_relationships(package, "word/_rels/document.xml.rels"),
                      on_off(settings.root().child(kW, "evenAndOddHeaders")));
  std::vector<Block> blocks;
  const auto add_parts = [&](const std::vector<std::string> &names) {
    for (const std::string &name : names)
      if (const XmlDocument part = optional_part(name))
        add_furniture(reader.read_part(part.root()), blocks);
  };
  add_parts(furniture.headers);
  std::move(body_blocks.begin(), body_blocks.end(), std::back_inserter(blocks));
  add_parts(furniture.footers);
  return make_document(input, "docx", std::move(blocks));
}

Document extract_odt(const InputFile &input, const ExtractOptions &options) {
  const OfficeSource source{input.path.string(), "ODT"};
  OfficePackage package(input, options.limits, source);
  if (odt_is_encrypted(package))
    throw Error(ExitCode::input_encrypted, source.file,
                "the ODT file is password-protected; open it with its password, save an "
                "unprotected copy and read that");
  const XmlDocument content = package.read_xml("content.xml");
  if (!content) throw_damaged(source, "it has no content.xml, the part with the text");
  const XmlDocument styles = package.read_xml("styles.xml");

  const XmlNode root = content.root();
  const XmlNode text = root.is(kOffice, "document-content")
                           ? root.child(kOffice, "body").child(kOffice, "text")
                           : XmlNode();
  if (!text) throw_damaged(source, "content.xml has no text body");
  WordBudget budget(options.limits, source);
  OdtReader reader(root, styles.root(), budget);
  std::vector<Block> body_blocks = reader.read_text(text);
  std::vector<Block> blocks;
  add_furniture(reader.read_page_furniture(true), blocks); // headers first on the page
  std::move(body_blocks.begin(), body_blocks.end(), std::back_inserter(blocks));
  add_furniture(reader.read_page_furniture(false), blocks); // footers last
  return make_document(input, "odt", std::move(blocks));
}

} // namespace vnotice
