// Which unit of the plan a report comes from: the names it carries against the units' names.
#include "pipeline/check/checker.h"
#include "pipeline/check/checker_parts.h"
#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <cmath>
#include <span>

namespace vnotice {
namespace check_detail {
namespace {

struct Candidate {
  int level = 0; // 4 exact, 3 fuzzy whole field, 2 contained, 1 contained with slips, 0 none
  int distance = 0;
  size_t position = 0; // word index where a contained name starts
};

// Matches a unit name against one field of a record. `whole_only`: the name must be the whole
// field (short names).
Candidate match_name(const std::vector<std::string> &field, const std::string &field_key,
                     const std::vector<std::string> &name, bool whole_only) {
  Candidate best;
  const std::string name_key = join(name);
  if (name_key.empty() || field_key.empty()) return best;
  // OCR slips: about one wrong letter in seven (a short name must be exact).
  const int allowed = static_cast<int>(std::floor(0.15 * static_cast<double>(name_key.size())));
  const int whole = edit_distance(field_key, name_key);
  if (whole == 0) return {4, 0, 0};
  if (whole <= allowed) return {3, whole, 0};
  if (whole_only) {
    for (size_t i = 0; i < field.size(); ++i)
      if (starts_at(field, i, name)) return {2, 0, i};
    return best;
  }
  // The name inside a longer text: windows of as many words, one more or one less (OCR splits
  // and joins words).
  for (size_t i = 0; i < field.size(); ++i)
    for (size_t length : {name.size(), name.size() + 1, name.size() - 1}) {
      if (length == 0 || i + length > field.size()) continue;
      const int distance = edit_distance(join(std::span(field).subspan(i, length)), name_key);
      if (distance > allowed) continue;
      const Candidate candidate{distance == 0 ? 2 : 1, distance, i};
      if (candidate.level > best.level ||
          (candidate.level == best.level && candidate.distance < best.distance))
        best = candidate;
    }
  return best;
}

struct Field {
  std::string name;
  std::string text;
  bool short_names_only = false; // the symbol's last part
  bool free_text = false;        // subject, section text: names inside a sentence
};

std::vector<Field> unit_fields(const Record &record) {
  std::vector<Field> fields;
  if (record.issuer) fields.push_back({"issuer", *record.issuer});
  // "BC-QLCN": the unit's short name ends the symbol of its documents.
  const std::optional<std::string> &symbol = record.symbol ? record.symbol : record.number_symbol;
  if (symbol) {
    const size_t dash = symbol->rfind('-');
    if (dash != std::string::npos && dash + 1 < symbol->size())
      fields.push_back({"symbol", symbol->substr(dash + 1), true});
  }
  if (record.parent_issuer) fields.push_back({"parent_issuer", *record.parent_issuer});
  if (record.subject) fields.push_back({"subject", *record.subject, false, true});
  if (!record.sections.empty()) {
    const Section &first = record.sections.front();
    fields.push_back({"text", first.title.value_or("") + "\n" + first.text, false, true});
  }
  return fields;
}

} // namespace

// The report speaks for the plan's own issuer (the Sở itself, not one of its units): its issuer
// is the plan's, as the letterhead or the name in a sentence writes it, or followed by the place
// ("SỞ CÔNG THƯƠNG ĐỒNG THÁP"). Exact words only: a fuzzy match could take a unit for the Sở.
bool issued_by_plan_issuer(const InspectionPlan &plan, const Record &record) {
  if (!record.issuer) return false;
  const std::string issuer = join(folded_words(*record.issuer));
  for (const std::string &name : {plan.issuer.issuer, plan.issuer.issuer_name}) {
    const std::string own = join(folded_words(name));
    if (own.empty()) continue;
    if (issuer == own || issuer == own + " " + join(folded_words(plan.notice.place))) return true;
  }
  return false;
}

const PlanUnit *only_aggregate_unit(const InspectionPlan &plan) {
  const PlanUnit *found = nullptr;
  for (const PlanUnit &unit : plan.units)
    if (unit.aggregate) {
      if (found) return nullptr; // two: the issuer cannot say which
      found = &unit;
    }
  return found;
}

} // namespace check_detail

using namespace check_detail;

ReportAssignment match_unit(const InspectionPlan &plan, const Record &record) {
  ReportAssignment report;
  report.source = record.source.file;
  for (const Field &field : unit_fields(record)) {
    const std::vector<std::string> words = folded_words(field.text);
    const std::string key = join(words);
    Candidate best;
    const PlanUnit *best_unit = nullptr;
    std::string best_via;
    size_t best_length = 0;
    for (const PlanUnit &unit : plan.units) {
      const auto consider = [&](const std::string &name, const char *via, bool is_short) {
        // The symbol's part is compared with short names only; short names are not looked for
        // in sentences ("VP" in "1820/SCT-VP" is a citation).
        if (field.short_names_only && !is_short) return;
        if (field.free_text && is_short) return;
        const auto name_words = folded_words(name);
        const Candidate candidate = match_name(words, key, name_words, is_short);
        if (candidate.level == 0) return;
        const size_t length = join(name_words).size();
        // Better level; then, in a sentence, the earliest name; then the longest name.
        const bool better = !best_unit || candidate.level > best.level ||
                            (candidate.level == best.level &&
                             (candidate.position < best.position ||
                              (candidate.position == best.position &&
                               (candidate.distance < best.distance ||
                                (candidate.distance == best.distance && length > best_length)))));
        if (!better) return;
        best = candidate;
        best_unit = &unit;
        best_via = via;
        best_length = length;
      };
      consider(unit.name, "name", false);
      for (const std::string &name : unit.short_names)
        consider(name, "short_name", true);
      for (const std::string &name : unit.aliases)
        consider(name, "alias", false);
    }
    if (!best_unit) continue;
    report.unit = best_unit->id;
    report.field = field.name;
    report.matched = field.text;
    report.via = best_via;
    report.kind = best.level == 4 ? "exact" : best.level == 3 ? "fuzzy" : "contained";
    report.distance = best.distance;
    return report;
  }
  return report;
}

} // namespace vnotice
