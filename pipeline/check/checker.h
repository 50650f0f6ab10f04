// The plan checker: compares the Records of the units' reports with the InspectionPlan and says
// what is wrong, with the evidence a reviewer needs, and gathers each unit's figures for the
// notice.
//
// Contract:
// - Each record is assigned to at most one unit by the names it carries (issuer, then the unit
//   short name ending its symbol "BC-QLCN", then parent issuer, subject, first section), against
//   each unit's name, short names and aliases, ignoring case and accents (fold_accents) and
//   tolerating OCR slips (edit distance up to 15 % of the name, on accent-folded text). Short
//   names count only as the whole issuer or the symbol's last part ("VP" in "1820/SCT-VP" is a
//   citation, not the author). A record of no unit is an unknown_unit finding; a later record of
//   a unit that already has one (input order) is a duplicate_report finding; neither is an error.
// - A report is an aggregate (ReportAssignment::aggregate, UnitFigures::aggregate) when its unit
//   is marked `aggregate` in the plan or its issuer is the plan's own issuer (then it goes to the
//   plan's aggregate unit when there is exactly one, and is no unknown_unit when there is none).
//   Its figures are never summed with the units'; where every other reporting unit gives a count
//   the aggregate also gives, a different sum is an aggregate_mismatch (needs_review).
// - Precision first: a finding that may be wrong is needs_review, never an error. A criterion is
//   missing (error) only when the record's heading tree is sure and no paragraph or heading holds
//   80 % of the criterion's title words close together; a check relying on a figure read under
//   the plan's min_confidence or marked unsure by the parser (a warning on `metrics.KEY`), or on a
//   scan's field that may be unreadable rather than absent, is needs_review and says why.
// - Sections are matched to criteria by label (paths as in "2.2.b", Roman part numbers left out)
// and title similarity (accent-folded words, abbreviations such as TTHC expanded,
//   filler words dropped: pipeline/check/data/checker_terms.tsv), one section per criterion, best
//   pairs first. A criterion counts as present when it or one of its descendants matched.
// - Every check runs on every record; a clean report gives no finding. Rates are checked against
//   their counts with the plan's tolerance (percentage points); counts are compared exactly.
// - The result is deterministic: same plan and records in the same order, same result.
#pragma once

#include "pipeline/check/finding.h"
#include "pipeline/check/plan.h"
#include "pipeline/record.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

// Which section of a report answers a criterion.
struct CriterionMatch {
  std::string criterion;            // plan path, "2.2.b"
  std::string section;              // the section's path in the report, "2.2.b"
  std::optional<std::string> title; // the section's title as written
  std::string how;                  // "label", "title" or "label+title"
  double similarity = 0;            // title similarity 0..1
  Evidence evidence;                // the section's evidence
};

// A record and the unit it belongs to.
struct Assignment {
  size_t record = 0; // index in the records given to check_records
  ReportAssignment report;
  std::vector<CriterionMatch> criteria; // in plan order, matched criteria only
};

// A figure of a unit for the notice: stated by the report, or derived by the checker from the
// report's counts (a rate), with the evidence of every figure it comes from.
struct UnitFigure {
  double value = 0;
  bool derived = false;
  std::vector<Evidence> evidence;
};

struct UnitFigures {
  std::string unit;                          // plan unit id
  std::optional<std::string> source;         // the report used (its first); none: no report arrived
  std::map<std::string, UnitFigure> figures; // metric key -> figure
  // The whole agency's totals (the unit is marked aggregate, or its report is the Sở's own):
  // never added to the other rows in any total.
  bool aggregate = false;
};

struct CheckResult {
  std::vector<Assignment> assignments; // in input order
  Findings findings;
  std::vector<UnitFigures> table; // one per plan unit, in plan order
};

CheckResult check_records(const InspectionPlan &plan, const std::vector<Record> &records);

// check_records one record at a time: keeps what the result needs (each record's assignment and
// findings, each unit's figures from its first report) but not the records, so a batch of
// thousands of reports is checked in flat memory. add() in input order, then finish() once.
class RecordsCheck {
public:
  explicit RecordsCheck(const InspectionPlan &plan);
  void add(const Record &record);
  CheckResult finish() &&;

private:
  struct FirstReport {
    size_t record = 0;
    std::string file;
    bool aggregate = false;
    std::map<std::string, UnitFigure> figures;
  };
  void check_aggregates(); // after the table is built

  const InspectionPlan &plan_;
  CheckResult result_;
  std::vector<Finding> findings_;
  std::map<std::string, FirstReport> first_of_unit_; // unit id -> its first report
};

// The pieces, exposed for tests and for the CLI's explanations.

// The best unit for a record; report.unit is none when nothing matched.
ReportAssignment match_unit(const InspectionPlan &plan, const Record &record);

// Comparison words of a heading: accent-folded, lower case, punctuation dropped, abbreviations
// expanded, filler words removed. "Về cải cách TTHC" -> "cai cach thu tuc hanh chinh".
std::string title_key(std::string_view title);

// How well a section title covers a criterion title, 0..1: the mean of the Dice coefficient of
// their title_key words and the share of the criterion's words the section has.
double title_similarity(std::string_view criterion_title, std::string_view section_title);

} // namespace vnotice
