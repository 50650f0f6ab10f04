// Born-digital PDFs through poppler-cpp: reading order and provenance on the shipped samples.
#include "extractors/registry.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace vnotice {
namespace {

using test::blocks_of;
using test::contains;
using test::line_texts;
using test::token_counts;

Document extract_sample(const std::string &name) {
  return extract_document(InputFile::read(test::sample_pdf(name)), {});
}

TEST(PdfExtractTest, NoticeLetterheadIsTwoColumnBlocksInOrder) {
  const Document notice = extract_sample("notice-2021-sct.pdf");
  ASSERT_EQ(notice.source.format, "pdf");
  ASSERT_GE(notice.pages.size(), 2u);
  const auto &blocks = notice.pages[0].blocks;
  ASSERT_GE(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].kind, BlockKind::column);
  EXPECT_EQ(blocks[1].kind, BlockKind::column);
  const auto left = line_texts(blocks[0]);
  const auto right = line_texts(blocks[1]);
  EXPECT_EQ(left.front(), "UBND TỈNH ĐỒNG THÁP");
  EXPECT_TRUE(contains(left, "SỞ CÔNG THƯƠNG"));
  EXPECT_EQ(left.back(), "Số: 1935/TB-SCT");
  EXPECT_EQ(right.front(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_TRUE(contains(right, "Độc lập - Tự do - Hạnh phúc"));
  EXPECT_EQ(right.back(), "Đồng Tháp, ngày 10 tháng 9 năm 2021");
  EXPECT_TRUE(blocks[2].text().starts_with("THÔNG BÁO")) << blocks[2].text();
}

TEST(PdfExtractTest, NoticeBodyFollowsTopToBottomAcrossPages) {
  const std::string text = extract_sample("notice-2021-sct.pdf").text();
  const std::vector<std::string> in_order = {"THÔNG BÁO",
                                             "I. KẾT QUẢ KIỂM TRA",
                                             "2.1 Cải cách thể chế",
                                             "2.2 Cải cách TTHC",
                                             "a) Công bố",
                                             "e) Tiếp nhận",
                                             "2.6 Hiện đại hóa hành chính",
                                             "II. NHẬN XÉT, ĐÁNH GIÁ",
                                             "III. ĐỀ XUẤT, KIẾN NGHỊ",
                                             "Trên đây là",
                                             "Nơi nhận:",
                                             "KT. GIÁM ĐỐC",
                                             "Trần Minh Khoa"};
  size_t previous = 0;
  for (const std::string &marker : in_order) {
    const size_t at = text.find(marker, previous);
    ASSERT_NE(at, std::string::npos) << "missing or out of order: " << marker;
    previous = at;
  }
}

TEST(PdfExtractTest, ClosingBlockIsRecipientsThenSigner) {
  const Document notice = extract_sample("notice-2021-sct.pdf");
  const auto columns = blocks_of(notice, BlockKind::column);
  ASSERT_GE(columns.size(), 4u);
  const auto recipients = line_texts(*columns[columns.size() - 2]);
  const auto signer = line_texts(*columns.back());
  EXPECT_EQ(recipients,
            (std::vector<std::string>{"Nơi nhận:", "- Lãnh đạo Sở;",
                                      "- Các Phòng, đơn vị thuộc Sở;", "- Lưu: VT, VP."}));
  EXPECT_EQ(signer, (std::vector<std::string>{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Minh Khoa"}));
}

TEST(PdfExtractTest, ReportLetterheadsSplitEvenWhenColumnsNearlyTouch) {
  for (const auto &[name, issuer] : std::vector<std::pair<std::string, std::string>>{
           {"report-2021-vanphong.pdf", "VĂN PHÒNG"}, {"report-2021-qlcn.pdf", "PHÒNG QUẢN LÝ"}}) {
    const Document report = extract_sample(name);
    const auto &blocks = report.pages.at(0).blocks;
    ASSERT_GE(blocks.size(), 2u) << name;
    const auto left = line_texts(blocks[0]);
    EXPECT_EQ(left.front(), "SỞ CÔNG THƯƠNG ĐỒNG THÁP") << name;
    EXPECT_TRUE(contains(left, issuer)) << name;
    EXPECT_EQ(line_texts(blocks[1]).front(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") << name;
  }
}

TEST(PdfExtractTest, TableIsReadRowByRow) {
  const Document report = extract_sample("report-2021-qlcn.pdf");
  const auto tables = blocks_of(report, BlockKind::table);
  ASSERT_EQ(tables.size(), 1u);
  const auto rows = line_texts(*tables[0]);
  EXPECT_TRUE(contains(rows, "Điện lực\t152\t71\t150\t02"));
  EXPECT_TRUE(contains(rows, "Tổng cộng\t486\t203\t484\t02"));
}

TEST(PdfExtractTest, EveryWordCarriesItsProvenance) {
  const Document notice = extract_sample("notice-2021-sct.pdf");
  size_t words = 0;
  for (const Page &page : notice.pages) {
    EXPECT_NEAR(page.width, 595.3, 1.0); // A4 in points
    EXPECT_NEAR(page.height, 841.9, 1.0);
    EXPECT_EQ(page.method, PageMethod::text_layer);
    for (const Block &block : page.blocks)
      for (const Line &line : block.lines)
        for (const Word &word : line.words) {
          ++words;
          EXPECT_EQ(word.page, page.number);
          EXPECT_EQ(word.origin, Origin::pdf_text);
          EXPECT_EQ(word.confidence, 1.0);
          EXPECT_GE(word.box.x0, 0);
          EXPECT_LE(word.box.x1, page.width);
          EXPECT_LT(word.box.y0, word.box.y1);
          EXPECT_LE(word.box.y1, page.height);
          EXPECT_GT(word.font_size, 8);
          EXPECT_EQ(word.font.find('+'), std::string::npos) << word.font;
        }
  }
  EXPECT_GT(words, 500u);
}

TEST(PdfExtractTest, NoWordIsLostComparedWithPdftotext) {
  for (const std::string name :
       {"notice-2021-sct.pdf", "report-2021-vanphong.pdf", "report-2021-qlcn.pdf"}) {
    const auto reference =
        test::run_command({"pdftotext", "-raw", test::sample_pdf(name).string(), "-"});
    ASSERT_EQ(reference.exit_code, 0) << reference.err;
    EXPECT_EQ(token_counts(extract_sample(name).text()), token_counts(reference.out)) << name;
  }
}

TEST(PdfExtractTest, APdfKeptByItsHeadIsReadFromItsFileAlike) {
  const auto path = test::sample_pdf("notice-2021-sct.pdf");
  const InputFile whole = InputFile::read(path);
  const InputFile head = InputFile::read(path, InputFile::Hash::sha256, InputFile::Keep::pdf_head);
  EXPECT_TRUE(whole.whole);
  EXPECT_FALSE(head.whole);
  EXPECT_EQ(head.size(), whole.size());
  EXPECT_EQ(head.sha256, whole.sha256);
  EXPECT_EQ(head.bytes, whole.bytes.substr(0, InputFile::kHeadBytes));
  EXPECT_EQ(head.tail, whole.bytes.substr(whole.bytes.size() - InputFile::kTailBytes));
  EXPECT_EQ(to_json(extract_document(head, {})).dump(),
            to_json(extract_document(whole, {})).dump());

  // Other formats are kept whole; a PDF cut short is still told by its tail.
  test::TempDir dir;
  test::write_file(dir / "note.txt", "Thông báo kết luận kiểm tra\n");
  const InputFile text =
      InputFile::read(dir / "note.txt", InputFile::Hash::sha256, InputFile::Keep::pdf_head);
  EXPECT_TRUE(text.whole);
  EXPECT_EQ(text.bytes, "Thông báo kết luận kiểm tra\n");
  test::write_file(dir / "cut.pdf", whole.bytes.substr(0, whole.bytes.size() / 2));
  const InputFile cut =
      InputFile::read(dir / "cut.pdf", InputFile::Hash::sha256, InputFile::Keep::pdf_head);
  try {
    extract_document(cut, {});
    ADD_FAILURE() << "a PDF cut in half was read";
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_damaged);
    EXPECT_NE(std::string(error.what()).find("incomplete"), std::string::npos) << error.what();
  }
}

// A one-page PDF showing `content` (a content stream) in Helvetica, with a correct xref table.
std::string one_page_pdf(const std::string &content) {
  const std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> "
      ">> /Contents 4 0 R >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"};
  return test::pdf_from_objects(objects);
}

TEST(PdfExtractTest, AWideGapOnALineIsASpace) {
  // A draft's "Số:" with the blank left for its number before "/BC-TTr": Poppler reports no
  // space after "So:" when the gap (here 13.5 pt at 13 pt) is wider than a space.
  test::TempDir dir;
  test::write_file(dir / "gap.pdf",
                   one_page_pdf("BT /F1 13 Tf 100 700 Td (So:) Tj 33 0 Td (/BC-TTr) Tj ET"));
  EXPECT_EQ(extract_document(InputFile::read(dir / "gap.pdf"), {}).text(), "So: /BC-TTr\n");
  // Letters set apart by less than Poppler's word-break spacing stay one word.
  test::write_file(dir / "kerned.pdf",
                   one_page_pdf("BT /F1 13 Tf 100 700 Td (So) Tj 14.5 0 Td (:) Tj ET"));
  EXPECT_EQ(extract_document(InputFile::read(dir / "kerned.pdf"), {}).text(), "So:\n");
}

TEST(PdfExtractTest, SameInputGivesSameBytes) {
  const std::string first = to_json(extract_sample("report-2021-qlcn.pdf")).dump();
  const std::string second = to_json(extract_sample("report-2021-qlcn.pdf")).dump();
  EXPECT_EQ(first, second);
}

} // namespace
} // namespace vnotice
