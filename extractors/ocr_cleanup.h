// What vnotice removes from Tesseract's output before it becomes Words: text that no printed
// line could have produced. Pure functions over boxes, so they are tested without an engine;
// extractors/ocr_engine.cpp applies them to each recognised strip.
//
// Contract: the rules only drop whole lines, whole words, or punctuation Tesseract added at a
// word's end without ink of its own; they decide from geometry, ink and confidence alone (never
// from a dictionary), so a correct but unusual word is not touched.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace vnotice {

// One text line as Tesseract found it: its box in pixels and how many bytes of text it holds.
struct OcrLineExtent {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  size_t characters = 0;
};

// Tesseract's layout analysis sometimes reads one printed line twice, as two overlapping lines
// with slightly different words (seen on an italic date line under a letterhead's rule). Printed
// lines never overlap, so of two lines whose shared area is at least 60 % of the smaller one,
// the one with less text is dropped (on a tie, the later one). Returns a flag per line.
std::vector<bool> duplicate_ocr_lines(const std::vector<OcrLineExtent> &lines);

// The median height of a strip's words, or 0 when there are too few (under 8) to judge by.
int median_word_height(std::vector<int> heights);

// A "word" far flatter than the text around it (under 30 % of the median height) and not
// recognised with confidence (under 0.5) is a rule, an underline or a seal's edge read as
// letters: real letters are at least an x-height tall. `median` 0 means: do not judge.
bool is_flat_noise(int height, int median, double confidence);

// At the end of a line segment Tesseract's LSTM model sometimes emits a "." or "_" of its own
// (`THÁP._` beside a letterhead's second column) whose box is a sliver at the last letter's
// edge. A printed full stop at 300 dpi is a dot of about 60 dark pixels. True for a trailing
// symbol of . , _ ; : ' ` whose box is at most 2 pixels wide or holds under 12 dark pixels.
bool is_phantom_punctuation(std::string_view symbol, int width, int dark_pixels);

// The same test for a symbol before a word's letters: there Tesseract also invents quotes from
// a speck (`“Tiếp`, `'Độc`), so “ ‘ and " count besides . , _ ; : ' `.
bool is_phantom_leading_punctuation(std::string_view symbol, int width, int dark_pixels);

// A "word" of nothing but dots, commas, colons, quotes, strokes (. , : ; ' ` " \ | _ ~ ^ “ ” ‘ ’)
// under 35 % of the median height is a speck of dust or a seal fragment: a printed colon or
// quote standing alone between spaces is rare in an official document, and a printed one is
// taller. Dashes are kept (list items). `median` 0 means: do not judge.
bool is_speck_word(std::string_view text, int height, int median);

} // namespace vnotice
