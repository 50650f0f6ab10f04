#include "extractors/ocr_cleanup.h"

#include <algorithm>
#include <cctype>

namespace vnotice {

std::vector<bool> duplicate_ocr_words(const std::vector<OcrLineExtent> &lines,
                                      const std::vector<OcrWordExtent> &words) {
  const auto shared_area = [](const auto &a, const auto &b) {
    return static_cast<double>(std::max(0, std::min(a.x1, b.x1) - std::max(a.x0, b.x0))) *
           std::max(0, std::min(a.y1, b.y1) - std::max(a.y0, b.y0));
  };
  const auto area = [](const auto &l) {
    return static_cast<double>(std::max(0, l.x1 - l.x0)) * std::max(0, l.y1 - l.y0);
  };
  std::vector<bool> drop(words.size(), false);
  for (size_t i = 0; i < lines.size(); ++i)
    for (size_t j = i + 1; j < lines.size(); ++j) {
      const OcrLineExtent &a = lines[i], &b = lines[j];
      const double smaller = std::min(area(a), area(b));
      if (smaller <= 0 || shared_area(a, b) < 0.6 * smaller) continue;
      const size_t copy = a.characters >= b.characters ? j : i;
      const size_t kept = copy == j ? i : j;
      for (size_t w = 0; w < words.size(); ++w)
        if (words[w].line == copy && shared_area(words[w], lines[kept]) >= 0.3 * area(words[w]))
          drop[w] = true;
    }
  return drop;
}

int median_word_height(std::vector<int> heights) {
  if (heights.size() < 8) return 0;
  const auto middle = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 2);
  std::nth_element(heights.begin(), middle, heights.end());
  return *middle;
}

namespace {

// Whether a UTF-8 word holds a letter or digit, and whether one of them stands above the
// x-height: a capital, a digit, b d h k l t, or a non-ASCII letter (in Vietnamese each of those
// carries a mark: ă â đ ê ô ơ ư and the toned vowels).
struct LetterKinds {
  bool any = false, tall = false;
};
LetterKinds letter_kinds(std::string_view text) {
  LetterKinds kinds;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isalnum(c)) {
      kinds.any = true;
      if (std::isupper(c) || std::isdigit(c) ||
          std::string_view("bdhklt").find(static_cast<char>(c)) != std::string_view::npos)
        kinds.tall = true;
    }
    const bool latin_marked =
        (c >= 0xC3 && c <= 0xC6) || (c == 0xE1 && i + 1 < text.size() &&
                                     (static_cast<unsigned char>(text[i + 1]) == 0xBA ||
                                      static_cast<unsigned char>(text[i + 1]) == 0xBB));
    if (latin_marked) kinds.any = kinds.tall = true;
  }
  return kinds;
}

} // namespace

bool has_letter_or_digit(std::string_view text) { return letter_kinds(text).any; }

bool is_flat_noise(std::string_view text, int height, int median, double confidence) {
  if (median <= 0) return false;
  const LetterKinds kinds = letter_kinds(text);
  if (height * 10 < median * 3 && confidence < 0.5) return true;
  if (kinds.tall && height * 2 < median && confidence < 0.5) return true;
  return kinds.any && height * 100 < median * 15;
}

bool is_list_dash(const OcrWordExtent &dash, const OcrWordExtent &next, bool next_has_letter,
                  int median) {
  if (median <= 0 || !next_has_letter || dash.line != next.line) return false;
  const int width = dash.x1 - dash.x0, height = std::max(1, dash.y1 - dash.y0);
  if (width * 2 < height * 3 || width > median || height * 100 > median * 35) return false;
  const int gap = next.x0 - dash.x1;
  if (gap < 0 || gap > median) return false;
  const int next_height = next.y1 - next.y0;
  if (next_height <= 0) return false;
  const int middle2 = dash.y0 + dash.y1 - 2 * next.y0; // twice the middle, from next's top
  return middle2 * 100 >= next_height * 70 && middle2 * 100 <= next_height * 180;
}

std::optional<size_t> lost_list_dash(const std::vector<OcrWordExtent> &ink,
                                     const OcrWordExtent &first, int median) {
  std::optional<size_t> dash;
  for (size_t k = 0; k < ink.size(); ++k) {
    const OcrWordExtent &mark = ink[k];
    if ((mark.y1 - mark.y0) * 100 >= median * 35) return std::nullopt; // a letter's height
    OcrWordExtent on_line = mark;
    on_line.line = first.line;
    if ((mark.x1 - mark.x0) * 5 < median || !is_list_dash(on_line, first, true, median)) continue;
    if (dash) return std::nullopt; // two candidates: neither is sure
    dash = k;
  }
  return dash;
}

bool is_phantom_punctuation(std::string_view symbol, int width, int dark_pixels) {
  const bool punctuation =
      symbol.size() == 1 && std::string_view(".,_;:'`").find(symbol[0]) != std::string_view::npos;
  return punctuation && (width <= 2 || dark_pixels < 12);
}

bool is_phantom_leading_punctuation(std::string_view symbol, int width, int dark_pixels) {
  const bool quote = symbol == "\"" || symbol == "\u201C" || symbol == "\u2018";
  return (quote && (width <= 2 || dark_pixels < 12)) ||
         is_phantom_punctuation(symbol, width, dark_pixels);
}

bool is_speck_word(std::string_view text, int height, int median) {
  if (median <= 0 || text.empty() || (height * 100 >= median * 35 && height <= median))
    return false;
  static constexpr std::string_view kSpecks[] = {".",      ",",      ":",      ";",     "'", "`",
                                                 "\"",     "\\",     "|",      "_",     "~", "^",
                                                 "\u201C", "\u201D", "\u2018", "\u2019"};
  while (!text.empty()) {
    bool matched = false;
    for (std::string_view speck : kSpecks)
      if (text.substr(0, speck.size()) == speck) {
        text.remove_prefix(speck.size());
        matched = true;
        break;
      }
    if (!matched) return false;
  }
  return true;
}

std::vector<Replacement> merge_second_reading(const std::vector<ReadWord> &first,
                                              const std::vector<ReadWord> &second, double sure) {
  auto overlaps = [](const ReadWord &a, const ReadWord &b) {
    const double shared = std::min(a.x1, b.x1) - std::max(a.x0, b.x0);
    const double narrower = std::min(a.x1 - a.x0, b.x1 - b.x0);
    return narrower > 0 && shared >= 0.5 * narrower;
  };
  // `over` can stand in `under`'s place: it lies on the same line, at a word's height.
  auto in_place_of = [](const ReadWord &under, const ReadWord &over) {
    const double a = under.y1 - under.y0, b = over.y1 - over.y0;
    const double shared = std::min(under.y1, over.y1) - std::max(under.y0, over.y0);
    if (!over.letters) return a > 0 && b >= 0 && shared >= b && b <= a;
    return a > 0 && b >= 0.4 * a && b <= 2.5 * a && shared >= 0.5 * std::min(a, b);
  };
  std::vector<Replacement> replace(first.size());
  // Which first-reading words each second-reading word stands over, and the reverse.
  std::vector<std::vector<size_t>> over(second.size()), under(first.size());
  for (size_t s = 0; s < second.size(); ++s)
    for (size_t f = 0; f < first.size(); ++f)
      if (overlaps(first[f], second[s])) {
        over[s].push_back(f);
        under[f].push_back(s);
      }
  for (size_t f = 0; f < first.size(); ++f) {
    if (first[f].confidence >= sure || replace[f].joined) continue;
    if (under[f].size() == 1 && over[under[f][0]].size() > 1) {
      // One word over a run of words: all of them unsure, covered by it alone.
      const size_t s = under[f][0];
      const std::vector<size_t> &run = over[s];
      ReadWord spanned = first[run.front()];
      bool usable = run.front() == f && second[s].confidence >= sure;
      for (size_t k = 0; k < run.size() && usable; ++k) {
        const size_t g = run[k];
        usable = g == run.front() + k && first[g].confidence < sure && under[g].size() == 1;
        spanned.x1 = first[g].x1;
        spanned.y0 = std::min(spanned.y0, first[g].y0);
        spanned.y1 = std::max(spanned.y1, first[g].y1);
      }
      if (!usable || !in_place_of(spanned, second[s])) continue;
      replace[f].words = {s};
      for (size_t k = 1; k < run.size(); ++k)
        replace[run[k]].joined = true;
      continue;
    }
    std::vector<size_t> taking;
    bool usable = true;
    for (size_t s : under[f]) {
      usable =
          over[s].size() == 1 && second[s].confidence >= sure && in_place_of(first[f], second[s]);
      if (!usable) break;
      taking.push_back(s);
    }
    if (usable) replace[f].words = std::move(taking);
  }
  return replace;
}

} // namespace vnotice
