#include "pipeline/checker.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <regex>
#include <set>

namespace vnotice {

namespace {

// ---------------------------------------------------------------------------------------------
// Text keys

// Accent-folded words: fold_accents, then everything but letters and digits becomes a space.
// Bytes >= 0x80 left by fold_accents (letters of other scripts) are kept as letters.
std::vector<std::string> folded_words(std::string_view text) {
  const std::string folded = fold_accents(text);
  std::vector<std::string> words;
  std::string word;
  for (const char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || byte >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::string join(const std::vector<std::string> &words, size_t from = 0,
                 size_t to = std::string::npos) {
  std::string out;
  for (size_t i = from; i < std::min(to, words.size()); ++i) {
    if (!out.empty()) out += ' ';
    out += words[i];
  }
  return out;
}

struct Vocabulary {
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> abbreviations;
  std::vector<std::vector<std::string>> stop_phrases;
  std::vector<std::string> no_late_claims; // folded words joined by spaces
};

const Vocabulary &vocabulary() {
  static const Vocabulary vocabulary = [] {
    Vocabulary out;
    for (const TermRow &row : checker_terms()) {
      if (row.kind == "abbrev")
        out.abbreviations.emplace_back(folded_words(row.key), folded_words(row.text));
      else if (row.kind == "stop")
        out.stop_phrases.push_back(folded_words(row.text));
      else if (row.kind == "no_late")
        out.no_late_claims.push_back(join(folded_words(row.text)));
    }
    // Longest first, so "CBCC-VC" is expanded before "CBCC".
    std::stable_sort(out.abbreviations.begin(), out.abbreviations.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    std::stable_sort(out.stop_phrases.begin(), out.stop_phrases.end(),
                     [](const auto &a, const auto &b) { return a.size() > b.size(); });
    return out;
  }();
  return vocabulary;
}

bool starts_at(const std::vector<std::string> &words, size_t at,
               const std::vector<std::string> &phrase) {
  if (phrase.empty() || at + phrase.size() > words.size()) return false;
  return std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<long>(at));
}

std::vector<std::string> title_words(std::string_view title) {
  const Vocabulary &vocab = vocabulary();
  std::vector<std::string> words = folded_words(title);
  // Numbers in a heading are its label ("2.2 Cải cách TTHC"), not its subject.
  std::erase_if(words, [](const std::string &word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
  std::vector<std::string> expanded;
  for (size_t i = 0; i < words.size();) {
    bool replaced = false;
    for (const auto &[abbreviation, expansion] : vocab.abbreviations)
      if (starts_at(words, i, abbreviation)) {
        expanded.insert(expanded.end(), expansion.begin(), expansion.end());
        i += abbreviation.size();
        replaced = true;
        break;
      }
    if (!replaced) expanded.push_back(words[i++]);
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < expanded.size();) {
    bool dropped = false;
    for (const auto &phrase : vocab.stop_phrases)
      if (starts_at(expanded, i, phrase)) {
        i += phrase.size();
        dropped = true;
        break;
      }
    if (!dropped) out.push_back(expanded[i++]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Units

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
      const int distance = edit_distance(join(field, i, i + length), name_key);
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

// ---------------------------------------------------------------------------------------------
// Sections

// "2.2." -> "2.2", "b)" -> "b", " I. " -> "I": the label without spaces and its closing mark.
std::string clean_label(std::string_view label) {
  std::string out;
  for (const char c : label)
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  while (!out.empty() && (out.back() == '.' || out.back() == ')'))
    out.pop_back();
  return out;
}

// An upper-case Roman part number ("I", "II"); list letters are lower case ("c", "i").
bool is_roman_part(std::string_view label) {
  return !label.empty() && label.find_first_not_of("IVXLC") == std::string_view::npos;
}

std::string lower_ascii(std::string text) {
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct FlatSection {
  const Section *section = nullptr;
  bool numbered = false; // an unnumbered heading is matched by its title only
  std::string path;      // "2.2.b"; Roman part numbers are left out of their children's paths
  std::string title;     // up to a ':' that ends a run-in heading
};

void flatten_sections(const std::vector<Section> &sections, const std::string &parent,
                      std::vector<FlatSection> &out) {
  for (const Section &section : sections) {
    const std::string label = clean_label(section.label);
    const bool numbered = !label.empty() && label != "-" && label != "+";
    const bool roman = is_roman_part(label);
    std::string path = parent;
    if (numbered) {
      // "2.2" is a full path wherever it stands; "b" continues its parent's.
      if (parent.empty() || label.find('.') != std::string::npos)
        path = lower_ascii(label);
      else
        path = parent + "." + lower_ascii(label);
    }
    std::string title = section.title.value_or("");
    // "a) Công bố, công khai TTHC: công khai 34 TTHC ..." when the parser kept the run-in text.
    const size_t colon = title.find(':');
    if (colon != std::string::npos && folded_words(title.substr(0, colon)).size() >= 2)
      title = title.substr(0, colon);
    // Dash items without a title are text of their parent, not headings.
    if (numbered || !title.empty()) out.push_back({&section, numbered, path, title});
    // "I. KẾT QUẢ" holds "1.", "2.": its children's paths start afresh.
    flatten_sections(section.children, roman ? parent : path, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

std::string capitalised(std::string text) {
  if (!text.empty() && static_cast<unsigned char>(text[0]) < 0x80)
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

bool is_rate(std::string_view key) { return key.size() > 4 && key.ends_with("_pct"); }

std::string format_value(std::string_view key, double value) {
  return is_rate(key) ? format_percent(value) + "%" : format_count(value);
}

// The target value as a rule is written: no zero padding ("bằng 0").
std::string format_target(std::string_view key, double value) {
  return format_percent(value) + (is_rate(key) ? "%" : "");
}

std::string comparison_words(Comparison comparison) {
  switch (comparison) {
  case Comparison::at_least: return "không thấp hơn";
  case Comparison::at_most: return "không vượt quá";
  case Comparison::equal: return "bằng";
  case Comparison::greater: return "cao hơn";
  case Comparison::less: return "thấp hơn";
  }
  return "";
}

// "mục 2.2", "điểm b mục 2.2": how Vietnamese documents point at a part.
std::string criterion_words(const PlanCriterion &criterion) {
  const size_t dot = criterion.path.rfind('.');
  if (dot != std::string::npos) {
    const std::string last = criterion.path.substr(dot + 1);
    if (last.size() == 1 && std::isalpha(static_cast<unsigned char>(last[0])))
      return fmt::format("điểm {} mục {}", last, criterion.path.substr(0, dot));
  }
  return "mục " + criterion.path;
}

std::string quote(const Reference &reference) {
  if (!reference.evidence.text.empty()) return reference.evidence.text;
  return fmt::format("{} số {} ngày {}", reference.doc_type.value_or("Văn bản"),
                     reference.number_symbol.value_or(reference.number.value_or("")),
                     vietnamese_date(reference.date.value_or("")));
}

// ---------------------------------------------------------------------------------------------
// The checks of one record

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
  void check_confidence();
  std::map<std::string, UnitFigure> figures() const;

private:
  void add(FindingCode code, std::optional<std::string> criterion, std::string message,
           std::vector<Evidence> evidence = {}) {
    findings_.push_back({code, default_severity(code), report_.unit, record_.source.file,
                         std::move(criterion), std::move(message), std::move(evidence)});
  }
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

std::optional<std::string>
RecordChecker::criterion_of(std::initializer_list<std::string_view> keys) const {
  const auto criteria = plan_.flat_criteria();
  for (std::string_view key : keys)
    for (const PlanCriterion *criterion : criteria)
      if (std::find(criterion->metrics.begin(), criterion->metrics.end(), key) !=
          criterion->metrics.end())
        return criterion->path;
  return std::nullopt;
}

std::vector<CriterionMatch> RecordChecker::match_criteria() {
  std::vector<FlatSection> sections;
  flatten_sections(record_.sections, "", sections);
  const auto criteria = plan_.flat_criteria();
  struct Pair {
    double score;
    size_t criterion, section;
    double similarity;
    bool label;
  };
  std::vector<Pair> pairs;
  for (size_t c = 0; c < criteria.size(); ++c)
    for (size_t s = 0; s < sections.size(); ++s) {
      const bool label = sections[s].numbered && sections[s].path == criteria[c]->path;
      const double similarity = title_similarity(criteria[c]->title, sections[s].title);
      // A label match needs some agreement of the titles too (a report numbered differently
      // must not pair "2.1 Cải cách TTHC" with the plan's "2.1 Cải cách thể chế"); a title alone
      // must agree well.
      const bool accepted =
          (label && (sections[s].title.empty() || similarity >= 0.15)) || similarity >= 0.6;
      if (accepted) pairs.push_back({similarity + (label ? 0.5 : 0.0), c, s, similarity, label});
    }
  std::stable_sort(pairs.begin(), pairs.end(), [](const Pair &a, const Pair &b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.criterion != b.criterion) return a.criterion < b.criterion;
    return a.section < b.section;
  });
  std::vector<const Pair *> chosen(criteria.size(), nullptr);
  std::vector<bool> taken(sections.size(), false);
  for (const Pair &pair : pairs) {
    if (chosen[pair.criterion] || taken[pair.section]) continue;
    chosen[pair.criterion] = &pair;
    taken[pair.section] = true;
  }
  std::vector<CriterionMatch> out;
  for (size_t c = 0; c < criteria.size(); ++c) {
    if (!chosen[c]) continue;
    const Pair &pair = *chosen[c];
    const FlatSection &section = sections[pair.section];
    const bool title = pair.similarity >= 0.6;
    out.push_back({criteria[c]->path, section.path, section.section->title,
                   pair.label ? (title ? "label+title" : "label") : "title", pair.similarity,
                   section.section->evidence});
  }
  return out;
}

void RecordChecker::check_criteria(const std::vector<CriterionMatch> &matches) {
  std::set<std::string> matched;
  for (const CriterionMatch &match : matches)
    matched.insert(match.criterion);
  // Present: matched itself or through a descendant (a report may skip a parent heading).
  const std::function<bool(const PlanCriterion &)> present = [&](const PlanCriterion &criterion) {
    if (matched.count(criterion.path)) return true;
    return std::any_of(criterion.children.begin(), criterion.children.end(), present);
  };
  for (const PlanCriterion *criterion : plan_.flat_criteria())
    if (criterion->required && !present(*criterion))
      add(FindingCode::missing_criterion, criterion->path,
          fmt::format("Báo cáo không có nội dung {} ({}) theo yêu cầu của kế hoạch.",
                      criterion_words(*criterion), criterion->title));
}

void RecordChecker::check_sums() {
  const Metric *received = metric("records_received");
  const Metric *on_time = metric("records_on_time");
  const Metric *late = metric("records_late");
  if (received && on_time && late && std::abs(received->value - on_time->value - late->value) > 0.5)
    add(FindingCode::sum_mismatch, criterion_of({"records_received"}),
        fmt::format("Tổng số hồ sơ tiếp nhận ({}) khác tổng số hồ sơ đúng hạn và trễ hạn "
                    "({} + {} = {}).",
                    format_count(received->value), format_count(on_time->value),
                    format_count(late->value), format_count(on_time->value + late->value)),
        {received->evidence, on_time->evidence, late->evidence});
  // Procedures may also be proposed for abolition, so reviewed may exceed simplified + kept; it
  // can never be less.
  const Metric *reviewed = metric("procedures_reviewed");
  const Metric *simplified = metric("procedures_simplified");
  const Metric *kept = metric("procedures_kept");
  if (reviewed && simplified && kept && simplified->value + kept->value > reviewed->value + 0.5)
    add(FindingCode::sum_mismatch, criterion_of({"procedures_reviewed"}),
        fmt::format("Số TTHC kiến nghị đơn giản hóa và giữ nguyên ({} + {} = {}) vượt số TTHC "
                    "được rà soát ({}).",
                    format_count(simplified->value), format_count(kept->value),
                    format_count(simplified->value + kept->value), format_count(reviewed->value)),
        {reviewed->evidence, simplified->evidence, kept->evidence});
}

std::optional<UnitFigure> RecordChecker::figure(const std::string &key) const {
  if (const Metric *stated = metric(key))
    return UnitFigure{stated->value, false, {stated->evidence}};
  const auto ratio = [this](const char *part, const char *whole) -> std::optional<UnitFigure> {
    const Metric *numerator = metric(part);
    const Metric *denominator = metric(whole);
    if (!numerator || !denominator || denominator->value <= 0) return std::nullopt;
    return UnitFigure{100.0 * numerator->value / denominator->value,
                      true,
                      {numerator->evidence, denominator->evidence}};
  };
  if (key == "on_time_rate_pct") return ratio("records_on_time", "records_received");
  if (key == "online_rate_pct") return ratio("records_online", "records_received");
  if (key == "simplification_rate_pct") {
    if (auto rate = ratio("procedures_simplified", "procedures_reviewed")) return rate;
    // Not every report states how many it reviewed: those simplified plus those kept.
    const Metric *simplified = metric("procedures_simplified");
    const Metric *kept = metric("procedures_kept");
    if (!simplified || !kept || simplified->value + kept->value <= 0) return std::nullopt;
    return UnitFigure{100.0 * simplified->value / (simplified->value + kept->value),
                      true,
                      {simplified->evidence, kept->evidence}};
  }
  return std::nullopt;
}

void RecordChecker::check_rates() {
  struct Rate {
    const char *key, *part, *whole, *fallback_other;
  };
  for (const Rate rate : {Rate{"on_time_rate_pct", "records_on_time", "records_received", nullptr},
                          Rate{"online_rate_pct", "records_online", "records_received", nullptr},
                          Rate{"simplification_rate_pct", "procedures_simplified",
                               "procedures_reviewed", "procedures_kept"}}) {
    const Metric *stated = metric(rate.key);
    if (!stated) continue;
    const Metric *part = metric(rate.part);
    const Metric *whole = metric(rate.whole);
    double denominator = 0;
    std::string denominator_text;
    std::vector<Evidence> evidence{stated->evidence};
    if (part && whole) {
      denominator = whole->value;
      denominator_text = format_count(whole->value);
      evidence.push_back(part->evidence);
      evidence.push_back(whole->evidence);
    } else if (const Metric *other = rate.fallback_other ? metric(rate.fallback_other) : nullptr;
               part && other) {
      denominator = part->value + other->value;
      denominator_text =
          fmt::format("({} + {})", format_count(part->value), format_count(other->value));
      evidence.push_back(part->evidence);
      evidence.push_back(other->evidence);
    }
    if (!part || denominator <= 0) continue;
    const double expected = 100.0 * part->value / denominator;
    if (std::abs(stated->value - expected) <= plan_.tolerances.percent_points + 1e-9) continue;
    add(FindingCode::percent_mismatch, criterion_of({rate.key, rate.part}),
        fmt::format("{} ghi {}% không khớp số liệu: {}/{} = {}% (chênh lệch quá {} điểm phần "
                    "trăm cho phép).",
                    capitalised(metric_words(rate.key)), format_percent(stated->value),
                    format_count(part->value), denominator_text, format_percent(expected),
                    format_percent(plan_.tolerances.percent_points)),
        std::move(evidence));
  }
}

void RecordChecker::check_claims() {
  const Metric *late = metric("records_late");
  if (!late || late->value <= 0) return;
  const Vocabulary &vocab = vocabulary();
  // "100% ... đúng hạn" in either order, close together in one clause.
  static const std::regex kAllOnTime(R"(100 ?%.{0,40}dung h[ae]n|dung h[ae]n.{0,40}100 ?%)");
  const std::function<void(const Section &)> visit = [&](const Section &section) {
    const std::string text = section.title.value_or("") + "\n" + section.text;
    // Clauses end at ';', a line break, or a full stop followed by a space ("8.586" stays).
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
      const bool end = i == text.size() || text[i] == ';' || text[i] == '\n' ||
                       (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' '));
      if (!end) continue;
      const std::string clause = text.substr(start, i - start);
      start = i + 1;
      const std::string words = join(folded_words(clause));
      if (words.empty()) continue;
      const bool no_late = std::any_of(
          vocab.no_late_claims.begin(), vocab.no_late_claims.end(), [&words](const auto &claim) {
            return (" " + words + " ").find(" " + claim + " ") != std::string::npos;
          });
      const bool all_on_time = std::regex_search(fold_accents(clause), kAllOnTime);
      if (!no_late && !all_on_time) continue;
      const size_t first = clause.find_first_not_of(" \t");
      const size_t last = clause.find_last_not_of(" \t");
      Evidence quoted = section.evidence;
      quoted.text = clause.substr(first, last - first + 1);
      quoted.box.reset(); // the box is the section's, not the clause's
      add(FindingCode::claim_contradiction, criterion_of({"records_late"}),
          fmt::format("Báo cáo nêu \"{}\" nhưng số liệu có {} hồ sơ trễ hạn.", quoted.text,
                      format_count(late->value)),
          {quoted, late->evidence});
    }
    for (const Section &child : section.children)
      visit(child);
  };
  for (const Section &section : record_.sections)
    visit(section);
}

void RecordChecker::check_targets() {
  for (const PlanTarget &target : plan_.targets) {
    if (!target.units.empty() &&
        (!report_.unit ||
         std::find(target.units.begin(), target.units.end(), *report_.unit) == target.units.end()))
      continue;
    const auto value = figure(target.metric);
    if (!value || compare(value->value, target.comparison, target.value)) continue;
    add(FindingCode::target_not_met,
        criterion_of({target.metric, "records_received", "procedures_simplified"}),
        fmt::format(
            "{} là {}{}, chưa đạt chỉ tiêu của kế hoạch ({} {}).",
            capitalised(metric_words(target.metric)), format_value(target.metric, value->value),
            value->derived ? " (tính từ số liệu báo cáo)" : "", comparison_words(target.comparison),
            format_target(target.metric, target.value)),
        value->evidence);
  }
}

void RecordChecker::check_references() {
  static const std::regex kNumberYear(R"(^\s*\d+\s*/\s*((19|20)\d\d)\s*(/.*)?$)");
  for (const Reference &reference : record_.references) {
    if (!reference.date || !iso_day_number(*reference.date)) continue;
    std::smatch match;
    std::string year;
    // std::regex recurses per character matched (a stack frame each): a number of tens of
    // kilobytes, as a hand-edited record can hold, overflowed the stack. None is really that long.
    for (const auto &number : {reference.number, reference.number_symbol})
      if (number && number->size() <= 256 && std::regex_match(*number, match, kNumberYear)) {
        year = match[1].str();
        break;
      }
    const std::string date_year = reference.date->substr(0, 4);
    if (year.empty() || year == date_year) continue;
    add(FindingCode::reference_year_mismatch, std::nullopt,
        fmt::format("Văn bản dẫn chiếu \"{}\" có năm trong số hiệu ({}) khác năm ban hành ({}); "
                    "cần kiểm tra lại số hiệu hoặc ngày ban hành.",
                    quote(reference), year, date_year),
        {reference.evidence});
  }
}

void RecordChecker::check_dates() {
  const long from = *iso_day_number(plan_.period.from);
  const long to = *iso_day_number(plan_.period.to);
  const std::string period = fmt::format("từ {} đến {}", vietnamese_date(plan_.period.from),
                                         vietnamese_date(plan_.period.to));
  if (record_.date) {
    if (const auto day = iso_day_number(*record_.date)) {
      const long due = to + plan_.period.grace_days;
      if (*day < from)
        add(FindingCode::date_out_of_period, std::nullopt,
            fmt::format("Ngày ban hành ({}) trước kỳ kiểm tra ({}).",
                        vietnamese_date(*record_.date), period),
            evidence_of("date"));
      else if (*day > due)
        add(FindingCode::date_out_of_period, std::nullopt,
            fmt::format("Ngày ban hành ({}) sau thời hạn nhận báo cáo của kỳ kiểm tra ({}, gia "
                        "hạn {} ngày).",
                        vietnamese_date(*record_.date), period, plan_.period.grace_days),
            evidence_of("date"));
    }
  }
  // The period a report states in its subject: "(từ 01/01/2021 đến 31/8/2021)".
  if (!record_.subject) return;
  static const std::regex kRange(
      R"(tu (ngay )?(\d{1,2})/(\d{1,2})/(\d{4}) *(den|-) *(ngay )?(\d{1,2})/(\d{1,2})/(\d{4}))");
  const std::string folded = fold_accents(*record_.subject);
  std::smatch match;
  if (!std::regex_search(folded, match, kRange)) return;
  const auto iso = [&match](int day, int month, int year) {
    return fmt::format("{}-{:02d}-{:02d}", match[year].str(), std::stoi(match[month].str()),
                       std::stoi(match[day].str()));
  };
  const std::string stated_from = iso(2, 3, 4), stated_to = iso(7, 8, 9);
  const auto first = iso_day_number(stated_from), last = iso_day_number(stated_to);
  if (!first || !last || (*first >= from && *last <= to)) return;
  Evidence evidence = field_evidence("subject");
  add(FindingCode::date_out_of_period, std::nullopt,
      fmt::format("Kỳ báo cáo nêu trong trích yếu (từ {} đến {}) vượt ra ngoài kỳ kiểm tra ({}).",
                  vietnamese_date(stated_from), vietnamese_date(stated_to), period),
      evidence.text.empty() ? std::vector<Evidence>{} : std::vector<Evidence>{evidence});
}

void RecordChecker::check_fields() {
  if (!record_.number && !record_.number_symbol)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi số, ký hiệu.");
  if (!record_.date)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi ngày ban hành.");
  if (!record_.signer.name)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi họ tên người ký.",
        record_.signer.evidence.text.empty() ? std::vector<Evidence>{}
                                             : std::vector<Evidence>{record_.signer.evidence});
  if (!record_.issuer)
    add(FindingCode::missing_field, std::nullopt,
        "Văn bản không ghi tên cơ quan, đơn vị ban hành.");
}

void RecordChecker::check_confidence() {
  // Only figures a check or the notice relied on: the first metric of each key.
  for (const std::string &key : known_metric_keys()) {
    const Metric *found = record_.metric(key);
    if (!found || found->evidence.confidence >= plan_.tolerances.min_confidence) continue;
    add(FindingCode::low_confidence, criterion_of({key}),
        fmt::format("{} ({}) được đọc từ bản quét với độ tin cậy thấp ({}%); cần đối chiếu với "
                    "bản gốc.",
                    capitalised(metric_words(key)), format_value(key, found->value),
                    format_percent(100.0 * found->evidence.confidence)),
        {found->evidence});
  }
}

std::map<std::string, UnitFigure> RecordChecker::figures() const {
  std::map<std::string, UnitFigure> out;
  for (const std::string &key : known_metric_keys())
    if (auto value = figure(key)) out[key] = *value;
  return out;
}

} // namespace

// ---------------------------------------------------------------------------------------------

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string title_key(std::string_view title) { return join(title_words(title)); }

double title_similarity(std::string_view criterion_title, std::string_view section_title) {
  const auto criterion_words_list = title_words(criterion_title);
  const auto section_words_list = title_words(section_title);
  const std::set<std::string> criterion(criterion_words_list.begin(), criterion_words_list.end());
  const std::set<std::string> section(section_words_list.begin(), section_words_list.end());
  if (criterion.empty() || section.empty()) return 0;
  const auto common = static_cast<double>(std::count_if(
      criterion.begin(), criterion.end(), [&section](const auto &w) { return section.count(w); }));
  const double dice = 2 * common / static_cast<double>(criterion.size() + section.size());
  const double coverage = common / static_cast<double>(criterion.size());
  return (dice + coverage) / 2;
}

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

RecordsCheck::RecordsCheck(const InspectionPlan &plan) : plan_(plan) {
  result_.findings.plan_file = plan.file;
  result_.findings.plan_number_symbol = plan.number_symbol;
}

void RecordsCheck::add(const Record &record) {
  const InspectionPlan &plan = plan_;
  std::vector<Finding> &findings = findings_;
  const size_t i = result_.assignments.size();
  Assignment assignment;
  assignment.record = i;
  assignment.report = match_unit(plan, record);
  if (assignment.report.unit) {
    const auto [it, first] = first_of_unit_.try_emplace(*assignment.report.unit);
    assignment.report.duplicate = !first;
    if (first) {
      // The unit's figures for the notice table come from its first report.
      it->second.record = i;
      it->second.file = record.source.file;
      std::vector<Finding> unused;
      it->second.figures = RecordChecker(plan, record, assignment.report, unused).figures();
    }
  }
  RecordChecker checker(plan, record, assignment.report, findings);
  const std::string &unit_id = assignment.report.unit.value_or("");
  if (!assignment.report.unit) {
    findings.push_back(
        {FindingCode::unknown_unit,
         default_severity(FindingCode::unknown_unit),
         std::nullopt,
         record.source.file,
         std::nullopt,
         fmt::format("Không xác định được đơn vị báo cáo: \"{}\" không khớp tên, tên viết tắt "
                     "hay tên gọi khác của đơn vị nào trong kế hoạch.",
                     record.issuer.value_or(record.parent_issuer.value_or("(không ghi)"))),
         {}});
    if (auto it = record.evidence.find("issuer"); it != record.evidence.end())
      findings.back().evidence.push_back(it->second);
  } else if (assignment.report.duplicate) {
    findings.push_back(
        {FindingCode::duplicate_report,
         default_severity(FindingCode::duplicate_report),
         assignment.report.unit,
         record.source.file,
         std::nullopt,
         fmt::format("{} đã có báo cáo ({}); báo cáo này là báo cáo thứ hai của đơn vị và "
                     "không được dùng để tổng hợp.",
                     plan.unit(unit_id)->name,
                     std::filesystem::path(first_of_unit_.at(unit_id).file).filename().string()),
         {}});
  }
  assignment.criteria = checker.match_criteria();
  checker.check_criteria(assignment.criteria);
  checker.check_sums();
  checker.check_rates();
  checker.check_claims();
  checker.check_targets();
  checker.check_references();
  checker.check_dates();
  checker.check_fields();
  checker.check_confidence();
  result_.findings.reports.push_back(assignment.report);
  result_.assignments.push_back(std::move(assignment));
}

CheckResult RecordsCheck::finish() && {
  for (const PlanUnit &unit : plan_.units) {
    UnitFigures row;
    row.unit = unit.id;
    if (auto it = first_of_unit_.find(unit.id); it != first_of_unit_.end()) {
      row.source = it->second.file;
      row.figures = std::move(it->second.figures);
    }
    result_.table.push_back(std::move(row));
  }
  sort_findings(findings_, plan_);
  result_.findings.findings = std::move(findings_);
  return std::move(result_);
}

CheckResult check_records(const InspectionPlan &plan, const std::vector<Record> &records) {
  RecordsCheck check(plan);
  for (const Record &record : records)
    check.add(record);
  return std::move(check).finish();
}

} // namespace vnotice
