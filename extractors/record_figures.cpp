#include "extractors/record_parser.h"
#include "extractors/record_parser_parts.h"

#include "extractors/figure_reader.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace vnotice::record_parts {
namespace {

// A header cell naming the total column: "Tổng cộng", "Tổng số", or one that ran into the cell
// before it in a PDF's line ("Hóa chấtĐiện lực Tổng cộng").
bool names_total(const std::string &cell) {
  const std::string folded = fold_accents(cell);
  return folded.starts_with("tong") || folded.ends_with("tong cong") || folded.ends_with("tong so");
}

// A table laid out the other way round: one row per figure, named in its first cell ("Tiếp nhận",
// "Đúng hạn", "Trễ hạn"), and the figures in the total column ("Tổng cộng", "Tổng số"), or in the
// only column of figures. The header may also stand in `header_above`, set apart from the rows.
void read_transposed_table(const Unit &unit, const std::string &section, const MetricSet &metrics,
                           const std::vector<std::vector<std::string>> &rows,
                           const std::vector<size_t> &row_offsets,
                           const std::vector<std::string> &header_above,
                           std::map<std::string, std::vector<MetricHit>> &hits) {
  std::map<size_t, const MetricSpec *> named_rows;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].empty()) continue;
    const std::string cell = fold_accents(rows[r][0]);
    for (const MetricSpec *spec : metrics.specs)
      for (const std::string &name : spec->columns)
        if (cell == name) named_rows[r] = spec;
  }
  if (named_rows.size() < 2) return;
  // The total column: a header cell starting "tong" in the last row above the first named row.
  std::optional<size_t> column;
  bool total_last = false; // the total is the last column: each row's last cell, whatever the
                           // header's cells (a header wrapped over two lines loses its alignment)
  const size_t first_named = named_rows.begin()->first;
  for (size_t r = 0; r < first_named && !column; ++r)
    for (size_t c = 1; c < rows[r].size(); ++c)
      if (names_total(rows[r][c])) {
        column = c;
        total_last = c + 1 == rows[r].size();
      }
  // A header set apart from the rows: its total cell must end its line, so that the rows' last
  // cells are the totals whatever became of the header's other cells.
  for (size_t k = 0; k < header_above.size() && !column; ++k) {
    for (const std::string &line : split(header_above[k], '\n')) {
      std::vector<std::string> cells;
      for (const std::string &cell : split(line, '\t'))
        if (!trim(cell).empty()) cells.push_back(trim(cell));
      if (cells.size() >= 2 && names_total(cells.back())) {
        column = cells.size() - 1;
        total_last = true;
      }
    }
  }
  if (!column) {
    // Without a total column only a single column of figures is unambiguous.
    std::set<size_t> numeric;
    for (const auto &[r, spec] : named_rows)
      for (size_t c = 1; c < rows[r].size(); ++c)
        if (parse_vietnamese_number(rows[r][c])) numeric.insert(c);
    if (numeric.size() != 1) return;
    column = *numeric.begin();
  }
  for (const auto &[r, spec] : named_rows) {
    const size_t c = total_last ? rows[r].size() - 1 : *column;
    if (c >= rows[r].size() || c == 0) continue;
    const auto value = parse_vietnamese_number(rows[r][c]);
    if (!value) continue;
    const size_t row_begin = row_offsets[r];
    const size_t row_end = r + 1 < row_offsets.size() ? row_offsets[r + 1] - 1 : unit.text.size();
    hits[spec->key].push_back({*value, section, evidence_of(unit, row_begin, row_end),
                               unit.paragraph_index, unit.offset + row_begin,
                               unit.offset + row_end});
  }
}

} // namespace

MetricSet metric_set(const std::vector<FigureSpec> &extra) {
  MetricSet set;
  set.plan_specs.reserve(extra.size());
  for (const FigureSpec &figure : extra)
    set.plan_specs.push_back(compile_spec(figure));
  for (const MetricSpec &spec : vocabulary().metrics)
    set.specs.push_back(&spec);
  for (const MetricSpec &spec : set.plan_specs) {
    // A plan's figure of a known key keeps the vocabulary's unit.
    auto known = std::find_if(vocabulary().metrics.begin(), vocabulary().metrics.end(),
                              [&](const MetricSpec &v) { return v.key == spec.key; });
    if (known != vocabulary().metrics.end()) {
      set.specs.insert(std::find(set.specs.begin(), set.specs.end(), &*known) + 1, &spec);
      continue;
    }
    set.specs.push_back(&spec);
  }
  return set;
}

// Reads figures from a table whose header cells name metrics: the total row ("Tổng cộng") or the
// only row of figures.
void read_table_metrics(const Unit &unit, const std::string &section, const MetricSet &metrics,
                        std::map<std::string, std::vector<MetricHit>> &hits,
                        const std::vector<std::string> &header_above) {
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> row_offsets;
  // Rows end at a line break of the flowing text or at a line of the source (a plain-text table
  // comes reflowed into one paragraph).
  std::set<size_t> row_ends;
  for (size_t at = unit.text.find('\n'); at != std::string::npos; at = unit.text.find('\n', at + 1))
    row_ends.insert(at);
  for (size_t line_start : unit.paragraph->line_starts)
    if (line_start > unit.offset && line_start - unit.offset <= unit.text.size())
      row_ends.insert(line_start - unit.offset - 1);
  row_ends.insert(unit.text.size());
  size_t start = 0;
  for (size_t end : row_ends) {
    if (end < start) continue;
    std::vector<std::string> cells;
    size_t cell_start = start;
    while (cell_start <= end) {
      size_t cell_end = unit.text.find('\t', cell_start);
      if (cell_end == std::string::npos || cell_end > end) cell_end = end;
      cells.push_back(trim(unit.text.substr(cell_start, cell_end - cell_start)));
      cell_start = cell_end + 1;
    }
    rows.push_back(cells);
    row_offsets.push_back(start);
    start = end + 1;
  }
  // Header row: the last row before the first row of figures in which some cell names a metric.
  std::map<size_t, const MetricSpec *> columns;
  size_t header_row = std::string::npos;
  for (size_t r = 0; r < rows.size(); ++r) {
    std::map<size_t, const MetricSpec *> found;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string cell = fold_accents(rows[r][c]);
      for (const MetricSpec *spec : metrics.specs)
        for (const std::string &name : spec->columns)
          if (cell == name) found[c] = spec;
    }
    if (found.size() >= 2) {
      columns = found;
      header_row = r;
    }
  }
  if (header_row == std::string::npos) {
    read_transposed_table(unit, section, metrics, rows, row_offsets, header_above, hits);
    return;
  }
  std::vector<size_t> figure_rows;
  std::optional<size_t> total_row;
  for (size_t r = header_row + 1; r < rows.size(); ++r) {
    bool numbers = false;
    for (const auto &[c, spec] : columns)
      if (c < rows[r].size() && parse_vietnamese_number(rows[r][c])) numbers = true;
    if (!numbers) continue;
    figure_rows.push_back(r);
    if (!rows[r].empty() && fold_accents(rows[r][0]).starts_with("tong")) total_row = r;
  }
  std::optional<size_t> row = total_row;
  if (!row && figure_rows.size() == 1) row = figure_rows.front();
  if (!row) return;
  const size_t row_begin = row_offsets[*row];
  const size_t row_end =
      *row + 1 < row_offsets.size() ? row_offsets[*row + 1] - 1 : unit.text.size();
  for (const auto &[c, spec] : columns) {
    if (c >= rows[*row].size()) continue;
    const auto value = parse_vietnamese_number(rows[*row][c]);
    if (!value) continue;
    hits[spec->key].push_back({*value, section, evidence_of(unit, row_begin, row_end),
                               unit.paragraph_index, unit.offset + row_begin,
                               unit.offset + row_end});
  }
}

void read_text_metrics(const Unit &unit, const std::string &section, const MetricSet &metrics,
                       std::map<std::string, std::vector<MetricHit>> &hits,
                       std::vector<Evidence> &unread) {
  const FoldedText folded = fold_accents_mapped(unit.text);
  std::set<std::string> by_pattern; // keys a pattern found here: the clause reader adds others
  std::vector<std::pair<size_t, size_t>> pattern_places; // unit bytes the patterns quoted
  for (const MetricSpec *spec_ptr : metrics.specs) {
    const MetricSpec &spec = *spec_ptr;
    for (const MetricPattern &pattern : spec.patterns) {
      re2::StringPiece input(folded.text);
      re2::StringPiece whole, figure;
      // RE2 refuses more arguments than the pattern has groups: a fixed-value pattern has one.
      auto next = [&]() {
        return pattern.fixed_value ? RE2::FindAndConsume(&input, *pattern.re, &whole)
                                   : RE2::FindAndConsume(&input, *pattern.re, &whole, &figure);
      };
      while (next()) {
        std::optional<double> value = pattern.fixed_value;
        if (!value) value = parse_vietnamese_number(figure.as_string());
        if (!value) continue;
        const size_t key_begin = whole.data() - folded.text.data();
        const auto [begin, end] = folded.source_range(key_begin, key_begin + whole.size());
        Evidence evidence = evidence_of(unit, begin, end);
        // How far to trust the figure is how well its own digits were read, not the weakest
        // word of the phrase around it (a trailing "sinh." read at 15 % says nothing about the
        // number). A fixed value rests on the whole phrase: its words' mean.
        if (!pattern.fixed_value) {
          const size_t figure_key = figure.data() - folded.text.data();
          const auto [figure_begin, figure_end] =
              folded.source_range(figure_key, figure_key + figure.size());
          evidence.confidence = evidence_of(unit, figure_begin, figure_end).confidence;
        } else {
          evidence.confidence = mean_confidence_of(unit, begin, end);
        }
        hits[spec.key].push_back({*value, section, evidence, unit.paragraph_index,
                                  unit.offset + begin, unit.offset + end});
        by_pattern.insert(spec.key);
        pattern_places.emplace_back(begin, end);
        if (whole.empty()) break;
      }
    }
  }
  // Other word orders: the clause reader, for the figures no pattern found in this paragraph.
  std::vector<UnreadFigure> unread_here;
  for (const FigureReading &reading :
       read_figures_in_clauses(folded.text, vocabulary().concepts, &unread_here)) {
    if (by_pattern.count(reading.key) > 0) continue;
    const auto [begin, end] = folded.source_range(reading.begin, reading.end);
    const auto [figure_begin, figure_end] =
        folded.source_range(reading.figure_begin, reading.figure_end);
    Evidence evidence = evidence_of(unit, begin, end);
    evidence.text = trim(evidence.text);
    evidence.confidence = evidence_of(unit, figure_begin, figure_end).confidence;
    hits[reading.key].push_back({reading.value, section, evidence, unit.paragraph_index,
                                 unit.offset + begin, unit.offset + end});
    pattern_places.emplace_back(begin, end);
  }
  for (const UnreadFigure &figure : unread_here) {
    const std::pair<size_t, size_t> range = folded.source_range(figure.begin, figure.end);
    const size_t begin = range.first, end = range.second;
    const bool taken =
        std::any_of(pattern_places.begin(), pattern_places.end(),
                    [&](const auto &place) { return place.first < end && begin < place.second; });
    if (taken) continue;
    Evidence evidence = evidence_of(unit, begin, end);
    evidence.text = trim(evidence.text);
    unread.push_back(evidence);
  }
}

void settle_metrics(Record &record, const MetricSet &metrics,
                    std::map<std::string, std::vector<MetricHit>> &hits) {
  std::set<std::string> settled;
  for (const MetricSpec *spec_ptr : metrics.specs) {
    const MetricSpec &spec = *spec_ptr;
    if (!settled.insert(spec.key).second) continue; // a plan's spec of a known key: one settling
    auto found = hits.find(spec.key);
    if (found == hits.end() || found->second.empty()) continue;
    std::vector<MetricHit> candidates = found->second;
    // Two patterns may match the same words: keep one hit per quoted place.
    std::vector<MetricHit> distinct;
    for (const MetricHit &hit : candidates) {
      const bool same_place =
          std::any_of(distinct.begin(), distinct.end(), [&](const MetricHit &o) {
            return o.paragraph == hit.paragraph && o.begin < hit.end && hit.begin < o.end;
          });
      if (!same_place) distinct.push_back(hit);
    }
    if (spec.sum_in_paragraph) {
      std::vector<MetricHit> summed;
      for (const MetricHit &hit : distinct) {
        auto it = std::find_if(summed.begin(), summed.end(),
                               [&](const MetricHit &o) { return o.paragraph == hit.paragraph; });
        if (it == summed.end()) {
          summed.push_back(hit);
        } else {
          it->value += hit.value;
          it->evidence.text += " … " + hit.evidence.text;
        }
      }
      distinct = summed;
    }
    const bool counts = spec.unit != "percent";
    bool consistent = true;
    for (const MetricHit &hit : distinct) {
      if (hit.value != distinct.front().value) consistent = false;
      if (counts && std::floor(hit.value) != hit.value) consistent = false;
    }
    if (!consistent) {
      std::string values;
      for (const MetricHit &hit : distinct)
        values += fmt::format("{}'{}' (page {})", values.empty() ? "" : ", ", hit.evidence.text,
                              hit.evidence.page);
      warn(record, WarningCode::ambiguous_metric, "metrics." + spec.key,
           fmt::format("{} is stated with different values: {}; it is left out, check the "
                       "document",
                       spec.key, values));
      continue;
    }
    const MetricHit &first = distinct.front();
    record.metrics.push_back({spec.key, first.value, spec.unit, first.section, first.evidence});
  }
}

} // namespace vnotice::record_parts

namespace vnotice {

std::optional<double> parse_vietnamese_number(std::string_view text) {
  static const RE2 grouped(R"((\d{1,3}(?:\.\d{3})+)(?:,(\d+))?)");
  static const RE2 plain(R"((\d+)(?:,(\d+))?)");
  std::string whole, fraction;
  const re2::StringPiece input(text.data(), text.size());
  if (!RE2::FullMatch(input, grouped, &whole, &fraction) &&
      !RE2::FullMatch(input, plain, &whole, &fraction))
    return std::nullopt;
  whole.erase(std::remove(whole.begin(), whole.end(), '.'), whole.end());
  if (whole.size() > 15) return std::nullopt;
  const std::string normal = fraction.empty() ? whole : whole + "." + fraction;
  return std::stod(normal);
}

} // namespace vnotice
