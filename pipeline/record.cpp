#include "pipeline/record.h"

#include "pipeline/json_node.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace vnotice {

const Metric *Record::metric(std::string_view key) const {
  for (const Metric &metric : metrics)
    if (metric.key == key) return &metric;
  return nullptr;
}

namespace {

using ordered_json = nlohmann::ordered_json;

double rounded(double value) { return std::round(value * 100.0) / 100.0; }

ordered_json optional_json(const std::optional<std::string> &value) {
  return value ? ordered_json(*value) : ordered_json(nullptr);
}

ordered_json section_json(const Section &section) {
  ordered_json out;
  out["label"] = section.label;
  out["title"] = optional_json(section.title);
  out["level"] = section.level;
  out["text"] = section.text;
  out["children"] = ordered_json::array();
  for (const Section &child : section.children)
    out["children"].push_back(section_json(child));
  out["evidence"] = to_json(section.evidence);
  return out;
}

Evidence evidence_from(const JsonNode &node) {
  Evidence evidence;
  evidence.page = static_cast<int>(node.required("page").as_integer());
  evidence.text = node.required("text").as_string();
  if (auto box = node.optional("box")) {
    const auto corners = box->elements();
    if (corners.size() != 4) box->fail("expected a box of four numbers [x0, y0, x1, y1]");
    evidence.box = Box{corners[0].as_number(), corners[1].as_number(), corners[2].as_number(),
                       corners[3].as_number()};
  }
  if (auto confidence = node.optional("confidence")) evidence.confidence = confidence->as_number();
  return evidence;
}

std::optional<std::string> optional_string(const JsonNode &node, const std::string &key) {
  const JsonNode value = node.required(key);
  return value.as_optional_string();
}

// The fields that say which document it is, shared by a record and the documents it cites.
template <typename Identified> void read_identity(const JsonNode &node, Identified &into) {
  into.doc_type = optional_string(node, "doc_type");
  into.type_code = optional_string(node, "type_code");
  into.number = optional_string(node, "number");
  into.symbol = optional_string(node, "symbol");
  into.number_symbol = optional_string(node, "number_symbol");
  into.date = optional_string(node, "date");
  into.issuer = optional_string(node, "issuer");
}

Section section_from(const JsonNode &node) {
  Section section;
  section.label = node.required("label").as_string();
  section.title = optional_string(node, "title");
  section.level = static_cast<int>(node.required("level").as_integer());
  section.text = node.required("text").as_string();
  for (const JsonNode &child : node.required("children").elements())
    section.children.push_back(section_from(child));
  section.evidence = evidence_from(node.required("evidence"));
  return section;
}

} // namespace

std::string_view review_reason_name(ReviewReason reason) {
  switch (reason) {
  case ReviewReason::low_confidence: return "low_confidence";
  case ReviewReason::readings_disagree: return "readings_disagree";
  }
  return "low_confidence";
}

std::optional<ReviewReason> review_reason_from_name(std::string_view name) {
  for (ReviewReason reason : {ReviewReason::low_confidence, ReviewReason::readings_disagree})
    if (review_reason_name(reason) == name) return reason;
  return std::nullopt;
}

void Record::mark_for_review(const std::string &field, ReviewReason reason, double confidence,
                             const std::vector<std::string> &candidates) {
  FieldReview &review =
      needs_review.try_emplace(field, FieldReview{reason, confidence, {}}).first->second;
  review.confidence = std::min(review.confidence, confidence);
  for (const std::string &candidate : candidates)
    if (std::find(review.candidates.begin(), review.candidates.end(), candidate) ==
        review.candidates.end())
      review.candidates.push_back(candidate);
}

const std::vector<RateDefinition> &rate_definitions() {
  static const std::vector<RateDefinition> rates = {
      {"on_time_rate_pct", "records_on_time", "records_received", ""},
      {"online_rate_pct", "records_online", "records_received", ""},
      {"simplification_rate_pct", "procedures_simplified", "procedures_reviewed",
       "procedures_kept"},
  };
  return rates;
}

const std::vector<KeyField> &key_fields() {
  using Value = const std::optional<std::string> &;
  static const std::vector<KeyField> fields = {
      {"number", "number_symbol", "Số của văn bản",
       [](const Record &record) -> Value { return record.number; }, nullptr},
      {"symbol", "number_symbol", "Ký hiệu của văn bản",
       [](const Record &record) -> Value { return record.symbol; }, nullptr},
      {"date", "date", "Ngày ban hành", [](const Record &record) -> Value { return record.date; },
       nullptr},
      {"issuer", "issuer", "Tên cơ quan ban hành",
       [](const Record &record) -> Value { return record.issuer; }, nullptr},
      {"parent_issuer", "parent_issuer", "Tên cơ quan chủ quản",
       [](const Record &record) -> Value { return record.parent_issuer; }, nullptr},
      {"signer.name", "signer.name", "Họ tên người ký",
       [](const Record &record) -> Value { return record.signer.name; },
       [](const Record &record) { return &record.signer.evidence; }},
  };
  return fields;
}

const KeyField *key_field(std::string_view name) {
  for (const KeyField &field : key_fields())
    if (field.name == name) return &field;
  return nullptr;
}

const Evidence *key_field_evidence(const Record &record, const KeyField &field) {
  const auto found = record.evidence.find(std::string(field.evidence_key));
  if (found != record.evidence.end() && !found->second.text.empty()) return &found->second;
  const Evidence *own = field.own_evidence ? field.own_evidence(record) : nullptr;
  return own && !own->text.empty() ? own : nullptr;
}

ordered_json to_json(const Evidence &evidence) {
  ordered_json out;
  out["page"] = evidence.page;
  out["text"] = evidence.text;
  if (evidence.box)
    out["box"] = {rounded(evidence.box->x0), rounded(evidence.box->y0), rounded(evidence.box->x1),
                  rounded(evidence.box->y1)};
  else
    out["box"] = nullptr;
  out["confidence"] = rounded(evidence.confidence);
  return out;
}

ordered_json to_json(const Record &record) {
  ordered_json out;
  out["schema_version"] = Record::kSchemaVersion;
  out["source"] = {{"file", record.source.file},
                   {"sha256", record.source.sha256},
                   {"pages", record.source.pages},
                   {"method", record.source.method},
                   {"mean_confidence", rounded(record.source.mean_confidence)}};
  out["doc_type"] = optional_json(record.doc_type);
  out["type_code"] = optional_json(record.type_code);
  out["number"] = optional_json(record.number);
  out["symbol"] = optional_json(record.symbol);
  out["number_symbol"] = optional_json(record.number_symbol);
  out["parent_issuer"] = optional_json(record.parent_issuer);
  out["issuer"] = optional_json(record.issuer);
  out["place"] = optional_json(record.place);
  out["date"] = optional_json(record.date);
  out["subject"] = optional_json(record.subject);
  out["signer"] = {{"authority", optional_json(record.signer.authority)},
                   {"title", optional_json(record.signer.title)},
                   {"name", optional_json(record.signer.name)},
                   {"evidence", to_json(record.signer.evidence)}};
  out["recipients"] = record.recipients;
  out["references"] = ordered_json::array();
  for (const Reference &reference : record.references)
    out["references"].push_back({{"doc_type", optional_json(reference.doc_type)},
                                 {"type_code", optional_json(reference.type_code)},
                                 {"number", optional_json(reference.number)},
                                 {"symbol", optional_json(reference.symbol)},
                                 {"number_symbol", optional_json(reference.number_symbol)},
                                 {"date", optional_json(reference.date)},
                                 {"issuer", optional_json(reference.issuer)},
                                 {"evidence", to_json(reference.evidence)}});
  out["sections"] = ordered_json::array();
  for (const Section &section : record.sections)
    out["sections"].push_back(section_json(section));
  out["headings_sure"] = record.headings_sure;
  out["metrics"] = ordered_json::array();
  for (const Metric &metric : record.metrics)
    out["metrics"].push_back({{"key", metric.key},
                              {"value", rounded(metric.value)},
                              {"unit", metric.unit},
                              {"section", metric.section},
                              {"evidence", to_json(metric.evidence)}});
  out["appendices"] = ordered_json::array();
  for (const RecordAppendix &appendix : record.appendices)
    out["appendices"].push_back({{"label", appendix.label},
                                 {"title", optional_json(appendix.title)},
                                 {"evidence", to_json(appendix.evidence)}});
  out["evidence"] = ordered_json::object();
  for (const auto &[field, evidence] : record.evidence)
    out["evidence"][field] = to_json(evidence);
  out["warnings"] = ordered_json::array();
  for (const RecordWarning &warning : record.warnings)
    out["warnings"].push_back({{"code", warning_code_name(warning.code)},
                               {"field", warning.field},
                               {"message", warning.message}});
  out["needs_review"] = ordered_json::object();
  for (const auto &[field, review] : record.needs_review)
    out["needs_review"][field] = {{"reason", review_reason_name(review.reason)},
                                  {"confidence", rounded(review.confidence)},
                                  {"candidates", review.candidates}};
  return out;
}

Record record_from_json(const nlohmann::json &json, const std::string &file) {
  const JsonNode root(json, file);
  Record record;
  const JsonNode version = root.required("schema_version");
  if (version.as_integer() != Record::kSchemaVersion)
    version.fail("this record was written by another version of vnotice; parse the document "
                 "again with this one");
  const JsonNode source = root.required("source");
  record.source.file = source.required("file").as_string();
  record.source.sha256 = source.required("sha256").as_string();
  record.source.pages = static_cast<int>(source.required("pages").as_integer());
  record.source.method = source.required("method").as_string();
  record.source.mean_confidence = source.required("mean_confidence").as_number();
  read_identity(root, record);
  record.parent_issuer = optional_string(root, "parent_issuer");
  record.place = optional_string(root, "place");
  record.subject = optional_string(root, "subject");
  const JsonNode signer = root.required("signer");
  record.signer.authority = optional_string(signer, "authority");
  record.signer.title = optional_string(signer, "title");
  record.signer.name = optional_string(signer, "name");
  record.signer.evidence = evidence_from(signer.required("evidence"));
  record.recipients = root.required("recipients").as_string_list();
  for (const JsonNode &node : root.required("references").elements()) {
    Reference reference;
    read_identity(node, reference);
    reference.evidence = evidence_from(node.required("evidence"));
    record.references.push_back(std::move(reference));
  }
  for (const JsonNode &node : root.required("sections").elements())
    record.sections.push_back(section_from(node));
  // A record written before the parser said so: nobody vouched for its heading tree.
  const auto headings_sure = root.optional("headings_sure");
  record.headings_sure = headings_sure && headings_sure->as_bool();
  for (const JsonNode &node : root.required("metrics").elements()) {
    Metric metric;
    metric.key = node.required("key").as_string();
    metric.value = node.required("value").as_number();
    metric.unit = node.required("unit").as_string();
    metric.section = node.required("section").as_string();
    metric.evidence = evidence_from(node.required("evidence"));
    record.metrics.push_back(std::move(metric));
  }
  for (const JsonNode &node : root.required("appendices").elements())
    record.appendices.push_back({node.required("label").as_string(), optional_string(node, "title"),
                                 evidence_from(node.required("evidence"))});
  if (auto evidence = root.optional("evidence"))
    for (const auto &[field, value] : evidence->value().items())
      record.evidence[field] = evidence_from(JsonNode(value, file, "evidence." + field));
  for (const JsonNode &node : root.required("warnings").elements()) {
    const JsonNode code = node.required("code");
    const std::optional<WarningCode> known = warning_code_from_name(code.as_string());
    if (!known) code.fail(trf("unknown warning code \"{}\"", code.as_string()));
    record.warnings.push_back(
        {*known, node.required("field").as_string(), node.required("message").as_string()});
  }
  if (auto reviews = root.optional("needs_review"))
    for (const auto &[field, value] : reviews->value().items()) {
      const JsonNode node(value, file, "needs_review." + field);
      const JsonNode reason = node.required("reason");
      const std::optional<ReviewReason> known = review_reason_from_name(reason.as_string());
      if (!known) reason.fail("expected \"low_confidence\" or \"readings_disagree\"");
      record.needs_review[field] = {*known, node.required("confidence").as_number(),
                                    node.required("candidates").as_string_list()};
    }
  return record;
}

} // namespace vnotice
