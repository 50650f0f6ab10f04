#include "extractors/record_parser_parts.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

namespace vnotice::record_parts {
namespace {

// --- vocabulary (extractors/data/*.json, embedded at build time) -------------------------------

const char kDecree30Json[] =
#include "decree30_json.inc"
    ;
const char kMetricsJson[] =
#include "metrics_json.inc"
    ;

// The figure of a metric pattern: Vietnamese digits with '.' thousands and ',' decimals.
constexpr const char *kNumber = R"(\b(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?))";
constexpr const char *kOtherNumber = R"(\b(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?))";

std::unique_ptr<RE2> compile(const std::string &pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  // A bad pattern in our own data file is a programmer error, found by the first test run.
  if (!re->ok()) throw std::logic_error("bad pattern in parser data: " + pattern);
  return re;
}

Vocabulary load_vocabulary() {
  Vocabulary vocabulary;
  const auto decree = nlohmann::json::parse(kDecree30Json);
  for (const auto &entry : decree.at("doc_types")) {
    const std::string name = entry.at(0).get<std::string>();
    vocabulary.doc_types.emplace_back(fold(name), entry.at(1).get<std::string>());
    vocabulary.doc_type_names.emplace_back(fold(name), name);
  }
  for (const auto &entry : decree.at("cited_types"))
    vocabulary.cited_types.emplace_back(fold(entry.at(0).get<std::string>()),
                                        entry.at(1).get<std::string>());
  for (const auto &prefix : decree.at("authority_prefixes"))
    vocabulary.authority_prefixes.push_back(prefix.get<std::string>());
  for (const auto &head : decree.at("organisation_heads"))
    vocabulary.organisation_heads.push_back(fold(head.get<std::string>()));
  for (const auto &phrase : decree.at("issuer_phrases"))
    vocabulary.issuer_phrases.push_back(fold(phrase.get<std::string>()));
  for (const auto &start : decree.at("body_starts"))
    vocabulary.body_starts.push_back(fold_accents(start.get<std::string>()));

  const auto metrics = nlohmann::json::parse(kMetricsJson);
  for (const auto &entry : metrics.at("metrics")) {
    FigureSpec figure;
    figure.key = entry.at("key").get<std::string>();
    figure.unit = entry.at("unit").get<std::string>();
    figure.sum_in_paragraph = entry.value("sum_in_paragraph", false);
    for (const auto &pattern : entry.at("patterns")) {
      if (pattern.is_string())
        figure.patterns.push_back({pattern.get<std::string>(), std::nullopt});
      else
        figure.patterns.push_back(
            {pattern.at("re").get<std::string>(), pattern.at("value").get<double>()});
    }
    if (entry.contains("columns"))
      for (const auto &column : entry.at("columns"))
        figure.columns.push_back(column.get<std::string>());
    vocabulary.metrics.push_back(compile_spec(figure));
    if (entry.contains("concept")) {
      const auto &concept_json = entry.at("concept");
      FigureConcept concept_;
      concept_.key = figure.key;
      concept_.terms = concept_json.at("terms").get<std::vector<std::string>>();
      concept_.units = concept_json.at("units").get<std::vector<std::string>>();
      concept_.over = concept_json.value("over", std::vector<std::string>{});
      concept_.rate_key = concept_json.value("rate_key", std::string());
      vocabulary.concepts.push_back(std::move(concept_));
    }
  }
  return vocabulary;
}

// Below this OCR confidence (0..1) every word of a line, the line is not text: Tesseract scores
// marks it could not read as any letter (a rule, a speck, part of a seal) near 0, while even
// badly damaged printed words score 0.2 or more on the variation corpus's scans.
constexpr double kNoReading = 0.05;

} // namespace

MetricSpec compile_spec(const FigureSpec &figure) {
  MetricSpec spec;
  spec.key = figure.key;
  spec.unit = figure.unit;
  spec.sum_in_paragraph = figure.sum_in_paragraph;
  for (const FigurePattern &pattern : figure.patterns) {
    MetricPattern compiled;
    compiled.fixed_value = pattern.value;
    const std::string text =
        replace_all(replace_all(pattern.re, "{n}", kNumber), "{x}", kOtherNumber);
    compiled.re = compile("(" + text + ")");
    spec.patterns.push_back(std::move(compiled));
  }
  for (const std::string &column : figure.columns)
    spec.columns.push_back(fold_accents(column));
  return spec;
}

const Vocabulary &vocabulary() {
  static const Vocabulary instance = load_vocabulary();
  return instance;
}

// --- text units with evidence --------------------------------------------------------------------

Evidence evidence_of(const Unit &unit, size_t begin, size_t end) {
  end = std::min(end, unit.text.size());
  Evidence evidence;
  evidence.text = trim(std::string_view(unit.text).substr(begin, end - begin));
  const size_t from = unit.offset + begin, to = unit.offset + end;
  std::optional<Box> box;
  for (const WordSpan &word : unit.paragraph->words) {
    if (word.end <= from || word.begin >= to) continue;
    if (evidence.page == 0) evidence.page = word.page;
    if (word.page != evidence.page) continue; // a quote across a page break: the first page's part
    evidence.confidence = std::min(evidence.confidence, word.confidence);
    const bool has_box = word.box.x1 > word.box.x0 || word.box.y1 > word.box.y0;
    if (has_box) box = box ? box->united(word.box) : word.box;
  }
  if (evidence.page == 0) evidence.page = unit.paragraph->page();
  evidence.box = box;
  return evidence;
}

bool not_read(const Unit &unit) {
  bool any = false;
  for (const WordSpan &word : unit.paragraph->words) {
    if (word.end <= unit.offset || word.begin >= unit.offset + unit.text.size()) continue;
    if (word.confidence >= kNoReading) return false;
    any = true;
  }
  return any;
}

double mean_confidence_of(const Unit &unit, size_t begin, size_t end) {
  const size_t from = unit.offset + begin, to = unit.offset + end;
  double sum = 0;
  int count = 0;
  for (const WordSpan &word : unit.paragraph->words)
    if (word.end > from && word.begin < to) {
      sum += word.confidence;
      ++count;
    }
  return count == 0 ? 1.0 : sum / count;
}

std::vector<Unit> units_of(const std::vector<FlowParagraph> &paragraphs, bool by_source_line) {
  std::vector<Unit> units;
  for (size_t p = 0; p < paragraphs.size(); ++p) {
    const FlowParagraph &paragraph = paragraphs[p];
    const bool table = paragraph.kind == BlockKind::table ||
                       std::count(paragraph.text.begin(), paragraph.text.end(), '\t') >= 2;
    if (table && !by_source_line) {
      units.push_back({paragraph.text, &paragraph, 0, BlockKind::table, p});
      continue;
    }
    std::set<size_t> cuts;
    for (size_t at = paragraph.text.find('\n'); at != std::string::npos;
         at = paragraph.text.find('\n', at + 1))
      cuts.insert(at + 1);
    if (by_source_line)
      for (size_t start : paragraph.line_starts)
        if (start > 0) cuts.insert(start);
    cuts.insert(paragraph.text.size() + 1);
    size_t start = 0;
    for (size_t cut : cuts) {
      size_t end = cut - 1;
      if (end > paragraph.text.size()) end = paragraph.text.size();
      std::string line = paragraph.text.substr(start, end - start);
      if (!line.empty() && line.back() == '\n') line.pop_back();
      if (!trim(line).empty()) units.push_back({line, &paragraph, start, paragraph.kind, p});
      start = cut;
    }
  }
  return units;
}

size_t coarse_index(const std::vector<Unit> &coarse, const std::vector<Unit> &fine, size_t index) {
  if (index >= fine.size()) return coarse.size();
  const Unit &at = fine[index];
  for (size_t i = 0; i < coarse.size(); ++i)
    if (coarse[i].paragraph_index > at.paragraph_index ||
        (coarse[i].paragraph_index == at.paragraph_index &&
         coarse[i].offset + coarse[i].text.size() > at.offset))
      return i;
  return coarse.size();
}

// --- small helpers -----------------------------------------------------------------------------

std::string strip_trailing(std::string text, std::string_view characters) {
  while (!text.empty() && characters.find(text.back()) != std::string_view::npos)
    text.pop_back();
  return trim(text);
}

std::optional<std::string> iso_date(int day, int month, int year) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1945 || year > 2100 || month < 1 || month > 12 || day < 1 || day > kDays[month - 1])
    return std::nullopt;
  if (month == 2 && day == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
    return std::nullopt;
  return fmt::format("{:04}-{:02}-{:02}", year, month, day);
}

void warn(Record &record, WarningCode code, const std::string &field, const std::string &message) {
  record.warnings.push_back({code, field, message});
}

std::string join_words(const std::vector<std::string> &parts) {
  std::string out;
  for (const std::string &part : parts) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

namespace {

// The first code point of `word`, as UTF-8.
std::string first_character(std::string_view word) {
  if (word.empty()) return {};
  const auto lead = static_cast<unsigned char>(word[0]);
  const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::string(word.substr(0, std::min(length, word.size())));
}

} // namespace

bool starts_capital(std::string_view word) {
  const std::string first = first_character(word);
  return !first.empty() && is_upper_case(first);
}

} // namespace vnotice::record_parts
