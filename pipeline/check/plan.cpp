#include "pipeline/check/plan.h"

#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "pipeline/json_node.h"
#include "pipeline/messages.h"
#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <re2/re2.h>
#include <set>

namespace vnotice {

namespace {

// The compiled-in pipeline/check/data/checker_terms.tsv (see pipeline/CMakeLists.txt).
constexpr std::string_view kTermsTsv =
#include "pipeline/check/checker_terms.inc"
    ;

} // namespace

const std::vector<TermRow> &checker_terms() {
  static const std::vector<TermRow> rows = [] {
    std::vector<TermRow> out;
    size_t start = 0;
    while (start < kTermsTsv.size()) {
      size_t end = kTermsTsv.find('\n', start);
      if (end == std::string_view::npos) end = kTermsTsv.size();
      const std::string_view line = kTermsTsv.substr(start, end - start);
      start = end + 1;
      if (line.empty() || line.front() == '#') continue;
      const auto cells = split(line, '\t');
      if (cells.size() != 3)
        throw Error(ExitCode::internal, "pipeline/check/data/checker_terms.tsv",
                    trf("a row does not have three cells: {}", line));
      out.push_back({cells[0], cells[1], cells[2]});
    }
    return out;
  }();
  return rows;
}

const std::vector<std::string> &known_metric_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const TermRow &row : checker_terms())
      if (row.kind == "metric") out.push_back(row.key);
    return out;
  }();
  return keys;
}

bool is_known_metric(std::string_view key) {
  const auto &keys = known_metric_keys();
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string metric_words(std::string_view key) {
  for (const TermRow &row : checker_terms())
    if (row.kind == "metric" && row.key == key) return row.text;
  return std::string(key);
}

std::optional<long> iso_day_number(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (iso[i] < '0' || iso[i] > '9') return std::nullopt;
  const auto number = [&iso](size_t at, size_t length) {
    int value = 0;
    for (size_t i = at; i < at + length; ++i)
      value = value * 10 + (iso[i] - '0');
    return value;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return std::nullopt;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  // Days from civil (H. Hinnant's algorithm), exact for the proleptic Gregorian calendar.
  const int y = year - (month <= 2 ? 1 : 0);
  const long era = y / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::string vietnamese_date(std::string_view iso) {
  if (!iso_day_number(iso)) return std::string(iso);
  return fmt::format("{}/{}/{}", iso.substr(8, 2), iso.substr(5, 2), iso.substr(0, 4));
}

std::string_view comparison_words(Comparison comparison) {
  switch (comparison) {
  case Comparison::at_least: return "không thấp hơn";
  case Comparison::at_most: return "không vượt quá";
  case Comparison::equal: return "bằng";
  case Comparison::greater: return "cao hơn";
  case Comparison::less: return "thấp hơn";
  }
  return "";
}

std::string_view comparison_symbol(Comparison comparison) {
  switch (comparison) {
  case Comparison::at_least: return ">=";
  case Comparison::at_most: return "<=";
  case Comparison::equal: return "=";
  case Comparison::greater: return ">";
  case Comparison::less: return "<";
  }
  return "?";
}

bool compare(double value, Comparison comparison, double target) {
  // Figures are read from text with at most two decimals: compare at that precision so 95.0 read
  // as 94.999999 still meets ">= 95".
  constexpr double kEpsilon = 1e-6;
  switch (comparison) {
  case Comparison::at_least: return value >= target - kEpsilon;
  case Comparison::at_most: return value <= target + kEpsilon;
  case Comparison::equal: return std::abs(value - target) <= kEpsilon;
  case Comparison::greater: return value > target + kEpsilon;
  case Comparison::less: return value < target - kEpsilon;
  }
  return false;
}

const PlanUnit *InspectionPlan::unit(std::string_view id) const {
  for (const PlanUnit &candidate : units)
    if (candidate.id == id) return &candidate;
  return nullptr;
}

size_t InspectionPlan::unit_index(std::string_view id) const {
  for (size_t i = 0; i < units.size(); ++i)
    if (units[i].id == id) return i;
  return units.size();
}

namespace {

void flatten(const std::vector<PlanCriterion> &criteria, std::vector<const PlanCriterion *> &out) {
  for (const PlanCriterion &criterion : criteria) {
    out.push_back(&criterion);
    flatten(criterion.children, out);
  }
}

} // namespace

std::vector<const PlanCriterion *> InspectionPlan::flat_criteria() const {
  std::vector<const PlanCriterion *> out;
  flatten(criteria, out);
  return out;
}

std::vector<FigureSpec> InspectionPlan::figure_specs() const {
  std::vector<FigureSpec> out;
  for (const PlanCriterion *criterion : flat_criteria())
    out.insert(out.end(), criterion->figures.begin(), criterion->figures.end());
  return out;
}

namespace {

std::string nonempty_string(const JsonNode &node) {
  std::string text = node.as_string();
  if (text.find_first_not_of(" \t\n") == std::string::npos)
    node.fail(tr("expected a non-empty text, found an empty one"));
  return text;
}

std::string iso_date(const JsonNode &node) {
  const std::string text = node.as_string();
  if (!iso_day_number(text))
    node.fail(trf("expected a date as YYYY-MM-DD (e.g. \"2021-08-31\"), found \"{}\"", text));
  return text;
}

std::optional<std::string> optional_text(const JsonNode &node, const std::string &key) {
  if (auto child = node.optional(key)) return nonempty_string(*child);
  return std::nullopt;
}

std::vector<std::string> string_list(const JsonNode &node, const std::string &key) {
  std::vector<std::string> out;
  if (auto child = node.optional(key))
    for (const JsonNode &element : child->elements())
      out.push_back(nonempty_string(element));
  return out;
}

// Metric keys are checked once every criterion's figures are known (a target or an earlier
// criterion may name a figure defined further down).
struct PendingKeys {
  std::vector<JsonNode> nodes;
  std::set<std::string> defined; // keys the plan's figures define
};

std::string metric_key(const JsonNode &node, PendingKeys &pending) {
  pending.nodes.push_back(node);
  return node.as_string();
}

void check_metric_keys(const PendingKeys &pending) {
  for (const JsonNode &node : pending.nodes) {
    const std::string key = node.as_string();
    if (is_known_metric(key) || pending.defined.count(key)) continue;
    std::string known;
    for (const std::string &name : known_metric_keys())
      known += (known.empty() ? "" : ", ") + name;
    for (const std::string &name : pending.defined)
      if (!is_known_metric(name)) known += ", " + name;
    node.fail(trf("unknown metric \"{}\"; expected one of {} (or a key defined in a "
                  "criterion's \"figures\")",
                  key, known));
  }
}

// Patterns match the accent-folded text: accented letters a plan writes are folded here, ASCII
// (escapes such as \D included) is left as written.
std::string folded_pattern(const std::string &pattern) {
  std::string out, run;
  for (const char c : pattern) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      run += c;
      continue;
    }
    if (!run.empty()) out += fold_accents(run), run.clear();
    out += c;
  }
  if (!run.empty()) out += fold_accents(run);
  return out;
}

size_t count_of(const std::string &text, std::string_view what) {
  size_t count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++count;
  return count;
}

// A pattern as the parser will use it (extractors/record_parser.cpp): {n} and {x} become number
// expressions and the whole is wrapped in a group, the figure being the second group. So it must
// compile, take exactly one {n} (none when it has a fixed value) and have no group of its own.
FigurePattern figure_pattern(const JsonNode &node) {
  FigurePattern pattern;
  std::optional<JsonNode> re_node;
  if (node.value().is_string()) {
    re_node = node;
  } else {
    node.expect_keys({"re", "value"});
    re_node = node.required("re");
    if (auto value = node.optional("value")) pattern.value = value->as_number();
  }
  pattern.re = folded_pattern(nonempty_string(*re_node));
  const size_t taken = count_of(pattern.re, "{n}");
  if (pattern.value && taken > 0)
    re_node->fail(tr("a pattern with a fixed \"value\" takes no figure: remove {n}"));
  if (!pattern.value && taken != 1)
    re_node->fail(trf("expected exactly one {{n}} where the figure stands (or an object "
                      "{{\"re\": ..., \"value\": ...}} for a fixed value), found {}",
                      taken));
  std::string expanded = pattern.re;
  for (const auto &[from, to] :
       {std::pair<std::string_view, std::string_view>{"{n}", "(\\d+)"}, {"{x}", "\\d+"}})
    for (size_t at = expanded.find(from); at != std::string::npos; at = expanded.find(from, at))
      expanded.replace(at, from.size(), to), at += to.size();
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 compiled("(" + expanded + ")", options);
  if (!compiled.ok()) re_node->fail(trf("not a valid RE2 expression: {}", compiled.error()));
  if (compiled.NumberOfCapturingGroups() != static_cast<int>(1 + taken))
    re_node->fail(tr("the pattern has a group of its own; write (?:...) instead of (...)"));
  return pattern;
}

FigureSpec figure_from(const JsonNode &node, PendingKeys &pending) {
  node.expect_keys({"key", "unit", "patterns", "columns", "sum_in_paragraph"});
  FigureSpec figure;
  const JsonNode key = node.required("key");
  figure.key = nonempty_string(key);
  if (!RE2::FullMatch(figure.key, "[a-z][a-z0-9_]*"))
    key.fail(trf("expected a key of lower-case letters, digits and _ starting with a "
                 "letter (e.g. \"records_online\"), found \"{}\"",
                 figure.key));
  if (!pending.defined.insert(figure.key).second)
    key.fail(trf("the figure \"{}\" is defined twice; define it once", figure.key));
  figure.unit = nonempty_string(node.required("unit"));
  const JsonNode patterns = node.required("patterns");
  for (const JsonNode &element : patterns.elements())
    figure.patterns.push_back(figure_pattern(element));
  if (figure.patterns.empty()) patterns.fail(tr("expected at least one pattern"));
  for (const std::string &column : string_list(node, "columns"))
    figure.columns.push_back(fold_accents(column));
  if (auto sum = node.optional("sum_in_paragraph")) figure.sum_in_paragraph = sum->as_bool();
  return figure;
}

// Criteria are read recursively: a plan nested thousands of levels deep overflowed the stack.
// Real plans have three or four levels.
constexpr int kMaxCriterionDepth = 16;

PlanCriterion criterion_from(const JsonNode &node, const std::string &parent_path,
                             std::set<std::string> &paths, PendingKeys &pending, int depth = 1) {
  if (depth > kMaxCriterionDepth)
    node.fail(trf("criteria are nested more than {} levels deep; check the \"children\"",
                  kMaxCriterionDepth));
  node.expect_keys({"label", "title", "required", "metrics", "figures", "children"});
  PlanCriterion criterion;
  const JsonNode label = node.required("label");
  criterion.label = nonempty_string(label);
  // Labels are written as at their level ("b"), or already in full ("2.2" under "2").
  if (parent_path.empty() || criterion.label.rfind(parent_path + ".", 0) == 0)
    criterion.path = criterion.label;
  else
    criterion.path = parent_path + "." + criterion.label;
  if (!paths.insert(criterion.path).second)
    label.fail(trf("the criterion {} is listed twice; labels must be unique", criterion.path));
  criterion.title = nonempty_string(node.required("title"));
  if (auto required = node.optional("required")) criterion.required = required->as_bool();
  if (auto metrics = node.optional("metrics"))
    for (const JsonNode &element : metrics->elements())
      criterion.metrics.push_back(metric_key(element, pending));
  if (auto figures = node.optional("figures"))
    for (const JsonNode &element : figures->elements())
      criterion.figures.push_back(figure_from(element, pending));
  if (auto children = node.optional("children"))
    for (const JsonNode &child : children->elements())
      criterion.children.push_back(
          criterion_from(child, criterion.path, paths, pending, depth + 1));
  return criterion;
}

Comparison comparison_from(const JsonNode &node) {
  const std::string text = node.as_string();
  for (Comparison comparison : {Comparison::at_least, Comparison::at_most, Comparison::equal,
                                Comparison::greater, Comparison::less})
    if (comparison_symbol(comparison) == text) return comparison;
  node.fail(trf("expected one of \">=\", \"<=\", \"=\", \">\", \"<\", found \"{}\"", text));
}

} // namespace

InspectionPlan plan_from_json(const nlohmann::json &json, const std::string &file) {
  const JsonNode root(json, file);
  root.expect_keys({"schema_version", "number_symbol", "date", "issuer", "subject", "period",
                    "request", "units", "criteria", "targets", "tolerances", "notice"});
  InspectionPlan plan;
  plan.file = file;
  const JsonNode version = root.required("schema_version");
  if (version.as_integer() != InspectionPlan::kSchemaVersion)
    version.fail(
        trf("expected {}, the plan format this vnotice reads", InspectionPlan::kSchemaVersion));
  plan.number_symbol = nonempty_string(root.required("number_symbol"));
  plan.date = iso_date(root.required("date"));

  const JsonNode issuer = root.required("issuer");
  issuer.expect_keys({"parent_issuer", "issuer", "issuer_name"});
  plan.issuer.parent_issuer = optional_text(issuer, "parent_issuer");
  plan.issuer.issuer = nonempty_string(issuer.required("issuer"));
  plan.issuer.issuer_name = nonempty_string(issuer.required("issuer_name"));
  plan.subject = nonempty_string(root.required("subject"));

  const JsonNode period = root.required("period");
  period.expect_keys({"from", "to", "grace_days"});
  plan.period.from = iso_date(period.required("from"));
  const JsonNode to = period.required("to");
  plan.period.to = iso_date(to);
  if (*iso_day_number(plan.period.to) < *iso_day_number(plan.period.from))
    to.fail(trf("the period ends ({}) before it starts ({})", plan.period.to, plan.period.from));
  if (auto grace = period.optional("grace_days")) {
    const long long days = grace->as_integer();
    if (days < 0 || days > 366) grace->fail(tr("expected a number of days from 0 to 366"));
    plan.period.grace_days = static_cast<int>(days);
  }

  if (auto request = root.optional("request")) {
    request->expect_keys({"number_symbol", "date"});
    plan.request = PlanLetter{nonempty_string(request->required("number_symbol")),
                              iso_date(request->required("date"))};
  }

  const JsonNode units = root.required("units");
  std::set<std::string> ids;
  for (const JsonNode &node : units.elements()) {
    node.expect_keys({"id", "name", "short_names", "aliases", "aggregate"});
    PlanUnit unit;
    const JsonNode id = node.required("id");
    unit.id = nonempty_string(id);
    if (!ids.insert(unit.id).second)
      id.fail(trf("the unit id \"{}\" is used twice; ids must be unique", unit.id));
    unit.name = nonempty_string(node.required("name"));
    unit.short_names = string_list(node, "short_names");
    unit.aliases = string_list(node, "aliases");
    if (auto aggregate = node.optional("aggregate")) unit.aggregate = aggregate->as_bool();
    plan.units.push_back(std::move(unit));
  }
  if (plan.units.empty()) units.fail(tr("expected at least one unit to inspect"));

  std::set<std::string> paths;
  PendingKeys pending;
  for (const JsonNode &node : root.required("criteria").elements())
    plan.criteria.push_back(criterion_from(node, "", paths, pending));

  if (auto targets = root.optional("targets"))
    for (const JsonNode &node : targets->elements()) {
      node.expect_keys({"metric", "comparison", "value", "units"});
      PlanTarget target;
      target.metric = metric_key(node.required("metric"), pending);
      target.comparison = comparison_from(node.required("comparison"));
      target.value = node.required("value").as_number();
      if (auto scope = node.optional("units"))
        for (const JsonNode &element : scope->elements()) {
          const std::string id = element.as_string();
          if (!plan.unit(id))
            element.fail(trf("no unit has the id \"{}\"; expected one of the ids in "
                             "\"units\"",
                             id));
          target.units.push_back(id);
        }
      plan.targets.push_back(std::move(target));
    }

  check_metric_keys(pending);

  if (auto tolerances = root.optional("tolerances")) {
    tolerances->expect_keys({"percent_points", "min_confidence"});
    if (auto points = tolerances->optional("percent_points")) {
      plan.tolerances.percent_points = points->as_number();
      if (plan.tolerances.percent_points < 0 || plan.tolerances.percent_points > 100)
        points->fail(tr("expected a number of percentage points from 0 to 100"));
    }
    if (auto confidence = tolerances->optional("min_confidence")) {
      plan.tolerances.min_confidence = confidence->as_number();
      if (plan.tolerances.min_confidence < 0 || plan.tolerances.min_confidence > 1)
        confidence->fail(tr("expected a confidence from 0 to 1"));
    }
  }

  const JsonNode notice = root.required("notice");
  notice.expect_keys(
      {"number_symbol", "symbol", "place", "date", "subject", "signer", "recipients"});
  plan.notice.number_symbol = optional_text(notice, "number_symbol");
  if (auto symbol = notice.optional("symbol")) {
    plan.notice.symbol = nonempty_string(*symbol);
    if (plan.notice.number_symbol) {
      const std::string &full = *plan.notice.number_symbol;
      const size_t slash = full.find('/');
      if (slash == std::string::npos || full.substr(slash + 1) != plan.notice.symbol)
        symbol->fail(trf("\"{}\" does not match number_symbol \"{}\"", plan.notice.symbol, full));
    }
  } else if (plan.notice.number_symbol) {
    const std::string &full = *plan.notice.number_symbol;
    const size_t slash = full.find('/');
    if (slash == std::string::npos || slash + 1 == full.size())
      notice.required("number_symbol")
          .fail(trf("expected NUMBER/SYMBOL like \"1935/TB-SCT\", found \"{}\"", full));
    plan.notice.symbol = full.substr(slash + 1);
  } else {
    notice.fail(tr("expected \"symbol\" (e.g. \"TB-SCT\") or \"number_symbol\" (e.g. "
                   "\"1935/TB-SCT\") for the notice"));
  }
  plan.notice.place = nonempty_string(notice.required("place"));
  if (auto date = notice.optional("date")) plan.notice.date = iso_date(*date);
  plan.notice.subject = optional_text(notice, "subject");
  const JsonNode signer = notice.required("signer");
  signer.expect_keys({"authority", "title", "name"});
  plan.notice.signer.authority = optional_text(signer, "authority");
  plan.notice.signer.title = nonempty_string(signer.required("title"));
  plan.notice.signer.name = nonempty_string(signer.required("name"));
  plan.notice.recipients = string_list(notice, "recipients");
  return plan;
}

InspectionPlan load_plan(const std::string &path) {
  const InputFile input = InputFile::read(path);
  return plan_from_json(parse_json_text(input.bytes, path), path);
}

} // namespace vnotice
