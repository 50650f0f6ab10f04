// The signer block (issue 20, point 4; extractors/signer.h): every Decree 30 authority form and
// the stops OCR reads for its dot, titles restored against the known titles, a name damaged by a
// seal repaired from the document's own text (or left out), a signature block alone on its
// page or without "Nơi nhận", and a real OCR run over a page with a red seal on the signature.
#include "extractors/record_parser.h"
#include "extractors/registry.h"
#include "extractors/signer.h"
#include "extractors/text_normaliser.h"
#include "pipeline/input_file.h"
#include "test_support.h"
#include "tools/job.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace vnotice {
namespace {

const std::string kLetterhead = "SỞ CÔNG THƯƠNG ĐỒNG THÁP\n"
                                "PHÒNG QUẢN LÝ CÔNG NGHIỆP\n"
                                "Số: 08/BC-QLCN\n"
                                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                "Độc lập - Tự do - Hạnh phúc\n"
                                "Đồng Tháp, ngày 27 tháng 8 năm 2021\n\n"
                                "BÁO CÁO\nKết quả công tác văn thư năm 2021\n\n";
const std::string kRecipients = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\n";

// A Document read from `text` as a plain-text file, each word whose text is a key of
// `confidences` given that confidence (as OCR would), through the text layer: what the parser
// sees of a scan, word for word.
Document document_of(const std::string &text, const std::map<std::string, double> &confidences) {
  test::TempDir dir;
  test::write_file(dir / "input.txt", text);
  Document document = extract_document(InputFile::read(dir / "input.txt"), {});
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (Word &word : line.words)
          if (const auto found = confidences.find(word.text); found != confidences.end())
            word.confidence = found->second;
  normalise_document(document);
  return document;
}

Record parse(const std::string &text, const std::map<std::string, double> &confidences = {}) {
  return parse_record(document_of(text, confidences));
}

const RecordWarning *warning_of(const Record &record, WarningCode code) {
  for (const RecordWarning &warning : record.warnings)
    if (warning.code == code) return &warning;
  return nullptr;
}

// --- authority forms
// ------------------------------------------------------------------------------

struct AuthorityCase {
  const char *written;   // the authority line as written or read
  const char *authority; // as the record holds it
  const char *title;
};

class SignerAuthorityTest : public ::testing::TestWithParam<AuthorityCase> {};

TEST_P(SignerAuthorityTest, EveryFormIsReadAndHeldInTheDecree30Form) {
  const AuthorityCase &form = GetParam();
  const Record record = parse(kLetterhead + "Nội dung báo cáo.\n\n" + kRecipients + form.written +
                              "\n" + form.title + "\n\nĐỗ Văn Nam\n");
  EXPECT_EQ(record.signer.authority, form.authority) << form.written;
  EXPECT_EQ(record.signer.title, form.title);
  EXPECT_EQ(record.signer.name, "Đỗ Văn Nam");
  // The evidence quotes what was written.
  ASSERT_TRUE(record.evidence.count("signer.authority"));
  EXPECT_EQ(record.evidence.at("signer.authority").text, form.written);
  EXPECT_EQ(record.recipients, (std::vector<std::string>{"Như trên", "Lưu: VT"}));
  EXPECT_EQ(warning_of(record, WarningCode::signer_title_repaired), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    Decree30, SignerAuthorityTest,
    ::testing::Values(AuthorityCase{"KT. GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"KT: GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"KT GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"KT.GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"KT; GIÁM ĐỐC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"TL. GIÁM ĐỐC", "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"},
                      AuthorityCase{"TL: GIÁM ĐỐC", "TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"},
                      AuthorityCase{"TM. ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"},
                      AuthorityCase{"TM: ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"},
                      AuthorityCase{"Q. GIÁM ĐỐC", "Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"Q GIÁM ĐỐC", "Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
                      AuthorityCase{"TUQ. GIÁM ĐỐC", "TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC"},
                      AuthorityCase{"TUQ: GIÁM ĐỐC", "TUQ. GIÁM ĐỐC", "TRƯỞNG PHÒNG TỔ CHỨC"}),
    [](const auto &info) { return "Form" + std::to_string(info.index); });

TEST(SignerAuthorityFormTest, NoAuthorityLeavesItNullAndTheLineIsTheTitle) {
  // As tests/data/golden/records/report-2021-vanphong.json holds it.
  const Record record =
      parse(kLetterhead + "Nội dung.\n\n" + kRecipients + "CHÁNH VĂN PHÒNG\n\nLê Thị Thu Hà\n");
  EXPECT_EQ(record.signer.authority, std::nullopt);
  EXPECT_EQ(record.signer.title, "CHÁNH VĂN PHÒNG");
  EXPECT_EQ(record.signer.name, "Lê Thị Thu Hà");
  EXPECT_FALSE(record.evidence.count("signer.authority"));
}

TEST(SignerAuthorityFormTest, OnBehalfOfABodyAndForItsHeadIsOneAuthority) {
  // Decree 30, Appendix I: "TM. ỦY BAN NHÂN DÂN" over "KT. CHỦ TỊCH", then the deputy's title.
  const Record record = parse(kLetterhead + "Nội dung.\n\n" + kRecipients +
                              "TM. ỦY BAN NHÂN DÂN\nKT: CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐỗ Văn Nam\n");
  EXPECT_EQ(record.signer.authority, "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH");
  EXPECT_EQ(record.signer.title, "PHÓ CHỦ TỊCH");
}

TEST(SignerAuthorityFormTest, OnlyAuthorityLinesMatch) {
  for (const char *line : {"KT. GIÁM ĐỐC", "KT: GIÁM ĐỐC", "KT GIÁM ĐỐC", "TUQ, GIÁM ĐỐC"})
    EXPECT_TRUE(RE2::FullMatch(line, authority_line_re())) << line;
  // Without a stop the rest must be an upper-case title; other prefixes are not authorities.
  for (const char *line : {"TL các đơn vị báo cáo", "KTX GIÁM ĐỐC", "TT. GIÁM ĐỐC", "GIÁM ĐỐC"})
    EXPECT_FALSE(RE2::FullMatch(line, authority_line_re())) << line;
  EXPECT_EQ(normalised_authority("KT: GIAM ĐOC"), "KT. GIÁM ĐỐC");
  EXPECT_EQ(normalised_authority("TM.  BAN CHỈ ĐẠO"), "TM. BAN CHỈ ĐẠO");
  EXPECT_EQ(normalised_authority("PHÓ GIÁM ĐỐC"), std::nullopt);
}

// --- titles ------------------------------------------------------------------------------------

TEST(SignerTitleTest, KnownTitlesGetTheirMarksBack) {
  EXPECT_EQ(known_title("PHO TRƯỞNG PHÒNG"), "PHÓ TRƯỞNG PHÒNG");
  EXPECT_EQ(known_title("GIAM ĐOC"), "GIÁM ĐỐC");
  EXPECT_EQ(known_title("TRUONG PHONG"), "TRƯỞNG PHÒNG");
  EXPECT_EQ(known_title("PHÓ CHÁNH VĂN PHONG"), "PHÓ CHÁNH VĂN PHÒNG");
  EXPECT_EQ(known_title("CHANH VAN PHONC"), "CHÁNH VĂN PHÒNG") << "one letter misread";
  // The longest known title the line begins with; the words after it are kept as read.
  EXPECT_EQ(known_title("PHO TRUONG PHONG TỔ CHỨC"), "PHÓ TRƯỞNG PHÒNG TỔ CHỨC");
  EXPECT_EQ(known_title("PHO GIAM ĐOC TRUNG TAM"), "PHÓ GIÁM ĐỐC TRUNG TÂM");
  EXPECT_EQ(known_title("PHÓ GIÁM ĐỐC"), "PHÓ GIÁM ĐỐC");
}

TEST(SignerTitleTest, AnAmbiguousOrUnknownTitleIsNotChosen) {
  // THỦ TRƯỞNG (head of an agency) and THỨ TRƯỞNG (deputy minister) fold alike.
  EXPECT_EQ(known_title("THU TRUONG"), std::nullopt);
  EXPECT_EQ(known_title("THỨ TRƯỞNG"), "THỨ TRƯỞNG");
  EXPECT_EQ(known_title("THỦ TRƯỞNG"), "THỦ TRƯỞNG");
  EXPECT_EQ(known_title("ỦY BAN NHÂN DÂN"), std::nullopt);
  EXPECT_EQ(known_title("GIÁM SÁT VIÊN"), std::nullopt);
  EXPECT_EQ(known_title("Phó giám đốc"), std::nullopt) << "titles are written in capitals";
  // Two letters off is too far: VỤ TRƯỞNG is not BỘ TRƯỞNG, HA TRUONG neither.
  EXPECT_EQ(known_title("VU TRUONG"), "VỤ TRƯỞNG");
  EXPECT_EQ(known_title("HA TRUONG"), std::nullopt);
}

struct TitleDamage {
  const char *authority_read, *title_read; // as OCR gave them
  const char *authority, *title;           // in the record
};

class SignerTitleDamageTest : public ::testing::TestWithParam<TitleDamage> {};

TEST_P(SignerTitleDamageTest, OcrDamageInTitlesIsRestoredWithAWarning) {
  const TitleDamage &damage = GetParam();
  const std::string authority_line =
      damage.authority_read[0] == '\0' ? "" : std::string(damage.authority_read) + "\n";
  const Record record = parse(kLetterhead + "Nội dung.\n\n" + kRecipients + authority_line +
                              damage.title_read + "\n\nNguyễn Quốc Bảo\n");
  EXPECT_EQ(record.signer.authority, damage.authority[0] == '\0'
                                         ? std::nullopt
                                         : std::optional<std::string>(damage.authority));
  EXPECT_EQ(record.signer.title, damage.title);
  const auto repaired =
      std::find_if(record.warnings.begin(), record.warnings.end(), [](const RecordWarning &w) {
        return w.code == WarningCode::signer_title_repaired && w.field == "signer.title";
      });
  ASSERT_NE(repaired, record.warnings.end());
  EXPECT_NE(repaired->message.find(damage.title_read), std::string::npos) << repaired->message;
  // The evidence keeps what was read.
  EXPECT_EQ(record.evidence.at("signer.title").text, damage.title_read);
}

INSTANTIATE_TEST_SUITE_P(
    Ocr, SignerTitleDamageTest,
    ::testing::Values(
        TitleDamage{"KT. TRƯỞNG PHÒNG", "PHO TRƯỞNG PHÒNG", "KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"},
        TitleDamage{"KT: GIAM ĐOC", "PHO GIAM ĐOC", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"},
        TitleDamage{"", "TRUONG PHONG", "", "TRƯỞNG PHÒNG"},
        TitleDamage{"", "CHANH VAN PHONC", "", "CHÁNH VĂN PHÒNG"},
        TitleDamage{"TM. ỦY BAN NHÂN DÂN", "CHU TICH", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"},
        // Small capitals run together, one letter misread: spaces do not count.
        TitleDamage{"KT. CHI CỤC TRƯỞNG", "PHÓ CHLCUC TRƯỞNG", "KT. CHI CỤC TRƯỞNG",
                    "PHÓ CHI CỤC TRƯỞNG"}),
    [](const auto &info) { return "Case" + std::to_string(info.index); });

TEST(SignerTitleTest, AGuessedTitleThatIsNoKnownTitleIsLeftOut) {
  const Record record = parse(kLetterhead + "Nội dung.\n\n" + kRecipients +
                                  "KT. GIÁM ĐỐC\nPHÓ GIẢM ĐỌC XYZ\n\nNguyễn Quốc Bảo\n",
                              {{"XYZ", 0.2}});
  EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC XYZ") << "the known title's words lead the line";
  const Record unknown = parse(kLetterhead + "Nội dung.\n\n" + kRecipients +
                                   "KT. GIÁM ĐỐC\nXYZ GIẢM\n\nNguyễn Quốc Bảo\n",
                               {{"XYZ", 0.2}});
  EXPECT_EQ(unknown.signer.title, std::nullopt);
  EXPECT_NE(warning_of(unknown, WarningCode::signer_title_unsure), nullptr);
  // Read surely, an unknown title is kept as it is.
  const Record sure = parse(kLetterhead + "Nội dung.\n\n" + kRecipients +
                            "KT. GIÁM ĐỐC\nGIÁM SÁT VIÊN\n\nNguyễn Quốc Bảo\n");
  EXPECT_EQ(sure.signer.title, "GIÁM SÁT VIÊN");
  EXPECT_EQ(warning_of(sure, WarningCode::signer_title_repaired), nullptr);
}

// --- names ---------------------------------------------------------------------------------------

// The body cites the signer once, as reports do.
const std::string kBodyCitingTheSigner =
    "Phòng giao đồng chí Nguyễn Quốc Bảo, Phó Trưởng phòng, theo dõi công tác văn thư.\n\n";

std::string report_signed(const std::string &name_line,
                          const std::string &body = kBodyCitingTheSigner) {
  return kLetterhead + body + kRecipients + "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG\n\n" + name_line +
         "\n";
}

TEST(SignerNameTest, ANamePartlyUnderASealIsRepairedFromTheText) {
  struct Case {
    const char *read;
    std::map<std::string, double> confidences;
  };
  const Case cases[] = {
      {"Nguyễn uốc Bảo", {{"uốc", 0.62}}},              // a capital lost under the ring
      {"guyễn Quốc Bảo", {{"guyễn", 0.9}}},             // letters cut at the edge
      {"Nguyễn Qu6c Bảo", {{"Qu6c", 0.41}}},            // a letter misread, unsure
      {"Nguyễn Quóc Bảo", {{"Quóc", 0.55}}},            // a mark misread, unsure
      {"Nguyễn Bảo", {{"Nguyễn", 0.7}, {"Bảo", 0.66}}}, // the middle word dropped
      {"Nguyễn %Ỹ Bảo", {{"%Ỹ", 0.12}}},                // a guess of the seal's ink
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.read);
    const Record record = parse(report_signed(c.read), c.confidences);
    EXPECT_EQ(record.signer.name, "Nguyễn Quốc Bảo");
    const RecordWarning *repaired = warning_of(record, WarningCode::signer_name_repaired);
    ASSERT_NE(repaired, nullptr);
    EXPECT_EQ(repaired->field, "signer.name");
    // The signer's own evidence quotes what was read; where the name was found is quoted too.
    EXPECT_EQ(record.signer.evidence.text, c.read);
    EXPECT_EQ(record.evidence.at("signer.name").text, "Nguyễn Quốc Bảo");
    EXPECT_EQ(record.signer.title, "PHÓ TRƯỞNG PHÒNG");
  }
}

TEST(SignerNameTest, ANameASealCutIntoTwoLinesIsJoinedAndRepaired) {
  // Tesseract read the ring's edge as a line break inside the name.
  const Record record = parse(report_signed("guyên\nQuốc Bảo"), {{"guyên", 0.67}});
  EXPECT_EQ(record.signer.name, "Nguyễn Quốc Bảo");
  const RecordWarning *repaired = warning_of(record, WarningCode::signer_name_repaired);
  ASSERT_NE(repaired, nullptr);
  EXPECT_NE(repaired->message.find("guyên Quốc Bảo"), std::string::npos) << repaired->message;
  // Without the name in the text, "Quốc Bảo" read surely stays as read: nothing says more.
  const Record alone =
      parse(report_signed("guyên\nQuốc Bảo", "Các phòng thực hiện tốt.\n\n"), {{"guyên", 0.67}});
  EXPECT_EQ(alone.signer.name, "Quốc Bảo");
}

TEST(SignerNameTest, AGuessedSpeckBeforeTheNameIsNoPartOfIt) {
  const Record record = parse(report_signed("N2 Nguyễn Quốc Bảo"), {{"N2", 0.33}});
  EXPECT_EQ(record.signer.name, "Nguyễn Quốc Bảo");
  EXPECT_EQ(record.signer.evidence.text, "N2 Nguyễn Quốc Bảo");
  // Read surely, the same word is no speck: the line is no name.
  const Record sure = parse(report_signed("N2 Nguyễn Quốc Bảo", "Các phòng thực hiện tốt.\n\n"));
  EXPECT_EQ(sure.signer.name, std::nullopt);
}

TEST(SignerNameTest, TwoNamesThatAgreeLeaveTheNameNull) {
  const std::string body = "Đồng chí Nguyễn Quốc Bảo và đồng chí Nguyễn Văn Bảo theo dõi.\n\n";
  const Record record = parse(report_signed("Nguyễn Qxx Bảo", body), {{"Qxx", 0.2}});
  EXPECT_EQ(record.signer.name, std::nullopt);
  const RecordWarning *unsure = warning_of(record, WarningCode::signer_name_unsure);
  ASSERT_NE(unsure, nullptr);
  EXPECT_NE(unsure->message.find("Nguyễn Văn Bảo"), std::string::npos) << unsure->message;
  EXPECT_EQ(warning_of(record, WarningCode::signer_name_repaired), nullptr);
  EXPECT_EQ(record.signer.evidence.text, "Nguyễn Qxx Bảo") << "the reading is still quoted";
}

TEST(SignerNameTest, OneWordReadIsNotEnoughToTakeAName) {
  // Only the family name agrees: a guess about the rest would be the text's other person.
  const Record record =
      parse(report_signed("Nguyễn Xx Yy", kBodyCitingTheSigner), {{"Xx", 0.3}, {"Yy", 0.3}});
  EXPECT_EQ(record.signer.name, std::nullopt);
  EXPECT_NE(warning_of(record, WarningCode::signer_name_unsure), nullptr);
}

TEST(SignerNameTest, AnUnsureNameWithoutAConfirmingNameIsNullUnlessItsConfidenceIsFine) {
  const std::string body = "Các phòng thực hiện tốt công tác văn thư.\n\n";
  const Record guessed = parse(report_signed("Trần Minh Khoa", body), {{"Minh", 0.3}});
  EXPECT_EQ(guessed.signer.name, std::nullopt);
  EXPECT_NE(warning_of(guessed, WarningCode::signer_name_unsure), nullptr);
  const Record fair = parse(report_signed("Trần Minh Khoa", body), {{"Minh", 0.65}});
  EXPECT_EQ(fair.signer.name, "Trần Minh Khoa");
  EXPECT_EQ(warning_of(fair, WarningCode::signer_name_unsure), nullptr);
  // A broken reading that nothing confirms is left out whatever its confidence.
  const Record broken = parse(report_signed("Trần inh Khoa", body));
  EXPECT_EQ(broken.signer.name, std::nullopt);
  EXPECT_NE(warning_of(broken, WarningCode::signer_name_unsure), nullptr);
}

TEST(SignerNameTest, ANameReadSurelyIsKeptAsRead) {
  // The text spells it otherwise, but the name under the signature was read surely.
  const Record record = parse(report_signed("Nguyễn Quốc Báo"));
  EXPECT_EQ(record.signer.name, "Nguyễn Quốc Báo");
  EXPECT_EQ(warning_of(record, WarningCode::signer_name_repaired), nullptr);
  EXPECT_EQ(warning_of(record, WarningCode::signer_name_unsure), nullptr);
}

// --- where the block stands --------------------------------------------------------------------

TEST(SignerPlacementTest, ASignatureBlockAloneOnTheLastPageIsRead) {
  const Document document =
      document_of(kLetterhead + "Trong năm, Phòng tiếp nhận và xử lý đúng hạn văn bản đến.\n\n" +
                      kRecipients + "\fKT: GIÁM ĐỐC\nPHO GIÁM ĐỐC\n\nTrần Minh Khoa\n",
                  {});
  ASSERT_EQ(document.pages.size(), 2u);
  const Record record = parse_record(document);
  EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC");
  EXPECT_EQ(record.signer.name, "Trần Minh Khoa");
  EXPECT_EQ(record.signer.evidence.page, 2);
  EXPECT_EQ(record.recipients, (std::vector<std::string>{"Như trên", "Lưu: VT"}));
}

TEST(SignerPlacementTest, ASignerBlockWithoutRecipientsIsRead) {
  for (const char *authority : {"KT. GIÁM ĐỐC", "KT: GIÁM ĐỐC", "KT GIÁM ĐỐC"}) {
    SCOPED_TRACE(authority);
    const Record record = parse(kLetterhead + "Trong năm, Phòng xử lý đúng hạn văn bản đến.\n\n" +
                                authority + "\nPHÓ GIÁM ĐỐC\n\nTrần Minh Khoa\n");
    EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
    EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC");
    EXPECT_EQ(record.signer.name, "Trần Minh Khoa");
    EXPECT_TRUE(record.recipients.empty());
  }
  // On its own page too, and with no authority.
  const Record alone = parse(kLetterhead + "Trong năm, Phòng xử lý đúng hạn văn bản đến.\n\n"
                                           "\fGIÁM ĐỐC\n\nTrần Minh Khoa\n");
  EXPECT_EQ(alone.signer.authority, std::nullopt);
  EXPECT_EQ(alone.signer.title, "GIÁM ĐỐC");
  EXPECT_EQ(alone.signer.name, "Trần Minh Khoa");
  EXPECT_EQ(alone.signer.evidence.page, 2);
}

// A title wrapped over two lines under its authority, with and without "Nơi nhận"; and the two
// lines in the other order, as a seal can push a word down, also when the first line alone is a
// known title ("CỤC TRƯỞNG" over "CHI"): the longest title wins. Two lines that are no title
// together ("GIÁM ĐỐC" / "SỞ") are not joined.
TEST(SignerPlacementTest, ATitleWrappedOverTwoLinesIsOneTitle) {
  const std::string body = "Trong năm, Phòng xử lý đúng hạn văn bản đến.\n\n";
  for (const std::string &recipients : {kRecipients, std::string()}) {
    SCOPED_TRACE(recipients);
    const Record record = parse(kLetterhead + body + recipients +
                                "TL. GIÁM ĐỐC\nCHÁNH\nTHANH TRA\n\nBùi Công Hương\n");
    EXPECT_EQ(record.signer.authority, "TL. GIÁM ĐỐC");
    EXPECT_EQ(record.signer.title, "CHÁNH THANH TRA");
    EXPECT_EQ(record.signer.name, "Bùi Công Hương");
  }
  const Record pushed = parse(kLetterhead + body + kRecipients +
                              "TL. GIÁM ĐỐC\nTHANH TRA\nCHÁNH\n\nBùi Công Hương\n");
  EXPECT_EQ(pushed.signer.title, "CHÁNH THANH TRA");
  const Record longest =
      parse(kLetterhead + body + kRecipients + "TL. GIÁM ĐỐC\nCUC TRƯỞNG\nCHI\n\nBùi Công Hương\n");
  EXPECT_EQ(longest.signer.title, "CHI CỤC TRƯỞNG");
  const Record known = parse(kLetterhead + body + kRecipients + "GIÁM ĐỐC\nSỞ\n\nBùi Công Hương\n");
  EXPECT_EQ(known.signer.title, "GIÁM ĐỐC");
}

// --- a real scan -------------------------------------------------------------------------------

TEST(SignerOcrTest, ASealedSignatureOnAScanIsRead) {
  // tests/make_signer_scan.py: a 300-dpi scan (the bench's mild300 degradation) whose signer
  // block is "KT: GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Quốc Bảo" under a dark seal; the body names
  // "đồng chí Nguyễn Quốc Bảo". Under this seal (seed 20) Tesseract cuts the name into two lines,
  // "guyên" over "Quốc Bảo" (measured).
  for (const char *seed : {"20"}) {
    SCOPED_TRACE(seed);
    test::TempDir dir;
    const auto made = test::run_command(
        {"/usr/bin/python3", (test::source_dir() / "tests" / "make_signer_scan.py").string(),
         (dir / "scan.png").string(), "--seed", seed});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    ParseRequest request;
    request.input = dir / "scan.png";
    const ParseResult result = run_parse(request);
    const Record &record = result.record;
    EXPECT_EQ(record.source.method, "ocr");
    EXPECT_EQ(record.signer.authority, "KT. GIÁM ĐỐC");
    ASSERT_TRUE(record.evidence.count("signer.authority"));
    EXPECT_EQ(record.evidence.at("signer.authority").text, "KT: GIÁM ĐỐC");
    EXPECT_EQ(record.signer.title, "PHÓ GIÁM ĐỐC");
    EXPECT_EQ(record.signer.name, "Nguyễn Quốc Bảo");
    // What OCR read under the seal is what the signer's evidence quotes: not the name itself.
    EXPECT_NE(record.signer.evidence.text, "Nguyễn Quốc Bảo");
    EXPECT_TRUE(record.signer.evidence.box.has_value());
    EXPECT_EQ(record.signer.evidence.page, 1);
  }
}

} // namespace
} // namespace vnotice
