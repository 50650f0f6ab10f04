// The Vietnamese text layer over whole Documents: legacy fonts in PDFs, NFC, reflow, page
// furniture, OCR repairs (and none on born-digital text), the reference notice.
#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/input_file.h"
#include "pipeline/reflow.h"
#include "pipeline/vietnamese_text.h"
#include "test_support.h"

#include <fstream>
#include <gtest/gtest.h>
#include <set>
#include <sstream>

namespace vnotice {
namespace {

// A PDF whose text is drawn with non-embedded fonts of the given names (WinAnsi encoding, the
// way legacy-font documents come out of old office suites); one line per (font, bytes).
std::string legacy_font_pdf(const std::vector<std::pair<std::string, std::string>> &lines) {
  std::string content;
  for (size_t i = 0; i < lines.size(); ++i)
    content += "BT /F" + std::to_string(i + 1) + " 14 Tf 72 " + std::to_string(760 - 30 * i) +
               " Td (" + lines[i].second + ") Tj ET\n";
  std::vector<std::string> objects = {"<< /Type /Catalog /Pages 2 0 R >>",
                                      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"};
  std::string fonts;
  for (size_t i = 0; i < lines.size(); ++i)
    fonts += "/F" + std::to_string(i + 1) + " " + std::to_string(5 + i) + " 0 R ";
  objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
                    "/Resources << /Font << " +
                    fonts + ">> >> >>");
  objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                    "endstream");
  for (const auto &[font, bytes] : lines)
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /" + font +
                      " /Encoding /WinAnsiEncoding >>");
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
    pdf += entry;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

Document read_normalised(const std::filesystem::path &path) {
  Document document = extract_document(InputFile::read(path), {});
  normalise_document(document);
  return document;
}

Word word(std::string text, Origin origin, double x = 0) {
  Word w;
  w.text = std::move(text);
  w.origin = origin;
  w.page = 1;
  w.box = {x, 100, x + 20, 114};
  return w;
}

Line line(std::vector<std::string> texts, Origin origin) {
  Line l;
  double x = 72;
  for (auto &text : texts) {
    l.words.push_back(word(text, origin, x));
    x += 30;
  }
  l.box = {72, 100, x, 114};
  return l;
}

Document one_block(std::vector<Line> lines, BlockKind kind = BlockKind::paragraph) {
  Document document;
  Page page;
  page.number = 1;
  page.width = 595;
  page.height = 842;
  Block block;
  block.kind = kind;
  block.lines = std::move(lines);
  block.box = {72, 100, 500, 114};
  page.blocks.push_back(std::move(block));
  document.pages.push_back(std::move(page));
  return document;
}

TEST(TextLayerTest, LegacyFontsInAPdfAreDecodedRunByRun) {
  test::TempDir dir;
  // TCVN3 (.VnTime) and VNI (VNI-Times) on one page, as bytes in the font's own encoding.
  test::write_file(dir / "legacy.pdf",
                   legacy_font_pdf({{".VnTime", "C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdc"
                                                "a Vi\xd6t Nam"},
                                    {"VNI-Times", "\xd1o\xe4"
                                                  "c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9"
                                                  "c"}}));
  const Document raw = extract_document(InputFile::read(dir / "legacy.pdf"), {});
  EXPECT_NE(raw.text().find("Céng hoµ"), std::string::npos) << raw.text(); // what Poppler gives
  const Document document = read_normalised(dir / "legacy.pdf");
  EXPECT_EQ(flowing_text(document),
            "Cộng hoà xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc\n");
  int notes = 0;
  for (const Warning &warning : document.warnings)
    notes += warning.code == WarningCode::legacy_encoding;
  EXPECT_EQ(notes, 2); // one per encoding
  EXPECT_TRUE(document.repairs.empty());
}

TEST(TextLayerTest, LegacyPlainTextFileIsDetectedWithoutAFont) {
  test::TempDir dir;
  test::write_file(dir / "tcvn3.txt",
                   "UBND T\xd8NH \xa7\xe5NG TH\xb8P\nC\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdc"
                   "a Vi\xd6t Nam\n");
  // The file holds raw TCVN3 bytes, not UTF-8.
  const Document document = read_normalised(dir / "tcvn3.txt");
  EXPECT_EQ(flowing_text(document), "UBND TỈNH ĐỒNG THÁP\nCộng hoà xã hội chủ nghĩa Việt Nam\n");
}

// OCR writes Unicode: marks it made of noise are never decoded as a legacy encoding, while the
// same characters from a text layer are.
TEST(TextLayerTest, OcrTextIsNeverTakenForALegacyEncoding) {
  const std::vector<std::string> marks = {"\u02C6", "\u00FF"}; // as Tesseract read two specks
  Document scanned = one_block({line(marks, Origin::ocr)});
  normalise_document(scanned);
  EXPECT_EQ(flowing_text(scanned), "\u02C6 \u00FF\n");
  for (const Warning &warning : scanned.warnings)
    EXPECT_NE(warning.code, WarningCode::legacy_encoding) << warning.message;
  Document typed = one_block({line(marks, Origin::pdf_text)});
  normalise_document(typed);
  EXPECT_NE(flowing_text(typed), "\u02C6 \u00FF\n");
}

TEST(TextLayerTest, DecomposedTextBecomesNfcAndKeepsItsTonePlacement) {
  test::TempDir dir;
  // NFD "Hòa" (o + combining grave) and old-style "hoà" (tone on a), Windows-1258 style.
  test::write_file(dir / "nfd.txt", "Ho\xcc\x80"
                                    "a bi\xcc\x80nh; ho\xc3\xa0 gia\xcc\x89i\n");
  const Document document = read_normalised(dir / "nfd.txt");
  EXPECT_EQ(flowing_text(document), "Hòa bình; hoà giải\n");
}

TEST(TextLayerTest, UnicodeSamplesAreNeverChanged) {
  for (const std::string name :
       {"notice-2021-sct.pdf", "report-2021-vanphong.pdf", "report-2021-qlcn.pdf"}) {
    const Document raw = extract_document(InputFile::read(test::sample_pdf(name)), {});
    Document normalised = raw;
    normalise_document(normalised);
    EXPECT_EQ(normalised.text(), raw.text()) << name;
    EXPECT_TRUE(normalised.repairs.empty()) << name;
    EXPECT_TRUE(normalised.warnings.empty()) << name;
  }
}

TEST(TextLayerTest, ReflowJoinsLinesAndSymbolsCutAtTheLineEnd) {
  Document document = one_block({line({"theo", "Chỉ", "thị", "16/CT-"}, Origin::pdf_text),
                                 line({"TTg", "của", "Thủ", "tướng."}, Origin::pdf_text)});
  EXPECT_EQ(flowing_text(document), "theo Chỉ thị 16/CT-TTg của Thủ tướng.\n");
  // Columns keep their lines.
  Document columns = one_block(
      {line({"UBND", "TỈNH"}, Origin::pdf_text), line({"SỞ", "CÔNG", "THƯƠNG"}, Origin::pdf_text)},
      BlockKind::column);
  EXPECT_EQ(flowing_text(columns), "UBND TỈNH\nSỞ CÔNG THƯƠNG\n");
}

// A table cut by a page break (its header on one page, its figures on the next) is one table in
// the flow when its rows have as many cells; a table of other columns stays apart.
TEST(TextLayerTest, ATableCutByAPageBreakContinuesOnTheNextPage) {
  auto row = [](std::vector<std::string> cells, int page) {
    Line l = line(std::move(cells), Origin::pdf_text);
    for (size_t i = 0; i < l.words.size(); ++i) {
      l.words[i].starts_cell = i > 0;
      l.words[i].page = page;
    }
    return l;
  };
  auto document_of = [&](std::vector<std::string> second_page_row) {
    Document document = one_block({row({"Lĩnh", "Tiếp", "Đúng"}, 1)}, BlockKind::table);
    Page next = document.pages[0];
    next.number = 2;
    next.blocks[0].lines = {row(std::move(second_page_row), 2)};
    document.pages.push_back(next);
    return document;
  };
  const auto same = flowing_paragraphs(document_of({"Tổng", "5.325", "5.325"}));
  ASSERT_EQ(same.size(), 1u);
  EXPECT_EQ(same[0].text, "Lĩnh\tTiếp\tĐúng\nTổng\t5.325\t5.325");
  EXPECT_EQ(flowing_paragraphs(document_of({"Tổng", "5.325"})).size(), 2u);
}

// A sentence cut by a page break right before its figure ("đạt" | "99%; ..."): the page's last
// line is full, so the figure on the next page continues it. After a short line (a heading, a
// paragraph's end) or a numbered heading, the next page starts afresh.
TEST(TextLayerTest, ASentenceCutBeforeItsFigureByAPageBreakContinues) {
  auto document_of = [](Line last, std::vector<std::string> first_of_next) {
    Document document = one_block({std::move(last)});
    Page next = document.pages[0];
    next.number = 2;
    Line first = line(std::move(first_of_next), Origin::pdf_text);
    for (Word &w : first.words)
      w.page = 2;
    next.blocks[0].lines = {first};
    document.pages.push_back(next);
    return document;
  };
  auto full = [](std::vector<std::string> words) {
    Line l = line(std::move(words), Origin::pdf_text);
    l.box.x1 = 552; // to the right margin of an A4 page
    return l;
  };
  EXPECT_EQ(flowing_paragraphs(document_of(full({"tỷ", "lệ", "đúng", "hạn", "đạt"}),
                                           {"99%;", "quá", "hạn", "41."}))
                .size(),
            1u);
  EXPECT_EQ(flowing_text(document_of(full({"hồ", "sơ", "đúng", "hạn", "đạt"}), {"100%."})),
            "hồ sơ đúng hạn đạt 100%.\n");
  EXPECT_EQ(flowing_text(document_of(full({"đã", "giải", "quyết", "đúng", "hạn"}),
                                     {"4.688/4.702", "hồ", "sơ."})),
            "đã giải quyết đúng hạn 4.688/4.702 hồ sơ.\n");
  EXPECT_EQ(flowing_text(document_of(full({"Số", "phản", "ánh", "tiếp", "nhận:"}), {"0."})),
            "Số phản ánh tiếp nhận: 0.\n");
  // A sentence's end, and a list after a colon, start afresh.
  EXPECT_EQ(
      flowing_paragraphs(document_of(full({"đạt", "kết", "quả", "tốt."}), {"100%", "hồ"})).size(),
      2u);
  EXPECT_EQ(
      flowing_paragraphs(document_of(full({"kết", "quả", "như", "sau:"}), {"-", "1.085"})).size(),
      2u);
  EXPECT_EQ(flowing_paragraphs(
                document_of(full({"báo", "cáo", "như", "sau:"}), {"1)", "Công", "tác", "chỉ"}))
                .size(),
            2u);
  // A short last line, and a heading label, start afresh.
  EXPECT_EQ(flowing_paragraphs(
                document_of(line({"Kết", "quả", "đạt"}, Origin::pdf_text), {"100%", "hồ", "sơ."}))
                .size(),
            2u);
  EXPECT_EQ(flowing_paragraphs(document_of(full({"tỷ", "lệ", "đúng", "hạn", "đạt"}),
                                           {"2.3", "Cải", "cách", "tổ", "chức"}))
                .size(),
            2u);
}

TEST(TextLayerTest, PageNumbersAndFooterLinksLeaveTheFlowButStayInTheDocument) {
  Document document = one_block({line({"Nội", "dung", "chính."}, Origin::pdf_text)});
  Block number, link;
  number.lines = {line({"- 2 -"}, Origin::pdf_text)};
  number.box = {290, 800, 310, 812}; // bottom margin
  link.lines = {line({"https://sct.dongthap.gov.vn/"}, Origin::pdf_text)};
  link.box = {72, 815, 250, 827};
  document.pages[0].blocks.push_back(number);
  document.pages[0].blocks.push_back(link);
  normalise_document(document);
  EXPECT_EQ(document.pages[0].blocks[1].kind, BlockKind::furniture);
  EXPECT_EQ(document.pages[0].blocks[2].kind, BlockKind::furniture);
  EXPECT_EQ(flowing_text(document), "Nội dung chính.\n");
  EXPECT_EQ(document.pages[0].blocks.size(), 3u);
}

TEST(TextLayerTest, OcrRepairsAreMadeAndRecorded) {
  Document document;
  Page page;
  page.number = 1;
  page.width = 595; // the blocks' short lines end no sentence, but none is a full line
  auto add = [&](std::vector<std::string> words) {
    Block block;
    block.lines = {line(std::move(words), Origin::ocr)};
    page.blocks.push_back(block);
  };
  add({"I.", "KẾT", "QUẢ", "KIỂM", "TRA"});
  add({"1.", "KẾT", "QUẢ", "CHUNG"}); // an Arabic number under a part: not a Roman misread
  add({"c)", "Rà", "soát"});
  add({"đ)", "Tuyên", "truyền"});                          // misread d)
  add({"H.", "NHẬN", "XÉT,", "ĐÁNH", "GIÁ"});              // misread II.
  add({"II.", "ĐỀ", "XUẤT"});                              // misread III. (a repeated numeral)
  add({"ngày", "19/7/2O21", "của", "\xc3\x90o\xc3\xa0n"}); // 2O21, Ðoàn with an eth
  add({"ĐIỀ", "U", "CHỈNH"});
  add({"ngày", "19/7/202];", "tiếp", "nhận", "14]", "hồ", "sơ"}); // a 1 without its foot
  add({"Điều", "1]", "[1]"}); // a footnote mark and a lone "1]" are not numbers to repair
  add({"công", "văn", "1820/SCT-", "VP,", "Quyết", "định", "25/2018/QĐ-", "UBND"});
  add({"số", "12/KH-", "về", "việc"}); // a symbol cut at a line's end is the reflow's
  document.pages.push_back(page);
  normalise_document(document);
  EXPECT_EQ(flowing_text(document), "I. KẾT QUẢ KIỂM TRA\n\n1. KẾT QUẢ CHUNG\n\nc) Rà soát\n\nd) "
                                    "Tuyên truyền\n\nII. NHẬN XÉT, ĐÁNH GIÁ\n\n"
                                    "III. ĐỀ XUẤT\n\nngày 19/7/2021 của Đoàn\n\nĐIỀU CHỈNH\n\n"
                                    "ngày 19/7/2021; tiếp nhận 141 hồ sơ\n\nĐiều 1] [1]\n\n"
                                    "công văn 1820/SCT-VP, Quyết định 25/2018/QĐ-UBND\n\n"
                                    "số 12/KH- về việc\n");
  std::set<std::string> reasons;
  for (const Repair &repair : document.repairs) {
    reasons.insert(std::string(repair_code_name(repair.reason)));
    EXPECT_NE(repair.original, repair.replacement);
  }
  EXPECT_EQ(reasons, (std::set<std::string>{"list_label_sequence", "roman_heading_sequence",
                                            "letter_in_number", "eth_for_d_stroke",
                                            "split_syllable", "split_symbol"}));
  EXPECT_EQ(document.repairs.size(), 10u);

  // "IH." for "III.", where II. came before.
  Document parts;
  Page part_page;
  part_page.number = 1;
  for (const auto &words : std::vector<std::vector<std::string>>{
           {"I.", "KẾT", "QUẢ"}, {"II.", "NHẬN", "XÉT"}, {"IH.", "ĐỀ", "XUẤT"}}) {
    Block block;
    block.lines = {line(words, Origin::ocr)};
    part_page.blocks.push_back(block);
  }
  parts.pages.push_back(part_page);
  normalise_document(parts);
  EXPECT_EQ(flowing_text(parts), "I. KẾT QUẢ\n\nII. NHẬN XÉT\n\nIII. ĐỀ XUẤT\n");
  ASSERT_EQ(parts.repairs.size(), 1u);
  EXPECT_EQ(parts.repairs[0].original, "IH.");
}

TEST(TextLayerTest, DecreeFormsGetTheirPunctuationBack) {
  Document document;
  Page page;
  page.number = 1;
  Block left;
  left.kind = BlockKind::column;
  left.lines = {line({"SỞ", "CÔNG", "THƯƠNG", "ĐỒNG", "THÁP."}, Origin::ocr),
                line({"PHÒNG", "QUẢN", "LÝ'"}, Origin::ocr),
                line({"Số:", "08/BC-QLCN"}, Origin::ocr),
                line({"V/v", "báo", "cáo."}, Origin::ocr)};
  Block closing;
  closing.lines = {
      line({"Đồng", "Tháp,", "ngày:", "15", "tháng", "10", "năm", "2021"}, Origin::ocr),
      line({"Ngày:", "15/10/2021", "Sở./,"}, Origin::ocr), // not a written-out date
      line({"-", "Lưu;", "VT,", "VP."}, Origin::ocr),
      line({"-", "Lưu", "VT,", "QLTM."}, Origin::ocr),
      line({"-", "Lưu:", "VT."}, Origin::ocr),
      line({"Lưu", "trữ", "hồ", "sơ;"}, Origin::ocr)};
  page.blocks = {left, closing};
  Page second = page;
  second.number = 2;
  document.pages = {page, second};
  normalise_document(document);
  const auto &letterhead = document.pages[0].blocks[0].lines;
  EXPECT_EQ(letterhead[0].text(), "SỞ CÔNG THƯƠNG ĐỒNG THÁP");
  EXPECT_EQ(letterhead[1].text(), "PHÒNG QUẢN LÝ");
  EXPECT_EQ(letterhead[3].text(), "V/v báo cáo."); // not capitals: not an agency name
  const auto &recipients = document.pages[0].blocks[1].lines;
  EXPECT_EQ(recipients[0].text(), "Đồng Tháp, ngày 15 tháng 10 năm 2021");
  EXPECT_EQ(recipients[1].text(), "Ngày: 15/10/2021 Sở./.");
  EXPECT_EQ(recipients[2].text(), "- Lưu: VT, VP.");
  EXPECT_EQ(recipients[3].text(), "- Lưu: VT, QLTM.");
  EXPECT_EQ(recipients[4].text(), "- Lưu: VT.");
  EXPECT_EQ(recipients[5].text(), "Lưu trữ hồ sơ;");
  // Only page 1 has a letterhead.
  EXPECT_EQ(document.pages[1].blocks[0].lines[0].text(), "SỞ CÔNG THƯƠNG ĐỒNG THÁP.");
  for (const Repair &repair : document.repairs)
    EXPECT_EQ(repair.reason, RepairCode::decree_form);
  EXPECT_EQ(document.repairs.size(), 10u); // 2 letterhead, and 4 in the closing block of each page

  Document born = document;
  born.repairs.clear();
  born.pages[1].blocks[0].lines[0] = line({"ĐỒNG", "THÁP."}, Origin::pdf_text);
  born.pages[1].blocks[1].lines[0] = line({"Lưu", "VT"}, Origin::pdf_text);
  std::swap(born.pages[0], born.pages[1]);
  normalise_document(born);
  EXPECT_EQ(born.pages[0].blocks[0].lines[0].text(), "ĐỒNG THÁP.");
  EXPECT_EQ(born.pages[0].blocks[1].lines[0].text(), "Lưu VT");
}

TEST(TextLayerTest, ARecipientsHeadingBlurredByAScanIsReadByItsForm) {
  // 150-dpi scans of the variation corpus read the small bold italic heading as these.
  Document document =
      one_block({line({"Nơinhậm"}, Origin::ocr), line({"-", "Sở", "Nông", "nghiệp;"}, Origin::ocr),
                 line({"Nơi", "nhậm"}, Origin::ocr),
                 line({"\u2013", "Lưu:", "VT."}, Origin::ocr), // an en dash
                 // Not followed by a list line: left alone.
                 line({"Nơinhậm"}, Origin::ocr), line({"Văn", "phòng"}, Origin::ocr),
                 // Not starting with "Nơi": too far to tell.
                 line({"Tơ", "NA"}, Origin::ocr), line({"-", "Lưu:", "VT."}, Origin::ocr),
                 // A born-digital line is what the author wrote.
                 line({"Nơinhậm"}, Origin::pdf_text), line({"-", "Lưu:", "VT."}, Origin::pdf_text)},
                BlockKind::column);
  normalise_document(document);
  const auto &lines = document.pages[0].blocks[0].lines;
  EXPECT_EQ(lines[0].text(), "Nơi nhận:");
  EXPECT_EQ(lines[2].text(), "Nơi nhận:");
  EXPECT_EQ(lines[4].text(), "Nơinhậm");
  EXPECT_EQ(lines[6].text(), "Tơ NA");
  EXPECT_EQ(lines[8].text(), "Nơinhậm");
  size_t headings = 0;
  for (const Repair &repair : document.repairs)
    headings += repair.replacement == "Nơi nhận:" && repair.reason == RepairCode::decree_form;
  EXPECT_EQ(headings, 2u);
}

TEST(TextLayerTest, SyllablesOcrRanTogetherAreSplitWhenOnlyOneWayFits) {
  // A bold table header read with its spaces lost (the vanphong report, 300-dpi scan).
  Document document = one_block(
      {line({"Tiếpnhận", "Trựctuyến,", "Đúnghạn", "Trễhạn", "Ràsoát"}, Origin::ocr),
       // "Đơn giản hóa" or "Đơn giả nhóa": both are syllables in use, so it is left alone.
       line({"Đơngiảnhóa"}, Origin::ocr),
       // One tone mark at most: one syllable or an abbreviation, never split.
       line({"ISO", "TTHC", "Covid", "thongtin", "soátTTHC"}, Origin::ocr)},
      BlockKind::table);
  normalise_document(document);
  const Line &header = document.pages[0].blocks[0].lines[0];
  EXPECT_EQ(header.text(), "Tiếp nhận Trực tuyến, Đúng hạn Trễ hạn Rà soát");
  ASSERT_EQ(header.words.size(), 10u);
  // The box is shared out by letters: "Tiếp" takes 4 of the 8, from the word's left edge.
  EXPECT_DOUBLE_EQ(header.words[0].box.x0, document.pages[0].blocks[0].lines[0].box.x0);
  EXPECT_LT(header.words[0].box.x1, header.words[1].box.x1);
  EXPECT_EQ(document.pages[0].blocks[0].lines[1].text(), "Đơngiảnhóa");
  EXPECT_EQ(document.pages[0].blocks[0].lines[2].text(), "ISO TTHC Covid thongtin soátTTHC");
  ASSERT_EQ(document.repairs.size(), 5u);
  EXPECT_EQ(document.repairs[1].original, "Trựctuyến,");
  EXPECT_EQ(document.repairs[1].replacement, "Trực tuyến,");
  EXPECT_EQ(document.repairs[1].reason, RepairCode::joined_syllables);
}

TEST(TextLayerTest, ToneLookAlikesAreRepairedWhereOnlyOneReadingMakesACompound) {
  // What Tesseract read on 150-dpi scans: hook above as acute over a circumflex, a stroke
  // added to d, punctuation between words.
  Document document = one_block(
      {line({"Tổ", "kiếm", "tra", "sửa", "đối", "quy", "chế"}, Origin::ocr),
       line({"KIẾM", "TRA", "và", "tố", "chức", "thực", "hiện;", "đấy", "mạnh"}, Origin::ocr),
       // Correct as read: "tìm kiếm", "tố cáo", "đối với", "có thể", "thế giới" are words too.
       line({"tìm", "kiếm", "tố", "cáo", "đối", "với", "có", "thể", "thế", "giới"}, Origin::ocr),
       // Across a comma a pair is no compound; a word alone has nothing to go by.
       line({"kiếm,", "tra", "kiếm"}, Origin::ocr),
       // "chỉ tiêu" and "chi tiêu" are both words: the reading that a longer entry of the lexicon
       // covers on both sides wins ("quy chế chi tiêu nội bộ"), a tie leaves the word as read
       // ("vượt chỉ tiêu"), and so does a long entry the line does not match ("cơ sở dữ liệu"
       // is no reason to read "Sở dự kiến" as "Sở dữ kiến").
       line({"Quy", "chế", "chỉ", "tiêu", "nội", "bộ,", "vượt", "chỉ", "tiêu", "Sở", "dự", "kiến"},
            Origin::ocr),
       // Capitals whose marks were lost (a seal over the signer's title, a tight letterhead).
       line({"PHO", "GIAM", "ĐOC"}, Origin::ocr), line({"PHONG", "QUAN", "LY"}, Origin::ocr),
       // Syllables that are right without marks stay: "CƠ QUAN", "thông tin", "ban hành".
       line({"CƠ", "QUAN", "thông", "tin", "ban", "hành"}, Origin::ocr),
       // A vowel's own mark lost with the tone changed ("nội" read "nòi"). "phần công" stays:
       // as read it is a pair in common use ("một phần công việc"), though "phân công" is a word.
       line({"nòi", "dung", "báo", "cáo,", "phần", "công", "thành", "phần"}, Origin::ocr),
       // A phrase that the paragraph's line wraps ("công tác kiểm tra"); "yên tĩnh" is a word.
       line({"công", "tác", "kiếm"}, Origin::ocr),
       line({"tra", "giao,", "yên", "tĩnh"}, Origin::ocr),
       // The two horned vowels taken for each other: "Sở Công Thương", "sử dụng".
       line({"-", "Sử", "Công", "Thương;", "sở", "dụng", "lịch", "sử"}, Origin::ocr)});
  const Document before = document;
  normalise_document(document);
  const auto &lines = document.pages[0].blocks[0].lines;
  EXPECT_EQ(lines[0].text(), "Tổ kiểm tra sửa đổi quy chế");
  EXPECT_EQ(lines[1].text(), "KIỂM TRA và tổ chức thực hiện; đẩy mạnh");
  EXPECT_EQ(lines[2].text(), "tìm kiếm tố cáo đối với có thể thế giới");
  EXPECT_EQ(lines[3].text(), "kiếm, tra kiếm");
  EXPECT_EQ(lines[4].text(), "Quy chế chi tiêu nội bộ, vượt chỉ tiêu Sở dự kiến");
  EXPECT_EQ(lines[5].text(), "PHÓ GIÁM ĐỐC");
  EXPECT_EQ(lines[6].text(), "PHÒNG QUẢN LÝ");
  EXPECT_EQ(lines[7].text(), "CƠ QUAN thông tin ban hành");
  EXPECT_EQ(lines[8].text(), "nội dung báo cáo, phần công thành phần");
  // ... also where the paragraph's line wraps inside the phrase.
  EXPECT_EQ(lines[9].text(), "công tác kiểm");
  EXPECT_EQ(lines[10].text(), "tra giao, yên tĩnh");
  EXPECT_EQ(lines[11].text(), "- Sở Công Thương; sử dụng lịch sử");
  // Every word changed has its repair listed, and every repair listed changed a word: the
  // repairs are the differences, not a count fixed to the size of the word list.
  std::multiset<std::pair<std::string, std::string>> changed, listed;
  const auto &lines_before = before.pages[0].blocks[0].lines;
  ASSERT_EQ(lines.size(), lines_before.size());
  for (size_t l = 0; l < lines.size(); ++l) {
    ASSERT_EQ(lines[l].words.size(), lines_before[l].words.size()) << lines[l].text();
    for (size_t w = 0; w < lines[l].words.size(); ++w)
      if (lines[l].words[w].text != lines_before[l].words[w].text)
        changed.insert({lines_before[l].words[w].text, lines[l].words[w].text});
  }
  for (const Repair &repair : document.repairs)
    listed.insert({repair.original, repair.replacement});
  EXPECT_EQ(listed, changed);
  ASSERT_GE(document.repairs.size(), 5u);
  EXPECT_EQ(document.repairs[0].original, "kiếm");
  EXPECT_EQ(document.repairs[0].replacement, "kiểm");
  EXPECT_EQ(document.repairs[0].reason, RepairCode::compound_tone);
  EXPECT_EQ(document.repairs[4].original, "đấy");
  EXPECT_EQ(document.repairs[4].replacement, "đẩy");
}

TEST(TextLayerTest, ToneRepairKeepsToNamesAndWholeWords) {
  // Each rule beside a line where it does not apply. Decree 30: a capital after a lower-case word
  // starts a name no common word runs into; an entry's capital ("Sở Kế hoạch") matches only a
  // capital. An entry that begins inside a common word ("chính tả" in "tài chính") is no evidence.
  const std::vector<std::vector<std::string>> paragraphs = {
      {"các", "đơn", "vị", "thuộc", "Tĩnh"}, // "Tỉnh" misread: never "thuộc tính" (an attribute)
      {"đạt", "chỉ", "tiêu", "so", "kế", "hoạch"},
      {"đề", "nghị", "Sử", "Kế", "hoạch", "và", "Đầu", "tư"},
      {"phòng", "tài", "chính", "ta"},
      {"sửa", "lỗi", "chính", "ta"},
      {"bồi", "dưỡng", "an", "toàn", "điện"}};
  Document document = one_block({});
  document.pages[0].blocks.clear();
  for (const auto &words : paragraphs)
    document.pages[0].blocks.push_back(Block{BlockKind::paragraph, {line(words, Origin::ocr)}, {}});
  normalise_document(document);
  std::vector<std::string> lines;
  for (const Block &block : document.pages[0].blocks)
    lines.push_back(block.text());
  EXPECT_EQ(lines, (std::vector<std::string>{"các đơn vị thuộc Tĩnh", "đạt chỉ tiêu so kế hoạch",
                                             "đề nghị Sở Kế hoạch và Đầu tư", "phòng tài chính ta",
                                             "sửa lỗi chính tả", "bồi dưỡng an toàn điện"}));
}

TEST(TextLayerTest, ToneRepairLeavesPeoplesNamesAlone) {
  // "Văn" is the commonest middle name, and "văn phòng", "văn hóa" are listed words: a name read
  // right must not become one. Decree 30 writes every syllable of a name with a capital and a
  // common word's second syllable without, so two capitalised words together are a name; the
  // same look-alikes in a common word are still repaired ("Văn phỏng Sở"; "Văn phong" would stay,
  // as "văn phong", a style of writing, is a word too).
  Document document =
      one_block({line({"Đồng", "chí", "Nguyễn", "Văn", "Phong", "chủ", "trì"}, Origin::ocr),
                 line({"ông", "Trần", "Văn", "Hòa,", "Phó", "Giám", "đốc"}, Origin::ocr),
                 line({"Bùi", "Văn", "Phong"}, Origin::ocr),
                 line({"giao", "Văn", "phỏng", "Sở", "tham", "mưu"}, Origin::ocr),
                 line({"hoạt", "động", "văn", "hòa", "cơ", "sở"}, Origin::ocr)});
  normalise_document(document);
  const auto &lines = document.pages[0].blocks[0].lines;
  EXPECT_EQ(lines[0].text(), "Đồng chí Nguyễn Văn Phong chủ trì");
  EXPECT_EQ(lines[1].text(), "ông Trần Văn Hòa, Phó Giám đốc");
  EXPECT_EQ(lines[2].text(), "Bùi Văn Phong");
  EXPECT_EQ(lines[3].text(), "giao Văn phòng Sở tham mưu");
  EXPECT_EQ(fold(lines[4].text()), fold("hoạt động văn hóa cơ sở")); // either tone placement
}

TEST(TextLayerTest, DamagedSectionNumbersFollowTheSequence) {
  // Heading labels as Tesseract read them on 150-dpi scans: the dot lost, split off, a speck
  // before it.
  Document document = one_block({line({"2.", "Kết", "quả"}, Origin::ocr),
                                 line({"21", "Cải", "cách", "thể", "chế"}, Origin::ocr),
                                 line({"2.2", "Cải", "cách", "TTHC"}, Origin::ocr),
                                 line({"2.", "3", "Cải", "cách", "tổ", "chức"}, Origin::ocr),
                                 line({"-2.4", "Xây", "dựng"}, Origin::ocr),
                                 line({"2,5", "Cải", "cách", "tài", "chính"}, Origin::ocr),
                                 // Figures that do not follow the sequence stay as read.
                                 line({"06", "TTHC,", "giữ", "nguyên"}, Origin::ocr),
                                 line({"27", "Cải", "cách"}, Origin::ocr)});
  normalise_document(document);
  const auto &lines = document.pages[0].blocks[0].lines;
  EXPECT_EQ(lines[1].text(), "2.1 Cải cách thể chế");
  EXPECT_EQ(lines[3].text(), "2.3 Cải cách tổ chức");
  EXPECT_EQ(lines[4].text(), "2.4 Xây dựng");
  EXPECT_EQ(lines[5].text(), "2.5 Cải cách tài chính");
  EXPECT_EQ(lines[6].text(), "06 TTHC, giữ nguyên");
  EXPECT_EQ(lines[7].text(), "27 Cải cách");
  ASSERT_EQ(document.repairs.size(), 4u);
  EXPECT_EQ(document.repairs[1].original, "2. 3");
  EXPECT_EQ(document.repairs[1].reason, RepairCode::section_label);

  // A house style with a dot after the number ("2.1."): the dot read as a comma, run into the
  // number ("25."), or the comma for the dot inside it; a tilde read for an item's dash.
  Document dotted = one_block(
      {line({"2.", "Kết", "quả"}, Origin::ocr), line({"2.1.", "Cải", "cách"}, Origin::ocr),
       line({"2.2,", "Cải", "cách"}, Origin::ocr), line({"2,3,", "Cải", "cách"}, Origin::ocr),
       line({"24.", "Xây", "dựng"}, Origin::ocr), line({"~", "Văn", "phòng", "Sở"}, Origin::ocr),
       line({"~", "5", "hồ", "sơ"}, Origin::ocr)});
  normalise_document(dotted);
  const auto &dotted_lines = dotted.pages[0].blocks[0].lines;
  EXPECT_EQ(dotted_lines[2].text(), "2.2. Cải cách");
  EXPECT_EQ(dotted_lines[3].text(), "2.3. Cải cách");
  EXPECT_EQ(dotted_lines[4].text(), "2.4. Xây dựng");
  EXPECT_EQ(dotted_lines[5].text(), "- Văn phòng Sở");
  EXPECT_EQ(dotted_lines[6].text(), "~ 5 hồ sơ");
  EXPECT_EQ(dotted.repairs.size(), 4u);
}

TEST(TextLayerTest, OcrMisreadsOfLabelsAcronymsAndFiguresAreRepaired) {
  Line figures = line({"(99,", "6%);", "41", ",\u201E8%);", "06,", "07"}, Origin::ocr);
  // "(99," and "6%);" a hair apart, as are "41" and ",„8%);"; "06," and "07" a space apart.
  const std::vector<std::pair<double, double>> boxes = {{72, 93},   {94, 120},  {130, 142},
                                                        {143, 173}, {180, 194}, {200, 212}};
  for (size_t k = 0; k < boxes.size(); ++k) {
    figures.words[k].box.x0 = boxes[k].first;
    figures.words[k].box.x1 = boxes[k].second;
  }
  Line unsure = line({"2.2", "Cải", "cách", "THC"}, Origin::ocr);
  unsure.words[3].confidence = 0.0;
  Document document = one_block(
      {line({"1.Ưuđiểm"}, Origin::ocr), unsure,
       line({"b)", "Tuyên", "truyền", "CCHC,", "kiểm", "soát", "TIHC:", "đăng", "tin"},
            Origin::ocr),
       line({"-", "c)", "Rà", "soát,", "đơn", "giản", "hóa", "CCHG"}, Origin::ocr),
       // Listed acronyms, syllables in capitals and unknown codes stay; so does a dash
       // item and a label the sequence does not expect.
       line({"-", "e)", "UBND", "THÔNG", "BÁO", "XYZW"}, Origin::ocr), figures,
       line({"2021.Một", "năm"}, Origin::ocr),
       // "e)" read as one round symbol where the sequence expects it; not after a numbered
       // heading, which starts the letters again.
       line({"d)", "Tuyên", "truyền"}, Origin::ocr), line({"©", "Tiếp", "nhận"}, Origin::ocr),
       line({"2.3", "Cải", "cách"}, Origin::ocr), line({"©", "Tiếp", "nhận"}, Origin::ocr),
       // A list dash run into its item; a hyphen before a small letter or a digit is no dash.
       line({"-Lưu:", "VT,", "VP."}, Origin::ocr), line({"-giảm", "5%"}, Origin::ocr),
       line({"-5%", "so", "với"}, Origin::ocr)},
      BlockKind::column);
  normalise_document(document);
  const auto &lines = document.pages[0].blocks[0].lines;
  EXPECT_EQ(lines[0].text(), "1. Ưu điểm");
  EXPECT_EQ(lines[1].text(), "2.2 Cải cách TTHC");
  EXPECT_DOUBLE_EQ(lines[1].words[3].confidence, 0.5) << "the list vouches for the letters";
  EXPECT_EQ(lines[2].text(), "b) Tuyên truyền CCHC, kiểm soát TTHC: đăng tin");
  EXPECT_EQ(lines[3].text(), "c) Rà soát, đơn giản hóa CCHC");
  EXPECT_EQ(lines[4].text(), "- e) UBND THÔNG BÁO XYZW");
  EXPECT_EQ(lines[5].text(), "(99,6%); 41,8%); 06, 07");
  EXPECT_EQ(lines[6].text(), "2021.Một năm") << "a year is no label";
  EXPECT_EQ(lines[8].text(), "e) Tiếp nhận");
  EXPECT_EQ(lines[10].text(), "© Tiếp nhận");
  EXPECT_EQ(lines[11].text(), "- Lưu: VT, VP.");
  EXPECT_EQ(lines[12].text(), "-giảm 5%");
  EXPECT_EQ(lines[13].text(), "-5% so với");
  std::multiset<std::string> reasons;
  for (const Repair &repair : document.repairs)
    reasons.insert(std::string(repair_code_name(repair.reason)));
  EXPECT_EQ(reasons,
            (std::multiset<std::string>{"glued_label", "glued_label", "joined_syllables", "acronym",
                                        "acronym", "acronym", "list_label_speck",
                                        "list_label_sequence", "split_number", "split_number"}));
  // Born-digital text is never repaired.
  Document digital = one_block({line({"-", "c)", "TIHC", "(99,", "6%)"}, Origin::pdf_text)});
  normalise_document(digital);
  EXPECT_EQ(digital.pages[0].blocks[0].lines[0].text(), "- c) TIHC (99, 6%)");
}

TEST(TextLayerTest, OcrBlocksSplitInsideASentenceAreJoined) {
  // Tesseract started a new block at a wider line gap after "(Quyết" (a full line).
  auto blocks = [](double first_right, const std::string &second_start) {
    Document document;
    Page page;
    page.number = 1;
    page.width = 595;
    Block first, second;
    first.lines = {line({"rà", "soát", "02", "văn", "bản", "(Quyết"}, Origin::ocr)};
    first.lines[0].box.x1 = first_right;
    first.box = first.lines[0].box;
    second.lines = {line({second_start, "số", "20/2019/QĐ-UBND)."}, Origin::ocr)};
    second.box = second.lines[0].box;
    page.blocks = {first, second};
    document.pages.push_back(page);
    normalise_document(document);
    return flowing_text(document);
  };
  EXPECT_EQ(blocks(540, "định"), "rà soát 02 văn bản (Quyết định số 20/2019/QĐ-UBND).\n");
  EXPECT_EQ(blocks(300, "định"), "rà soát 02 văn bản (Quyết\n\nđịnh số 20/2019/QĐ-UBND).\n")
      << "a short line ends its paragraph";
  EXPECT_EQ(blocks(540, "Định"), "rà soát 02 văn bản (Quyết\n\nĐịnh số 20/2019/QĐ-UBND).\n");
  EXPECT_EQ(blocks(540, "a)"), "rà soát 02 văn bản (Quyết\n\na) số 20/2019/QĐ-UBND).\n")
      << "a list label starts a paragraph";
}

TEST(TextLayerTest, AnOcrHeadingKeepsItsOwnLineInItsBlock) {
  // Tesseract gave a short heading line and its paragraph as one block.
  Line heading = line({"2.5", "Cải", "cách", "tài", "chính", "công"}, Origin::ocr);
  Line body = line({"Văn", "phòng", "Sở", "tham", "mưu", "sửa", "đổi", "quy", "chế."}, Origin::ocr);
  body.box.x1 = 500;
  Line next = line({"c)", "Rà", "soát"}, Origin::ocr);
  Document document = one_block({heading, body, next});
  EXPECT_EQ(flowing_text(document),
            "2.5 Cải cách tài chính công\nVăn phòng Sở tham mưu sửa đổi quy chế.\nc) Rà soát\n");
  // A text layer's lines are reflowed as before: its blocks already keep paragraphs apart.
  for (Line *l : {&heading, &body, &next})
    for (Word &w : l->words)
      w.origin = Origin::pdf_text;
  EXPECT_EQ(flowing_text(one_block({heading, body, next})),
            "2.5 Cải cách tài chính công Văn phòng Sở tham mưu sửa đổi quy chế. c) Rà soát\n");
}

TEST(TextLayerTest, DoubledClosingMarksBecomeTheLastOne) {
  Document document =
      one_block({line({"tuyến..", "TTHC:;", "ISO,..", "CCHC,.", "CCHC;;"}, Origin::ocr),
                 // An ellipsis, a document's closing mark and a lone mark stay.
                 line({"v.v...", "Thương./.", "..", "1.1."}, Origin::ocr)});
  normalise_document(document);
  EXPECT_EQ(document.pages[0].blocks[0].lines[0].text(), "tuyến. TTHC; ISO. CCHC. CCHC;");
  EXPECT_EQ(document.pages[0].blocks[0].lines[1].text(), "v.v... Thương./. .. 1.1.");
  ASSERT_EQ(document.repairs.size(), 5u);
  EXPECT_EQ(document.repairs[1].reason, RepairCode::doubled_punctuation);
}

TEST(TextLayerTest, ToneRepairLeavesBornDigitalText) {
  Document document = one_block({line({"kiếm", "tra", "tố", "chức"}, Origin::pdf_text)});
  normalise_document(document);
  EXPECT_EQ(document.pages[0].blocks[0].lines[0].text(), "kiếm tra tố chức");
  EXPECT_TRUE(document.repairs.empty());
}

TEST(TextLayerTest, BornDigitalTextIsNeverRepaired) {
  Document document = one_block({line({"H.", "NHẬN", "XÉT"}, Origin::pdf_text),
                                 line({"năm", "2O21", "ĐIỀ", "U"}, Origin::docx),
                                 line({"Tiếpnhận"}, Origin::pdf_text)});
  const std::string before = document.text();
  normalise_document(document);
  EXPECT_EQ(document.text(), before);
  EXPECT_TRUE(document.repairs.empty());
}

TEST(TextLayerTest, DoubleSpacedExtractReflowsIntoParagraphs) {
  // The damage the reference notice shows (text extracted from a PDF by another tool): a blank
  // line after every line, lines cut mid-sentence and mid-symbol, a footer link interleaved.
  test::TempDir dir;
  test::write_file(dir / "extract.txt",
                   " THÔNG BÁO \n\nKết quả kiểm tra năm 2021 \n\n"
                   "Thực hiện Kế hoạch số 12/KH-SCT ngày 31/12/2020 của Sở Công Thương về kiểm "
                   "\n\ntra công tác cải cách hành chính năm 2021, theo Chỉ thị số 16/CT-\n\n"
                   "TTg của Thủ tướng Chính phủ, Sở Công Thương thông báo kết quả như \n\nsau: "
                   "\n\nI. KẾT QUẢ KIỂM TRA \n\n2.2 Về cải cách TTHC \n\n"
                   "Các Phòng thường xuyên rà soát, cập nhật và công khai đầy đủ các văn \n\n"
                   "https://sct.example.gov.vn/\n\n"
                   "bản quy định về thủ tục hành chính trên Trang thông tin điện tử của Sở. \n\n");
  const std::string text = flowing_text(read_normalised(dir / "extract.txt"));
  EXPECT_EQ(text, "THÔNG BÁO\n\nKết quả kiểm tra năm 2021\n\nThực hiện Kế hoạch số 12/KH-SCT "
                  "ngày 31/12/2020 của Sở Công Thương về kiểm tra công tác cải cách hành chính "
                  "năm 2021, theo Chỉ thị số 16/CT-TTg của Thủ tướng Chính phủ, Sở Công Thương "
                  "thông báo kết quả như sau:\n\nI. KẾT QUẢ KIỂM TRA\n\n2.2 Về cải cách TTHC"
                  "\n\nCác Phòng thường xuyên rà soát, cập nhật và công khai đầy đủ các văn bản "
                  "quy định về thủ tục hành chính trên Trang thông tin điện tử của Sở.\n");
}

TEST(TextLayerTest, PartHeadingsReadWithoutTheirDotOrWithLookAlikeStrokesFollowTheSequence) {
  // Three parts of a 150-dpi scan: "I" and "II" with the dot lost, "III." read "NI.", and the
  // first section of part I, "1.", read as an I with a diaeresis.
  auto parts = [](std::vector<std::vector<std::string>> lines) {
    Document document;
    Page page;
    page.number = 1;
    for (auto &words : lines) {
      Block block;
      block.lines = {line(std::move(words), Origin::ocr)};
      page.blocks.push_back(block);
    }
    document.pages.push_back(page);
    normalise_document(document);
    return document;
  };
  Document read = parts({{"I", "KẾT", "QUẢ"},
                         {"\xc3\x8f.", "Công", "tác", "chỉ", "đạo"},
                         {"II.", "TỒN", "TẠI"},
                         {"NI.", "ĐỀ", "XUẤT"}});
  EXPECT_EQ(flowing_text(read),
            "I. KẾT QUẢ\n\n1. Công tác chỉ đạo\n\nII. TỒN TẠI\n\nIII. ĐỀ XUẤT\n");
  EXPECT_EQ(read.repairs.size(), 3u);

  // Decree 30 writes a dot after a part's numeral; a title that starts with a word such as
  // "NHI" is no label; "Phần" before the numeral is one house style.
  Document plain = parts({{"I", "KẾT", "QUẢ"},
                          {"NHI", "ĐỒNG"},
                          {"Phần", "H.", "TỒN", "TẠI"},
                          {"Phần", "lII", "ĐỀ", "XUẤT"}});
  EXPECT_EQ(flowing_text(plain),
            "I. KẾT QUẢ\n\nNHI ĐỒNG\n\nPhần II. TỒN TẠI\n\nPhần III. ĐỀ XUẤT\n");
  EXPECT_EQ(plain.repairs.size(), 3u);

  // "Ï." before a title in capitals is a part label, not a section number.
  Document upper = parts({{"\xc3\x8f.", "KẾT", "QUẢ"}, {"II.", "TỒN", "TẠI"}});
  EXPECT_EQ(flowing_text(upper), "I. KẾT QUẢ\n\nII. TỒN TẠI\n");
}

#ifdef VNOTICE_REFERENCE_NOTICE
TEST(TextLayerTest, TheToneRepairLeavesTheRightWordsOfARealNoticeAlone) {
  // A real notice written by another office (../shared/reference), given as if OCR had read it:
  // the tone repair must leave its words alone. A list of pairs that held typos or pairs across
  // word boundaries would not ("tư vấn" made "tư vẫn"). The one change allowed, not required, is
  // the notice's own misspelling: it prints "giản cách xã hội" for "giãn cách xã hội" (social
  // distancing).
  std::ifstream in(VNOTICE_REFERENCE_NOTICE);
  ASSERT_TRUE(in) << VNOTICE_REFERENCE_NOTICE;
  std::vector<Line> lines;
  for (std::string text; std::getline(in, text);) {
    std::istringstream words(text);
    std::vector<std::string> texts;
    for (std::string w; words >> w;)
      texts.push_back(w);
    if (!texts.empty()) lines.push_back(line(texts, Origin::ocr));
  }
  ASSERT_GT(lines.size(), 100u);
  Document document = one_block(std::move(lines));
  normalise_document(document);
  std::vector<std::string> changed;
  for (const Repair &repair : document.repairs)
    if (repair.reason == RepairCode::compound_tone)
      changed.push_back(repair.original + " -> " + repair.replacement);
  for (const std::string &change : changed)
    EXPECT_EQ(change, "giản -> giãn");
}
#endif

} // namespace

} // namespace vnotice
