#include "generators/odt_writer.h"

#include "generators/notice_layout.h"
#include "generators/notice_text.h"
#include "generators/xml_writer.h"
#include "generators/zip_writer.h"

#include <algorithm>
#include <fmt/format.h>
#include <string_view>
#include <vector>

namespace vnotice {
namespace {

using layout::Align;
using layout::cm;
using layout::ParagraphFormat;
using layout::pt;
namespace ids = layout::ids;

constexpr std::string_view kMimeType = "application/vnd.oasis.opendocument.text";
constexpr std::string_view kVersion = "1.2";
constexpr std::string_view kFirstPageMaster = "First_20_Page";

struct Namespace {
  std::string_view prefix;
  std::string_view uri;
};
constexpr Namespace kNamespaces[] = {
    {"office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
    {"style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
    {"text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {"table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {"fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"},
    {"svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"},
    {"meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"},
    {"dc", "http://purl.org/dc/elements/1.1/"},
};

void start_root(XmlWriter &x, std::string_view name) {
  x.start(name);
  for (const Namespace &ns : kNamespaces)
    x.attribute(fmt::format("xmlns:{}", ns.prefix), ns.uri);
  x.attribute("office:version", kVersion);
}

void font_faces(XmlWriter &x) {
  x.start("office:font-face-decls").start("style:font-face");
  x.attribute("style:name", layout::kFont)
      .attribute("svg:font-family", fmt::format("'{}'", layout::kFont))
      .attribute("style:font-family-generic", "roman")
      .attribute("style:font-pitch", "variable");
  x.end().end();
}

// Text inside text:p: ODF collapses spaces, so runs of them become text:s; '\t' and '\n' are
// text:tab and text:line-break.
void write_text(XmlWriter &x, std::string_view text) {
  std::string pending;
  const auto flush = [&] {
    if (!pending.empty()) x.text(pending);
    pending.clear();
  };
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ') {
      size_t run = 1;
      while (i + run < text.size() && text[i + run] == ' ')
        ++run;
      // One plain space after other text survives; the rest (or all, at the start) are counted.
      const bool keep_one =
          !pending.empty() || (i > 0 && text[i - 1] != '\n' && text[i - 1] != '\t');
      if (keep_one) pending.push_back(' ');
      const size_t counted = keep_one ? run - 1 : run;
      if (counted > 0) {
        flush();
        x.start("text:s");
        if (counted > 1) x.attribute("text:c", std::to_string(counted));
        x.end();
      }
      i += run;
      continue;
    }
    if (c == '\n')
      flush(), x.empty("text:line-break");
    else if (c == '\t')
      flush(), x.empty("text:tab");
    else if (c != '\r')
      pending.push_back(c);
    ++i;
  }
  flush();
}

void paragraph(XmlWriter &x, std::string_view style, std::string_view text) {
  x.start("text:p").attribute("text:style-name", style);
  write_text(x, text);
  x.end();
}

// Automatic styles, named in the order the body needs them; written into content.xml before
// the body (which is written first, into a fragment).
class AutomaticStyles {
public:
  // A borderless rule paragraph `length_mm` long centred in `width_mm`.
  std::string rule(double length_mm, double width_mm, std::string_view parent = ids::rule) {
    const std::string name = fmt::format("Rule{}", ++rules_);
    const std::string side = cm(std::max(0.0, (width_mm - length_mm) / 2));
    x_.start("style:style")
        .attribute("style:name", name)
        .attribute("style:family", "paragraph")
        .attribute("style:parent-style-name", parent);
    x_.start("style:paragraph-properties")
        .attribute("fo:margin-left", side)
        .attribute("fo:margin-right", side)
        .end();
    x_.end();
    return name;
  }

  // A table of the given column widths; the first table of the document opens the first page.
  std::string table(const std::vector<double> &widths_mm, bool first_page) {
    const std::string name = fmt::format("Table{}", ++tables_);
    double total = 0;
    for (double width : widths_mm)
      total += width;
    x_.start("style:style").attribute("style:name", name).attribute("style:family", "table");
    if (first_page) x_.attribute("style:master-page-name", kFirstPageMaster);
    x_.start("style:table-properties")
        .attribute("style:width", cm(total))
        .attribute("table:align", "center")
        .end();
    x_.end();
    for (size_t i = 0; i < widths_mm.size(); ++i) {
      x_.start("style:style")
          .attribute("style:name", column(name, i))
          .attribute("style:family", "table-column");
      x_.empty("style:table-column-properties", "style:column-width", cm(widths_mm[i]));
      x_.end();
    }
    return name;
  }

  static std::string column(const std::string &table, size_t index) {
    return fmt::format("{}.C{}", table, index + 1);
  }

  // The first paragraph of an appendix: a new page on the first-page master, numbered from 1.
  std::string appendix_start() {
    const std::string name = fmt::format("Appendix{}", ++appendices_);
    x_.start("style:style")
        .attribute("style:name", name)
        .attribute("style:family", "paragraph")
        .attribute("style:parent-style-name", ids::appendix_label)
        .attribute("style:master-page-name", kFirstPageMaster);
    x_.empty("style:paragraph-properties", "style:page-number", "1");
    x_.end();
    return name;
  }

  std::string markup() { return x_.finish(); }

private:
  XmlWriter x_{true};
  int rules_ = 0;
  int tables_ = 0;
  int appendices_ = 0;
};

// Cell styles: grid cells of data tables, bare cells of the two-column blocks, and the closing
// block's cells with room above.
constexpr std::string_view kGridCell = "CellGrid";
constexpr std::string_view kPlainCell = "CellPlain";
constexpr std::string_view kClosingCell = "CellClosing";

void cell_styles(XmlWriter &x) {
  const auto cell = [&](std::string_view name, bool border, std::string_view padding_top,
                        std::string_view padding) {
    x.start("style:style").attribute("style:name", name).attribute("style:family", "table-cell");
    x.start("style:table-cell-properties");
    if (border) x.attribute("style:vertical-align", "middle");
    x.attribute("fo:padding-top", padding_top)
        .attribute("fo:padding-bottom", border ? padding : "0cm")
        .attribute("fo:padding-left", padding)
        .attribute("fo:padding-right", padding)
        .attribute("fo:border", border ? "0.5pt solid #000000" : "none");
    x.end().end();
  };
  cell(kGridCell, true, "0.10cm", "0.10cm");
  cell(kPlainCell, false, "0cm", "0cm");
  cell(kClosingCell, false, "0.40cm", "0cm");
}

class ContentWriter {
public:
  explicit ContentWriter(const Notice &notice) : notice_(notice) {}

  std::string write() {
    letterhead();
    paragraph(x_, ids::doc_type, notice_.doc_type);
    paragraph(x_, ids::subject, notice_.subject);
    x_.empty("text:p", "text:style-name",
             styles_.rule(layout::subject_rule_mm(notice_.subject), layout::kTextWidthMm,
                          ids::subject_rule));
    body(notice_.body);
    closing();
    for (const Appendix &appendix : notice_.appendices) {
      paragraph(x_, styles_.appendix_start(), appendix_heading(appendix));
      paragraph(x_, ids::appendix_title, appendix.title);
      paragraph(x_, ids::appendix_reference, appendix_reference(notice_));
      body(appendix.body);
    }
    const std::string text = x_.finish();

    XmlWriter x;
    start_root(x, "office:document-content");
    font_faces(x);
    x.start("office:automatic-styles");
    cell_styles(x);
    x.raw(styles_.markup());
    x.end();
    x.start("office:body").start("office:text").raw(text).end().end();
    x.end();
    return x.finish();
  }

private:
  // table:table with its columns; the caller writes the rows and ends it.
  std::string start_table(const std::vector<double> &widths_mm) {
    const std::string style = styles_.table(widths_mm, tables_ == 0);
    x_.start("table:table")
        .attribute("table:name", fmt::format("Table{}", ++tables_))
        .attribute("table:style-name", style);
    for (size_t i = 0; i < widths_mm.size(); ++i)
      x_.empty("table:table-column", "table:style-name", AutomaticStyles::column(style, i));
    return style;
  }

  void start_cell(std::string_view style) {
    x_.start("table:table-cell")
        .attribute("table:style-name", style)
        .attribute("office:value-type", "string");
  }

  void rule(std::string_view text, std::string_view id, double fraction, double min_mm,
            double max_mm, double width_mm) {
    x_.empty(
        "text:p", "text:style-name",
        styles_.rule(layout::rule_length_mm(text, layout::format(id), fraction, min_mm, max_mm),
                     width_mm));
  }

  void letterhead() {
    const Letterhead &head = notice_.letterhead;
    const double left_mm = layout::kLetterheadLeftMm;
    const double right_mm = layout::kTextWidthMm - left_mm;
    start_table({left_mm, right_mm});
    x_.start("table:table-row");
    start_cell(kPlainCell);
    if (!head.parent_issuer.empty()) paragraph(x_, ids::parent_issuer, head.parent_issuer);
    paragraph(x_, ids::issuer, head.issuer);
    rule(head.issuer, ids::issuer, 0.4, 12, 40, left_mm);
    paragraph(x_, ids::number, number_line(head));
    x_.end();
    start_cell(kPlainCell);
    paragraph(x_, ids::nation, kNationalName);
    paragraph(x_, ids::motto, kMotto);
    rule(kMotto, ids::motto, 1.0, 40, right_mm, right_mm);
    paragraph(x_, ids::place_date, place_date_line(head));
    x_.end();
    x_.end().end();
  }

  void data_table(const Table &table) {
    start_table(layout::column_widths_mm(table, layout::kTextWidthMm));
    const auto row = [&](const std::vector<std::string> &cells, bool header, bool total) {
      x_.start("table:table-row");
      for (const std::string &cell : cells) {
        start_cell(kGridCell);
        const bool figure = layout::is_figure(cell);
        const std::string_view style = header ? ids::table_head
                                       : total
                                           ? (figure ? ids::table_total_number : ids::table_total)
                                       : figure ? ids::table_number
                                                : ids::table_cell;
        paragraph(x_, style, cell);
        x_.end();
      }
      x_.end();
    };
    x_.start("table:table-header-rows");
    row(table.header, true, false);
    x_.end();
    for (const auto &cells : table.rows)
      row(cells, false, false);
    if (table.total) row(*table.total, false, true);
    x_.end();
  }

  void body(const std::vector<BodyItem> &items) {
    for (const BodyItem &item : items) {
      if (const auto *text = std::get_if<Paragraph>(&item)) {
        const bool closing_sentence = &item == &items.back() && text->style == ParagraphStyle::body;
        paragraph(x_, closing_sentence ? ids::body_closing : layout::format_id(text->style),
                  text->text);
      } else {
        data_table(std::get<Table>(item));
        paragraph(x_, ids::section_end, ""); // as in the DOCX, where tables must not touch
      }
    }
  }

  void closing() {
    start_table({layout::kClosingLeftMm, layout::kTextWidthMm - layout::kClosingLeftMm});
    x_.start("table:table-row");
    start_cell(kClosingCell);
    paragraph(x_, ids::recipients_heading, kRecipientsHeading);
    for (const std::string &line : recipient_lines(notice_.recipients))
      paragraph(x_, ids::recipient, line);
    x_.end();
    start_cell(kClosingCell);
    if (notice_.signer.authority) paragraph(x_, ids::signer_title, *notice_.signer.authority);
    paragraph(x_, ids::signer_title, notice_.signer.title);
    paragraph(x_, ids::signer_name, notice_.signer.name);
    x_.end();
    x_.end().end();
  }

  const Notice &notice_;
  XmlWriter x_{true};
  AutomaticStyles styles_;
  int tables_ = 0;
};

// fo:font-size etc. with the same value for the Asian and complex-script variants.
void text_properties(XmlWriter &x, double size_pt, bool bold, bool italic) {
  x.start("style:text-properties");
  const auto all_scripts = [&](std::string_view fo_name, std::string_view style_name,
                               std::string_view value) {
    x.attribute(fmt::format("fo:{}", fo_name), value);
    x.attribute(fmt::format("style:{}-asian", style_name), value);
    x.attribute(fmt::format("style:{}-complex", style_name), value);
  };
  all_scripts("font-size", "font-size", pt(size_pt));
  if (bold) all_scripts("font-weight", "font-weight", "bold");
  if (italic) all_scripts("font-style", "font-style", "italic");
  x.end();
}

void paragraph_style(XmlWriter &x, const ParagraphFormat &format) {
  x.start("style:style")
      .attribute("style:name", format.id)
      .attribute("style:display-name", format.name)
      .attribute("style:family", "paragraph")
      .attribute("style:parent-style-name", "Standard")
      .attribute("style:class", "text");
  x.start("style:paragraph-properties")
      .attribute("fo:margin-top", pt(format.before_pt))
      .attribute("fo:margin-bottom", pt(format.after_pt))
      .attribute("fo:line-height", fmt::format("{:.0f}%", format.line * 100))
      .attribute("fo:text-align", format.align == Align::justify  ? "justify"
                                  : format.align == Align::center ? "center"
                                                                  : "start")
      .attribute("fo:text-indent", cm(format.first_line_mm));
  if (format.keep_next) x.attribute("fo:keep-with-next", "always");
  if (format.rule)
    x.attribute("fo:border-bottom", fmt::format("{} solid #000000", pt(layout::kRuleWidthPt)))
        .attribute("fo:padding", "0cm");
  x.end();
  text_properties(x, format.size_pt, format.bold, format.italic);
  x.end();
}

void page_layout(XmlWriter &x, std::string_view name, bool header) {
  x.start("style:page-layout").attribute("style:name", name);
  // With a header, the page margin ends where the header starts; header and its spacing fill
  // the rest of the decree's top margin, so the body starts 20 mm down on every page.
  const double header_height_mm = 6;
  const double header_gap_mm = layout::kMarginTopMm - layout::kHeaderFromTopMm - header_height_mm;
  x.start("style:page-layout-properties")
      .attribute("fo:page-width", cm(layout::kPageWidthMm))
      .attribute("fo:page-height", cm(layout::kPageHeightMm))
      .attribute("style:print-orientation", "portrait")
      .attribute("fo:margin-top", cm(header ? layout::kHeaderFromTopMm : layout::kMarginTopMm))
      .attribute("fo:margin-bottom", cm(layout::kMarginBottomMm))
      .attribute("fo:margin-left", cm(layout::kMarginLeftMm))
      .attribute("fo:margin-right", cm(layout::kMarginRightMm))
      .end();
  if (header) {
    x.start("style:header-style").start("style:header-footer-properties");
    x.attribute("fo:min-height", cm(header_height_mm))
        .attribute("fo:margin-bottom", cm(header_gap_mm));
    x.end().end();
  }
  x.end();
}

std::string styles_part() {
  XmlWriter x;
  start_root(x, "office:document-styles");
  font_faces(x);
  x.start("office:styles");
  x.start("style:default-style").attribute("style:family", "paragraph");
  x.start("style:text-properties");
  for (std::string_view script : {"", "-asian", "-complex"}) {
    x.attribute(fmt::format("style:font-name{}", script), layout::kFont);
    x.attribute(script.empty() ? "fo:font-size" : fmt::format("style:font-size{}", script), "14pt");
    x.attribute(script.empty() ? "fo:language" : fmt::format("style:language{}", script), "vi");
    x.attribute(script.empty() ? "fo:country" : fmt::format("style:country{}", script), "VN");
  }
  x.end().end();
  x.start("style:style")
      .attribute("style:name", "Standard")
      .attribute("style:family", "paragraph")
      .attribute("style:class", "text")
      .end();
  for (const ParagraphFormat &format : layout::paragraph_formats())
    paragraph_style(x, format);
  x.end();
  x.start("office:automatic-styles");
  page_layout(x, "PageWithHeader", true);
  page_layout(x, "PageWithoutHeader", false);
  x.end();
  x.start("office:master-styles");
  x.start("style:master-page")
      .attribute("style:name", "Standard")
      .attribute("style:page-layout-name", "PageWithHeader");
  x.start("style:header").start("text:p").attribute("text:style-name", ids::page_number);
  x.start("text:page-number").attribute("text:select-page", "current").text("1").end();
  x.end().end();
  x.end();
  x.start("style:master-page")
      .attribute("style:name", kFirstPageMaster)
      .attribute("style:display-name", "First Page")
      .attribute("style:page-layout-name", "PageWithoutHeader")
      .attribute("style:next-style-name", "Standard")
      .end();
  x.end();
  x.end();
  return x.finish();
}

std::string meta_part(const Notice &notice) {
  const std::string when = metadata_datetime(notice.letterhead);
  XmlWriter x;
  start_root(x, "office:document-meta");
  x.start("office:meta");
  x.start("meta:generator").text("vnotice").end();
  x.start("dc:title").text(notice.doc_type + " " + notice.subject).end();
  x.start("dc:creator").text(notice.issuer_name_in_sentence).end();
  x.start("dc:language").text("vi-VN").end();
  x.start("meta:creation-date").text(when).end();
  x.start("dc:date").text(when).end();
  x.end().end();
  return x.finish();
}

std::string manifest_part() {
  XmlWriter x;
  x.start("manifest:manifest")
      .attribute("xmlns:manifest", "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0")
      .attribute("manifest:version", kVersion);
  const auto entry = [&](std::string_view path, std::string_view type) {
    x.start("manifest:file-entry")
        .attribute("manifest:full-path", path)
        .attribute("manifest:media-type", type);
    if (path == "/") x.attribute("manifest:version", kVersion);
    x.end();
  };
  entry("/", kMimeType);
  entry("content.xml", "text/xml");
  entry("styles.xml", "text/xml");
  entry("meta.xml", "text/xml");
  x.end();
  return x.finish();
}

} // namespace

std::string write_notice_odt(const Notice &notice) {
  const CalendarDate date = metadata_date(notice.letterhead);
  ZipWriter zip(date.year, date.month, date.day);
  zip.add("mimetype", std::string(kMimeType), false);
  zip.add("content.xml", ContentWriter(notice).write());
  zip.add("styles.xml", styles_part());
  zip.add("meta.xml", meta_part(notice));
  zip.add("META-INF/manifest.xml", manifest_part());
  return zip.finish();
}

} // namespace vnotice
