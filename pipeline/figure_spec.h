// FigureSpec: how a figure a report carries is named and phrased. The parser's own vocabulary
// (extractors/data/metrics.json) is a list of these; an inspection plan may add more per
// criterion (schemas/plan.schema.json `criteria[].figures`), merged with it by key.
//
// Contract: patterns are RE2 expressions matched on the accent-folded, lower-case text
// (pipeline/vietnamese_text.h fold_accents): `{n}` is the figure taken, `{x}` a figure that must
// be there but is not taken. Columns are folded table header cells naming the figure.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace vnotice {

struct FigurePattern {
  std::string re;
  std::optional<double> value; // a fixed value ("không có hồ sơ trễ hạn" is 0) instead of {n}
};

struct FigureSpec {
  std::string key;  // "records_received"
  std::string unit; // "records", "procedures", "percent", "items"
  std::vector<FigurePattern> patterns;
  std::vector<std::string> columns;
  bool sum_in_paragraph = false; // figures of one paragraph add up (09 tin ... và 03 tin)
};

} // namespace vnotice
