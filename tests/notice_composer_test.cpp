// Composition of the notice from hand-built Records of two or three units, checked against the
// sample plan: what each part of the notice says follows from the plan, the figures and the
// findings, and the result is a valid, writable, deterministic Notice.
#include "generators/notice_composer.h"
#include "generators/notice_writer.h"
#include "pipeline/check/checker.h"
#include "test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vnotice {
namespace {

const InspectionPlan &sample_plan() {
  static const InspectionPlan plan =
      load_plan((test::source_dir() / "samples" / "plan-2021.json").string());
  return plan;
}

Evidence cited(const std::string &text) { return Evidence{1, text, Box{100, 200, 300, 214}, 1.0}; }

Section section(std::string label, std::string title, int level, std::string text,
                std::vector<Section> children = {}) {
  Section out;
  out.label = std::move(label);
  out.title = std::move(title);
  out.level = level;
  out.text = std::move(text);
  out.children = std::move(children);
  out.evidence = cited(*out.title);
  return out;
}

struct Figures {
  double received, on_time, late, online, reviewed, simplified, kept;
};

// A report of one unit as the parser would give it: every criterion of the sample plan, the
// figures under 2.2.b and 2.2.c, dated within the period.
Record report(const std::string &file, const std::string &issuer, const std::string &short_name,
              const Figures &f) {
  Record record;
  record.source = {file, std::string(64, 'a'), 2, "text_layer", 1.0};
  record.doc_type = "BÁO CÁO";
  record.type_code = "BC";
  record.number = "08";
  record.symbol = "BC-" + short_name;
  record.number_symbol = "08/BC-" + short_name;
  record.parent_issuer = "SỞ CÔNG THƯƠNG ĐỒNG THÁP";
  record.issuer = issuer;
  record.place = "Đồng Tháp";
  record.date = "2021-09-06";
  record.subject = "Kết quả thực hiện cải cách hành chính năm 2021";
  record.signer.title = "TRƯỞNG PHÒNG";
  record.signer.name = "Nguyễn Quốc Bảo";
  record.signer.evidence = cited("Nguyễn Quốc Bảo");
  record.evidence["date"] = cited("Đồng Tháp, ngày 06 tháng 9 năm 2021");
  record.evidence["issuer"] = cited(issuer);
  record.sections = {
      section("1", "Công tác chỉ đạo, điều hành", 1, "Ban hành kế hoạch CCHC năm 2021."),
      section("2", "Triển khai thực hiện cải cách hành chính", 1, "",
              {section("2.1", "Cải cách thể chế", 2, "Rà soát văn bản."),
               section("2.2", "Cải cách thủ tục hành chính", 2, "",
                       {section("a", "Công bố, công khai TTHC", 3, "Công khai đầy đủ."),
                        section("b", "Thực hiện cơ chế một cửa, một cửa liên thông", 3,
                                "Số liệu hồ sơ."),
                        section("c", "Rà soát, đơn giản hóa TTHC", 3, "Số liệu rà soát."),
                        section("d", "Tuyên truyền CCHC, kiểm soát TTHC", 3, "Đăng tin."),
                        section("e", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 3,
                                "Không phát sinh.")}),
               section("2.3", "Cải cách tổ chức bộ máy", 2, "Kiện toàn."),
               section("2.4", "Xây dựng, nâng cao chất lượng đội ngũ CBCCVC", 2, "Bồi dưỡng."),
               section("2.5", "Cải cách tài chính công", 2, "Tiết kiệm."),
               section("2.6", "Hiện đại hóa hành chính", 2, "Một cửa điện tử.")}),
  };
  const auto metric = [](std::string key, double value, std::string at, std::string text) {
    return Metric{std::move(key), value, "", std::move(at), cited(text)};
  };
  record.metrics = {
      metric("records_received", f.received, "2.2.b", "tiếp nhận hồ sơ"),
      metric("records_on_time", f.on_time, "2.2.b", "đúng hạn hồ sơ"),
      metric("records_late", f.late, "2.2.b", "trễ hạn hồ sơ"),
      metric("records_online", f.online, "2.2.b", "trực tuyến hồ sơ"),
      metric("procedures_reviewed", f.reviewed, "2.2.c", "rà soát TTHC"),
      metric("procedures_simplified", f.simplified, "2.2.c", "đơn giản hóa TTHC"),
      metric("procedures_kept", f.kept, "2.2.c", "giữ nguyên TTHC"),
  };
  return record;
}

Record vp(const Figures &f) { return report("report-vp.pdf", "VĂN PHÒNG SỞ", "VP", f); }
Record qlcn(const Figures &f) {
  return report("report-qlcn.pdf", "PHÒNG QUẢN LÝ CÔNG NGHIỆP", "QLCN", f);
}
Record kc(const Figures &f) {
  return report("report-kc.pdf", "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP",
                "KC&TVPTCN", f);
}

// Two units, no defect the sample plan would flag (no late record, targets met); Phòng Quản lý
// thương mại and the Trung tâm sent nothing.
std::vector<Record> clean_records() {
  return {vp({312, 312, 0, 100, 20, 4, 16}), qlcn({486, 486, 0, 203, 34, 6, 28})};
}

// Three units: Văn phòng's records do not add up, Phòng Quản lý công nghiệp has 2 late records
// (target "= 0" not met).
std::vector<Record> faulty_records() {
  return {vp({312, 310, 0, 100, 20, 4, 16}), qlcn({486, 484, 2, 203, 34, 6, 28}),
          kc({7788, 7788, 0, 5000, 40, 5, 35})};
}

struct Composed {
  std::vector<Record> records;
  CheckResult result;
  Notice notice;
};

Composed compose(std::vector<Record> records, const InspectionPlan &plan = sample_plan()) {
  Composed out{std::move(records), {}, {}};
  out.result = check_records(plan, out.records);
  out.notice = compose_notice(plan, out.records, out.result);
  return out;
}

std::vector<const Paragraph *> paragraphs(const std::vector<BodyItem> &body) {
  std::vector<const Paragraph *> out;
  for (const BodyItem &item : body)
    if (const auto *p = std::get_if<Paragraph>(&item)) out.push_back(p);
  return out;
}

// Index of the first body paragraph whose text starts with `prefix`; -1 when none.
long find_paragraph(const Notice &notice, const std::string &prefix, long from = 0) {
  const auto ps = paragraphs(notice.body);
  for (size_t i = static_cast<size_t>(from); i < ps.size(); ++i)
    if (ps[i]->text.starts_with(prefix)) return static_cast<long>(i);
  return -1;
}

const Table &only_table(const Appendix &appendix) {
  for (const BodyItem &item : appendix.body)
    if (const auto *table = std::get_if<Table>(&item)) return *table;
  throw std::runtime_error("appendix without a table");
}

std::string dump(const Notice &notice) { return to_json(notice).dump(1); }

TEST(NoticeComposerTest, LetterheadSubjectSignerAndRecipientsComeFromThePlan) {
  const Notice notice = compose(clean_records()).notice;
  EXPECT_EQ(notice.letterhead.parent_issuer, "UBND TỈNH ĐỒNG THÁP");
  EXPECT_EQ(notice.letterhead.issuer, "SỞ CÔNG THƯƠNG");
  EXPECT_EQ(notice.letterhead.symbol, "TB-SCT");
  EXPECT_FALSE(notice.letterhead.number); // the plan gives no number: the clerk's blank
  EXPECT_EQ(notice.letterhead.place, "Đồng Tháp");
  EXPECT_FALSE(notice.letterhead.date);
  EXPECT_EQ(notice.letterhead.year, 2021);
  EXPECT_EQ(notice.doc_type, "THÔNG BÁO");
  EXPECT_EQ(notice.subject,
            "Kết quả kiểm tra cải cách hành chính, kiểm soát thủ tục hành chính năm 2021");
  EXPECT_EQ(notice.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(notice.signer.title, "PHÓ GIÁM ĐỐC");
  EXPECT_EQ(notice.signer.name, "Trần Minh Khoa");
  EXPECT_EQ(notice.recipients,
            (std::vector<std::string>{"Lãnh đạo Sở", "Các Phòng, đơn vị thuộc Sở", "Lưu: VT, VP"}));
  EXPECT_EQ(notice.issuer_name_in_sentence, "Sở Công Thương");
  const auto ps = paragraphs(notice.body);
  EXPECT_EQ(ps.back()->text, "Trên đây là thông báo kết quả kiểm tra cải cách hành chính, kiểm "
                             "soát thủ tục hành chính năm 2021 của Sở Công Thương./.");
}

TEST(NoticeComposerTest, NumberFromThePlanAndSubjectDerivedFromThePlanTitle) {
  InspectionPlan plan = sample_plan();
  plan.notice.number_symbol = "1935/TB-SCT";
  plan.notice.subject.reset();
  const Notice notice = compose(clean_records(), plan).notice;
  EXPECT_EQ(notice.letterhead.number, "1935");
  EXPECT_EQ(notice.letterhead.symbol, "TB-SCT");
  EXPECT_EQ(notice.subject, "Kết quả kiểm tra công tác cải cách hành chính năm 2021");
}

TEST(NoticeComposerTest, OpeningCitesThePlanAndTheRequestLetterAndNamesTheUnits) {
  const Notice notice = compose(clean_records()).notice;
  const auto ps = paragraphs(notice.body);
  ASSERT_FALSE(ps.empty());
  const std::string &opening = ps.front()->text;
  EXPECT_EQ(ps.front()->style, ParagraphStyle::body);
  EXPECT_TRUE(opening.starts_with("Thực hiện Kế hoạch số 2532/KH-SCT ngày 31/12/2020 của Sở Công "
                                  "Thương"))
      << opening;
  EXPECT_NE(opening.find("Công văn số 1820/SCT-VP ngày 27/08/2021"), std::string::npos) << opening;
  for (const PlanUnit &unit : sample_plan().units)
    EXPECT_NE(opening.find(unit.name), std::string::npos) << unit.name;
  EXPECT_TRUE(opening.ends_with("như sau:")) << opening;
}

TEST(NoticeComposerTest, PartOneHasAHeadingPerCriterionInPlanOrder) {
  const Notice notice = compose(clean_records()).notice;
  const auto ps = paragraphs(notice.body);
  const long part_one = find_paragraph(notice, "I. KẾT QUẢ KIỂM TRA");
  const long part_two = find_paragraph(notice, "II. NHẬN XÉT, ĐÁNH GIÁ");
  ASSERT_GE(part_one, 0);
  ASSERT_GT(part_two, part_one);
  std::vector<std::pair<ParagraphStyle, std::string>> headings;
  for (long i = part_one + 1; i < part_two; ++i)
    if (ps[i]->style == ParagraphStyle::heading2 || ps[i]->style == ParagraphStyle::heading3 ||
        ps[i]->style == ParagraphStyle::heading4)
      headings.emplace_back(ps[i]->style, ps[i]->text);
  using S = ParagraphStyle;
  const std::vector<std::pair<ParagraphStyle, std::string>> expected = {
      {S::heading2, "1. Công tác chỉ đạo, điều hành"},
      {S::heading2, "2. Triển khai thực hiện cải cách hành chính"},
      {S::heading3, "2.1 Cải cách thể chế"},
      {S::heading3, "2.2 Cải cách thủ tục hành chính"},
      {S::heading4, "a) Công bố, công khai TTHC"},
      {S::heading4, "b) Thực hiện cơ chế một cửa, một cửa liên thông"},
      {S::heading4, "c) Rà soát, đơn giản hóa TTHC"},
      {S::heading4, "d) Tuyên truyền CCHC, kiểm soát TTHC"},
      {S::heading4, "e) Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC"},
      {S::heading3, "2.3 Cải cách tổ chức bộ máy"},
      {S::heading3, "2.4 Xây dựng, nâng cao chất lượng đội ngũ CBCCVC"},
      {S::heading3, "2.5 Cải cách tài chính công"},
      {S::heading3, "2.6 Hiện đại hóa hành chính"},
  };
  EXPECT_EQ(headings, expected);
  // A criterion without figures says which units reported on it.
  const long institutions = find_paragraph(notice, "2.1 Cải cách thể chế");
  EXPECT_EQ(ps[institutions + 1]->text,
            "Văn phòng Sở, Phòng Quản lý công nghiệp đã báo cáo nội dung này; Phòng Quản lý "
            "thương mại, Trung tâm Khuyến công và Tư vấn phát triển công nghiệp chưa báo cáo.");
}

TEST(NoticeComposerTest, TotalsAreSumsOfTheUnitsFiguresWithRatesFromTheTotals) {
  {
    const Notice notice = compose(clean_records()).notice;
    const auto ps = paragraphs(notice.body);
    const long b = find_paragraph(notice, "b) Thực hiện cơ chế một cửa");
    ASSERT_GE(b, 0);
    // 312 + 486 = 798; on time 798 of 798; online 100 + 203 = 303 of 798 = 38,0 %.
    EXPECT_EQ(
        ps[b + 1]->text,
        "Tổng số hồ sơ tiếp nhận của các đơn vị: 798 hồ sơ; giải quyết sớm và đúng hạn 798 "
        "hồ sơ (đạt 100%); không có hồ sơ trễ hạn; trực tuyến 303 hồ sơ (chiếm 38%). Phòng Quản "
        "lý thương mại, Trung tâm Khuyến công và Tư vấn phát triển công nghiệp chưa báo cáo "
        "số liệu về nội dung này.");
    EXPECT_EQ(ps[b + 2]->style, ParagraphStyle::note);
    EXPECT_EQ(ps[b + 2]->text, "(Chi tiết tại Phụ lục I)");
    const long c = find_paragraph(notice, "c) Rà soát, đơn giản hóa TTHC");
    // Rate from the totals: (4 + 6) / (20 + 34) = 18,5 %, not the mean of 20 % and 17,6 %.
    EXPECT_TRUE(ps[c + 1]->text.starts_with(
        "Tổng số TTHC được rà soát của các đơn vị: 54 TTHC; kiến nghị đơn giản hóa 10 TTHC "
        "(đạt 18,5%); giữ nguyên 44 TTHC."))
        << ps[c + 1]->text;
    // No unit gave publications: said so, no figure invented.
    const long d = find_paragraph(notice, "d) Tuyên truyền");
    EXPECT_EQ(ps[d + 1]->text, "Chưa có đơn vị nào báo cáo số liệu về nội dung này.");
  }
  {
    const Notice notice = compose(faulty_records()).notice;
    const auto ps = paragraphs(notice.body);
    const long b = find_paragraph(notice, "b) Thực hiện cơ chế một cửa");
    // 312 + 486 + 7.788 = 8.586; 310 + 484 + 7.788 = 8.582: 99,95 %, written 99,9 since 100
    // would say none was late.
    EXPECT_TRUE(ps[b + 1]->text.starts_with(
        "Tổng số hồ sơ tiếp nhận của các đơn vị: 8.586 hồ sơ; giải quyết sớm và đúng hạn 8.582 "
        "hồ sơ (đạt 99,9%); trễ hạn 02 hồ sơ; trực tuyến 5.303 hồ sơ (chiếm 61,8%)."))
        << ps[b + 1]->text;
  }
}

TEST(NoticeComposerTest, ShortcomingsAreNoneWithoutFindingsAndOneItemPerFindingOtherwise) {
  {
    const Composed clean = compose(clean_records());
    ASSERT_TRUE(clean.result.findings.findings.empty()) << to_json(clean.result.findings).dump(1);
    EXPECT_GE(find_paragraph(clean.notice, "2. Tồn tại, hạn chế: không"), 0);
    EXPECT_LT(find_paragraph(clean.notice, "- Văn phòng Sở:"), 0);
    const long strengths = find_paragraph(clean.notice, "1. Ưu điểm");
    const auto ps = paragraphs(clean.notice.body);
    EXPECT_EQ(ps[strengths + 1]->text,
              "- Văn phòng Sở, Phòng Quản lý công nghiệp đã gửi báo cáo đúng thời hạn theo Công "
              "văn số 1820/SCT-VP, đủ các nội dung theo yêu cầu của kế hoạch.");
  }
  const Composed faulty = compose(faulty_records());
  const auto &findings = faulty.result.findings.findings;
  ASSERT_FALSE(findings.empty());
  EXPECT_LT(find_paragraph(faulty.notice, "2. Tồn tại, hạn chế: không"), 0);
  const long start = find_paragraph(faulty.notice, "2. Tồn tại, hạn chế");
  const long end = find_paragraph(faulty.notice, "III. ĐỀ XUẤT, KIẾN NGHỊ");
  ASSERT_GE(start, 0);
  const auto ps = paragraphs(faulty.notice.body);
  std::vector<std::string> items, expected;
  for (long i = start + 1; i < end; ++i)
    if (ps[i]->style == ParagraphStyle::item) items.push_back(ps[i]->text);
  for (const Finding &finding : findings) {
    ASSERT_NE(finding.severity, Severity::info);
    expected.push_back("- " + sample_plan().unit(*finding.unit)->name + ": " + finding.message);
  }
  EXPECT_EQ(items, expected);
  bool sum_mismatch = false, late = false;
  for (const Finding &finding : findings) {
    sum_mismatch |= finding.code == FindingCode::sum_mismatch && finding.unit == "vp";
    late |= finding.code == FindingCode::target_not_met && finding.unit == "qlcn";
  }
  EXPECT_TRUE(sum_mismatch && late) << to_json(faulty.result.findings).dump(1);
  // Recommendations follow the kinds of findings.
  EXPECT_GE(find_paragraph(faulty.notice, "- Văn phòng Sở kiểm tra, điều chỉnh số liệu", end), 0);
  EXPECT_GE(
      find_paragraph(faulty.notice, "- Phòng Quản lý công nghiệp có giải pháp khắc phục", end), 0);
}

TEST(NoticeComposerTest, AppendixOneHasARowPerPlanUnitAndATotalRow) {
  const Notice notice = compose(faulty_records()).notice;
  ASSERT_GE(notice.appendices.size(), 1u);
  const Appendix &appendix = notice.appendices[0];
  EXPECT_EQ(appendix.label, "I");
  EXPECT_EQ(appendix.title,
            "SỐ LIỆU CẢI CÁCH HÀNH CHÍNH, KIỂM SOÁT THỦ TỤC HÀNH CHÍNH CỦA CÁC ĐƠN VỊ");
  const Table &table = only_table(appendix);
  EXPECT_EQ(table.header,
            (std::vector<std::string>{"Đơn vị", "Hồ sơ tiếp nhận", "Giải quyết sớm, đúng hạn",
                                      "Trễ hạn", "Trực tuyến", "TTHC rà soát",
                                      "Kiến nghị đơn giản hóa", "Giữ nguyên"}));
  using Row = std::vector<std::string>;
  ASSERT_EQ(table.rows.size(), sample_plan().units.size());
  EXPECT_EQ(table.rows[0], (Row{"Văn phòng Sở", "312", "310", "0", "100", "20", "4", "16"}));
  EXPECT_EQ(table.rows[1], (Row{"Phòng Quản lý thương mại (chưa gửi báo cáo)", "-", "-", "-", "-",
                                "-", "-", "-"}));
  EXPECT_EQ(table.rows[2],
            (Row{"Phòng Quản lý công nghiệp", "486", "484", "2", "203", "34", "6", "28"}));
  EXPECT_EQ(table.rows[3], (Row{"Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "7.788",
                                "7.788", "0", "5.000", "40", "5", "35"}));
  ASSERT_TRUE(table.total);
  EXPECT_EQ(*table.total, (Row{"Tổng cộng", "8.586", "8.582", "2", "5.303", "94", "15", "79"}));
  EXPECT_EQ(table.widths.size(), table.header.size());
}

TEST(NoticeComposerTest, AppendixTwoListsTheFindingsOnlyWhenThereAreSome) {
  const Notice clean = compose(clean_records()).notice;
  ASSERT_EQ(clean.appendices.size(), 1u);
  EXPECT_EQ(clean.appendices[0].label, "I");

  const Composed faulty = compose(faulty_records());
  ASSERT_EQ(faulty.notice.appendices.size(), 2u);
  const Appendix &appendix = faulty.notice.appendices[1];
  EXPECT_EQ(appendix.label, "II");
  EXPECT_EQ(appendix.title, "TỒN TẠI, HẠN CHẾ QUA KIỂM TRA");
  const Table &table = only_table(appendix);
  EXPECT_EQ(table.header,
            (std::vector<std::string>{"STT", "Đơn vị", "Tiêu chí", "Nội dung", "Căn cứ"}));
  const auto &findings = faulty.result.findings.findings;
  ASSERT_EQ(table.rows.size(), findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    EXPECT_EQ(table.rows[i][0], std::to_string(i + 1));
    EXPECT_EQ(table.rows[i][1], sample_plan().unit(*findings[i].unit)->name);
    EXPECT_EQ(table.rows[i][3], findings[i].message);
  }
  const auto sum_row = std::find_if(table.rows.begin(), table.rows.end(),
                                    [](const auto &row) { return row[1] == "Văn phòng Sở"; });
  ASSERT_NE(sum_row, table.rows.end());
  EXPECT_EQ((*sum_row)[2], "2.2.b Thực hiện cơ chế một cửa, một cửa liên thông");
  EXPECT_EQ((*sum_row)[4], "Báo cáo số 08/BC-VP ngày 06/09/2021\ntrang 1: “tiếp nhận hồ sơ”\n"
                           "trang 1: “đúng hạn hồ sơ”\ntrang 1: “trễ hạn hồ sơ”");
  EXPECT_GE(find_paragraph(faulty.notice, "Chi tiết tại Phụ lục II."), 0);
}

// --- doubts apart from facts, aggregates apart from sums (issue 20, point 5)
// ----------------------

std::vector<std::string> body_texts(const Notice &notice) {
  std::vector<std::string> out;
  for (const Paragraph *p : paragraphs(notice.body))
    out.push_back(p->text);
  return out;
}

TEST(NoticeComposerTest, FindingsThatNeedReviewAreApartAndNotStatedAsShortcomings) {
  std::vector<Record> records = clean_records();
  // Văn phòng's "2.1 Cải cách thể chế" not found, from a heading tree the parser was unsure of.
  auto &parts = records[0].sections[1].children;
  parts.erase(parts.begin());
  records[0].headings_sure = false;
  const Composed composed = compose(records);
  ASSERT_EQ(composed.result.findings.count(Severity::needs_review), 1)
      << to_json(composed.result.findings).dump(1);
  ASSERT_EQ(composed.result.findings.count(Severity::error), 0);
  const Notice &notice = composed.notice;
  const std::vector<std::string> texts = body_texts(notice);
  // No shortcoming is stated; the doubt is in its own part, said as a doubt.
  EXPECT_GE(find_paragraph(notice, "2. Tồn tại, hạn chế: không"), 0) << dump(notice);
  const long part = find_paragraph(notice, "3. Nội dung cần xem xét lại");
  ASSERT_GE(part, 0) << dump(notice);
  EXPECT_EQ(texts[static_cast<size_t>(part) + 1],
            "Các nội dung sau chưa đủ căn cứ để kết luận là tồn tại, hạn chế của đơn vị; cần đối "
            "chiếu với bản gốc báo cáo trước khi kết luận:");
  EXPECT_TRUE(texts[static_cast<size_t>(part) + 2].starts_with(
      "- Văn phòng Sở: Chưa xác định được báo cáo có nội dung mục 2.1"))
      << texts[static_cast<size_t>(part) + 2];
  // Part I does not say Văn phòng did not report on 2.1.
  const long heading = find_paragraph(notice, "2.1 Cải cách thể chế");
  ASSERT_GE(heading, 0);
  EXPECT_EQ(texts[static_cast<size_t>(heading) + 1],
            "Phòng Quản lý công nghiệp đã báo cáo nội dung này; Phòng Quản lý thương mại, Trung "
            "tâm Khuyến công và Tư vấn phát triển công nghiệp chưa báo cáo; chưa xác định được nội "
            "dung này trong báo cáo của Văn phòng Sở (cần xem xét lại).");
  // Nobody is asked to supply what is missing; Văn phòng is asked to help confirm.
  EXPECT_LT(find_paragraph(notice, "- Văn phòng Sở bổ sung"), 0);
  EXPECT_GE(find_paragraph(notice, "- Văn phòng Sở phối hợp đối chiếu, xác nhận"), 0)
      << dump(notice);
  // Appendices: figures, then the doubts (no findings appendix: there is no shortcoming).
  ASSERT_EQ(notice.appendices.size(), 2u);
  EXPECT_EQ(notice.appendices[1].label, "II");
  EXPECT_EQ(notice.appendices[1].title, "NỘI DUNG CẦN XEM XÉT LẠI");
  const Table &table = only_table(notice.appendices[1]);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][1], "Văn phòng Sở");
  EXPECT_EQ(table.rows[0][2], "2.1 Cải cách thể chế");
}

TEST(NoticeComposerTest, AnAggregateIsShownApartAndNeverAddedToTheTotals) {
  InspectionPlan plan = sample_plan();
  plan.units[0].aggregate = true; // Văn phòng Sở reports the totals of the whole Sở
  // The aggregate repeats the two units' figures: summed, everything would count twice.
  std::vector<Record> records = {vp({486 + 7788, 484 + 7788, 2, 5203, 74, 11, 63}),
                                 qlcn({486, 484, 2, 203, 34, 6, 28}),
                                 kc({7788, 7788, 0, 5000, 40, 5, 35})};
  const Composed composed = compose(records, plan);
  const Appendix &appendix = composed.notice.appendices.at(0);
  std::vector<const Table *> tables;
  for (const BodyItem &item : appendix.body)
    if (const auto *table = std::get_if<Table>(&item)) tables.push_back(table);
  ASSERT_EQ(tables.size(), 2u) << dump(composed.notice);
  using Row = std::vector<std::string>;
  ASSERT_EQ(tables[0]->rows.size(), 3u);
  EXPECT_EQ(tables[0]->rows[0][0], "Phòng Quản lý thương mại (chưa gửi báo cáo)");
  ASSERT_TRUE(tables[0]->total);
  EXPECT_EQ(*tables[0]->total,
            (Row{"Tổng cộng", "8.274", "8.272", "2", "5.203", "74", "11", "63"}));
  ASSERT_EQ(tables[1]->rows.size(), 1u);
  EXPECT_EQ(tables[1]->rows[0],
            (Row{"Văn phòng Sở", "8.274", "8.272", "2", "5.203", "74", "11", "63"}));
  EXPECT_FALSE(tables[1]->total);
  // The body's totals are the units' too.
  EXPECT_GE(find_paragraph(composed.notice, "Tổng số hồ sơ tiếp nhận của các đơn vị: 8.274 hồ sơ"),
            0)
      << dump(composed.notice);
  // The aggregate agrees with the sum: nothing to review.
  for (const Finding &finding : composed.result.findings.findings)
    EXPECT_NE(finding.code, FindingCode::aggregate_mismatch) << finding.message;
}

TEST(NoticeComposerTest, ComposedNoticeMatchesTheSchemaAndWritesAsDocxAndOdt) {
  test::TempDir dir;
  std::vector<std::string> files;
  for (const auto &records : {clean_records(), faulty_records()}) {
    const Notice notice = compose(records).notice;
    const auto json = to_json(notice);
    // What the user edits reads back to the same notice.
    EXPECT_EQ(to_json(notice_from_json(json)), json);
    const std::string file = (dir / ("notice-" + std::to_string(files.size()) + ".json")).string();
    test::write_file(file, json.dump(1));
    files.push_back(file);
    for (const NoticeFormat &format : notice_formats()) {
      const std::string bytes = format.write(notice);
      EXPECT_TRUE(bytes.starts_with("PK")) << format.name;
    }
  }
  std::vector<std::string> argv = {
      "/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
      (test::source_dir() / "schemas" / "notice.schema.json").string()};
  argv.insert(argv.end(), files.begin(), files.end());
  const test::CommandResult result = test::run_command(argv);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(NoticeComposerTest, CompositionIsDeterministic) {
  for (const auto &records : {clean_records(), faulty_records()}) {
    const Composed first = compose(records);
    const Composed second = compose(records);
    EXPECT_EQ(dump(first.notice), dump(second.notice));
    // The same inputs compose the same Notice however often it is done.
    EXPECT_EQ(dump(compose_notice(sample_plan(), first.records, first.result)), dump(first.notice));
  }
}

} // namespace
} // namespace vnotice
