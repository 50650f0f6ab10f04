#include "pipeline/check/checker.h"
#include "pipeline/check/checker_parts.h"

#include <algorithm>
#include <fmt/format.h>

namespace vnotice {

using namespace check_detail;

RecordsCheck::RecordsCheck(const InspectionPlan &plan) : plan_(plan) {
  result_.findings.plan_file = plan.file;
  result_.findings.plan_number_symbol = plan.number_symbol;
}

void RecordsCheck::add(const Record &record) {
  const InspectionPlan &plan = plan_;
  std::vector<Finding> &findings = findings_;
  const size_t i = result_.assignments.size();
  Assignment assignment;
  assignment.record = i;
  assignment.report = match_unit(plan, record);
  if (issued_by_plan_issuer(plan, record)) {
    assignment.report.aggregate = true;
    // The plan's one aggregate unit is who writes the Sở's report.
    if (const PlanUnit *unit = only_aggregate_unit(plan);
        unit && assignment.report.unit != unit->id) {
      assignment.report.unit = unit->id;
      assignment.report.field = "issuer";
      assignment.report.matched = *record.issuer;
      assignment.report.via = "plan_issuer";
      assignment.report.kind = "exact";
      assignment.report.distance = 0;
    }
  }
  if (assignment.report.unit && plan.unit(*assignment.report.unit)->aggregate)
    assignment.report.aggregate = true;
  if (assignment.report.unit) {
    const auto [it, first] = first_of_unit_.try_emplace(*assignment.report.unit);
    assignment.report.duplicate = !first;
    if (first) {
      // The unit's figures for the notice table come from its first report.
      it->second.record = i;
      it->second.file = record.source.file;
      it->second.aggregate = assignment.report.aggregate;
      std::vector<Finding> unused;
      it->second.figures = RecordChecker(plan, record, assignment.report, unused).figures();
    }
  }
  RecordChecker checker(plan, record, assignment.report, findings);
  const std::string &unit_id = assignment.report.unit.value_or("");
  if (!assignment.report.unit && assignment.report.aggregate) {
    // The Sở's own report with no aggregate unit in the plan: not an unknown unit, and its
    // figures are in no unit's row.
  } else if (!assignment.report.unit) {
    const auto issuer = record.evidence.find("issuer");
    // Nothing to match by, or the name was read too weakly to say it is no unit's.
    const bool unsure =
        !record.issuer || (issuer != record.evidence.end() &&
                           issuer->second.confidence < plan.tolerances.min_confidence);
    findings.push_back(
        {FindingCode::unknown_unit,
         default_severity(FindingCode::unknown_unit),
         std::nullopt,
         record.source.file,
         std::nullopt,
         fmt::format("Không xác định được đơn vị báo cáo: \"{}\" không khớp tên, tên viết tắt "
                     "hay tên gọi khác của đơn vị nào trong kế hoạch.",
                     record.issuer.value_or(record.parent_issuer.value_or("(không ghi)"))),
         {}});
    if (issuer != record.evidence.end()) findings.back().evidence.push_back(issuer->second);
    if (unsure) {
      findings.back().severity = Severity::needs_review;
      findings.back().message += " Tên cơ quan ban hành chưa đọc được chắc chắn; cần xem bản gốc.";
    }
  } else if (assignment.report.duplicate) {
    findings.push_back(
        {FindingCode::duplicate_report,
         default_severity(FindingCode::duplicate_report),
         assignment.report.unit,
         record.source.file,
         std::nullopt,
         fmt::format("{} đã có báo cáo ({}); báo cáo này là báo cáo thứ hai của đơn vị và "
                     "không được dùng để tổng hợp.",
                     plan.unit(unit_id)->name,
                     std::filesystem::path(first_of_unit_.at(unit_id).file).filename().string()),
         {}});
  }
  assignment.criteria = checker.match_criteria();
  checker.check_criteria(assignment.criteria);
  checker.check_sums();
  checker.check_rates();
  checker.check_claims();
  checker.check_targets();
  checker.check_references();
  checker.check_dates();
  checker.check_fields();
  checker.check_unsure_fields();
  checker.check_confidence();
  result_.findings.reports.push_back(assignment.report);
  result_.assignments.push_back(std::move(assignment));
}

CheckResult RecordsCheck::finish() && {
  for (const PlanUnit &unit : plan_.units) {
    UnitFigures row;
    row.unit = unit.id;
    row.aggregate = unit.aggregate;
    if (auto it = first_of_unit_.find(unit.id); it != first_of_unit_.end()) {
      row.source = it->second.file;
      row.aggregate = row.aggregate || it->second.aggregate;
      row.figures = std::move(it->second.figures);
    }
    result_.table.push_back(std::move(row));
  }
  check_aggregates();
  sort_findings(findings_, plan_);
  result_.findings.findings = std::move(findings_);
  return std::move(result_);
}

void RecordsCheck::check_aggregates() {
  std::vector<const UnitFigures *> parts;
  for (const UnitFigures &row : result_.table)
    if (!row.aggregate && row.source) parts.push_back(&row);
  if (parts.empty()) return;
  for (const UnitFigures &row : result_.table) {
    if (!row.aggregate || !row.source) continue;
    for (const auto &[key, figure] : row.figures) {
      // Counts only (a rate is not a sum), and only when every unit that reported gives it: a
      // unit's figure not read would make any sum short.
      if (figure.derived || key.ends_with("_pct")) continue;
      double sum = 0;
      std::vector<Evidence> evidence = figure.evidence;
      bool complete = true;
      for (const UnitFigures *part : parts) {
        const auto it = part->figures.find(key);
        if (it == part->figures.end() || it->second.derived) {
          complete = false;
          break;
        }
        sum += it->second.value;
        evidence.insert(evidence.end(), it->second.evidence.begin(), it->second.evidence.end());
      }
      if (!complete || std::abs(sum - figure.value) <= 0.5) continue;
      std::optional<std::string> criterion;
      for (const PlanCriterion *candidate : plan_.flat_criteria())
        if (std::find(candidate->metrics.begin(), candidate->metrics.end(), key) !=
            candidate->metrics.end()) {
          criterion = candidate->path;
          break;
        }
      findings_.push_back(
          {FindingCode::aggregate_mismatch, default_severity(FindingCode::aggregate_mismatch),
           row.unit, *row.source, criterion,
           fmt::format("{} trong báo cáo tổng hợp ({}) khác tổng số liệu của {} đơn vị đã báo "
                       "cáo ({}). Cần đối chiếu: báo cáo tổng hợp có thể tính cả đơn vị ngoài "
                       "kế hoạch kiểm tra hoặc số liệu đến ngày khác.",
                       capitalised(metric_words(key)), format_value(key, figure.value),
                       format_count(static_cast<double>(parts.size())), format_value(key, sum)),
           std::move(evidence)});
    }
  }
}

CheckResult check_records(const InspectionPlan &plan, const std::vector<Record> &records) {
  RecordsCheck check(plan);
  for (const Record &record : records)
    check.add(record);
  return std::move(check).finish();
}

} // namespace vnotice
