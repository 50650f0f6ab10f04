#include "generators/docx_writer.h"

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
using layout::ParagraphFormat;
using layout::twips;
namespace ids = layout::ids;

constexpr std::string_view kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kRelNs =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
constexpr std::string_view kRelType =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
constexpr std::string_view kPackageRelNs =
    "http://schemas.openxmlformats.org/package/2006/relationships";
constexpr std::string_view kContentTypesNs =
    "http://schemas.openxmlformats.org/package/2006/content-types";
constexpr std::string_view kWordType = "application/vnd.openxmlformats-officedocument.";

// Relationship ids of word/document.xml.
constexpr std::string_view kStylesRel = "rIdStyles";
constexpr std::string_view kSettingsRel = "rIdSettings";
constexpr std::string_view kHeaderRel = "rIdHeader";           // page number, pages 2..
constexpr std::string_view kFirstHeaderRel = "rIdFirstHeader"; // empty, each section's page 1

// Page geometry in twentieths of a point.
const long kPageWidth = twips(layout::kPageWidthMm);
const long kMarginLeft = twips(layout::kMarginLeftMm);
const long kMarginRight = twips(layout::kMarginRightMm);
const long kTextWidth = kPageWidth - kMarginLeft - kMarginRight;

std::string number(long value) { return std::to_string(value); }
std::string half_points(double points) { return number(static_cast<long>(points * 2 + 0.5)); }

// Text as runs content: '\n' a line break, '\t' a tab, the rest in w:t with spaces kept.
void write_text(XmlWriter &x, std::string_view text) {
  x.start("w:r");
  std::string pending;
  const auto flush = [&] {
    if (pending.empty()) return;
    x.start("w:t").attribute("xml:space", "preserve").text(pending).end();
    pending.clear();
  };
  for (char c : text) {
    if (c == '\n')
      flush(), x.empty("w:br");
    else if (c == '\t')
      flush(), x.empty("w:tab");
    else if (c != '\r')
      pending.push_back(c);
  }
  flush();
  x.end();
}

void paragraph(XmlWriter &x, std::string_view style, std::string_view text) {
  x.start("w:p");
  x.start("w:pPr").empty("w:pStyle", "w:val", style).end();
  if (!text.empty()) write_text(x, text);
  x.end();
}

// An empty paragraph whose bottom border is a rule `length_mm` long, centred in `width_mm`.
void rule(XmlWriter &x, double length_mm, double width_mm, std::string_view style = ids::rule) {
  const long side = twips(std::max(0.0, (width_mm - length_mm) / 2));
  x.start("w:p").start("w:pPr");
  x.empty("w:pStyle", "w:val", style);
  x.start("w:ind").attribute("w:left", number(side)).attribute("w:right", number(side)).end();
  x.end().end();
}

void table_borders(XmlWriter &x, bool visible) {
  x.start("w:tblBorders");
  for (const char *side : {"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"}) {
    x.start(side).attribute("w:val", visible ? "single" : "nil");
    if (visible) x.attribute("w:sz", "4").attribute("w:space", "0").attribute("w:color", "000000");
    x.end();
  }
  x.end();
}

void cell_margins(XmlWriter &x, long top, long side, long bottom = 0) {
  x.start("w:tblCellMar");
  x.start("w:top").attribute("w:w", number(top)).attribute("w:type", "dxa").end();
  x.start("w:left").attribute("w:w", number(side)).attribute("w:type", "dxa").end();
  x.start("w:bottom").attribute("w:w", number(bottom)).attribute("w:type", "dxa").end();
  x.start("w:right").attribute("w:w", number(side)).attribute("w:type", "dxa").end();
  x.end();
}

// w:tbl, w:tblPr and w:tblGrid; the caller writes the rows and ends the table.
void start_table(XmlWriter &x, const std::vector<long> &widths, bool borders, long top_margin) {
  long total = 0;
  for (long width : widths)
    total += width;
  x.start("w:tbl").start("w:tblPr");
  x.start("w:tblW").attribute("w:w", number(total)).attribute("w:type", "dxa").end();
  x.empty("w:jc", "w:val", "center");
  table_borders(x, borders);
  x.empty("w:tblLayout", "w:type", "fixed");
  cell_margins(x, top_margin, borders ? twips(1) : 0, borders ? twips(1) : 0);
  x.end();
  x.start("w:tblGrid");
  for (long width : widths)
    x.empty("w:gridCol", "w:w", number(width));
  x.end();
}

void start_cell(XmlWriter &x, long width, bool centred_vertically) {
  x.start("w:tc").start("w:tcPr");
  x.start("w:tcW").attribute("w:w", number(width)).attribute("w:type", "dxa").end();
  if (centred_vertically) x.empty("w:vAlign", "w:val", "center");
  x.end();
}

// The letterhead: issuing bodies and number left, motto and place/date right.
void letterhead(XmlWriter &x, const Notice &notice) {
  const Letterhead &head = notice.letterhead;
  const double left_mm = layout::kLetterheadLeftMm;
  const double right_mm = layout::kTextWidthMm - left_mm;
  const std::vector<long> widths = {twips(left_mm), kTextWidth - twips(left_mm)};
  start_table(x, widths, false, 0);
  x.start("w:tr");
  start_cell(x, widths[0], false);
  if (!head.parent_issuer.empty()) paragraph(x, ids::parent_issuer, head.parent_issuer);
  paragraph(x, ids::issuer, head.issuer);
  rule(x, layout::rule_length_mm(head.issuer, layout::format(ids::issuer), 0.4, 12, 40), left_mm);
  paragraph(x, ids::number, number_line(head));
  x.end();
  start_cell(x, widths[1], false);
  paragraph(x, ids::nation, kNationalName);
  paragraph(x, ids::motto, kMotto);
  rule(x, layout::rule_length_mm(kMotto, layout::format(ids::motto), 1.0, 40, right_mm), right_mm);
  paragraph(x, ids::place_date, place_date_line(head));
  x.end();
  x.end().end();
}

void data_table(XmlWriter &x, const Table &table) {
  const std::vector<double> mm = layout::column_widths_mm(table, layout::kTextWidthMm);
  std::vector<long> widths;
  for (double width : mm)
    widths.push_back(twips(width));
  start_table(x, widths, true, twips(1));
  const auto row = [&](const std::vector<std::string> &cells, bool header, bool total) {
    x.start("w:tr");
    if (header)
      x.start("w:trPr").empty("w:cantSplit").empty("w:tblHeader").end();
    else
      x.start("w:trPr").empty("w:cantSplit").end();
    for (size_t i = 0; i < cells.size(); ++i) {
      start_cell(x, widths[i], true);
      const bool figure = layout::is_figure(cells[i]);
      const std::string_view style = header  ? ids::table_head
                                     : total ? (figure ? ids::table_total_number : ids::table_total)
                                     : figure ? ids::table_number
                                              : ids::table_cell;
      paragraph(x, style, cells[i]);
      x.end();
    }
    x.end();
  };
  row(table.header, true, false);
  for (const auto &cells : table.rows)
    row(cells, false, false);
  if (table.total) row(*table.total, false, true);
  x.end();
}

void body(XmlWriter &x, const std::vector<BodyItem> &items) {
  for (const BodyItem &item : items) {
    if (const auto *text = std::get_if<Paragraph>(&item)) {
      const bool closing_sentence = &item == &items.back() && text->style == ParagraphStyle::body;
      paragraph(x, closing_sentence ? ids::body_closing : layout::format_id(text->style),
                text->text);
    } else {
      data_table(x, std::get<Table>(item));
      // Two tables in a row would merge into one; a tiny paragraph keeps them apart.
      paragraph(x, ids::section_end, "");
    }
  }
}

// Nơi nhận and recipients left, the signer right.
void closing(XmlWriter &x, const Notice &notice) {
  const std::vector<long> widths = {twips(layout::kClosingLeftMm),
                                    kTextWidth - twips(layout::kClosingLeftMm)};
  start_table(x, widths, false, twips(4));
  x.start("w:tr");
  x.start("w:trPr").empty("w:cantSplit").end(); // the signature block stays on one page
  start_cell(x, widths[0], false);
  paragraph(x, ids::recipients_heading, kRecipientsHeading);
  for (const std::string &line : recipient_lines(notice.recipients))
    paragraph(x, ids::recipient, line);
  x.end();
  start_cell(x, widths[1], false);
  if (notice.signer.authority) paragraph(x, ids::signer_title, *notice.signer.authority);
  paragraph(x, ids::signer_title, notice.signer.title);
  paragraph(x, ids::signer_name, notice.signer.name);
  x.end();
  x.end().end();
}

// Every section alike: A4 portrait, the decree's margins, no page number on its first page
// (titlePg with the empty first-page header) and numbering from 1.
void section_properties(XmlWriter &x) {
  x.start("w:sectPr");
  x.start("w:headerReference").attribute("w:type", "default").attribute("r:id", kHeaderRel).end();
  x.start("w:headerReference")
      .attribute("w:type", "first")
      .attribute("r:id", kFirstHeaderRel)
      .end();
  x.empty("w:type", "w:val", "nextPage");
  x.start("w:pgSz")
      .attribute("w:w", number(kPageWidth))
      .attribute("w:h", number(twips(layout::kPageHeightMm)))
      .end();
  x.start("w:pgMar")
      .attribute("w:top", number(twips(layout::kMarginTopMm)))
      .attribute("w:right", number(kMarginRight))
      .attribute("w:bottom", number(twips(layout::kMarginBottomMm)))
      .attribute("w:left", number(kMarginLeft))
      .attribute("w:header", number(twips(layout::kHeaderFromTopMm)))
      .attribute("w:footer", number(twips(layout::kHeaderFromTopMm)))
      .attribute("w:gutter", "0")
      .end();
  x.empty("w:pgNumType", "w:start", "1");
  x.empty("w:cols", "w:space", "720");
  x.empty("w:titlePg");
  x.empty("w:docGrid", "w:linePitch", "360");
  x.end();
}

std::string document_part(const Notice &notice) {
  XmlWriter x;
  x.start("w:document").attribute("xmlns:w", kWordNs).attribute("xmlns:r", kRelNs);
  x.start("w:body");
  letterhead(x, notice);
  paragraph(x, ids::doc_type, notice.doc_type);
  paragraph(x, ids::subject, notice.subject);
  rule(x, layout::subject_rule_mm(notice.subject), layout::kTextWidthMm, ids::subject_rule);
  body(x, notice.body);
  closing(x, notice);
  for (const Appendix &appendix : notice.appendices) {
    // The section that ends here is described in this paragraph's properties.
    x.start("w:p").start("w:pPr");
    x.empty("w:pStyle", "w:val", ids::section_end);
    section_properties(x);
    x.end().end();
    paragraph(x, ids::appendix_label, appendix_heading(appendix));
    paragraph(x, ids::appendix_title, appendix.title);
    paragraph(x, ids::appendix_reference, appendix_reference(notice));
    body(x, appendix.body);
  }
  section_properties(x);
  x.end().end();
  return x.finish();
}

void style_properties(XmlWriter &x, const ParagraphFormat &format) {
  x.start("w:pPr");
  if (format.keep_next) x.empty("w:keepNext");
  if (format.rule) {
    x.start("w:pBdr").start("w:bottom");
    x.attribute("w:val", "single")
        .attribute("w:sz", number(static_cast<long>(layout::kRuleWidthPt * 8)))
        .attribute("w:space", "0")
        .attribute("w:color", "000000");
    x.end().end();
  }
  x.start("w:spacing")
      .attribute("w:before", number(static_cast<long>(format.before_pt * 20)))
      .attribute("w:after", number(static_cast<long>(format.after_pt * 20)))
      .attribute("w:line", number(static_cast<long>(format.line * 240 + 0.5)))
      .attribute("w:lineRule", "auto")
      .end();
  if (format.first_line_mm > 0)
    x.empty("w:ind", "w:firstLine", number(twips(format.first_line_mm)));
  x.empty("w:jc", "w:val",
          format.align == Align::justify  ? "both"
          : format.align == Align::center ? "center"
                                          : "left");
  x.end();
  x.start("w:rPr");
  if (format.bold) x.empty("w:b").empty("w:bCs");
  if (format.italic) x.empty("w:i").empty("w:iCs");
  x.empty("w:sz", "w:val", half_points(format.size_pt));
  x.empty("w:szCs", "w:val", half_points(format.size_pt));
  x.end();
}

std::string styles_part() {
  XmlWriter x;
  x.start("w:styles").attribute("xmlns:w", kWordNs);
  x.start("w:docDefaults").start("w:rPrDefault").start("w:rPr");
  x.start("w:rFonts");
  for (const char *slot : {"w:ascii", "w:eastAsia", "w:hAnsi", "w:cs"})
    x.attribute(slot, layout::kFont);
  x.end();
  x.empty("w:sz", "w:val", "28").empty("w:szCs", "w:val", "28");
  x.start("w:lang")
      .attribute("w:val", "vi-VN")
      .attribute("w:eastAsia", "vi-VN")
      .attribute("w:bidi", "vi-VN")
      .end();
  x.end().end();
  x.start("w:pPrDefault").start("w:pPr");
  x.start("w:spacing").attribute("w:after", "0").attribute("w:line", "240");
  x.attribute("w:lineRule", "auto").end();
  x.end().end();
  x.end();

  x.start("w:style").attribute("w:type", "paragraph").attribute("w:default", "1");
  x.attribute("w:styleId", "Normal").empty("w:name", "w:val", "Normal").empty("w:qFormat").end();
  x.start("w:style").attribute("w:type", "table").attribute("w:default", "1");
  x.attribute("w:styleId", "TableNormal").empty("w:name", "w:val", "Normal Table");
  x.start("w:tblPr").start("w:tblInd").attribute("w:w", "0").attribute("w:type", "dxa").end();
  cell_margins(x, 0, 108);
  x.end().end();
  for (const ParagraphFormat &format : layout::paragraph_formats()) {
    x.start("w:style")
        .attribute("w:type", "paragraph")
        .attribute("w:customStyle", "1")
        .attribute("w:styleId", format.id);
    x.empty("w:name", "w:val", format.name).empty("w:basedOn", "w:val", "Normal");
    x.empty("w:qFormat");
    style_properties(x, format);
    x.end();
  }
  x.end();
  return x.finish();
}

std::string settings_part() {
  XmlWriter x;
  x.start("w:settings").attribute("xmlns:w", kWordNs);
  x.empty("w:defaultTabStop", "w:val", "720");
  x.empty("w:characterSpacingControl", "w:val", "doNotCompress");
  x.start("w:compat").start("w:compatSetting");
  x.attribute("w:name", "compatibilityMode")
      .attribute("w:uri", "http://schemas.microsoft.com/office/word")
      .attribute("w:val", "15");
  x.end().end();
  x.start("w:themeFontLang").attribute("w:val", "vi-VN").attribute("w:eastAsia", "vi-VN").end();
  x.end();
  return x.finish();
}

std::string header_part(bool page_number) {
  XmlWriter x;
  x.start("w:hdr").attribute("xmlns:w", kWordNs).attribute("xmlns:r", kRelNs);
  x.start("w:p").start("w:pPr").empty("w:pStyle", "w:val", ids::page_number).end();
  if (page_number) {
    x.start("w:fldSimple").attribute("w:instr", " PAGE ");
    write_text(x, "1");
    x.end();
  }
  x.end().end();
  return x.finish();
}

std::string content_types_part() {
  XmlWriter x;
  x.start("Types").attribute("xmlns", kContentTypesNs);
  x.start("Default").attribute("Extension", "rels");
  x.attribute("ContentType", "application/vnd.openxmlformats-package.relationships+xml").end();
  x.start("Default").attribute("Extension", "xml").attribute("ContentType", "application/xml");
  x.end();
  const auto override_part = [&](std::string_view part, const std::string &type) {
    x.start("Override").attribute("PartName", part).attribute("ContentType", type).end();
  };
  const std::string word = std::string(kWordType) + "wordprocessingml.";
  override_part("/word/document.xml", word + "document.main+xml");
  override_part("/word/styles.xml", word + "styles+xml");
  override_part("/word/settings.xml", word + "settings+xml");
  override_part("/word/header1.xml", word + "header+xml");
  override_part("/word/header2.xml", word + "header+xml");
  override_part("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
  override_part("/docProps/app.xml", std::string(kWordType) + "extended-properties+xml");
  x.end();
  return x.finish();
}

struct Relationship {
  std::string_view id;
  std::string type; // full URI
  std::string_view target;
};

std::string relationships_part(const std::vector<Relationship> &relationships) {
  XmlWriter x;
  x.start("Relationships").attribute("xmlns", kPackageRelNs);
  for (const Relationship &relationship : relationships)
    x.start("Relationship")
        .attribute("Id", relationship.id)
        .attribute("Type", relationship.type)
        .attribute("Target", relationship.target)
        .end();
  x.end();
  return x.finish();
}

std::string core_part(const Notice &notice) {
  const std::string when = metadata_datetime(notice.letterhead) + "Z";
  XmlWriter x;
  x.start("cp:coreProperties")
      .attribute("xmlns:cp",
                 "http://schemas.openxmlformats.org/package/2006/metadata/core-properties")
      .attribute("xmlns:dc", "http://purl.org/dc/elements/1.1/")
      .attribute("xmlns:dcterms", "http://purl.org/dc/terms/")
      .attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
  x.start("dc:title").text(notice.doc_type + " " + notice.subject).end();
  x.start("dc:creator").text(notice.issuer_name_in_sentence).end();
  x.start("dc:language").text("vi-VN").end();
  for (const char *name : {"dcterms:created", "dcterms:modified"})
    x.start(name).attribute("xsi:type", "dcterms:W3CDTF").text(when).end();
  x.end();
  return x.finish();
}

std::string app_part() {
  XmlWriter x;
  x.start("Properties")
      .attribute("xmlns",
                 "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties");
  x.start("Application").text("vnotice").end();
  x.end();
  return x.finish();
}

} // namespace

std::string write_notice_docx(const Notice &notice) {
  const CalendarDate date = metadata_date(notice.letterhead);
  ZipWriter zip(date.year, date.month, date.day);
  zip.add("[Content_Types].xml", content_types_part());
  zip.add("_rels/.rels",
          relationships_part({
              {"rId1", std::string(kRelType) + "officeDocument", "word/document.xml"},
              {"rId2",
               "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
               "core-properties",
               "docProps/core.xml"},
              {"rId3", std::string(kRelType) + "extended-properties", "docProps/app.xml"},
          }));
  zip.add("word/document.xml", document_part(notice));
  zip.add("word/_rels/document.xml.rels",
          relationships_part({
              {kStylesRel, std::string(kRelType) + "styles", "styles.xml"},
              {kSettingsRel, std::string(kRelType) + "settings", "settings.xml"},
              {kHeaderRel, std::string(kRelType) + "header", "header1.xml"},
              {kFirstHeaderRel, std::string(kRelType) + "header", "header2.xml"},
          }));
  zip.add("word/styles.xml", styles_part());
  zip.add("word/settings.xml", settings_part());
  zip.add("word/header1.xml", header_part(true));
  zip.add("word/header2.xml", header_part(false));
  zip.add("docProps/core.xml", core_part(notice));
  zip.add("docProps/app.xml", app_part());
  return zip.finish();
}

} // namespace vnotice
