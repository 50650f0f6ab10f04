// Findings: what the plan checker (pipeline/check/checker.h) says about the unit reports of one
// inspection round, each with the evidence a reviewer needs to confirm it. Their JSON form is
// schemas/findings.schema.json; the notice writer and the batch summary read them.
//
// Contract: a Findings document is deterministic: findings are sorted by the unit's position in
// the plan (reports of no known unit last), then source file, then criterion (record-level
// findings first, then criteria in plan order), then code in the order of FindingCode, then
// message. Messages are Vietnamese sentences in plain words, with the figures as the reports
// write them (8.586 hồ sơ, 41,8%).
#pragma once

#include "pipeline/atomic_file.h"

#include "pipeline/record.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

struct InspectionPlan;

// The checks, in the order findings of one place are listed (issue 6, point 4).
enum class FindingCode {
  missing_criterion,   // a required criterion has no section in the report
  sum_mismatch,        // received != on time + late; simplified + kept > reviewed
  percent_mismatch,    // a stated rate does not follow from its counts
  claim_contradiction, // "không có hồ sơ trễ hạn" / "100% đúng hạn" while some were late
  target_not_met,      // a plan target is not reached
  reference_year_mismatch, // a cited number's year ("25/2018") differs from its date's year
  date_out_of_period,      // the report's date or stated period is outside the plan's period
  missing_field,           // number, date, signer name or issuer missing
  unknown_unit,            // the report matches no unit of the plan
  duplicate_report,        // a second report of the same unit
  aggregate_mismatch,      // an aggregate report's figure differs from the sum of the units'
  low_confidence, // a key field or a figure the checker used: weak OCR, or readings that disagree
};

// needs_review: the finding may be wrong (the heading tree or a figure it relies on was not read
// for sure); a person confirms it before anything is said to the unit. Never an error.
enum class Severity { error, warning, info, needs_review };

std::string_view finding_code_name(FindingCode code); // "sum_mismatch"
std::string_view severity_name(Severity severity);    // "error"
// The severity of each code when what it relies on was read for sure (documented in
// docs/architecture.md); the checker lowers a finding to needs_review otherwise.
Severity default_severity(FindingCode code);

struct Finding {
  FindingCode code = FindingCode::missing_field;
  Severity severity = Severity::error;
  std::optional<std::string> unit;      // plan unit id; none for a report of no known unit
  std::string source;                   // the report's file (Record::source.file)
  std::optional<std::string> criterion; // criterion path ("2.2.b"); none for the whole report
  std::string message;                  // Vietnamese
  // The quoted places that show it (each figure of a sum, the sentence of a claim); empty when
  // the finding is about something absent.
  std::vector<Evidence> evidence;
};

// How one report was assigned to a unit.
struct ReportAssignment {
  std::string source;
  std::optional<std::string> unit; // none: unknown_unit
  std::string field;      // record field that matched: issuer, symbol, parent_issuer, subject, text
  std::string matched;    // the text of that field that matched
  std::string via;        // name, short_name or alias
  std::string kind;       // exact, contained or fuzzy (edit distance within 15 %)
  int distance = 0;       // edit distance of a fuzzy match, on accent-folded text
  bool duplicate = false; // a later report of a unit that already has one
  // The report gives the totals of the whole agency (its unit is marked `aggregate` in the plan,
  // or it is issued by the plan's own issuer): its figures are never added to the units'.
  bool aggregate = false;
};

struct Findings {
  static constexpr int kSchemaVersion = 1;
  std::string plan_file;
  std::string plan_number_symbol;
  std::vector<ReportAssignment> reports; // in input order
  std::vector<Finding> findings;         // sorted, see above

  int count(Severity severity) const;
};

// Sorts findings in the documented order; `plan` gives the unit and criterion order.
void sort_findings(std::vector<Finding> &findings, const InspectionPlan &plan);

nlohmann::ordered_json to_json(const Finding &finding);
// The findings document (schemas/findings.schema.json); numbers rounded to 0.01.
nlohmann::ordered_json to_json(const Findings &findings);

// The same document as to_json(findings).dump(2) plus a newline, byte for byte, written one
// report and one finding at a time: a batch of thousands of reports never holds the whole JSON
// tree (several times the size of the text) in memory.
void write_json(const Findings &findings, AtomicFileWriter &out);

// Number formats of Vietnamese documents, for messages: counts with '.' between thousands and two
// digits at least ("03", "8.586"); rates with at most one decimal after a comma ("41,8", "15").
std::string format_count(double value);
std::string format_percent(double value);

} // namespace vnotice
