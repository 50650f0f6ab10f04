#include "extractors/record_parser.h"
#include "pipeline/reflow.h"

#include "extractors/name_marks.h"

#include "extractors/figure_reader.h"

#include "extractors/signer.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <set>

namespace vnotice {
namespace {

// --- vocabulary (extractors/data/*.json, embedded at build time) -------------------------------

const char kDecree30Json[] =
#include "decree30_json.inc"
    ;
const char kMetricsJson[] =
#include "metrics_json.inc"
    ;

struct MetricPattern {
  std::unique_ptr<RE2> re;
  std::optional<double> fixed_value;
};

struct MetricSpec {
  std::string key;
  std::string unit;
  bool sum_in_paragraph = false;
  std::vector<MetricPattern> patterns;
  std::vector<std::string> columns; // accent-folded table header texts
};

// A figure's spec compiled: its patterns as RE2, {n} and {x} replaced.
MetricSpec compile_spec(const FigureSpec &figure);

struct Vocabulary {
  std::vector<std::pair<std::string, std::string>> doc_types;      // fold(name) -> code
  std::vector<std::pair<std::string, std::string>> doc_type_names; // fold(name) -> name
  std::vector<std::pair<std::string, std::string>> cited_types;    // folded words -> TYPE NAME
  std::vector<std::string> authority_prefixes;
  std::vector<std::string> organisation_heads; // fold(): case-insensitive, marks kept
  std::vector<std::string> issuer_phrases;     // folded
  std::vector<std::string> body_starts;        // folded
  std::vector<MetricSpec> metrics;
  std::vector<FigureConcept> concepts; // the clause reader's view of the counts
};

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

const Vocabulary &vocabulary() {
  static const Vocabulary instance = load_vocabulary();
  return instance;
}

// --- text units with evidence --------------------------------------------------------------------

// Below this OCR confidence (0..1) every word of a line, the line is not text: Tesseract scores
// marks it could not read as any letter (a rule, a speck, part of a seal) near 0, while even
// badly damaged printed words score 0.2 or more on the variation corpus's scans.
constexpr double kNoReading = 0.05;

// One line of the flowing text (a paragraph's title line, a column's line, a whole reflowed
// paragraph, or a whole table), with the paragraph it came from for evidence.
struct Unit {
  std::string text;
  const FlowParagraph *paragraph = nullptr;
  size_t offset = 0; // where `text` starts in paragraph->text
  BlockKind kind = BlockKind::paragraph;
  size_t paragraph_index = 0;
};

// Evidence for bytes [begin, end) of a unit's text: the quoted text, and the page, box and
// lowest confidence of the words it touches.
Evidence evidence_of(const Unit &unit, size_t begin = 0, size_t end = std::string::npos) {
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

// Every word of the unit was read at a confidence under kNoReading.
bool not_read(const Unit &unit) {
  bool any = false;
  for (const WordSpan &word : unit.paragraph->words) {
    if (word.end <= unit.offset || word.begin >= unit.offset + unit.text.size()) continue;
    if (word.confidence >= kNoReading) return false;
    any = true;
  }
  return any;
}

// The units of the flowing text. `by_source_line` splits paragraphs at every line of the source
// too (the letterhead and closing block of a plain-text file come as one reflowed paragraph);
// otherwise a reflowed paragraph is one unit, cut only where a title kept its own line. A
// paragraph whose lines hold tab-separated cells is a table.
// The mean confidence of the words of bytes [begin, end) of a unit's text.
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

// The first unit of `coarse` that starts at or after `fine` unit's position.
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

// OCR confidence (0-1) under which a word is taken for a guess: a heading or a cited date holding
// one is left null with a warning rather than quoted wrong.
constexpr double kSureWord = 0.5;

bool is_rule(std::string_view text) {
  return !text.empty() && std::none_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c >= 0x80;
  }) && text.find_first_not_of(" ") != std::string_view::npos;
}

// A rule of dashes may come as U+2014 or U+2013 characters: those are not letters either.
bool is_rule_line(const std::string &text) {
  std::string stripped = replace_all(replace_all(text, "\xE2\x80\x94", "-"), "\xE2\x80\x93", "-");
  stripped = replace_all(stripped, "\xE2\x80\x95", "-");
  return is_rule(trim(stripped));
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

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

void warn(Record &record, const std::string &code, const std::string &field,
          const std::string &message) {
  record.warnings.push_back({code, field, message});
}

void warn_missing(Record &record, const std::string &field, const std::string &what) {
  warn(record, "field_not_found", field,
       fmt::format("no {} was found; the field is left empty (check the document's first page "
                   "or the text vnotice extracted)",
                   what));
}

// --- letterhead --------------------------------------------------------------------------------

// "Số: 1935/TB-SCT", "Số:   /TB-SCT", "Số 12/2021/QĐ-UBND". On the accent-folded key.
const RE2 &number_line_re() {
  static const RE2 re(R"(^\s*so\s*[:.;]?\s*(\d+)?\s*((?:/\s*\d{4})?)\s*/\s*(\S+)\s*$)");
  return re;
}

// "Đồng Tháp, ngày 06 tháng 9 năm 2021" or "..., ngày 27/8/2021" on the folded key.
const RE2 &place_date_re() {
  static const RE2 re(
      R"(^\s*([^,]*?)\s*,?\s*ngay\s+(\d{1,2})\s*(?:thang\s+(\d{1,2})\s+nam\s+(\d{4})|[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})))");
  return re;
}

bool is_national_motto(const std::string &folded) {
  return folded.find("cong hoa xa hoi chu nghia") != std::string::npos ||
         folded.find("doc lap - tu do - hanh phuc") != std::string::npos ||
         folded.find("doc lap-tu do-hanh phuc") != std::string::npos ||
         (folded.find("doc lap") != std::string::npos &&
          folded.find("hanh phuc") != std::string::npos);
}

// Whether `line` starts with an organisation's head word ("SỞ", "THANH TRA", "CHI CỤC"). Marks
// count: "BẢO VỆ THỰC VẬT" does not start with "BÁO" (a newspaper). A word read without any mark
// (OCR lost them: "PHONG KE HOẠCH") is matched by its letters alone.
bool starts_organisation(const std::string &line) {
  const std::string folded = fold(line);
  const std::string bare = fold_accents(line);
  auto starts = [](const std::string &text, const std::string &head) {
    return starts_with(text, head) && (text.size() == head.size() || text[head.size()] == ' ');
  };
  for (const std::string &head : vocabulary().organisation_heads) {
    if (starts(folded, head)) return true;
    const std::string bare_head = fold_accents(head);
    if (starts(bare, bare_head) &&
        folded.substr(0, bare_head.size()) == bare.substr(0, bare_head.size()))
      return true;
  }
  return false;
}

struct LetterheadResult {
  size_t doc_type_unit = std::string::npos;
  size_t body_start = 0;
};

// The doc type line: a known type name alone on an upper-case line.
std::optional<std::string> doc_type_of_line(const std::string &text) {
  const std::string line = trim(text);
  if (line.empty() || !is_upper_case(line)) return std::nullopt;
  const std::string folded = fold(line);
  for (const auto &[name, full] : vocabulary().doc_type_names)
    if (folded == name) return full;
  return std::nullopt;
}

std::string join_words(const std::vector<std::string> &parts) {
  std::string out;
  for (const std::string &part : parts) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

// Parses the number/symbol from a "Số:" line.
void read_number_line(Record &record, const Unit &unit, const std::string &folded) {
  std::string number, year, symbol_folded;
  if (!RE2::FullMatch(folded, number_line_re(), &number, &year, &symbol_folded)) return;
  // The symbol keeps its original letters (QĐ, not qd): take it from the source text.
  const size_t slash = unit.text.rfind('/');
  std::string symbol = slash == std::string::npos ? "" : trim(unit.text.substr(slash + 1));
  // Decree 30 symbols hold letters, digits, "-" and "&": a mark after one is the line's or a
  // scan's.
  symbol = strip_trailing(symbol, ".,;:");
  std::string year_digits;
  for (char c : year)
    if (std::isdigit(static_cast<unsigned char>(c))) year_digits += c;
  if (!number.empty()) {
    // Numbers below 10 are written with a leading zero; the record keeps the number as written.
    record.number = year_digits.empty() ? number : number + "/" + year_digits;
  }
  if (!symbol.empty()) record.symbol = symbol;
  if (record.number && record.symbol) record.number_symbol = *record.number + "/" + *record.symbol;
  record.evidence["number_symbol"] = evidence_of(unit);
  if (record.symbol) {
    const std::string first = record.symbol->substr(0, record.symbol->find('-'));
    for (const auto &[name, code] : vocabulary().doc_types)
      if (fold(code) == fold(first)) record.type_code = code;
  }
}

void read_place_date(Record &record, const Unit &unit) {
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece place;
  std::string day, month, year, month2, year2;
  if (!RE2::PartialMatch(folded.text, place_date_re(), &place, &day, &month, &year, &month2,
                         &year2))
    return;
  const size_t place_begin = place.data() - folded.text.data();
  const auto [begin, end] = folded.source_range(place_begin, place_begin + place.size());
  std::string place_text = trim(unit.text.substr(begin, end - begin));
  if (!place_text.empty()) {
    record.place = place_text;
    record.evidence["place"] = evidence_of(unit);
  }
  const int d = std::stoi(day);
  const int m = std::stoi(month.empty() ? month2 : month);
  const int y = std::stoi(year.empty() ? year2 : year);
  record.date = iso_date(d, m, y);
  if (record.date)
    record.evidence["date"] = evidence_of(unit);
  else
    warn(record, "invalid_date", "date",
         fmt::format("the date '{}' is not a real calendar date; the field is left empty",
                     trim(unit.text)));
}

// Splits the upper-case letterhead lines into the parent body and the issuing body.
void read_issuers(Record &record, const std::vector<const Unit *> &lines) {
  if (lines.empty()) return;
  // Group lines into bodies: a line that starts with an organisation word starts a new body.
  std::vector<std::vector<const Unit *>> bodies;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string text = trim(lines[i]->text);
    // A head word wrapped over two lines ("THANH" / "TRA SỞ") starts a body too.
    const bool wrapped_head = i + 1 < lines.size() && text.find(' ') == std::string::npos &&
                              !starts_organisation(text) &&
                              starts_organisation(text + " " + trim(lines[i + 1]->text)) &&
                              !bodies.empty() && !starts_organisation(trim(lines[i + 1]->text));
    // A body's name is its head word and a name after it: a head word alone on the last line
    // (or before another body's line) ends the name above it ("THANH" / "TRA" / "SỞ", the
    // inspectorate of the Sở, in a narrow letterhead cell).
    const bool lone_head = text.find(' ') == std::string::npos &&
                           (i + 1 == lines.size() || starts_organisation(trim(lines[i + 1]->text)));
    if (bodies.empty() || (starts_organisation(text) && !lone_head) || wrapped_head)
      bodies.emplace_back();
    bodies.back().push_back(lines[i]);
  }
  auto joined = [](const std::vector<const Unit *> &body) {
    std::vector<std::string> parts;
    for (const Unit *line : body)
      parts.push_back(strip_trailing(trim(line->text), ".,;:"));
    return join_words(parts);
  };
  record.issuer = joined(bodies.back());
  record.evidence["issuer"] = evidence_of(*bodies.back().front());
  if (bodies.size() >= 2) {
    std::vector<const Unit *> parent;
    for (size_t i = 0; i + 1 < bodies.size(); ++i)
      parent.insert(parent.end(), bodies[i].begin(), bodies[i].end());
    record.parent_issuer = joined(parent);
    record.evidence["parent_issuer"] = evidence_of(*parent.front());
  }
}

// Reads letterhead, type and subject; returns the index of the first body unit.
bool starts_capital(std::string_view word);
bool has_heading_label(const std::string &text);

size_t read_head(Record &record, const std::vector<Unit> &units) {
  // The type line is on the first page, near the top: look at the first units only.
  const size_t search_end = std::min<size_t>(units.size(), 40);
  size_t type_at = std::string::npos;
  for (size_t i = 0; i < search_end; ++i)
    if (auto type = doc_type_of_line(units[i].text)) {
      type_at = i;
      record.doc_type = *type;
      record.type_code = type_code_of(*type);
      record.evidence["doc_type"] = evidence_of(units[i]);
      break;
    }

  // Letterhead: the units before the type line (or, for a letter without one, before the body).
  size_t head_end = type_at;
  std::optional<size_t> subject_line; // a letter's "V/v ..."
  if (type_at == std::string::npos) {
    head_end = 0;
    for (size_t i = 0; i < search_end; ++i) {
      const std::string folded = fold_accents(trim(units[i].text));
      if (starts_with(folded, "v/v") || starts_with(folded, "v/v.")) subject_line = i;
      const bool head_like = units[i].kind == BlockKind::column || is_upper_case(units[i].text) ||
                             is_rule_line(units[i].text) ||
                             RE2::FullMatch(folded, number_line_re()) ||
                             RE2::PartialMatch(folded, place_date_re()) || subject_line == i ||
                             (subject_line && i == *subject_line + 1 &&
                              units[i].paragraph_index == units[*subject_line].paragraph_index);
      if (!head_like) break;
      head_end = i + 1;
    }
  }

  std::vector<const Unit *> issuer_lines;
  bool issuer_done = false;
  for (size_t i = 0; i < head_end; ++i) {
    const Unit &unit = units[i];
    const std::string line = trim(unit.text);
    const std::string folded = fold_accents(line);
    if (is_national_motto(folded)) {
      issuer_done = issuer_done || !issuer_lines.empty();
      continue;
    }
    // Decree 30 rules a short line under the issuer's name; on a scan Tesseract may read it as
    // letters ("TA"), at a confidence near 0 that no printed word gets.
    if (is_rule_line(line) || not_read(unit)) {
      issuer_done = issuer_done || !issuer_lines.empty();
      continue;
    }
    if (RE2::FullMatch(folded, number_line_re())) {
      read_number_line(record, unit, folded);
      issuer_done = true;
      continue;
    }
    // A draft's "Số:" with the blank for its number can stand apart from "/BC-TTr" (its own
    // row, or a gap wide enough to make two blocks): the next line of the letterhead holding
    // only "[number]/symbol" is its rest, when the symbol starts with a document type's code
    // (Decree 30, Appendix III), so that a scan's noise after "Số:" is not taken for one.
    static const RE2 number_word(R"(^\s*so\s*[:.;]?\s*$)");
    if (RE2::FullMatch(folded, number_word) && i + 1 < head_end && !record.symbol) {
      const std::string rest = fold_accents(trim(units[i + 1].text));
      static const RE2 rest_re(R"(^(\d+)?\s*/\s*\S+$)");
      if (RE2::FullMatch(rest, rest_re)) {
        Record candidate;
        read_number_line(candidate, units[i + 1], "so: " + rest);
        if (candidate.type_code) {
          read_number_line(record, units[i + 1], "so: " + rest);
          issuer_done = true;
          ++i;
          continue;
        }
      }
    }
    if (!record.date && RE2::PartialMatch(folded, place_date_re())) {
      read_place_date(record, unit);
      continue;
    }
    if (subject_line && i >= *subject_line) continue;
    if (!issuer_done && is_upper_case(line)) issuer_lines.push_back(&unit);
  }
  read_issuers(record, issuer_lines);

  size_t body_start = head_end;
  if (subject_line) {
    // "V/v kiểm tra ..." may wrap onto the next line of the same column.
    std::string subject = trim(units[*subject_line].text);
    subject = trim(subject.substr(std::min(subject.size(), subject.find_first_of(" ") + 1)));
    size_t next = *subject_line + 1;
    while (next < head_end && units[next].paragraph_index == units[*subject_line].paragraph_index) {
      subject += " " + trim(units[next].text);
      ++next;
    }
    record.subject = subject;
    record.evidence["subject"] = evidence_of(units[*subject_line]);
    record.doc_type = "CÔNG VĂN";
    record.type_code.reset(); // a letter has no type code (Decree 30, Appendix III)
  }

  if (type_at != std::string::npos) {
    // Subject: the lines after the type, up to a rule, or the following short paragraphs that do
    // not open the body.
    std::vector<std::string> parts;
    size_t i = type_at + 1;
    const Unit *first = nullptr;
    while (i < units.size() && parts.size() < 6) {
      const Unit &unit = units[i];
      const std::string line = trim(unit.text);
      if (is_rule_line(line)) {
        ++i;
        break;
      }
      const std::string folded = fold_accents(line);
      bool opens_body = unit.kind == BlockKind::table || line.size() > 400 ||
                        (!parts.empty() && has_heading_label(line)) ||
                        (!parts.empty() && units[i - 1].paragraph_index != unit.paragraph_index &&
                         (line.back() == ':' || line.size() > 200));
      for (const std::string &start : vocabulary().body_starts)
        if (starts_with(folded, start + " ")) opens_body = true;
      if (opens_body) break;
      if (!parts.empty() && units[i - 1].paragraph_index != unit.paragraph_index &&
          !(line.front() == '(' || !starts_capital(line) || parts.back().back() == ','))
        break; // a new paragraph that neither continues the subject nor adds its period
      if (first == nullptr) first = &unit;
      parts.push_back(line);
      ++i;
    }
    if (!parts.empty()) {
      record.subject = join_words(parts);
      record.evidence["subject"] = evidence_of(*first);
    }
    body_start = i;
  }
  return body_start;
}

// --- closing block: recipients and signer --------------------------------------------------------

bool is_recipients_heading(const std::string &folded) { return starts_with(folded, "noi nhan"); }

// Every Decree 30 form and the stops OCR or a typist put for its dot (extractors/signer.h).
const RE2 &authority_re() { return authority_line_re(); }

// The first code point of `word`, as UTF-8.
std::string first_character(std::string_view word) {
  if (word.empty()) return {};
  const auto lead = static_cast<unsigned char>(word[0]);
  const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::string(word.substr(0, std::min(length, word.size())));
}

bool starts_capital(std::string_view word) {
  const std::string first = first_character(word);
  return !first.empty() && is_upper_case(first);
}

// A person's name ("Nguyễn Văn Luận"): the signer's reader and the closing block agree on it.
bool looks_like_name(const std::string &line) { return looks_like_person_name(line); }

// A line marked as an item of a list: "-", "+", an en dash or a bullet.
bool is_list_item(std::string_view line) {
  return starts_with(line, "-") || starts_with(line, "+") || starts_with(line, "\xE2\x80\x93") ||
         starts_with(line, "\xE2\x80\xA2");
}

// The closing block's lines with the recipients column first and the signer's after it. OCR
// sometimes reads the two columns as one table ("- Lãnh đạo Sở;<tab><tab>PHÓ GIÁM ĐỐC"): then
// each tabbed line gives its first cell to the recipients and its last to the signer (a cell
// between them is a seal's speck). A line without tabs (its empty cells lost) is a recipient's
// when it is a list item or follows one ended by ';', else the signer's (the name under them).
std::vector<Unit> closing_columns(const std::vector<Unit> &units, size_t from, size_t to) {
  bool tabbed = false;
  for (size_t i = from; i < to; ++i)
    tabbed = tabbed || units[i].text.find('\t') != std::string::npos;
  if (!tabbed)
    return {units.begin() + static_cast<long>(from), units.begin() + static_cast<long>(to)};
  std::vector<Unit> left, right;
  for (size_t i = from; i < to; ++i) {
    const Unit &unit = units[i];
    const size_t first = unit.text.find('\t');
    if (first == std::string::npos) {
      const std::string line = trim(unit.text);
      const bool recipient =
          is_list_item(line) || (!left.empty() && trim(left.back().text).ends_with(';') &&
                                 !is_upper_case(line) && !looks_like_name(line));
      (recipient ? left : right).push_back(unit);
      continue;
    }
    // A cell keeps its place in the paragraph, so that its evidence has the cell's own box.
    const auto add_cell = [&unit](std::vector<Unit> &column, size_t begin, size_t end) {
      const std::string_view text = std::string_view(unit.text).substr(begin, end - begin);
      const size_t lead = text.find_first_not_of(" \t");
      if (lead == std::string_view::npos) return;
      Unit cell = unit;
      cell.text = trim(text);
      cell.offset = unit.offset + begin + lead;
      column.push_back(std::move(cell));
    };
    add_cell(left, 0, first);
    add_cell(right, unit.text.rfind('\t') + 1, unit.text.size());
  }
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

// Decree 30/2020 (Appendix I) ends "Nơi nhận" with the filing line "Lưu: VT, <drafting unit>",
// VT being the clerical office (Văn thư). On scans Tesseract reads these small capitals badly:
// - the first code, V and a look-alike of T (I 1 l Í Ì Ĩ Ị 7) or VT with a speck after it
//   ("VI", "VTF"), is the VT the decree fixes;
// - a ';' between the codes is the decree's ',';
// - the drafting unit's code is, in a unit's own report, the unit part of its symbol
//   ("BC-QLXDCT" → QLXDCT): a code read within one edit of it (two for codes of four letters
//   or more; case, marks and spaces aside) is taken from the symbol ("TFKN" → TTKN).
// Each change is a `recipients_repaired` warning quoting the line as read.
void restore_filing_line(Record &record) {
  static const RE2 filing(R"(^((?:Lưu|LƯU|Luu)\s*:?\s*)(\S+?)\s*([,;.])\s*(\S.*?)\s*$)");
  std::string unit_code;
  if (record.symbol)
    if (const size_t dash = record.symbol->find('-'); dash != std::string::npos)
      unit_code = record.symbol->substr(dash + 1);
  const auto bare_code = [](const std::string &code) {
    std::string out;
    for (char c : fold_accents(code))
      if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    return out;
  };
  for (std::string &recipient : record.recipients) {
    std::string lead, first, separator, rest;
    if (!RE2::FullMatch(recipient, filing, &lead, &first, &separator, &rest)) continue;
    static const RE2 clerk(R"(V(?:T|I|1|l|Í|Ì|Ĩ|Ị|7)\W?\w?)");
    if (first.size() <= 4 && RE2::FullMatch(first, clerk)) first = "VT";
    if (first != "VT") continue;
    const std::string bare = bare_code(rest), unit = bare_code(unit_code);
    if (!unit.empty() && bare != unit && !bare.empty() &&
        edit_distance(bare, unit) <= (unit.size() >= 4 ? 2 : 1) &&
        std::count(rest.begin(), rest.end(), ' ') <= 1 /* one code, a space inside at most */)
      rest = unit_code;
    const std::string restored = lead + first + ", " + rest;
    if (restored == recipient) continue;
    warn(record, "recipients_repaired", "recipients",
         fmt::format("the filing line was read \"{}\" from the scan; Decree 30 writes it \"Lưu: "
                     "VT, <drafting unit>\" and the unit's code is in the symbol, so it reads "
                     "\"{}\"",
                     recipient, restored));
    recipient = restored;
  }
}

// Where the recipients list starts when its "Nơi nhận:" heading was not found (a scan can
// read the small bold italic heading as noise, "NGEHhEH2A"): Decree 30 (Appendix I) ends the
// list with the filing line "Lưu: VT, ...", so the list is the dash items (and their wrapped
// lines) that run up to such a line, and a short line just above them that is not a sentence
// is the damaged heading. Only the last filing line after the body's start counts.
std::optional<size_t> recipients_without_heading(const std::vector<Unit> &units, size_t from) {
  static const RE2 filing(R"(^[-+–]?\s*(?:Lưu|LƯU)\s*:\s*\S)");
  size_t filing_at = units.size();
  for (size_t i = units.size(); i-- > from;)
    if (RE2::PartialMatch(trim(units[i].text), filing)) {
      filing_at = i;
      break;
    }
  if (filing_at == units.size()) return std::nullopt;
  size_t first = filing_at;
  for (size_t k = filing_at; k > from;) {
    --k;
    const std::string line = trim(units[k].text);
    if (is_list_item(line)) {
      first = k;
      continue;
    }
    // A wrapped line of the item above it.
    if (k > from && units[k].paragraph_index == units[k - 1].paragraph_index &&
        is_list_item(trim(units[k - 1].text)))
      continue;
    // The heading, damaged: short, one or two words, not a sentence.
    if (k + 1 == first && line.size() <= 24 && std::count(line.begin(), line.end(), ' ') <= 1 &&
        !line.ends_with('.'))
      first = k;
    break;
  }
  return first == filing_at && !is_list_item(trim(units[first].text)) ? std::nullopt
                                                                      : std::optional(first);
}

// A line of a signer block above its name: an authority line (KT. GIÁM ĐỐC), or a piece of a
// wrapped title: upper case, at most three words, each a Vietnamese syllable (so neither a
// part heading with its number nor OCR noise).
bool is_signer_line(const std::string &line) {
  if (RE2::FullMatch(line, authority_re())) return true;
  if (line.empty() || !is_upper_case(line) || fold(line) == line) return false;
  const std::vector<std::string_view> words = split_words(line);
  return words.size() >= 1 && words.size() <= 3 &&
         std::all_of(words.begin(), words.end(), is_vietnamese_syllable);
}

void read_closing(Record &record, const std::vector<Unit> &all_units, size_t all_from,
                  size_t all_to, bool heading_lost) {
  // Without "Nơi nhận" the block is found at its title over the name: the authority lines
  // above that title belong to it.
  while (all_from > 0 && all_from < all_to &&
         !is_recipients_heading(fold_accents(trim(all_units[all_from].text))) &&
         is_signer_line(trim(all_units[all_from - 1].text)))
    --all_from;
  const std::vector<Unit> units = closing_columns(all_units, all_from, all_to);
  const size_t from = 0, to = units.size();
  // Recipients: the dash lines after "Nơi nhận:".
  size_t i = from;
  bool have_heading = false;
  if (heading_lost) {
    // recipients_without_heading: the list, after what is left of its heading.
    have_heading = true;
    if (i < to && !is_list_item(trim(units[i].text))) ++i;
    warn(record, "recipients_heading_unread", "recipients",
         fmt::format("the \"Nơi nhận\" heading was not read on page {}; the recipients were "
                     "found from the list that ends with \"Lưu: ...\": check them",
                     evidence_of(units[from]).page));
  } else if (i < to && is_recipients_heading(fold_accents(trim(units[i].text)))) {
    have_heading = true;
    // "Nơi nhận: - Lãnh đạo Sở;" may stand on one line.
    const std::string line = trim(units[i].text);
    const size_t colon = line.find(':');
    if (colon != std::string::npos && trim(line.substr(colon + 1)).size() > 1)
      record.recipients.push_back(
          strip_trailing(trim(trim(line.substr(colon + 1)).substr(1)), ";.,"));
    ++i;
  }
  std::vector<const Unit *> rest;
  bool item_closed = false; // the last recipient line ended with ';': the next is a new one
  for (; i < to; ++i) {
    const std::string line = trim(units[i].text);
    if (have_heading && is_list_item(line)) {
      size_t skip = line[0] == '-' || line[0] == '+' ? 1 : 3;
      record.recipients.push_back(strip_trailing(trim(line.substr(skip)), ";.,"));
      if (record.recipients.size() == 1) record.evidence["recipients"] = evidence_of(units[i]);
      item_closed = line.ends_with(';');
      continue;
    }
    // A recipient wrapped onto a second line continues the one above; after a ';' the line is
    // the next recipient, its dash lost (OCR).
    if (have_heading && !record.recipients.empty() && rest.empty() && !is_upper_case(line) &&
        !looks_like_name(line) && units[i].paragraph_index == units[i - 1].paragraph_index &&
        !RE2::FullMatch(line, authority_re())) {
      if (item_closed)
        record.recipients.push_back(strip_trailing(line, ";.,"));
      else
        record.recipients.back() = strip_trailing(record.recipients.back() + " " + line, ";.,");
      item_closed = line.ends_with(';');
      continue;
    }
    rest.push_back(&units[i]);
  }
  if (record.source.read_by_ocr()) restore_filing_line(record);

  // Signer: an authority line (KT. GIÁM ĐỐC), the title under it, the name last; a damaged name
  // is looked up in the rest of the document (extractors/signer.h).
  std::vector<SourceSpan> block;
  for (const Unit *unit : rest)
    block.push_back({unit->paragraph, unit->offset, unit->offset + unit->text.size()});
  std::vector<const FlowParagraph *> document;
  for (const Unit &unit : all_units)
    if (document.empty() || document.back() != unit.paragraph) document.push_back(unit.paragraph);
  SignerReading signer = read_signer(block, document);
  record.signer = std::move(signer.signer);
  // "Q." (quyền, acting) is written before the head's own title (Decree 30, Appendix I): with no
  // title line under it, "Q. GIÁM ĐỐC" is the signer's title, not an authority over one.
  if (record.signer.authority && starts_with(*record.signer.authority, "Q.") &&
      !record.signer.title) {
    record.signer.title = std::move(record.signer.authority);
    record.signer.authority.reset();
    if (auto found = signer.evidence.find("signer.authority"); found != signer.evidence.end()) {
      signer.evidence["signer.title"] = found->second;
      signer.evidence.erase(found);
    }
  }
  record.evidence.merge(signer.evidence);
  record.warnings.insert(record.warnings.end(), signer.warnings.begin(), signer.warnings.end());
  for (const auto &[field, review] : signer.needs_review)
    record.mark_for_review(field, review.reason, review.confidence, review.candidates);
}

// --- sections ------------------------------------------------------------------------------------

enum class LabelKind { part, roman, arabic, letter, dash };

struct Label {
  LabelKind kind;
  std::string text; // "II", "2.1", "a", "-"
  // Depth order, smaller is higher: "Phần I" 0, "I." 10, "1." 20, "1)" 25, "2.1" 30, "2.1.1" 40,
  // letters 100, dashes 110 and up (a bullet under another bullet one deeper).
  int rank;
  size_t rest;   // where the heading's words start in the unit text
  char mark = 0; // the bullet of a dash item: '-', '+', '*'
};

// The part numbers a report may use, in order (no report has more than twenty parts).
constexpr std::string_view kRomans[] = {"I",    "II",  "III",  "IV",    "V",   "VI",   "VII",
                                        "VIII", "IX",  "X",    "XI",    "XII", "XIII", "XIV",
                                        "XV",   "XVI", "XVII", "XVIII", "XIX", "XX"};

bool is_roman(const std::string &text) {
  return std::find(std::begin(kRomans), std::end(kRomans), text) != std::end(kRomans);
}

std::optional<Label> label_of(const std::string &text) {
  // OCR damage the labels tolerate: a lower-case l for I in a Roman part number ("ll." for
  // "II.", only before an upper-case title, as part titles are), and l, I or O for 1 and 0 after
  // the first digit of a dotted number ("2.l" for "2.1").
  static const RE2 part(R"(^\s*(?:Phần|PHẦN)\s+([IVXLC]{1,5}|\d{1,2})\s*[.:]?\s+\S)");
  static const RE2 roman(R"(^\s*([IVXLCl]{1,5})\s*[.)]\s+\S)");
  static const RE2 dotted(R"(^\s*(\d{1,2}(?:\s*\.\s*[\dlIO]{1,2})+)\s*[.)]?\s+\S)");
  static const RE2 arabic(R"(^\s*(\d{1,2})\s*[.)]\s+\S)");
  static const RE2 letter(R"(^\s*([a-zđ])\s*\)\s+\S)");
  static const RE2 dash(R"(^\s*(-|–|•|\+|\*)\s*\S)");
  re2::StringPiece input(text), match;
  auto rest_after = [&text](const re2::StringPiece &piece) {
    size_t at = piece.data() - text.data() + piece.size();
    while (at < text.size() && (text[at] == '.' || text[at] == ')' || text[at] == ' '))
      ++at;
    return at;
  };
  if (RE2::PartialMatch(input, part, &match)) {
    // "Phần I" / "PHẦN 1": the parts above the Roman numbers some house styles use.
    size_t at = match.data() - text.data() + match.size();
    while (at < text.size() && (text[at] == '.' || text[at] == ':' || text[at] == ' '))
      ++at;
    return Label{LabelKind::part, match.as_string(), 0, at};
  }
  if (RE2::PartialMatch(input, roman, &match)) {
    std::string numeral = match.as_string();
    const bool damaged = numeral.find('l') != std::string::npos;
    std::replace(numeral.begin(), numeral.end(), 'l', 'I');
    const size_t rest = rest_after(match);
    if (is_roman(numeral) && (!damaged || is_upper_case(text.substr(rest))))
      return Label{LabelKind::roman, numeral, 10, rest};
  }
  if (RE2::PartialMatch(input, dotted, &match)) {
    std::string label;
    for (char c : match.as_string())
      if (c != ' ') label += c == 'l' || c == 'I' ? '1' : c == 'O' ? '0' : c;
    while (!label.empty() && label.back() == '.')
      label.pop_back();
    const int depth = static_cast<int>(std::count(label.begin(), label.end(), '.')) + 1;
    return Label{LabelKind::arabic, label, 10 + 10 * depth, rest_after(match)};
  }
  if (RE2::PartialMatch(input, arabic, &match)) {
    // "2021. ..." or a figure starting a sentence is not a heading: labels are small. "1)" is
    // a level of its own under "1." when a document uses both.
    size_t after = match.data() - text.data() + match.size();
    while (after < text.size() && text[after] == ' ')
      ++after;
    const char terminator = after < text.size() ? text[after] : '.';
    return Label{LabelKind::arabic, match.as_string(), terminator == ')' ? 25 : 20,
                 rest_after(match)};
  }
  if (RE2::PartialMatch(input, letter, &match))
    return Label{LabelKind::letter, match.as_string(), 100, rest_after(match)};
  if (RE2::PartialMatch(input, dash, &match)) {
    size_t at = match.data() - text.data() + match.size();
    while (at < text.size() && text[at] == ' ')
      ++at;
    const std::string bullet = match.as_string();
    // The mark tells nesting levels apart; an en dash is a dash, a round bullet ("•", how a
    // Word list's bullet comes out) is a mark of its own.
    const char mark = bullet == "\xE2\x80\xA2" ? 'o' : bullet.size() == 1 ? bullet[0] : '-';
    return Label{LabelKind::dash, "-", 110, at, mark};
  }
  return std::nullopt;
}

bool has_heading_label(const std::string &text) { return label_of(text).has_value(); }

// The Roman number after `previous` ("" before the first): "I", then "II", ...
std::string next_roman(const std::string &previous) {
  if (previous.empty()) return std::string(kRomans[0]);
  const auto *at = std::find(std::begin(kRomans), std::end(kRomans), previous);
  if (at == std::end(kRomans) || at + 1 == std::end(kRomans)) return {};
  return std::string(at[1]);
}

// A part heading whose Roman number OCR damaged beyond label_of: its full stop lost ("III ĐỀ
// XUẤT, KIẾN NGHỊ"), or its strokes read as other letters ("L KẾT QUẢ" for "I. KẾT QUẢ", the
// foot of the L being the stop; "HI." for "II."). Only on a scan, only before an upper-case
// title (two upper-case words at least, as Decree 30 part titles are written) and only when
// the strokes read as the very number the sequence expects next, `expected`: so "L" is "I" for
// the first part and nothing elsewhere. The letters taken for one stroke of I are the
// look-alikes Tesseract gives for it on the bench's scans (I l 1 | ! L), H for two joined.
std::optional<Label> damaged_roman_label(const std::string &text, const std::string &expected) {
  if (expected.empty()) return std::nullopt;
  static const RE2 head(R"(^\s*([IVXlL1|!H]{1,4})\s*([.,:]?)\s+(\S+)\s+(\S+))");
  re2::StringPiece input(text), token, stop, first, second;
  if (!RE2::PartialMatch(input, head, &token, &stop, &first, &second)) return std::nullopt;
  auto upper_word = [](const re2::StringPiece &word) {
    const std::string w = word.as_string();
    return w.size() >= 2 && is_upper_case(w) && fold(w) != w;
  };
  if (!upper_word(first) || !upper_word(second)) return std::nullopt;
  auto strokes_of = [](const std::string &letters) {
    std::string strokes;
    for (char c : letters)
      strokes += c == 'H' ? "II" : (c == 'V' || c == 'X') ? std::string(1, c) : "I";
    return strokes;
  };
  // A final L is an I with the stop as its foot ("L" for "I.") or the stop alone ("IIL" for
  // "II."): either reading may be the expected number.
  const std::string letters = token.as_string();
  const bool final_l = letters.size() > 1 && letters.back() == 'L';
  const bool as_is = letters == expected; // only the stop is lost
  if (!as_is && strokes_of(letters) != expected &&
      !(final_l && strokes_of(letters.substr(0, letters.size() - 1)) == expected))
    return std::nullopt;
  if (as_is && !stop.empty()) return std::nullopt; // label_of would have read it
  const size_t rest = first.data() - text.data();
  return Label{LabelKind::roman, expected, 10, rest};
}

// The title of a heading and the text that follows it on the same line ("a) Công bố: công khai
// 34 TTHC" -> "Công bố", "công khai 34 TTHC").
// `colon_style`: the document's lettered items are written "a) Title: text"; an item without a
// colon is then split at a "; " followed by lower case, the colon OCR read as a semicolon
// ("c) Rà soát, đơn giản hóa TTHC; đã rà soát 100%").
std::pair<std::optional<std::string>, std::string>
split_heading(const Label &label, const std::string &rest, bool colon_style) {
  if (label.kind == LabelKind::dash) return {std::nullopt, rest};
  const size_t colon = rest.find(':');
  if (colon != std::string::npos && colon < 200)
    return {strip_trailing(rest.substr(0, colon), " "), trim(rest.substr(colon + 1))};
  if (colon_style && label.kind == LabelKind::letter) {
    const size_t semicolon = rest.find("; ");
    if (semicolon != std::string::npos && semicolon < 120) {
      const std::string after = rest.substr(semicolon + 2);
      const std::string first = after.substr(0, after.find(' '));
      if (!first.empty() && !starts_capital(first) && to_upper(first) != first)
        return {strip_trailing(rest.substr(0, semicolon), " "), trim(rest.substr(semicolon + 1))};
    }
  }
  if (rest.size() <= 220 || is_upper_case(rest)) return {strip_trailing(rest, " "), ""};
  const size_t stop = rest.find(". ");
  if (stop != std::string::npos && stop < 200)
    return {rest.substr(0, stop), trim(rest.substr(stop + 1))};
  return {std::nullopt, rest};
}

// OCR confidence (0-1) under which a capital in the middle of a title is doubted.
constexpr double kSureCapital = 0.8;

// Whether bytes [begin, end) of a unit hold an OCR'd word (confidence under kSureCapital) that
// starts with a capital straight after a word ending in a lower-case letter: titles are written
// in sentence case, so such a capital is a proper noun or a misread ("cán bộ, công Thức viên
// chức" for "công chức, viên chức", at 0.62).
bool has_doubtful_capital(const Unit &unit, size_t begin, size_t end) {
  const size_t from = unit.offset + begin, to = unit.offset + end;
  const std::string &text = unit.paragraph->text;
  const WordSpan *previous = nullptr;
  for (const WordSpan &word : unit.paragraph->words) {
    if (word.end <= from || word.begin >= to) continue;
    const std::string current = text.substr(word.begin, word.end - word.begin);
    if (previous != nullptr && word.confidence < kSureCapital && starts_capital(current) &&
        !is_upper_case(current)) {
      const std::string before = text.substr(previous->begin, previous->end - previous->begin);
      size_t lead = before.size();
      while (lead > 0 && (static_cast<unsigned char>(before[lead - 1]) & 0xC0) == 0x80)
        --lead;
      const std::string last = lead > 0 ? before.substr(lead - 1) : std::string();
      if (!last.empty() && to_upper(last) != last) return true;
    }
    previous = &word;
  }
  return false;
}

// Dotted numbers a scan read as the number after them ("2.2" read "2.3" just before the real
// 2.3): no report numbers two headings alike, and the heading before it at the same level (2.1,
// or none for a first 2.2) says which is missing. Unit index -> the number it must be.
std::map<size_t, std::string> repeated_dotted_labels(const std::vector<Unit> &units, size_t from,
                                                     size_t to) {
  struct Dotted {
    size_t unit;
    std::string prefix; // "2" of "2.3"
    int last;           // 3
    size_t depth;       // dots
  };
  std::vector<Dotted> dotted;
  for (size_t i = from; i < to; ++i) {
    if (units[i].kind == BlockKind::table) continue;
    const std::optional<Label> label = label_of(units[i].text);
    const size_t dot = label ? label->text.rfind('.') : std::string::npos;
    if (!label || label->kind != LabelKind::arabic || dot == std::string::npos) continue;
    dotted.push_back(
        {i, label->text.substr(0, dot), std::stoi(label->text.substr(dot + 1)),
         static_cast<size_t>(std::count(label->text.begin(), label->text.end(), '.'))});
  }
  std::map<size_t, std::string> fixes;
  for (size_t k = 0; k + 1 < dotted.size(); ++k) {
    const Dotted &here = dotted[k], &next = dotted[k + 1];
    if (here.prefix != next.prefix || here.last != next.last || here.last < 2) continue;
    std::optional<int> before;
    for (size_t j = k; j-- > 0 && dotted[j].depth >= here.depth;)
      if (dotted[j].depth == here.depth && dotted[j].prefix == here.prefix) {
        before = dotted[j].last;
        break;
      }
    if (before ? *before == here.last - 2 : here.last == 2)
      fixes[here.unit] = here.prefix + "." + std::to_string(here.last - 1);
  }
  return fixes;
}

// Builds the section tree; calls `on_unit` for every body unit with the innermost section's
// label path ("2.2.b"), so metrics can say where they were found.
template <typename OnUnit>
void read_sections(Record &record, const std::vector<Unit> &units, size_t from, size_t to,
                   OnUnit on_unit) {
  struct Open {
    Section *section;
    int rank;
    LabelKind kind;
    char mark; // a bullet's mark
  };
  // The path from a top section to the current one. A section goes straight into its parent's
  // children (or record.sections): a vector grows only when its last element has left the path,
  // so the pointers held here never dangle.
  std::vector<Open> stack;

  // Whether the lettered items are written "a) Title: text": more than half of them (and at
  // least two) have a colon where split_heading looks for one.
  int lettered = 0, with_colon = 0;
  for (size_t i = from; i < to; ++i) {
    if (units[i].kind == BlockKind::table) continue;
    const std::optional<Label> label = label_of(units[i].text);
    if (!label || label->kind != LabelKind::letter) continue;
    ++lettered;
    if (units[i].text.find(':', label->rest) < label->rest + 200) ++with_colon;
  }
  const bool colon_style = with_colon >= 2 && with_colon * 2 > lettered;

  auto path_label = [&stack]() {
    std::string numbered, letter;
    for (const Open &open : stack) {
      if (open.kind == LabelKind::arabic) numbered = open.section->label;
      if ((open.kind == LabelKind::roman || open.kind == LabelKind::part) && numbered.empty())
        numbered = open.section->label;
      if (open.kind == LabelKind::letter) letter = open.section->label;
    }
    if (!letter.empty()) return numbered.empty() ? letter : numbered + "." + letter;
    return numbered;
  };

  const bool scanned = record.source.read_by_ocr();
  const std::map<size_t, std::string> dotted_fixes =
      scanned ? repeated_dotted_labels(units, from, to) : std::map<size_t, std::string>();
  std::string last_roman;
  for (size_t i = from; i < to; ++i) {
    const Unit &unit = units[i];
    std::optional<Label> label;
    if (unit.kind != BlockKind::table) label = label_of(unit.text);
    if (!label && scanned && unit.kind != BlockKind::table) {
      label = damaged_roman_label(unit.text, next_roman(last_roman));
      if (label)
        warn(record, "section_label_repaired", "sections",
             fmt::format("the number of part {} was read damaged from the scan (\"{}\"); it was "
                         "taken from the order of the parts: check it on page {}",
                         label->text, unit.text.substr(0, label->rest), evidence_of(unit).page));
    }
    // A part number read as the one before it with a stroke lost ("II." where the sequence
    // is at III): no document numbers two parts alike, so on a scan it is the next.
    if (label && scanned && label->kind == LabelKind::roman && label->text == last_roman &&
        next_roman(last_roman) == last_roman + "I") {
      label->text = next_roman(last_roman);
      warn(record, "section_label_repaired", "sections",
           fmt::format("part {} was read from the scan as {} again; it was taken from the order "
                       "of the parts: check it on page {}",
                       label->text, last_roman, evidence_of(unit).page));
    }
    if (const auto fix = dotted_fixes.find(i); label && fix != dotted_fixes.end()) {
      warn(record, "section_label_repaired", "sections",
           fmt::format("heading {} was read from the scan as {}, the number of the heading after "
                       "it; it was taken from the order of the headings: check it on page {}",
                       fix->second, label->text, evidence_of(unit).page));
      label->text = fix->second;
    }
    if (label && label->kind == LabelKind::roman) last_roman = label->text;
    if (label && label->kind == LabelKind::dash) {
      // Bullets nest as the document uses them ("-" under "+" in one house style, "+" under "-"
      // in another): a mark already open is a sibling of that item, a new mark goes under the
      // item above it.
      auto open = std::find_if(stack.rbegin(), stack.rend(), [&](const Open &o) {
        return o.kind == LabelKind::dash && o.mark == label->mark;
      });
      if (open != stack.rend())
        label->rank = open->rank;
      else if (!stack.empty() && stack.back().kind == LabelKind::dash)
        label->rank = stack.back().rank + 1;
    }
    if (label) {
      Section section;
      section.label = label->text;
      auto [title, text] = split_heading(*label, unit.text.substr(label->rest), colon_style);
      section.title = title;
      section.text = text;
      section.evidence = evidence_of(unit);
      // A heading with a word OCR was unsure of (under kSureWord) is left out rather than
      // quoted wrong: "Kết quả triển khai NƯENN vụ" had 0.00 for NƯENN, 0.31 for triển.
      if (title) {
        const size_t at = unit.text.find(*title, label->rest);
        if (at != std::string::npos &&
            (evidence_of(unit, at, at + title->size()).confidence < kSureWord ||
             has_doubtful_capital(unit, at, at + title->size()))) {
          warn(record, "section_title_unsure", "sections",
               fmt::format("the heading of section {} was read with low confidence from the scan "
                           "(\"{}\"); its title is left empty: check it on page {}",
                           label->text, *title, section.evidence.page));
          section.title.reset();
        }
      }
      while (!stack.empty() && stack.back().rank >= label->rank)
        stack.pop_back();
      std::vector<Section> &siblings =
          stack.empty() ? record.sections : stack.back().section->children;
      section.level = static_cast<int>(stack.size()) + 1;
      siblings.push_back(std::move(section));
      stack.push_back({&siblings.back(), label->rank, label->kind, label->mark});
      on_unit(unit, path_label());
      continue;
    }
    if (!stack.empty()) {
      Section *current = stack.back().section;
      if (!current->text.empty()) current->text += '\n';
      current->text += trim(unit.text);
    }
    on_unit(unit, path_label());
  }
}

// --- how sure the heading tree is ---------------------------------------------------------------

// The place of a label among its siblings, 1-based: "III" 3, "2.4" 4, "c" 3; nothing for a dash.
// Letters count in the Latin alphabet; a Vietnamese list may put "đ" after "d" (the Vietnamese
// alphabet's order, as Decree 30 documents letter their items), which `next_label_follows`
// allows.
std::optional<int> ordinal_of(const std::string &label) {
  if (label.empty() || label == "-") return std::nullopt;
  if (is_roman(label)) {
    int value = 0, previous = 0;
    for (auto it = label.rbegin(); it != label.rend(); ++it) {
      const int digit = *it == 'I' ? 1 : *it == 'V' ? 5 : *it == 'X' ? 10 : *it == 'L' ? 50 : 100;
      value += digit < previous ? -digit : digit;
      previous = std::max(previous, digit);
    }
    return value;
  }
  const size_t dot = label.rfind('.');
  const std::string last = dot == std::string::npos ? label : label.substr(dot + 1);
  if (!last.empty() &&
      std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::stoi(last);
  if (last == "đ") return 4; // between d (4) and e (5): either may follow it
  if (last.size() == 1 && last[0] >= 'a' && last[0] <= 'z') return last[0] - 'a' + 1;
  return std::nullopt;
}

// Checks that each run of numbered siblings counts 1, 2, 3... (I, II...; a, b, c, with an
// optional đ) and that a dotted label continues its parent's ("2.1" under "2"). A gap means a
// heading was lost (swallowed by a paragraph, or misread): the tree is then not sure.
void check_label_sequence(const std::vector<Section> &siblings, const std::string &parent,
                          std::vector<std::string> &problems) {
  std::optional<int> previous;
  std::string previous_label;
  for (const Section &section : siblings) {
    const std::optional<int> ordinal = ordinal_of(section.label);
    if (ordinal) {
      const bool same_kind = !previous_label.empty() &&
                             is_roman(previous_label) == is_roman(section.label) &&
                             std::isdigit(static_cast<unsigned char>(previous_label[0])) ==
                                 std::isdigit(static_cast<unsigned char>(section.label[0]));
      const int expected = same_kind && previous ? *previous + 1 : 1;
      const bool letter_d = section.label == "đ" && same_kind && previous_label == "d";
      const bool after_d = previous_label == "đ" && *ordinal == 5;
      if (*ordinal != expected && !letter_d && !after_d)
        problems.push_back(
            previous_label.empty() || !same_kind
                ? fmt::format("section {} opens its list", section.label)
                : fmt::format("section {} follows section {}", section.label, previous_label));
      const size_t dot = section.label.rfind('.');
      if (dot != std::string::npos && !parent.empty() &&
          std::isdigit(static_cast<unsigned char>(parent[0])) &&
          section.label.substr(0, dot) != parent)
        problems.push_back(
            fmt::format("section {} stands under section {}", section.label, parent));
      previous = ordinal;
      previous_label = section.label;
    }
    check_label_sequence(section.children, section.label, problems);
  }
}

// Whether the heading tree can be trusted to be complete (Record::headings_sure).
void judge_headings(Record &record) {
  std::vector<std::string> problems;
  if (record.sections.empty()) problems.push_back("no numbered heading was found");
  check_label_sequence(record.sections, "", problems);
  if (problems.empty()) return;
  record.headings_sure = false;
  std::string list;
  for (size_t i = 0; i < problems.size() && i < 3; ++i)
    list += (i > 0 ? "; " : "") + problems[i];
  warn(record, "headings_unsure", "sections",
       fmt::format("the heading tree may be incomplete ({}): a heading may have been read as part "
                   "of a paragraph; sections reported missing need a person to check",
                   list));
}

// --- references ----------------------------------------------------------------------------------

const RE2 &reference_re() {
  // Type words, optional "số", the number (with an optional year), the symbol, then an optional
  // date in either form, matched on the accent-folded key.
  static const RE2 re(
      R"((?:^|[^\p{L}])(ke hoach|quyet dinh|qd|chi thi|thong bao|bao cao|huong dan|nghi quyet|chuong trinh|to trinh|cong dien|quy che|cong van|van ban|cv|nghi dinh|nd|thong tu|tt|luat|phap lenh|ket luan)\s+(so\s*:?\s*)?(\d{1,5})((?:/\d{4})?)((?:/[a-z0-9&.-]*[a-z][a-z0-9&.-]*)?)(?:\s*,?\s*ngay\s+(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|thang\s+(\d{1,2})\s+nam\s+(\d{4})))?)");
  return re;
}

// The issuer named after "của" at `at` in `text`, when there is one.
std::optional<std::string> issuer_after(const std::string &text, size_t at) {
  const FoldedText folded = fold_accents_mapped(text.substr(at));
  static const RE2 cua(R"(^\s*,?\s*cua\s+)");
  re2::StringPiece input(folded.text);
  if (!RE2::Consume(&input, cua)) return std::nullopt;
  const size_t start_key = input.data() - folded.text.data();
  const std::string after = text.substr(at + folded.origin[start_key]);
  // Known names with lower-case words first, then a run of capitalised words.
  size_t length = 0;
  const std::string after_folded = fold(after);
  for (const std::string &phrase : vocabulary().issuer_phrases)
    if (starts_with(after_folded, phrase)) {
      // fold keeps lengths of NFC Vietnamese text in bytes only approximately: count words.
      length = 0;
      int words = static_cast<int>(std::count(phrase.begin(), phrase.end(), ' ')) + 1;
      while (words > 0 && length < after.size()) {
        size_t space = after.find(' ', length);
        length = space == std::string::npos ? after.size() : space + 1;
        --words;
      }
      break;
    }
  size_t position = length;
  while (position < after.size()) {
    size_t end = after.find(' ', position);
    if (end == std::string::npos) end = after.size();
    std::string word = after.substr(position, end - position);
    std::string bare = strip_trailing(word, ".,;:)");
    const bool capital = starts_capital(bare);
    if (!capital) break;
    length = position + bare.size();
    if (bare.size() != word.size()) break; // punctuation ends the name
    position = end + 1;
  }
  std::string name = strip_trailing(trim(after.substr(0, length)), ".,;:)");
  if (name.empty()) return std::nullopt;
  return name;
}

void read_references(Record &record, const Unit &unit) {
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece input(folded.text);
  re2::StringPiece type, so, number, year, symbol, day, month, year_a, month_b, year_b;
  const Vocabulary &words = vocabulary();
  while (RE2::FindAndConsume(&input, reference_re(), &type, &so, &number, &year, &symbol, &day,
                             &month, &year_a, &month_b, &year_b)) {
    const bool has_symbol = !symbol.empty();
    const bool has_date = !day.empty();
    // "văn bản 02" or "Luật 2019" without "số", symbol or date is not a citation.
    if (!has_symbol && so.empty() && !has_date && year.empty()) continue;
    const size_t key_begin = type.data() - folded.text.data();
    const size_t key_end = input.data() - folded.text.data();
    const auto [begin, end] = folded.source_range(key_begin, key_end);
    Reference reference;
    std::string type_name;
    for (const auto &[word, name] : words.cited_types)
      if (fold_accents(word) == type.as_string()) type_name = name;
    reference.doc_type = type_name;
    reference.number = number.as_string() + year.as_string();
    if (has_symbol) {
      // Symbols keep their original spelling (QĐ-UBND-HC): take them from the source text.
      const size_t symbol_key = symbol.data() - folded.text.data() + 1;
      const auto [symbol_begin, symbol_end] =
          folded.source_range(symbol_key, symbol_key + symbol.size() - 1);
      reference.symbol =
          strip_trailing(unit.text.substr(symbol_begin, symbol_end - symbol_begin), ".-");
      reference.number_symbol = *reference.number + "/" + *reference.symbol;
      const std::string first = reference.symbol->substr(0, reference.symbol->find('-'));
      for (const auto &[name, code] : words.doc_types)
        if (fold(code) == fold(first)) reference.type_code = code;
    } else {
      reference.number_symbol = reference.number;
      if (auto code = type_code_of(type_name)) reference.type_code = code;
    }
    if (has_date) {
      const int d = std::stoi(day.as_string());
      const int m = std::stoi(month.empty() ? month_b.as_string() : month.as_string());
      const int y = std::stoi(year_a.empty() ? year_b.as_string() : year_a.as_string());
      reference.date = iso_date(d, m, y);
      // "19/7/2021" read "11/7/2001" at 0.24: a date OCR was unsure of is left out.
      const size_t day_key = day.data() - folded.text.data();
      const auto [date_begin, date_end] = folded.source_range(day_key, key_end);
      if (reference.date && evidence_of(unit, date_begin, date_end).confidence < kSureWord) {
        warn(record, "reference_date_unsure", "references",
             fmt::format("the date of {} was read with low confidence from the scan (\"{}\"); it "
                         "is left empty: check it on page {}",
                         *reference.number_symbol,
                         trim(unit.text.substr(date_begin, date_end - date_begin)),
                         evidence_of(unit, date_begin, date_end).page));
        reference.date.reset();
      }
    }
    reference.issuer = issuer_after(unit.text, end);
    reference.evidence = evidence_of(unit, begin, end);
    if (reference.issuer) {
      const size_t issuer_at = unit.text.find(*reference.issuer, end);
      if (issuer_at != std::string::npos)
        reference.evidence = evidence_of(unit, begin, issuer_at + reference.issuer->size());
    }
    record.references.push_back(std::move(reference));
  }
}

// --- metrics -------------------------------------------------------------------------------------

struct MetricHit {
  double value;
  std::string section;
  Evidence evidence;
  size_t paragraph;
  size_t begin, end; // bytes of the paragraph's text the hit quotes
};

// The figures one parse looks for: the compiled-in vocabulary and those an inspection plan adds
// (FigureSpec), whose patterns are compiled for the parse.
struct MetricSet {
  std::vector<MetricSpec> plan_specs;
  std::vector<const MetricSpec *> specs; // the vocabulary's, then the plan's
};

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

// A table laid out the other way round: one row per figure, named in its first cell ("Tiếp nhận",
// "Đúng hạn", "Trễ hạn"), and the figures in the total column ("Tổng cộng", "Tổng số"), or in the
// only column of figures.
void read_transposed_table(const Unit &unit, const std::string &section, const MetricSet &metrics,
                           const std::vector<std::vector<std::string>> &rows,
                           const std::vector<size_t> &row_offsets,
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
      if (starts_with(fold_accents(rows[r][c]), "tong")) {
        column = c;
        total_last = c + 1 == rows[r].size();
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

// Reads figures from a table whose header cells name metrics: the total row ("Tổng cộng") or the
// only row of figures.
void read_table_metrics(const Unit &unit, const std::string &section, const MetricSet &metrics,
                        std::map<std::string, std::vector<MetricHit>> &hits) {
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
    read_transposed_table(unit, section, metrics, rows, row_offsets, hits);
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
    if (!rows[r].empty() && starts_with(fold_accents(rows[r][0]), "tong")) total_row = r;
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
      warn(record, "ambiguous_metric", "metrics." + spec.key,
           fmt::format("{} is stated with different values: {}; it is left out, check the "
                       "document",
                       spec.key, values));
      continue;
    }
    const MetricHit &first = distinct.front();
    record.metrics.push_back({spec.key, first.value, spec.unit, first.section, first.evidence});
  }
}

// --- appendices ----------------------------------------------------------------------------------

const RE2 &appendix_heading_re() {
  static const RE2 re(R"(^\s*phu luc\s*(?:so\s*)?([ivxlc]{1,5}|\d{1,2})?\s*$)");
  return re;
}

void read_appendix_mentions(Record &record, const Unit &unit) {
  static const RE2 mention(
      R"((?:dinh kem|kem theo|chi tiet tai|tai|theo)\s+phu luc(?:\s+(?:so\s+)?([ivxlc]{1,5}|\d{1,2})\b)?)");
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece input(folded.text);
  std::string label;
  while (RE2::FindAndConsume(&input, mention, &label)) {
    std::string upper;
    for (char c : label)
      upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const bool known = std::any_of(record.appendices.begin(), record.appendices.end(),
                                   [&](const RecordAppendix &a) { return a.label == upper; });
    if (!known) record.appendices.push_back({upper, std::nullopt, evidence_of(unit)});
  }
}

std::string method_of(const Document &document) {
  std::set<PageMethod> methods;
  for (const Page &page : document.pages)
    methods.insert(page.method);
  if (methods.size() == 1) return std::string(page_method_name(*methods.begin()));
  return methods.empty() ? "markup" : "mixed";
}

double mean_confidence(const Document &document) {
  double sum = 0;
  long long count = 0;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      for (const Line &line : block.lines)
        for (const Word &word : line.words) {
          sum += word.confidence;
          ++count;
        }
  return count == 0 ? 1.0 : sum / static_cast<double>(count);
}

} // namespace

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

// The issuer and its parent as a scan's letterhead gave them, with the marks OCR lost or changed
// restored from the body's own mentions of them (extractors/name_marks.h).
void restore_letterhead_marks(Record &record, const std::vector<Unit> &body_units, size_t from) {
  // The place of the date line (Decree 30: the province or city where the agency sits, in
  // lower case and italics, so read better than the capitals) is how a Sở's name ends: "SỞ
  // ... NÔNG THÔN BẠC LIÊU" beside "Bạc Liêu, ngày ...".
  std::string text = record.place ? *record.place + '\n' : std::string();
  for (size_t i = from; i < body_units.size(); ++i)
    if (body_units[i].kind != BlockKind::table) text += body_units[i].text + '\n';
  for (auto [field, name] :
       {std::pair{"issuer", &record.issuer}, std::pair{"parent_issuer", &record.parent_issuer}}) {
    if (!*name) continue;
    std::optional<std::string> restored = restore_marks(**name, text);
    if (!restored) continue;
    warn(record, "letterhead_marks_restored", field,
         fmt::format("the {} was read \"{}\" from the scan's letterhead; its marks were taken "
                     "from the same name in the text: \"{}\"",
                     field, **name, *restored));
    const auto evidence = record.evidence.find(field);
    record.mark_for_review(field, ReviewReason::readings_disagree,
                           evidence == record.evidence.end() ? 1.0 : evidence->second.confidence,
                           {*restored, **name});
    *name = std::move(*restored);
  }
}

std::optional<std::string> type_code_of(std::string_view doc_type) {
  const std::string folded = fold(doc_type);
  for (const auto &[name, code] : vocabulary().doc_types)
    if (name == folded) return code;
  return std::nullopt;
}

// Key fields (pipeline/record.h: key_fields()) OCR read under kSureFieldConfidence are marked for
// review (issue 21, point 3): a person will sign what is built from them. The figures: the first
// of each key, the one the checker and the notice use.
void mark_unsure_fields(Record &record) {
  if (!record.source.read_by_ocr()) return;
  for (const KeyField &field : key_fields()) {
    const std::optional<std::string> &value = field.value(record);
    const Evidence *evidence = key_field_evidence(record, field);
    if (value && evidence && evidence->confidence < kSureFieldConfidence)
      record.mark_for_review(std::string(field.name), ReviewReason::low_confidence,
                             evidence->confidence, {*value});
  }
  std::set<std::string> seen;
  for (const Metric &metric : record.metrics)
    if (seen.insert(metric.key).second && metric.evidence.confidence < kSureFieldConfidence)
      record.mark_for_review("metrics." + metric.key, ReviewReason::low_confidence,
                             metric.evidence.confidence, {fmt::format("{:g}", metric.value)});
}

Record parse_record(const Document &document, const std::vector<FigureSpec> &extra_figures) {
  Record record;
  record.source.file = document.source.file;
  record.source.sha256 = document.source.sha256;
  record.source.pages = static_cast<int>(document.pages.size());
  record.source.method = method_of(document);
  record.source.mean_confidence = mean_confidence(document);

  const std::vector<FlowParagraph> paragraphs = flowing_paragraphs(document);
  // Line units find the letterhead and closing block; paragraph units carry the body.
  const std::vector<Unit> units = units_of(paragraphs, true);
  const std::vector<Unit> body_units = units_of(paragraphs, false);

  const size_t body_start = read_head(record, units);

  // The closing block starts at "Nơi nhận"; appendices after it start at "Phụ lục ...".
  size_t closing = units.size();
  for (size_t i = body_start; i < units.size(); ++i)
    if (is_recipients_heading(fold_accents(trim(units[i].text)))) {
      closing = i;
      break;
    }
  bool heading_lost = false;
  if (closing == units.size())
    if (const std::optional<size_t> list = recipients_without_heading(units, body_start)) {
      closing = *list;
      heading_lost = true;
    }
  size_t appendix_start = units.size();
  for (size_t i = closing == units.size() ? body_start : closing; i < units.size(); ++i)
    if (RE2::FullMatch(fold_accents(trim(units[i].text)), appendix_heading_re())) {
      appendix_start = i;
      break;
    }
  size_t body_end = std::min(closing, appendix_start);
  if (closing == units.size()) {
    // No "Nơi nhận": the signer block is the last authority line before the appendices.
    for (size_t i = appendix_start; i-- > body_start;)
      if (RE2::FullMatch(trim(units[i].text), authority_re()) ||
          (i + 2 >= appendix_start && is_upper_case(trim(units[i].text)) &&
           i + 1 < appendix_start && looks_like_name(trim(units[i + 1].text)))) {
        body_end = i;
        break;
      }
    // The title over the name may wrap ("CHÁNH" / "THANH TRA") under its authority line: the
    // block starts at the first of them.
    while (body_end > body_start && is_signer_line(trim(units[body_end - 1].text)))
      --body_end;
  }

  if (record.source.read_by_ocr())
    restore_letterhead_marks(record, body_units, coarse_index(body_units, units, body_start));

  const MetricSet metrics = metric_set(extra_figures);
  std::map<std::string, std::vector<MetricHit>> metric_hits;
  std::vector<Evidence> unread_figures;
  read_sections(record, body_units, coarse_index(body_units, units, body_start),
                coarse_index(body_units, units, body_end),
                [&](const Unit &unit, const std::string &section) {
                  read_references(record, unit);
                  read_appendix_mentions(record, unit);
                  if (unit.kind == BlockKind::table)
                    read_table_metrics(unit, section, metrics, metric_hits);
                  else
                    read_text_metrics(unit, section, metrics, metric_hits, unread_figures);
                });
  settle_metrics(record, metrics, metric_hits);
  for (const Evidence &figure : unread_figures)
    warn(record, "figure_not_read", "metrics",
         fmt::format("page {}: \"{}\" holds a figure that matches none of the figures vnotice "
                     "knows; it is not used: check it, or name it in the plan's criteria "
                     "(figures)",
                     figure.page, figure.text));
  judge_headings(record);
  read_closing(record, units, body_end, appendix_start, heading_lost);

  // Appendices present in the input: "Phụ lục I" then its upper-case title.
  for (size_t i = appendix_start; i < units.size(); ++i) {
    std::string label;
    if (!RE2::FullMatch(fold_accents(trim(units[i].text)), appendix_heading_re(), &label)) continue;
    for (char &c : label)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    RecordAppendix appendix{label, std::nullopt, evidence_of(units[i])};
    // The title is upper case and may wrap over several lines.
    std::vector<std::string> title_lines;
    for (size_t j = i + 1; j < units.size() && title_lines.size() < 4; ++j) {
      const std::string line = trim(units[j].text);
      if (!is_upper_case(line) || RE2::FullMatch(fold_accents(line), appendix_heading_re())) break;
      title_lines.push_back(line);
    }
    if (!title_lines.empty()) appendix.title = join_words(title_lines);
    auto same =
        std::find_if(record.appendices.begin(), record.appendices.end(),
                     [&](const RecordAppendix &a) { return a.label == label || a.label.empty(); });
    if (same != record.appendices.end())
      *same = appendix;
    else
      record.appendices.push_back(appendix);
  }

  // Every missing single-valued field says so.
  if (!record.doc_type)
    warn_missing(record, "doc_type", "document type line (THÔNG BÁO, BÁO CÁO...)");
  if (!record.number) warn_missing(record, "number", "document number ('Số: ...')");
  if (!record.symbol) warn_missing(record, "symbol", "document symbol ('Số: .../TB-...')");
  if (!record.issuer) warn_missing(record, "issuer", "issuing body in the letterhead");
  if (!record.parent_issuer)
    warn_missing(record, "parent_issuer", "parent body above the issuing body in the letterhead");
  if (!record.place) warn_missing(record, "place", "place before the date");
  if (!record.date) warn_missing(record, "date", "date ('ngày ... tháng ... năm ...')");
  if (!record.subject) warn_missing(record, "subject", "subject line");
  if (!record.signer.name) warn_missing(record, "signer.name", "signer's name");
  if (!record.signer.title) warn_missing(record, "signer.title", "signer's title");
  if (record.recipients.empty()) warn_missing(record, "recipients", "recipient list ('Nơi nhận')");
  mark_unsure_fields(record);
  for (const Warning &warning : document.warnings)
    record.warnings.push_back({warning.code, "", warning.message});
  return record;
}

} // namespace vnotice
