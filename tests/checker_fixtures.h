// Hand-built Records and plans for the plan checker's tests (checker_test.cpp,
// checker_review_test.cpp): the sample plan, a clean report of one unit, and ways to look at the
// findings.
#pragma once

#include "pipeline/check/checker.h"
#include "pipeline/error.h"
#include "test_support.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <set>

namespace vnotice::checker_fixtures {

inline const InspectionPlan &sample_plan() {
  static const InspectionPlan plan =
      load_plan((test::source_dir() / "samples" / "plan-2021.json").string());
  return plan;
}

inline Evidence cited(const std::string &text, double confidence = 1.0) {
  return Evidence{1, text, Box{100, 200, 300, 214}, confidence};
}

inline Section section(std::string label, std::optional<std::string> title, int level,
                       std::string text, std::vector<Section> children = {}) {
  Section out;
  out.label = std::move(label);
  out.title = std::move(title);
  out.level = level;
  out.text = std::move(text);
  out.children = std::move(children);
  out.evidence = cited(out.title.value_or(out.text));
  return out;
}

inline Metric metric(std::string key, double value, std::string section_path, std::string text) {
  return Metric{std::move(key), value, "", std::move(section_path), cited(text)};
}

// A clean report of Phòng Quản lý công nghiệp, as the parser would give it: every criterion,
// consistent figures, targets met, dates in the period.
inline Record clean_report(const std::string &file = "report-2021-qlcn.pdf") {
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
inline InspectionPlan plan_without_late_target() {
  InspectionPlan plan = sample_plan();
  for (PlanTarget &target : plan.targets)
    if (target.metric == "records_late") target.units = {"vp"};
  return plan;
}

inline Metric &metric_of(Record &record, const std::string &key) {
  for (Metric &m : record.metrics)
    if (m.key == key) return m;
  throw std::runtime_error("no metric " + key);
}

inline Section &section_at(Record &record, std::initializer_list<size_t> indexes) {
  std::vector<Section> *level = &record.sections;
  Section *found = nullptr;
  for (size_t index : indexes) {
    found = &(*level)[index];
    level = &found->children;
  }
  return *found;
}

inline std::multiset<std::string> codes(const CheckResult &result) {
  std::multiset<std::string> out;
  for (const Finding &finding : result.findings.findings)
    out.insert(std::string(finding_code_name(finding.code)));
  return out;
}

inline std::string dump(const CheckResult &result) { return to_json(result.findings).dump(2); }

inline CheckResult check(const Record &record,
                         const InspectionPlan &plan = plan_without_late_target()) {
  return check_records(plan, {record});
}

// The report without its "2.1 Cải cách thể chế" section.
inline Record without_institutions() {
  Record record = clean_report();
  auto &parts = section_at(record, {1}).children;
  parts.erase(parts.begin()); // 2.1
  return record;
}

inline std::vector<Finding> findings_of(const CheckResult &result, FindingCode code) {
  std::vector<Finding> out;
  for (const Finding &finding : result.findings.findings)
    if (finding.code == code) out.push_back(finding);
  return out;
}

inline const Finding &only_finding(const CheckResult &result, FindingCode code) {
  const Finding *found = nullptr;
  for (const Finding &finding : result.findings.findings)
    if (finding.code == code) {
      EXPECT_EQ(found, nullptr) << "two " << finding_code_name(code) << " findings";
      found = &finding;
    }
  if (!found) throw std::runtime_error("no " + std::string(finding_code_name(code)));
  return *found;
}

} // namespace vnotice::checker_fixtures
