// Record: the structured facts of one Decree 30 document (notice, report, plan, letter), each
// linked to the source text it came from.
//
// The parser (extractors/record_parser.h) fills it from a normalised Document; the checker reads
// it; the archive indexes it. A field the parser could not find is empty (std::nullopt, null in
// JSON) and comes with a warning saying so: it is never guessed. The JSON form is described by
// schemas/record.schema.json.
#pragma once

#include "pipeline/document.h"

#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

// Where a value came from: the page, the quoted source text, its box when the input had one
// (office files and plain text have none), and the lowest OCR confidence of its words (1.0 for a
// text layer), so a reviewer can check it and the checker can distrust weak OCR.
struct Evidence {
  int page = 0; // 1-based; 0 when unknown
  std::string text;
  std::optional<Box> box;
  double confidence = 1.0;
};

// A document cited in the text: `Quyết định số 86/QĐ-SCT ngày 18/8/2021 của Sở Công Thương`.
struct Reference {
  std::optional<std::string> doc_type;  // "Quyết định", as written, first letter upper case
  std::optional<std::string> type_code; // "QĐ" (Decree 30 Appendix III); none for a công văn
  std::optional<std::string> number;    // "86", or "20/2019" when the number holds a year
  std::optional<std::string> symbol;    // "QĐ-SCT"
  std::optional<std::string> number_symbol; // "86/QĐ-SCT"
  std::optional<std::string> date;          // ISO 8601, "2021-08-18"
  std::optional<std::string> issuer;        // "Sở Công Thương"
  Evidence evidence;
};

// A heading of the document with the text under it: `2.2 Về cải cách TTHC`, `a) ...`, `- ...`.
struct Section {
  std::string label;                // "I", "1", "2.2", "a", "-"
  std::optional<std::string> title; // the heading's words; none for a dash item
  int level = 1;                    // depth in the tree, 1 for the top headings
  std::string text;                 // the paragraphs under the heading, before any child
  std::vector<Section> children;
  Evidence evidence;
};

// A figure the document reports, under a stable key (extractors/data/metrics.json).
struct Metric {
  std::string key;     // "records_received"
  double value = 0;    // 8586, 15 for "15%"
  std::string unit;    // "records", "procedures", "percent", ...
  std::string section; // label of the innermost section holding it ("2.2.b"), "" outside any
  Evidence evidence;
};

struct RecordSigner {
  std::optional<std::string> authority; // "KT. GIÁM ĐỐC", or the only title line
  std::optional<std::string> title;     // "PHÓ GIÁM ĐỐC"
  std::optional<std::string> name;      // "Nguyễn Văn Luận"
  Evidence evidence;
};

struct RecordAppendix {
  std::string label;                // "I", or "" for a single unnumbered Phụ lục
  std::optional<std::string> title; // upper-case title when the appendix itself is in the input
  Evidence evidence;
};

// Something the parser could not find or had to leave out.
struct RecordWarning {
  WarningCode code = WarningCode::field_not_found;
  // "number", "metrics.records_late", "" for the whole record. A warning on `metrics.KEY` while
  // the record keeps that figure marks it unsure: a check relying on it is needs_review.
  std::string field;
  std::string message;
};

struct RecordSource {
  std::string file;
  std::string sha256;
  int pages = 0;
  std::string method; // "text_layer", "ocr", "markup" or "mixed"
  double mean_confidence = 1.0;
  // Some of its text came from OCR (method "ocr" or "mixed"): its words may be misread.
  bool read_by_ocr() const { return method == "ocr" || method == "mixed"; }
};

// Why a key field waits for a person; its name is the JSON value (schemas/record.schema.json).
enum class ReviewReason {
  low_confidence,    // OCR read it under kSureFieldConfidence
  readings_disagree, // two readings of it differ (the letterhead and the body's mention, the
                     // signature and the name in the text)
};

std::string_view review_reason_name(ReviewReason reason); // "low_confidence"
std::optional<ReviewReason> review_reason_from_name(std::string_view name);

// A key field (key_fields() below, or metrics.KEY) read from a scan that may be wrong: a person
// confirms it before it is used (issue 21, point 3).
struct FieldReview {
  ReviewReason reason = ReviewReason::low_confidence;
  double confidence = 1.0;             // the lowest OCR confidence of its words (0..1)
  std::vector<std::string> candidates; // the value kept first, then the other readings
};

// A key field read from OCR under this confidence (0..1) is marked for review. The plan's
// tolerances.min_confidence has the same default for the figures the checker relies on.
inline constexpr double kSureFieldConfidence = 0.6;

struct Record {
  static constexpr int kSchemaVersion = 1;
  RecordSource source;
  std::optional<std::string> doc_type;      // "THÔNG BÁO", "CÔNG VĂN" for a letter without one
  std::optional<std::string> type_code;     // "TB"
  std::optional<std::string> number;        // "1935"
  std::optional<std::string> symbol;        // "TB-SCT"
  std::optional<std::string> number_symbol; // "1935/TB-SCT"
  std::optional<std::string> parent_issuer; // "UBND TỈNH ĐỒNG THÁP"
  std::optional<std::string> issuer;        // "SỞ CÔNG THƯƠNG"
  std::optional<std::string> place;         // "Đồng Tháp"
  std::optional<std::string> date;          // "2021-09-10"
  std::optional<std::string> subject;
  RecordSigner signer;
  std::vector<std::string> recipients;
  std::vector<Reference> references;
  std::vector<Section> sections;
  std::vector<Metric> metrics;
  std::vector<RecordAppendix> appendices;
  // Evidence of the single-valued fields above, by field name ("number_symbol", "date", ...).
  std::map<std::string, Evidence> evidence;
  std::vector<RecordWarning> warnings;
  // Key fields a person should confirm, by field name as in `evidence` ("number", "signer.name",
  // "metrics.records_late"). Only for text read by OCR.
  std::map<std::string, FieldReview> needs_review;
  // Whether the heading tree is trusted to be complete: headings were found from the layout
  // (typography, styles, list numbering) or a clean label sequence, with no sign that one was
  // swallowed by a paragraph. The checker reports a criterion missing only from a sure tree;
  // otherwise the finding is needs_review. False comes with a `headings_unsure` warning.
  bool headings_sure = true;

  // The first metric with this key, if any.
  const Metric *metric(std::string_view key) const;
  // Marks `field` for review. A field marked already keeps its first reason and lowest
  // confidence, and gains the candidates it did not have.
  void mark_for_review(const std::string &field, ReviewReason reason, double confidence,
                       const std::vector<std::string> &candidates);
};

// A single-valued key field: one a person will sign what is built from, so the parser marks it
// for review when OCR read it unsurely and the checker reports it. Listed once here so a new one
// is marked and reported alike. The figures (metrics.KEY) are key fields too, keyed by metric.
struct KeyField {
  std::string_view name;         // "number", as in Record::needs_review
  std::string_view evidence_key; // where Record::evidence holds its source: "number_symbol"
  std::string_view label;        // how a finding names it: "Số của văn bản"
  const std::optional<std::string> &(*value)(const Record &record);
  // Its evidence when Record::evidence has none under evidence_key, or null: the signer block for
  // signer.name (only a name taken from the text has an entry there).
  const Evidence *(*own_evidence)(const Record &record);
};

// The key fields besides the figures: number, symbol, date, issuer, parent_issuer, signer.name.
const std::vector<KeyField> &key_fields();

// A rate a report states beside the counts it is computed from: key = 100 * part / whole, or,
// when the whole is not stated, 100 * part / (part + other) (procedures simplified and kept).
// The checker compares them (percent_mismatch); the parser marks a scan's rate and counts that
// disagree (mark_unsure_fields).
struct RateDefinition {
  std::string_view key, part, whole, other; // `other` may be empty
};
const std::vector<RateDefinition> &rate_definitions();
// The key field of this name, or null (a figure, or no key field).
const KeyField *key_field(std::string_view name);
// Where a key field was read: Record::evidence under its evidence_key, else its own evidence;
// null when neither has text.
const Evidence *key_field_evidence(const Record &record, const KeyField &field);

// JSON form (schemas/record.schema.json). Numbers are rounded to 0.01 so output is stable.
nlohmann::ordered_json to_json(const Record &record);
// One piece of evidence in that form (page, text, box, confidence); findings quote theirs alike.
nlohmann::ordered_json to_json(const Evidence &evidence);
// Reads a record written by to_json. Throws Error(input_damaged) naming the JSON path and what was
// expected when the JSON does not have the record's shape.
Record record_from_json(const nlohmann::json &json, const std::string &file);

} // namespace vnotice
