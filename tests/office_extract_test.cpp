// DOCX and ODT through libzip + libxml2: the shipped samples (rendered from the same sources as
// the sample PDFs) must read like the PDFs, and what LibreOffice writes must read as printed.
// Reading rules on small made-up packages are in office_layout_test.cpp, hostile and broken
// packages in office_safety_test.cpp.
#include "extractors/office_extractor.h"
#include "extractors/office_package.h"
#include "extractors/registry.h"
#include "office_test_support.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
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
using test::contains;
using test::line_texts;
using test::token_counts;

namespace fs = std::filesystem;

const std::vector<std::string> kSamples = {"notice-2021-sct", "report-2021-qlcn",
                                           "report-2021-vanphong"};

Document read_office(const std::string &name, const std::string &format) {
  return extract_document(InputFile::read(test::office_sample(name, format)), {});
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
    const auto result = test::run_command({test::cli_path().string(), "extract",
                                           test::office_sample(name, format()).string(), "--format",
                                           "json", "-o", out});
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
  const auto result = test::run_command({test::cli_path().string(), "extract",
                                         test::office_sample("notice-2021-sct", "docx").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  EXPECT_TRUE(result.out.starts_with("UBND TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\n")) << result.out;
  EXPECT_NE(result.out.find("\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"), std::string::npos);
  EXPECT_TRUE(result.out.ends_with("\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Minh Khoa\n"));
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

} // namespace
} // namespace vnotice
