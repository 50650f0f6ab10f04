// The record parser (issue 5): each rule on small Vietnamese texts. The team's samples against
// their golden records are in record_golden_test.cpp.
#include "extractors/record_parser.h"
#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/input_file.h"
#include "test_support.h"
#include "tools/job.h"

#include <gtest/gtest.h>

namespace vnotice {
namespace {

// Parses `text` as a plain UTF-8 text file, through the same job `vnotice parse` runs.
Record parse_text(const std::string &text) {
  test::TempDir dir;
  test::write_file(dir / "input.txt", text);
  ParseRequest request;
  request.input = dir / "input.txt";
  return run_parse(request).record;
}

bool has_warning(const Record &record, const std::string &field) {
  for (const RecordWarning &warning : record.warnings)
    if (warning.field == field) return true;
  return false;
}

const std::string kLetterhead = "UBND TỈNH ĐỒNG THÁP\n"
                                "SỞ CÔNG THƯƠNG\n"
                                "Số: 45/TB-SCT\n"
                                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                "Độc lập - Tự do - Hạnh phúc\n"
                                "Đồng Tháp, ngày 06 tháng 9 năm 2021\n\n";

// --- numbers ---------------------------------------------------------------------------------

TEST(VietnameseNumberTest, DotGroupsThousandsAndCommaMarksDecimals) {
  EXPECT_EQ(parse_vietnamese_number("8.586"), 8586);
  EXPECT_EQ(parse_vietnamese_number("1.250,5"), 1250.5);
  EXPECT_EQ(parse_vietnamese_number("41,8"), 41.8);
  EXPECT_EQ(parse_vietnamese_number("02"), 2);
  EXPECT_EQ(parse_vietnamese_number("1.234.567"), 1234567);
  EXPECT_EQ(parse_vietnamese_number("8.5"), std::nullopt) << "could be read two ways";
  EXPECT_EQ(parse_vietnamese_number("12a"), std::nullopt);
  EXPECT_EQ(parse_vietnamese_number(""), std::nullopt);
}

TEST(TypeCodeTest, FollowsDecree30AppendixIII) {
  EXPECT_EQ(type_code_of("THÔNG BÁO"), "TB");
  EXPECT_EQ(type_code_of("Quyết định"), "QĐ");
  EXPECT_EQ(type_code_of("TỜ TRÌNH"), "TTr");
  EXPECT_EQ(type_code_of("QUY ĐỊNH"), "QyĐ");
  EXPECT_EQ(type_code_of("CÔNG VĂN"), std::nullopt) << "a letter has no type code";
}

// --- letterhead, type, subject, closing
// ------------------------------------------------------------

TEST(RecordParserTest, ASymbolEndsWithItsLastLetter) {
  // A scan read the symbol with a mark after it ("BC-VP:", the variation corpus at 150 dpi).
  for (const char *line : {"Số: 12/BC-VP:", "Số: 12/BC-VP.", "Số: 12/BC-VP;"}) {
    SCOPED_TRACE(line);
    std::string text = kLetterhead;
    const std::string number = "Số: 45/TB-SCT";
    text.replace(text.find(number), number.size(), line);
    const Record record = parse_text(text + "BÁO CÁO\nKết quả\n\nNội dung.\n");
    EXPECT_EQ(record.symbol, "BC-VP");
    EXPECT_EQ(record.number_symbol, "12/BC-VP");
  }
}

TEST(RecordParserTest, ReadsLetterheadTypeSubjectAndClosing) {
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\n"
                                                 "Kết quả kiểm tra công tác văn thư năm 2021\n\n"
                                                 "Thực hiện kế hoạch năm, Sở thông báo như sau:\n\n"
                                                 "1. Kết quả\n\nCác phòng thực hiện tốt.\n\n"
                                                 "Nơi nhận:\n- Lãnh đạo Sở;\n- Các Phòng;\n"
                                                 "- Lưu: VT, VP.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n"
                                                 "Phạm Thị Lan\n");
  EXPECT_EQ(record.parent_issuer, "UBND TỈNH ĐỒNG THÁP");
  EXPECT_EQ(record.issuer, "SỞ CÔNG THƯƠNG");
  EXPECT_EQ(record.number, "45");
  EXPECT_EQ(record.symbol, "TB-SCT");
  EXPECT_EQ(record.number_symbol, "45/TB-SCT");
  EXPECT_EQ(record.place, "Đồng Tháp");
  EXPECT_EQ(record.date, "2021-09-06");
  EXPECT_EQ(record.doc_type, "THÔNG BÁO");
  EXPECT_EQ(record.type_code, "TB");
  EXPECT_EQ(record.subject, "Kết quả kiểm tra công tác văn thư năm 2021");
  EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC");
  EXPECT_EQ(record.signer.name, "Phạm Thị Lan");
  EXPECT_EQ(record.recipients,
            (std::vector<std::string>{"Lãnh đạo Sở", "Các Phòng", "Lưu: VT, VP"}));
  EXPECT_EQ(record.evidence.at("number_symbol").text, "Số: 45/TB-SCT");
  EXPECT_EQ(record.evidence.at("date").page, 1);
  EXPECT_TRUE(record.warnings.empty()) << record.warnings.front().message;
}

TEST(RecordParserTest, AClosingBlockReadAsOneTableIsSplitIntoItsColumns) {
  // How OCR gave a scanned notice's closing block: recipients and signer side by side in tabbed
  // cells, a seal's speck between them, a dash lost.
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n"
                                                 "1. Kết quả\n\nCác phòng thực hiện tốt.\n\n"
                                                 "Nơi nhận:\tbi\tKT. GIÁM ĐỐC\n"
                                                 "- Lãnh đạo Sở;\t\tPHÓ GIÁM ĐỐC\n"
                                                 "Các Phòng, đơn vị thuộc Sở;\t\t\n"
                                                 "- Lưu: VT, VP\t\t\n\nTrần Minh Khoa\n");
  EXPECT_EQ(record.recipients,
            (std::vector<std::string>{"Lãnh đạo Sở", "Các Phòng, đơn vị thuộc Sở", "Lưu: VT, VP"}));
  EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC");
  EXPECT_EQ(record.signer.name, "Trần Minh Khoa");
  EXPECT_EQ(record.evidence.at("recipients").text, "- Lãnh đạo Sở;");
}

TEST(RecordParserTest, ARecipientWrapsUnderTheHeadingEvenWhenTheSignersColumnComesFirst) {
  // A PDF's reading order can put the signer's authority line, beside "Nơi nhận:", before the
  // list: the wrapped end of a recipient still joins it, and the name stays the signer's.
  const Record record = parse_text(kLetterhead + "BÁO CÁO\nKết quả\n\n1. Kết quả\n\nTốt./.\n\n"
                                                 "Nơi nhận:\n\nQ. TRƯỞNG PHÒNG\n\n"
                                                 "- Sở Tài nguyên và Môi trường (để báo\ncáo);\n"
                                                 "- Văn phòng Sở (tổng hợp);\n- Lưu: VT, TNN.\n\n"
                                                 "Lý Ngọc Lan\n");
  EXPECT_EQ(record.recipients,
            (std::vector<std::string>{"Sở Tài nguyên và Môi trường (để báo cáo)",
                                      "Văn phòng Sở (tổng hợp)", "Lưu: VT, TNN"}));
  EXPECT_EQ(record.signer.title, "Q. TRƯỞNG PHÒNG");
  EXPECT_EQ(record.signer.name, "Lý Ngọc Lan");
}

TEST(RecordParserTest, ARecipientWrappedOntoTwoLinesStaysOne) {
  // Without a ';' at the end of the line, the next line continues the recipient.
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n"
                                                 "1. Kết quả\n\nCác phòng thực hiện tốt.\n\n"
                                                 "Nơi nhận:\n- Lãnh đạo Sở;\n- Các Phòng, đơn vị\n"
                                                 "thuộc Sở;\n- Lưu: VT, VP.\n\nKT. GIÁM ĐỐC\n"
                                                 "PHÓ GIÁM ĐỐC\n\nPhạm Thị Lan\n");
  EXPECT_EQ(record.recipients,
            (std::vector<std::string>{"Lãnh đạo Sở", "Các Phòng, đơn vị thuộc Sở", "Lưu: VT, VP"}));
}

// A PDF's letterhead as Poppler gives it when the issuer's name is long: the left column's line
// runs into the national title with no more than a word's gap, or stands beside the motto and
// the place and date apart by tabs; a draft leaves its number blank.
TEST(RecordParserTest, LetterheadColumnsOnOneLineAreTakenApart) {
  const std::string body = "\n\nBÁO CÁO\nKết quả thực hiện\n\n1. Kết quả\n\nTốt.\n";
  const Record joined = parse_text("SỞ CÔNG THƯƠNG NAM ĐỊNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                   "THANH TRA SỞ\n———\nSố: 30/BC-TTr\n"
                                   "Độc lập - Tự do - Hạnh phúc\n"
                                   "Nam Định, ngày 02 tháng 9 năm 2020" +
                                   body);
  EXPECT_EQ(joined.parent_issuer, "SỞ CÔNG THƯƠNG NAM ĐỊNH");
  EXPECT_EQ(joined.issuer, "THANH TRA SỞ");
  EXPECT_EQ(joined.number, "30");
  EXPECT_EQ(joined.symbol, "BC-TTr");
  EXPECT_EQ(joined.evidence.at("parent_issuer").text, "SỞ CÔNG THƯƠNG NAM ĐỊNH");

  const Record tabbed = parse_text("SỞ CÔNG THƯƠNG NAM ĐỊNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                   "VĂN PHÒNG\tĐộc lập - Tự do - Hạnh phúc\n"
                                   "\t———\t———————\n"
                                   "Số:\t/BC-VP\tNam Định, ngày 22 tháng 9 năm 2020" +
                                   body);
  EXPECT_EQ(tabbed.parent_issuer, "SỞ CÔNG THƯƠNG NAM ĐỊNH");
  EXPECT_EQ(tabbed.issuer, "VĂN PHÒNG");
  EXPECT_FALSE(tabbed.number);
  EXPECT_EQ(tabbed.symbol, "BC-VP");
  EXPECT_EQ(tabbed.place, "Nam Định");
  EXPECT_EQ(tabbed.date, "2020-09-22");
}

TEST(RecordParserTest, ReadsANumericDateAndAWrappedIssuer) {
  const Record record = parse_text("SỞ CÔNG THƯƠNG ĐỒNG THÁP\nPHÒNG QUẢN LÝ\nCÔNG NGHIỆP\n"
                                   "Số: 08/BC-QLCN\nĐồng Tháp, ngày 27/8/2021\n\nBÁO CÁO\n"
                                   "Tình hình thực hiện\n\nCăn cứ kế hoạch, Phòng báo cáo:\n");
  EXPECT_EQ(record.parent_issuer, "SỞ CÔNG THƯƠNG ĐỒNG THÁP");
  EXPECT_EQ(record.issuer, "PHÒNG QUẢN LÝ CÔNG NGHIỆP");
  EXPECT_EQ(record.date, "2021-08-27");
  EXPECT_EQ(record.type_code, "BC");
}

// Issuers wrapped over several lines: a head word cut at the line end ("THANH" / "TRA SỞ") still
// starts the issuing body, a head word alone on the last line ("SỞ") ends it, and a word that only
// looks like a head once its marks are dropped
// ("BẢO VỆ" is no "BÁO") does not.
TEST(RecordParserTest, WrappedIssuersAreSplitAtTheirHeadWords) {
  const auto parse_with = [](const std::string &issuer_lines) {
    return parse_text("SỞ NÔNG NGHIỆP VÀ PHÁT\nTRIỂN NÔNG THÔN BẠC LIÊU\n" + issuer_lines +
                      "Số: 70/BC-TTr\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - "
                      "Hạnh phúc\nBạc Liêu, ngày 06 tháng 9 năm 2021\n\nBÁO CÁO\nKết quả\n\n1. "
                      "Chỉ đạo\n\nTốt.\n");
  };
  const Record inspectorate = parse_with("THANH\nTRA SỞ\n");
  EXPECT_EQ(inspectorate.issuer, "THANH TRA SỞ");
  EXPECT_EQ(inspectorate.parent_issuer, "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
  // One word a line: "SỞ" alone at the end is no body of its own.
  const Record narrow = parse_with("THANH\nTRA\nSỞ\n");
  EXPECT_EQ(narrow.issuer, "THANH TRA SỞ");
  EXPECT_EQ(narrow.parent_issuer, "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
  const Record branch = parse_with("CHI CỤC TRỒNG TRỌT VÀ\nBẢO VỆ THỰC VẬT\n");
  EXPECT_EQ(branch.issuer, "CHI CỤC TRỒNG TRỌT VÀ BẢO VỆ THỰC VẬT");
  EXPECT_EQ(branch.parent_issuer, "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
}

TEST(RecordParserTest, ALetterHasNoTypeLineButAVvSubject) {
  const Record record =
      parse_text("UBND TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\nSố: 1820/SCT-VP\nV/v báo cáo kết quả cải "
                 "cách\nhành chính năm 2021\n\nĐồng Tháp, ngày 27 tháng 8 năm 2021\n\n"
                 "Kính gửi: Các phòng, đơn vị thuộc Sở.\n\nSở đề nghị các đơn vị báo cáo.\n");
  EXPECT_EQ(record.doc_type, "CÔNG VĂN");
  EXPECT_EQ(record.type_code, std::nullopt);
  EXPECT_EQ(record.number_symbol, "1820/SCT-VP");
  EXPECT_EQ(record.subject, "báo cáo kết quả cải cách hành chính năm 2021");
  EXPECT_EQ(record.date, "2021-08-27");
  EXPECT_FALSE(has_warning(record, "doc_type"));
}

class AuthorityPrefixTest : public ::testing::TestWithParam<std::pair<const char *, const char *>> {
};

TEST_P(AuthorityPrefixTest, SignerBlockKeepsThePrefixAndTheTitle) {
  const auto [authority, title] = GetParam();
  const Record record = parse_text(kLetterhead +
                                   "THÔNG BÁO\nVề việc nghỉ lễ\n\nNội dung.\n\n"
                                   "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n" +
                                   authority + "\n" + title + "\n\nĐỗ Văn Nam\n");
  EXPECT_EQ(record.signer.authority, authority);
  EXPECT_EQ(record.signer.title, title);
  EXPECT_EQ(record.signer.name, "Đỗ Văn Nam");
}

INSTANTIATE_TEST_SUITE_P(Decree30, AuthorityPrefixTest,
                         ::testing::Values(std::pair{"TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"},
                                           std::pair{"Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                                           std::pair{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                                           std::pair{"TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"},
                                           std::pair{"TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC"}),
                         // Test names: the prefix without its dot ("TM", "KT").
                         [](const auto &info) {
                           const std::string prefix = info.param.first;
                           return prefix.substr(0, prefix.find('.'));
                         });

TEST(RecordParserTest, MissingFieldsAreNullWithAWarningNeverGuessed) {
  const Record record = parse_text("THÔNG BÁO\nKết quả kiểm tra\n\nThực hiện kế hoạch số "
                                   "12/KH-SCT ngày 02/01/2021 của Sở Công Thương, Sở thông báo.\n");
  EXPECT_EQ(record.doc_type, "THÔNG BÁO");
  EXPECT_EQ(record.number, std::nullopt);
  EXPECT_EQ(record.date, std::nullopt) << "the cited plan's date is not the document's date";
  EXPECT_EQ(record.issuer, std::nullopt);
  for (const char *field : {"number", "date", "issuer", "place", "signer.name", "recipients"})
    EXPECT_TRUE(has_warning(record, field)) << field;
}

TEST(RecordParserTest, AnImpossibleDateIsLeftOutWithAWarning) {
  const Record record = parse_text("SỞ CÔNG THƯƠNG\nSố: 3/TB-SCT\nĐồng Tháp, ngày 31 tháng 02 "
                                   "năm 2021\n\nTHÔNG BÁO\nVề việc\n\nNội dung.\n");
  EXPECT_EQ(record.date, std::nullopt);
  EXPECT_TRUE(has_warning(record, "date"));
}

// --- references ------------------------------------------------------------------------------

struct ExpectedReference {
  const char *text;
  const char *doc_type, *type_code, *number, *symbol, *number_symbol, *date, *issuer;
};

std::optional<std::string> optional(const char *value) {
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

class ReferenceFormTest : public ::testing::TestWithParam<ExpectedReference> {};

TEST_P(ReferenceFormTest, EveryFormTheReferenceNoticeUses) {
  const ExpectedReference &expected = GetParam();
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\nVề việc kiểm tra\n\n1. Căn cứ\n\n" +
                                   expected.text + "\n");
  ASSERT_EQ(record.references.size(), 1u) << expected.text;
  const Reference &reference = record.references.front();
  EXPECT_EQ(reference.doc_type, optional(expected.doc_type));
  EXPECT_EQ(reference.type_code, optional(expected.type_code));
  EXPECT_EQ(reference.number, optional(expected.number));
  EXPECT_EQ(reference.symbol, optional(expected.symbol));
  EXPECT_EQ(reference.number_symbol, optional(expected.number_symbol));
  EXPECT_EQ(reference.date, optional(expected.date));
  EXPECT_EQ(reference.issuer, optional(expected.issuer));
  EXPECT_FALSE(reference.evidence.text.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Citations, ReferenceFormTest,
    ::testing::Values(
        ExpectedReference{"Thực hiện Kế hoạch số 2532/KH-SCT ngày 31/12/2020 của Sở Công Thương "
                          "về kiểm tra.",
                          "KẾ HOẠCH", "KH", "2532", "KH-SCT", "2532/KH-SCT", "2020-12-31",
                          "Sở Công Thương"},
        ExpectedReference{"Theo Quyết định số 86/QĐ-SCT ngày 18/8/2021 thành lập đoàn.",
                          "QUYẾT ĐỊNH", "QĐ", "86", "QĐ-SCT", "86/QĐ-SCT", "2021-08-18", nullptr},
        ExpectedReference{"Giãn cách theo Chỉ thị 16/CT-TTg của Thủ tướng Chính phủ trên toàn "
                          "Tỉnh.",
                          "CHỈ THỊ", "CT", "16", "CT-TTg", "16/CT-TTg", nullptr,
                          "Thủ tướng Chính phủ"},
        ExpectedReference{"Các đơn vị báo cáo tại công văn số 1820/SCT-VP.", "CÔNG VĂN", nullptr,
                          "1820", "SCT-VP", "1820/SCT-VP", nullptr, nullptr},
        ExpectedReference{"Công bố tại QĐ số 967/QĐ-UBND-HC ngày 19/7/2021).", "QUYẾT ĐỊNH", "QĐ",
                          "967", "QĐ-UBND-HC", "967/QĐ-UBND-HC", "2021-07-19", nullptr},
        ExpectedReference{"Rà soát Quyết định 20/2019/QĐ-UBND ngày 29/8/2019 và các văn bản.",
                          "QUYẾT ĐỊNH", "QĐ", "20/2019", "QĐ-UBND", "20/2019/QĐ-UBND", "2019-08-29",
                          nullptr},
        ExpectedReference{"Quyết định số 25/2018 ngày 08/10/2021 của UBND Tỉnh về quy chế.",
                          "QUYẾT ĐỊNH", "QĐ", "25/2018", nullptr, "25/2018", "2021-10-08",
                          "UBND Tỉnh"},
        ExpectedReference{"Theo Thông báo số 5/TB-VP ngày 02 tháng 3 năm 2021 của Văn phòng.",
                          "THÔNG BÁO", "TB", "5", "TB-VP", "5/TB-VP", "2021-03-02", "Văn phòng"}),
    // Test names: the form's index and its type code, ASCII letters only ("Form0_KH").
    [](const auto &info) {
      std::string code = info.param.type_code ? info.param.type_code : "none";
      std::erase_if(code, [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); });
      return "Form" + std::to_string(info.index) + "_" + code; // QĐ -> Q
    });

TEST(RecordParserTest, PlainWordsAreNotCitations) {
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\nVề việc\n\n1. Nội dung\n\nRà soát "
                                                 "02 văn bản quy phạm; báo cáo kết quả năm 2021; "
                                                 "áp dụng ISO 9001:2015.\n");
  EXPECT_TRUE(record.references.empty()) << record.references.front().evidence.text;
}

// --- sections ------------------------------------------------------------------------------------

TEST(RecordParserTest, BuildsTheHeadingTreeWithTitlesAndText) {
  const Record record =
      parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\nThực hiện kế hoạch, Sở thông "
                               "báo:\n\nI. KẾT QUẢ KIỂM TRA\n\n1. Công tác chỉ đạo\n\nĐã ban hành "
                               "kế hoạch.\n\n2. Triển khai\n\n2.1 Cải cách thể chế\n\nRà soát "
                               "đầy đủ.\n\n2.2. Cải cách TTHC\n\na) Công khai: công khai 34 "
                               "TTHC.\n\nb) Một cửa\n\n- Tiếp nhận đúng quy định;\n\n- Trả kết "
                               "quả đúng hạn.\n\nII. NHẬN XÉT\n\n1. Ưu điểm\n\nTốt.\n");
  ASSERT_EQ(record.sections.size(), 2u);
  const Section &first = record.sections[0];
  EXPECT_EQ(first.label, "I");
  EXPECT_EQ(first.title, "KẾT QUẢ KIỂM TRA");
  EXPECT_EQ(first.level, 1);
  ASSERT_EQ(first.children.size(), 2u);
  EXPECT_EQ(first.children[0].title, "Công tác chỉ đạo");
  EXPECT_EQ(first.children[0].text, "Đã ban hành kế hoạch.");
  const Section &two = first.children[1];
  ASSERT_EQ(two.children.size(), 2u);
  EXPECT_EQ(two.children[0].label, "2.1");
  EXPECT_EQ(two.children[1].label, "2.2") << "a trailing dot is not part of the label";
  EXPECT_EQ(two.children[1].level, 3);
  ASSERT_EQ(two.children[1].children.size(), 2u);
  const Section &a = two.children[1].children[0];
  EXPECT_EQ(a.label, "a");
  EXPECT_EQ(a.title, "Công khai");
  EXPECT_EQ(a.text, "công khai 34 TTHC.");
  const Section &b = two.children[1].children[1];
  ASSERT_EQ(b.children.size(), 2u);
  EXPECT_EQ(b.children[0].label, "-");
  EXPECT_EQ(b.children[0].title, std::nullopt);
  EXPECT_EQ(b.children[0].text, "Tiếp nhận đúng quy định;");
  EXPECT_EQ(record.sections[1].label, "II");
  EXPECT_EQ(record.sections[1].children.at(0).title, "Ưu điểm");
}

TEST(RecordParserTest, AHeadingWithAWordOcrWasUnsureOfHasNoTitleAndAWarning) {
  test::TempDir dir;
  test::write_file(dir / "input.txt", kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n"
                                                    "1. Kết quả triển khai NƯENN vụ\n\n"
                                                    "Các phòng thực hiện tốt.\n\n"
                                                    "2. Tồn tại\n\nCòn chậm.\n");
  Document document = extract_document(InputFile::read(dir / "input.txt"), {});
  // As OCR would give it: one word of the first heading a guess, one of the second fairly sure.
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (Word &word : line.words) {
          if (word.text == "NƯENN") word.confidence = 0.05;
          if (word.text == "Tồn") word.confidence = 0.7;
        }
  normalise_document(document);
  const Record record = parse_record(document);
  ASSERT_EQ(record.sections.size(), 2u);
  EXPECT_EQ(record.sections[0].label, "1");
  EXPECT_FALSE(record.sections[0].title.has_value());
  EXPECT_EQ(record.sections[0].text, "Các phòng thực hiện tốt.");
  EXPECT_TRUE(has_warning(record, "sections"));
  EXPECT_EQ(record.sections[1].title, "Tồn tại");
}

TEST(RecordParserTest, AnUnsureCapitalInsideAHeadingLeavesItsTitleOut) {
  test::TempDir dir;
  test::write_file(dir / "input.txt", kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n"
                                                    "1. Đội ngũ cán bộ, công Thức viên chức\n\n"
                                                    "Cử 04 lượt đi học.\n\n"
                                                    "2. Tham mưu cho Sở về cải cách\n\nTốt.\n\n"
                                                    "3. Hồ sơ nộp Trực tuyến\n\nTốt.\n");
  Document document = extract_document(InputFile::read(dir / "input.txt"), {});
  // As OCR gave "công chức, viên chức" on a 150-dpi scan: "Thức" at 0.62; "Sở", a proper noun,
  // read surely; "Trực" a capital read fairly surely.
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (Word &word : line.words) {
          if (word.text == "Thức") word.confidence = 0.62;
          if (word.text == "Sở") word.confidence = 0.95;
          if (word.text == "Trực") word.confidence = 0.85;
        }
  normalise_document(document);
  const Record record = parse_record(document);
  ASSERT_EQ(record.sections.size(), 3u);
  EXPECT_FALSE(record.sections[0].title.has_value());
  EXPECT_TRUE(has_warning(record, "sections"));
  EXPECT_EQ(record.sections[1].title, "Tham mưu cho Sở về cải cách");
  EXPECT_EQ(record.sections[2].title, "Hồ sơ nộp Trực tuyến");
}

TEST(RecordParserTest, ASemicolonReadForAColonEndsATitleWhereTheOtherItemsUseColons) {
  const std::string body = "2.2 Cải cách TTHC\n\na) Công bố, công khai TTHC: công khai 34 TTHC.\n\n"
                           "b) Một cửa: tiếp nhận 486 hồ sơ.\n\n"
                           "c) Rà soát, đơn giản hóa TTHC; đã rà soát 100% (128) TTHC.\n";
  const Record colons = parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n" + body);
  const std::vector<Section> &items = colons.sections.at(0).children;
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[2].title, "Rà soát, đơn giản hóa TTHC");
  EXPECT_EQ(items[2].text, "đã rà soát 100% (128) TTHC.");
  // Where the items are not written "Title: text", a semicolon is the item's own.
  const Record plain = parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\n2.2 Cải cách\n\n"
                                                "a) Công bố; công khai.\n\nb) Một cửa; liên "
                                                "thông.\n\nc) Rà soát: xong.\n");
  EXPECT_EQ(plain.sections.at(0).children.at(0).title, "Công bố; công khai.");
}

TEST(RecordParserTest, ACitedDateOcrWasUnsureOfIsLeftOutWithAWarning) {
  test::TempDir dir;
  test::write_file(dir / "input.txt",
                   kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\nTheo Quyết định số "
                                 "967/QĐ-UBND-HC ngày 11/7/2001 và Kế hoạch số 2532/KH-SCT ngày "
                                 "31/12/2020.\n");
  Document document = extract_document(InputFile::read(dir / "input.txt"), {});
  // As OCR gave it on a 300-dpi scan: "19/7/2021." read "11/7/2001." at 0.24.
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (Word &word : line.words)
          if (word.text == "11/7/2001") word.confidence = 0.24;
  normalise_document(document);
  const Record record = parse_record(document);
  ASSERT_EQ(record.references.size(), 2u);
  EXPECT_EQ(record.references[0].number_symbol, "967/QĐ-UBND-HC");
  EXPECT_FALSE(record.references[0].date.has_value());
  EXPECT_EQ(record.references[1].date, "2020-12-31");
  const auto warning =
      std::find_if(record.warnings.begin(), record.warnings.end(),
                   [](const auto &w) { return w.code == WarningCode::reference_date_unsure; });
  ASSERT_NE(warning, record.warnings.end());
  EXPECT_NE(warning->message.find("11/7/2001"), std::string::npos);
}

// A scan's figures that contradict each other wait for a person: OCR read "32,1%" as "32,19%" with
// 96 % confidence on a 150-dpi scan, and 17 of 53 is 32.08 %. Figures that agree, to the
// precision the rate is written with, and the same figures typed, are left alone.
TEST(RecordParserTest, AScansRateItsCountsDoNotGiveNeedsReview) {
  enum class Read { typed, scanned, typed_beside_a_scan };
  auto parse_as = [](const std::string &rate, Read read) {
    test::TempDir dir;
    test::write_file(dir / "input.txt",
                     kLetterhead +
                         "THÔNG BÁO\nKết quả kiểm tra\n\nTổng số TTHC được rà soát: 53 "
                         "thủ tục; Số TTHC kiến nghị đơn giản hóa: 17 thủ tục (chiếm " +
                         rate + "%); Số TTHC giữ nguyên: 36 thủ tục.\n");
    Document document = extract_document(InputFile::read(dir / "input.txt"), {});
    for (Page &page : document.pages) {
      if (read != Read::scanned) continue;
      page.method = PageMethod::ocr;
      for (Block &block : page.blocks)
        for (Line &line : block.lines)
          for (Word &word : line.words)
            word.origin = Origin::ocr, word.confidence = 0.96;
    }
    if (read == Read::typed_beside_a_scan) { // a scanned annex after the typed pages
      Page annex = document.pages.back();
      annex.number = static_cast<int>(document.pages.size()) + 1;
      annex.method = PageMethod::ocr;
      for (Block &block : annex.blocks)
        for (Line &line : block.lines)
          for (Word &word : line.words)
            word.origin = Origin::ocr, word.page = annex.number, word.text = "Phụ";
      document.pages.push_back(annex);
    }
    normalise_document(document);
    return parse_record(document);
  };
  const Record misread = parse_as("32,19", Read::scanned);
  ASSERT_NE(misread.metric("simplification_rate_pct"), nullptr);
  const auto rate = misread.needs_review.find("metrics.simplification_rate_pct");
  ASSERT_NE(rate, misread.needs_review.end());
  EXPECT_EQ(rate->second.reason, ReviewReason::readings_disagree);
  EXPECT_EQ(rate->second.candidates, (std::vector<std::string>{"32.19", "32.08"}));
  EXPECT_TRUE(misread.needs_review.contains("metrics.procedures_simplified"));
  EXPECT_TRUE(misread.needs_review.contains("metrics.procedures_reviewed"));
  for (const std::string written : {"32,1", "32", "32,08"})
    EXPECT_TRUE(parse_as(written, Read::scanned).needs_review.empty()) << written;
  // Typed figures that disagree are the document's own error, the checker's to report: also when
  // another page of the document was scanned.
  EXPECT_TRUE(parse_as("32,19", Read::typed).needs_review.empty());
  const Record mixed = parse_as("32,19", Read::typed_beside_a_scan);
  EXPECT_EQ(mixed.source.method, "mixed");
  EXPECT_FALSE(mixed.needs_review.contains("metrics.simplification_rate_pct"));
}

TEST(RecordParserTest, HeadingLabelsSurviveCommonOcrDamage) {
  const Record record = parse_text(kLetterhead + "THÔNG BÁO\nKết quả kiểm tra\n\nI. KẾT QUẢ\n\n"
                                                 "2. Triển khai\n\n2.l Cải cách thể chế\n\nRà "
                                                 "soát.\n\n2 . 2 Cải cách TTHC\n\nb ) Một cửa\n\n"
                                                 "ll. NHẬN XÉT\n\nll. được ghi nhận.\n");
  ASSERT_EQ(record.sections.size(), 2u);
  const Section &two = record.sections[0].children.at(0);
  ASSERT_EQ(two.children.size(), 2u);
  EXPECT_EQ(two.children[0].label, "2.1") << "l read for 1";
  EXPECT_EQ(two.children[1].label, "2.2") << "spaces around the dot";
  EXPECT_EQ(two.children[1].children.at(0).label, "b");
  EXPECT_EQ(record.sections[1].label, "II") << "ll before an upper-case title";
  EXPECT_EQ(record.sections[1].text, "ll. được ghi nhận.") << "not before a lower-case one";
}

// --- metrics -------------------------------------------------------------------------------------

// Other house styles' numbering: "Phần I" parts above "1.", "1)" under "1.", and bullets that
// nest in the order the document first uses them ("+" above "*" here).
TEST(RecordParserTest, PartsParenthesisedNumbersAndBulletsNestAsTheDocumentUsesThem) {
  const Record record = parse_text(
      kLetterhead + "BÁO CÁO\nKết quả\n\nPhần I. KẾT QUẢ THỰC HIỆN\n\n1. Công tác chỉ đạo\n\n1) "
                    "Ban hành kế hoạch\n\n+ Kế hoạch năm;\n\n* Kế hoạch quý;\n\n+ Kế hoạch "
                    "tháng.\n\n2) Kiểm tra\n\nĐã kiểm tra.\n\n2. Cải cách thể chế\n\nRà soát.\n\n"
                    "Phần II. PHƯƠNG HƯỚNG\n\n1. Nhiệm vụ\n\nTiếp tục.\n");
  ASSERT_EQ(record.sections.size(), 2u);
  EXPECT_EQ(record.sections[0].label, "I");
  EXPECT_EQ(record.sections[0].title, "KẾT QUẢ THỰC HIỆN");
  ASSERT_EQ(record.sections[0].children.size(), 2u);
  const Section &one = record.sections[0].children[0];
  EXPECT_EQ(one.title, "Công tác chỉ đạo");
  ASSERT_EQ(one.children.size(), 2u) << "1) and 2) stand under 1.";
  EXPECT_EQ(one.children[0].title, "Ban hành kế hoạch");
  ASSERT_EQ(one.children[0].children.size(), 2u) << "two + items, the * item under the first";
  EXPECT_EQ(one.children[0].children[0].children.size(), 1u);
  EXPECT_EQ(record.sections[1].label, "II");
  EXPECT_TRUE(record.headings_sure);
}

// A table of one row per figure whose header cells wrap over lines: the PDF's lines set the
// header apart from the rows, with a wrapped word ("hóa") between. The header's last cell is the
// total, so the rows' last cells are read. With a sentence between them they are two things, and
// rows with several columns of figures and no total say nothing certain.
TEST(RecordParserTest, ATransposedTableWhoseHeaderStandsApartIsReadByItsTotalColumn) {
  const std::string head = kLetterhead + "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nKết quả như sau:\n\n"
                                         "Nội dung\tĐiện lực\tLưu thông hàng\tTổng cộng\n\nhóa\n\n";
  const std::string rows = "Tiếp nhận\t1.810\t3.802\t5.612\nĐúng hạn\t1.809\t3.800\t5.609\n"
                           "Trễ hạn\t01\t02\t03\n\n2. Kết luận\n\nTốt.\n";
  const Record apart = parse_text(head + rows);
  ASSERT_NE(apart.metric("records_received"), nullptr);
  EXPECT_EQ(apart.metric("records_received")->value, 5612);
  ASSERT_NE(apart.metric("records_late"), nullptr);
  EXPECT_EQ(apart.metric("records_late")->value, 3);
  EXPECT_EQ(apart.metric("records_late")->evidence.text, "Trễ hạn\t01\t02\t03");

  const Record unrelated = parse_text(head + "Số liệu từng lĩnh vực như sau:\n\n" + rows);
  EXPECT_EQ(unrelated.metric("records_received"), nullptr);

  // The total's header cell run into the cell before it on the PDF's line.
  const Record run_together = parse_text(kLetterhead +
                                         "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nKết quả như sau:\n\n"
                                         "Nội dung\tKinh\tAn toàn\tHóa chấtĐiện lực Tổng cộng\n\n" +
                                         rows);
  ASSERT_NE(run_together.metric("records_on_time"), nullptr);
  EXPECT_EQ(run_together.metric("records_on_time")->value, 5609);
}

// A gap in a numbered list (2.1 then 2.3) means a heading was lost: the tree is not sure, and
// says why; a complete list with an optional "đ" is sure.
TEST(RecordParserTest, AGapInTheNumberingMakesTheHeadingTreeUnsure) {
  const std::string head = kLetterhead + "BÁO CÁO\nKết quả\n\n1. Chỉ đạo\n\nTốt.\n\n2. Kết quả\n\n";
  const Record complete = parse_text(head + "2.1 Thể chế\n\nTốt.\n\n2.2 Thủ tục\n\na) Một\n\nb) "
                                            "Hai\n\nc) Ba\n\nd) Bốn\n\nđ) Năm\n\ne) Sáu\n");
  EXPECT_TRUE(complete.headings_sure);
  EXPECT_FALSE(has_warning(complete, "sections"));
  const Record gap = parse_text(head + "2.1 Thể chế\n\nTốt. 2.2 Thủ tục hành chính đã rà "
                                       "soát.\n\n2.3 Tổ chức bộ máy\n\nTốt.\n");
  EXPECT_FALSE(gap.headings_sure);
  ASSERT_TRUE(has_warning(gap, "sections"));
  const Record none = parse_text(kLetterhead + "BÁO CÁO\nKết quả\n\nMọi việc đều tốt.\n");
  EXPECT_FALSE(none.headings_sure) << "no heading at all is no sure tree";
}

TEST(RecordParserTest, ReadsFiguresInVietnameseFormatsUnderStableKeys) {
  const Record record = parse_text(
      kLetterhead + "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nTổng số hồ sơ tiếp nhận 8.586 hồ sơ "
                    "(2.140 hồ sơ trực tuyến, chiếm 24,9%), trong đó giải quyết sớm và đúng hạn "
                    "8.586 hồ sơ, không có hồ sơ trễ hạn.\n\n2. Rà soát\n\nRà soát 126 TTHC, kiến "
                    "nghị đơn giản hóa 19 TTHC đạt 15%, giữ nguyên 107 thủ tục.\n\n3. Tuyên "
                    "truyền\n\nĐăng 09 tin, bài trên trang của Sở và 03 tin, bài trên trang của "
                    "Tỉnh.\n");
  auto value = [&record](const char *key) -> std::optional<double> {
    const Metric *metric = record.metric(key);
    return metric ? std::optional<double>(metric->value) : std::nullopt;
  };
  EXPECT_EQ(value("records_received"), 8586);
  EXPECT_EQ(value("records_online"), 2140);
  EXPECT_EQ(value("online_rate_pct"), 24.9);
  EXPECT_EQ(value("records_on_time"), 8586);
  EXPECT_EQ(value("records_late"), 0);
  EXPECT_EQ(value("procedures_reviewed"), 126);
  EXPECT_EQ(value("procedures_simplified"), 19);
  EXPECT_EQ(value("simplification_rate_pct"), 15);
  EXPECT_EQ(value("procedures_kept"), 107);
  EXPECT_EQ(value("publications"), 12) << "figures of one paragraph add up";
  EXPECT_EQ(record.metric("records_received")->section, "1");
  EXPECT_EQ(record.metric("procedures_kept")->evidence.text, "giữ nguyên 107 thủ tục");
}

// Figures in the word orders other house styles use (extractors/figure_reader.h): a label, a
// colon and the count; the count after "là"; the count before its words; a rate in a clause of
// its own after the count. Figures of other things are not taken.
TEST(RecordParserTest, ReadsFiguresInOtherWordOrders) {
  const Record record = parse_text(
      kLetterhead + "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nSố hồ sơ tiếp nhận trong kỳ là 1.250 hồ "
                    "sơ; 530 hồ sơ được nộp trực tuyến, chiếm tỷ lệ 42,4%; Số hồ sơ giải quyết "
                    "đúng hạn: 1.245 hồ sơ (đạt 99,6%); số hồ sơ giải quyết quá hạn là 05.\n\n2. "
                    "Rà soát\n\nTổng số TTHC được rà soát: 40 thủ tục; số thủ tục đề xuất đơn "
                    "giản hóa là 08 (tỷ lệ 20%); số thủ tục giữ nguyên là 32.\n\n3. Phản "
                    "ánh\n\nSố phản ánh, kiến nghị tiếp nhận: 03.\n\n4. Khác\n\nĐơn vị rà soát 02 "
                    "văn bản quy phạm pháp luật; giải quyết đúng hạn, 100% hồ sơ được số hóa; "
                    "công khai 34 TTHC.\n");
  auto value = [&record](const char *key) -> std::optional<double> {
    const Metric *metric = record.metric(key);
    return metric ? std::optional<double>(metric->value) : std::nullopt;
  };
  EXPECT_EQ(value("records_received"), 1250);
  EXPECT_EQ(value("records_online"), 530);
  EXPECT_EQ(value("online_rate_pct"), 42.4);
  EXPECT_EQ(value("records_on_time"), 1245);
  EXPECT_EQ(value("on_time_rate_pct"), 99.6) << "not the 100% of another clause";
  EXPECT_EQ(value("records_late"), 5);
  EXPECT_EQ(value("procedures_reviewed"), 40) << "not the 02 văn bản of section 4";
  EXPECT_EQ(value("procedures_simplified"), 8);
  EXPECT_EQ(value("simplification_rate_pct"), 20);
  EXPECT_EQ(value("procedures_kept"), 32);
  EXPECT_EQ(value("complaints_received"), 3);
  EXPECT_EQ(record.metric("records_online")->evidence.text, "530 hồ sơ được nộp trực tuyến");
  // "công khai 34 TTHC" is a figure of no known kind: a warning quotes it.
  const auto unread =
      std::find_if(record.warnings.begin(), record.warnings.end(),
                   [](const RecordWarning &w) { return w.code == WarningCode::figure_not_read; });
  ASSERT_NE(unread, record.warnings.end());
  EXPECT_NE(unread->message.find("công khai 34 TTHC"), std::string::npos) << unread->message;
}

// A table laid out the other way round: figures by row, the total in its own column.
TEST(RecordParserTest, ReadsTheTotalColumnOfATransposedTable) {
  const Record record =
      parse_text(kLetterhead +
                 "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nNội dung\tĐiện lực\tHóa chất\tTổng "
                 "cộng\nTiếp nhận\t152\t268\t420\nĐúng hạn\t150\t268\t418\nTrễ hạn\t02\t0\t02\n");
  ASSERT_NE(record.metric("records_received"), nullptr);
  EXPECT_EQ(record.metric("records_received")->value, 420);
  EXPECT_EQ(record.metric("records_on_time")->value, 418);
  EXPECT_EQ(record.metric("records_late")->value, 2);
}

// An inspection plan may name figures of its own (FigureSpec): a new key, and new phrasings of a
// known one.
TEST(RecordParserTest, FiguresThePlanNamesAreRead) {
  test::TempDir dir;
  test::write_file(dir / "input.txt",
                   kLetterhead + "BÁO CÁO\nKết quả\n\n1. Số hóa\n\nĐã số hóa 75 hồ sơ; hồ sơ "
                                 "nhận về đợt này gồm 90 bộ.\n");
  ParseRequest request;
  request.input = dir / "input.txt";
  const Record without = run_parse(request).record;
  EXPECT_EQ(without.metric("records_digitised"), nullptr);
  EXPECT_EQ(without.metric("records_received"), nullptr);
  request.extra_figures = {
      {"records_digitised", "records", {{"so hoa {n} ho so", std::nullopt}}, {}, false},
      {"records_received", "records", {{"nhan ve dot nay gom {n} bo", std::nullopt}}, {}, false}};
  const Record with_plan = run_parse(request).record;
  ASSERT_NE(with_plan.metric("records_digitised"), nullptr);
  EXPECT_EQ(with_plan.metric("records_digitised")->value, 75);
  EXPECT_EQ(with_plan.metric("records_digitised")->unit, "records");
  ASSERT_NE(with_plan.metric("records_received"), nullptr);
  EXPECT_EQ(with_plan.metric("records_received")->value, 90);
}

TEST(RecordParserTest, AFigureStatedTwoWaysIsLeftOutWithAWarning) {
  const Record record = parse_text(kLetterhead + "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nTiếp nhận "
                                                 "312 hồ sơ.\n\n2. Tổng hợp\n\nTiếp nhận 321 hồ "
                                                 "sơ.\n");
  EXPECT_EQ(record.metric("records_received"), nullptr);
  EXPECT_TRUE(has_warning(record, "metrics.records_received"));
}

TEST(RecordParserTest, ReadsTheTotalRowOfAFiguresTable) {
  const Record record = parse_text(
      kLetterhead + "BÁO CÁO\nKết quả\n\n1. Một cửa\n\nLĩnh vực\tTiếp nhận\tTrực tuyến\tĐúng "
                    "hạn\tTrễ hạn\nĐiện lực\t152\t71\t150\t02\nHóa chất\t268\t112\t268\t0\nTổng "
                    "cộng\t420\t183\t418\t02\n");
  ASSERT_NE(record.metric("records_received"), nullptr);
  EXPECT_EQ(record.metric("records_received")->value, 420);
  EXPECT_EQ(record.metric("records_online")->value, 183);
  EXPECT_EQ(record.metric("records_on_time")->value, 418);
  EXPECT_EQ(record.metric("records_late")->value, 2);
}

TEST(RecordParserTest, AppendixMentionsAndAppendixHeadings) {
  const Record record =
      parse_text(kLetterhead + "THÔNG BÁO\nKết quả\n\n1. Số liệu\n\nChi tiết tại Phụ lục I "
                               "kèm theo.\n\nNơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\n\nĐỗ Văn Nam\n\n"
                               "Phụ lục I\nSỐ LIỆU GIẢI QUYẾT HỒ SƠ\n(Kèm theo Thông báo)\n");
  ASSERT_EQ(record.appendices.size(), 1u);
  EXPECT_EQ(record.appendices[0].label, "I");
  EXPECT_EQ(record.appendices[0].title, "SỐ LIỆU GIẢI QUYẾT HỒ SƠ");
  EXPECT_EQ(record.signer.title, "GIÁM ĐỐC");
  EXPECT_EQ(record.signer.name, "Đỗ Văn Nam");
}

} // namespace
} // namespace vnotice
