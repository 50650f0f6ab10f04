// Reading order on synthetic pages: positions chosen like an A4 Decree 30 page at 13–14 pt.
#include "extractors/reading_order.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <sstream>

namespace vnotice {
namespace {

constexpr double kHeight = 14;
constexpr double kCharWidth = 6;
constexpr double kSpace = 3.5;

// Lays out `phrase` as words starting at x, on the row whose top is y.
void place(std::vector<Word> &words, const std::string &phrase, double x, double y,
           double space = kSpace, double height = kHeight) {
  std::istringstream in(phrase);
  std::string token;
  while (in >> token) {
    // Count code points, not bytes, for a plausible width.
    double chars = 0;
    for (unsigned char c : token)
      chars += (c & 0xC0) != 0x80;
    Word word;
    word.text = token;
    word.box = {x, y, x + chars * kCharWidth, y + height};
    word.page = 1;
    words.push_back(word);
    x = word.box.x1 + space;
  }
}

std::vector<std::string> block_texts(const std::vector<Block> &blocks) {
  std::vector<std::string> texts;
  for (const Block &block : blocks)
    texts.push_back(block.text());
  return texts;
}

std::vector<Word> letterhead_page() {
  std::vector<Word> words;
  place(words, "UBND TỈNH ĐỒNG THÁP", 100, 50);
  place(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 50);
  place(words, "SỞ CÔNG THƯƠNG", 115, 66);
  place(words, "Độc lập - Tự do - Hạnh phúc", 340, 66);
  place(words, "Số: 45/TB-SCT", 120, 82);
  place(words, "Đồng Tháp, ngày 06 tháng 9 năm 2021", 310, 82);
  place(words, "Thực hiện Kế hoạch số 2532/KH-SCT ngày 31/12/2020 của Sở Công Thương về", 113, 150);
  place(words, "kiểm tra cải cách hành chính năm 2021, Sở thông báo kết quả kiểm tra.", 85, 166);
  place(words, "I. KẾT QUẢ KIỂM TRA", 85, 195);
  // The type line is centred on the text area, as Decree 30 wants.
  double right = 0;
  for (const Word &word : words)
    right = std::max(right, word.box.x1);
  const double title_width = 9 * kCharWidth + kSpace;
  place(words, "THÔNG BÁO", (85 + right - title_width) / 2, 120);
  return words;
}

TEST(ReadingOrderTest, LetterheadColumnsComeOutAsTwoBlocksNotInterleaved) {
  const auto texts = block_texts(order_page_words(letterhead_page()));
  ASSERT_GE(texts.size(), 4u);
  EXPECT_EQ(texts[0], "UBND TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\nSố: 45/TB-SCT");
  EXPECT_EQ(texts[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                      "Đồng Tháp, ngày 06 tháng 9 năm 2021");
  EXPECT_EQ(texts[2], "THÔNG BÁO");
  EXPECT_TRUE(texts[3].starts_with("Thực hiện")) << texts[3];
}

TEST(ReadingOrderTest, ColumnBlocksAreMarkedAsColumns) {
  const auto blocks = order_page_words(letterhead_page());
  EXPECT_EQ(blocks[0].kind, BlockKind::column);
  EXPECT_EQ(blocks[1].kind, BlockKind::column);
  EXPECT_EQ(blocks[2].kind, BlockKind::paragraph);
}

TEST(ReadingOrderTest, OutputDoesNotDependOnInputOrder) {
  std::vector<Word> words = letterhead_page();
  const auto expected = block_texts(order_page_words(words));
  std::mt19937 random(42);
  for (int round = 0; round < 5; ++round) {
    std::shuffle(words.begin(), words.end(), random);
    EXPECT_EQ(block_texts(order_page_words(words)), expected);
  }
}

TEST(ReadingOrderTest, ColumnsThatNearlyTouchAreStillSplit) {
  // A long parent body almost reaches the motto: the gap is only about three spaces wide.
  std::vector<Word> words;
  place(words, "SỞ CÔNG THƯƠNG ĐỒNG THÁP", 89, 50);
  place(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 89 + 24 * kCharWidth + 4 * kSpace + 11, 50);
  place(words, "PHÒNG QUẢN LÝ", 120, 66);
  place(words, "Độc lập - Tự do - Hạnh phúc", 340, 66);
  const auto texts = block_texts(order_page_words(words));
  ASSERT_EQ(texts.size(), 2u);
  EXPECT_EQ(texts[0], "SỞ CÔNG THƯƠNG ĐỒNG THÁP\nPHÒNG QUẢN LÝ");
}

TEST(ReadingOrderTest, AGutterAQuarterOfABodyRowWideStillHoldsTheColumns) {
  // The KCTV report's letterhead: the second row of the left column ends 4.4 pt before the
  // first row of the right column begins (positions from its PDF, 12 pt letterhead, 14 pt body).
  std::vector<Word> words;
  place(words, "SỞ CÔNG THƯƠNG ĐỒNG THÁP", 103.4, 56.5);
  place(words, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", 301.4, 56.5);
  const double second_row_end = 301.4 - 4.4;
  const std::string second_row = "TRUNG TÂM KHUYẾN CÔNG";
  place(words, second_row, second_row_end - (18 * kCharWidth + 3 * kSpace), 70.3);
  place(words, "Độc lập - Tự do", 347, 70.3);
  place(words, "PHÁT TRIỂN", 121, 84.4);
  place(words, "Đồng Tháp, ngày 15", 320.6, 84.4);
  for (int line = 0; line < 5; ++line)
    place(words, "Thực hiện công văn số 1820/SCT-VP ngày 27/8/2021 của Sở Công Thương về việc", 85,
          130 + line * 20, kSpace, 18.2);
  const auto texts = block_texts(order_page_words(words));
  ASSERT_GE(texts.size(), 2u);
  EXPECT_EQ(texts[0], "SỞ CÔNG THƯƠNG ĐỒNG THÁP\nTRUNG TÂM KHUYẾN CÔNG\nPHÁT TRIỂN");
  EXPECT_EQ(texts[1], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT\nĐộc lập - Tự do\nĐồng Tháp, ngày 15");
}

TEST(ReadingOrderTest, JustifiedLineWithWideEvenSpacesIsOneLine) {
  std::vector<Word> words;
  place(words, "Các Phòng thường xuyên rà soát, tổ chức thực hiện đúng quy định", 85, 100, 9);
  const auto blocks = order_page_words(words);
  ASSERT_EQ(blocks.size(), 1u);
  ASSERT_EQ(blocks[0].lines.size(), 1u);
  EXPECT_EQ(blocks[0].kind, BlockKind::paragraph);
}

TEST(ReadingOrderTest, ClosingBlockKeepsRecipientsAndSignerApart) {
  std::vector<Word> words;
  place(words, "Trên đây là thông báo kết quả kiểm tra cải cách hành chính năm 2021 của Sở", 113,
        400);
  place(words, "Công Thương./.", 85, 416);
  place(words, "Nơi nhận:", 85, 450);
  place(words, "KT. GIÁM ĐỐC", 390, 450);
  place(words, "- Lãnh đạo Sở;", 85, 464);
  place(words, "PHÓ GIÁM ĐỐC", 388, 466);
  place(words, "- Các Phòng, đơn vị thuộc Sở;", 85, 478);
  place(words, "- Lưu: VT, VP.", 85, 492);
  place(words, "Nguyễn Văn An", 385, 550); // after the space for signature and seal
  const auto texts = block_texts(order_page_words(words));
  ASSERT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts[1], "Nơi nhận:\n- Lãnh đạo Sở;\n- Các Phòng, đơn vị thuộc Sở;\n- Lưu: VT, VP.");
  EXPECT_EQ(texts[2], "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn An");
}

TEST(ReadingOrderTest, TablesAreReadRowByRowWithTabsBetweenCells) {
  std::vector<Word> words;
  place(words, "Lĩnh vực", 90, 300);
  place(words, "Tiếp nhận", 260, 300);
  place(words, "Đúng hạn", 360, 300);
  place(words, "Trễ hạn", 460, 300);
  place(words, "Điện lực", 90, 318);
  place(words, "152", 260, 318);
  place(words, "150", 360, 318);
  place(words, "02", 460, 318);
  place(words, "2.3 Cải cách tổ chức bộ máy", 113, 360);
  const auto blocks = order_page_words(words);
  ASSERT_EQ(blocks.size(), 2u);
  EXPECT_EQ(blocks[0].kind, BlockKind::table);
  EXPECT_EQ(blocks[0].text(), "Lĩnh vực\tTiếp nhận\tĐúng hạn\tTrễ hạn\nĐiện lực\t152\t150\t02");
  EXPECT_EQ(blocks[1].text(), "2.3 Cải cách tổ chức bộ máy");
}

TEST(ReadingOrderTest, EmptyTableCellsKeepTheirColumnButAMergedHeaderIsReadAsItIs) {
  std::vector<Word> words;
  place(words, "Nhóm", 90, 300);
  place(words, "Hồ sơ thủ tục", 290, 300); // merged over Tiếp nhận and Trễ hạn
  place(words, "Rà soát", 460, 300);
  place(words, "Lĩnh vực", 90, 318);
  place(words, "Tiếp nhận", 260, 318);
  place(words, "Trễ hạn", 360, 318);
  place(words, "Đơn giản", 460, 318);
  place(words, "Điện lực", 90, 336);
  place(words, "152", 260, 336);
  place(words, "150", 360, 336);
  place(words, "02", 460, 336);
  place(words, "Văn phòng", 90, 354); // nothing under Tiếp nhận
  place(words, "0", 360, 354);
  place(words, "03", 460, 354);
  place(words, "Thương mại", 90, 372); // only the first column
  const auto blocks = order_page_words(words);
  ASSERT_FALSE(blocks.empty());
  EXPECT_EQ(blocks[0].kind, BlockKind::table);
  EXPECT_EQ(blocks[0].text(), "Nhóm\tHồ sơ thủ tục\tRà soát\n"
                              "Lĩnh vực\tTiếp nhận\tTrễ hạn\tĐơn giản\n"
                              "Điện lực\t152\t150\t02\n"
                              "Văn phòng\t\t0\t03\n"
                              "Thương mại\t\t\t");
}

TEST(ReadingOrderTest, ParagraphsSplitAtExtraSpacingOrFirstLineIndent) {
  std::vector<Word> words;
  const std::string full = "một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn năm sáu bảy";
  place(words, full, 85, 100); // full line
  place(words, "cuối đoạn.", 85, 116);
  place(words, full, 113, 140); // extra spacing above: new paragraph
  place(words, full, 85, 156);
  place(words, full, 113, 172); // indented after a full line: new paragraph, same spacing
  place(words, "hết.", 85, 188);
  const auto blocks = order_page_words(words);
  ASSERT_EQ(blocks.size(), 3u);
  EXPECT_EQ(blocks[0].lines.size(), 2u);
  EXPECT_EQ(blocks[1].lines.size(), 2u);
  EXPECT_EQ(blocks[2].lines.size(), 2u);
}

// A sentence whose figure wrapped alone onto the next line ("... tiếp nhận:" | "0."): a label
// would head something, so one word ending the sentence stays in its paragraph. A labelled
// heading after a full line that ends a sentence still starts its own.
TEST(ReadingOrderTest, AFigureAloneUnderAFullLineEndsItsSentence) {
  std::vector<Word> words;
  const std::string full = "một hai ba bốn năm sáu bảy tám chín mười một hai ba bốn năm sáu";
  place(words, "- Tiếp nhận phản ánh, kiến nghị: " + full + " tiếp nhận:", 85, 100);
  place(words, "0.", 85, 116);
  place(words, "Đã " + full + " cuối.", 85, 132);
  place(words, "2. Kết quả thực hiện", 85, 148);
  const std::vector<std::string> texts = block_texts(order_page_words(words));
  ASSERT_EQ(texts.size(), 3u) << ::testing::PrintToString(texts);
  EXPECT_TRUE(texts[0].ends_with("tiếp nhận:\n0.")) << texts[0];
  EXPECT_EQ(texts[2], "2. Kết quả thực hiện");
}

TEST(ReadingOrderTest, EmptyPageHasNoBlocks) { EXPECT_TRUE(order_page_words({}).empty()); }

// A house style with no space between paragraphs and a first-line indent on every paragraph,
// headings included: the heading's line is short and the body line below it starts a paragraph
// of its own. A ragged line that closes nothing stays in its paragraph.
TEST(ReadingOrderTest, HeadingsWithoutSpaceAfterThemKeepTheirOwnParagraph) {
  for (const bool bold : {true, false}) {
    std::vector<Word> words;
    const double pitch = kHeight + 1; // 0 pt between paragraphs: the line pitch everywhere
    double y = 100;
    auto row = [&](const std::string &text, double x, const char *font) {
      const size_t first = words.size();
      place(words, text, x, y);
      for (size_t i = first; i < words.size(); ++i)
        words[i].font = font;
      y += pitch;
    };
    const char *heading_font = bold ? "LiberationSerif-Bold" : "LiberationSerif";
    // Full lines reach x = 520; a paragraph's last line ends short.
    row("Căn cứ công văn số 1820/SCT-VP ngày 27/8/2021 của Sở Công Thương đề nghị", 113,
        "LiberationSerif");
    row("các đơn vị báo cáo kết quả thực hiện, Phòng Quản lý công nghiệp báo cáo như thế", 85,
        "LiberationSerif");
    row("sau đây:", 85, "LiberationSerif");
    row("1. Công tác chỉ đạo, điều hành", 113, heading_font);
    row("Phòng quán triệt kế hoạch cải cách hành chính đến công chức; phân công", 113,
        "LiberationSerif");
    row("01 công chức theo dõi và chủ trì 03 tiêu chí thành phần của Chỉ số một hai ba", 85,
        "LiberationSerif");
    row("trong năm.", 85, "LiberationSerif");
    row("2.1 Cải cách thể chế", 113, heading_font);
    row("Đang chủ trì rà soát 02 văn bản quy phạm pháp luật của Ủy ban nhân dân", 113,
        "LiberationSerif");
    row("Tỉnh, dự kiến", 85, "LiberationSerif"); // short, closes nothing: ragged, not an end
    row("hoàn thành trong quý IV/2021.", 85, "LiberationSerif");
    const std::vector<std::string> texts = block_texts(order_page_words(words));
    ASSERT_EQ(texts.size(), 5u) << ::testing::PrintToString(texts);
    EXPECT_EQ(texts[1], "1. Công tác chỉ đạo, điều hành");
    EXPECT_EQ(texts[3], "2.1 Cải cách thể chế");
    EXPECT_NE(texts[4].find("Tỉnh, dự kiến\nhoàn thành"), std::string::npos) << texts[4];
  }
}

} // namespace
} // namespace vnotice
