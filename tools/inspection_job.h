// The inspection jobs behind `vnotice check` and `vnotice run` (the main job): read the plan,
// turn every input into a Record (parsing documents, or loading records already parsed), check
// them against the plan, and for `run` compose and write the notice.
//
// Contract: inputs are processed in the order given (the checker's duplicate rule depends on
// it); one input that cannot be read stops the job with its Error (exit code and one-line
// message), since a notice composed without one unit's report would be wrong; every output is
// written to a temporary name and renamed, so a failed run leaves no half-written file.
#pragma once

#include "extractors/extractor.h"
#include "pipeline/check/checker.h"
#include "pipeline/check/plan.h"
#include "pipeline/notice.h"
#include "pipeline/record.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace vnotice {

// A record file written by `vnotice parse` is read as it is; any other input is parsed, with the
// figures a plan names (InspectionPlan::figure_specs) besides the parser's own.
Record load_or_parse_record(const std::filesystem::path &input, const ExtractOptions &options,
                            const std::vector<FigureSpec> &extra_figures = {});
// The same for an input already read (read_input, tools/job.h).
Record load_or_parse_record(const InputFile &input, const ExtractOptions &options,
                            const std::vector<FigureSpec> &extra_figures = {});

struct CheckRequest {
  std::filesystem::path plan;
  std::vector<std::filesystem::path> inputs;
  bool json = false;                           // the findings document instead of the table
  std::optional<std::filesystem::path> output; // stdout when empty
  ExtractOptions options;
};

struct CheckOutcome {
  InspectionPlan plan;
  std::vector<Record> records;
  CheckResult result;
  std::string rendered; // what was printed or written
};

CheckOutcome run_check(const CheckRequest &request);

// The findings as a table a person reads: which unit each report was assigned to, then one
// line per finding with its evidence.
std::string findings_table(const InspectionPlan &plan, const CheckResult &result);

struct RunRequest {
  std::filesystem::path plan;
  std::vector<std::filesystem::path> inputs;
  std::filesystem::path output_dir;
  ExtractOptions options;
};

struct RunOutcome {
  CheckResult result;
  Notice notice;
  std::vector<std::filesystem::path> written; // every file written, in order
};

// The main job: OUTDIR/records/*.json, findings.json, notice.json, notice.docx, notice.odt.
RunOutcome run_inspection(const RunRequest &request);

} // namespace vnotice
