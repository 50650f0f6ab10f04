#include "pipeline/json_node.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace vnotice {

JsonNode JsonNode::child(const nlohmann::json &value, const std::string &segment) const {
  std::string path = path_;
  if (!segment.empty() && segment.front() != '[' && !path.empty()) path += '.';
  path += segment;
  return JsonNode(value, file_, path);
}

std::string json_type_name(const nlohmann::json &value) {
  switch (value.type()) {
  case nlohmann::json::value_t::null: return "null";
  case nlohmann::json::value_t::object: return tr("an object");
  case nlohmann::json::value_t::array: return tr("a list");
  case nlohmann::json::value_t::string: return tr("a text");
  case nlohmann::json::value_t::boolean: return tr("true/false");
  default: return tr("a number");
  }
}

std::string JsonNode::type_name() const { return json_type_name(*value_); }

void JsonNode::fail(const std::string &message) const {
  throw Error(ExitCode::input_damaged, file_,
              trf("at {}: {}", path_.empty() ? tr("the top level") : path_, message));
}

bool JsonNode::has(const std::string &key) const {
  return value_->is_object() && value_->contains(key);
}

JsonNode JsonNode::required(const std::string &key) const {
  if (!value_->is_object()) fail(trf("expected an object, found {}", type_name()));
  const auto it = value_->find(key);
  if (it == value_->end()) fail(trf("the required key \"{}\" is missing", key));
  return child(*it, key);
}

std::optional<JsonNode> JsonNode::optional(const std::string &key) const {
  if (!value_->is_object()) fail(trf("expected an object, found {}", type_name()));
  const auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return child(*it, key);
}

std::vector<JsonNode> JsonNode::elements() const {
  if (!value_->is_array()) fail(trf("expected a list, found {}", type_name()));
  std::vector<JsonNode> out;
  out.reserve(value_->size());
  for (size_t i = 0; i < value_->size(); ++i)
    out.push_back(child((*value_)[i], fmt::format("[{}]", i)));
  return out;
}

std::string JsonNode::as_string() const {
  if (!value_->is_string()) fail(trf("expected a text, found {}", type_name()));
  return value_->get<std::string>();
}

std::optional<std::string> JsonNode::as_optional_string() const {
  if (value_->is_null()) return std::nullopt;
  return as_string();
}

double JsonNode::as_number() const {
  if (!value_->is_number()) fail(trf("expected a number, found {}", type_name()));
  return value_->get<double>();
}

long long JsonNode::as_integer() const {
  const double number = as_number();
  if (std::floor(number) != number || std::abs(number) > 1e15)
    fail(trf("expected a whole number, found {}", value_->dump()));
  return static_cast<long long>(number);
}

bool JsonNode::as_bool() const {
  if (!value_->is_boolean()) fail(trf("expected true or false, found {}", type_name()));
  return value_->get<bool>();
}

std::vector<std::string> JsonNode::as_string_list() const {
  std::vector<std::string> out;
  for (const JsonNode &element : elements())
    out.push_back(element.as_string());
  return out;
}

void JsonNode::expect_keys(std::initializer_list<const char *> allowed) const {
  if (!value_->is_object()) fail(trf("expected an object, found {}", type_name()));
  for (const auto &[key, value] : value_->items()) {
    const bool known = std::any_of(allowed.begin(), allowed.end(),
                                   [&key = key](const char *name) { return key == name; });
    if (!known) child(value, key).fail(tr("unknown key (a typo?); remove it or correct its name"));
  }
}

nlohmann::json parse_json_text(const std::string &text, const std::string &file) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error &e) {
    // Turn the byte offset into a line and column a person can find in an editor.
    const size_t offset = std::min<size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    const size_t line = 1 + std::count(text.begin(), text.begin() + offset, '\n');
    const size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    const size_t column = offset - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    throw Error(ExitCode::input_damaged, file,
                trf("not valid JSON near line {}, column {}; check for a missing comma, "
                    "quote or bracket there",
                    line, column));
  } catch (const nlohmann::json::out_of_range &) {
    // Parsing raises it for one thing only: a number beyond the range of a double ("6e661").
    throw Error(ExitCode::input_damaged, file,
                tr("not valid JSON: a number is too large to read; check the numbers in the file"));
  }
}

} // namespace vnotice
