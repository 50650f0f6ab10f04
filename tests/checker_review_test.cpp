// The plan checker's precision: a finding that may be wrong is needs_review, never an error
// (heading trees, unsure figures and fields, aggregates); findings as a document.
#include "checker_fixtures.h"

namespace vnotice {
namespace {

using namespace checker_fixtures;

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
  record.warnings.push_back(
      {WarningCode::ambiguous_metric, "metrics.records_late", "read from a table cell"});
  const CheckResult parser_unsure = check(record);
  const Finding &unsure = only_finding(parser_unsure, FindingCode::sum_mismatch);
  EXPECT_EQ(unsure.severity, Severity::needs_review);
  EXPECT_NE(unsure.message.find("được đọc chưa chắc chắn"), std::string::npos) << unsure.message;

  // A figure the parser marked as at odds with the scan's other figures (readings_disagree)
  // counts like weak OCR too: the rate it relies on may be the misread one.
  Record disagreeing = clean_report();
  metric_of(disagreeing, "records_on_time").value = 470;
  disagreeing.mark_for_review("metrics.on_time_rate_pct", ReviewReason::readings_disagree, 0.96,
                              {"99.6", "96.7"});
  const CheckResult disagreement = check(disagreeing);
  const Finding &rate = only_finding(disagreement, FindingCode::percent_mismatch);
  EXPECT_EQ(rate.severity, Severity::needs_review);
  EXPECT_NE(rate.message.find("không khớp với số liệu khác trên bản quét"), std::string::npos)
      << rate.message;

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
