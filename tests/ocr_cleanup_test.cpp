// The rules that keep non-text out of OCR output (extractors/ocr_cleanup.h), on boxes as
// Tesseract reported them for the samples' letterheads; OcrTest.LetterheadRulesAndPhantoms...
// checks the same on a real recognition.
#include "extractors/ocr_cleanup.h"

#include <gtest/gtest.h>

namespace vnotice {
namespace {

TEST(OcrCleanupTest, OfTwoOverlappingLinesTheShorterOnesWordsOnTheOtherGo) {
  // The kctv report's date line read twice (300 dpi): a garbled copy, then the full line.
  const std::vector<OcrLineExtent> lines = {
      {368, 295, 2106, 356, 63}, // TRUNG TÂM KHUYẾN CÔNG VÀ TƯ VẤN  Độc lập - Tự do - Hạnh phúc
      {566, 430, 2050, 472, 13}, // Đồ Th ^ 1 h ⁄
      {520, 433, 2207, 508, 53}, // Số: 21/BC-KC&TVPTCN  Đồng Tháp, ngày 15 tháng 10 năm 2021
      {1196, 600, 1462, 651, 8}, // BÁO CÁO
  };
  const std::vector<OcrWordExtent> words = {
      {0, 368, 305, 523, 334},   // TRUNG
      {1, 1335, 430, 1398, 469}, // "Đồ": the top of "Đồng" (0.95)
      {1, 1473, 431, 1523, 469}, // "Th", between "ông" and "Tháp," (0.92)
      {1, 1673, 431, 1682, 439}, // "^"
      {2, 520, 470, 584, 508},   // Số:
      {2, 1376, 443, 1454, 481}, // ông
      {2, 1528, 444, 1591, 481}, // Tháp,
      {3, 1196, 600, 1462, 651}};
  EXPECT_EQ(duplicate_ocr_words(lines, words),
            (std::vector<bool>{false, true, true, true, false, false, false, false}));
  // The order does not matter: the shorter text goes either way.
  const std::vector<OcrLineExtent> swapped = {lines[2], lines[1]};
  const std::vector<OcrWordExtent> swapped_words = {
      {0, 520, 470, 584, 508}, {0, 1376, 443, 1454, 481}, {1, 1335, 430, 1398, 469}};
  EXPECT_EQ(duplicate_ocr_words(swapped, swapped_words), (std::vector<bool>{false, false, true}));
}

TEST(OcrCleanupTest, WordsOfACopyOutsideTheOtherLineStay) {
  // A closing block scanned at 150 dpi with 3° skew (the variation corpus, seed 1, v072): the
  // first line holds noise read from "Nơi nhận:" and a copy of words of the row below, then, in
  // the right column, "TL. GIÁM ĐỐC"; it overlaps the line "- Sở Nông nghiệp và Phát triển
  // nông thôn (để" by 75 % of that line's box.
  const std::vector<OcrLineExtent> lines = {{360, 243, 1968, 343, 35}, {360, 300, 1192, 357, 45}};
  const std::vector<OcrWordExtent> words = {{0, 360, 253, 412, 338},   // "Tơ" (0.06)
                                            {0, 808, 305, 829, 337},   // "Phát", a copy
                                            {0, 1554, 256, 1646, 297}, // "TL."
                                            {0, 1664, 244, 1826, 298}, // "GIÁM"
                                            {0, 1843, 243, 1968, 297}, // "ĐỐC"
                                            {1, 455, 315, 547, 349},   // "Nông"
                                            {1, 789, 316, 817, 337}};  // "Phát"
  EXPECT_EQ(duplicate_ocr_words(lines, words),
            (std::vector<bool>{true, true, false, false, false, false, false}));
}

TEST(OcrCleanupTest, NeighbouringLinesThatTouchAreBothKept) {
  // Two body lines whose boxes overlap by their descenders and accents (a few pixels).
  const std::vector<OcrLineExtent> lines = {{356, 140, 2300, 195, 82}, {357, 186, 2297, 241, 83}};
  const std::vector<OcrWordExtent> words = {{0, 356, 140, 2300, 195}, {1, 357, 186, 2297, 241}};
  EXPECT_EQ(duplicate_ocr_words(lines, words), (std::vector<bool>{false, false}));
  // Two columns on the same row do not overlap at all.
  const std::vector<OcrLineExtent> columns = {{433, 238, 1180, 299, 25},
                                              {1260, 238, 2295, 299, 34}};
  const std::vector<OcrWordExtent> column_words = {{0, 433, 238, 1180, 299},
                                                   {1, 1260, 238, 2295, 299}};
  EXPECT_EQ(duplicate_ocr_words(columns, column_words), (std::vector<bool>{false, false}));
}

TEST(OcrCleanupTest, FlatUnsureWordsAreNoiseButDashesAndSureWordsStay) {
  const int median = median_word_height({38, 39, 38, 47, 43, 44, 53, 40, 8, 37});
  EXPECT_EQ(median, 40);
  EXPECT_TRUE(is_flat_noise("ST", 8, median, 0.09));    // read from a rule
  EXPECT_FALSE(is_flat_noise("-", 8, median, 0.93));    // a dash recognised with confidence
  EXPECT_FALSE(is_flat_noise("-", 3, median, 0.93));    // a thin one too
  EXPECT_FALSE(is_flat_noise("năm", 27, median, 0.30)); // a low word
  EXPECT_EQ(median_word_height({8, 40, 40}), 0);        // too few words to judge
  EXPECT_FALSE(is_flat_noise("ST", 8, 0, 0.01));
}

TEST(OcrCleanupTest, SquashedTallLettersAreSealFragments) {
  // Seal arcs on the 150-dpi scans read as words with capitals, ascenders or marks, a third of
  // the median height, at confidence about 0.3.
  EXPECT_TRUE(is_flat_noise("lệ", 15, 40, 0.27));
  EXPECT_TRUE(is_flat_noise("Tan", 16, 40, 0.32));
  EXPECT_FALSE(is_flat_noise("Tan", 16, 40, 0.80)); // sure of itself: kept
  EXPECT_FALSE(is_flat_noise("Sở", 25, 40, 0.30));  // a small printed word (the recipients' list)
  EXPECT_FALSE(is_flat_noise("mưa", 25, 40, 0.30));
  EXPECT_FALSE(is_flat_noise("con", 15, 40, 0.30)); // x-height letters only: the 30 % rule judges
  // A letter or digit a few pixels high is noise even when Tesseract is fairly sure of it.
  EXPECT_TRUE(is_flat_noise("3", 2, 40, 0.67));
  EXPECT_FALSE(is_flat_noise("3", 30, 40, 0.20));
}

TEST(OcrCleanupTest, PhantomPunctuationIsASliverWithoutInk) {
  EXPECT_TRUE(is_phantom_punctuation(".", 1, 4)); // THÁP._ at 300 dpi: box 1172-1173
  EXPECT_TRUE(is_phantom_punctuation("_", 1, 4));
  EXPECT_TRUE(is_phantom_punctuation(".", 9, 3));   // a box with no ink in it
  EXPECT_FALSE(is_phantom_punctuation(".", 9, 69)); // a printed full stop (the "1." heading)
  EXPECT_FALSE(is_phantom_punctuation(",", 10, 80));
  EXPECT_FALSE(is_phantom_punctuation("P", 1, 4)); // letters are never dropped
  EXPECT_FALSE(is_phantom_punctuation(")", 1, 4)); // nor closing brackets
}

TEST(OcrCleanupTest, LeadingPhantomsIncludeQuotes) {
  // `“Tiếp` and `'Độc` on the 150-dpi scans: a quote made up from a speck before a word.
  EXPECT_TRUE(is_phantom_leading_punctuation("\u201C", 2, 30));
  EXPECT_TRUE(is_phantom_leading_punctuation("\"", 7, 5));
  EXPECT_TRUE(is_phantom_leading_punctuation(".", 1, 4));
  EXPECT_FALSE(is_phantom_leading_punctuation("\u201C", 12, 90)); // a printed opening quote
  EXPECT_FALSE(is_phantom_leading_punctuation("(", 1, 4));
  EXPECT_FALSE(is_phantom_leading_punctuation("\u201D", 1, 4)); // closing quotes only trail
  EXPECT_FALSE(is_phantom_punctuation("\u201C", 1, 4));         // and are not trailing phantoms
}

TEST(OcrCleanupTest, SpeckWordsAreSmallPunctuationAlone) {
  // Boxes from the 150-dpi notice: ":" 4 px high, "`" 3 px, where words are about 40 px.
  EXPECT_TRUE(is_speck_word(":", 4, 40));
  EXPECT_TRUE(is_speck_word("`", 3, 40));
  EXPECT_TRUE(is_speck_word("\u201C.", 10, 40));
  EXPECT_FALSE(is_speck_word(":", 18, 40)); // a colon as tall as an x-height is printed
  EXPECT_FALSE(is_speck_word("-", 4, 40));  // a list dash
  EXPECT_FALSE(is_speck_word("a.", 4, 40)); // a letter
  EXPECT_FALSE(is_speck_word("1", 4, 40));  // a digit
  EXPECT_FALSE(is_speck_word(".", 4, 0));   // too few words to know the median
  // A mark taller than the words around it is a blot read as a mark.
  EXPECT_TRUE(is_speck_word(".", 57, 40));
  EXPECT_TRUE(is_speck_word("_", 70, 40));
  EXPECT_FALSE(is_speck_word(":", 40, 40));
  EXPECT_FALSE(is_speck_word("-", 70, 40)); // dashes are never judged
}

// A second reading mends only the words the first was unsure of, and only with sure words that
// stand over that word alone.
TEST(OcrCleanupTest, SecondReadingReplacesOnlyUnsureWords) {
  // "c)" 0.93, "Rà" 0.93, "TTHC:;" 0.23, "kiến" 0.96
  const std::vector<ReadWord> first = {
      {10, 0, 20, 10, 0.93}, {25, 0, 40, 10, 0.93}, {45, 0, 80, 10, 0.23}, {85, 0, 110, 10, 0.96}};
  // Read alone: "c)" lost, "Rà" sure but different, "TTHC;" sure, "kiếm" unsure.
  const std::vector<ReadWord> second = {
      {25, 0, 40, 10, 0.97}, {46, 0, 78, 10, 0.94}, {85, 0, 110, 10, 0.40}};
  const auto replace = merge_second_reading(first, second, 0.8);
  ASSERT_EQ(replace.size(), 4u);
  EXPECT_TRUE(replace[0].words.empty()); // kept though the second reading lost it
  EXPECT_TRUE(replace[1].words.empty()); // sure: kept whatever the second reading says
  EXPECT_EQ(replace[2].words, std::vector<size_t>{1});
  EXPECT_TRUE(replace[3].words.empty());
}

TEST(OcrCleanupTest, SecondReadingSplitsAWordAndJoinsUnsurePieces) {
  // One unsure word read as two sure ones: both take its place.
  const auto split = merge_second_reading({{0, 0, 100, 10, 0.1}},
                                          {{0, 0, 45, 10, 0.9}, {55, 0, 100, 10, 0.9}}, 0.8);
  EXPECT_EQ(split[0].words, (std::vector<size_t>{0, 1}));
  // Two unsure words read as one sure word ("IDC" "CC:" read "/BC-CCTL"): it takes the place of
  // both, the second joined into the first.
  const auto merged = merge_second_reading({{0, 0, 45, 10, 0.1}, {55, 0, 100, 10, 0.0}},
                                           {{0, 0, 100, 10, 0.9}}, 0.8);
  EXPECT_EQ(merged[0].words, std::vector<size_t>{0});
  EXPECT_FALSE(merged[0].joined);
  EXPECT_TRUE(merged[1].words.empty());
  EXPECT_TRUE(merged[1].joined);
  // ... but not when one of them was sure: a sure word is never taken into another.
  const auto one_sure = merge_second_reading({{0, 0, 45, 10, 0.1}, {55, 0, 100, 10, 0.9}},
                                             {{0, 0, 100, 10, 0.95}}, 0.8);
  EXPECT_TRUE(one_sure[0].words.empty());
  EXPECT_FALSE(one_sure[1].joined);
  // ... nor when the joining word is unsure itself.
  const auto unsure = merge_second_reading({{0, 0, 45, 10, 0.1}, {55, 0, 100, 10, 0.1}},
                                           {{0, 0, 100, 10, 0.6}}, 0.8);
  EXPECT_TRUE(unsure[0].words.empty());
  EXPECT_FALSE(unsure[1].joined);
  // An unsure part of the split keeps the word as first read.
  const auto half = merge_second_reading({{0, 0, 100, 10, 0.1}},
                                         {{0, 0, 45, 10, 0.9}, {55, 0, 100, 10, 0.5}}, 0.8);
  EXPECT_TRUE(half[0].words.empty());
}

TEST(OcrCleanupTest, SecondReadingNeverPutsAWordInASliversPlace) {
  // A rule read as "1." (2 units high) under a word of the line: the word is not its reading.
  EXPECT_TRUE(
      merge_second_reading({{0, 8, 50, 10, 0.0}}, {{0, 0, 50, 10, 0.95}}, 0.8)[0].words.empty());
  // The same word read at the same height replaces it.
  EXPECT_EQ(merge_second_reading({{0, 0, 50, 10, 0.0}}, {{0, 1, 50, 11, 0.95}}, 0.8)[0].words,
            std::vector<size_t>{0});
  // A dash is flat by nature: it need only lie within the word it replaces with the others.
  EXPECT_EQ(merge_second_reading({{0, 0, 50, 10, 0.0}},
                                 {{0, 5, 8, 6, 0.9, false}, {12, 0, 50, 10, 0.9}}, 0.8)[0]
                .words,
            (std::vector<size_t>{0, 1}));
  // A word of the next line does not either.
  EXPECT_TRUE(
      merge_second_reading({{0, 0, 50, 10, 0.0}}, {{0, 8, 50, 18, 0.95}}, 0.8)[0].words.empty());
}

TEST(OcrCleanupTest, AListDashIsAShortFlatStrokeAtTheMiddleOfTheNextWord) {
  // "- Lưu: VT" at 300 dpi: words about 40 px high, the dash 18 x 4 px at the letters' middle.
  const int median = 40;
  const OcrWordExtent word{3, 130, 200, 200, 240};
  EXPECT_TRUE(is_list_dash({3, 100, 225, 118, 229}, word, true, median));
  EXPECT_FALSE(is_list_dash({3, 100, 225, 118, 229}, word, false, median)); // "- 1)" no letter
  EXPECT_FALSE(is_list_dash({3, 100, 225, 118, 229}, {4, 130, 200, 200, 240}, true, median));
  EXPECT_FALSE(is_list_dash({3, 100, 224, 105, 229}, word, true, median)); // a speck, not a stroke
  EXPECT_FALSE(is_list_dash({3, 100, 200, 118, 204}, word, true, median)); // up with the marks
  EXPECT_FALSE(is_list_dash({3, 100, 241, 118, 245}, word, true, median)); // under the line
  EXPECT_FALSE(is_list_dash({3, 20, 225, 118, 229}, word, true, median));  // a rule's piece
  EXPECT_FALSE(is_list_dash({3, 100, 220, 118, 236}, word, true, median)); // a blot, not flat
  EXPECT_FALSE(is_list_dash({3, 20, 225, 38, 229}, word, true, median));   // a word's gap away
}

TEST(OcrCleanupTest, ALostListDashIsTheOneDashShapedMarkBeforeALine) {
  const int median = 40;
  const OcrWordExtent word{3, 130, 200, 200, 240};
  const OcrWordExtent dash{0, 100, 225, 118, 229}, speck{0, 90, 210, 93, 213};
  EXPECT_EQ(lost_list_dash({dash}, word, median), 0u);
  EXPECT_EQ(lost_list_dash({speck, dash}, word, median), 1u); // a speck beside it does not matter
  EXPECT_FALSE(lost_list_dash({}, word, median));
  EXPECT_FALSE(lost_list_dash({speck}, word, median));
  // A flat mark narrower than a fifth of a median height is a speck, not a hyphen.
  EXPECT_FALSE(lost_list_dash({{0, 110, 226, 117, 229}}, word, median));
  // Something as tall as a letter stands there (a letter the reading dropped, a rule).
  EXPECT_FALSE(lost_list_dash({dash, {0, 60, 205, 75, 235}}, word, median));
  // Two dash-shaped marks: neither is sure.
  EXPECT_FALSE(lost_list_dash({dash, {0, 84, 225, 97, 229}}, word, median));
}

} // namespace
} // namespace vnotice
