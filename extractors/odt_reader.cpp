#include "extractors/office_markup.h"
#include "extractors/office_numbering.h"
#include "extractors/office_readers.h"

#include "pipeline/error.h"

#include <algorithm>
#include <array>
#include <exception>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vnotice::office {
namespace {

// ODT (OpenDocument text): content.xml, fonts, sizes and list styles from automatic and common
// styles, headers and footers from styles.xml's master pages.

constexpr XmlNamespace kOffice{"urn:oasis:names:tc:opendocument:xmlns:office:1.0"};
constexpr XmlNamespace kTable{"urn:oasis:names:tc:opendocument:xmlns:table:1.0"};
constexpr XmlNamespace kFo{"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"};
constexpr XmlNamespace kSvg{"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"};
constexpr XmlNamespace kManifest{"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"};
constexpr XmlNamespace kDraw{"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"};
constexpr XmlNamespace kXml{"http://www.w3.org/XML/1998/namespace"};

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

std::vector<Block> read_odt(OfficePackage &package, const OfficeSource &source,
                            const Limits &limits) {
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
  WordBudget budget(limits, source);
  OdtReader reader(root, styles.root(), budget);
  std::vector<Block> body_blocks = reader.read_text(text);
  std::vector<Block> blocks;
  add_furniture(reader.read_page_furniture(true), blocks); // headers first on the page
  std::move(body_blocks.begin(), body_blocks.end(), std::back_inserter(blocks));
  add_furniture(reader.read_page_furniture(false), blocks); // footers last
  return blocks;
}

} // namespace vnotice::office
