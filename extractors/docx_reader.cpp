#include "extractors/office_markup.h"
#include "extractors/office_numbering.h"
#include "extractors/office_readers.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vnotice::office {
namespace {

// DOCX (WordprocessingML): word/document.xml, fonts and sizes from word/styles.xml, list labels
// from word/numbering.xml, headers and footers from the parts the sections refer to.

constexpr XmlNamespace kDrawingMl{"http://schemas.openxmlformats.org/drawingml/2006/main"};
constexpr XmlNamespace kRel{"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                            "http://purl.oclc.org/ooxml/officeDocument/relationships"};
constexpr XmlNamespace kPackageRel{"http://schemas.openxmlformats.org/package/2006/relationships"};
constexpr XmlNamespace kMc{"http://schemas.openxmlformats.org/markup-compatibility/2006"};

bool is_w(XmlNode node, const char *name) { return node.is(kW, name); }

// mc:AlternateContent holds one object more than once (a DrawingML shape in mc:Choice, its VML
// copy in mc:Fallback): only the first choice is read, or the fallback when there is none, so
// the text of a text box is not doubled.
XmlNode alternate_branch(XmlNode alternate) {
  if (const XmlNode choice = alternate.child(kMc, "Choice")) return choice;
  return alternate.child(kMc, "Fallback");
}

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

} // namespace

std::vector<Block> read_docx(OfficePackage &package, const OfficeSource &source,
                             const Limits &limits) {
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
  WordBudget budget(limits, source);
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
  return blocks;
}

} // namespace vnotice::office
