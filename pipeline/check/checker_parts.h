// What the plan checker's files share (pipeline/check/checker.cpp, record_checker.cpp,
// title_match.cpp, unit_match.cpp). Internal to the checker: other stages use
// pipeline/check/checker.h.
#pragma once

#include "pipeline/check/checker.h"
#include "pipeline/check/plan.h"
#include "pipeline/record.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice::check_detail {

// Accent-folded words: fold_accents, then everything but letters and digits becomes a space.
std::vector<std::string> folded_words(std::string_view text);

// True when `phrase` (not empty) stands in `words` from index `at`.
bool starts_at(const std::vector<std::string> &words, size_t at,
               const std::vector<std::string> &phrase);

// A heading's comparison words: folded_words without numbers, abbreviations expanded and filler
// phrases dropped (pipeline/check/data/checker_terms.tsv).
std::vector<std::string> title_words(std::string_view title);

// Claims that nothing was late ("không có hồ sơ trễ hạn"), each as folded words joined by spaces.
const std::vector<std::string> &no_late_claims();

// The report speaks for the plan's own issuer (the Sở itself, not one of its units).
bool issued_by_plan_issuer(const InspectionPlan &plan, const Record &record);

// The plan's one aggregate unit; null when it has none or several.
const PlanUnit *only_aggregate_unit(const InspectionPlan &plan);

// `text` with its first letter in capitals when it is ASCII (messages start with a key word).
std::string capitalised(std::string text);

// A figure as the notice writes it: "95,5%" for a rate (a key ending in _pct), "1.234" otherwise.
std::string format_value(std::string_view key, double value);

// The checks of one report against the plan (pipeline/check/record_checker.cpp): each check adds
// its findings; figures() gives the unit's figures for the notice table.
class RecordChecker {
public:
  RecordChecker(const InspectionPlan &plan, const Record &record, const ReportAssignment &report,
                std::vector<Finding> &findings)
      : plan_(plan), record_(record), report_(report), findings_(findings) {}

  std::vector<CriterionMatch> match_criteria();
  void check_criteria(const std::vector<CriterionMatch> &matches);
  void check_sums();
  void check_rates();
  void check_claims();
  void check_targets();
  void check_references();
  void check_dates();
  void check_fields();
  void check_unsure_fields();
  void check_confidence();
  std::map<std::string, UnitFigure> figures() const;

private:
  // `doubt`: why what the finding relies on may be misread, a sentence; the finding is then
  // needs_review, never stated as the unit's fault.
  void add(FindingCode code, std::optional<std::string> criterion, std::string message,
           std::vector<Evidence> evidence = {}, const std::string &doubt = "") {
    if (!doubt.empty()) message += " " + doubt;
    findings_.push_back({code, doubt.empty() ? default_severity(code) : Severity::needs_review,
                         report_.unit, record_.source.file, std::move(criterion),
                         std::move(message), std::move(evidence)});
  }
  // A finding that needs a person's review, whatever its code's default severity.
  void add_for_review(FindingCode code, std::optional<std::string> criterion, std::string message,
                      std::vector<Evidence> evidence = {}) {
    findings_.push_back({code, Severity::needs_review, report_.unit, record_.source.file,
                         std::move(criterion), std::move(message), std::move(evidence)});
  }
  bool weak(const Evidence &evidence) const {
    return evidence.confidence < plan_.tolerances.min_confidence;
  }
  // Why a stated figure may be misread ("số hồ sơ trễ hạn (02) được đọc ..."), or nothing: OCR
  // below the plan's confidence, or the parser's own doubt (a warning on `metrics.KEY`).
  std::optional<std::string> figure_doubt(std::string_view key) const;
  // The doubts of the figures a finding relies on as one sentence, "" when all were read for
  // sure; the keys are remembered so check_confidence does not say it twice.
  std::string doubts(const std::vector<std::string> &keys);
  // The stated figures a unit figure comes from: the key, or the counts of a derived rate.
  std::vector<std::string> figure_keys(const std::string &key) const;
  // A paragraph or heading of the report holding most words of the criterion's title: the
  // section may be there under a heading the parser did not see.
  std::optional<Evidence> title_in_text(const PlanCriterion &criterion) const;
  std::set<std::string> doubted_; // figure keys already named in a needs_review finding
  const Metric *metric(std::string_view key) const { return record_.metric(key); }
  // The first criterion (plan order) that lists one of `keys`, tried in order.
  std::optional<std::string> criterion_of(std::initializer_list<std::string_view> keys) const;
  std::optional<UnitFigure> figure(const std::string &key) const;
  Evidence field_evidence(const std::string &field) const {
    const auto it = record_.evidence.find(field);
    return it == record_.evidence.end() ? Evidence{} : it->second;
  }
  std::vector<Evidence> evidence_of(const std::string &field) const {
    const auto it = record_.evidence.find(field);
    if (it == record_.evidence.end() || it->second.text.empty()) return {};
    return {it->second};
  }

  const InspectionPlan &plan_;
  const Record &record_;
  const ReportAssignment &report_;
  std::vector<Finding> &findings_;
};

} // namespace vnotice::check_detail
