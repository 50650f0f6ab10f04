// JsonNode: a view of a value parsed by nlohmann::json that remembers where it is, for reading
// hand-written or tool-written files (plans, records, notices) with errors a user can act on:
// every failure names the file, the JSON path ("units[2].aliases[0]") and what was expected
// there, in the user's language, instead of the library's exception text. Parsing and the
// values themselves are nlohmann's; this adds only the path and the messages.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace vnotice {

// A position in a JSON document: the value and the path that leads to it. Cheap to copy (it
// holds a pointer into a json that must outlive it).
class JsonNode {
public:
  JsonNode(const nlohmann::json &value, std::string file, std::string path = "")
      : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

  const nlohmann::json &value() const { return *value_; }
  const std::string &path() const { return path_; } // "" for the root
  bool is_null() const { return value_->is_null(); }

  // The member `key` of an object: required() throws when it is absent, optional() gives
  // nullopt when it is absent or null.
  JsonNode required(const std::string &key) const;
  std::optional<JsonNode> optional(const std::string &key) const;
  bool has(const std::string &key) const;

  // Array elements, each with its own path.
  std::vector<JsonNode> elements() const;

  std::string as_string() const;
  // nullopt for JSON null, the string otherwise.
  std::optional<std::string> as_optional_string() const;
  double as_number() const;
  long long as_integer() const;
  bool as_bool() const;
  std::vector<std::string> as_string_list() const;

  // Throws Error(input_damaged): "FILE: at PATH: MESSAGE".
  [[noreturn]] void fail(const std::string &message) const;
  // Checks the value is an object whose keys are all in `allowed` (a typo in a hand-written
  // file should not be silently ignored).
  void expect_keys(std::initializer_list<const char *> allowed) const;

private:
  JsonNode child(const nlohmann::json &value, const std::string &segment) const;
  std::string type_name() const;

  const nlohmann::json *value_;
  std::string file_;
  std::string path_;
};

// What a JSON value is, in the user's words ("a list", "a text", ...), for messages.
std::string json_type_name(const nlohmann::json &value);

// Parses JSON text; a syntax error becomes Error(input_damaged) with the line and column.
nlohmann::json parse_json_text(const std::string &text, const std::string &file);

} // namespace vnotice
