// DOCX and ODT through libzip + libxml2: the shipped samples (rendered from the same sources as
// the sample PDFs) must read like the PDFs, and hostile packages must be refused safely.
#include "extractors/office_extractor.h"
#include "extractors/office_package.h"
#include "extractors/registry.h"
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
#include <zip.h>

namespace vnotice {
namespace {

using test::blocks_of;
using test::contains;
using test::line_texts;
using test::token_counts;

namespace fs = std::filesystem;

const std::vector<std::string> kSamples = {"notice-2021-sct", "report-2021-qlcn",
                                           "report-2021-vanphong"};

fs::path sample(const std::string &name, const std::string &format) {
  return test::source_dir() / "samples" / format / (name + "." + format);
}

Document read_office(const std::string &name, const std::string &format) {
  return extract_document(InputFile::read(sample(name, format)), {});
}

Document read_pdf(const std::string &name) {
  return extract_document(InputFile::read(test::sample_pdf(name + ".pdf")), {});
}

std::vector<std::string> tokens_of(const std::string &text) {
  std::vector<std::string> tokens;
  std::istringstream in(text);
  std::string token;
  while (in >> token)
    tokens.push_back(token);
  return tokens;
}

// Whitespace-separated tokens of a document, counted. With `join_hyphen_breaks`, a line of a
// block that ends in a word ending with '-' ("20/2019/QĐ-") is joined to the next line's first
// word ("UBND"): LibreOffice breaks the PDF's lines after a hyphen inside a word, so the PDF has
// two tokens where the DOCX/ODT (which have no line breaks inside paragraphs) have one.
std::map<std::string, int> token_counts(const Document &document, bool join_hyphen_breaks) {
  std::map<std::string, int> counts;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks) {
      std::string carried;
      for (const Line &line : block.lines) {
        std::vector<std::string> tokens = tokens_of(line.text());
        if (tokens.empty()) continue;
        tokens.front() = carried + tokens.front();
        carried.clear();
        if (join_hyphen_breaks && tokens.back().size() > 1 && tokens.back().ends_with('-')) {
          carried = tokens.back();
          tokens.pop_back();
        }
        for (const std::string &token : tokens)
          ++counts[token];
      }
      if (!carried.empty()) ++counts[carried];
    }
  return counts;
}

// --- the samples ----------------------------------------------------------------------------

class OfficeSampleTest : public testing::TestWithParam<std::string> {
protected:
  std::string format() const { return GetParam(); }
  Origin origin() const { return format() == "docx" ? Origin::docx : Origin::odt; }
};

INSTANTIATE_TEST_SUITE_P(Formats, OfficeSampleTest, testing::Values("docx", "odt"),
                         [](const auto &info) { return info.param; });

TEST_P(OfficeSampleTest, LetterheadIsTwoColumnBlocksLikeThePdf) {
  for (const std::string &name : kSamples) {
    const Document office = read_office(name, format());
    const Document pdf = read_pdf(name);
    ASSERT_EQ(office.source.format, format()) << name;
    ASSERT_EQ(office.pages.size(), 1u) << name;
    const auto &blocks = office.pages[0].blocks;
    const auto &pdf_blocks = pdf.pages.at(0).blocks;
    ASSERT_GE(blocks.size(), 3u) << name;
    ASSERT_GE(pdf_blocks.size(), 2u) << name;
    EXPECT_EQ(blocks[0].kind, BlockKind::column) << name;
    EXPECT_EQ(blocks[1].kind, BlockKind::column) << name;
    EXPECT_EQ(line_texts(blocks[0]), line_texts(pdf_blocks[0])) << name;
    EXPECT_EQ(line_texts(blocks[1]), line_texts(pdf_blocks[1])) << name;
    EXPECT_EQ(line_texts(blocks[1]).front(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") << name;
    EXPECT_EQ(blocks[2].kind, BlockKind::paragraph) << name;
  }
  const Document notice = read_office("notice-2021-sct", format());
  const auto left = line_texts(notice.pages[0].blocks[0]);
  const auto right = line_texts(notice.pages[0].blocks[1]);
  EXPECT_EQ(left, (std::vector<std::string>{"UBND TỈNH ĐỒNG THÁP", "SỞ CÔNG THƯƠNG", "———",
                                            "Số: 1935/TB-SCT"}));
  EXPECT_TRUE(contains(right, "Độc lập - Tự do - Hạnh phúc"));
  EXPECT_EQ(right.back(), "Đồng Tháp, ngày 10 tháng 9 năm 2021");
  EXPECT_TRUE(notice.pages[0].blocks[2].text().starts_with("THÔNG BÁO\n"));
}

TEST_P(OfficeSampleTest, ClosingBlockIsRecipientsThenSignerLikeThePdf) {
  for (const std::string &name : kSamples) {
    const Document office = read_office(name, format());
    const Document pdf = read_pdf(name);
    const auto columns = blocks_of(office, BlockKind::column);
    const auto pdf_columns = blocks_of(pdf, BlockKind::column);
    ASSERT_EQ(columns.size(), 4u) << name;
    ASSERT_GE(pdf_columns.size(), 4u) << name;
    EXPECT_EQ(line_texts(*columns[2]), line_texts(*pdf_columns[pdf_columns.size() - 2])) << name;
    EXPECT_EQ(line_texts(*columns[3]), line_texts(*pdf_columns.back())) << name;
    EXPECT_EQ(line_texts(*columns[2]).front(), "Nơi nhận:") << name;
  }
  const Document notice = read_office("notice-2021-sct", format());
  const auto columns = blocks_of(notice, BlockKind::column);
  EXPECT_EQ(line_texts(*columns[2]),
            (std::vector<std::string>{"Nơi nhận:", "- Lãnh đạo Sở;",
                                      "- Các Phòng, đơn vị thuộc Sở;", "- Lưu: VT, VP."}));
  EXPECT_EQ(line_texts(*columns[3]),
            (std::vector<std::string>{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Minh Khoa"}));
}

TEST_P(OfficeSampleTest, TablesAreReadRowByRowLikeThePdf) {
  for (const std::string name : {"report-2021-qlcn", "report-2021-vanphong"}) {
    const Document office = read_office(name, format());
    const Document pdf = read_pdf(name);
    const auto tables = blocks_of(office, BlockKind::table);
    const auto pdf_tables = blocks_of(pdf, BlockKind::table);
    ASSERT_EQ(tables.size(), 1u) << name;
    ASSERT_EQ(pdf_tables.size(), 1u) << name;
    EXPECT_EQ(line_texts(*tables[0]), line_texts(*pdf_tables[0])) << name;
  }
  const Document qlcn = read_office("report-2021-qlcn", format());
  const auto rows = line_texts(*blocks_of(qlcn, BlockKind::table).at(0));
  EXPECT_TRUE(contains(rows, "Điện lực\t152\t71\t150\t02"));
  EXPECT_TRUE(contains(rows, "Tổng cộng\t486\t203\t484\t02"));
  // Merged header cells (colspan 4 and 3) are one cell each.
  const Document vanphong = read_office("report-2021-vanphong", format());
  const auto merged = line_texts(*blocks_of(vanphong, BlockKind::table).at(0));
  EXPECT_EQ(merged.front(), "Hồ sơ TTHC\tRà soát TTHC");
}

TEST_P(OfficeSampleTest, SameWordsAsThePdf) {
  for (const std::string &name : kSamples) {
    const auto office = token_counts(read_office(name, format()), false);
    const auto pdf = token_counts(read_pdf(name), true);
    EXPECT_EQ(office, pdf) << name;
  }
  // Without the joining, the one difference in all samples: the notice's PDF breaks a line
  // after "20/2019/QĐ-" (before "UBND"), the DOCX/ODT paragraph has the word whole.
  auto pdf = token_counts(read_pdf("notice-2021-sct"), false);
  EXPECT_EQ(pdf["20/2019/QĐ-"], 1);
  pdf.erase("20/2019/QĐ-");
  --pdf["UBND"];
  ++pdf["20/2019/QĐ-UBND"];
  EXPECT_EQ(token_counts(read_office("notice-2021-sct", format()), false), pdf);
}

TEST_P(OfficeSampleTest, EveryWordCarriesItsProvenanceAndFont) {
  const Document notice = read_office("notice-2021-sct", format());
  ASSERT_EQ(notice.pages.size(), 1u);
  const Page &page = notice.pages[0];
  EXPECT_EQ(page.number, 1);
  EXPECT_EQ(page.width, 0);
  EXPECT_EQ(page.height, 0);
  EXPECT_EQ(page.method, PageMethod::markup);
  EXPECT_TRUE(notice.warnings.empty());
  size_t words = 0;
  std::set<double> sizes;
  for (const Block &block : page.blocks)
    for (const Line &line : block.lines)
      for (const Word &word : line.words) {
        ++words;
        EXPECT_EQ(word.origin, origin());
        EXPECT_EQ(word.page, 1);
        EXPECT_EQ(word.confidence, 1.0);
        EXPECT_EQ(word.box.x0, 0);
        EXPECT_EQ(word.box.y1, 0);
        EXPECT_TRUE(word.font == "Times New Roman" || word.font == "Liberation Serif")
            << word.text << ": " << word.font;
        EXPECT_TRUE(word.space_after);
        EXPECT_FALSE(word.starts_cell); // the notice has no table
        EXPECT_EQ(word.text.find_first_of(" \t\n"), std::string::npos);
        sizes.insert(word.font_size);
      }
  EXPECT_GT(words, 500u);
  // Body 14 pt, letterhead and signature 13 pt, recipients 12 and 11 pt (samples/src CSS).
  EXPECT_EQ(sizes, (std::set<double>{11, 12, 13, 14}));
}

TEST_P(OfficeSampleTest, JsonOutputConformsToTheSchema) {
  test::TempDir dir;
  std::vector<std::string> command = {
      "/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
      (test::source_dir() / "schemas" / "document.schema.json").string()};
  for (const std::string &name : kSamples) {
    const std::string out = (dir / (name + ".json")).string();
    const auto result =
        test::run_command({test::cli_path().string(), "extract", sample(name, format()).string(),
                           "--format", "json", "-o", out});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    command.push_back(out);
  }
  const auto valid = test::run_command(command);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
}

// The committed DOCX/ODT samples are what tools/render_samples.sh makes from samples/src.
TEST(OfficeSamplesTest, RenderingTheSourcesAgainGivesTheSameText) {
  test::TempDir out;
  const auto rendered =
      test::run_command({(test::source_dir() / "tools" / "render_samples.sh").string(),
                         (out / "pdf").string(), out.path().string()});
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  for (const std::string &name : kSamples)
    for (const std::string format : {"docx", "odt"}) {
      const fs::path fresh = out / format / (name + "." + format);
      ASSERT_TRUE(fs::exists(fresh)) << fresh;
      EXPECT_EQ(extract_document(InputFile::read(fresh), {}).text(),
                read_office(name, format).text())
          << fresh;
    }
}

TEST(OfficeCliTest, ExtractPrintsTheDocxText) {
  const auto result = test::run_command(
      {test::cli_path().string(), "extract", sample("notice-2021-sct", "docx").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  EXPECT_TRUE(result.out.starts_with("UBND TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\n")) << result.out;
  EXPECT_NE(result.out.find("\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"), std::string::npos);
  EXPECT_TRUE(result.out.ends_with("\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Minh Khoa\n"));
}

// --- words split across runs ------------------------------------------------------------------

// A package written with libzip into `dir`; returns its bytes as an InputFile.
struct ZipDiscard {
  void operator()(zip_t *archive) const { zip_discard(archive); }
};

InputFile make_package(const fs::path &path,
                       const std::vector<std::pair<std::string, std::string>> &entries) {
  int error = 0;
  std::unique_ptr<zip_t, ZipDiscard> archive(
      zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error));
  if (!archive) throw std::runtime_error("zip_open failed");
  for (const auto &[name, content] : entries) {
    zip_source_t *source = zip_source_buffer(archive.get(), content.data(), content.size(), 0);
    if (source == nullptr ||
        zip_file_add(archive.get(), name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      throw std::runtime_error("zip_file_add failed: " + name);
    }
  }
  if (zip_close(archive.get()) != 0) throw std::runtime_error("zip_close failed");
  (void)archive.release(); // zip_close freed it
  return InputFile::read(path);
}

const std::string kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

std::string docx_document(const std::string &body) {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w=")" +
         kWordNs + R"("><w:body>)" + body + "</w:body></w:document>";
}

InputFile make_docx(const fs::path &path, const std::string &document_xml,
                    std::vector<std::pair<std::string, std::string>> more = {}) {
  more.insert(more.begin(), {"[Content_Types].xml", "<Types/>"});
  more.emplace_back("word/document.xml", document_xml);
  return make_package(path, more);
}

std::string odt_content(const std::string &automatic_styles, const std::string &text) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0">
<office:font-face-decls><style:font-face style:name="VNI-Times" svg:font-family="'VNI-Times'"/>
</office:font-face-decls><office:automatic-styles>)" +
         automatic_styles + "</office:automatic-styles><office:body><office:text>" + text +
         "</office:text></office:body></office:document-content>";
}

InputFile make_odt(const fs::path &path, const std::string &content_xml) {
  return make_package(path, {{"mimetype", "application/vnd.oasis.opendocument.text"},
                             {"content.xml", content_xml}});
}

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

// --- the real LibreOffice ---------------------------------------------------------------------

// LibreOffice writes lists and tables its own way (one w:num per list, nested lists as levels,
// empty cells with an empty paragraph): what it makes of an HTML report must read right.
TEST(OfficeLibreOfficeTest, ListsAndEmptyCellsFromLibreOfficeReadAsPrinted) {
  test::TempDir dir;
  test::write_file(dir / "baocao.html", R"(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Báo cáo thử</title></head><body>
<p>BÁO CÁO KẾT QUẢ THỬ NGHIỆM</p>
<ol type="I">
<li>Tình hình chung
<ol><li>Việc tiếp nhận hồ sơ</li><li>Việc trả kết quả
<ol type="a"><li>trả đúng hẹn;</li><li>trả trễ hẹn.</li></ol></li></ol></li>
<li>Phương hướng năm sau</li>
</ol>
<table border="1">
<tr><td>Đơn vị</td><td>Tiếp nhận</td><td>Giải quyết</td><td>Quá hạn</td></tr>
<tr><td>Điện lực</td><td></td><td>150</td><td>02</td></tr>
</table>
</body></html>
)");
  const std::string profile = "file://" + (dir / "profile").string();
  for (const std::string format : {"docx", "odt"}) {
    const auto converted =
        test::run_command({"soffice", "-env:UserInstallation=" + profile, "--headless",
                           "--norestore", "--infilter=HTML (StarWriter)", "--convert-to",
                           format == "docx" ? "docx:MS Word 2007 XML" : "odt", "--outdir",
                           dir.path().string(), (dir / "baocao.html").string()});
    ASSERT_EQ(converted.exit_code, 0) << converted.err;
    const fs::path file = dir / ("baocao." + format);
    ASSERT_TRUE(fs::exists(file)) << converted.out << converted.err;
    const Document document = extract_document(InputFile::read(file), {});
    EXPECT_EQ(document.source.format, format);
    std::vector<std::string> texts;
    for (const Block &block : document.pages.at(0).blocks)
      texts.push_back(block.text());
    EXPECT_EQ(texts, (std::vector<std::string>{
                         "BÁO CÁO KẾT QUẢ THỬ NGHIỆM", "I. Tình hình chung",
                         "1. Việc tiếp nhận hồ sơ", "2. Việc trả kết quả", "a. trả đúng hẹn;",
                         "b. trả trễ hẹn.", "II. Phương hướng năm sau",
                         "Đơn vị\tTiếp nhận\tGiải quyết\tQuá hạn\nĐiện lực\t\t150\t02"}))
        << format;
    // The JSON of the empty cell still conforms to the schema.
    const std::string json = (dir / (format + ".json")).string();
    ASSERT_EQ(test::run_command({test::cli_path().string(), "extract", file.string(), "--format",
                                 "json", "-o", json})
                  .exit_code,
              0);
    const auto valid = test::run_command(
        {"/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
         (test::source_dir() / "schemas" / "document.schema.json").string(), json});
    EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
    EXPECT_NE(test::read_file(json).find(R"("text": "Điện lực\t\t150\t02")"), std::string::npos)
        << format;
  }
}

// --- hostile and broken packages --------------------------------------------------------------

void expect_error(const std::function<void()> &read, ExitCode code, const std::string &reason) {
  try {
    read();
    ADD_FAILURE() << "no error; expected " << exit_code_name(code);
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), code) << error.what();
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << error.what();
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(OfficeSafetyTest, ZipBombIsRefusedQuickly) {
  test::TempDir dir;
  const std::string spaces(size_t{20} * 1024 * 1024, ' ');
  const InputFile bomb = make_docx(dir / "bomb.docx", docx_document(spaces));
  ASSERT_LT(bomb.bytes.size(), 100u * 1024); // 20 MB deflate to a few KB
  ExtractOptions options;
  options.limits.max_unpacked_bytes = 1024LL * 1024;
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(bomb, options); }, ExitCode::limit_exceeded,
               "raise the limit with --max-unpacked-mb if the file is genuine");
  EXPECT_LT(seconds_since(start), 1.0);
  // The CLI says which flag raises the limit, and the flag works.
  const std::string path = bomb.path.string();
  const auto refused =
      test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "1", path});
  EXPECT_EQ(refused.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << refused.err;
  EXPECT_TRUE(refused.err.starts_with("vnotice: " + path + ": ")) << refused.err;
  EXPECT_NE(refused.err.find("--max-unpacked-mb"), std::string::npos) << refused.err;
  // Within the size limits, its ratio (about 1000:1) gives it away; raised limits let it in.
  EXPECT_EQ(test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "30",
                               "--max-zip-ratio", "100000", "--max-xml-text-mb", "30", path})
                .exit_code,
            0);
}

// Issue 22's bomb, scaled down: one run of one letter, far under the unpacked-size limit, at a
// compression ratio no office document has (text XML packs 3-20:1).
TEST(OfficeSafetyTest, ZipBombUnderTheSizeLimitIsRefusedByItsRatio) {
  test::TempDir dir;
  const std::string letters(size_t{40} * 1024 * 1024, 'a');
  const InputFile docx = make_docx(
      dir / "bomb.docx", docx_document("<w:p><w:r><w:t>" + letters + "</w:t></w:r></w:p>"));
  const InputFile odt =
      make_odt(dir / "bomb.odt", odt_content("", "<text:p>" + letters + "</text:p>"));
  for (const InputFile *bomb : {&docx, &odt}) {
    const auto start = std::chrono::steady_clock::now();
    expect_error([&] { extract_document(*bomb, {}); }, ExitCode::limit_exceeded,
                 "times its packed size, as ZIP bombs do; raise the limit with --max-zip-ratio");
    EXPECT_LT(seconds_since(start), 1.0);
    const auto refused =
        test::run_command({test::cli_path().string(), "extract", bomb->path.string()});
    EXPECT_EQ(refused.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_TRUE(refused.out.empty());
  }
}

// Letters that do not repeat: they pack about 1.6:1, so only the size limits can stop them.
std::string incompressible_letters(size_t size) {
  std::string out(size, 'a');
  unsigned state = 12345;
  for (char &c : out) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>('a' + (state >> 16) % 26);
  }
  return out;
}

TEST(OfficeSafetyTest, APartOverItsLimitIsRefusedWhileUnpacking) {
  test::TempDir dir;
  const InputFile input = make_docx(
      dir / "big.docx", docx_document("<w:p><w:r><w:t>" + incompressible_letters(size_t{3} << 20) +
                                      "</w:t></w:r></w:p>"));
  ExtractOptions options;
  options.limits.max_part_bytes = 2LL * 1024 * 1024;
  expect_error([&] { extract_document(input, options); }, ExitCode::limit_exceeded,
               "has a part, word/document.xml, that unpacks to more than 2 MB, the limit for one "
               "part; raise the limit with --max-part-mb");
  EXPECT_EQ(extract_document(input, {}).text().size(), (size_t{3} << 20) + 1);
}

TEST(OfficeSafetyTest, LongTextOrAttributeIsRefusedBeforeParsing) {
  test::TempDir dir;
  const std::string long_text = incompressible_letters(size_t{11} << 20);
  const InputFile text = make_docx(
      dir / "text.docx", docx_document("<w:p><w:r><w:t>" + long_text + "</w:t></w:r></w:p>"));
  const InputFile attribute =
      make_docx(dir / "attribute.docx", docx_document(R"(<w:p w:rsidR=")" + long_text +
                                                      R"("><w:r><w:t>x</w:t></w:r></w:p>)"));
  for (const InputFile *input : {&text, &attribute})
    expect_error([&] { extract_document(*input, {}); }, ExitCode::limit_exceeded,
                 "holding one text or attribute of more than 10 MB, the limit for one; raise the "
                 "limit with --max-xml-text-mb");
  // Raised past libxml2's own 10 MB bound, the parser is told so and reads it.
  ExtractOptions options;
  options.limits.max_xml_text_bytes = 20LL * 1024 * 1024;
  EXPECT_EQ(extract_document(text, options).text(), long_text + "\n");
}

TEST(OfficeSafetyTest, DeepXmlIsRefusedBeforeParsing) {
  test::TempDir dir;
  std::string deep;
  for (int k = 0; k < 1000; ++k)
    deep += "<w:sdt><w:sdtContent>";
  deep += "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>";
  for (int k = 0; k < 1000; ++k)
    deep += "</w:sdtContent></w:sdt>";
  const InputFile input = make_docx(dir / "deep.docx", docx_document(deep));
  expect_error([&] { extract_document(input, {}); }, ExitCode::limit_exceeded,
               "whose XML nests deeper than 256 levels, the limit; raise the limit with "
               "--max-xml-depth");
  ExtractOptions options;
  options.limits.max_xml_depth = 3000;
  EXPECT_EQ(extract_document(input, options).text(), "sâu\n");
}

TEST(OfficeSafetyTest, WordsOverTheLimitStopTheReading) {
  test::TempDir dir;
  const std::string run = "<w:p><w:r><w:t>một hai ba bốn năm sáu</w:t></w:r></w:p>";
  const InputFile docx = make_docx(dir / "words.docx", docx_document(run + run));
  const InputFile odt =
      make_odt(dir / "words.odt", odt_content("", "<text:p>một hai ba bốn năm sáu</text:p>"
                                                  "<text:p>một hai ba bốn năm sáu</text:p>"));
  ExtractOptions options;
  options.limits.max_words = 11;
  for (const InputFile *input : {&docx, &odt}) {
    expect_error([&] { extract_document(*input, options); }, ExitCode::limit_exceeded,
                 "holds more than 11 words, the limit for one input; raise the limit with "
                 "--max-words");
    options.limits.max_words = 12;
    EXPECT_EQ(extract_document(*input, options).text(),
              "một hai ba bốn năm sáu\n\nmột hai ba bốn năm sáu\n");
    options.limits.max_words = 11;
  }
}

TEST(OfficeSafetyTest, XmlShapeIsMeasuredOnTheRawBytes) {
  EXPECT_EQ(measure_xml("<a><b/><c><d>xy</d></c></a>").depth, 3);
  EXPECT_EQ(measure_xml("<a><b/><c><d>xy</d></c></a>").longest_text, 2u);
  // Markup inside comments, processing instructions, CDATA and attribute values is not markup.
  const XmlShape shape = measure_xml(
      R"(<?xml version="1.0"?><!-- <x><y><z> --><a t="<b>/>"><![CDATA[<c><d>]]>tail</a>)");
  EXPECT_EQ(shape.depth, 1);
  EXPECT_EQ(shape.longest_text, 10u); // "<c><d>" and "tail" make one run of character data
  EXPECT_EQ(measure_xml(R"(<a b='0123456789abc'/>)").longest_text, 13u);
  // Cut-off input ends the scan without reading past it.
  EXPECT_EQ(measure_xml("<a><b c=\"12345").longest_text, 5u);
  EXPECT_EQ(measure_xml("<a><!-- unterminated").depth, 1);
}

// The sizes in a ZIP's headers are whatever the sender wrote: a part that claims 100 bytes but
// inflates to 20 MB passes the early check on the header, and libzip keeps inflating past the
// declared size, so only counting the bytes really unpacked stops it at the limit.
TEST(OfficeSafetyTest, ZipBombLyingAboutItsSizeIsStoppedWhileReading) {
  test::TempDir dir;
  std::string bytes =
      make_docx(dir / "liar.docx", docx_document(std::string(size_t{20} * 1024 * 1024, ' '))).bytes;
  // Patch the uncompressed size of word/document.xml (the last entry) in its local header
  // (offset 22) and its central directory record (offset 24).
  const auto patch = [&](size_t at) {
    bytes[at] = 100;
    bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0;
  };
  const size_t local = bytes.rfind(std::string("PK\x03\x04", 4));
  const size_t central = bytes.rfind(std::string("PK\x01\x02", 4));
  ASSERT_EQ(bytes.substr(local + 30, 17), "word/document.xml");
  ASSERT_EQ(bytes.substr(central + 46, 17), "word/document.xml");
  patch(local + 22);
  patch(central + 24);
  ExtractOptions options;
  options.limits.max_unpacked_bytes = 1024LL * 1024;
  InputFile liar{dir / "liar.docx", bytes, sha256_hex(bytes)};
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(liar, options); }, ExitCode::limit_exceeded,
               "unpacks to more than 1 MB");
  EXPECT_LT(seconds_since(start), 1.0);
}

TEST(OfficeSafetyTest, ExternalEntityIsRefusedWithoutReadingTheFile) {
  test::TempDir dir;
  const std::string xxe =
      R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      R"(<w:document xmlns:w=")" +
      kWordNs + R"("><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>)";
  const InputFile input = make_docx(dir / "xxe.docx", xxe);
  try {
    extract_document(input, {});
    ADD_FAILURE() << "a DTD was accepted";
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_damaged);
    EXPECT_NE(std::string(error.what()).find("document type declaration (DTD)"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("root:"), std::string::npos);
  }
  // Through the CLI as well: one line on stderr, nothing of /etc/passwd anywhere.
  const std::string path = (dir / "xxe.docx").string();
  const auto result = test::run_command({test::cli_path().string(), "extract", path});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_TRUE(result.out.empty());
  EXPECT_TRUE(result.err.starts_with("vnotice: " + path + ": ")) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.find("root:"), std::string::npos);
}

TEST(OfficeSafetyTest, BillionLaughsIsRefusedAtOnce) {
  test::TempDir dir;
  std::string dtd = R"(<!ENTITY lol0 "lol">)";
  for (int level = 1; level <= 10; ++level)
    dtd += "<!ENTITY lol" + std::to_string(level) + " \"" + [&] {
      std::string ten;
      for (int i = 0; i < 10; ++i)
        ten += "&lol" + std::to_string(level - 1) + ";";
      return ten;
    }() + "\">";
  const std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE w:document [)" + dtd +
                             R"(]><w:document xmlns:w=")" + kWordNs +
                             R"("><w:body><w:p><w:r><w:t>&lol10;</w:t></w:r></w:p></w:body>)"
                             R"(</w:document>)";
  const InputFile docx = make_docx(dir / "laughs.docx", laughs);
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(docx, {}); }, ExitCode::input_damaged,
               "document type declaration (DTD)");
  // Also in the ODT's content.xml and in a part that is only read for styles.
  const InputFile odt = make_odt(dir / "laughs.odt", laughs);
  expect_error([&] { extract_document(odt, {}); }, ExitCode::input_damaged, "content.xml");
  const InputFile styles =
      make_docx(dir / "styles.docx", docx_document(""), {{"word/styles.xml", laughs}});
  expect_error([&] { extract_document(styles, {}); }, ExitCode::input_damaged, "word/styles.xml");
  EXPECT_LT(seconds_since(start), 0.5);
}

TEST(OfficeSafetyTest, EntryNamesOutsideThePackageAreHarmless) {
  test::TempDir outer;
  const fs::path work = outer / "a" / "b";
  fs::create_directories(work);
  const bool abs_existed = fs::exists("/abs.txt");
  const InputFile input =
      make_docx(work / "paths.docx", docx_document("<w:p><w:r><w:t>Bình thường</w:t></w:r></w:p>"),
                {{"../../evil.txt", "evil"}, {"/abs.txt", "abs"}});
  const auto listing = test::run_command({"unzip", "-l", input.path.string()});
  ASSERT_NE(listing.out.find("../../evil.txt"), std::string::npos) << listing.out;
  const auto before = std::distance(fs::recursive_directory_iterator(outer.path()), {});
  const Document document = extract_document(input, {});
  EXPECT_EQ(document.text(), "Bình thường\n");
  EXPECT_EQ(std::distance(fs::recursive_directory_iterator(outer.path()), {}), before);
  EXPECT_FALSE(fs::exists(outer / "evil.txt"));
  EXPECT_FALSE(fs::exists(fs::current_path() / ".." / ".." / "evil.txt"));
  EXPECT_EQ(fs::exists("/abs.txt"), abs_existed);
}

TEST(OfficeSafetyTest, CorruptZipIsDamaged) {
  // It sniffs as DOCX (the name of the main part is in it) but is not a ZIP archive.
  const std::string garbage = std::string("PK\x03\x04", 4) + "word/document.xml" +
                              std::string(2000, '\x5a') + std::string("\x01\xff\x00\x7f", 4);
  const InputFile input{"corrupt.docx", garbage, sha256_hex(garbage)};
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "the DOCX file is damaged (it is not a readable ZIP package); ask the sender for "
               "a new copy");
  expect_error([&] { extract_odt(input, {}); }, ExitCode::input_damaged, "ODT file is damaged");
}

TEST(OfficeSafetyTest, TruncatedPackageIsDamaged) {
  const std::string whole = test::read_file(sample("notice-2021-sct", "docx"));
  const std::string half = whole.substr(0, whole.size() / 2);
  const InputFile input{"half.docx", half, sha256_hex(half)};
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "ask the sender for a new copy");
}

TEST(OfficeSafetyTest, MissingMainPartIsDamaged) {
  test::TempDir dir;
  const InputFile docx =
      make_package(dir / "nodoc.docx", {{"[Content_Types].xml", "<Types/>"},
                                        {"notes.txt", "the text should be in word/document.xml"}});
  expect_error([&] { extract_document(docx, {}); }, ExitCode::input_damaged,
               "it has no word/document.xml");
  const InputFile odt = make_package(dir / "nocontent.odt",
                                     {{"mimetype", "application/vnd.oasis.opendocument.text"}});
  expect_error([&] { extract_document(odt, {}); }, ExitCode::input_damaged,
               "it has no content.xml");
}

TEST(OfficeSafetyTest, MalformedXmlIsDamagedAndSilent) {
  test::TempDir dir;
  const InputFile input =
      make_docx(dir / "broken.docx", docx_document("<w:p><w:r><w:t>open</w:r></w:p>"));
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "its part word/document.xml is broken XML near line");
  // libxml2 must not print its own diagnostics: the CLI's stderr is our one line only.
  const auto result =
      test::run_command({test::cli_path().string(), "extract", input.path.string()});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(OfficeSafetyTest, TooManyEntriesAreRefused) {
  test::TempDir dir;
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < 10001; ++i)
    entries.emplace_back("x/" + std::to_string(i), "");
  const InputFile input = make_docx(dir / "many.docx", docx_document(""), entries);
  expect_error([&] { extract_document(input, {}); }, ExitCode::limit_exceeded, "10003 parts");
}

TEST(OfficeSafetyTest, PasswordProtectedOdtSaysSo) {
  test::TempDir dir;
  const std::string manifest =
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">)"
      R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">)"
      R"(<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>)"
      R"(</manifest:manifest>)";
  const InputFile input =
      make_package(dir / "locked.odt", {{"mimetype", "application/vnd.oasis.opendocument.text"},
                                        {"META-INF/manifest.xml", manifest},
                                        {"content.xml", std::string("\x8f\x01\xee", 3)}});
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_encrypted,
               "password-protected");
}

} // namespace
} // namespace vnotice
