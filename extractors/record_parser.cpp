// parse_record: the order in which the parts read a document (extractors/record_parser_parts.h
// says which file holds which part).
#include "extractors/record_parser.h"
#include "extractors/record_parser_parts.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

namespace vnotice {
namespace record_parts {
namespace {

void warn_missing(Record &record, const std::string &field, const std::string &what) {
  warn(record, WarningCode::field_not_found, field,
       fmt::format("no {} was found; the field is left empty (check the document's first page "
                   "or the text vnotice extracted)",
                   what));
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
} // namespace record_parts

namespace {

// Figures of a scan that contradict each other: a stated rate its own counts do not give, or
// counts whose parts add up to more or less than their whole. OCR can invent a digit and be sure
// of it ("32,19%" read for "32,1%" at 96 %); the document's arithmetic is a second reading. Which
// of the figures is wrong cannot be told, so all of them wait for a person, the rate with the
// value its counts give as a candidate. A rate is taken as written to its own precision, rounded
// or cut: 32,1 % stands for 32.0 to 32.2, 32 % for 31 to 33.
void mark_disagreeing_figures(Record &record, const std::set<int> &ocr_pages) {
  auto value_text = [](double value) { return fmt::format("{:g}", value); };
  auto mark = [&](const Metric &metric, std::vector<std::string> candidates) {
    candidates.insert(candidates.begin(), value_text(metric.value));
    record.mark_for_review("metrics." + metric.key, ReviewReason::readings_disagree,
                           metric.evidence.confidence, candidates);
  };
  // Only figures OCR read: in a document of typed and scanned pages, typed figures that disagree
  // are the document's own error, which the checker reports.
  auto scanned = [&](const Metric *metric) {
    return metric != nullptr && ocr_pages.contains(metric->evidence.page);
  };
  for (const RateDefinition &rate : rate_definitions()) {
    const Metric *stated = record.metric(rate.key);
    const Metric *part = record.metric(rate.part);
    const Metric *whole = record.metric(rate.whole);
    const Metric *other = !whole && !rate.other.empty() ? record.metric(rate.other) : nullptr;
    if (!stated || !part || (!whole && !other)) continue;
    if (!scanned(stated) && !scanned(part) && !scanned(whole ? whole : other)) continue;
    const double denominator = whole ? whole->value : part->value + other->value;
    if (denominator <= 0) continue;
    const double expected = 100.0 * part->value / denominator;
    int decimals = 0;
    while (decimals < 3 && std::abs(stated->value * std::pow(10.0, decimals) -
                                    std::round(stated->value * std::pow(10.0, decimals))) > 1e-6)
      ++decimals;
    if (std::abs(stated->value - expected) <= std::pow(10.0, -decimals) + 1e-9) continue;
    mark(*stated, {fmt::format("{:.{}f}", expected, std::max(decimals, 1))});
    mark(*part, {});
    mark(whole ? *whole : *other, {});
  }
  // Parts of a whole: those handled on time and late are all those received.
  const Metric *received = record.metric("records_received");
  const Metric *on_time = record.metric("records_on_time");
  const Metric *late = record.metric("records_late");
  if (received && on_time && late && (scanned(received) || scanned(on_time) || scanned(late)) &&
      std::abs(received->value - on_time->value - late->value) > 0.5)
    for (const Metric *metric : {received, on_time, late})
      mark(*metric, {});
}

} // namespace

// Key fields (pipeline/record.h: key_fields()) OCR read under kSureFieldConfidence are marked for
// review (issue 21, point 3): a person will sign what is built from them. The figures: the first
// of each key, the one the checker and the notice use.
void mark_unsure_fields(Record &record, const Document &document) {
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
  std::set<int> ocr_pages;
  for (const Page &page : document.pages)
    if (page.method == PageMethod::ocr) ocr_pages.insert(page.number);
  mark_disagreeing_figures(record, ocr_pages);
}

Record parse_record(const Document &document, const std::vector<FigureSpec> &extra_figures) {
  using namespace record_parts;
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
  // The units since the last sentence of this section: a table's header that a PDF's lines set
  // apart from its rows (cells wrapped over several lines) is among them.
  std::vector<std::string> above;
  std::string above_section;
  read_sections(
      record, body_units, coarse_index(body_units, units, body_start),
      coarse_index(body_units, units, body_end), [&](const Unit &unit, const std::string &section) {
        read_references(record, unit);
        read_appendix_mentions(record, unit);
        if (section != above_section) above.clear();
        above_section = section;
        if (unit.kind == BlockKind::table) {
          read_table_metrics(unit, section, metrics, metric_hits, above);
          above.push_back(unit.text);
          return;
        }
        read_text_metrics(unit, section, metrics, metric_hits, unread_figures);
        const std::string text = trim(unit.text);
        if (text.empty() || std::string_view(".:;!?").find(text.back()) != std::string_view::npos)
          above.clear(); // a sentence: what follows starts afresh
        else
          above.push_back(unit.text);
      });
  settle_metrics(record, metrics, metric_hits);
  for (const Evidence &figure : unread_figures)
    warn(record, WarningCode::figure_not_read, "metrics",
         fmt::format("page {}: \"{}\" holds a figure that matches none of the figures vnotice "
                     "knows; it is not used: check it, or name it in the plan's criteria "
                     "(figures)",
                     figure.page, figure.text));
  judge_headings(record);
  read_closing(record, units, body_end, appendix_start, heading_lost);

  // Appendices present in the input: "Phụ lục I" then its upper-case title.
  read_appendices(record, units, appendix_start);

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
  mark_unsure_fields(record, document);
  for (const Warning &warning : document.warnings)
    record.warnings.push_back({warning.code, "", warning.message});
  return record;
}

} // namespace vnotice
