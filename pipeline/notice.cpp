#include "pipeline/notice.h"

#include "pipeline/error.h"
#include "pipeline/json_node.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>
#include <set>

namespace vnotice {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::pair<ParagraphStyle, std::string_view>, 9> kStyleNames = {{
    {ParagraphStyle::body, "body"},
    {ParagraphStyle::basis, "basis"},
    {ParagraphStyle::heading1, "heading1"},
    {ParagraphStyle::heading2, "heading2"},
    {ParagraphStyle::heading3, "heading3"},
    {ParagraphStyle::heading4, "heading4"},
    {ParagraphStyle::item, "item"},
    {ParagraphStyle::centered, "centered"},
    {ParagraphStyle::note, "note"},
}};

std::string date_text(const CalendarDate &date) {
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

bool is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  constexpr std::array<int, 12> days = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[static_cast<size_t>(month - 1)];
}

// ---------------------------------------------------------------------------------------------
// Reading through JsonNode (pipeline/json_node.h), so that a hand-edited file's first mistake
// is reported where it is ("body[3].style"), not as a bare type error from deep inside.

// A text that must hold more than white space.
std::string required_text(const JsonNode &node) {
  std::string text = node.as_string();
  if (text.find_first_not_of(" \t\n") == std::string::npos)
    node.fail(tr("expected a non-empty string"));
  return text;
}

std::string required_text(const JsonNode &object, const std::string &key) {
  return required_text(object.required(key));
}

std::optional<std::string> optional_text(const JsonNode &object, const std::string &key) {
  if (const auto node = object.optional(key)) return required_text(*node);
  return std::nullopt;
}

CalendarDate read_date(const JsonNode &node) {
  const std::string text = node.as_string();
  CalendarDate date;
  const auto number = [&](size_t at, size_t length, int &out) {
    const char *first = text.data() + at;
    const auto [end, error] = std::from_chars(first, first + length, out);
    return error == std::errc() && end == first + length;
  };
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      number(0, 4, date.year) && number(5, 2, date.month) && number(8, 2, date.day);
  if (!shaped || date.year < 1945 || date.year > 9999 || date.month < 1 || date.month > 12 ||
      date.day < 1 || date.day > days_in_month(date.year, date.month))
    node.fail(trf("expected a date \"YYYY-MM-DD\" or null, got \"{}\"", text));
  return date;
}

Paragraph read_paragraph(const JsonNode &item) {
  item.expect_keys({"kind", "style", "text"});
  Paragraph paragraph;
  if (const auto style = item.optional("style")) {
    const std::string name = style->as_string();
    const auto found = std::find_if(kStyleNames.begin(), kStyleNames.end(),
                                    [&](const auto &entry) { return entry.second == name; });
    if (found == kStyleNames.end()) {
      std::vector<std::string_view> names;
      for (const auto &entry : kStyleNames)
        names.push_back(entry.second);
      style->fail(trf("expected one of {}, got \"{}\"", fmt::join(names, ", "), name));
    }
    paragraph.style = found->first;
  }
  paragraph.text = item.required("text").as_string();
  return paragraph;
}

Table read_table(const JsonNode &item) {
  item.expect_keys({"kind", "header", "rows", "total", "widths"});
  Table table;
  const JsonNode header = item.required("header");
  table.header = header.as_string_list();
  if (table.header.empty()) header.fail(tr("expected at least one column"));
  const size_t columns = table.header.size();
  const auto row_of = [&](const JsonNode &row) {
    std::vector<std::string> cells = row.as_string_list();
    if (cells.size() != columns)
      row.fail(trf("expected {} cells (as many as the header), got {}", columns, cells.size()));
    return cells;
  };
  for (const JsonNode &row : item.required("rows").elements())
    table.rows.push_back(row_of(row));
  if (const auto total = item.optional("total")) table.total = row_of(*total);
  if (const auto widths = item.optional("widths")) {
    const std::vector<JsonNode> each = widths->elements();
    if (each.size() != columns)
      widths->fail(trf("expected {} numbers (one per column), got {}", columns, each.size()));
    for (const JsonNode &width : each) {
      if (!width.value().is_number() || width.as_number() <= 0)
        width.fail(tr("expected a positive number"));
      table.widths.push_back(width.as_number());
    }
  }
  return table;
}

std::vector<BodyItem> read_body(const JsonNode &node) {
  std::vector<BodyItem> items;
  for (const JsonNode &item : node.elements()) {
    const JsonNode kind_node = item.required("kind");
    const std::string kind = required_text(kind_node);
    if (kind == "paragraph")
      items.emplace_back(read_paragraph(item));
    else if (kind == "table")
      items.emplace_back(read_table(item));
    else
      kind_node.fail(trf("expected \"paragraph\" or \"table\", got \"{}\"", kind));
  }
  return items;
}

Notice read_notice(const JsonNode &root) {
  root.expect_keys({"schema_version", "letterhead", "doc_type", "subject", "body", "recipients",
                    "signer", "issuer_name_in_sentence", "appendices"});
  const JsonNode version = root.required("schema_version");
  if (!version.value().is_number_integer())
    version.fail(trf("expected the integer {}", Notice::kSchemaVersion));
  if (version.value().get<long long>() != Notice::kSchemaVersion)
    throw Error(ExitCode::input_unsupported, "",
                trf("the notice JSON has schema_version {}, but this vnotice reads "
                    "version {}; use the vnotice that wrote it",
                    version.value().dump(), Notice::kSchemaVersion));

  Notice notice;
  const JsonNode lh = root.required("letterhead");
  lh.expect_keys({"parent_issuer", "issuer", "number", "symbol", "place", "date", "year"});
  Letterhead &head = notice.letterhead;
  if (lh.has("parent_issuer")) head.parent_issuer = lh.required("parent_issuer").as_string();
  head.issuer = required_text(lh, "issuer");
  head.number = optional_text(lh, "number");
  head.symbol = required_text(lh, "symbol");
  head.place = required_text(lh, "place");
  if (const auto date = lh.optional("date")) head.date = read_date(*date);
  if (const auto year = lh.optional("year")) {
    if (!year->value().is_number_integer() || year->value().get<long long>() < 1945 ||
        year->value().get<long long>() > 9999)
      year->fail(tr("expected a year such as 2021"));
    head.year = year->value().get<int>();
    if (head.date && head.date->year != head.year)
      year->fail(trf("expected {}, the year of the date, got {}", head.date->year, head.year));
  } else if (head.date) {
    head.year = head.date->year;
  } else {
    throw Error(
        ExitCode::input_damaged, "",
        trf("at {}: {}", "letterhead.year", tr("missing; it is required when the date is null")));
  }

  notice.doc_type = required_text(root, "doc_type");
  notice.subject = required_text(root, "subject");
  notice.body = read_body(root.required("body"));
  notice.recipients = root.required("recipients").as_string_list();

  const JsonNode signer = root.required("signer");
  signer.expect_keys({"authority", "title", "name"});
  notice.signer.authority = optional_text(signer, "authority");
  notice.signer.title = required_text(signer, "title");
  notice.signer.name = required_text(signer, "name");
  notice.issuer_name_in_sentence = required_text(root, "issuer_name_in_sentence");

  if (const auto appendices = root.optional("appendices")) {
    std::set<std::string> labels;
    for (const JsonNode &item : appendices->elements()) {
      item.expect_keys({"label", "title", "body"});
      Appendix appendix;
      const JsonNode label = item.required("label");
      appendix.label = required_text(label);
      if (!labels.insert(appendix.label).second)
        label.fail(trf("expected a label used once, \"{}\" is repeated", appendix.label));
      appendix.title = required_text(item, "title");
      appendix.body = read_body(item.required("body"));
      notice.appendices.push_back(std::move(appendix));
    }
  }
  return notice;
}

// Reads `json`; a damaged notice's message says what the file is and where its rules are.
Notice read_notice_file(const nlohmann::json &json, const std::string &file) {
  try {
    return read_notice(JsonNode(json, file));
  } catch (const Error &e) {
    if (e.code() != ExitCode::input_damaged) throw Error(e.code(), file, e.what());
    throw Error(e.code(), file,
                trf("the notice JSON is not valid: {}; fix it (schemas/notice.schema.json) and "
                    "render again",
                    e.what()));
  }
}

Json paragraph_json(const Paragraph &paragraph) {
  Json json;
  json["kind"] = "paragraph";
  json["style"] = paragraph_style_name(paragraph.style);
  json["text"] = paragraph.text;
  return json;
}

Json table_json(const Table &table) {
  Json json;
  json["kind"] = "table";
  json["header"] = table.header;
  json["rows"] = table.rows;
  json["total"] = table.total ? Json(*table.total) : Json(nullptr);
  if (!table.widths.empty()) json["widths"] = table.widths;
  return json;
}

Json body_json(const std::vector<BodyItem> &body) {
  Json items = Json::array();
  for (const BodyItem &item : body)
    items.push_back(std::visit(
        [](const auto &value) {
          if constexpr (std::is_same_v<std::decay_t<decltype(value)>, Paragraph>)
            return paragraph_json(value);
          else
            return table_json(value);
        },
        item));
  return items;
}

} // namespace

std::string_view paragraph_style_name(ParagraphStyle style) {
  for (const auto &[value, name] : kStyleNames)
    if (value == style) return name;
  return "body";
}

nlohmann::ordered_json to_json(const Notice &notice) {
  const Letterhead &head = notice.letterhead;
  Json json;
  json["schema_version"] = Notice::kSchemaVersion;
  Json &letterhead = json["letterhead"];
  letterhead["parent_issuer"] = head.parent_issuer;
  letterhead["issuer"] = head.issuer;
  letterhead["number"] = head.number ? Json(*head.number) : Json(nullptr);
  letterhead["symbol"] = head.symbol;
  letterhead["place"] = head.place;
  letterhead["date"] = head.date ? Json(date_text(*head.date)) : Json(nullptr);
  letterhead["year"] = head.year;
  json["doc_type"] = notice.doc_type;
  json["subject"] = notice.subject;
  json["body"] = body_json(notice.body);
  json["recipients"] = notice.recipients;
  Json &signer = json["signer"];
  signer["authority"] = notice.signer.authority ? Json(*notice.signer.authority) : Json(nullptr);
  signer["title"] = notice.signer.title;
  signer["name"] = notice.signer.name;
  json["issuer_name_in_sentence"] = notice.issuer_name_in_sentence;
  json["appendices"] = Json::array();
  for (const Appendix &appendix : notice.appendices) {
    Json item;
    item["label"] = appendix.label;
    item["title"] = appendix.title;
    item["body"] = body_json(appendix.body);
    json["appendices"].push_back(std::move(item));
  }
  return json;
}

Notice notice_from_json(const nlohmann::ordered_json &json, const std::string &file) {
  return read_notice_file(nlohmann::json(json), file);
}

Notice parse_notice_json(std::string_view text, const std::string &file) {
  return read_notice_file(parse_json_text(std::string(text), file), file);
}

} // namespace vnotice
