// What the parser restores on a scan from the document's own evidence (issue 20, scans): the
// letterhead's marks from the body's mentions of the same names, part numbers OCR damaged from
// the order of the parts, the filing line's "VT" (Decree 30), and the recipients when their
// heading was not read. Each repair is warned about, and none touches a born-digital file.
#include "extractors/record_parser.h"
#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/input_file.h"
#include "test_support.h"

#include <functional>
#include <gtest/gtest.h>

namespace vnotice {
namespace {

// A unit report as OCR could leave it: marks lost in the letterhead, a speck after "SỞ", part
// numbers read "L", "IIL" and "II.", "Nơi nhận:" read as noise, "Lưu: VT" read "Lưu: VI".
const std::string kScannedReport = "SỞ. NÔNG NGHIỆP VÀ PHÁT TRIÊN NÔNG THÔN BẠC LIÊU\n"
                                   "PHONG KE HOẠCH - TÀI CHÍNH\n"
                                   "Số: 36/BC-KHTC\n"
                                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                   "Độc lập - Tự do - Hạnh phúc\n"
                                   "Bạc Liêu, ngày 13 tháng 10 năm 2022\n\n"
                                   "BÁO CÁO\n"
                                   "Kết quả thực hiện cải cách hành chính năm 2022\n\n"
                                   "Thực hiện Công văn của Sở Nông nghiệp và Phát triển nông "
                                   "thôn, Phòng Kế hoạch - Tài chính báo cáo như sau:\n\n"
                                   "L KẾT QUẢ THỰC HIỆN\n\n"
                                   "Ban hành kế hoạch cải cách hành chính năm 2022.\n\n"
                                   "IIL TỒN TẠI, HẠN CHẾ\n\n"
                                   "Việc số hóa hồ sơ còn chậm.\n\n"
                                   "II. ĐỀ XUẤT, KIẾN NGHỊ\n\n"
                                   "Đề nghị Sở tổ chức tập huấn.\n\n"
                                   "NGEHhEH2A\n"
                                   "- Sở Nông nghiệp và Phát triển nông thôn;\n"
                                   "- Lưu: VI, KHTC.\n\n"
                                   "KT. TRƯỞNG PHÒNG\n"
                                   "PHÓ TRƯỞNG PHÒNG\n"
                                   "Phan Thanh Trung\n";

// `unread`: a word OCR read at no confidence (a rule or speck read as letters).
Record parse_as(const std::string &text, PageMethod method, const std::string &unread = "") {
  test::TempDir dir;
  test::write_file(dir / "input.txt", text);
  Document document = extract_document(InputFile::read(dir / "input.txt"), {});
  for (Page &page : document.pages) {
    page.method = method;
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (Word &word : line.words) {
          if (method == PageMethod::ocr) word.origin = Origin::ocr;
          if (word.text == unread) word.confidence = 0.0;
        }
  }
  normalise_document(document);
  return parse_record(document);
}

int count_of(const Record &record, WarningCode code) {
  int n = 0;
  for (const RecordWarning &warning : record.warnings)
    n += warning.code == code;
  return n;
}

TEST(ScanRepairsTest, LetterheadNamesTakeTheirMarksFromTheBody) {
  const Record record = parse_as(kScannedReport, PageMethod::ocr);
  EXPECT_EQ(record.issuer, "PHÒNG KẾ HOẠCH - TÀI CHÍNH");
  EXPECT_EQ(record.parent_issuer, "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
  EXPECT_EQ(count_of(record, WarningCode::letterhead_marks_restored), 2);
}

// The place of the date line is a mention too: the province ends the Sở's name.
TEST(ScanRepairsTest, TheDateLinesPlaceRestoresTheProvinceInTheLetterhead) {
  std::string text = kScannedReport;
  text.replace(text.find("THÔN BẠC LIÊU"), std::string("THÔN BẠC LIÊU").size(), "THÔN BẠC LIEU");
  EXPECT_EQ(parse_as(text, PageMethod::ocr).parent_issuer,
            "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
  EXPECT_EQ(parse_as(text, PageMethod::text_layer).parent_issuer,
            "SỞ. NÔNG NGHIỆP VÀ PHÁT TRIÊN NÔNG THÔN BẠC LIEU")
      << "a born-digital letterhead is taken as written";
}

// Decree 30's rule under the issuer's name, read as letters at no confidence, is no part of it;
// the same word read with confidence is.
TEST(ScanRepairsTest, ALetterheadLineReadAtNoConfidenceIsNotTheIssuers) {
  std::string text = kScannedReport;
  text.replace(text.find("Số: 36"), 0, "TA\n");
  EXPECT_EQ(parse_as(text, PageMethod::ocr, "TA").issuer, "PHÒNG KẾ HOẠCH - TÀI CHÍNH");
  EXPECT_EQ(parse_as(text, PageMethod::ocr).issuer, "PHÒNG KẾ HOẠCH - TÀI CHÍNH TA");
}

// Issue 21, point 3: a name restored from the body keeps both readings for review; a number read
// at no confidence is marked with its reading; a born-digital file has nothing to review.
TEST(ScanRepairsTest, UnsureKeyFieldsAreMarkedForReview) {
  const Record scanned = parse_as(kScannedReport, PageMethod::ocr, "36/BC-KHTC");
  ASSERT_TRUE(scanned.needs_review.contains("issuer"));
  EXPECT_EQ(scanned.needs_review.at("issuer").reason, ReviewReason::readings_disagree);
  EXPECT_EQ(scanned.needs_review.at("issuer").candidates,
            (std::vector<std::string>{"PHÒNG KẾ HOẠCH - TÀI CHÍNH", "PHONG KẾ HOẠCH - TÀI CHÍNH"}))
      << "the second: as the letterhead was read (its tone repaired by the text layer)";
  ASSERT_TRUE(scanned.needs_review.contains("number"));
  EXPECT_EQ(scanned.needs_review.at("number").reason, ReviewReason::low_confidence);
  EXPECT_EQ(scanned.needs_review.at("number").candidates, std::vector<std::string>{"36"});
  EXPECT_EQ(scanned.needs_review.at("symbol").candidates, std::vector<std::string>{"BC-KHTC"});
  EXPECT_FALSE(scanned.needs_review.contains("date")) << "read with confidence";
  EXPECT_FALSE(parse_as(kScannedReport, PageMethod::ocr).needs_review.contains("number"));
  EXPECT_TRUE(parse_as(kScannedReport, PageMethod::text_layer, "36/BC-KHTC").needs_review.empty());
}

TEST(ScanRepairsTest, DamagedPartNumbersFollowTheirOrder) {
  const Record record = parse_as(kScannedReport, PageMethod::ocr);
  std::vector<std::string> labels;
  for (const Section &section : record.sections)
    labels.push_back(section.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"I", "II", "III"}));
  EXPECT_EQ(count_of(record, WarningCode::section_label_repaired), 3);
}

// A dotted number read as the one after it: the order of the headings says which it is.
TEST(ScanRepairsTest, ADottedNumberReadAsTheNextFollowsTheOrder) {
  std::string text = kScannedReport;
  text.replace(text.find("Ban hành kế hoạch"), 0,
               "2. Nhiệm vụ cải cách\n\n2.1 Cải cách thể chế\n\nĐã rà soát văn bản.\n\n"
               "2.3 Cải cách thủ tục hành chính\n\nĐã công khai thủ tục.\n\n"
               "2.3 Cải cách tổ chức bộ máy\n\nĐã sắp xếp bộ máy.\n\n");
  auto dotted = [](const Record &record) {
    std::vector<std::string> labels;
    std::function<void(const std::vector<Section> &)> walk = [&](const auto &sections) {
      for (const Section &section : sections) {
        if (section.label.find('.') != std::string::npos) labels.push_back(section.label);
        walk(section.children);
      }
    };
    walk(record.sections);
    return labels;
  };
  const Record scanned = parse_as(text, PageMethod::ocr);
  EXPECT_EQ(dotted(scanned), (std::vector<std::string>{"2.1", "2.2", "2.3"}));
  EXPECT_EQ(count_of(scanned, WarningCode::section_label_repaired), 4) << "3 part numbers and 2.2";
  EXPECT_EQ(dotted(parse_as(text, PageMethod::text_layer)),
            (std::vector<std::string>{"2.1", "2.3", "2.3"}))
      << "a born-digital file is taken as written";
}

TEST(ScanRepairsTest, RecipientsAreFoundFromTheFilingLine) {
  const Record record = parse_as(kScannedReport, PageMethod::ocr);
  EXPECT_EQ(record.recipients,
            (std::vector<std::string>{"Sở Nông nghiệp và Phát triển nông thôn", "Lưu: VT, KHTC"}));
  EXPECT_EQ(count_of(record, WarningCode::recipients_heading_unread), 1);
  EXPECT_EQ(count_of(record, WarningCode::recipients_repaired), 1);
  EXPECT_EQ(record.signer.authority, "KT. TRƯỞNG PHÒNG");
  // The noise that stood for the heading is in no section.
  EXPECT_EQ(record.sections.back().text.find("NGEHhEH2A"), std::string::npos);
}

TEST(ScanRepairsTest, ABornDigitalFileIsTakenAsWritten) {
  const Record record = parse_as(kScannedReport, PageMethod::text_layer);
  EXPECT_EQ(record.issuer, "PHONG KE HOẠCH - TÀI CHÍNH");
  EXPECT_EQ(count_of(record, WarningCode::letterhead_marks_restored), 0);
  EXPECT_EQ(count_of(record, WarningCode::section_label_repaired), 0);
  EXPECT_EQ(count_of(record, WarningCode::recipients_repaired), 0);
}

// The filing line's unit code is the unit part of the symbol when read within an edit or two of
// it; a code far from it (another drafting unit) stays as read.
TEST(ScanRepairsTest, TheFilingLinesUnitCodeIsCheckedAgainstTheSymbol) {
  const auto filing_of = [](const std::string &read) {
    std::string text = kScannedReport;
    text.replace(text.find("- Lưu: VI, KHTC."), std::string("- Lưu: VI, KHTC.").size(), read);
    return parse_as(text, PageMethod::ocr).recipients.back();
  };
  EXPECT_EQ(filing_of("- Lưu: VTF; KHIC."), "Lưu: VT, KHTC");
  EXPECT_EQ(filing_of("- Lưu: VT, KH TG."), "Lưu: VT, KHTC");
  EXPECT_EQ(filing_of("- Lưu: VT, VP."), "Lưu: VT, VP");
  EXPECT_EQ(filing_of("- Lưu: VT, KHTC."), "Lưu: VT, KHTC");
}

// A draft's "Số:" apart from its symbol (not a scan repair, but the same letterhead): the next
// line is its rest only when it starts with a document type's code.
TEST(ScanRepairsTest, ADraftNumberApartFromItsSymbolIsJoined) {
  std::string text = kScannedReport;
  text.replace(text.find("Số: 36/BC-KHTC"), std::string("Số: 36/BC-KHTC").size(), "Số:\n/BC-TTr");
  const Record draft = parse_as(text, PageMethod::text_layer);
  EXPECT_EQ(draft.symbol, "BC-TTr");
  EXPECT_EQ(draft.number, std::nullopt);
  text.replace(text.find("/BC-TTr"), std::string("/BC-TTr").size(), "/BEETnI");
  const Record noise = parse_as(text, PageMethod::ocr);
  EXPECT_EQ(noise.symbol, std::nullopt);
}

} // namespace
} // namespace vnotice
