// Fuzz target: the plan loader on arbitrary JSON text: the two steps load_plan takes after
// reading the file (parse_json_text, then plan_from_json), and the lookups the checker makes on a
// plan that loaded.
// Expected failures are vnotice::Error; anything else is a finding.
#include "pipeline/check/plan.h"
#include "pipeline/error.h"
#include "pipeline/json_node.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const std::string text(reinterpret_cast<const char *>(data), size);
  try {
    const vnotice::InspectionPlan plan =
        vnotice::plan_from_json(vnotice::parse_json_text(text, "fuzz.json"), "fuzz.json");
    for (const vnotice::PlanCriterion *criterion : plan.flat_criteria())
      for (const std::string &metric : criterion->metrics)
        vnotice::metric_words(metric);
    for (const vnotice::PlanTarget &target : plan.targets)
      for (const std::string &unit : target.units)
        plan.unit_index(unit);
  } catch (const vnotice::Error &) {
  }
  return 0;
}
