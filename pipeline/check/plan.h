// InspectionPlan: the Kế hoạch of one inspection round, as the checker and the notice writer need
// it: who inspects, which units, which criteria and figures, which targets, and what the
// resulting notice (THÔNG BÁO) should carry. Its JSON form is schemas/plan.schema.json
// (samples/plan-2021.json is a full example).
//
// Contract: plan_from_json either returns a complete, consistent plan or throws
// Error(input_damaged) with one line "FILE: at PATH: what was expected" naming the first problem
// (wrong type, missing or unknown key, bad date, bad comparison, unknown metric, duplicate id or
// label, unknown unit in a target). Nothing in a plan is guessed; optional parts get the defaults
// documented below.
#pragma once

#include "pipeline/figure_spec.h"
#include "pipeline/record.h"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

// The metric keys the parser produces (extractors/data/metrics.json) and the checker knows: counts
// and stated rates. Plans may name these or the keys their criteria's `figures` define, nothing
// else, so a typo fails loudly.
const std::vector<std::string> &known_metric_keys();
bool is_known_metric(std::string_view key);
// The words for a metric in findings ("số hồ sơ trễ hạn"); the key itself when unknown.
std::string metric_words(std::string_view key);

// The checker's vocabulary, pipeline/check/data/checker_terms.tsv compiled in (metric words,
// abbreviations, filler words, claim phrases): rows of kind, key, text in file order.
struct TermRow {
  std::string kind, key, text;
};
const std::vector<TermRow> &checker_terms();

// Days since 1970-01-01 of an ISO 8601 calendar date "YYYY-MM-DD"; nullopt when the text is not
// one or the day does not exist (2021-02-30).
std::optional<long> iso_day_number(std::string_view iso);
// "2021-08-31" -> "31/08/2021", the way Vietnamese documents write dates; other text unchanged.
std::string vietnamese_date(std::string_view iso);

struct PlanIssuer {
  std::optional<std::string> parent_issuer; // "UBND TỈNH ĐỒNG THÁP", letterhead upper case
  std::string issuer;                       // "SỞ CÔNG THƯƠNG", letterhead upper case
  std::string issuer_name;                  // "Sở Công Thương", as written inside a sentence
};

struct PlanPeriod {
  std::string from; // ISO dates, inclusive
  std::string to;
  // Reports are written after the period ends: a report dated up to `to` + grace_days is in time.
  int grace_days = 0;
};

// A document the plan refers to: the request letter (công văn) asking units to report.
struct PlanLetter {
  std::string number_symbol; // "1820/SCT-VP"
  std::string date;          // ISO
};

struct PlanUnit {
  std::string id;                       // stable key used in findings and targets: "qlcn"
  std::string name;                     // "Phòng Quản lý công nghiệp"
  std::vector<std::string> short_names; // "QLCN": also the last part of its documents' symbols
  std::vector<std::string> aliases;     // other names in use: "Trung tâm Khuyến công"
  // Its report gives the totals of the whole agency (Văn phòng Sở reporting for all units): its
  // figures are shown apart and never added to the other units'.
  bool aggregate = false;
};

struct PlanCriterion {
  std::string label; // as written at its level: "2.2", "b"
  // The label from the top, dots between levels: "2.2.b" (a child label that already starts with
  // its parent's path, like "2.2" under "2", is kept as it is). Findings and Metric::section use
  // this form.
  std::string path;
  std::string title;
  bool required = true;
  std::vector<std::string> metrics; // metric keys a report should give under this criterion
  // Figures the plan names and phrases itself, merged by key with the parser's vocabulary.
  std::vector<FigureSpec> figures;
  std::vector<PlanCriterion> children;
};

enum class Comparison { at_least, at_most, equal, greater, less };
std::string_view comparison_symbol(Comparison comparison); // ">=", "<=", "=", ">", "<"
// In the notice's words: "không thấp hơn", "không vượt quá", "bằng", "cao hơn", "thấp hơn".
std::string_view comparison_words(Comparison comparison);
bool compare(double value, Comparison comparison, double target);

struct PlanTarget {
  std::string metric; // a known metric key; rates may be derived from counts by the checker
  Comparison comparison = Comparison::at_least;
  double value = 0;
  std::vector<std::string> units; // unit ids the target applies to; empty: every unit
};

struct PlanTolerances {
  double percent_points = 1.0; // a stated rate may differ this much from its counts (rounding)
  double min_confidence =
      kSureFieldConfidence; // figures from OCR words below this confidence are flagged
};

struct PlanSigner {
  std::optional<std::string> authority; // "KT. GIÁM ĐỐC"; none when the head signs
  std::string title;                    // "PHÓ GIÁM ĐỐC"
  std::string name;
};

// What the notice to write should carry besides the plan's issuer (its letterhead).
struct PlanNotice {
  std::optional<std::string> number_symbol; // "1935/TB-SCT" once the clerk has numbered it
  std::string symbol;                       // "TB-SCT" (derived from number_symbol if omitted)
  std::string place;                        // "Đồng Tháp"
  std::optional<std::string> date;          // ISO signing date, once the notice is dated
  std::optional<std::string> subject;       // trích yếu of the notice
  PlanSigner signer;
  std::vector<std::string> recipients; // without "- " and the final ";"
};

struct InspectionPlan {
  static constexpr int kSchemaVersion = 1;
  std::string file;          // where it was read from, for messages
  std::string number_symbol; // "2532/KH-SCT"
  std::string date;          // ISO
  PlanIssuer issuer;
  std::string subject;
  PlanPeriod period;
  std::optional<PlanLetter> request;
  std::vector<PlanUnit> units;
  std::vector<PlanCriterion> criteria;
  std::vector<PlanTarget> targets;
  PlanTolerances tolerances;
  PlanNotice notice;

  const PlanUnit *unit(std::string_view id) const;
  // Position of a unit in the plan (the order of findings), units.size() when unknown.
  size_t unit_index(std::string_view id) const;
  // Every criterion, depth first in plan order (parents before their children).
  std::vector<const PlanCriterion *> flat_criteria() const;
  // The figures every criterion names, in plan order, for parse_record
  // (extractors/record_parser.h).
  std::vector<FigureSpec> figure_specs() const;
};

// Reads a plan from parsed JSON; `file` names it in errors.
InspectionPlan plan_from_json(const nlohmann::json &json, const std::string &file);
// Reads and parses a plan file: Error(input_missing) when it cannot be read, input_damaged when
// it is not valid JSON or not a valid plan.
InspectionPlan load_plan(const std::string &path);

} // namespace vnotice
