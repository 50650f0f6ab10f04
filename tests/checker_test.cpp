// The plan checker on hand-built Records: every check finds its defect and stays silent on the
// clean counterpart; unit and section matching survive the ways real reports differ from the plan.
#include "checker_fixtures.h"

namespace vnotice {
namespace {

using namespace checker_fixtures;

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

} // namespace
} // namespace vnotice
