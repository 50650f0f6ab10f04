// Small byte-level text helpers every stage uses: trimming, replacing, splitting, UTF-8 code
// point boundaries and Roman numerals. One home, so each stage does not grow its own copy.
// Letter case and anything that needs Unicode data is in pipeline/vietnamese_text.h (ICU);
// joining is fmt::join behind a name that reads well.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

// `text` without the ASCII white space (space, tab, line breaks, form feed) at either end.
std::string trim(std::string_view text);

// The elements of `parts` (strings, string views; a std::span for part of a vector) with
// `separator` between them.
template <typename Range> std::string join(const Range &parts, std::string_view separator = " ") {
  return fmt::to_string(fmt::join(parts, separator));
}

// `text` with every occurrence of `from` (not empty) replaced by `to`, left to right; a
// replacement is never searched again.
std::string replace_all(std::string text, std::string_view from, std::string_view to);

// The runs of `text` between ASCII white space ("  a  b " -> "a", "b"), as views into `text`.
std::vector<std::string_view> split_words(std::string_view text);

// The fields of `text` between `separator`s, empty ones included ("a\t\tb" -> "a", "", "b").
std::vector<std::string> split(std::string_view text, char separator);

// The byte offsets where the code points of UTF-8 `text` start, followed by text.size(). A byte
// that is not a lead byte counts as a code point of its own, so ill-formed input is safe.
std::vector<size_t> code_point_starts(std::string_view text);

// The code points of UTF-8 `text`, each as its own string.
std::vector<std::string> code_points(std::string_view text);

// `n` (1 to 3999) in Roman numerals, capitals ("IV", "XII"); "" outside that range.
std::string to_roman(int n);

} // namespace vnotice
