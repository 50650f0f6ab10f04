// DOCX and ODT reading rules on small packages made for each rule: words across runs, tables,
// headers and footers, text boxes and list numbering.
#include "extractors/office_extractor.h"
#include "extractors/office_package.h"
#include "extractors/registry.h"
#include "office_test_support.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "pipeline/reflow.h"
#include "test_support.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace vnotice {
namespace {

using test::blocks_of;
using test::docx_document;
using test::kWordNs;
using test::line_texts;
using test::make_docx;
using test::make_odt;
using test::make_package;
using test::odt_content;

namespace fs = std::filesystem;

// --- words split across runs ------------------------------------------------------------------

TEST(OfficeWordsTest, DocxWordSplitAcrossRunsIsOneWordWithTheFontOfItsStart) {
  test::TempDir dir;
  const std::string styles = R"(<w:styles xmlns:w=")" + kWordNs + R"("><w:docDefaults>
<w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial"/><w:sz w:val="24"/></w:rPr></w:rPrDefault>
</w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr>
<w:rFonts w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style></w:styles>)";
  const InputFile input = make_docx(
      dir / "runs.docx",
      docx_document(
          R"(<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/><w:sz w:val="26"/></w:rPr><w:t>Th</w:t></w:r>)"
          R"(<w:r><w:t xml:space="preserve">ương mại</w:t><w:tab/><w:t>x</w:t><w:br/></w:r>)"
          R"(<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>)"
          R"(<w:r><w:instrText>PAGE</w:instrText></w:r><w:ins><w:r><w:t xml:space="preserve"> new</w:t></w:r></w:ins></w:p>)"
          R"(<w:p><w:r><w:t>   </w:t></w:r></w:p>)"
          R"(<w:sdt><w:sdtContent><w:p><w:smartTag><w:r><w:t>tag</w:t></w:r></w:smartTag></w:p></w:sdtContent></w:sdt>)"),
      {{"word/styles.xml", styles}});
  const Document document = extract_document(input, {});
  ASSERT_EQ(document.pages.size(), 1u);
  const auto &blocks = document.pages[0].blocks;
  ASSERT_EQ(blocks.size(), 2u); // the blank paragraph gives no block
  EXPECT_EQ(line_texts(blocks[0]), (std::vector<std::string>{"Thương mại x", "link new"}));
  EXPECT_EQ(blocks[1].text(), "tag");
  const Word &first = blocks[0].lines[0].words[0];
  EXPECT_EQ(first.text, "Thương");
  EXPECT_EQ(first.font, ".VnTime"); // the font of "Th", where the word starts
  EXPECT_EQ(first.font_size, 13);
  const Word &second = blocks[0].lines[0].words[1];
  EXPECT_EQ(second.font, "Times New Roman"); // paragraph style, w:hAnsi
  EXPECT_EQ(second.font_size, 14);
  EXPECT_EQ(second.origin, Origin::docx);
}

TEST(OfficeWordsTest, DocxTablesOfTwoAndThreeColumns) {
  test::TempDir dir;
  const auto c = [&](const std::string &text) {
    return "<w:tc><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:tc>";
  };
  const InputFile input =
      make_docx(dir / "tables.docx",
                docx_document("<w:tbl><w:tr>" + c("A1") + c("B1") + "</w:tr><w:tr>" + c("A2") +
                              "<w:tc><w:p/></w:tc></w:tr></w:tbl>" + "<w:tbl><w:tr>" + c("x") +
                              c("y z") + c("1") + "</w:tr><w:tr><w:tc><w:p/></w:tc>" + c("q") +
                              c("2") + "</w:tr></w:tbl>" + "<w:tbl><w:tr><w:tc><w:p/></w:tc>" +
                              c("right only") + "</w:tr></w:tbl>"));
  const Document document = extract_document(input, {});
  const auto &blocks = document.pages.at(0).blocks;
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(blocks[0].kind, BlockKind::column);
  EXPECT_EQ(blocks[0].text(), "A1\nA2");
  EXPECT_EQ(blocks[1].kind, BlockKind::column);
  EXPECT_EQ(blocks[1].text(), "B1");
  EXPECT_EQ(blocks[2].kind, BlockKind::table);
  EXPECT_EQ(blocks[2].text(), "x\ty z\t1\n\tq\t2"); // the empty first cell keeps its column
  EXPECT_EQ(blocks[2].lines[1].words[0].text, "");
  EXPECT_FALSE(blocks[2].lines[1].words[0].starts_cell); // first word of its row
  EXPECT_TRUE(blocks[2].lines[1].words[1].starts_cell);
  EXPECT_TRUE(blocks[2].lines[0].words[1].starts_cell);
  EXPECT_FALSE(blocks[2].lines[0].words[2].starts_cell);
  EXPECT_EQ(blocks[3].kind, BlockKind::column); // the empty left column is skipped
  EXPECT_EQ(blocks[3].text(), "right only");
}

TEST(OfficeWordsTest, OdtSpansSpacesBreaksListsAndStyles) {
  test::TempDir dir;
  const std::string styles =
      R"(<style:style style:name="P1" style:family="paragraph"><style:text-properties style:font-name="VNI-Times" fo:font-size="13pt"/></style:style>)"
      R"(<style:style style:name="T1" style:family="text"><style:text-properties fo:font-name="x" style:font-name="Arial" fo:font-size="0.25in"/></style:style>)";
  const InputFile input = make_odt(
      dir / "spans.odt",
      odt_content(
          styles,
          R"(<text:p text:style-name="P1"><text:span text:style-name="T1">Th</text:span>ương<text:s text:c="3"/>mại<text:tab/>x<text:line-break/><text:a>link</text:a> <text:note><text:note-body><text:p>foot</text:p></text:note-body></text:note></text:p>)"
          R"(<text:list><text:list-item><text:h>Heading</text:h></text:list-item></text:list>)"
          R"(<text:section><text:p>   </text:p><text:p>in section</text:p></text:section>)"));
  const Document document = extract_document(input, {});
  ASSERT_EQ(document.source.format, "odt");
  const auto &blocks = document.pages.at(0).blocks;
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(line_texts(blocks[0]), (std::vector<std::string>{"Thương mại x", "link"}));
  EXPECT_EQ(blocks[1].text(), "Heading");
  EXPECT_EQ(blocks[2].text(), "in section");
  const Word &first = blocks[0].lines[0].words[0];
  EXPECT_EQ(first.font, "Arial"); // the span's font, where the word starts
  EXPECT_EQ(first.font_size, 18);
  EXPECT_EQ(first.origin, Origin::odt);
  EXPECT_EQ(blocks[0].lines[0].words[1].font, "VNI-Times"); // through the font-face declaration
  EXPECT_EQ(blocks[0].lines[0].words[1].font_size, 13);
}

// --- empty table cells -----------------------------------------------------------------------

TEST(OfficeTableTest, DocxEmptyCellsKeepTheirColumns) {
  test::TempDir dir;
  const auto c = [](const std::string &text) {
    return "<w:tc><w:p><w:r><w:t>" + text + "</w:t></w:r></w:p></w:tc>";
  };
  const std::string empty = "<w:tc><w:p/></w:tc>";
  const std::string merged_below = R"(<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>)";
  const InputFile input =
      make_docx(dir / "cells.docx",
                docx_document("<w:tbl><w:tr>" + c("Đơn vị") + c("Tiếp nhận") + c("Giải quyết") +
                              c("Quá hạn") + "</w:tr><w:tr>" + c("Điện lực") + empty + c("150") +
                              c("02") + "</w:tr><w:tr>" + merged_below + c("7") + empty + empty +
                              "</w:tr><w:tr>" + empty + empty + empty + empty + "</w:tr></w:tbl>"));
  const Document document = extract_document(input, {});
  const auto tables = blocks_of(document, BlockKind::table);
  ASSERT_EQ(tables.size(), 1u);
  // The row of empty cells says nothing and is left out; the others keep four cells.
  EXPECT_EQ(line_texts(*tables[0]),
            (std::vector<std::string>{"Đơn vị\tTiếp nhận\tGiải quyết\tQuá hạn",
                                      "Điện lực\t\t150\t02", "\t7\t\t"}));
  const Line &row = tables[0]->lines[1];
  ASSERT_EQ(row.words.size(), 5u);
  EXPECT_EQ(row.words[2].text, "");
  EXPECT_TRUE(row.words[2].starts_cell);
  EXPECT_EQ(row.words[2].origin, Origin::docx);
  EXPECT_EQ(flowing_text(document),
            "Đơn vị\tTiếp nhận\tGiải quyết\tQuá hạn\nĐiện lực\t\t150\t02\n\t7\t\t\n");
}

TEST(OfficeTableTest, OdtEmptyCoveredAndRepeatedCellsKeepTheirColumns) {
  test::TempDir dir;
  const auto c = [](const std::string &text, const std::string &attributes = "") {
    return "<table:table-cell" + attributes + "><text:p>" + text + "</text:p></table:table-cell>";
  };
  const InputFile input = make_odt(
      dir / "cells.odt",
      odt_content("", "<table:table><table:table-row>" +
                          c("Đơn vị", R"( table:number-rows-spanned="2")") +
                          c("Số liệu", R"( table:number-columns-spanned="2")") +
                          "<table:covered-table-cell/>" + c("Ghi chú") +
                          "</table:table-row><table:table-row><table:covered-table-cell/>" +
                          c("Tiếp nhận") + c("Giải quyết") +
                          "<table:table-cell/></table:table-row><table:table-row>" + c("Điện lực") +
                          "<table:table-cell><text:p/></table:table-cell>" + c("150") + c("02") +
                          "</table:table-row><table:table-row>" + c("Cộng") +
                          R"(<table:table-cell table:number-columns-repeated="3"/>)" +
                          "</table:table-row></table:table>"));
  const Document document = extract_document(input, {});
  const auto tables = blocks_of(document, BlockKind::table);
  ASSERT_EQ(tables.size(), 1u);
  // A span is one cell; a cell covered from the row above and empty cells, repeated or not,
  // each keep their column.
  EXPECT_EQ(line_texts(*tables[0]),
            (std::vector<std::string>{"Đơn vị\tSố liệu\tGhi chú", "\tTiếp nhận\tGiải quyết\t",
                                      "Điện lực\t\t150\t02", "Cộng\t\t\t"}));
}

// --- headers and footers ----------------------------------------------------------------------

const std::string kDocxNamespaces =
    R"( xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main")"
    R"( xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")"
    R"( xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006")"
    R"( xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing")"
    R"( xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main")"
    R"( xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape")"
    R"( xmlns:v="urn:schemas-microsoft-com:vml")";

std::string docx_part(const std::string &root, const std::string &content) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:" + root + kDocxNamespaces + ">" + content +
         "</w:" + root + ">";
}

std::string w_paragraph(const std::string &text, const std::string &properties = "") {
  return "<w:p>" + (properties.empty() ? "" : "<w:pPr>" + properties + "</w:pPr>") +
         "<w:r><w:t xml:space=\"preserve\">" + text + "</w:t></w:r></w:p>";
}

std::string relationships(const std::vector<std::pair<std::string, std::string>> &targets) {
  std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?><Relationships )"
                    R"(xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
  for (const auto &[id, target] : targets)
    xml += R"(<Relationship Id=")" + id + R"(" Type="http://schemas.openxmlformats.org/)" +
           R"(officeDocument/2006/relationships/header" Target=")" + target + R"("/>)";
  return xml + "</Relationships>";
}

TEST(OfficeFurnitureTest, DocxHeadersAndFootersAreFurnitureAroundTheBody) {
  test::TempDir dir;
  const std::string section =
      R"(<w:sectPr><w:headerReference w:type="default" r:id="rIdH1"/>)"
      R"(<w:headerReference w:type="first" r:id="rIdH2"/><w:headerReference w:type="even" r:id="rIdH3"/>)"
      R"(<w:footerReference w:type="default" r:id="rIdF1"/><w:footerReference w:type="first" r:id="rIdF1"/>)"
      R"(<w:titlePg/></w:sectPr>)";
  // The footer's page number: a simple field with its cached text, and a complex field whose
  // result was never cached (nothing may be invented for it).
  const std::string footer =
      R"(<w:p><w:r><w:t xml:space="preserve">Trang </w:t></w:r><w:fldSimple w:instr=" PAGE ">)"
      R"(<w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> / </w:t></w:r>)"
      R"(<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r>)"
      R"(<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>)";
  const InputFile input =
      make_docx(dir / "furniture.docx",
                docx_part("document", "<w:body>" + w_paragraph("Nội dung báo cáo thử nghiệm.") +
                                          w_paragraph("Đoạn thứ hai của thân văn bản.") + section +
                                          "</w:body>"),
                {{"word/_rels/document.xml.rels", relationships({{"rIdH1", "header1.xml"},
                                                                 {"rIdH2", "/word/header2.xml"},
                                                                 {"rIdH3", "header3.xml"},
                                                                 {"rIdF1", "footer1.xml"}})},
                 {"word/header1.xml", docx_part("hdr", w_paragraph("Đầu trang các trang sau"))},
                 {"word/header2.xml", docx_part("hdr", w_paragraph("Đầu trang thứ nhất"))},
                 {"word/header3.xml", docx_part("hdr", w_paragraph("Đầu trang chẵn"))},
                 {"word/footer1.xml", docx_part("ftr", footer)}});
  const Document document = extract_document(input, {});
  const auto &blocks = document.pages.at(0).blocks;
  ASSERT_EQ(blocks.size(), 5u);
  // Headers first (the first-page one, then the default), the body, the footer last once. The
  // even-page header is not printed: the document has no different odd and even pages.
  EXPECT_EQ(blocks[0].kind, BlockKind::furniture);
  EXPECT_EQ(blocks[0].text(), "Đầu trang thứ nhất");
  EXPECT_EQ(blocks[1].kind, BlockKind::furniture);
  EXPECT_EQ(blocks[1].text(), "Đầu trang các trang sau");
  EXPECT_EQ(blocks[2].kind, BlockKind::paragraph);
  EXPECT_EQ(blocks[3].kind, BlockKind::paragraph);
  EXPECT_EQ(blocks[4].kind, BlockKind::furniture);
  EXPECT_EQ(blocks[4].text(), "Trang 3 /");
  EXPECT_EQ(document.text().find("Đầu trang chẵn"), std::string::npos);
  // Kept in the Document, out of the flowing text.
  EXPECT_EQ(flowing_text(document),
            "Nội dung báo cáo thử nghiệm.\n\nĐoạn thứ hai của thân văn bản.\n");
  EXPECT_EQ(to_json(document)["pages"][0]["blocks"][4]["kind"], "furniture");

  // With different odd and even pages (word/settings.xml), the even-page header is read too.
  const InputFile even =
      make_docx(dir / "even.docx",
                docx_part("document", "<w:body>" + w_paragraph("Thân.") + section + "</w:body>"),
                {{"word/_rels/document.xml.rels",
                  relationships({{"rIdH1", "header1.xml"}, {"rIdH3", "header3.xml"}})},
                 {"word/settings.xml", docx_part("settings", "<w:evenAndOddHeaders/>")},
                 {"word/header1.xml", docx_part("hdr", w_paragraph("Đầu lẻ"))},
                 {"word/header3.xml", docx_part("hdr", w_paragraph("Đầu chẵn"))}});
  const Document even_document = extract_document(even, {});
  const auto furniture = blocks_of(even_document, BlockKind::furniture);
  ASSERT_EQ(furniture.size(), 2u); // the first-page header and the footer are not in the package
  EXPECT_EQ(furniture[0]->text(), "Đầu lẻ");
  EXPECT_EQ(furniture[1]->text(), "Đầu chẵn");
}

const std::string kOdtNamespaces =
    R"( xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0")"
    R"( xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0")"
    R"( xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0")"
    R"( xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0")"
    R"( xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0")"
    R"( xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0")"
    R"( xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0")"
    R"( xmlns:xml="http://www.w3.org/XML/1998/namespace")";

std::string odt_document(const std::string &root, const std::string &content) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:" + root + kOdtNamespaces + ">" +
         content + "</office:" + root + ">";
}

InputFile make_odt(const fs::path &path, const std::string &automatic_styles,
                   const std::string &text, const std::string &styles_xml) {
  return make_package(
      path, {{"mimetype", "application/vnd.oasis.opendocument.text"},
             {"content.xml",
              odt_document("document-content", "<office:automatic-styles>" + automatic_styles +
                                                   "</office:automatic-styles>"
                                                   "<office:body><office:text>" +
                                                   text + "</office:text></office:body>")},
             {"styles.xml", odt_document("document-styles", styles_xml)}});
}

TEST(OfficeFurnitureTest, OdtMasterPageHeaderAndFooterAreFurnitureAroundTheBody) {
  test::TempDir dir;
  const std::string master_pages =
      R"(<office:master-styles><style:master-page style:name="Standard">)"
      R"(<style:header><text:p>Đầu trang mặc định</text:p></style:header>)"
      R"(<style:header-left style:display="false"><text:p>Không in</text:p></style:header-left>)"
      R"(</style:master-page><style:master-page style:name="Bia">)"
      R"(<style:header><style:region-left><text:p>Vùng trái</text:p></style:region-left>)"
      R"(<style:region-right><text:p>Vùng phải</text:p></style:region-right></style:header>)"
      R"(<style:footer><text:p>Trang <text:page-number text:select-page="current">2</text:page-number>)"
      R"(<text:page-count/></text:p></style:footer></style:master-page></office:master-styles>)";
  // The first paragraph's style switches to page style "Bia": its header and footer are read, the
  // unused "Standard" ones are not.
  const InputFile input = make_odt(
      dir / "furniture.odt",
      R"(<style:style style:name="P1" style:family="paragraph" style:master-page-name="Bia"/>)",
      R"(<text:p text:style-name="P1">Thân văn bản thử.</text:p><text:p>Đoạn cuối.</text:p>)",
      master_pages);
  const Document document = extract_document(input, {});
  const auto &blocks = document.pages.at(0).blocks;
  std::vector<std::string> texts;
  for (const Block &block : blocks)
    texts.push_back(std::string(block_kind_name(block.kind)) + ": " + block.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"furniture: Vùng trái", "furniture: Vùng phải",
                                             "paragraph: Thân văn bản thử.",
                                             "paragraph: Đoạn cuối.", "furniture: Trang 2"}));
  EXPECT_EQ(flowing_text(document), "Thân văn bản thử.\n\nĐoạn cuối.\n");

  // Without a page style named by the text: the default one, "Standard"; a header that is not
  // displayed is not read.
  const InputFile plain = make_odt(dir / "plain.odt", "", "<text:p>Thân.</text:p>", master_pages);
  const Document plain_document = extract_document(plain, {});
  const auto furniture = blocks_of(plain_document, BlockKind::furniture);
  ASSERT_EQ(furniture.size(), 1u);
  EXPECT_EQ(furniture[0]->text(), "Đầu trang mặc định");
}

// --- text boxes -------------------------------------------------------------------------------

TEST(OfficeTextBoxTest, DocxTextBoxesAreReadOnceAfterTheirAnchor) {
  test::TempDir dir;
  const std::string box_content =
      "<w:txbxContent>" + w_paragraph("Ô chữ ghi chú") + "</w:txbxContent>";
  // Word's usual form: the DrawingML shape in mc:Choice, the same box in VML in mc:Fallback.
  const std::string alternate =
      R"(<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>)"
      R"(<a:graphic><a:graphicData><wps:wsp><wps:txbx>)" +
      box_content +
      R"(</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>)"
      R"(<mc:Fallback><w:pict><v:shape><v:textbox>)" +
      box_content + R"(</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>)";
  // An older file: VML only.
  const std::string vml =
      "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>" + w_paragraph("Khung cũ") +
      "<w:tbl><w:tr><w:tc>" + w_paragraph("a") + "</w:tc><w:tc>" + w_paragraph("b") +
      "</w:tc><w:tc>" + w_paragraph("c") +
      "</w:tc></w:tr></w:tbl></w:txbxContent></v:textbox></v:shape></w:pict></w:r>";
  const InputFile input = make_docx(
      dir / "boxes.docx",
      docx_part("document", "<w:body><w:p><w:r><w:t xml:space=\"preserve\">Đoạn neo </w:t></w:r>" +
                                alternate + "<w:r><w:t>tiếp tục</w:t></w:r></w:p>" +
                                w_paragraph("Đoạn giữa") + "<w:p>" + vml + "</w:p>" +
                                w_paragraph("Đoạn cuối") + "</w:body>"));
  const Document document = extract_document(input, {});
  std::vector<std::string> texts;
  for (const Block &block : document.pages.at(0).blocks)
    texts.push_back(block.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"Đoạn neo tiếp tục", "Ô chữ ghi chú", "Đoạn giữa",
                                             "Khung cũ", "a\tb\tc", "Đoạn cuối"}));
  EXPECT_EQ(document.pages[0].blocks[1].kind, BlockKind::paragraph);
  EXPECT_EQ(document.pages[0].blocks[4].kind, BlockKind::table);
}

TEST(OfficeTextBoxTest, OdtFrameTextBoxesFollowTheirParagraph) {
  test::TempDir dir;
  const InputFile input = make_odt(
      dir / "frames.odt", "",
      R"(<text:p>Đoạn neo <draw:frame draw:name="K1"><draw:text-box><text:p>Nội dung khung</text:p>)"
      R"(<text:list><text:list-item><text:p>dòng trong khung</text:p></text:list-item></text:list>)"
      R"(</draw:text-box></draw:frame>tiếp tục</text:p>)"
      R"(<text:p>Đoạn sau <draw:frame><draw:image/></draw:frame></text:p>)"
      R"(<draw:frame text:anchor-type="page"><draw:text-box><text:p>Khung theo trang</text:p>)"
      R"(</draw:text-box></draw:frame>)",
      "");
  const Document document = extract_document(input, {});
  std::vector<std::string> texts;
  for (const Block &block : document.pages.at(0).blocks)
    texts.push_back(block.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"Đoạn neo tiếp tục", "Nội dung khung",
                                             "dòng trong khung", "Đoạn sau", "Khung theo trang"}));
}

// --- automatic numbering ----------------------------------------------------------------------

std::string w_level(int level, const std::string &format, const std::string &text, int start = 1) {
  return R"(<w:lvl w:ilvl=")" + std::to_string(level) + R"("><w:start w:val=")" +
         std::to_string(start) + R"("/><w:numFmt w:val=")" + format + R"("/><w:lvlText w:val=")" +
         text + R"("/></w:lvl>)";
}

std::string numbered(const std::string &text, int num_id, int level) {
  return w_paragraph(text, R"(<w:numPr><w:ilvl w:val=")" + std::to_string(level) +
                               R"("/><w:numId w:val=")" + std::to_string(num_id) +
                               R"("/></w:numPr>)");
}

TEST(OfficeNumberingTest, DocxNumberingPutsTheVisibleLabelFirst) {
  test::TempDir dir;
  const std::string numbering = docx_part(
      "numbering",
      R"(<w:abstractNum w:abstractNumId="10">)" + w_level(0, "upperRoman", "%1.") +
          w_level(1, "decimal", "%2.") + w_level(2, "decimal", "%2.%3") +
          w_level(3, "lowerLetter", "%4)") + w_level(4, "bullet", "-") +
          R"(</w:abstractNum><w:abstractNum w:abstractNumId="11">)" +
          w_level(0, "lowerRoman", "(%1)", 3) + w_level(1, "upperLetter", "%2.") +
          w_level(2, "bullet", "\xEF\x82\xB7") + // Symbol's bullet, a private-use character
          R"(</w:abstractNum><w:abstractNum w:abstractNumId="12">)" +
          w_level(0, "decimal", "Điều %1.") +
          R"(</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>)"
          R"(<w:num w:numId="2"><w:abstractNumId w:val="11"/></w:num>)"
          R"(<w:num w:numId="3"><w:abstractNumId w:val="12"/></w:num>)"
          R"(<w:num w:numId="4"><w:abstractNumId w:val="10"/><w:lvlOverride w:ilvl="1">)"
          R"(<w:startOverride w:val="5"/></w:lvlOverride></w:num>)");
  // A heading style numbered through its own w:numPr, and a style based on it.
  const std::string styles = docx_part(
      "styles",
      R"(<w:style w:type="paragraph" w:styleId="Dieu"><w:pPr><w:numPr><w:numId w:val="3"/>)"
      R"(</w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="DieuDam">)"
      R"(<w:basedOn w:val="Dieu"/></w:style>)");
  const std::string body =
      numbered("Đánh giá chung", 1, 0) + numbered("Công tác chỉ đạo", 1, 1) +
      numbered("Kết quả thực hiện", 1, 1) + numbered("Cải cách thủ tục", 1, 2) +
      numbered("hồ sơ tiếp nhận;", 1, 3) + numbered("hồ sơ đã trả.", 1, 3) +
      numbered("qua mạng", 1, 4) + numbered("Hiện đại hóa", 1, 2) + numbered("ý kiến;", 1, 3) +
      numbered("", 1, 0) + // an empty item still counts, as Word shows it
      numbered("Phương hướng", 1, 0) + numbered("Nhiệm vụ", 1, 1) + numbered("mục ba", 2, 0) +
      numbered("mục bốn", 2, 0) + numbered("nhánh", 2, 1) + numbered("chấm", 2, 2) +
      w_paragraph("Phạm vi", R"(<w:pStyle w:val="Dieu"/>)") +
      w_paragraph("Đối tượng", R"(<w:pStyle w:val="DieuDam"/>)") +
      w_paragraph("Không đánh số",
                  R"(<w:pStyle w:val="Dieu"/><w:numPr><w:numId w:val="0"/></w:numPr>)") +
      numbered("bắt đầu lại ở năm", 4, 1) + numbered("danh sách không có", 9, 0);
  const InputFile input =
      make_docx(dir / "numbering.docx", docx_part("document", "<w:body>" + body + "</w:body>"),
                {{"word/numbering.xml", numbering}, {"word/styles.xml", styles}});
  const Document document = extract_document(input, {});
  std::vector<std::string> texts;
  for (const Block &block : document.pages.at(0).blocks)
    texts.push_back(block.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"I. Đánh giá chung",
                                             "1. Công tác chỉ đạo",
                                             "2. Kết quả thực hiện",
                                             "2.1 Cải cách thủ tục",
                                             "a) hồ sơ tiếp nhận;",
                                             "b) hồ sơ đã trả.",
                                             "- qua mạng",
                                             "2.2 Hiện đại hóa",
                                             "a) ý kiến;",
                                             "III. Phương hướng",
                                             "1. Nhiệm vụ",
                                             "(iii) mục ba",
                                             "(iv) mục bốn",
                                             "A. nhánh",
                                             "• chấm",
                                             "Điều 1. Phạm vi",
                                             "Điều 2. Đối tượng",
                                             "Không đánh số",
                                             "5. bắt đầu lại ở năm",
                                             "danh sách không có"}));
  // The label is a word of its own, in the paragraph's font; the parser sees it first.
  const Word &label = document.pages[0].blocks[3].lines[0].words[0];
  EXPECT_EQ(label.text, "2.1");
  EXPECT_EQ(label.origin, Origin::docx);
  EXPECT_TRUE(label.space_after);
}

TEST(OfficeNumberingTest, OdtListsPutTheVisibleLabelFirst) {
  test::TempDir dir;
  const std::string list_style =
      R"(<text:list-style style:name="L1">)"
      R"(<text:list-level-style-number text:level="1" style:num-format="I" style:num-suffix="."/>)"
      R"(<text:list-level-style-number text:level="2" style:num-format="1" style:num-suffix="."/>)"
      R"(<text:list-level-style-number text:level="3" style:num-format="1" text:display-levels="2"/>)"
      R"x(<text:list-level-style-number text:level="4" style:num-format="a" style:num-suffix=")"/>)x"
      R"(<text:list-level-style-bullet text:level="5" text:bullet-char="-"/>)"
      R"(</text:list-style><text:list-style style:name="L2">)"
      R"(<text:list-level-style-number text:level="1" style:num-format="i" style:num-prefix="(")"
      R"x( style:num-suffix=")" text:start-value="3"/>)x"
      R"(<text:list-level-style-number text:level="2" style:num-format="A" style:num-suffix="."/>)"
      R"(</text:list-style>)"
      R"(<style:style style:name="PL" style:family="paragraph" style:list-style-name="L2"/>)";
  const auto item = [](const std::string &content) {
    return "<text:list-item>" + content + "</text:list-item>";
  };
  const auto p = [](const std::string &text) { return "<text:p>" + text + "</text:p>"; };
  const auto list = [](const std::string &items, const std::string &attributes = "") {
    return "<text:list" + attributes + ">" + items + "</text:list>";
  };
  const std::string text =
      list(item(p("Đánh giá chung") +
                list(item(p("Công tác chỉ đạo")) +
                     item(p("Kết quả thực hiện") +
                          list(item(p("Cải cách thủ tục") +
                                    list(item(p("hồ sơ tiếp nhận;")) +
                                         item(p("hồ sơ đã trả.") + p("đoạn thứ hai của mục") +
                                              list(item(p("qua mạng")))))) +
                               item(p("Hiện đại hóa")))))) +
               "<text:list-header>" + p("Tiêu đề không số") + "</text:list-header>" +
               item(p("Phương hướng")),
           R"( text:style-name="L1" xml:id="list1")") +
      p("Đoạn chen giữa") +
      list(item(p("Kiến nghị")), R"( text:style-name="L1" text:continue-numbering="true")") +
      list(item(p("mục ba")) + item(p("mục bốn")) + R"(<text:list-item text:start-value="9">)" +
               p("mục chín") + "</text:list-item>" + item(list(item(p("nhánh")))),
           R"( text:style-name="L2")") +
      list(item(p("Tổ chức thực hiện")), R"( text:continue-list="list1")") +
      // A list without a style of its own takes its paragraphs' style's list style.
      list(R"(<text:list-item><text:p text:style-name="PL">theo đoạn</text:p></text:list-item>)") +
      R"(<text:h text:outline-level="1"><text:number>Chương 2.</text:number>Tiêu đề</text:h>)";
  const InputFile input = make_odt(dir / "lists.odt", list_style, text, "");
  const Document document = extract_document(input, {});
  std::vector<std::string> texts;
  for (const Block &block : document.pages.at(0).blocks)
    texts.push_back(block.text());
  EXPECT_EQ(texts, (std::vector<std::string>{"I. Đánh giá chung",
                                             "1. Công tác chỉ đạo",
                                             "2. Kết quả thực hiện",
                                             "2.1 Cải cách thủ tục",
                                             "a) hồ sơ tiếp nhận;",
                                             "b) hồ sơ đã trả.",
                                             "đoạn thứ hai của mục",
                                             "- qua mạng",
                                             "2.2 Hiện đại hóa",
                                             "Tiêu đề không số",
                                             "II. Phương hướng",
                                             "Đoạn chen giữa",
                                             "III. Kiến nghị",
                                             "(iii) mục ba",
                                             "(iv) mục bốn",
                                             "(ix) mục chín",
                                             "A. nhánh",
                                             "IV. Tổ chức thực hiện",
                                             "(iii) theo đoạn",
                                             "Chương 2. Tiêu đề"}));
}

} // namespace
} // namespace vnotice
