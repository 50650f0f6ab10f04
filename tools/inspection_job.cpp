#include "tools/inspection_job.h"

#include "generators/notice_composer.h"
#include "generators/notice_writer.h"
#include "pipeline/atomic_file.h"
#include "pipeline/error.h"
#include "pipeline/json_node.h"
#include "pipeline/messages.h"
#include "tools/job.h"

#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace vnotice {
namespace {

// The bytes as a record vnotice wrote (a JSON object with the record's keys); nullopt otherwise.
std::optional<nlohmann::json> record_json(std::string_view bytes) {
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || bytes[first] != '{') return std::nullopt;
  nlohmann::json json = nlohmann::json::parse(bytes, nullptr, false);
  if (!json.is_object() || !json.contains("schema_version") || !json.contains("source") ||
      !json.contains("sections"))
    return std::nullopt;
  return json;
}

std::string record_file_name(const std::filesystem::path &input, std::set<std::string> &used) {
  std::string stem = input.stem().string();
  if (stem.empty()) stem = "record";
  std::string name = stem + ".json";
  for (int n = 2; used.count(name) > 0; ++n)
    name = fmt::format("{}-{}.json", stem, n);
  used.insert(name);
  return name;
}

} // namespace

Record load_or_parse_record(const InputFile &input, const ExtractOptions &options,
                            const std::vector<FigureSpec> &extra_figures) {
  if (auto json = record_json(input.bytes)) return record_from_json(*json, input.path.string());
  return parse_input(input, options, extra_figures).record;
}

Record load_or_parse_record(const std::filesystem::path &input, const ExtractOptions &options,
                            const std::vector<FigureSpec> &extra_figures) {
  return load_or_parse_record(
      InputFile::read(input, InputFile::Hash::sha256, InputFile::Keep::pdf_head), options,
      extra_figures);
}

std::string findings_table(const InspectionPlan &plan, const CheckResult &result) {
  auto unit_name = [&plan](const std::optional<std::string> &id) -> std::string {
    if (!id) return "(không rõ đơn vị)";
    for (const auto &unit : plan.units)
      if (unit.id == *id) return unit.name;
    return *id;
  };
  std::string out;
  out += "Báo cáo và đơn vị:\n";
  for (const Assignment &assignment : result.assignments)
    out += fmt::format(
        "  {} -> {}{}{}\n", assignment.report.source,
        assignment.report.unit || !assignment.report.aggregate ? unit_name(assignment.report.unit)
                                                               : "(cơ quan chủ trì kế hoạch)",
        assignment.report.duplicate ? " (báo cáo trùng)" : "",
        assignment.report.aggregate ? " (báo cáo tổng hợp, không cộng vào tổng)" : "");
  const Findings &findings = result.findings;
  out += fmt::format("\nPhát hiện: {} lỗi, {} cảnh báo, {} lưu ý, {} cần xem xét lại\n",
                     findings.count(Severity::error), findings.count(Severity::warning),
                     findings.count(Severity::info), findings.count(Severity::needs_review));
  const auto print = [&](const Finding &finding) {
    out += fmt::format("\n[{}] {} | {} | {} | {}\n  {}\n", severity_name(finding.severity),
                       finding_code_name(finding.code), unit_name(finding.unit),
                       finding.criterion.value_or("-"), finding.source, finding.message);
    for (const Evidence &evidence : finding.evidence)
      out += fmt::format("  trang {}: “{}”\n", evidence.page, evidence.text);
  };
  for (const Finding &finding : findings.findings)
    if (finding.severity != Severity::needs_review) print(finding);
  if (findings.findings.empty()) out += "  Không có phát hiện nào.\n";
  // Apart: these may be wrong, and a person settles them before anything is said to a unit.
  if (findings.count(Severity::needs_review) > 0) {
    out += "\nCần xem xét lại (chưa đủ căn cứ để kết luận, cần đối chiếu bản gốc):\n";
    for (const Finding &finding : findings.findings)
      if (finding.severity == Severity::needs_review) print(finding);
  }
  return out;
}

namespace {

// The part `check` and `run` share: the plan, one record per input, the check.
CheckOutcome check_inputs(const std::filesystem::path &plan,
                          const std::vector<std::filesystem::path> &inputs,
                          const ExtractOptions &options) {
  CheckOutcome outcome;
  outcome.plan = load_plan(plan.string());
  const std::vector<FigureSpec> figures = outcome.plan.figure_specs();
  for (const auto &input : inputs)
    outcome.records.push_back(load_or_parse_record(input, options, figures));
  outcome.result = check_records(outcome.plan, outcome.records);
  outcome.result.findings.plan_file = plan.string();
  return outcome;
}

} // namespace

CheckOutcome run_check(const CheckRequest &request) {
  CheckOutcome outcome = check_inputs(request.plan, request.inputs, request.options);
  outcome.rendered = request.json ? to_json(outcome.result.findings).dump(2) + "\n"
                                  : findings_table(outcome.plan, outcome.result);
  if (request.output) write_file_atomically(*request.output, outcome.rendered);
  return outcome;
}

RunOutcome run_inspection(const RunRequest &request) {
  CheckOutcome checked = check_inputs(request.plan, request.inputs, request.options);
  const std::vector<Record> &records = checked.records;
  RunOutcome outcome;
  outcome.result = std::move(checked.result);
  outcome.notice = compose_notice(checked.plan, records, outcome.result);

  std::error_code error;
  std::filesystem::create_directories(request.output_dir / "records", error);
  if (error)
    throw Error(ExitCode::output_failed, request.output_dir.string(),
                trf("cannot create the output folder ({}); check the path and that you "
                    "may write there",
                    error.message()));
  auto write = [&outcome](const std::filesystem::path &path, const std::string &bytes) {
    write_file_atomically(path, bytes);
    outcome.written.push_back(path);
  };
  std::set<std::string> used;
  for (size_t i = 0; i < records.size(); ++i)
    write(request.output_dir / "records" / record_file_name(request.inputs[i], used),
          to_json(records[i]).dump(2) + "\n");
  write(request.output_dir / "findings.json", to_json(outcome.result.findings).dump(2) + "\n");
  write(request.output_dir / "notice.json", to_json(outcome.notice).dump(2) + "\n");
  for (const NoticeFormat &format : notice_formats())
    write(request.output_dir / fmt::format("notice{}", format.extension),
          format.write(outcome.notice));
  return outcome;
}

} // namespace vnotice
