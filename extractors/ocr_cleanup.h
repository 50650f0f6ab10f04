// What vnotice removes from Tesseract's output before it becomes Words: text that no printed
// line could have produced. Pure functions over boxes, so they are tested without an engine;
// extractors/ocr_engine.cpp applies them to each recognised strip.
//
// Contract: the rules only drop whole lines, whole words, or punctuation Tesseract added at a
// word's end without ink of its own; they decide from geometry, ink and confidence alone (never
// from a dictionary), so a correct but unusual word is not touched.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace vnotice {

// One text line as Tesseract found it: its box in pixels and how many bytes of text it holds.
struct OcrLineExtent {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  size_t characters = 0;
};

// One word of a strip as Tesseract found it: the index of its line and its box in pixels.
struct OcrWordExtent {
  size_t line = 0;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// Tesseract's layout analysis sometimes reads one printed line twice, as two overlapping lines
// with slightly different words (seen on an italic date line under a letterhead's rule: the
// copy held confident pieces of letters, "Đồ" "Th", between and above the line's own words).
// Printed lines never overlap, so when two lines share at least 60 % of the smaller one's area,
// the one with less text (on a tie, the later one) is the copy, and its words that lie on the
// other line's box (at least 30 % of their own area) go. Its words outside that box stay: on
// skewed scans a closing block's right column ("TL. GIÁM ĐỐC") comes back in one line with the
// noise read from the left column's first row, a line that overlaps the left column's second
// row this much. Returns a flag per word.
std::vector<bool> duplicate_ocr_words(const std::vector<OcrLineExtent> &lines,
                                      const std::vector<OcrWordExtent> &words);

// The median height of a strip's words, or 0 when there are too few (under 8) to judge by.
int median_word_height(std::vector<int> heights);

// Whether a UTF-8 word holds a letter or digit: ASCII ones, or the Latin letters Vietnamese uses
// (Latin-1 Supplement, Latin Extended-A/B such as đ ă ơ ư, Latin Extended Additional such as
// ạ ế ữ).
bool has_letter_or_digit(std::string_view text);

// A "word" far flatter than the text around it is a rule, an underline, a seal's arc or a
// signature stroke read as letters. Real letters are at least an x-height tall (about 45 % of
// the median word height), and a capital, a digit, an ascender (b d đ h k l t) or a Vietnamese
// mark makes a word taller still (60 % and more on the bench's scans; the seal fragments read
// as `lệ`, `Tan`, `Sạn` measured 33-41 %). So a word is noise when
//   - under 30 % of the median height, recognised with confidence under 0.5 (any text);
//   - under 50 %, confidence under 0.5, holding one of those tall letters;
//   - under 15 %, holding a letter or digit, whatever the confidence (a `3` 2 px high).
// A dash recognised with confidence stays. `median` 0 means: do not judge.
bool is_flat_noise(std::string_view text, int height, int median, double confidence);

// A list item's dash (Decree 30 lists: "- Lưu: VT, VP."; the recipients, the items of a
// section) is a short flat stroke that Tesseract often reads with low confidence on a degraded
// scan, and the confidence filters would drop it. It is kept when its ink has a dash's shape and
// place: the first word of its line, `dash` (pixels) at least 1.5 times as wide as high, no
// wider than a median word height `median` and at most 35 % of it high (flat, not a rule), its
// middle at the height of the middle of the letters of the word after it (between 35 % and 90 %
// of that word's box down from its top: a speck beside the capitals or the marks above them
// sits higher or lower), and that word at most a median height away (a space). `next` is the
// next word of the same line and must hold a letter or digit (`next_has_letter`).
bool is_list_dash(const OcrWordExtent &dash, const OcrWordExtent &next, bool next_has_letter,
                  int median);

// Tesseract's layout analysis also drops such a dash outright, with no word at all, as a blob too
// small to be text. `ink`: the connected ink components (pixel boxes) found before the first word
// of a line, `first`, within two median heights to its left. Returns the one that is the line's
// lost list dash: it has a dash's shape and place (is_list_dash), is at least a fifth of a median
// height wide (a hyphen is a third of an em; narrower flat marks are specks), and no component
// there is as tall as a letter (then something else stands before the word: a mark, a letter the
// reading dropped, a table rule). Otherwise none.
std::optional<size_t> lost_list_dash(const std::vector<OcrWordExtent> &ink,
                                     const OcrWordExtent &first, int median);

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
// taller. One taller than the median word is a blot (none of these marks is as tall as a word;
// `.` and `_` boxes 1.4-1.7 times the median on the bench's scans). Dashes are kept (list
// items). `median` 0 means: do not judge.
bool is_speck_word(std::string_view text, int height, int median);

// A word of a line as read: its box (any unit, y down) and confidence (0..1).
struct ReadWord {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double confidence = 0;
  bool letters = true; // holds a letter or digit (has_letter_or_digit)
};

// Merging a second reading of a line into the first, word by word. Read alone a line comes back
// better where the page's reading was unsure, but also differs where it was sure: on a sample
// report a second look turned "đầu mối kiểm soát" into "dầu mối kiếm soát" and dropped a "c)"
// label, while mending the one word that had made the line unsure. So the second reading only
// replaces words the first was unsure of (confidence under `sure`), and only with words it is
// sure of that stand over that word alone: they overlap it by half of the narrower and half of
// the shorter, are at least 0.4 and at most 2.5 times its height (a rule read as "1.", 2 pt
// high, is no word's place; a dash or stop, flat by nature, need only lie within it), and
// overlap no other word of the first reading, unless every word they overlap is unsure and they
// are the only words over them: then one sure word takes the place of the run of unsure words
// it covers (a symbol the page's reading cut in two, "IDC" "CC:" at 0.00, read "/BC-CCTL" at
// 0.92 alone). Words over no word of the first are not added: with a wide margin they may come
// from the next line.
struct Replacement {
  std::vector<size_t> words; // the second reading's words in this word's place (empty: keep it)
  bool joined = false;       // the word is part of the run the word before it was replaced with
};
// Per word of the first reading, what takes its place.
std::vector<Replacement> merge_second_reading(const std::vector<ReadWord> &first,
                                              const std::vector<ReadWord> &second, double sure);

} // namespace vnotice
