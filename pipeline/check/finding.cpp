#include "pipeline/check/finding.h"

#include "pipeline/check/plan.h"
#include "pipeline/json_text.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <tuple>

namespace vnotice {

std::string_view finding_code_name(FindingCode code) {
  switch (code) {
  case FindingCode::missing_criterion: return "missing_criterion";
  case FindingCode::sum_mismatch: return "sum_mismatch";
  case FindingCode::percent_mismatch: return "percent_mismatch";
  case FindingCode::claim_contradiction: return "claim_contradiction";
  case FindingCode::target_not_met: return "target_not_met";
  case FindingCode::reference_year_mismatch: return "reference_year_mismatch";
  case FindingCode::date_out_of_period: return "date_out_of_period";
  case FindingCode::missing_field: return "missing_field";
  case FindingCode::unknown_unit: return "unknown_unit";
  case FindingCode::duplicate_report: return "duplicate_report";
  case FindingCode::aggregate_mismatch: return "aggregate_mismatch";
  case FindingCode::low_confidence: return "low_confidence";
  }
  return "unknown";
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
  case Severity::error: return "error";
  case Severity::warning: return "warning";
  case Severity::info: return "info";
  case Severity::needs_review: return "needs_review";
  }
  return "error";
}

Severity default_severity(FindingCode code) {
  switch (code) {
  // Figures or structure that are wrong: the notice cannot rely on the report as it is.
  case FindingCode::missing_criterion:
  case FindingCode::sum_mismatch:
  case FindingCode::percent_mismatch:
  case FindingCode::claim_contradiction:
  case FindingCode::unknown_unit: return Severity::error;
  // True facts to report, or formal slips that do not change the figures.
  case FindingCode::target_not_met:
  case FindingCode::reference_year_mismatch:
  case FindingCode::date_out_of_period:
  case FindingCode::missing_field:
  case FindingCode::duplicate_report: return Severity::warning;
  // Units may report late records or a period the aggregate does not cover alike: a person
  // reconciles them, nobody is at fault yet.
  case FindingCode::aggregate_mismatch:
  // A figure the notice relies on may be misread: a person checks it against the original.
  case FindingCode::low_confidence: return Severity::needs_review;
  }
  return Severity::error;
}

int Findings::count(Severity severity) const {
  return static_cast<int>(
      std::count_if(findings.begin(), findings.end(),
                    [severity](const auto &f) { return f.severity == severity; }));
}

void sort_findings(std::vector<Finding> &findings, const InspectionPlan &plan) {
  const auto criteria = plan.flat_criteria();
  const auto criterion_rank = [&criteria](const std::optional<std::string> &path) -> size_t {
    if (!path) return 0;
    for (size_t i = 0; i < criteria.size(); ++i)
      if (criteria[i]->path == *path) return i + 1;
    return criteria.size() + 1;
  };
  const auto key = [&](const Finding &finding) {
    return std::make_tuple(finding.unit ? plan.unit_index(*finding.unit) : plan.units.size(),
                           std::cref(finding.source), criterion_rank(finding.criterion),
                           static_cast<int>(finding.code), std::cref(finding.message));
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&key](const Finding &a, const Finding &b) { return key(a) < key(b); });
}

namespace {

using ordered_json = nlohmann::ordered_json;

ordered_json optional_json(const std::optional<std::string> &value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

std::string grouped_thousands(long long value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out = value < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return out;
}

} // namespace

std::string format_count(double value) {
  const double whole = std::round(value);
  if (std::abs(value - whole) > 0.005) return format_percent(value);
  const auto number = static_cast<long long>(whole);
  // Reports write small counts with a leading zero ("02 hồ sơ"), but none as "0".
  if (number > 0 && number < 10) return fmt::format("{:02d}", number);
  return grouped_thousands(number);
}

std::string format_percent(double value) {
  const double tenths = std::round(value * 10.0);
  const auto whole = static_cast<long long>(std::trunc(tenths / 10.0));
  const auto decimal = static_cast<long long>(std::abs(tenths - whole * 10.0));
  const std::string sign = tenths < 0 && whole == 0 ? "-" : "";
  if (decimal == 0) return sign + grouped_thousands(whole);
  return fmt::format("{}{},{}", sign, grouped_thousands(whole), decimal);
}

ordered_json to_json(const Finding &finding) {
  ordered_json out;
  out["code"] = finding_code_name(finding.code);
  out["severity"] = severity_name(finding.severity);
  out["unit"] = optional_json(finding.unit);
  out["source"] = finding.source;
  out["criterion"] = optional_json(finding.criterion);
  out["message"] = finding.message;
  out["evidence"] = ordered_json::array();
  // The same shape as a Record's evidence (schemas/record.schema.json), so tools read both alike.
  for (const Evidence &evidence : finding.evidence)
    out["evidence"].push_back(to_json(evidence));
  return out;
}

namespace {

ordered_json to_json(const ReportAssignment &report) {
  return {{"source", report.source},
          {"unit", optional_json(report.unit)},
          {"match", report.unit ? ordered_json{{"field", report.field},
                                               {"text", report.matched},
                                               {"via", report.via},
                                               {"kind", report.kind},
                                               {"distance", report.distance}}
                                : ordered_json(nullptr)},
          {"duplicate", report.duplicate},
          {"aggregate", report.aggregate}};
}

ordered_json findings_head(const Findings &findings) {
  ordered_json out;
  out["schema_version"] = Findings::kSchemaVersion;
  out["plan"] = {{"file", findings.plan_file}, {"number_symbol", findings.plan_number_symbol}};
  out["summary"] = {{"reports", findings.reports.size()},
                    {"errors", findings.count(Severity::error)},
                    {"warnings", findings.count(Severity::warning)},
                    {"infos", findings.count(Severity::info)},
                    {"needs_review", findings.count(Severity::needs_review)}};
  return out;
}

template <typename Items>
void write_array(AtomicFileWriter &out, std::string_view key, const Items &items, bool last) {
  out.write(fmt::format("  {}: [", ordered_json(std::string(key)).dump()));
  for (size_t i = 0; i < items.size(); ++i)
    out.write((i == 0 ? "\n    " : ",\n    ") + dump_at(to_json(items[i]), 2));
  out.write(items.empty() ? "]" : "\n  ]");
  out.write(last ? "\n" : ",\n");
}

} // namespace

void write_json(const Findings &findings, AtomicFileWriter &out) {
  out.write("{\n");
  const ordered_json head = findings_head(findings); // alive for the whole loop
  for (const auto &[key, value] : head.items())
    out.write(fmt::format("  {}: {},\n", ordered_json(key).dump(), dump_at(value, 1)));
  write_array(out, "reports", findings.reports, false);
  write_array(out, "findings", findings.findings, true);
  out.write("}\n");
}

ordered_json to_json(const Findings &findings) {
  ordered_json out = findings_head(findings);
  out["reports"] = ordered_json::array();
  for (const ReportAssignment &report : findings.reports)
    out["reports"].push_back(to_json(report));
  out["findings"] = ordered_json::array();
  for (const Finding &finding : findings.findings)
    out["findings"].push_back(to_json(finding));
  return out;
}

} // namespace vnotice
