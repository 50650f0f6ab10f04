// DOCX and ODT through libzip + libxml2: the shipped samples (rendered from the same sources as
// the sample PDFs) must read like the PDFs, and hostile packages must be refused safely.
#include "extractors/office_extractor.h"
#include "extractors/registry.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "test_support.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
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
  EXPECT_EQ(blocks[2].text(), "x\ty z\t1\nq\t2");
  EXPECT_FALSE(blocks[2].lines[1].words[0].starts_cell); // first word of its row
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
  // The default limit (512 MB) lets the same file through.
  EXPECT_TRUE(extract_document(bomb, {}).pages.at(0).blocks.empty());
  // The CLI says which flag raises the limit, and the flag works.
  const std::string path = bomb.path.string();
  const auto refused =
      test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "1", path});
  EXPECT_EQ(refused.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << refused.err;
  EXPECT_TRUE(refused.err.starts_with("vnotice: " + path + ": ")) << refused.err;
  EXPECT_NE(refused.err.find("--max-unpacked-mb"), std::string::npos) << refused.err;
  EXPECT_EQ(
      test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "30", path})
          .exit_code,
      0);
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
