#include "pipeline/notice.h"

#include "pipeline/error.h"
#include "pipeline/json_reader.h"
#include "pipeline/messages.h"

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
// Reading with the JSON path of every value at hand, so that a hand-edited file's first mistake
// is reported where it is ("$.body[3].style"), not as a bare type error from deep inside.

class Reader {
public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string &path, const std::string &what) const {
    throw Error(ExitCode::input_damaged, file_,
                trf("the notice JSON is not valid: at {}: {}; fix it "
                    "(schemas/notice.schema.json) and render again",
                    path, what));
  }

  // Checks that `object` is an object holding only `keys`.
  void object(const Json &object, const std::string &path,
              std::initializer_list<std::string_view> keys) const {
    if (!object.is_object()) fail(path, trf("expected an object, got {}", json_type_name(object)));
    for (const auto &[key, value] : object.items()) {
      bool known = false;
      for (std::string_view allowed : keys)
        known = known || key == allowed;
      if (!known)
        fail(fmt::format("{}.{}", path, key),
             trf("unknown key; expected one of: {}", fmt::join(keys, ", ")));
    }
  }

  const Json &member(const Json &object, const std::string &path, std::string_view key) const {
    const auto found = object.find(std::string(key));
    if (found == object.end()) fail(fmt::format("{}.{}", path, key), tr("missing, it is required"));
    return *found;
  }

  std::string string(const Json &value, const std::string &path, bool allow_empty = true) const {
    if (!value.is_string()) fail(path, trf("expected a string, got {}", json_type_name(value)));
    std::string text = value.get<std::string>();
    if (!allow_empty && text.find_first_not_of(" \t\n") == std::string::npos)
      fail(path, tr("expected a non-empty string"));
    return text;
  }

  std::string string_member(const Json &object, const std::string &path, std::string_view key,
                            bool allow_empty = false) const {
    return string(member(object, path, key), fmt::format("{}.{}", path, key), allow_empty);
  }

  std::optional<std::string> optional_string(const Json &object, const std::string &path,
                                             std::string_view key) const {
    const auto found = object.find(std::string(key));
    if (found == object.end() || found->is_null()) return std::nullopt;
    return string(*found, fmt::format("{}.{}", path, key), false);
  }

  const Json &array(const Json &value, const std::string &path) const {
    if (!value.is_array()) fail(path, trf("expected an array, got {}", json_type_name(value)));
    return value;
  }

  std::vector<std::string> strings(const Json &value, const std::string &path) const {
    std::vector<std::string> out;
    size_t index = 0;
    for (const Json &item : array(value, path))
      out.push_back(string(item, fmt::format("{}[{}]", path, index++)));
    return out;
  }

  CalendarDate date(const Json &value, const std::string &path) const {
    const std::string text = string(value, path);
    CalendarDate date;
    const auto number = [&](size_t at, size_t length, int &out) {
      const char *first = text.data() + at;
      const auto [end, error] = std::from_chars(first, first + length, out);
      return error == std::errc() && end == first + length;
    };
    const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                        number(0, 4, date.year) && number(5, 2, date.month) &&
                        number(8, 2, date.day);
    if (!shaped || date.year < 1945 || date.year > 9999 || date.month < 1 || date.month > 12 ||
        date.day < 1 || date.day > days_in_month(date.year, date.month))
      fail(path, trf("expected a date \"YYYY-MM-DD\" or null, got \"{}\"", text));
    return date;
  }

  std::vector<BodyItem> body(const Json &value, const std::string &path) const {
    std::vector<BodyItem> items;
    size_t index = 0;
    for (const Json &item : array(value, path))
      items.push_back(body_item(item, fmt::format("{}[{}]", path, index++)));
    return items;
  }

private:
  BodyItem body_item(const Json &item, const std::string &path) const {
    if (!item.is_object()) fail(path, trf("expected an object, got {}", json_type_name(item)));
    const std::string kind = string_member(item, path, "kind");
    if (kind == "paragraph") return paragraph(item, path);
    if (kind == "table") return table(item, path);
    fail(path + ".kind", trf("expected \"paragraph\" or \"table\", got \"{}\"", kind));
  }

  Paragraph paragraph(const Json &item, const std::string &path) const {
    object(item, path, {"kind", "style", "text"});
    Paragraph paragraph;
    if (item.contains("style")) {
      const std::string name = string(item["style"], path + ".style");
      bool found = false;
      for (const auto &[style, style_name] : kStyleNames)
        if (name == style_name) paragraph.style = style, found = true;
      if (!found) {
        std::vector<std::string_view> names;
        for (const auto &entry : kStyleNames)
          names.push_back(entry.second);
        fail(path + ".style", trf("expected one of {}, got \"{}\"", fmt::join(names, ", "), name));
      }
    }
    paragraph.text = string_member(item, path, "text", true);
    return paragraph;
  }

  Table table(const Json &item, const std::string &path) const {
    object(item, path, {"kind", "header", "rows", "total", "widths"});
    Table table;
    table.header = strings(member(item, path, "header"), path + ".header");
    if (table.header.empty()) fail(path + ".header", tr("expected at least one column"));
    const size_t columns = table.header.size();
    const auto row_of = [&](const Json &row, const std::string &row_path) {
      std::vector<std::string> cells = strings(row, row_path);
      if (cells.size() != columns)
        fail(row_path,
             trf("expected {} cells (as many as the header), got {}", columns, cells.size()));
      return cells;
    };
    const std::string rows_path = path + ".rows";
    size_t index = 0;
    for (const Json &row : array(member(item, path, "rows"), rows_path))
      table.rows.push_back(row_of(row, fmt::format("{}[{}]", rows_path, index++)));
    if (item.contains("total") && !item["total"].is_null())
      table.total = row_of(item["total"], path + ".total");
    if (item.contains("widths") && !item["widths"].is_null()) {
      const std::string widths_path = path + ".widths";
      const Json &widths = array(item["widths"], widths_path);
      if (widths.size() != columns)
        fail(widths_path,
             trf("expected {} numbers (one per column), got {}", columns, widths.size()));
      index = 0;
      for (const Json &width : widths) {
        if (!width.is_number() || width.get<double>() <= 0)
          fail(fmt::format("{}[{}]", widths_path, index), tr("expected a positive number"));
        table.widths.push_back(width.get<double>());
        ++index;
      }
    }
    return table;
  }

  std::string file_;
};

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
  const Reader in(file);
  const std::string root = "$";
  in.object(json, root,
            {"schema_version", "letterhead", "doc_type", "subject", "body", "recipients", "signer",
             "issuer_name_in_sentence", "appendices"});
  const Json &version = in.member(json, root, "schema_version");
  if (!version.is_number_integer())
    in.fail("$.schema_version", trf("expected the integer {}", Notice::kSchemaVersion));
  if (version.get<long long>() != Notice::kSchemaVersion)
    throw Error(ExitCode::input_unsupported, file,
                trf("the notice JSON has schema_version {}, but this vnotice reads "
                    "version {}; use the vnotice that wrote it",
                    version.dump(), Notice::kSchemaVersion));

  Notice notice;
  const std::string lh_path = "$.letterhead";
  const Json &lh = in.member(json, root, "letterhead");
  in.object(lh, lh_path, {"parent_issuer", "issuer", "number", "symbol", "place", "date", "year"});
  Letterhead &head = notice.letterhead;
  head.parent_issuer = lh.contains("parent_issuer")
                           ? in.string(lh["parent_issuer"], lh_path + ".parent_issuer")
                           : std::string();
  head.issuer = in.string_member(lh, lh_path, "issuer");
  head.number = in.optional_string(lh, lh_path, "number");
  head.symbol = in.string_member(lh, lh_path, "symbol");
  head.place = in.string_member(lh, lh_path, "place");
  if (lh.contains("date") && !lh["date"].is_null())
    head.date = in.date(lh["date"], lh_path + ".date");
  if (lh.contains("year") && !lh["year"].is_null()) {
    const Json &year = lh["year"];
    if (!year.is_number_integer() || year.get<long long>() < 1945 || year.get<long long>() > 9999)
      in.fail(lh_path + ".year", tr("expected a year such as 2021"));
    head.year = year.get<int>();
    if (head.date && head.date->year != head.year)
      in.fail(lh_path + ".year",
              trf("expected {}, the year of the date, got {}", head.date->year, head.year));
  } else if (head.date) {
    head.year = head.date->year;
  } else {
    in.fail(lh_path + ".year", tr("missing; it is required when the date is null"));
  }

  notice.doc_type = in.string_member(json, root, "doc_type");
  notice.subject = in.string_member(json, root, "subject");
  notice.body = in.body(in.member(json, root, "body"), "$.body");
  notice.recipients = in.strings(in.member(json, root, "recipients"), "$.recipients");

  const Json &signer = in.member(json, root, "signer");
  in.object(signer, "$.signer", {"authority", "title", "name"});
  notice.signer.authority = in.optional_string(signer, "$.signer", "authority");
  notice.signer.title = in.string_member(signer, "$.signer", "title");
  notice.signer.name = in.string_member(signer, "$.signer", "name");
  notice.issuer_name_in_sentence = in.string_member(json, root, "issuer_name_in_sentence");

  if (json.contains("appendices")) {
    std::set<std::string> labels;
    size_t index = 0;
    for (const Json &item : in.array(json["appendices"], "$.appendices")) {
      const std::string path = fmt::format("$.appendices[{}]", index++);
      in.object(item, path, {"label", "title", "body"});
      Appendix appendix;
      appendix.label = in.string_member(item, path, "label");
      if (!labels.insert(appendix.label).second)
        in.fail(path + ".label",
                trf("expected a label used once, \"{}\" is repeated", appendix.label));
      appendix.title = in.string_member(item, path, "title");
      appendix.body = in.body(in.member(item, path, "body"), path + ".body");
      notice.appendices.push_back(std::move(appendix));
    }
  }
  return notice;
}

Notice parse_notice_json(std::string_view text, const std::string &file) {
  Json json;
  try {
    json = Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error &e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 5: ...".
    std::string what = e.what();
    if (const size_t at = what.find("] "); at != std::string::npos) what.erase(0, at + 2);
    throw Error(ExitCode::input_damaged, file,
                trf("the notice JSON cannot be parsed ({}); fix it and render again", what));
  }
  return notice_from_json(json, file);
}

} // namespace vnotice
