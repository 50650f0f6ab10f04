// The plan checker on hand-built Records: every check finds its defect and stays silent on the
// clean counterpart; unit and section matching survive the ways real reports differ from the plan.
#include "pipeline/checker.h"
#include "pipeline/error.h"
#include "test_support.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

namespace vnotice {
namespace {

const InspectionPlan &sample_plan() {
  static const InspectionPlan plan =
      load_plan((test::source_dir() / "samples" / "plan-2021.json").string());
  return plan;
}

Evidence cited(const std::string &text, double confidence = 1.0) {
  return Evidence{1, text, Box{100, 200, 300, 214}, confidence};
}

Section section(std::string label, std::optional<std::string> title, int level, std::string text,
                std::vector<Section> children = {}) {
  Section out;
  out.label = std::move(label);
  out.title = std::move(title);
  out.level = level;
  out.text = std::move(text);
  out.children = std::move(children);
  out.evidence = cited(out.title.value_or(out.text));
  return out;
}

Metric metric(std::string key, double value, std::string section_path, std::string text) {
  return Metric{std::move(key), value, "", std::move(section_path), cited(text)};
}

// A clean report of Phòng Quản lý công nghiệp, as the parser would give it: every criterion,
// consistent figures, targets met, dates in the period.
Record clean_report(const std::string &file = "report-2021-qlcn.pdf") {
  Record record;
  record.source = {file, std::string(64, 'a'), 2, "text_layer", 1.0};
  record.doc_type = "BÁO CÁO";
  record.type_code = "BC";
  record.number = "08";
  record.symbol = "BC-QLCN";
  record.number_symbol = "08/BC-QLCN";
  record.parent_issuer = "SỞ CÔNG THƯƠNG ĐỒNG THÁP";
  record.issuer = "PHÒNG QUẢN LÝ CÔNG NGHIỆP";
  record.place = "Đồng Tháp";
  record.date = "2021-09-06";
  record.subject = "Kết quả thực hiện cải cách hành chính, kiểm soát thủ tục hành chính năm 2021 "
                   "(từ 01/01/2021 đến 31/8/2021)";
  record.signer.authority = "KT. TRƯỞNG PHÒNG";
  record.signer.title = "PHÓ TRƯỞNG PHÒNG";
  record.signer.name = "Nguyễn Quốc Bảo";
  record.signer.evidence = cited("Nguyễn Quốc Bảo");
  record.evidence["date"] = cited("Đồng Tháp, ngày 06 tháng 9 năm 2021");
  record.evidence["issuer"] = cited("PHÒNG QUẢN LÝ CÔNG NGHIỆP");
  record.evidence["subject"] = cited(*record.subject);
  Reference reference;
  reference.doc_type = "Quyết định";
  reference.type_code = "QĐ";
  reference.number = "20/2019";
  reference.symbol = "QĐ-UBND";
  reference.number_symbol = "20/2019/QĐ-UBND";
  reference.date = "2019-08-29";
  reference.issuer = "UBND Tỉnh";
  reference.evidence = cited("Quyết định số 20/2019/QĐ-UBND ngày 29/8/2019");
  record.references.push_back(reference);

  record.sections = {
      section("1", "Công tác chỉ đạo, điều hành và tổ chức thực hiện", 1,
              "Phòng quán triệt kế hoạch CCHC năm 2021 đến công chức."),
      section(
          "2", "Kết quả thực hiện", 1, "",
          {section("2.1", "Cải cách thể chế", 2, "Đang chủ trì rà soát 02 văn bản QPPL."),
           section("2.2", "Cải cách TTHC", 2, "",
                   {section("a", "Công bố, công khai TTHC", 3, "Công khai 34 TTHC."),
                    section("b", "Thực hiện cơ chế một cửa, một cửa liên thông", 3,
                            "Phòng tiếp nhận 486 hồ sơ (trực tuyến 203, chiếm 41,8%); giải quyết "
                            "sớm, đúng hạn 484 hồ sơ (99,6%); trễ hạn 02 hồ sơ do giãn cách."),
                    section("c", "Rà soát, đơn giản hóa TTHC", 3,
                            "Rà soát 34/34 TTHC; kiến nghị đơn giản hóa 06 TTHC (17,6%), giữ "
                            "nguyên 28 TTHC."),
                    section("d", "Tuyên truyền CCHC, kiểm soát TTHC", 3,
                            "Đăng 05 tin, bài trên Trang thông tin điện tử."),
                    section("e", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", 3,
                            "Không phát sinh.")}),
           section("2.3", "Cải cách tổ chức bộ máy", 2, "Phòng có 07 công chức."),
           section("2.4", "Xây dựng, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", 2,
                   "Cử 04 lượt công chức tham gia bồi dưỡng."),
           section("2.5", "Cải cách tài chính công", 2, "Tiết kiệm chi theo quy chế."),
           section("2.6", "Hiện đại hóa hành chính", 2,
                   "100% hồ sơ xử lý trên phần mềm một cửa điện tử.")}),
      section("3", "Tồn tại, hạn chế", 1, "Còn 02 hồ sơ lĩnh vực điện lực trễ hạn."),
      section("4", "Đề xuất, kiến nghị", 1, "Đề nghị Sở cho phép thẩm định trực tuyến."),
  };
  record.metrics = {
      metric("records_received", 486, "2.2.b", "tiếp nhận 486 hồ sơ"),
      metric("records_online", 203, "2.2.b", "trực tuyến 203"),
      metric("online_rate_pct", 41.8, "2.2.b", "chiếm 41,8%"),
      metric("records_on_time", 484, "2.2.b", "đúng hạn 484 hồ sơ"),
      metric("on_time_rate_pct", 99.6, "2.2.b", "(99,6%)"),
      metric("records_late", 2, "2.2.b", "trễ hạn 02 hồ sơ"),
      metric("procedures_reviewed", 34, "2.2.c", "Rà soát 34/34 TTHC"),
      metric("procedures_simplified", 6, "2.2.c", "đơn giản hóa 06 TTHC"),
      metric("simplification_rate_pct", 17.6, "2.2.c", "(17,6%)"),
      metric("procedures_kept", 28, "2.2.c", "giữ nguyên 28 TTHC"),
      metric("publications", 5, "2.2.d", "Đăng 05 tin, bài"),
  };
  return record;
}

// A plan whose records_late target does not apply to QLCN (it had two late records in 2021, a
// true finding that would otherwise be in every test).
InspectionPlan plan_without_late_target() {
  InspectionPlan plan = sample_plan();
  for (PlanTarget &target : plan.targets)
    if (target.metric == "records_late") target.units = {"vp"};
  return plan;
}

Metric &metric_of(Record &record, const std::string &key) {
  for (Metric &m : record.metrics)
    if (m.key == key) return m;
  throw std::runtime_error("no metric " + key);
}

Section &section_at(Record &record, std::initializer_list<size_t> indexes) {
  std::vector<Section> *level = &record.sections;
  Section *found = nullptr;
  for (size_t index : indexes) {
    found = &(*level)[index];
    level = &found->children;
  }
  return *found;
}

std::multiset<std::string> codes(const CheckResult &result) {
  std::multiset<std::string> out;
  for (const Finding &finding : result.findings.findings)
    out.insert(std::string(finding_code_name(finding.code)));
  return out;
}

std::string dump(const CheckResult &result) { return to_json(result.findings).dump(2); }

CheckResult check(const Record &record, const InspectionPlan &plan = plan_without_late_target()) {
  return check_records(plan, {record});
}

TEST(CheckerTest, CleanReportHasNoFinding) {
  const CheckResult result = check(clean_report());
  EXPECT_TRUE(result.findings.findings.empty()) << dump(result);
  ASSERT_EQ(result.assignments.size(), 1u);
  EXPECT_EQ(result.assignments[0].report.unit, "qlcn");
  EXPECT_EQ(result.assignments[0].report.field, "issuer");
  EXPECT_EQ(result.assignments[0].report.kind, "exact");
  // Every criterion found its section, "2" despite its different title, "2.2" by "Cải cách TTHC".
  std::vector<std::string> matched;
  for (const CriterionMatch &match : result.assignments[0].criteria)
    matched.push_back(match.criterion);
  EXPECT_EQ(matched.size(), sample_plan().flat_criteria().size()) << dump(result);
  EXPECT_EQ(result.assignments[0].criteria[3].criterion, "2.2");
  EXPECT_EQ(result.assignments[0].criteria[3].how, "label+title");
}

TEST(CheckerTest, TheRealLateTargetIsReportedWithThePlanAsItIs) {
  const CheckResult result = check(clean_report(), sample_plan());
  EXPECT_EQ(codes(result), std::multiset<std::string>{"target_not_met"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.message, "Số hồ sơ trễ hạn là 02, chưa đạt chỉ tiêu của kế hoạch (bằng 0).");
  EXPECT_EQ(finding.criterion, "2.2.b");
  EXPECT_EQ(finding.severity, Severity::warning);
  ASSERT_EQ(finding.evidence.size(), 1u);
  EXPECT_EQ(finding.evidence[0].text, "trễ hạn 02 hồ sơ");
}

TEST(CheckerTest, MissingCriterion) {
  Record record = clean_report();
  auto &items = section_at(record, {1, 1}).children;
  items.erase(items.begin() + 2); // c) rà soát
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"missing_criterion"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.criterion, "2.2.c");
  EXPECT_EQ(finding.message, "Báo cáo không có nội dung điểm c mục 2.2 (Rà soát, đơn giản hóa "
                             "TTHC) theo yêu cầu của kế hoạch.");
  EXPECT_EQ(finding.severity, Severity::error);
  EXPECT_TRUE(finding.evidence.empty());

  // Not required: no finding.
  InspectionPlan plan = plan_without_late_target();
  plan.criteria[1].children[1].children[2].required = false;
  EXPECT_TRUE(check(record, plan).findings.findings.empty());
}

TEST(CheckerTest, SectionsMatchWithoutNumbersOrWithOtherNumbering) {
  // "2.2. Cải cách thủ tục hành chính", a Roman part around everything, and an unnumbered 2.5.
  Record record = clean_report();
  section_at(record, {1, 1}).label = "2.2.";
  section_at(record, {1, 1}).title = "Về cải cách thủ tục hành chính";
  section_at(record, {1, 4}).label = "";
  section_at(record, {1, 4}).title = "Về công tác cải cách tài chính công";
  Section part = section("I", "KẾT QUẢ THỰC HIỆN", 1, "", record.sections);
  record.sections = {part};
  CheckResult result = check(record);
  std::string matches;
  for (const CriterionMatch &match : result.assignments[0].criteria)
    matches += match.criterion + " <- " + match.section + " " + match.how + "\n";
  EXPECT_TRUE(result.findings.findings.empty()) << dump(result) << matches;

  // A report that numbers 2.2 as 2.1 and has no 2.1: the title decides, 2.1 is missing.
  record = clean_report();
  auto &parts = section_at(record, {1}).children;
  parts.erase(parts.begin());
  parts[0].label = "2.1";
  result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"missing_criterion"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).criterion, "2.1");

  // A report that skips the heading of part 2 but has its subsections is complete.
  record = clean_report();
  Section two = record.sections[1];
  record.sections.erase(record.sections.begin() + 1);
  record.sections.insert(record.sections.begin() + 1, two.children.begin(), two.children.end());
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));
}

TEST(CheckerTest, SumMismatch) {
  Record record = clean_report();
  metric_of(record, "records_late").value = 3;
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"sum_mismatch"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.message, "Tổng số hồ sơ tiếp nhận (486) khác tổng số hồ sơ đúng hạn và trễ "
                             "hạn (484 + 03 = 487).");
  EXPECT_EQ(finding.criterion, "2.2.b");
  EXPECT_EQ(finding.evidence.size(), 3u);

  // More procedures simplified and kept than reviewed.
  record = clean_report();
  metric_of(record, "procedures_kept").value = 30;
  const CheckResult procedures = check(record);
  EXPECT_EQ(codes(procedures), std::multiset<std::string>{"sum_mismatch"}) << dump(procedures);
  EXPECT_EQ(procedures.findings.findings.at(0).message,
            "Số TTHC kiến nghị đơn giản hóa và giữ nguyên (06 + 30 = 36) vượt số TTHC được rà soát "
            "(34).");
  // Fewer (some proposed for abolition) is no contradiction.
  metric_of(record, "procedures_kept").value = 20;
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));
}

TEST(CheckerTest, PercentMismatch) {
  // 5 simplified of 40 reviewed is 12.5 %, not 15 %.
  Record record = clean_report();
  metric_of(record, "procedures_reviewed").value = 40;
  metric_of(record, "procedures_simplified").value = 5;
  metric_of(record, "procedures_kept").value = 35;
  metric_of(record, "simplification_rate_pct").value = 15;
  CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"percent_mismatch"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).message,
            "Tỷ lệ TTHC kiến nghị đơn giản hóa ghi 15% không khớp số liệu: 05/40 = 12,5% (chênh "
            "lệch quá 1 điểm phần trăm cho phép).");
  EXPECT_EQ(result.findings.findings.at(0).criterion, "2.2.c");

  // The reference notice: 19 simplified, 107 kept, no total: 19 / 126 = 15.08 %, so 15 % is right.
  record = clean_report();
  record.metrics.erase(
      std::remove_if(record.metrics.begin(), record.metrics.end(),
                     [](const Metric &m) { return m.key == "procedures_reviewed"; }),
      record.metrics.end());
  metric_of(record, "procedures_simplified").value = 19;
  metric_of(record, "procedures_kept").value = 107;
  metric_of(record, "simplification_rate_pct").value = 15;
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));

  // The tolerance is the plan's: 99.6 stated for 484/486 = 99.59 passes; 98 fails at 1 point
  // and passes at 2.
  record = clean_report();
  metric_of(record, "on_time_rate_pct").value = 98;
  result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"percent_mismatch"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).message,
            "Tỷ lệ hồ sơ giải quyết đúng hạn ghi 98% không khớp số liệu: 484/486 = 99,6% (chênh "
            "lệch quá 1 điểm phần trăm cho phép).");
  InspectionPlan loose = plan_without_late_target();
  loose.tolerances.percent_points = 2;
  EXPECT_TRUE(check(record, loose).findings.findings.empty());
}

TEST(CheckerTest, ClaimContradiction) {
  Record record = clean_report();
  section_at(record, {1, 1, 1}).text =
      "Phòng tiếp nhận 486 hồ sơ; giải quyết sớm, đúng hạn 484 hồ sơ, không có hồ sơ trễ hẹn.";
  CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"claim_contradiction"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.message, "Báo cáo nêu \"giải quyết sớm, đúng hạn 484 hồ sơ, không có hồ sơ "
                             "trễ hẹn\" nhưng số liệu có 02 hồ sơ trễ hạn.");
  EXPECT_EQ(finding.criterion, "2.2.b");
  ASSERT_EQ(finding.evidence.size(), 2u);
  EXPECT_EQ(finding.evidence[1].text, "trễ hạn 02 hồ sơ");

  // "100% ... đúng hạn", in either order.
  section_at(record, {1, 1, 1}).text = "Tiếp nhận 486 hồ sơ; 100% hồ sơ được giải quyết đúng hạn.";
  EXPECT_EQ(codes(check(record)), std::multiset<std::string>{"claim_contradiction"});
  section_at(record, {1, 1, 1}).text = "Giải quyết sớm và đúng hạn 486 hồ sơ (100%).";
  EXPECT_EQ(codes(check(record)), std::multiset<std::string>{"claim_contradiction"});
  const auto claim_severity = [](const CheckResult &result) {
    for (const Finding &finding : result.findings.findings)
      if (finding.code == FindingCode::claim_contradiction) return finding.severity;
    return Severity::info;
  };
  EXPECT_EQ(claim_severity(check(record)), Severity::error);
  {
    // 2 late of 9.033: "100%" may be the rate rounded (99,98%): a person decides.
    Record rounded = record;
    metric_of(rounded, "records_received").value = 9033;
    metric_of(rounded, "records_on_time").value = 9031;
    metric_of(rounded, "on_time_rate_pct").value = 99.98;
    metric_of(rounded, "online_rate_pct").value = 2.2;
    const CheckResult result = check(rounded);
    EXPECT_EQ(claim_severity(result), Severity::needs_review) << dump(result);
  }

  // The same words with no late record: true, no finding. "100%" about something else: none.
  metric_of(record, "records_late").value = 0;
  metric_of(record, "records_on_time").value = 486;
  metric_of(record, "on_time_rate_pct").value = 100;
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));
  record = clean_report();
  section_at(record, {1, 1, 1}).text =
      "100% hồ sơ được tiếp nhận trên phần mềm một cửa; trễ hạn 02 hồ sơ.";
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));
}

TEST(CheckerTest, TargetNotMet) {
  // 3 simplified of 40: 7.5 %, derived from the counts since no rate is stated.
  Record record = clean_report();
  record.metrics.erase(
      std::remove_if(record.metrics.begin(), record.metrics.end(),
                     [](const Metric &m) { return m.key == "simplification_rate_pct"; }),
      record.metrics.end());
  metric_of(record, "procedures_reviewed").value = 40;
  metric_of(record, "procedures_simplified").value = 3;
  metric_of(record, "procedures_kept").value = 37;
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"target_not_met"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.message, "Tỷ lệ TTHC kiến nghị đơn giản hóa là 7,5% (tính từ số liệu báo "
                             "cáo), chưa đạt chỉ tiêu của kế hoạch (không thấp hơn 10%).");
  EXPECT_EQ(finding.criterion, "2.2.c");
  EXPECT_EQ(finding.evidence.size(), 2u);

  // A target for another unit does not apply.
  InspectionPlan plan = plan_without_late_target();
  plan.targets[0].units = {"vp"};
  EXPECT_TRUE(check(record, plan).findings.findings.empty());
  // The on-time rate target, derived from counts.
  record = clean_report();
  metric_of(record, "records_on_time").value = 450;
  metric_of(record, "records_late").value = 36;
  metric_of(record, "on_time_rate_pct").value = 92.6;
  EXPECT_EQ(codes(check(record)), std::multiset<std::string>{"target_not_met"})
      << dump(check(record));
}

TEST(CheckerTest, ReferenceYearMismatch) {
  // As in the reference notice: "Quyết định số 25/2018 ngày 08/10/2021".
  Record record = clean_report();
  Reference reference;
  reference.doc_type = "Quyết định";
  reference.number = "25/2018";
  reference.date = "2021-10-08";
  reference.evidence = cited("Quyết định số 25/2018 ngày 08/10/2021");
  record.references.push_back(reference);
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"reference_year_mismatch"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).message,
            "Văn bản dẫn chiếu \"Quyết định số 25/2018 ngày 08/10/2021\" có năm trong số hiệu "
            "(2018) khác năm ban hành (2021); cần kiểm tra lại số hiệu hoặc ngày ban hành.");
  EXPECT_FALSE(result.findings.findings.at(0).criterion);

  // The year in number_symbol only; and a plain number with no year is no finding.
  record = clean_report();
  record.references[0].number = "20";
  record.references[0].date = "2020-08-29";
  EXPECT_EQ(codes(check(record)), std::multiset<std::string>{"reference_year_mismatch"});
  record.references[0].number_symbol = "20/QĐ-UBND";
  EXPECT_TRUE(check(record).findings.findings.empty()) << dump(check(record));
}

TEST(CheckerTest, DateOutOfPeriod) {
  Record record = clean_report();
  record.date = "2021-11-15"; // after 31/8 + 30 days of grace
  CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"date_out_of_period"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).message,
            "Ngày ban hành (15/11/2021) sau thời hạn nhận báo cáo của kỳ kiểm tra (từ 01/01/2021 "
            "đến 31/08/2021, gia hạn 30 ngày).");
  EXPECT_EQ(result.findings.findings.at(0).evidence.size(), 1u);

  record.date = "2020-12-01";
  EXPECT_EQ(codes(check(record)), std::multiset<std::string>{"date_out_of_period"});

  // The period stated in the subject reaches past the plan's.
  record = clean_report();
  record.subject = "Kết quả thực hiện CCHC năm 2021 (từ ngày 01/01/2021 đến ngày 30/9/2021)";
  result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"date_out_of_period"}) << dump(result);
  EXPECT_EQ(result.findings.findings.at(0).message,
            "Kỳ báo cáo nêu trong trích yếu (từ 01/01/2021 đến 30/09/2021) vượt ra ngoài kỳ kiểm "
            "tra (từ 01/01/2021 đến 31/08/2021).");

  // The last day of grace is in time.
  record = clean_report();
  record.date = "2021-09-30";
  EXPECT_TRUE(check(record).findings.findings.empty());
}

TEST(CheckerTest, MissingField) {
  Record record = clean_report();
  record.number.reset();
  record.number_symbol.reset();
  record.date.reset();
  record.signer.name.reset();
  record.issuer.reset(); // still assigned: the symbol ends in QLCN
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>({"missing_field", "missing_field",
                                                       "missing_field", "missing_field"}))
      << dump(result);
  std::vector<std::string> messages;
  for (const Finding &finding : result.findings.findings)
    messages.push_back(finding.message);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "Văn bản không ghi họ tên người ký.",
                          "Văn bản không ghi ngày ban hành.",
                          "Văn bản không ghi số, ký hiệu.",
                          "Văn bản không ghi tên cơ quan, đơn vị ban hành.",
                      }));
  EXPECT_EQ(result.assignments[0].report.unit, "qlcn");
  EXPECT_EQ(result.assignments[0].report.field, "symbol");
}

TEST(CheckerTest, UnknownUnit) {
  Record record = clean_report("report-kt.pdf");
  record.parent_issuer = "UBND HUYỆN CAO LÃNH";
  record.issuer = "PHÒNG KINH TẾ";
  record.symbol = "BC-KT";
  record.number_symbol = "08/BC-KT";
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"unknown_unit"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_FALSE(finding.unit);
  EXPECT_EQ(finding.message, "Không xác định được đơn vị báo cáo: \"PHÒNG KINH TẾ\" không khớp "
                             "tên, tên viết tắt hay tên gọi khác của đơn vị nào trong kế hoạch.");
  EXPECT_FALSE(result.assignments[0].report.unit);
  for (const UnitFigures &row : result.table)
    EXPECT_FALSE(row.source);
}

TEST(CheckerTest, UnitsMatchDespiteCaseAccentsSlipsAndOtherNames) {
  const InspectionPlan &plan = sample_plan();
  const auto unit_of = [&plan](const std::function<void(Record &)> &edit) {
    Record record = clean_report();
    edit(record);
    const ReportAssignment report = match_unit(plan, record);
    return report.unit.value_or("") + " " + report.field + " " + report.via + " " + report.kind;
  };
  EXPECT_EQ(unit_of([](Record &) {}), "qlcn issuer name exact");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "PHONG QUAN LY CONG NGHIEP"; }),
            "qlcn issuer name exact");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "PHÒNG QUẢN LÝ CÔNG NGHIỆF"; }),
            "qlcn issuer name fuzzy");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "PHÒNG KẾ HOẠCH TÀI CHÍNH"; }),
            "qlcn symbol short_name exact");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "VĂN PHÒNG"; }), "vp issuer alias exact");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "TRUNG TÂM KHUYẾN CÔNG"; }),
            "kc issuer alias exact");
  EXPECT_EQ(unit_of([](Record &r) {
              r.issuer = "TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN PHÁT TRIỂN CÔNG NGHIỆP";
            }),
            "kc issuer name exact");
  EXPECT_EQ(unit_of([](Record &r) { r.issuer = "KC&TVPTCN"; }), "kc issuer short_name exact");
  // No issuer, no symbol: the subject names the unit.
  EXPECT_EQ(unit_of([](Record &r) {
              r.issuer.reset();
              r.symbol.reset();
              r.number_symbol.reset();
              r.subject = "Báo cáo kết quả CCHC năm 2021 của Phòng Quản lý thương mại";
            }),
            "qltm subject name contained");
  // "VP" in a cited symbol (1820/SCT-VP) is not the author.
  EXPECT_EQ(unit_of([](Record &r) {
              r.issuer.reset();
              r.symbol.reset();
              r.number_symbol.reset();
              r.parent_issuer.reset();
              r.subject = "Báo cáo thực hiện công văn số 1820/SCT-VP";
              r.sections[0].text = "Căn cứ công văn số 1820/SCT-VP ngày 27/8/2021.";
            }),
            "   ");
}

TEST(CheckerTest, DuplicateReport) {
  const CheckResult result =
      check_records(plan_without_late_target(),
                    {clean_report("a/report-qlcn.pdf"), clean_report("b/report-qlcn.pdf")});
  EXPECT_EQ(codes(result), std::multiset<std::string>{"duplicate_report"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  EXPECT_EQ(finding.source, "b/report-qlcn.pdf");
  EXPECT_EQ(finding.unit, "qlcn");
  EXPECT_EQ(finding.message, "Phòng Quản lý công nghiệp đã có báo cáo (report-qlcn.pdf); báo "
                             "cáo này là báo cáo thứ hai của đơn vị và không được dùng để tổng "
                             "hợp.");
  EXPECT_FALSE(result.assignments[0].report.duplicate);
  EXPECT_TRUE(result.assignments[1].report.duplicate);
  EXPECT_EQ(result.table[2].source, "a/report-qlcn.pdf");
}

TEST(CheckerTest, LowConfidence) {
  Record record = clean_report();
  metric_of(record, "records_late").evidence.confidence = 0.42;
  CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"low_confidence"}) << dump(result);
  const Finding &finding = result.findings.findings.at(0);
  // A figure the notice sums may be misread: a person checks it before the notice is signed.
  EXPECT_EQ(finding.severity, Severity::needs_review);
  EXPECT_EQ(finding.criterion, "2.2.b");
  EXPECT_EQ(finding.message, "Số hồ sơ trễ hạn (02) được đọc từ bản quét với độ tin cậy thấp "
                             "(42%); cần đối chiếu với bản gốc trước khi dùng số liệu này.");

  metric_of(record, "records_late").evidence.confidence = 0.9;
  EXPECT_TRUE(check(record).findings.findings.empty());
  // The threshold is the plan's.
  InspectionPlan strict = plan_without_late_target();
  strict.tolerances.min_confidence = 0.95;
  EXPECT_EQ(codes(check(record, strict)), std::multiset<std::string>{"low_confidence"});
}

// --- precision first (issue 20, point 5) ---------------------------------------------------------

// The report without its "2.1 Cải cách thể chế" section.
Record without_institutions() {
  Record record = clean_report();
  auto &parts = section_at(record, {1}).children;
  parts.erase(parts.begin()); // 2.1
  return record;
}

std::vector<Finding> findings_of(const CheckResult &result, FindingCode code) {
  std::vector<Finding> out;
  for (const Finding &finding : result.findings.findings)
    if (finding.code == code) out.push_back(finding);
  return out;
}

const Finding &only_finding(const CheckResult &result, FindingCode code) {
  const Finding *found = nullptr;
  for (const Finding &finding : result.findings.findings)
    if (finding.code == code) {
      EXPECT_EQ(found, nullptr) << "two " << finding_code_name(code) << " findings";
      found = &finding;
    }
  if (!found) throw std::runtime_error("no " + std::string(finding_code_name(code)));
  return *found;
}

TEST(CheckerTest, AMissingCriterionIsAnErrorOnlyFromASureHeadingTree) {
  Record record = without_institutions();
  ASSERT_TRUE(record.headings_sure);
  const CheckResult sure = check(record);
  EXPECT_EQ(codes(sure), std::multiset<std::string>{"missing_criterion"}) << dump(sure);
  EXPECT_EQ(only_finding(sure, FindingCode::missing_criterion).severity, Severity::error);
  EXPECT_EQ(sure.findings.count(Severity::error), 1);

  record.headings_sure = false;
  const CheckResult unsure = check(record);
  EXPECT_EQ(codes(unsure), std::multiset<std::string>{"missing_criterion"}) << dump(unsure);
  const Finding &finding = only_finding(unsure, FindingCode::missing_criterion);
  EXPECT_EQ(finding.severity, Severity::needs_review);
  EXPECT_EQ(finding.criterion, "2.1");
  EXPECT_EQ(finding.message,
            "Chưa xác định được báo cáo có nội dung mục 2.1 (Cải cách thể chế) hay không: các đề "
            "mục của báo cáo không đọc được chắc chắn. Cần đối chiếu bản gốc xem có phần nào viết "
            "về nội dung này không.");
  EXPECT_EQ(unsure.findings.count(Severity::error), 0);
  EXPECT_EQ(unsure.findings.count(Severity::needs_review), 1);

  // A report in which no heading was found at all: the headings were more likely not read.
  Record flat = clean_report();
  flat.sections.clear();
  const CheckResult none = check(flat);
  EXPECT_EQ(none.findings.count(Severity::error), 0) << dump(none);
  EXPECT_EQ(none.findings.count(Severity::needs_review), 13) << dump(none);
}

TEST(CheckerTest, ACriterionWhoseTitleIsInTheTextNeedsReviewNotAnError) {
  // The heading run into the paragraph before it, as the parser gives a heading it missed.
  Record record = without_institutions();
  section_at(record, {1}).text =
      "2.1. Cải cách thể chế Đơn vị đang chủ trì rà soát 02 văn bản quy phạm pháp luật.";
  const CheckResult result = check(record);
  EXPECT_EQ(codes(result), std::multiset<std::string>{"missing_criterion"}) << dump(result);
  const Finding &finding = only_finding(result, FindingCode::missing_criterion);
  EXPECT_EQ(finding.severity, Severity::needs_review);
  ASSERT_EQ(finding.evidence.size(), 1u);
  EXPECT_EQ(finding.evidence[0].text, section_at(record, {1}).text);
  EXPECT_NE(finding.message.find("không có đề mục riêng"), std::string::npos) << finding.message;

  // A heading holding two (the parser joined them), matched to the other criterion; accents and
  // case do not matter.
  record = without_institutions();
  section_at(record, {1, 0}).title = "CAI CACH THE CHE, CAI CACH TTHC";
  const CheckResult joined = check(record);
  const Finding &heading = only_finding(joined, FindingCode::missing_criterion);
  EXPECT_EQ(heading.criterion, "2.1");
  EXPECT_EQ(heading.severity, Severity::needs_review);
  EXPECT_EQ(heading.evidence.at(0).text, "CAI CACH THE CHE, CAI CACH TTHC");

  // The words scattered over a long paragraph are a mention in passing, not a heading.
  record = without_institutions();
  section_at(record, {1}).text =
      "Công tác cải cách hành chính được lãnh đạo quan tâm chỉ đạo thường xuyên, gắn với nhiệm "
      "vụ chuyên môn của từng công chức trong phòng, trong đó có việc góp ý các dự thảo thể chế.";
  EXPECT_EQ(only_finding(check(record), FindingCode::missing_criterion).severity, Severity::error);
}

// Items written as bullets ("* Công bố, công khai TTHC: ...", "• Thực hiện cơ chế một cửa") are
// the plan's lettered criteria when their words agree; and a paragraph holding a missing
// criterion's common words but not the ones that tell it apart ("tài" of "tài chính công")
// leaves the criterion missing, an error from a sure tree.
TEST(CheckerTest, BulletItemsMatchCriteriaByTitleAndCommonWordsProveNothing) {
  Record record = clean_report();
  for (Section &item : section_at(record, {1, 1}).children) {
    item.text = *item.title + ": " + item.text;
    item.label = "-";
    item.title.reset();
  }
  EXPECT_TRUE(codes(check(record)).empty()) << dump(check(record));

  record = clean_report();
  auto &parts = section_at(record, {1}).children;
  parts.erase(parts.begin() + 4); // 2.5 Cải cách tài chính công
  section_at(record, {1, 4}).label = "2.5";
  section_at(record, {0}).text = "Công tác cải cách hành chính, công khai công vụ được quan tâm.";
  const CheckResult result = check(record);
  const Finding &missing = only_finding(result, FindingCode::missing_criterion);
  EXPECT_EQ(missing.criterion, "2.5") << dump(result);
  EXPECT_EQ(missing.severity, Severity::error);
}

TEST(CheckerTest, AFindingOnAWeakOrUnsureFigureNeedsReview) {
  Record record = clean_report();
  metric_of(record, "records_on_time").value = 470; // 486 != 470 + 2, and not 99,6%
  const CheckResult sure = check(record);
  EXPECT_EQ(codes(sure), (std::multiset<std::string>{"sum_mismatch", "percent_mismatch"}))
      << dump(sure);
  EXPECT_EQ(only_finding(sure, FindingCode::sum_mismatch).severity, Severity::error);

  // The late count read by weak OCR: the sum may be wrong because of it.
  metric_of(record, "records_late").evidence.confidence = 0.42;
  const CheckResult weak = check(record);
  const Finding &sum = only_finding(weak, FindingCode::sum_mismatch);
  EXPECT_EQ(sum.severity, Severity::needs_review);
  EXPECT_NE(sum.message.find("Cần xem xét lại trước khi kết luận: số hồ sơ trễ hạn (02) được đọc "
                             "từ bản quét với độ tin cậy thấp (42%)"),
            std::string::npos)
      << sum.message;
  // The rate check does not use the late count: it stays an error.
  EXPECT_EQ(only_finding(weak, FindingCode::percent_mismatch).severity, Severity::error);
  // The weak figure is named once, by the finding that relies on it.
  EXPECT_EQ(codes(weak).count("low_confidence"), 0u) << dump(weak);

  // The parser's own doubt (a warning on metrics.KEY) counts like weak OCR.
  metric_of(record, "records_late").evidence.confidence = 1.0;
  record.warnings.push_back({"metric_unsure", "metrics.records_late", "read from a table cell"});
  const CheckResult parser_unsure = check(record);
  const Finding &unsure = only_finding(parser_unsure, FindingCode::sum_mismatch);
  EXPECT_EQ(unsure.severity, Severity::needs_review);
  EXPECT_NE(unsure.message.find("được đọc chưa chắc chắn"), std::string::npos) << unsure.message;

  // A target missed by a derived rate whose count is weak.
  Record late = clean_report();
  InspectionPlan plan = plan_without_late_target();
  plan.targets.push_back({"on_time_rate_pct", Comparison::at_least, 99.9, {}});
  late.metrics.erase(std::remove_if(late.metrics.begin(), late.metrics.end(),
                                    [](const Metric &m) { return m.key == "on_time_rate_pct"; }),
                     late.metrics.end());
  EXPECT_EQ(only_finding(check(late, plan), FindingCode::target_not_met).severity,
            Severity::warning);
  metric_of(late, "records_on_time").evidence.confidence = 0.3;
  EXPECT_EQ(only_finding(check(late, plan), FindingCode::target_not_met).severity,
            Severity::needs_review);
}

TEST(CheckerTest, AFieldMissingFromAScanNeedsReview) {
  Record record = clean_report();
  record.signer.name.reset(); // a name under a red seal
  EXPECT_EQ(only_finding(check(record), FindingCode::missing_field).severity, Severity::warning);
  record.source.method = "ocr";
  const CheckResult scanned = check(record);
  const Finding &finding = only_finding(scanned, FindingCode::missing_field);
  EXPECT_EQ(finding.severity, Severity::needs_review);
  EXPECT_EQ(finding.message, "Văn bản không ghi họ tên người ký. Báo cáo được đọc từ bản quét nên "
                             "có thể nội dung này có nhưng không đọc được; cần xem bản gốc.");
  // A number left blank beside a symbol that was read is seen, scan or not.
  record = clean_report();
  record.source.method = "ocr";
  record.number.reset();
  record.number_symbol.reset();
  EXPECT_EQ(only_finding(check(record), FindingCode::missing_field).severity, Severity::warning);
}

// A key field the parser marked for review is a needs_review finding naming it and its readings,
// never an error; a record with none gives none.
TEST(CheckerTest, AKeyFieldMarkedForReviewIsListedApart) {
  Record record = clean_report();
  record.source.method = "ocr";
  EXPECT_TRUE(findings_of(check(record), FindingCode::low_confidence).empty());
  record.mark_for_review("number", ReviewReason::low_confidence, 0.41, {"1933"});
  record.mark_for_review("signer.name", ReviewReason::readings_disagree, 0.9,
                         {"Nguyễn Văn Luận", "Nguyễn Văn Luân"});
  const CheckResult scanned = check(record);
  const std::vector<Finding> unsure = findings_of(scanned, FindingCode::low_confidence);
  ASSERT_EQ(unsure.size(), 2u);
  for (const Finding &finding : unsure)
    EXPECT_EQ(finding.severity, Severity::needs_review);
  EXPECT_EQ(unsure[1].message, "Số của văn bản đọc từ bản quét chưa chắc chắn (độ tin cậy 41%): "
                               "\"1933\"; cần đối chiếu với bản gốc.");
  EXPECT_EQ(unsure[0].message,
            "Họ tên người ký trên bản quét đọc được là \"Nguyễn Văn Luân\", khác với cách viết ở "
            "chỗ khác trong văn bản; đã lấy \"Nguyễn Văn Luận\", cần đối chiếu với bản gốc.");
  for (const Finding &finding : scanned.findings.findings)
    EXPECT_NE(finding.severity, Severity::error) << finding.message;
}

TEST(RecordJsonTest, FieldsForReviewRoundTrip) {
  Record record = clean_report();
  record.mark_for_review("date", ReviewReason::low_confidence, 0.3, {"2021-09-10"});
  record.mark_for_review("date", ReviewReason::readings_disagree, 0.5,
                         {"2021-09-10", "2021-09-16"});
  EXPECT_EQ(record.needs_review.at("date").reason, ReviewReason::low_confidence)
      << "the first reason stays";
  EXPECT_EQ(record.needs_review.at("date").candidates,
            (std::vector<std::string>{"2021-09-10", "2021-09-16"}));
  const nlohmann::ordered_json json = to_json(record);
  const Record back = record_from_json(nlohmann::json::parse(json.dump()), "r.json");
  EXPECT_EQ(json["needs_review"]["date"]["reason"], "low_confidence");
  ASSERT_EQ(back.needs_review.size(), 1u);
  EXPECT_EQ(back.needs_review.at("date").reason, ReviewReason::low_confidence);
  EXPECT_EQ(back.needs_review.at("date").confidence, 0.3);
  EXPECT_EQ(back.needs_review.at("date").candidates, record.needs_review.at("date").candidates);
  nlohmann::json unknown = nlohmann::json::parse(json.dump());
  unknown["needs_review"]["date"]["reason"] = "unsure";
  EXPECT_THROW(record_from_json(unknown, "r.json"), Error) << "a reason the schema does not know";
}

// --- aggregates ----------------------------------------------------------------------------------

// Văn phòng Sở's report in the Sở's name, with the totals of the whole agency.
Record agency_report(double received) {
  Record record = clean_report("report-so.pdf");
  record.parent_issuer = "UBND TỈNH ĐỒNG THÁP";
  record.issuer = "SỞ CÔNG THƯƠNG";
  record.symbol = "BC-SCT";
  record.number_symbol = "15/BC-SCT";
  record.evidence["issuer"] = cited("SỞ CÔNG THƯƠNG");
  metric_of(record, "records_received").value = received;
  return record;
}

TEST(CheckerTest, TheAggregateIsMarkedInThePlanOrRecognisedFromThePlansIssuer) {
  // No aggregate unit in the plan: the Sở's report is no unit's, and not an unknown unit.
  const CheckResult plain =
      check_records(plan_without_late_target(), {clean_report(), agency_report(486)});
  ASSERT_EQ(plain.assignments.size(), 2u);
  EXPECT_FALSE(plain.assignments[0].report.aggregate);
  EXPECT_TRUE(plain.assignments[1].report.aggregate);
  EXPECT_EQ(plain.assignments[1].report.unit, std::nullopt);
  EXPECT_EQ(codes(plain).count("unknown_unit"), 0u) << dump(plain);
  for (const UnitFigures &row : plain.table)
    EXPECT_FALSE(row.aggregate) << row.unit;

  // The plan's one aggregate unit writes it.
  InspectionPlan plan = plan_without_late_target();
  plan.units[0].aggregate = true; // vp
  const CheckResult marked = check_records(plan, {clean_report(), agency_report(486)});
  EXPECT_EQ(marked.assignments[1].report.unit, "vp");
  EXPECT_EQ(marked.assignments[1].report.via, "plan_issuer");
  EXPECT_TRUE(marked.assignments[1].report.aggregate);
  EXPECT_TRUE(marked.table[0].aggregate);
  EXPECT_FALSE(marked.table[2].aggregate);
  // The same in the findings document (schema: reports[].aggregate).
  EXPECT_EQ(to_json(marked.findings)["reports"][1]["aggregate"], true);

  // "SỞ CÔNG THƯƠNG ĐỒNG THÁP" is the Sở too; a unit under it (its parent issuer) is not.
  Record placed = agency_report(486);
  placed.issuer = "SỞ CÔNG THƯƠNG ĐỒNG THÁP";
  EXPECT_TRUE(check_records(plan, {placed}).assignments[0].report.aggregate);
  EXPECT_FALSE(check_records(plan, {clean_report()}).assignments[0].report.aggregate);
  // A fuzzy look-alike is not taken for the Sở.
  Record other = agency_report(486);
  other.issuer = "SỞ CÔNG THƯƠNG NGHIỆP";
  other.symbol = "BC-XYZ";
  other.number_symbol = "15/BC-XYZ";
  EXPECT_FALSE(check_records(plan, {other}).assignments[0].report.aggregate);
}

TEST(CheckerTest, AnAggregateDifferentFromTheSumOfTheUnitsNeedsReview) {
  InspectionPlan plan = plan_without_late_target();
  plan.units[0].aggregate = true;
  // One reporting unit: the aggregate should repeat its 486 records.
  const CheckResult same = check_records(plan, {clean_report(), agency_report(486)});
  EXPECT_EQ(codes(same).count("aggregate_mismatch"), 0u) << dump(same);
  const CheckResult differs = check_records(plan, {clean_report(), agency_report(500)});
  const Finding &finding = only_finding(differs, FindingCode::aggregate_mismatch);
  EXPECT_EQ(finding.severity, Severity::needs_review);
  EXPECT_EQ(finding.unit, "vp");
  EXPECT_EQ(finding.criterion, "2.2.b");
  EXPECT_EQ(finding.message,
            "Số hồ sơ tiếp nhận trong báo cáo tổng hợp (500) khác tổng số liệu của 01 đơn vị đã "
            "báo cáo (486). Cần đối chiếu: báo cáo tổng hợp có thể tính cả đơn vị ngoài kế hoạch "
            "kiểm tra hoặc số liệu đến ngày khác.");
  // Its own sums and rates are checked as any report's; the difference itself is no error.
  EXPECT_EQ(differs.findings.count(Severity::needs_review), 1) << dump(differs);
}

TEST(RecordJsonTest, HeadingsSureRoundTripsAndAnOlderRecordIsNotVouchedFor) {
  Record record = clean_report();
  for (const bool sure : {true, false}) {
    record.headings_sure = sure;
    const nlohmann::ordered_json json = to_json(record);
    EXPECT_EQ(json["headings_sure"], sure);
    EXPECT_EQ(record_from_json(nlohmann::json::parse(json.dump()), "r.json").headings_sure, sure);
  }
  record.headings_sure = true;
  nlohmann::json older = nlohmann::json::parse(to_json(record).dump());
  older.erase("headings_sure");
  EXPECT_FALSE(record_from_json(older, "r.json").headings_sure);
  older["headings_sure"] = "yes";
  EXPECT_THROW(record_from_json(older, "r.json"), Error);
}

TEST(CheckerTest, FindingsAreSortedAndTheDocumentConformsToItsSchema) {
  Record unknown = clean_report("z-unknown.pdf");
  unknown.issuer = "PHÒNG KINH TẾ";
  unknown.symbol = "BC-KT";
  unknown.parent_issuer.reset();
  Record qlcn = clean_report("qlcn.pdf");
  metric_of(qlcn, "records_late").value = 3; // sum_mismatch at 2.2.b
  qlcn.date.reset();                         // missing_field, whole report
  Record vp = clean_report("vp.pdf");
  vp.issuer = "VĂN PHÒNG SỞ";
  vp.symbol = "BC-VP";
  auto &items = section_at(vp, {1, 1}).children;
  items.erase(items.begin()); // missing 2.2.a
  const CheckResult result = check_records(sample_plan(), {unknown, qlcn, vp});
  std::vector<std::string> order;
  for (const Finding &finding : result.findings.findings)
    order.push_back(finding.unit.value_or("-") + " " + finding.criterion.value_or("-") + " " +
                    std::string(finding_code_name(finding.code)));
  EXPECT_EQ(order, (std::vector<std::string>{
                       "vp 2.2.a missing_criterion",
                       "vp 2.2.b target_not_met",
                       "qlcn - missing_field",
                       "qlcn 2.2.b sum_mismatch",
                       "qlcn 2.2.b target_not_met",
                       "- - unknown_unit",
                       "- 2.2.b target_not_met",
                   }))
      << dump(result);
  // Same input, same bytes.
  EXPECT_EQ(dump(result), dump(check_records(sample_plan(), {unknown, qlcn, vp})));

  test::TempDir dir;
  const std::string out = (dir / "findings.json").string();
  test::write_file(out, dump(result));
  const auto valid = test::run_command(
      {"/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
       (test::source_dir() / "schemas" / "findings.schema.json").string(), out});
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;
  const auto json = nlohmann::json::parse(dump(result));
  EXPECT_EQ(json["summary"]["reports"], 3);
  EXPECT_EQ(json["reports"][0]["match"], nullptr);
  EXPECT_EQ(json["reports"][2]["match"]["via"], "name");
}

TEST(CheckerTest, FigureTableForTheNotice) {
  Record record = clean_report();
  record.metrics.erase(std::remove_if(record.metrics.begin(), record.metrics.end(),
                                      [](const Metric &m) { return m.key == "online_rate_pct"; }),
                       record.metrics.end());
  const CheckResult result = check(record);
  ASSERT_EQ(result.table.size(), 4u);
  EXPECT_EQ(result.table[0].unit, "vp");
  EXPECT_FALSE(result.table[0].source);
  const UnitFigures &qlcn = result.table[2];
  EXPECT_EQ(qlcn.source, "report-2021-qlcn.pdf");
  EXPECT_EQ(qlcn.figures.at("records_received").value, 486);
  EXPECT_FALSE(qlcn.figures.at("records_received").derived);
  // Derived from 203 / 486, with the evidence of both counts.
  EXPECT_NEAR(qlcn.figures.at("online_rate_pct").value, 41.77, 0.01);
  EXPECT_TRUE(qlcn.figures.at("online_rate_pct").derived);
  EXPECT_EQ(qlcn.figures.at("online_rate_pct").evidence.size(), 2u);
  EXPECT_FALSE(qlcn.figures.count("complaints_received"));
}

TEST(CheckerTest, TitleKeysAndSimilarity) {
  EXPECT_EQ(title_key("Về cải cách TTHC"), "cai cach thu tuc hanh chinh");
  EXPECT_EQ(title_key("đội ngũ CBCC-VC"), "doi ngu can bo cong chuc vien chuc");
  EXPECT_DOUBLE_EQ(title_similarity("Cải cách thủ tục hành chính", "2.2 Cải cách TTHC"), 1.0);
  EXPECT_DOUBLE_EQ(title_similarity("Cải cách thể chế", "Về cải cách thể chế"), 1.0);
  EXPECT_LT(title_similarity("Cải cách thể chế", "Cải cách tổ chức bộ máy"), 0.6);
  EXPECT_LT(title_similarity("Cải cách thể chế", "Cải cách tài chính công"), 0.6);
  EXPECT_EQ(title_similarity("", "Cải cách"), 0);
}

TEST(CheckerTest, VietnameseNumberFormats) {
  EXPECT_EQ(format_count(3), "03");
  EXPECT_EQ(format_count(0), "0") << "no leading zero for none";
  EXPECT_EQ(format_count(486), "486");
  EXPECT_EQ(format_count(8586), "8.586");
  EXPECT_EQ(format_count(1234567), "1.234.567");
  EXPECT_EQ(format_percent(41.77), "41,8");
  EXPECT_EQ(format_percent(15), "15");
  EXPECT_EQ(format_percent(12.5), "12,5");
  EXPECT_EQ(format_percent(0.04), "0");
}

} // namespace
} // namespace vnotice
