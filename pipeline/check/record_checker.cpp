// The checks of one report against the plan: criteria, sums, rates, claims, targets, references,
// dates, fields and confidence (pipeline/check/checker.h states the contract).
#include "pipeline/check/checker_parts.h"

#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <functional>
#include <re2/re2.h>
#include <set>
#include <span>

namespace vnotice::check_detail {

namespace {

bool is_rate(std::string_view key) { return key.size() > 4 && key.ends_with("_pct"); }

} // namespace

std::string capitalised(std::string text) {
  if (!text.empty() && static_cast<unsigned char>(text[0]) < 0x80)
    text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string format_value(std::string_view key, double value) {
  return is_rate(key) ? format_percent(value) + "%" : format_count(value);
}

namespace {

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
    // A bullet used as a heading ("• Rà soát, đơn giản hóa TTHC", "* Công bố ...: text") can
    // match a criterion by its words before a colon, or by the whole item when it is short; a
    // title match must agree well (match_criteria), so a bullet of text matches nothing.
    if (title.empty() && !numbered) {
      std::string lead = section.text.substr(0, section.text.find('\n'));
      if (const size_t at = lead.find(':'); at != std::string::npos) lead = lead.substr(0, at);
      if (!lead.empty() && folded_words(lead).size() <= 12) title = lead;
    }
    if (numbered || !title.empty()) out.push_back({&section, numbered, path, title});
    // "I. KẾT QUẢ" holds "1.", "2.": its children's paths start afresh.
    flatten_sections(section.children, roman ? parent : path, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

// The target value as a rule is written: no zero padding ("bằng 0").
std::string format_target(std::string_view key, double value) {
  return format_percent(value) + (is_rate(key) ? "%" : "");
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

} // namespace

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
  // No heading at all is more likely headings not read than a report without any.
  const bool tree_sure = record_.headings_sure && !record_.sections.empty();
  for (const PlanCriterion *criterion : plan_.flat_criteria()) {
    if (!criterion->required || present(*criterion)) continue;
    const std::optional<Evidence> seen = title_in_text(*criterion);
    if (tree_sure && !seen) {
      add(FindingCode::missing_criterion, criterion->path,
          fmt::format("Báo cáo không có nội dung {} ({}) theo yêu cầu của kế hoạch.",
                      criterion_words(*criterion), criterion->title));
    } else if (seen) {
      add_for_review(
          FindingCode::missing_criterion, criterion->path,
          fmt::format("Chưa xác định được nội dung {} ({}): báo cáo không có đề mục riêng cho "
                      "nội dung này nhưng có đoạn nêu các từ của tên mục. Cần xem đoạn được "
                      "trích có phải là nội dung {} không.",
                      criterion_words(*criterion), criterion->title, criterion_words(*criterion)),
          {*seen});
    } else {
      add_for_review(
          FindingCode::missing_criterion, criterion->path,
          fmt::format("Chưa xác định được báo cáo có nội dung {} ({}) hay không: các đề mục của "
                      "báo cáo không đọc được chắc chắn. Cần đối chiếu bản gốc xem có phần nào "
                      "viết về nội dung này không.",
                      criterion_words(*criterion), criterion->title));
    }
  }
}

std::optional<Evidence> RecordChecker::title_in_text(const PlanCriterion &criterion) const {
  std::vector<std::string> wanted = title_words(criterion.title);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (wanted.empty()) return std::nullopt;
  const size_t need = (wanted.size() * 4 + 4) / 5; // 80 %, rounded up
  // The words that tell this criterion from the plan's others ("tài" in "Cải cách tài chính
  // công", whose other words every reform report uses): all of them must be there, or the
  // paragraph speaks of something else.
  std::set<std::string> distinctive(wanted.begin(), wanted.end());
  for (const PlanCriterion *other : plan_.flat_criteria())
    if (other != &criterion)
      for (const std::string &word : title_words(other->title))
        distinctive.erase(word);
  // The words close together, as a heading run into its paragraph is, not scattered over a
  // long paragraph that mentions them in passing.
  const size_t window = std::max(2 * wanted.size(), wanted.size() + 4);
  const auto holds = [&](std::string_view text) {
    const std::vector<std::string> words = title_words(text);
    for (size_t start = 0; start < words.size(); ++start) {
      std::set<std::string> found;
      for (size_t i = start; i < std::min(words.size(), start + window); ++i)
        if (std::binary_search(wanted.begin(), wanted.end(), words[i])) found.insert(words[i]);
      const bool telling = std::all_of(distinctive.begin(), distinctive.end(),
                                       [&](const std::string &word) { return found.count(word); });
      if (found.size() >= need && telling) return true;
    }
    return false;
  };
  const auto quoted = [](const Section &section, std::string text) {
    constexpr size_t kMaxQuote = 300;
    if (text.size() > kMaxQuote) {
      size_t cut = kMaxQuote;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 sequence
      text = text.substr(0, cut) + "…";
    }
    Evidence evidence = section.evidence;
    evidence.text = std::move(text);
    evidence.box.reset(); // the section's box, not the paragraph's
    return evidence;
  };
  std::optional<Evidence> out;
  const std::function<void(const Section &)> visit = [&](const Section &section) {
    if (out) return;
    if (section.title && holds(*section.title)) {
      out = quoted(section, *section.title);
      return;
    }
    size_t start = 0;
    while (start <= section.text.size() && !out) {
      size_t end = section.text.find('\n', start);
      if (end == std::string::npos) end = section.text.size();
      const std::string paragraph = section.text.substr(start, end - start);
      if (holds(paragraph)) out = quoted(section, paragraph);
      start = end + 1;
    }
    for (const Section &child : section.children)
      visit(child);
  };
  for (const Section &section : record_.sections)
    visit(section);
  return out;
}

std::optional<std::string> RecordChecker::figure_doubt(std::string_view key) const {
  const Metric *found = metric(key);
  if (!found) return std::nullopt;
  const std::string figure =
      fmt::format("{} ({})", metric_words(key), format_value(key, found->value));
  if (weak(found->evidence))
    return fmt::format("{} được đọc từ bản quét với độ tin cậy thấp ({}%)", figure,
                       format_percent(100.0 * found->evidence.confidence));
  const std::string field = "metrics." + std::string(key);
  for (const RecordWarning &warning : record_.warnings)
    if (warning.field == field) return figure + " được đọc chưa chắc chắn";
  // The parser found it at odds with the scan's other figures (a rate its counts do not give):
  // one of them was misread, and which cannot be told.
  if (const auto review = record_.needs_review.find(field);
      review != record_.needs_review.end() &&
      review->second.reason == ReviewReason::readings_disagree)
    return figure + " không khớp với số liệu khác trên bản quét";
  return std::nullopt;
}

std::string RecordChecker::doubts(const std::vector<std::string> &keys) {
  std::vector<std::string> reasons;
  for (const std::string &key : keys)
    if (auto doubt = figure_doubt(key)) {
      reasons.push_back(std::move(*doubt));
      doubted_.insert(key);
    }
  if (reasons.empty()) return "";
  return fmt::format("Cần xem xét lại trước khi kết luận: {}; cần đối chiếu với bản gốc.",
                     join(reasons, "; "));
}

std::vector<std::string> RecordChecker::figure_keys(const std::string &key) const {
  if (metric(key)) return {key};
  if (key == "on_time_rate_pct") return {"records_on_time", "records_received"};
  if (key == "online_rate_pct") return {"records_online", "records_received"};
  if (key == "simplification_rate_pct") {
    if (metric("procedures_reviewed")) return {"procedures_simplified", "procedures_reviewed"};
    return {"procedures_simplified", "procedures_kept"};
  }
  return {};
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
        {received->evidence, on_time->evidence, late->evidence},
        doubts({"records_received", "records_on_time", "records_late"}));
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
        {reviewed->evidence, simplified->evidence, kept->evidence},
        doubts({"procedures_reviewed", "procedures_simplified", "procedures_kept"}));
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
  for (const RateDefinition &rate : rate_definitions()) {
    const Metric *stated = metric(rate.key);
    if (!stated) continue;
    const Metric *part = metric(rate.part);
    const Metric *whole = metric(rate.whole);
    double denominator = 0;
    std::string denominator_text;
    std::vector<Evidence> evidence{stated->evidence};
    std::vector<std::string> used{std::string(rate.key), std::string(rate.part)};
    if (part && whole) {
      used.emplace_back(rate.whole);
      denominator = whole->value;
      denominator_text = format_count(whole->value);
      evidence.push_back(part->evidence);
      evidence.push_back(whole->evidence);
    } else if (const Metric *other = rate.other.empty() ? nullptr : metric(rate.other);
               part && other) {
      used.emplace_back(rate.other);
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
        std::move(evidence), doubts(used));
  }
}

void RecordChecker::check_claims() {
  const Metric *late = metric("records_late");
  if (!late || late->value <= 0) return;
  // "100% ... đúng hạn" in either order, close together in one clause.
  static const RE2 kAllOnTime(R"(100 ?%.{0,40}dung h[ae]n|dung h[ae]n.{0,40}100 ?%)");
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
          no_late_claims().begin(), no_late_claims().end(), [&words](const auto &claim) {
            return (" " + words + " ").find(" " + claim + " ") != std::string::npos;
          });
      const bool all_on_time = RE2::PartialMatch(fold_accents(clause), kAllOnTime);
      if (!no_late && !all_on_time) continue;
      const size_t first = clause.find_first_not_of(" \t");
      const size_t last = clause.find_last_not_of(" \t");
      Evidence quoted = section.evidence;
      quoted.text = clause.substr(first, last - first + 1);
      quoted.box.reset(); // the box is the section's, not the clause's
      std::string doubt = doubts({"records_late"});
      // "100%" may be the on-time rate rounded (9.031 of 9.033 is 99,98%): then the words are
      // not plainly false, and a person decides.
      const Metric *received = metric("records_received");
      if (doubt.empty() && !no_late && received && received->value > 0 &&
          100.0 * (received->value - late->value) / received->value >= 99.95)
        doubt = "Tỷ lệ 100% có thể là tỷ lệ đúng hạn đã làm tròn; cần xem xét lại trước khi kết "
                "luận.";
      add(FindingCode::claim_contradiction, criterion_of({"records_late"}),
          fmt::format("Báo cáo nêu \"{}\" nhưng số liệu có {} hồ sơ trễ hạn.", quoted.text,
                      format_count(late->value)),
          {quoted, late->evidence}, doubt);
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
        value->evidence, doubts(figure_keys(target.metric)));
  }
}

void RecordChecker::check_references() {
  static const RE2 kNumberYear(R"(\s*\d+\s*/\s*((?:19|20)\d\d)\s*(?:/.*)?)");
  for (const Reference &reference : record_.references) {
    if (!reference.date || !iso_day_number(*reference.date)) continue;
    std::string year;
    for (const auto &number : {reference.number, reference.number_symbol})
      if (number && RE2::FullMatch(*number, kNumberYear, &year)) break;
    const std::string date_year = reference.date->substr(0, 4);
    if (year.empty() || year == date_year) continue;
    add(FindingCode::reference_year_mismatch, std::nullopt,
        fmt::format("Văn bản dẫn chiếu \"{}\" có năm trong số hiệu ({}) khác năm ban hành ({}); "
                    "cần kiểm tra lại số hiệu hoặc ngày ban hành.",
                    quote(reference), year, date_year),
        {reference.evidence},
        weak(reference.evidence) ? "Cần xem xét lại trước khi kết luận: số hiệu hoặc ngày của "
                                   "văn bản này được đọc từ bản quét với độ tin cậy thấp."
                                 : "");
  }
}

void RecordChecker::check_dates() {
  const long from = *iso_day_number(plan_.period.from);
  const long to = *iso_day_number(plan_.period.to);
  const std::string period = fmt::format("từ {} đến {}", vietnamese_date(plan_.period.from),
                                         vietnamese_date(plan_.period.to));
  const std::string date_doubt = weak(field_evidence("date"))
                                     ? "Cần xem xét lại trước khi kết luận: ngày ban hành được đọc "
                                       "từ bản quét với độ tin cậy thấp."
                                     : "";
  if (record_.date) {
    if (const auto day = iso_day_number(*record_.date)) {
      const long due = to + plan_.period.grace_days;
      if (*day < from)
        add(FindingCode::date_out_of_period, std::nullopt,
            fmt::format("Ngày ban hành ({}) trước kỳ kiểm tra ({}).",
                        vietnamese_date(*record_.date), period),
            evidence_of("date"), date_doubt);
      else if (*day > due)
        add(FindingCode::date_out_of_period, std::nullopt,
            fmt::format("Ngày ban hành ({}) sau thời hạn nhận báo cáo của kỳ kiểm tra ({}, gia "
                        "hạn {} ngày).",
                        vietnamese_date(*record_.date), period, plan_.period.grace_days),
            evidence_of("date"), date_doubt);
    }
  }
  // The period a report states in its subject: "(từ 01/01/2021 đến 31/8/2021)".
  if (!record_.subject) return;
  static const RE2 kRange(R"(tu (?:ngay )?(\d{1,2})/(\d{1,2})/(\d{4}) *(?:den|-) *(?:ngay )?)"
                          R"((\d{1,2})/(\d{1,2})/(\d{4}))");
  int from_day = 0, from_month = 0, to_day = 0, to_month = 0;
  std::string from_year, to_year;
  if (!RE2::PartialMatch(fold_accents(*record_.subject), kRange, &from_day, &from_month, &from_year,
                         &to_day, &to_month, &to_year))
    return;
  const auto iso = [](const std::string &year, int month, int day) {
    return fmt::format("{}-{:02d}-{:02d}", year, month, day);
  };
  const std::string stated_from = iso(from_year, from_month, from_day),
                    stated_to = iso(to_year, to_month, to_day);
  const auto first = iso_day_number(stated_from), last = iso_day_number(stated_to);
  if (!first || !last || (*first >= from && *last <= to)) return;
  Evidence evidence = field_evidence("subject");
  add(FindingCode::date_out_of_period, std::nullopt,
      fmt::format("Kỳ báo cáo nêu trong trích yếu (từ {} đến {}) vượt ra ngoài kỳ kiểm tra ({}).",
                  vietnamese_date(stated_from), vietnamese_date(stated_to), period),
      evidence.text.empty() ? std::vector<Evidence>{} : std::vector<Evidence>{evidence},
      weak(evidence) ? "Cần xem xét lại trước khi kết luận: trích yếu được đọc từ bản quét với độ "
                       "tin cậy thấp."
                     : "");
}

void RecordChecker::check_fields() {
  // On a scan a field may be on the page yet unreadable (a name under a red seal): only the
  // person holding the original can say it is missing. A number left blank beside a symbol that
  // was read ("Số:    /BC-QLTM") is seen, not guessed.
  const std::string unread =
      record_.source.read_by_ocr()
          ? "Báo cáo được đọc từ bản quét nên có thể nội dung này có nhưng không đọc được; cần "
            "xem bản gốc."
          : "";
  if (!record_.number && !record_.number_symbol)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi số, ký hiệu.", {},
        record_.symbol ? "" : unread);
  if (!record_.date)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi ngày ban hành.", {}, unread);
  if (!record_.signer.name)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi họ tên người ký.",
        record_.signer.evidence.text.empty() ? std::vector<Evidence>{}
                                             : std::vector<Evidence>{record_.signer.evidence},
        unread);
  if (!record_.issuer)
    add(FindingCode::missing_field, std::nullopt, "Văn bản không ghi tên cơ quan, đơn vị ban hành.",
        {}, unread);
}

void RecordChecker::check_unsure_fields() {
  // The key fields the parser marked (Record::needs_review): each is a needs_review finding, so
  // the notice lists it apart and nobody signs it unchecked. Figures are check_confidence's,
  // against the plan's own threshold.
  for (const auto &entry : record_.needs_review) {
    // Not a structured binding: clang 14 does not let a lambda capture one.
    const std::string &field = entry.first;
    const FieldReview &review = entry.second;
    const KeyField *key = key_field(field);
    if (!key || review.candidates.empty()) continue;
    auto shown = [&field](const std::string &value) {
      return "\"" + (field == "date" ? vietnamese_date(value) : value) + "\"";
    };
    std::vector<Evidence> evidence;
    if (const Evidence *found = key_field_evidence(record_, *key)) evidence.push_back(*found);
    std::string message;
    if (review.reason == ReviewReason::readings_disagree && review.candidates.size() > 1) {
      std::vector<std::string> others;
      for (size_t i = 1; i < review.candidates.size(); ++i)
        others.push_back(shown(review.candidates[i]));
      message = fmt::format("{} trên bản quét đọc được là {}, khác với cách viết ở chỗ khác "
                            "trong văn bản; đã lấy {}, cần đối chiếu với bản gốc.",
                            key->label, fmt::join(others, ", "), shown(review.candidates[0]));
    } else {
      message = fmt::format("{} đọc từ bản quét chưa chắc chắn (độ tin cậy {}%): {}; cần đối "
                            "chiếu với bản gốc.",
                            key->label, static_cast<int>(std::lround(review.confidence * 100)),
                            shown(review.candidates[0]));
    }
    add(FindingCode::low_confidence, std::nullopt, std::move(message), std::move(evidence));
  }
}

void RecordChecker::check_confidence() {
  // Only figures a check or the notice relied on (the first metric of each key), and only those
  // no other finding of this report already asks a person to verify.
  std::vector<std::string> keys = known_metric_keys();
  for (const FigureSpec &spec : plan_.figure_specs())
    if (!is_known_metric(spec.key)) keys.push_back(spec.key);
  for (const std::string &key : keys) {
    if (doubted_.count(key)) continue;
    const Metric *found = record_.metric(key);
    const std::optional<std::string> doubt = figure_doubt(key);
    if (!found || !doubt) continue;
    add(FindingCode::low_confidence, criterion_of({key}),
        fmt::format("{}; cần đối chiếu với bản gốc trước khi dùng số liệu này.",
                    capitalised(*doubt)),
        {found->evidence});
  }
}

std::map<std::string, UnitFigure> RecordChecker::figures() const {
  std::map<std::string, UnitFigure> out;
  for (const std::string &key : known_metric_keys())
    if (auto value = figure(key)) out[key] = *value;
  for (const FigureSpec &spec : plan_.figure_specs())
    if (auto value = figure(spec.key)) out[spec.key] = *value;
  return out;
}

} // namespace vnotice::check_detail
