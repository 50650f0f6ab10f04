// The Vietnamese text layer's core: Unicode normal form, the comparison keys every later stage
// uses (parser, checker, search), and a model of valid Vietnamese syllables.
//
// All functions take and return UTF-8. Ill-formed UTF-8 in the input becomes U+FFFD. They are
// pure and thread-safe (ICU's normalizer instances are immutable singletons).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/text_util.h" // split_words, once declared here

namespace vnotice {

// The NFC form of `utf8` (ICU). Decomposed input, NFD or the Windows-1258 habit of a base letter
// followed by a combining tone mark, is composed. Nothing else changes: the source's tone-mark
// placement (hòa / hoà, thủy / thuỷ) and letter case are kept.
std::string to_nfc(std::string_view utf8);

// The key every comparison uses. Two strings that differ only in normal form (NFC / NFD), letter
// case, or the placement of the tone mark (old style hòa, thủy, khỏe / new style hoà, thuỷ, khoẻ)
// have the same key; different words keep different keys (hòa / hóa, thủy / thùy). The key is
// NFC, case-folded, with the tone mark of every Vietnamese-shaped syllable moved to its new-style
// place ("Hòa" -> "hoà"). Letters other than Vietnamese ones, digits, punctuation and spaces are
// kept as they are (case-folded).
std::string fold(std::string_view utf8);

// Accent-insensitive key for fuzzy matching: NFC, case-folded, every diacritic removed, đ/Đ
// mapped to d ("Đồng Tháp" -> "dong thap"). The eth Ð/ð, which OCR and old fonts put in place of
// Đ, also maps to d.
std::string fold_accents(std::string_view utf8);

// fold_accents that remembers where each output byte came from, so a pattern matched on the key
// can be quoted from the original text. Each code point of the input (NFC expected) gives one
// code point of output: its base letter without diacritics, lower case (đ, Đ, ð, Ð -> d); a
// character that is not a letter is kept as it is.
struct FoldedText {
  std::string text;           // the key, UTF-8
  std::vector<size_t> origin; // origin[i]: byte offset in the input of the code point that gave
                              // text[i]; origin[text.size()] is the input's size
  // The input byte range [begin, end) that produced key bytes [key_begin, key_end).
  std::pair<size_t, size_t> source_range(size_t key_begin, size_t key_end) const {
    return {origin[key_begin], origin[key_end]};
  }
};
FoldedText fold_accents_mapped(std::string_view utf8);
// fold_accents_mapped's fold of one code point (a table lookup for every Latin and Vietnamese
// letter): for callers that walk a text themselves and need no origin table.
char32_t fold_accents_code_point(char32_t c);

namespace detail {
// fold and fold_accents computed with ICU for the whole text: the reference their table-driven
// fast paths must match (tests only).
std::string fold_with_icu(std::string_view utf8);
std::string fold_accents_with_icu(std::string_view utf8);
} // namespace detail

// True when `text` is well-formed UTF-8 (no stray continuation bytes, overlongs, surrogates or
// code points past U+10FFFF): text from outside, such as a web request, is checked before use.
bool is_valid_utf8(std::string_view text);

// `utf8` in capitals, NFC ("kiểm tra" -> "KIỂM TRA"; ICU's root-locale rules).
std::string to_upper(std::string_view utf8);

// The first letter in capitals ("kết quả" -> "Kết quả"), the rest as it is (ICU, Vietnamese).
std::string upper_first(std::string_view utf8);

// The first letter in lower case ("Kết quả" -> "kết quả"), unless the word is an abbreviation
// (its second letter upper case: "TTHC", "UBND" stay as they are).
std::string lower_first(std::string_view utf8);

// Upper-case text as it reads inside a sentence: "THÔNG BÁO" -> "Thông báo".
std::string sentence_case(std::string_view upper);

// Whether `text` opens with a capital letter ("Lưu", "Văn"; not "5", "(để" or "lưu").
bool starts_with_capital(std::string_view text);

// True when `utf8` has at least one letter and no lower-case letter ("KẾT", "ĐỀ", "UBND-HC").
bool is_upper_case(std::string_view utf8);

// True when `word` (one syllable, no spaces or punctuation) is a well-formed Vietnamese syllable:
// an onset (b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x, or none), a rhyme
// from the standard inventory, at most one tone mark, with the spelling rules (k, gh, ngh before
// i e ê y; c, g, ng elsewhere), the rule that rhymes ending in -p -t -c -ch take only the sắc or
// nặng tone, and the tone mark on the vowel where either the old or the new placement puts it.
// Case-insensitive; NFC or NFD.
bool is_vietnamese_syllable(std::string_view word);

// How many Vietnamese tone marks (huyền, sắc, hỏi, ngã, nặng) the text carries, NFC or NFD. A
// syllable has at most one: "Tiếpnhận" (2) is two syllables run together.
int tone_marks(std::string_view utf8);

// The other tone readings of one syllable: the same letters with each other tone (none, huyền,
// sắc, hỏi, ngã, nặng) on the vowel that carries the tone, or, for a syllable without one, on
// each vowel in turn; only well-formed syllables (is_vietnamese_syllable), NFC, in the input's
// case, without duplicates. OCR confuses tones that look alike ("kiếm" for "kiểm"); these are
// the readings a repair may choose from. Empty for a word that is not a syllable.
std::vector<std::string> tone_readings(std::string_view syllable);

// Letter tokens of a text and how many of them are valid Vietnamese syllables.
struct SyllableCount {
  int tokens = 0;
  int valid = 0;
  double share() const { return tokens == 0 ? 0.0 : static_cast<double>(valid) / tokens; }
};

// Tokens are the parts of whitespace-separated chunks between hyphens and slashes, with leading
// and trailing punctuation and symbols removed. Chunks holding a decimal digit (numbers, dates,
// "16/CT-TTg", "Covid-19") and parts without a letter are skipped. A token with anything but
// letters inside ("hoµ" is all letters; "H¹nh" is not) counts as invalid.
SyllableCount count_syllables(std::string_view text);

// count_syllables(text).share(): near 0.9 for real Vietnamese prose (abbreviations and foreign
// words are the rest), far lower for mojibake; 0 when the text has no letter token.
double syllable_share(std::string_view text);

// Levenshtein distance in bytes. Callers pass accent-folded (so ASCII) text, where a byte is a
// letter: OCR look-alikes of a code, a title or a name are a small distance from the original.
int edit_distance(std::string_view a, std::string_view b);

} // namespace vnotice
