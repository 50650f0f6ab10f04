#include "pipeline/vietnamese_text.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>
#include <unordered_map>
#include <unordered_set>

namespace vnotice {
namespace {

// --- ICU plumbing -------------------------------------------------------------------------------
// Normalizer2 instances are process-wide singletons owned by ICU (never deleted by the caller);
// UnicodeString owns its buffer. Nothing else of ICU's is held, so no other RAII is needed here.

void check_icu(UErrorCode status, const char *what) {
  if (U_SUCCESS(status)) return;
  if (status == U_MEMORY_ALLOCATION_ERROR) throw std::bad_alloc();
  throw Error(ExitCode::internal, "", trf("ICU failed to {} ({})", tr(what), u_errorName(status)));
}

const icu::Normalizer2 &normalizer(bool compose) {
  auto load = [](bool nfc) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *instance =
        nfc ? icu::Normalizer2::getNFCInstance(status) : icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status) || instance == nullptr)
      throw Error(ExitCode::dependency_missing, "",
                  trf("ICU's Unicode normalization data could not be loaded ({}); run "
                      "tools/setup.sh",
                      u_errorName(status)));
    return instance;
  };
  static const icu::Normalizer2 *const nfc = load(true);
  static const icu::Normalizer2 *const nfd = load(false);
  return compose ? *nfc : *nfd;
}

icu::UnicodeString normalized(const icu::UnicodeString &text, bool compose) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString result = normalizer(compose).normalize(text, status);
  check_icu(status, N_("normalize text"));
  return result;
}

icu::UnicodeString from_utf8(std::string_view utf8) {
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
}

std::u32string to_u32(const icu::UnicodeString &text) {
  std::u32string out;
  out.reserve(static_cast<size_t>(text.length()));
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1))
    out.push_back(static_cast<char32_t>(text.char32At(i)));
  return out;
}

icu::UnicodeString from_u32(std::u32string_view text) {
  icu::UnicodeString out;
  for (char32_t c : text)
    out.append(static_cast<UChar32>(c));
  return out;
}

std::string to_utf8(const icu::UnicodeString &text) {
  std::string out;
  text.toUTF8String(out);
  return out;
}

// NFD, case-folded, NFD again (folding can undo the canonical order): the form every rule below
// works on, one code point per base letter or mark.
std::u32string folded_nfd(std::string_view utf8) {
  icu::UnicodeString text = normalized(from_utf8(utf8), false);
  text.foldCase();
  return to_u32(normalized(text, false));
}

std::string compose_to_utf8(std::u32string_view nfd) {
  return to_utf8(normalized(from_u32(nfd), true));
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
}

bool is_mark(char32_t c) { return (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_M_MASK) != 0; }
bool is_letter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; }

// --- Vietnamese letters ------------------------------------------------------------------------
// Sources of the linguistic facts in this section and the next: the Vietnamese alphabet and the
// spelling rules c/k, g/gh, ng/ngh and the tone-mark placement of "Quy định về chính tả tiếng
// Việt" (Ministry of Education, QĐ 240/QĐ, 1984); the onset and rhyme inventory of Đoàn Thiện
// Thuật, "Ngữ âm tiếng Việt" (1977), as taught in the primary-school rhyme tables; the
// restriction of stop-final rhymes to the sắc and nặng tones is the standard phonotactic fact
// stated in the same book.

// The five tone marks as combining characters; a syllable without one has the level tone.
constexpr char32_t kGrave = 0x0300;    // huyền
constexpr char32_t kAcute = 0x0301;    // sắc
constexpr char32_t kTilde = 0x0303;    // ngã
constexpr char32_t kHook = 0x0309;     // hỏi
constexpr char32_t kDotBelow = 0x0323; // nặng

bool is_tone_mark(char32_t c) {
  return c == kGrave || c == kAcute || c == kTilde || c == kHook || c == kDotBelow;
}

// Base letter + vowel-quality mark (circumflex, breve, horn) -> the Vietnamese letter.
struct QualityLetter {
  char32_t base, mark, letter;
};
constexpr std::array<QualityLetter, 6> kQualityLetters = {{
    {U'a', 0x0306, U'ă'},
    {U'a', 0x0302, U'â'},
    {U'e', 0x0302, U'ê'},
    {U'o', 0x0302, U'ô'},
    {U'o', 0x031B, U'ơ'},
    {U'u', 0x031B, U'ư'},
}};

constexpr std::u32string_view kVowels = U"aăâeêioôơuưy";
constexpr std::u32string_view kMarkedVowels = U"ăâêôơư"; // vowels with a quality mark

bool is_vowel(char32_t c) { return kVowels.find(c) != std::u32string_view::npos; }
bool is_marked_vowel(char32_t c) { return kMarkedVowels.find(c) != std::u32string_view::npos; }

// A syllable taken apart: its letters without the tone (lower case, composed), the tone mark and
// the index of the letter carrying it.
struct Toneless {
  std::u32string letters;
  char32_t tone = 0; // 0: level tone
  int tone_at = -1;
};

// Splits folded NFD text (one syllable-shaped run) into toneless letters and a tone. False when
// the run has two tone marks, a mark on nothing, or a mark Vietnamese does not use.
bool split_tone(std::u32string_view nfd, Toneless &out) {
  out = Toneless{};
  for (char32_t c : nfd) {
    if (!is_mark(c)) {
      out.letters.push_back(c);
      continue;
    }
    if (out.letters.empty()) return false;
    if (is_tone_mark(c)) {
      if (out.tone != 0) return false;
      out.tone = c;
      out.tone_at = static_cast<int>(out.letters.size()) - 1;
      continue;
    }
    const auto found = std::find_if(kQualityLetters.begin(), kQualityLetters.end(), [&](auto &q) {
      return q.base == out.letters.back() && q.mark == c;
    });
    if (found == kQualityLetters.end()) return false;
    out.letters.back() = found->letter;
  }
  return true;
}

// Where the tone mark goes in a vowel cluster (the vowel letters of the rhyme, after the onset),
// as an index into the cluster. Both styles agree except for open oa, oe, uy: the old style marks
// the first vowel (hòa, khỏe, thủy), the new style of the 1984 rules the second (hoà, khoẻ, thuỷ).
int tone_position(std::u32string_view cluster, bool has_final_consonant, bool new_style) {
  const int n = static_cast<int>(cluster.size());
  if (n <= 1) return 0;
  // A vowel with a quality mark carries the tone; in ươ the second one (người, mười).
  for (int i = n - 1; i >= 0; --i)
    if (is_marked_vowel(cluster[i])) return i;
  if (has_final_consonant) return n - 1; // hoàn, toán, quyết
  if (n == 3) return 1;                  // ngoài, khuỷu, khuya
  if (cluster == U"oa" || cluster == U"oe" || cluster == U"uy") return new_style ? 1 : 0;
  return 0; // ai, ao, au, ay, eo, ia, iu, oi, ua, ui: mái, cháo, của, múi
}

// --- The syllable model ------------------------------------------------------------------------

// Onsets, longest first so "ngh" is tried before "ng" (all parses are tried anyway).
constexpr std::array<std::u32string_view, 28> kOnsets = {
    U"ngh", U"ng", U"nh", U"ch", U"gh", U"gi", U"kh", U"ph", U"qu", U"th", U"tr", U"b", U"c", U"d",
    U"đ",   U"g",  U"h",  U"k",  U"l",  U"m",  U"n",  U"p",  U"r",  U"s",  U"t",  U"v", U"x", U""};

// Rhymes without a medial glide, by final: none; -i/-y; -o/-u; -m; -p; -n; -t; -ng; -c; -nh; -ch.
// ia/iê/yê, ua/uô and ưa/ươ are the spellings of the three diphthongs.
// clang-format off
constexpr std::u32string_view kPlainRhymes[] = {
    U"a", U"e", U"ê", U"i", U"y", U"o", U"ô", U"ơ", U"u", U"ư", U"ia", U"ua", U"ưa",
    U"ai", U"ay", U"ây", U"oi", U"ôi", U"ơi", U"ui", U"ưi", U"uôi", U"ươi",
    U"ao", U"au", U"âu", U"eo", U"êu", U"iu", U"ưu", U"iêu", U"yêu", U"ươu",
    U"am", U"ăm", U"âm", U"em", U"êm", U"im", U"om", U"ôm", U"ơm", U"um", U"ưm", U"iêm", U"yêm",
    U"uôm", U"ươm",
    U"ap", U"ăp", U"âp", U"ep", U"êp", U"ip", U"op", U"ôp", U"ơp", U"up", U"iêp", U"ươp",
    U"an", U"ăn", U"ân", U"en", U"ên", U"in", U"on", U"ôn", U"ơn", U"un", U"iên", U"yên", U"uôn",
    U"ươn",
    U"at", U"ăt", U"ât", U"et", U"êt", U"it", U"ot", U"ôt", U"ơt", U"ut", U"ưt", U"iêt", U"yêt",
    U"uôt", U"ươt",
    U"ang", U"ăng", U"âng", U"eng", U"êng", U"ong", U"ông", U"ung", U"ưng", U"iêng", U"yêng",
    U"uông", U"ương", U"oong",
    U"ac", U"ăc", U"âc", U"ec", U"oc", U"ôc", U"uc", U"ưc", U"iêc", U"uôc", U"ươc", U"ooc",
    U"anh", U"ênh", U"inh",
    U"ach", U"êch", U"ich",
};

// Rhymes with the medial glide /w/, written o before a ă e (hoa, xoăn, khoẻ) and u before â ê y ơ
// (xuân, thuế, quy, thuở).
constexpr std::u32string_view kMedialRhymes[] = {
    U"oa", U"oai", U"oay", U"oan", U"oang", U"oanh", U"oac", U"oach", U"oat", U"oam", U"oap",
    U"oăn", U"oăng", U"oăc", U"oăt", U"oăm",
    U"oe", U"oen", U"oet", U"oeo",
    U"uân", U"uâng", U"uât", U"uây", U"uê", U"uênh", U"uêch", U"uơ",
    U"uy", U"uya", U"uyên", U"uyêt", U"uynh", U"uych", U"uyt", U"uyu",
};
// clang-format on

struct RhymeTables {
  std::unordered_set<std::u32string> plain, medial;
  RhymeTables() {
    for (auto r : kPlainRhymes)
      plain.emplace(r);
    for (auto r : kMedialRhymes)
      medial.emplace(r);
  }
};

const RhymeTables &rhymes() {
  static const RhymeTables tables;
  return tables;
}

bool is_front(char32_t c) { return c == U'i' || c == U'y' || c == U'e' || c == U'ê'; }

// Length of the vowel cluster at the start of a rhyme.
size_t cluster_length(std::u32string_view rhyme) {
  size_t n = 0;
  while (n < rhyme.size() && is_vowel(rhyme[n]))
    ++n;
  return n;
}

bool stop_final(std::u32string_view rhyme) {
  return rhyme.ends_with(U'p') || rhyme.ends_with(U't') || rhyme.ends_with(U'c') ||
         rhyme.ends_with(U"ch");
}

// Is `onset` + `rhyme` well spelled? (`onset` is one of kOnsets; tone not considered.)
bool valid_onset_rhyme(std::u32string_view onset, std::u32string_view rhyme) {
  const RhymeTables &tables = rhymes();
  const std::u32string r(rhyme);
  if (r.empty()) return false;
  const bool plain = tables.plain.contains(r);
  const bool medial = tables.medial.contains(r);
  if (onset == U"qu") {
    // qu already holds the glide: the rhyme is a plain one that does not start with a rounded
    // vowel (qua, quê, quân), or a glide rhyme without its u (quy, quyết, quơ), or quốc.
    if (r == U"ôc") return true;
    if (tables.medial.contains(U"u" + r)) return true;
    return plain && std::u32string_view(U"oôơuư").find(r[0]) == std::u32string_view::npos;
  }
  if (!plain && !medial) return false;
  // iê after an onset, yê without one (tiên / yên); uyê is a glide rhyme.
  if (r.starts_with(U"iê") && onset.empty()) return false;
  if (r.starts_with(U"yê") && !onset.empty()) return false;
  const char32_t first = r[0];
  if (onset == U"k" || onset == U"gh" || onset == U"ngh") return is_front(first);
  if (onset == U"c") return !is_front(first) && !medial; // ci, ce -> ki, ke; coa -> qua
  if (onset == U"ng") return !is_front(first);
  // gì, gìn, giếng: the i of gi is also the rhyme's; but gia, giu are gi + a, gi + u.
  if (onset == U"g")
    return !is_front(first) ||
           (first == U'i' && (r.size() == 1 || !is_vowel(r[1]) || r[1] == U'ê'));
  if (onset == U"gi") return first != U'i';
  return true;
}

// The letters of a toneless, lower-case syllable: is it a Vietnamese syllable, and is the tone
// (if any) allowed for its rhyme and placed where one of the two styles puts it?
bool valid_syllable(const Toneless &syllable) {
  const std::u32string_view letters = syllable.letters;
  for (std::u32string_view onset : kOnsets) {
    if (!letters.starts_with(onset)) continue;
    const std::u32string_view rhyme = letters.substr(onset.size());
    if (!valid_onset_rhyme(onset, rhyme)) continue;
    if (syllable.tone != 0 && stop_final(rhyme) && syllable.tone != kAcute &&
        syllable.tone != kDotBelow)
      continue;
    if (syllable.tone == 0) return true;
    // Tone position: within the rhyme's vowel cluster (for gi- the cluster after the i, except
    // in gì, gìn where the i is the only vowel).
    const size_t n = cluster_length(rhyme);
    if (n == 0) continue;
    const std::u32string_view cluster = rhyme.substr(0, n);
    const bool has_final = n < rhyme.size();
    const int offset = static_cast<int>(onset.size());
    for (bool new_style : {true, false})
      if (offset + tone_position(cluster, has_final, new_style) == syllable.tone_at) return true;
  }
  return false;
}

bool valid_syllable_nfd(std::u32string_view folded_nfd_word) {
  Toneless syllable;
  return split_tone(folded_nfd_word, syllable) && valid_syllable(syllable);
}

// Moves the tone mark of one letter run (folded NFD) to its new-style place when the run has the
// shape of a Vietnamese syllable: consonants, one vowel cluster, consonants. Other runs (English
// words, two tone marks, letters with foreign marks) are returned unchanged.
std::u32string canonical_tone_place(std::u32string_view run) {
  Toneless syllable;
  if (!split_tone(run, syllable) || syllable.tone == 0) return std::u32string(run);
  const std::u32string &letters = syllable.letters;
  size_t start = 0;
  while (start < letters.size() && !is_vowel(letters[start]))
    ++start;
  size_t end = start;
  while (end < letters.size() && is_vowel(letters[end]))
    ++end;
  if (start == end) return std::u32string(run);
  for (size_t i = end; i < letters.size(); ++i)
    if (is_vowel(letters[i])) return std::u32string(run);
  // The u of qu and the i of gi belong to the onset when another vowel follows (quả, già).
  if (end - start > 1 && ((start >= 1 && letters[start - 1] == U'q' && letters[start] == U'u') ||
                          (start == 1 && letters[0] == U'g' && letters[start] == U'i')))
    ++start;
  const std::u32string_view cluster = std::u32string_view(letters).substr(start, end - start);
  const size_t at = start + static_cast<size_t>(tone_position(cluster, end < letters.size(), true));
  // Rebuild NFD: base letters with their quality mark, the tone after the chosen letter.
  std::u32string out;
  for (size_t i = 0; i < letters.size(); ++i) {
    const auto quality = std::find_if(kQualityLetters.begin(), kQualityLetters.end(),
                                      [&](auto &q) { return q.letter == letters[i]; });
    if (quality != kQualityLetters.end()) {
      out.push_back(quality->base);
      out.push_back(quality->mark);
    } else {
      out.push_back(letters[i]);
    }
    if (i == at) out.push_back(syllable.tone);
  }
  return out;
}

bool is_digit(char32_t c) { return u_isdigit(static_cast<UChar32>(c)) != 0; }
bool is_space(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)) != 0; }
bool splits_token(char32_t c) {
  return c == U'-' || c == U'/' || c == 0x2010 || c == 0x2011 || c == 0x2013 || c == 0x2014;
}

// --- Per-code-point tables: the fast path of fold and fold_accents ---------------------------
// Indexing an archive folds every document's text twice; through ICU's UnicodeString that was
// most of the indexing time. Latin letters (U+0000–024F) and Vietnamese ones (U+1E00–1EFF) fold
// one code point at a time (case folding and decomposition are per code point, and with no
// combining mark in the input nothing is reordered across code points), so each one's folded NFD
// and accent key are computed once with ICU and looked up after. Text with anything else (a
// combining mark, another script, ill-formed UTF-8) takes the ICU path; the tests check that the
// two paths agree.

constexpr char32_t kLatinEnd = 0x250;
constexpr char32_t kVietnameseBegin = 0x1E00, kVietnameseEnd = 0x1F00;
constexpr size_t kTableSize = kLatinEnd + (kVietnameseEnd - kVietnameseBegin);

std::optional<size_t> table_index(UChar32 c) {
  if (c >= 0 && static_cast<char32_t>(c) < kLatinEnd) return static_cast<size_t>(c);
  if (static_cast<char32_t>(c) >= kVietnameseBegin && static_cast<char32_t>(c) < kVietnameseEnd)
    return kLatinEnd + static_cast<size_t>(static_cast<char32_t>(c) - kVietnameseBegin);
  return std::nullopt;
}

char32_t table_code_point(size_t index) {
  return index < kLatinEnd ? static_cast<char32_t>(index)
                           : kVietnameseBegin + static_cast<char32_t>(index - kLatinEnd);
}

struct U32Hash {
  size_t operator()(const std::u32string &text) const {
    size_t hash = 1469598103934665603ULL;
    for (char32_t c : text)
      hash = (hash ^ c) * 1099511628211ULL;
    return hash;
  }
};

// fold_accents of one code point: its NFD base letter, lower-cased, đ as d.
UChar32 fold_accents_of(UChar32 c) {
  UChar32 base = c;
  if (c >= 0x80) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposed;
    if (U_SUCCESS(status) && nfd->getDecomposition(c, decomposed) && decomposed.length() > 0)
      base = decomposed.char32At(0);
  }
  base = u_tolower(base);
  return base == U'đ' || base == U'ð' ? U'd' : base;
}

struct FoldTables {
  std::vector<std::u32string> folded_nfd; // per table code point
  std::vector<std::string> accent_key;    // fold_accents of it, UTF-8
  std::vector<char32_t> mapped_base;      // fold_accents_of it (fold_accents_mapped's fold)
  // A canonical decomposition (base, marks in canonical order) -> its precomposed code point.
  std::unordered_map<std::u32string, char32_t, U32Hash> composed;
};

std::string fold_accents_with_icu(std::string_view utf8);

const FoldTables &fold_tables() {
  static const FoldTables tables = [] {
    FoldTables t;
    t.folded_nfd.resize(kTableSize);
    t.accent_key.resize(kTableSize);
    t.mapped_base.resize(kTableSize);
    for (size_t i = 0; i < kTableSize; ++i) {
      const char32_t c = table_code_point(i);
      std::string utf8;
      icu::UnicodeString(static_cast<UChar32>(c)).toUTF8String(utf8);
      t.folded_nfd[i] = folded_nfd(utf8);
      t.accent_key[i] = fold_accents_with_icu(utf8);
      t.mapped_base[i] = static_cast<char32_t>(fold_accents_of(static_cast<UChar32>(c)));
      const std::u32string nfd =
          to_u32(normalized(icu::UnicodeString(static_cast<UChar32>(c)), false));
      if (nfd.size() >= 2 && to_u32(normalized(from_u32(nfd), true)) == std::u32string(1, c))
        t.composed.emplace(nfd, c);
    }
    return t;
  }();
  return tables;
}

// `utf8` with each code point replaced by its entry in one of the fold tables (`column`), or
// nothing when some code point is not in them.
template <typename Out, typename Column>
std::optional<Out> through_tables(std::string_view utf8, Column column) {
  const FoldTables &tables = fold_tables();
  Out out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t *>(utf8.data()), i, utf8.size(), c);
    const auto index = table_index(c);
    if (!index) return std::nullopt;
    out += (tables.*column)[*index];
  }
  return out;
}

// Folded NFD of `utf8` from the tables, or nothing when some code point is not in them.
std::optional<std::u32string> table_folded_nfd(std::string_view utf8) {
  return through_tables<std::u32string>(utf8, &FoldTables::folded_nfd);
}

void append_utf8(std::string &out, char32_t c) {
  char buffer[4];
  int32_t length = 0;
  U8_APPEND_UNSAFE(reinterpret_cast<uint8_t *>(buffer), length, static_cast<UChar32>(c));
  out.append(buffer, static_cast<size_t>(length));
}

// NFC of a decomposed sequence made of table letters and their marks, one base letter and its
// marks at a time (Latin letters never compose with the letter before them).
std::string compose_from_tables(std::u32string_view nfd) {
  const FoldTables &tables = fold_tables();
  std::string out;
  out.reserve(nfd.size() + nfd.size() / 2);
  std::u32string group;
  size_t i = 0;
  while (i < nfd.size()) {
    size_t end = i + 1;
    while (end < nfd.size() && is_mark(nfd[end]))
      ++end;
    if (end - i == 1) {
      append_utf8(out, nfd[i]);
      i = end;
      continue;
    }
    group.assign(nfd.substr(i, end - i));
    std::stable_sort(group.begin() + 1, group.end(), [](char32_t a, char32_t b) {
      return u_getCombiningClass(static_cast<UChar32>(a)) <
             u_getCombiningClass(static_cast<UChar32>(b));
    });
    if (auto found = tables.composed.find(group); found != tables.composed.end())
      append_utf8(out, found->second);
    else
      out += compose_to_utf8(group); // a rarer combination: let ICU compose it
    i = end;
  }
  return out;
}

std::string fold_runs(const std::u32string &text, bool from_tables) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    if (!is_letter(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    size_t end = i;
    while (end < text.size() && (is_letter(text[end]) || is_mark(text[end])))
      ++end;
    out += canonical_tone_place(std::u32string_view(text).substr(i, end - i));
    i = end;
  }
  return from_tables ? compose_from_tables(out) : compose_to_utf8(out);
}

std::string fold_accents_with_icu(std::string_view utf8) {
  const std::u32string text = folded_nfd(utf8);
  std::u32string out;
  out.reserve(text.size());
  for (char32_t c : text) {
    if (is_mark(c)) continue;
    out.push_back(c == U'đ' || c == U'ð' ? U'd' : c);
  }
  return compose_to_utf8(out);
}

} // namespace

std::string to_nfc(std::string_view utf8) {
  if (is_ascii(utf8)) return std::string(utf8);
  const icu::UnicodeString text = from_utf8(utf8);
  UErrorCode status = U_ZERO_ERROR;
  if (normalizer(true).isNormalized(text, status) && U_SUCCESS(status)) return to_utf8(text);
  return to_utf8(normalized(text, true));
}

int tone_marks(std::string_view utf8) {
  if (is_ascii(utf8)) return 0;
  const icu::UnicodeString decomposed = normalized(from_utf8(utf8), false);
  int marks = 0;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    const char16_t c = decomposed.charAt(i);
    // grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi), dot below (nặng)
    if (c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323) ++marks;
  }
  return marks;
}

bool is_valid_utf8(std::string_view text) {
  const auto *bytes = reinterpret_cast<const uint8_t *>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);
    if (c < 0) return false;
  }
  return true;
}

std::string to_upper(std::string_view utf8) {
  icu::UnicodeString text = from_utf8(utf8);
  text.toUpper(icu::Locale::getRoot());
  return to_utf8(normalized(text, true));
}

namespace {

// `text` with its first letter mapped by `change` (Vietnamese rules).
std::string with_first_letter(icu::UnicodeString text,
                              void (*change)(icu::UnicodeString &, const icu::Locale &)) {
  if (text.isEmpty()) return {};
  static const icu::Locale vietnamese("vi");
  const int32_t first_length = text.moveIndex32(0, 1);
  icu::UnicodeString first = text.tempSubString(0, first_length);
  change(first, vietnamese);
  text.replace(0, first_length, first);
  return to_utf8(text);
}

void upper(icu::UnicodeString &text, const icu::Locale &locale) { text.toUpper(locale); }
void lower(icu::UnicodeString &text, const icu::Locale &locale) { text.toLower(locale); }

} // namespace

std::string upper_first(std::string_view utf8) { return with_first_letter(from_utf8(utf8), upper); }

std::string lower_first(std::string_view utf8) {
  const icu::UnicodeString text = from_utf8(utf8);
  const int32_t first_length = text.isEmpty() ? 0 : text.moveIndex32(0, 1);
  if (first_length < text.length() && u_isupper(text.char32At(first_length)))
    return std::string(utf8);
  return with_first_letter(text, lower);
}

std::string sentence_case(std::string_view upper_text) {
  icu::UnicodeString text = from_utf8(upper_text);
  text.toLower(icu::Locale("vi"));
  return with_first_letter(text, upper);
}

bool starts_with_capital(std::string_view text) {
  return !text.empty() && is_upper_case(text.substr(0, code_point_starts(text)[1]));
}

std::vector<std::string> tone_readings(std::string_view syllable) {
  if (!is_vietnamese_syllable(syllable)) return {};
  constexpr char16_t kTones[] = {0x0300, 0x0301, 0x0303, 0x0309, 0x0323};
  auto is_tone = [&](char16_t c) {
    return std::find(std::begin(kTones), std::end(kTones), c) != std::end(kTones);
  };
  auto is_mark = [](char16_t c) { return c >= 0x0300 && c <= 0x036F; };
  const icu::UnicodeString decomposed = normalized(from_utf8(syllable), false);
  // The letters without their tone, and where the tone was: after the marks of its vowel, so
  // that "ê" + hỏi is "ể" (a tone before the circumflex would be "ẻ" + circumflex).
  icu::UnicodeString bare;
  int32_t tone_at = -1;
  char16_t tone = 0;
  for (int32_t i = 0; i < decomposed.length(); ++i) {
    const char16_t c = decomposed.charAt(i);
    if (is_tone(c)) {
      tone = c;
      tone_at = bare.length();
      continue;
    }
    bare.append(c);
  }
  std::vector<int32_t> places; // insertion points: after each vowel and its marks
  if (tone_at >= 0) {
    while (tone_at < bare.length() && is_mark(bare.charAt(tone_at)))
      ++tone_at;
    places.push_back(tone_at);
  } else {
    for (int32_t i = 0; i < bare.length(); ++i) {
      const char16_t c = bare.charAt(i);
      if (!std::strchr("aeiouyAEIOUY", c < 0x80 ? static_cast<char>(c) : 'b')) continue;
      int32_t end = i + 1;
      while (end < bare.length() && is_mark(bare.charAt(end)))
        ++end;
      places.push_back(end);
    }
  }
  const std::string original = to_utf8(normalized(decomposed, true));
  std::vector<std::string> readings;
  auto offer = [&](const icu::UnicodeString &nfd) {
    std::string reading = to_utf8(normalized(nfd, true));
    if (reading != original && is_vietnamese_syllable(reading) &&
        std::find(readings.begin(), readings.end(), reading) == readings.end())
      readings.push_back(std::move(reading));
  };
  if (tone != 0) offer(bare);
  for (char16_t other : kTones) {
    if (other == tone) continue;
    for (int32_t place : places) {
      icu::UnicodeString candidate(bare);
      candidate.insert(place, other);
      offer(candidate);
    }
  }
  return readings;
}

std::string fold(std::string_view utf8) {
  if (is_ascii(utf8)) {
    std::string out(utf8);
    for (char &c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  if (auto text = table_folded_nfd(utf8)) return fold_runs(*text, true);
  return fold_runs(folded_nfd(utf8), false);
}

std::string fold_accents(std::string_view utf8) {
  if (auto out = through_tables<std::string>(utf8, &FoldTables::accent_key)) return *std::move(out);
  return fold_accents_with_icu(utf8);
}

namespace detail {

std::string fold_with_icu(std::string_view utf8) { return fold_runs(folded_nfd(utf8), false); }
std::string fold_accents_with_icu(std::string_view utf8) {
  return vnotice::fold_accents_with_icu(utf8);
}

} // namespace detail

char32_t fold_accents_code_point(char32_t c) {
  // The tables hold every Vietnamese letter: a search quotes twenty bodies a page, and ICU's
  // decomposition of each letter was most of that time.
  const std::optional<size_t> index = table_index(static_cast<UChar32>(c));
  return index ? fold_tables().mapped_base[*index]
               : static_cast<char32_t>(fold_accents_of(static_cast<UChar32>(c)));
}

FoldedText fold_accents_mapped(std::string_view utf8) {
  FoldedText out;
  out.text.reserve(utf8.size());
  out.origin.reserve(utf8.size() + 1);
  size_t i = 0;
  while (i < utf8.size()) {
    const size_t start = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t *>(utf8.data()), i, utf8.size(), c);
    if (c < 0) c = 0xFFFD;
    const auto base = static_cast<UChar32>(fold_accents_code_point(static_cast<char32_t>(c)));
    char buffer[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<uint8_t *>(buffer), length, base);
    for (int32_t b = 0; b < length; ++b) {
      out.text.push_back(buffer[b]);
      out.origin.push_back(start);
    }
  }
  out.origin.push_back(utf8.size());
  return out;
}

bool is_vietnamese_syllable(std::string_view word) {
  if (word.empty()) return false;
  return valid_syllable_nfd(folded_nfd(word));
}

SyllableCount count_syllables(std::string_view text) {
  SyllableCount count;
  const std::u32string all = folded_nfd(text);
  const std::u32string_view view = all;
  size_t i = 0;
  while (i < view.size()) {
    while (i < view.size() && is_space(view[i]))
      ++i;
    size_t end = i;
    while (end < view.size() && !is_space(view[end]))
      ++end;
    const std::u32string_view chunk = view.substr(i, end - i);
    i = end;
    if (chunk.empty() || std::any_of(chunk.begin(), chunk.end(), is_digit)) continue;
    size_t p = 0;
    while (p <= chunk.size()) {
      size_t q = p;
      while (q < chunk.size() && !splits_token(chunk[q]))
        ++q;
      std::u32string_view part = chunk.substr(p, q - p);
      p = q + 1;
      auto wordlike = [](char32_t c) { return is_letter(c) || is_mark(c); };
      while (!part.empty() && !wordlike(part.front()))
        part.remove_prefix(1);
      while (!part.empty() && !wordlike(part.back()))
        part.remove_suffix(1);
      if (part.empty() || std::none_of(part.begin(), part.end(), is_letter)) continue;
      ++count.tokens;
      if (std::all_of(part.begin(), part.end(), wordlike) && valid_syllable_nfd(part))
        ++count.valid;
    }
  }
  return count;
}

double syllable_share(std::string_view text) { return count_syllables(text).share(); }

bool is_upper_case(std::string_view utf8) {
  const icu::UnicodeString text = from_utf8(utf8);
  bool letter = false;
  for (int32_t i = 0; i < text.length();) {
    const UChar32 c = text.char32At(i);
    if (u_isULowercase(c)) return false;
    letter = letter || u_isUUppercase(c);
    i += U16_LENGTH(c);
  }
  return letter;
}

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

} // namespace vnotice
