#include "pipeline/json_text.h"

namespace vnotice {

std::string dump_at(const nlohmann::ordered_json &value, int depth) {
  const std::string text = value.dump(2);
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(static_cast<size_t>(2 * depth), ' ');
  }
  return out;
}

} // namespace vnotice
