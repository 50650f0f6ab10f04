#include "pipeline/text_util.h"

#include <array>

namespace vnotice {

namespace {
constexpr std::string_view kSpaces = " \t\n\r\f\v";
} // namespace

std::string trim(std::string_view text) {
  const size_t first = text.find_first_not_of(kSpaces);
  if (first == std::string_view::npos) return {};
  const size_t last = text.find_last_not_of(kSpaces);
  return std::string(text.substr(first, last - first + 1));
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t at = text.find_first_not_of(kSpaces);
  while (at != std::string_view::npos) {
    const size_t end = text.find_first_of(kSpaces, at);
    words.push_back(text.substr(at, end == std::string_view::npos ? end : end - at));
    at = end == std::string_view::npos ? end : text.find_first_not_of(kSpaces, end);
  }
  return words;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    fields.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return fields;
    start = end + 1;
  }
}

std::vector<size_t> code_point_starts(std::string_view text) {
  std::vector<size_t> starts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 || starts.empty()) starts.push_back(i);
  starts.push_back(text.size());
  return starts;
}

std::vector<std::string> code_points(std::string_view text) {
  const std::vector<size_t> starts = code_point_starts(text);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < starts.size(); ++i)
    out.emplace_back(text.substr(starts[i], starts[i + 1] - starts[i]));
  return out;
}

std::string to_roman(int n) {
  static constexpr std::array<int, 13> kValues = {1000, 900, 500, 400, 100, 90, 50,
                                                  40,   10,  9,   5,   4,   1};
  static constexpr std::array<std::string_view, 13> kLetters = {
      "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"};
  if (n < 1 || n > 3999) return {};
  std::string out;
  for (size_t i = 0; i < kValues.size(); ++i)
    for (; n >= kValues[i]; n -= kValues[i])
      out += kLetters[i];
  return out;
}

} // namespace vnotice
