#include "generators/notice_composer.h"

#include "generators/notice_text.h"
#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace vnotice {
namespace {

// ---------------------------------------------------------------------------------------------
// Words

// Names in a sentence. Commas only: unit names often hold "và" themselves ("Trung tâm Khuyến
// công và Tư vấn ..."), so a final "và" would make the list ambiguous.
std::string list_names(const std::vector<std::string> &names) { return join(names, ", "); }

// One line of words: line breaks and runs of spaces a source may hold become single spaces.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  return out;
}

// Figures in a table cell are written without the zero padding of running text ("2", "0"), as
// in the appendices of real notices; thousands keep their dot ("8.586").
std::string cell_count(double value) {
  std::string text = format_count(value);
  if (text.size() == 2 && text[0] == '0') text.erase(0, 1);
  return text;
}

// A report is named by its file name without the folders (where the run found it is noise here).
std::string file_name(const std::string &path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool is_rate(std::string_view key) { return key.ends_with("_pct"); }

std::string format_target(const PlanTarget &target) {
  return format_percent(target.value) + (is_rate(target.metric) ? "%" : "");
}

int year_of(std::string_view iso) {
  int year = 0;
  for (size_t i = 0; i < 4 && i < iso.size() && iso[i] >= '0' && iso[i] <= '9'; ++i)
    year = year * 10 + (iso[i] - '0');
  return year;
}

// How a count is worded in a totals sentence: first in the sentence ("Tổng số hồ sơ tiếp nhận
// của các đơn vị: 798 hồ sơ") or after it ("trễ hạn 02 hồ sơ"), and the rate that goes with it,
// recomputed from the totals.
struct CountWords {
  std::string_view key, lead, inline_words, noun, rate, rate_verb;
};
constexpr CountWords kCountWords[] = {
    {"records_received", "Tổng số hồ sơ tiếp nhận", "tiếp nhận", "hồ sơ", "", ""},
    {"records_on_time", "Số hồ sơ giải quyết sớm và đúng hạn", "giải quyết sớm và đúng hạn",
     "hồ sơ", "on_time_rate_pct", "đạt"},
    {"records_late", "Số hồ sơ trễ hạn", "trễ hạn", "hồ sơ", "", ""},
    {"records_online", "Số hồ sơ tiếp nhận trực tuyến", "trực tuyến", "hồ sơ", "online_rate_pct",
     "chiếm"},
    {"procedures_reviewed", "Tổng số TTHC được rà soát", "rà soát", "TTHC", "", ""},
    {"procedures_simplified", "Số TTHC kiến nghị đơn giản hóa", "kiến nghị đơn giản hóa", "TTHC",
     "simplification_rate_pct", "đạt"},
    {"procedures_kept", "Số TTHC kiến nghị giữ nguyên", "giữ nguyên", "TTHC", "", ""},
    {"publications", "Số tin, bài tuyên truyền", "đăng", "tin, bài", "", ""},
    {"complaints_received", "Số phản ánh, kiến nghị về TTHC tiếp nhận", "tiếp nhận",
     "phản ánh, kiến nghị", "", ""},
};
const CountWords *count_words(std::string_view key) {
  for (const CountWords &words : kCountWords)
    if (words.key == key) return &words;
  return nullptr;
}

// The columns of Phụ lục I (issue 7: records received / on time / late / online; procedures
// reviewed / simplified / kept), kept to those the plan asks for.
struct Column {
  std::string_view key, header;
};
constexpr Column kFigureColumns[] = {
    {"records_received", "Hồ sơ tiếp nhận"},
    {"records_on_time", "Giải quyết sớm, đúng hạn"},
    {"records_late", "Trễ hạn"},
    {"records_online", "Trực tuyến"},
    {"procedures_reviewed", "TTHC rà soát"},
    {"procedures_simplified", "Kiến nghị đơn giản hóa"},
    {"procedures_kept", "Giữ nguyên"},
};

constexpr std::string_view kFiguresTitle =
    "SỐ LIỆU CẢI CÁCH HÀNH CHÍNH, KIỂM SOÁT THỦ TỤC HÀNH CHÍNH CỦA CÁC ĐƠN VỊ";
constexpr std::string_view kFindingsTitle = "TỒN TẠI, HẠN CHẾ QUA KIỂM TRA";
constexpr std::string_view kReviewsTitle = "NỘI DUNG CẦN XEM XÉT LẠI";

Paragraph paragraph(ParagraphStyle style, std::string text) { return {style, std::move(text)}; }

// ---------------------------------------------------------------------------------------------
// The composer

class Composer {
public:
  Composer(const InspectionPlan &plan, const std::vector<Record> &records,
           const CheckResult &result)
      : plan_(plan), records_(records), result_(result) {
    for (size_t i = 0; i < result.assignments.size(); ++i) {
      const ReportAssignment &report = result.assignments[i].report;
      if (report.unit && !report.duplicate && !used_.count(*report.unit)) used_[*report.unit] = i;
    }
    for (const Finding &finding : result.findings.findings) {
      if (finding.severity == Severity::error || finding.severity == Severity::warning)
        issues_.push_back(&finding);
      else if (finding.severity == Severity::needs_review)
        reviews_.push_back(&finding);
    }
    for (const Column &column : kFigureColumns)
      if (plan_asks(column.key)) columns_.push_back(&column);
    int appendices = 0;
    const auto next_label = [&appendices] {
      static constexpr const char *kRoman[] = {"I", "II", "III"};
      return std::string(kRoman[appendices++]);
    };
    if (!columns_.empty()) figures_label_ = next_label();
    if (!issues_.empty()) findings_label_ = next_label();
    if (!reviews_.empty()) reviews_label_ = next_label();
  }

  Notice compose() {
    Notice notice;
    letterhead(notice.letterhead);
    notice.doc_type = "THÔNG BÁO";
    notice.subject = subject();
    notice.issuer_name_in_sentence = plan_.issuer.issuer_name;
    notice.recipients = plan_.notice.recipients;
    notice.signer = {plan_.notice.signer.authority, plan_.notice.signer.title,
                     plan_.notice.signer.name};
    body_ = &notice.body;
    opening();
    results();
    assessment();
    recommendations();
    add(ParagraphStyle::body, fmt::format("Trên đây là thông báo {} của {}./.",
                                          lower_first(one_line(notice.subject)), issuer_name()));
    if (figures_label_) notice.appendices.push_back(figures_appendix());
    if (findings_label_) notice.appendices.push_back(findings_appendix());
    if (reviews_label_) notice.appendices.push_back(reviews_appendix());
    return notice;
  }

private:
  const InspectionPlan &plan_;
  const std::vector<Record> &records_;
  const CheckResult &result_;
  std::map<std::string, size_t> used_;  // unit id -> index of the assignment whose report is used
  std::vector<const Finding *> issues_; // error and warning findings, in the findings' order
  // needs_review findings: doubts for a person to settle, never stated as a unit's shortcoming.
  std::vector<const Finding *> reviews_;
  std::vector<const Column *> columns_;
  std::optional<std::string> figures_label_, findings_label_, reviews_label_;
  std::vector<BodyItem> *body_ = nullptr;

  void add(ParagraphStyle style, std::string text) {
    body_->push_back(paragraph(style, std::move(text)));
  }

  const std::string &issuer_name() const { return plan_.issuer.issuer_name; }

  bool plan_asks(std::string_view key) const {
    for (const PlanCriterion *criterion : plan_.flat_criteria())
      if (std::find(criterion->metrics.begin(), criterion->metrics.end(), key) !=
          criterion->metrics.end())
        return true;
    return false;
  }

  std::string unit_name(const std::optional<std::string> &id) const {
    if (id)
      if (const PlanUnit *unit = plan_.unit(*id)) return unit->name;
    return "Đơn vị không xác định";
  }

  // Names of the plan's units for which `pick` holds, in plan order; "Các đơn vị" when that is
  // every unit of a plan with more than one.
  std::vector<std::string> units_where(const std::function<bool(const PlanUnit &)> &pick) const {
    std::vector<std::string> names;
    for (const PlanUnit &unit : plan_.units)
      if (pick(unit)) names.push_back(unit.name);
    return names;
  }
  std::string units_subject(const std::vector<std::string> &names) const {
    if (names.size() == plan_.units.size() && names.size() > 1) return "Các đơn vị";
    return list_names(names);
  }

  const Record *used_record(const std::string &unit) const {
    const auto it = used_.find(unit);
    if (it == used_.end()) return nullptr;
    const size_t index = result_.assignments[it->second].record;
    return index < records_.size() ? &records_[index] : nullptr;
  }

  const UnitFigures *figures_of(const std::string &unit) const {
    for (const UnitFigures &row : result_.table)
      if (row.unit == unit) return &row;
    return nullptr;
  }
  // The whole agency's totals: shown apart, never added to the units' figures.
  bool aggregate(const std::string &unit) const {
    const UnitFigures *row = figures_of(unit);
    return row && row->aggregate;
  }
  // A unit whose figures are summed: not an aggregate.
  bool summed(const PlanUnit &unit) const { return !aggregate(unit.id); }

  std::optional<double> figure(const std::string &unit, std::string_view key) const {
    const UnitFigures *row = figures_of(unit);
    if (!row) return std::nullopt;
    const auto it = row->figures.find(std::string(key));
    if (it == row->figures.end()) return std::nullopt;
    return it->second.value;
  }

  bool has_finding(const std::string &unit, const std::string &source,
                   std::initializer_list<FindingCode> codes) const {
    for (const Finding &finding : result_.findings.findings)
      if (finding.unit == unit && finding.source == source &&
          std::find(codes.begin(), codes.end(), finding.code) != codes.end())
        return true;
    return false;
  }

  // ---- letterhead and subject

  void letterhead(Letterhead &head) const {
    head.parent_issuer = plan_.issuer.parent_issuer.value_or("");
    head.issuer = plan_.issuer.issuer;
    if (plan_.notice.number_symbol) {
      const std::string &full = *plan_.notice.number_symbol;
      head.number = full.substr(0, full.find('/'));
    }
    head.symbol = plan_.notice.symbol;
    head.place = plan_.notice.place;
    // Without a signing date in the plan the notice is dated by hand when signed, in the year
    // the inspected period ends.
    if (const auto &date = plan_.notice.date) // ISO, checked by the plan loader
      head.date = CalendarDate{std::stoi(date->substr(0, 4)), std::stoi(date->substr(5, 2)),
                               std::stoi(date->substr(8, 2))};
    head.year = plan_.notice.date ? year_of(*plan_.notice.date) : year_of(plan_.period.to);
  }

  std::string subject() const {
    if (plan_.notice.subject) return *plan_.notice.subject;
    const std::string plan_subject = one_line(plan_.subject);
    if (lower_first(plan_subject).starts_with("kết quả")) return upper_first(plan_subject);
    return "Kết quả " + lower_first(plan_subject);
  }

  // ---- opening

  void opening() {
    std::string text = fmt::format("Thực hiện Kế hoạch số {} ngày {} của {} về {}",
                                   plan_.number_symbol, vietnamese_date(plan_.date), issuer_name(),
                                   lower_first(one_line(plan_.subject)));
    if (plan_.request)
      text += fmt::format(" và Công văn số {} ngày {} đề nghị các đơn vị báo cáo kết quả thực hiện",
                          plan_.request->number_symbol, vietnamese_date(plan_.request->date));
    std::vector<std::string> names;
    for (const PlanUnit &unit : plan_.units)
      names.push_back(unit.name);
    text += fmt::format(", {} thông báo kết quả kiểm tra tại {}{} như sau:", issuer_name(),
                        list_names(names), names.size() > 1 ? " (gọi chung là các đơn vị)" : "");
    add(ParagraphStyle::body, text);
  }

  // ---- I. results per criterion

  void results() {
    add(ParagraphStyle::heading1, "I. KẾT QUẢ KIỂM TRA");
    for (const PlanCriterion &criterion : plan_.criteria)
      criterion_part(criterion, 0);
  }

  static std::string heading_text(const PlanCriterion &criterion, int depth) {
    const bool letter = std::all_of(criterion.label.begin(), criterion.label.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c));
    });
    if (depth == 0) return fmt::format("{}. {}", criterion.label, criterion.title);
    if (letter) return fmt::format("{}) {}", criterion.label, criterion.title);
    // "2.1 Cải cách thể chế": the full path, as the reference numbers its second level.
    return fmt::format("{} {}", criterion.path, criterion.title);
  }

  void criterion_part(const PlanCriterion &criterion, int depth) {
    const ParagraphStyle style = depth == 0   ? ParagraphStyle::heading2
                                 : depth == 1 ? ParagraphStyle::heading3
                                              : ParagraphStyle::heading4;
    add(style, heading_text(criterion, depth));
    if (!criterion.metrics.empty())
      totals(criterion);
    else if (criterion.children.empty())
      // A parent without figures is covered by its children's paragraphs.
      coverage(criterion);
    for (const PlanCriterion &child : criterion.children)
      criterion_part(child, depth + 1);
  }

  // Which units' reports answered a criterion (the checker's section matches).
  void coverage(const PlanCriterion &criterion) {
    const auto reported = [&](const PlanUnit &unit) {
      const auto it = used_.find(unit.id);
      if (it == used_.end()) return false;
      const auto &matches = result_.assignments[it->second].criteria;
      return std::any_of(matches.begin(), matches.end(), [&](const CriterionMatch &match) {
        return match.criterion == criterion.path;
      });
    };
    // A criterion the checker could not confirm is not said to be missing.
    const auto unsure = [&](const PlanUnit &unit) {
      return !reported(unit) &&
             std::any_of(reviews_.begin(), reviews_.end(), [&](const Finding *finding) {
               return finding->code == FindingCode::missing_criterion && finding->unit == unit.id &&
                      finding->criterion == criterion.path;
             });
    };
    const std::vector<std::string> yes = units_where(reported);
    const std::vector<std::string> no =
        units_where([&](const PlanUnit &unit) { return !reported(unit) && !unsure(unit); });
    const std::vector<std::string> doubt = units_where(unsure);
    std::string text;
    if (yes.empty() && doubt.empty()) {
      text = "Chưa có đơn vị nào báo cáo nội dung này.";
    } else if (no.empty() && doubt.empty()) {
      text = fmt::format("{} đã báo cáo nội dung này.", units_subject(yes));
    } else {
      std::vector<std::string> parts;
      if (!yes.empty()) parts.push_back(fmt::format("{} đã báo cáo nội dung này", list_names(yes)));
      if (!no.empty()) parts.push_back(fmt::format("{} chưa báo cáo", list_names(no)));
      if (!doubt.empty())
        parts.push_back(fmt::format("chưa xác định được nội dung này trong báo cáo của {} (cần "
                                    "xem xét lại)",
                                    list_names(doubt)));
      text = upper_first(join(parts, "; ")) + ".";
    }
    add(ParagraphStyle::body, text);
  }

  struct Sum {
    double value = 0;
    size_t units = 0;
  };
  Sum sum(std::string_view key) const {
    Sum out;
    for (const PlanUnit &unit : plan_.units) {
      if (!summed(unit)) continue;
      if (auto value = figure(unit.id, key)) {
        out.value += *value;
        ++out.units;
      }
    }
    return out;
  }

  // A rate over all units from the summed counts of the units that give both parts (an average
  // of the units' rates would weigh a unit with 10 records like one with 5.000).
  std::optional<std::string> rate_from_totals(std::string_view rate) const {
    double part = 0, whole = 0;
    for (const PlanUnit &unit : plan_.units) {
      if (!summed(unit)) continue;
      std::optional<double> p, w;
      if (rate == "on_time_rate_pct") {
        p = figure(unit.id, "records_on_time"), w = figure(unit.id, "records_received");
      } else if (rate == "online_rate_pct") {
        p = figure(unit.id, "records_online"), w = figure(unit.id, "records_received");
      } else if (rate == "simplification_rate_pct") {
        // As the checker does: reviewed, or else simplified + kept when none is stated.
        p = figure(unit.id, "procedures_simplified"), w = figure(unit.id, "procedures_reviewed");
        const auto kept = figure(unit.id, "procedures_kept");
        if (p && !w && kept) w = *p + *kept;
      }
      if (p && w) part += *p, whole += *w;
    }
    if (whole <= 0) return std::nullopt;
    return rate_words(part, whole);
  }

  // A rate with one decimal, never rounded to a whole that is not there: 8.582 of 8.586 is
  // "99,9", not "100", and 1 of 5.000 is "0,1", not "0".
  static std::string rate_words(double part, double whole) {
    const double rate = 100.0 * part / whole;
    std::string text = format_percent(rate);
    if (text == "100" && part < whole) text = "99,9";
    if (text == "0" && part > 0) text = "0,1";
    return text;
  }

  void totals(const PlanCriterion &criterion) {
    std::vector<std::string> phrases;
    std::set<std::string> rates_said;
    const auto any_figure = [&](const PlanUnit &unit) {
      return summed(unit) &&
             std::any_of(criterion.metrics.begin(), criterion.metrics.end(),
                         [&](const std::string &key) { return figure(unit.id, key).has_value(); });
    };
    const size_t reporting = units_where(any_figure).size();
    for (const std::string &key : criterion.metrics) {
      const CountWords *words = count_words(key);
      if (!words) continue;
      const Sum total = sum(key);
      if (total.units == 0) continue;
      std::string phrase;
      if (phrases.empty()) {
        phrase = fmt::format("{} của các đơn vị: {} {}", words->lead, format_count(total.value),
                             words->noun);
      } else if (total.value == 0) {
        // "không có hồ sơ trễ hạn", as reports say it, rather than "trễ hạn 00 hồ sơ".
        phrase = fmt::format("không có {} {}", words->noun, words->inline_words);
      } else {
        phrase =
            fmt::format("{} {} {}", words->inline_words, format_count(total.value), words->noun);
      }
      if (!words->rate.empty() && total.value > 0)
        if (auto rate = rate_from_totals(words->rate)) {
          phrase += fmt::format(" ({} {}%)", words->rate_verb, *rate);
          rates_said.insert(std::string(words->rate));
        }
      if (total.units < reporting)
        phrase += fmt::format(" (theo số liệu của {} đơn vị)", format_count(total.units));
      phrases.push_back(std::move(phrase));
    }
    for (const std::string &key : criterion.metrics) {
      if (!is_rate(key) || rates_said.count(key)) continue;
      if (auto rate = rate_from_totals(key))
        phrases.push_back(fmt::format("{} của các đơn vị đạt {}%", metric_words(key), *rate));
    }
    if (phrases.empty()) {
      add(ParagraphStyle::body, "Chưa có đơn vị nào báo cáo số liệu về nội dung này.");
      return;
    }
    phrases.front() = upper_first(phrases.front());
    std::string text = join(phrases, "; ") + ".";
    const std::vector<std::string> silent =
        units_where([&](const PlanUnit &unit) { return summed(unit) && !any_figure(unit); });
    if (!silent.empty())
      text += fmt::format(" {} chưa báo cáo số liệu về nội dung này.", list_names(silent));
    add(ParagraphStyle::body, text);
    const bool in_appendix =
        figures_label_ && std::any_of(columns_.begin(), columns_.end(), [&](const Column *column) {
          return std::find(criterion.metrics.begin(), criterion.metrics.end(), column->key) !=
                 criterion.metrics.end();
        });
    if (in_appendix)
      add(ParagraphStyle::note, fmt::format("(Chi tiết tại Phụ lục {})", *figures_label_));
  }

  // ---- II. assessment

  void assessment() {
    add(ParagraphStyle::heading1, "II. NHẬN XÉT, ĐÁNH GIÁ");
    add(ParagraphStyle::heading2, "1. Ưu điểm");
    for (std::string &text : strengths())
      add(ParagraphStyle::item, "- " + text);
    if (issues_.empty()) {
      add(ParagraphStyle::heading2, "2. Tồn tại, hạn chế: không");
    } else {
      add(ParagraphStyle::heading2, "2. Tồn tại, hạn chế");
      for (const Finding *finding : issues_)
        add(ParagraphStyle::item, fmt::format("- {}: {}", who(*finding), finding->message));
      add(ParagraphStyle::body, fmt::format("Chi tiết tại Phụ lục {}.", *findings_label_));
    }
    if (reviews_.empty()) return;
    // Apart from the shortcomings and said as doubts: what was not read for sure is not yet
    // anyone's fault.
    add(ParagraphStyle::heading2, "3. Nội dung cần xem xét lại");
    add(ParagraphStyle::body,
        "Các nội dung sau chưa đủ căn cứ để kết luận là tồn tại, hạn chế của đơn vị; cần đối "
        "chiếu với bản gốc báo cáo trước khi kết luận:");
    for (const Finding *finding : reviews_)
      add(ParagraphStyle::item, fmt::format("- {}: {}", who(*finding), finding->message));
    add(ParagraphStyle::body, fmt::format("Chi tiết tại Phụ lục {}.", *reviews_label_));
  }

  // The unit a finding is about, or the report when it belongs to no unit.
  std::string who(const Finding &finding) const {
    if (finding.unit) return unit_name(finding.unit);
    return "Báo cáo " + file_name(finding.source);
  }

  // Facts in the units' favour, read from the data only: reports in time and complete, targets
  // reached.
  std::vector<std::string> strengths() const {
    std::vector<std::string> out;
    if (used_.empty()) {
      out.push_back("Chưa có đơn vị nào gửi báo cáo nên chưa có cơ sở đánh giá.");
      return out;
    }
    const auto in_time = [&](const PlanUnit &unit) {
      const Record *record = used_record(unit.id);
      return record && record->date &&
             !has_finding(unit.id, record->source.file, {FindingCode::date_out_of_period});
    };
    const auto complete = [&](const PlanUnit &unit) {
      const Record *record = used_record(unit.id);
      return record && !has_finding(unit.id, record->source.file, {FindingCode::missing_criterion});
    };
    const std::vector<std::string> timely = units_where(in_time);
    const std::vector<std::string> full = units_where(complete);
    const std::string deadline =
        plan_.request ? fmt::format("theo Công văn số {}", plan_.request->number_symbol)
                      : "theo kế hoạch";
    if (!timely.empty() && timely == full) {
      out.push_back(fmt::format("{} đã gửi báo cáo đúng thời hạn {}, đủ các nội dung theo yêu cầu "
                                "của kế hoạch.",
                                units_subject(timely), deadline));
    } else {
      if (!timely.empty())
        out.push_back(
            fmt::format("{} đã gửi báo cáo đúng thời hạn {}.", units_subject(timely), deadline));
      if (!full.empty())
        out.push_back(fmt::format("{} đã báo cáo đủ các nội dung theo yêu cầu của kế hoạch.",
                                  units_subject(full)));
    }
    std::vector<std::string> reached;
    for (const PlanTarget &target : plan_.targets) {
      const std::vector<std::string> met = units_where([&](const PlanUnit &unit) {
        if (!target.units.empty() &&
            std::find(target.units.begin(), target.units.end(), unit.id) == target.units.end())
          return false;
        const auto value = figure(unit.id, target.metric);
        return value && compare(*value, target.comparison, target.value);
      });
      if (!met.empty())
        reached.push_back(fmt::format("{} {} {} ({})", metric_words(target.metric),
                                      comparison_words(target.comparison), format_target(target),
                                      units_subject(met)));
    }
    if (!reached.empty())
      out.push_back(fmt::format("Đạt chỉ tiêu của kế hoạch: {}.", join(reached, "; ")));
    if (out.empty()) out.push_back("Các đơn vị đã gửi báo cáo theo yêu cầu của kế hoạch.");
    return out;
  }

  // ---- III. recommendations

  void recommendations() {
    add(ParagraphStyle::heading1, "III. ĐỀ XUẤT, KIẾN NGHỊ");
    if (issues_.empty()) {
      add(ParagraphStyle::body,
          "Đề nghị các đơn vị tiếp tục duy trì, phát huy kết quả đạt được và thực hiện tốt các "
          "nhiệm vụ theo kế hoạch trong thời gian tới.");
      review_ask();
      return;
    }
    add(ParagraphStyle::body,
        fmt::format("Để khắc phục các tồn tại, hạn chế nêu trên, {} đề nghị:", issuer_name()));
    struct Ask {
      std::vector<FindingCode> codes;
      std::string what;
    };
    const std::vector<Ask> asks = {
        {{FindingCode::sum_mismatch, FindingCode::percent_mismatch,
          FindingCode::claim_contradiction},
         fmt::format("kiểm tra, điều chỉnh số liệu cho thống nhất và báo cáo lại về {}",
                     issuer_name())},
        {{FindingCode::target_not_met},
         fmt::format("có giải pháp khắc phục các chỉ tiêu chưa đạt theo kế hoạch và báo cáo kết "
                     "quả về {}",
                     issuer_name())},
        {{FindingCode::missing_criterion},
         "bổ sung các nội dung còn thiếu trong báo cáo theo yêu cầu của kế hoạch"},
        {{FindingCode::missing_field, FindingCode::reference_year_mismatch},
         "rà soát, hoàn chỉnh thể thức và văn bản dẫn chiếu trong báo cáo"},
        {{FindingCode::date_out_of_period},
         "gửi báo cáo đúng thời hạn và đúng kỳ báo cáo theo yêu cầu của kế hoạch"},
        {{FindingCode::duplicate_report}, "xác định và gửi một báo cáo chính thức"},
    };
    for (const Ask &ask : asks) {
      std::set<std::string> ids;
      for (const Finding *finding : issues_)
        if (finding->unit &&
            std::find(ask.codes.begin(), ask.codes.end(), finding->code) != ask.codes.end())
          ids.insert(*finding->unit);
      if (ids.empty()) continue;
      const std::vector<std::string> names =
          units_where([&](const PlanUnit &unit) { return ids.count(unit.id) > 0; });
      add(ParagraphStyle::item, fmt::format("- {} {}.", units_subject(names), ask.what));
    }
    std::vector<std::string> unknown;
    for (const Finding *finding : issues_)
      if (!finding->unit && finding->code == FindingCode::unknown_unit) {
        std::string file = file_name(finding->source);
        if (std::find(unknown.begin(), unknown.end(), file) == unknown.end())
          unknown.push_back(std::move(file));
      }
    if (!unknown.empty())
      add(ParagraphStyle::item,
          fmt::format("- Đơn vị gửi báo cáo {} ghi rõ tên đơn vị ban hành và gửi lại báo cáo.",
                      list_names(unknown)));
    review_ask();
    add(ParagraphStyle::item, "- Các đơn vị tiếp tục duy trì, phát huy kết quả đạt được.");
  }

  // The units whose reports hold doubts are asked to help confirm them, not to correct them.
  void review_ask() {
    std::set<std::string> ids;
    for (const Finding *finding : reviews_)
      if (finding->unit) ids.insert(*finding->unit);
    if (ids.empty()) return;
    const std::vector<std::string> names =
        units_where([&](const PlanUnit &unit) { return ids.count(unit.id) > 0; });
    add(ParagraphStyle::item,
        fmt::format("- {} phối hợp đối chiếu, xác nhận các nội dung cần xem xét lại nêu tại điểm 3 "
                    "mục II.",
                    units_subject(names)));
  }

  // ---- appendices

  Appendix figures_appendix() const {
    Appendix appendix;
    appendix.label = *figures_label_;
    appendix.title = std::string(kFiguresTitle);
    appendix.body.push_back(paragraph(
        ParagraphStyle::centered,
        fmt::format("(Số liệu từ ngày {} đến ngày {}, theo báo cáo của các đơn vị)",
                    vietnamese_date(plan_.period.from), vietnamese_date(plan_.period.to))));
    Table table;
    table.header.push_back("Đơn vị");
    table.widths.push_back(3.2);
    for (const Column *column : columns_) {
      table.header.emplace_back(column->header);
      table.widths.push_back(1.2);
    }
    const auto row_of = [&](const PlanUnit &unit) {
      const UnitFigures *row = figures_of(unit.id);
      const bool reported = row && row->source;
      std::vector<std::string> cells{reported ? unit.name : unit.name + " (chưa gửi báo cáo)"};
      for (const Column *column : columns_) {
        const auto value = figure(unit.id, column->key);
        cells.push_back(value ? cell_count(*value) : "-");
      }
      return cells;
    };
    Table aggregates;
    aggregates.header = table.header;
    aggregates.widths = table.widths;
    for (const PlanUnit &unit : plan_.units)
      (summed(unit) ? table : aggregates).rows.push_back(row_of(unit));
    std::vector<std::string> total{"Tổng cộng"};
    for (const Column *column : columns_) {
      const Sum s = sum(column->key);
      total.push_back(s.units ? cell_count(s.value) : "-");
    }
    table.total = std::move(total);
    appendix.body.emplace_back(std::move(table));
    // The agency's own totals below the sum, in their own table: a row inside it would read as
    // one of the rows added up.
    if (!aggregates.rows.empty()) {
      appendix.body.push_back(paragraph(
          ParagraphStyle::centered,
          "Số liệu tổng hợp chung (theo báo cáo tổng hợp, không cộng vào dòng Tổng cộng):"));
      appendix.body.emplace_back(std::move(aggregates));
    }
    return appendix;
  }

  std::string criterion_cell(const std::optional<std::string> &path) const {
    if (!path) return "Toàn báo cáo";
    for (const PlanCriterion *criterion : plan_.flat_criteria())
      if (criterion->path == *path) return fmt::format("{} {}", criterion->path, criterion->title);
    return *path;
  }

  // "Báo cáo số 08/BC-QLCN ngày 06/09/2021" then one line per quoted place: the reader can find
  // the words in the report.
  std::string evidence_cell(const Finding &finding) const {
    std::vector<std::string> lines;
    const Record *record = nullptr;
    for (const Record &candidate : records_)
      if (candidate.source.file == finding.source) {
        record = &candidate;
        break;
      }
    if (record && record->number_symbol) {
      std::string line =
          fmt::format("{} số {}", record->doc_type ? sentence_case(*record->doc_type) : "Báo cáo",
                      *record->number_symbol);
      if (record->date) line += " ngày " + vietnamese_date(*record->date);
      lines.push_back(std::move(line));
    } else {
      lines.push_back(file_name(finding.source));
    }
    for (const Evidence &evidence : finding.evidence) {
      const std::string quoted = fmt::format("“{}”", one_line(evidence.text));
      lines.push_back(evidence.page > 0 ? fmt::format("trang {}: {}", evidence.page, quoted)
                                        : quoted);
    }
    return join(lines, "\n");
  }

  Table findings_table(const std::vector<const Finding *> &findings) const {
    Table table;
    table.header = {"STT", "Đơn vị", "Tiêu chí", "Nội dung", "Căn cứ"};
    table.widths = {1.0, 2.6, 2.6, 4.4, 3.9}; // STT wide enough for its header on one line
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding &finding = *findings[i];
      table.rows.push_back({std::to_string(i + 1), finding.unit ? unit_name(finding.unit) : "-",
                            criterion_cell(finding.criterion), finding.message,
                            evidence_cell(finding)});
    }
    return table;
  }

  Appendix findings_appendix() const {
    Appendix appendix;
    appendix.label = *findings_label_;
    appendix.title = std::string(kFindingsTitle);
    appendix.body.emplace_back(findings_table(issues_));
    return appendix;
  }

  Appendix reviews_appendix() const {
    Appendix appendix;
    appendix.label = *reviews_label_;
    appendix.title = std::string(kReviewsTitle);
    appendix.body.push_back(paragraph(ParagraphStyle::centered,
                                      "(Chưa đủ căn cứ để kết luận; cần đối chiếu với bản gốc "
                                      "báo cáo)"));
    appendix.body.emplace_back(findings_table(reviews_));
    return appendix;
  }
};

} // namespace

Notice compose_notice(const InspectionPlan &plan, const std::vector<Record> &records,
                      const CheckResult &result) {
  return Composer(plan, records, result).compose();
}

} // namespace vnotice
