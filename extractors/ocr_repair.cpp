#include "extractors/ocr_repair.h"

#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <re2/re2.h>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace vnotice {
namespace {

// Tesseract sometimes gives the Icelandic eth (Ð U+00D0, ð U+00F0) for Đ/đ, which look alike.
bool repair_eth(Word &word) {
  std::string fixed = word.text;
  fixed = replace_all(std::move(fixed), "\xC3\x90", "\xC4\x90"); // Ð -> Đ
  fixed = replace_all(std::move(fixed), "\xC3\xB0", "\xC4\x91"); // ð -> đ
  if (fixed == word.text) return false;
  word.text = std::move(fixed);
  return true;
}

// Letters read for digits inside numbers and dates ("2O21", "l9/7/2021", "202]"): only in a
// token that is otherwise a number or date, and only O/o -> 0 and l/I/|/] -> 1, the shapes that
// really match (a serif 1 on a blurred scan loses its foot and reads as "]").
bool repair_digits(Word &word) {
  static const RE2 number_like(R"(([(]?)([0-9OolI|\]]+(?:[/.,-][0-9OolI|\]]+)*)(%?[).,;:]*))");
  std::string opening, core, closing;
  if (!RE2::FullMatch(word.text, number_like, &opening, &core, &closing)) return false;
  int digits = 0, letters = 0;
  for (char c : core) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      ++digits;
    else if (c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '|' || c == ']')
      ++letters;
  }
  if (letters == 0 || digits < 2 || digits < letters * 2) return false;
  for (char &c : core) {
    if (c == 'O' || c == 'o') c = '0';
    if (c == 'l' || c == 'I' || c == '|' || c == ']') c = '1';
  }
  word.text = opening + core + closing;
  return true;
}

// Tesseract doubles a word's closing mark on a noisy scan ("tuyến..", "TTHC:;", "ISO,..",
// "CCHC,."): a run of two or more of . , ; : ending a word is the last one of them. An ellipsis
// ("...") and the closing mark of a document ("./.") are left alone.
bool repair_doubled_punctuation(Word &word) {
  const std::string &text = word.text;
  size_t run = 0;
  while (run < text.size() &&
         std::string_view(".,;:").find(text[text.size() - 1 - run]) != std::string_view::npos)
    ++run;
  if (run < 2 || run == text.size()) return false;
  const std::string tail = text.substr(text.size() - run);
  if (tail == "..." || text[text.size() - 1 - run] == '/') return false;
  word.text = text.substr(0, text.size() - run) + tail.back();
  return true;
}

// Words k and k + 1 of `line` become one word, `joined`, listed as a repair for `reason`. A
// figure's confidence is its weaker half's (its digits are its evidence).
void join_with_next(Line &line, size_t k, std::string joined, RepairCode reason, int page,
                    std::vector<Repair> &repairs, bool weaker_confidence = false) {
  Word &first = line.words[k];
  const Word &second = line.words[k + 1];
  repairs.push_back({page, first.text + " " + second.text, joined, reason});
  first.text = std::move(joined);
  if (weaker_confidence) first.confidence = std::min(first.confidence, second.confidence);
  first.box = first.box.united(second.box);
  first.space_after = second.space_after;
  line.words.erase(line.words.begin() + static_cast<long>(k) + 1);
}

// Two pieces of one syllable split by a stray space ("ĐIỀ U"): the first is not a Vietnamese
// syllable, the two together are.
void repair_split_syllables(Line &line, int page, std::vector<Repair> &repairs) {
  for (size_t k = 0; k + 1 < line.words.size(); ++k) {
    Word &first = line.words[k];
    const Word &second = line.words[k + 1];
    if (first.origin != Origin::ocr || second.origin != Origin::ocr) continue;
    if (is_vietnamese_syllable(first.text)) continue;
    const std::string joined = first.text + second.text;
    if (!is_vietnamese_syllable(joined)) continue;
    join_with_next(line, k, joined, RepairCode::split_syllable, page, repairs);
  }
}

// Words k and k + 1 of `line` were both read by OCR and match `head` and `tail`.
bool ocr_pair_matches(const Line &line, size_t k, const RE2 &head, const RE2 &tail) {
  const Word &first = line.words[k];
  const Word &second = line.words[k + 1];
  return first.origin == Origin::ocr && second.origin == Origin::ocr &&
         RE2::FullMatch(first.text, head) && RE2::FullMatch(second.text, tail);
}

// A document symbol cut by a stray space after its hyphen ("1820/SCT- VP", "25/2018/QĐ- UBND"):
// the first part ends with "-" after a number and a code, the second is a code in capitals.
void repair_split_symbols(Line &line, int page, std::vector<Repair> &repairs) {
  static const RE2 head(R"(\d{1,5}(?:/\d{4})?/[^\s/]*-)");
  static const RE2 tail(R"([A-ZĐ][A-ZĐ&0-9-]*[.,;:)]?)");
  for (size_t k = 0; k + 1 < line.words.size(); ++k)
    if (ocr_pair_matches(line, k, head, tail))
      join_with_next(line, k, line.words[k].text + line.words[k + 1].text, RepairCode::split_symbol,
                     page, repairs);
}

// A decimal figure OCR cut in two at its comma ("(99, 6%)", "41 ,„8%"): two words that together
// are one figure with one separator, closer together than a space can be (a quarter of the line's
// height; a space is over a third), become one, without the speck of a low quote mark.
void repair_split_numbers(Line &line, int page, std::vector<Repair> &repairs) {
  static const RE2 head(R"(\(?\d{1,3}[,.]?)");
  static const RE2 tail(R"([,.]?[„‚]?\d{1,3}%?[).,;:]*)");
  for (size_t k = 0; k + 1 < line.words.size(); ++k) {
    if (!ocr_pair_matches(line, k, head, tail)) continue;
    const Word &first = line.words[k];
    const Word &second = line.words[k + 1];
    const bool first_mark = first.text.back() == ',' || first.text.back() == '.';
    const bool second_mark = second.text[0] == ',' || second.text[0] == '.';
    const double height = std::max(first.box.y1 - first.box.y0, second.box.y1 - second.box.y0);
    if (first_mark == second_mark || second.box.x0 - first.box.x1 >= 0.25 * height) continue;
    std::string joined = first.text + second.text;
    joined = replace_all(std::move(joined), "\xE2\x80\x9E", "");
    joined = replace_all(std::move(joined), "\xE2\x80\x9A", "");
    join_with_next(line, k, std::move(joined), RepairCode::split_number, page, repairs, true);
  }
}

// Syllables in use, from Debian's hunspell-vi word list (LibreOffice's Vietnamese dictionary,
// MPL-2.0), compiled in at build time (extractors/CMakeLists.txt), folded so case and tone
// placement do not matter.
const std::unordered_set<std::string> &syllables_in_use() {
  static const std::unordered_set<std::string> words = [] {
    static constexpr std::string_view kDictionary =
#include "vi_vn_dic.inc"
        ;
    std::unordered_set<std::string> out;
    std::istringstream in{std::string(kDictionary)};
    std::string line;
    std::getline(in, line); // the first line is the number of entries
    while (std::getline(in, line)) {
      const std::string word = line.substr(0, line.find('/'));
      if (!word.empty()) out.insert(fold(word));
    }
    return out;
  }();
  return words;
}

// Splits `core` (letters only) into 2 to 4 valid syllables of at least two letters each. With
// the word list, every part must be a syllable in use; of several ways, the one with fewest
// vowel-initial parts wins (Vietnamese syllables mostly begin with a consonant: "Đơn giản hóa",
// not "Đơn giảnh óa"); none when that is still ambiguous.
std::vector<std::string> syllables_of(std::string_view core) {
  const std::vector<size_t> at = code_point_starts(core);
  const size_t letters = at.size() - 1;
  std::vector<std::vector<std::string>> found;
  std::vector<std::string> parts;
  auto starts_with_vowel = [](const std::string &part) {
    const std::string initial = fold_accents(part.substr(0, code_point_starts(part)[1]));
    return initial.find_first_of("aeiouy") == 0;
  };
  std::function<void(size_t)> walk = [&](size_t from) {
    if (from == letters) {
      if (parts.size() >= 2) found.push_back(parts);
      return;
    }
    if (parts.size() == 4 || found.size() > 8) return;
    for (size_t to = from + 2; to <= letters && to - from <= 7; ++to) {
      std::string part(core.substr(at[from], at[to] - at[from]));
      if (!is_vietnamese_syllable(part)) continue;
      parts.push_back(std::move(part));
      walk(to);
      parts.pop_back();
    }
  };
  walk(0);
  const auto &in_use = syllables_in_use();
  if (!in_use.empty())
    std::erase_if(found, [&](const std::vector<std::string> &split) {
      return std::any_of(split.begin(), split.end(),
                         [&](const std::string &part) { return !in_use.contains(fold(part)); });
    });
  if (found.empty()) return {};
  auto vowel_initial = [&](const std::vector<std::string> &split) {
    return std::count_if(split.begin(), split.end(), starts_with_vowel);
  };
  std::sort(found.begin(), found.end(), [&](const auto &a, const auto &b) {
    return std::pair(vowel_initial(a), a.size()) < std::pair(vowel_initial(b), b.size());
  });
  if (found.size() > 1 && vowel_initial(found[0]) == vowel_initial(found[1]) &&
      found[0].size() == found[1].size())
    return {};
  return found[0];
}

// Two or more syllables OCR ran together ("Tiếpnhận", "Đơngiảnhóa": a table header's tight
// spacing): a word with two tone marks cannot be one syllable, and when its letters split one
// way into valid syllables it is split there, the box shared out by letters.
void repair_joined_syllables(Line &line, int page, std::vector<Repair> &repairs) {
  for (size_t k = 0; k < line.words.size(); ++k) {
    const Word &word = line.words[k];
    // Two tone marks, or a đ after the first letter (đ only starts a syllable: "Ưuđiểm").
    const size_t d_stroke = std::min(word.text.find("\xC4\x91", 1), word.text.find("\xC4\x90", 1));
    if (word.origin != Origin::ocr || (tone_marks(word.text) < 2 && d_stroke == std::string::npos))
      continue;
    // Letters only, with punctuation at most around them ("Tiếpnhận," keeps its comma).
    size_t first = 0, last = word.text.size();
    while (first < last && std::ispunct(static_cast<unsigned char>(word.text[first])))
      ++first;
    while (last > first && std::ispunct(static_cast<unsigned char>(word.text[last - 1])))
      --last;
    const std::string core = word.text.substr(first, last - first);
    if (core.empty() || is_vietnamese_syllable(core)) continue;
    if (std::any_of(core.begin(), core.end(), [](char c) {
          const auto byte = static_cast<unsigned char>(c);
          return byte < 0x80 && !std::isalpha(byte);
        }))
      continue;
    const std::vector<std::string> parts = syllables_of(core);
    if (parts.empty()) continue;
    std::vector<Word> split;
    const double width = word.box.width();
    const auto total = static_cast<double>(code_point_starts(core).size() - 1);
    double done = 0;
    for (size_t p = 0; p < parts.size(); ++p) {
      Word piece = word;
      piece.text = (p == 0 ? word.text.substr(0, first) : "") + parts[p] +
                   (p + 1 == parts.size() ? word.text.substr(last) : "");
      const auto letters = static_cast<double>(code_point_starts(parts[p]).size() - 1);
      piece.box.x0 = word.box.x0 + width * done / total;
      done += letters;
      piece.box.x1 = word.box.x0 + width * done / total;
      piece.space_after = p + 1 == parts.size() ? word.space_after : true;
      if (p > 0) piece.starts_cell = false;
      split.push_back(std::move(piece));
    }
    std::string replacement;
    for (const Word &piece : split)
      replacement += (replacement.empty() ? "" : " ") + piece.text;
    repairs.push_back({page, word.text, replacement, RepairCode::joined_syllables});
    line.words.erase(line.words.begin() + static_cast<long>(k));
    line.words.insert(line.words.begin() + static_cast<long>(k), split.begin(), split.end());
    k += split.size() - 1;
  }
}

// A numbered label or a list dash OCR ran into its title ("1.Ưuđiểm", "2.3Cải", "-Lưu:"): the
// first word of a line is split after the label when a capital letter follows it straight away
// (no Vietnamese word starts with a hyphen, and Decree 30 lists put a space after the dash).
void repair_glued_label(Line &line, int page, std::vector<Repair> &repairs) {
  if (line.words.empty() || line.words.front().origin != Origin::ocr) return;
  Word &word = line.words.front();
  size_t end = 0;
  if (word.text.size() > 1 && word.text[0] == '-') {
    end = 1;
  } else {
    while (end < word.text.size() &&
           (std::isdigit(static_cast<unsigned char>(word.text[end])) || word.text[end] == '.'))
      ++end;
    // A label is "1." or "2.3" (not a year, a bare number or a decimal) before a letter.
    static const RE2 label(R"(\d{1,2}\.(?:\d{1,2}\.?)?)");
    if (end >= word.text.size() || !RE2::FullMatch(word.text.substr(0, end), label)) return;
  }
  const std::string rest = word.text.substr(end);
  if (!starts_with_capital(rest)) return;
  const std::vector<size_t> at = code_point_starts(rest);
  Word title = word;
  word.text = word.text.substr(0, end);
  const double share = static_cast<double>(end) / static_cast<double>(end + at.size() - 1);
  word.box.x1 = title.box.x0 = word.box.x0 + (word.box.x1 - word.box.x0) * share;
  word.space_after = true;
  title.text = rest;
  repairs.push_back(
      {page, word.text + title.text, word.text + " " + title.text, RepairCode::glued_label});
  line.words.insert(line.words.begin() + 1, std::move(title));
}

// A list dash read as a tilde ("~ Văn phòng Sở"): a tilde opens no line of an official document,
// while Decree 30 lists open each item with a dash.
void repair_tilde_dash(Line &line, int page, std::vector<Repair> &repairs) {
  if (line.words.size() < 2 || line.words[0].origin != Origin::ocr || line.words[0].text != "~" ||
      !starts_with_capital(line.words[1].text))
    return;
  repairs.push_back({page, "~", "-", RepairCode::tilde_dash});
  line.words[0].text = "-";
}

// The acronym list (data/acronyms.txt), as code points.
const std::vector<std::vector<std::string>> &acronym_list() {
  static const std::vector<std::vector<std::string>> list = [] {
    static constexpr std::string_view kList =
#include "acronyms_txt.inc"
        ;
    std::vector<std::vector<std::string>> out;
    std::istringstream in{std::string(kList)};
    std::string line;
    while (std::getline(in, line))
      if (!line.empty() && line[0] != '#') out.push_back(code_points(line));
    return out;
  }();
  return list;
}

// Capitals a blurred scan confuses: the serif I for T or L, G for C, O for C, D or Q.
bool look_alike_capitals(const std::string &a, const std::string &b) {
  static const std::set<std::pair<std::string, std::string>> kPairs = {
      {"I", "T"}, {"I", "L"}, {"I", "J"}, {"G", "C"}, {"O", "C"}, {"O", "D"}, {"O", "Q"}};
  return kPairs.contains({a, b}) || kPairs.contains({b, a});
}

// `read` is `listed` with one letter confused (look_alike_capitals), or with one of a doubled
// letter lost ("THC" for "TTHC") or one letter doubled ("CCCHC").
bool acronym_misread(const std::vector<std::string> &read, const std::vector<std::string> &listed) {
  if (read.size() == listed.size()) {
    int differences = 0;
    for (size_t k = 0; k < read.size(); ++k)
      if (read[k] != listed[k]) {
        if (!look_alike_capitals(read[k], listed[k])) return false;
        ++differences;
      }
    return differences == 1;
  }
  const bool lost = read.size() + 1 == listed.size();
  if (!lost && read.size() != listed.size() + 1) return false;
  const std::vector<std::string> &longer = lost ? listed : read;
  const std::vector<std::string> &shorter = lost ? read : listed;
  for (size_t k = 0; k + 1 < longer.size(); ++k) {
    if (longer[k] != longer[k + 1]) continue;
    std::vector<std::string> without = longer;
    without.erase(without.begin() + static_cast<long>(k));
    if (without == shorter) return true;
  }
  return false;
}

// An acronym misread ("TIHC", "CCHG", "THC" for "TTHC", "CCHC"): an OCR word in capitals that is
// not a syllable nor a listed acronym, and is a misread (acronym_misread) of exactly one listed
// acronym, becomes it. The list vouches for the letters, not the engine: a word the engine was
// unsure of takes kListedConfidence, enough for the parser to quote it.
constexpr double kListedConfidence = 0.5;

std::pair<size_t, size_t> letters_of(const std::string &text);

void repair_acronyms(Line &line, int page, std::vector<Repair> &repairs) {
  for (Word &word : line.words) {
    if (word.origin != Origin::ocr) continue;
    const auto [first, last] = letters_of(word.text);
    const std::string core = word.text.substr(first, last - first);
    const std::vector<std::string> read = code_points(core);
    if (read.size() < 3 || read.size() > 7 || !is_upper_case(core) ||
        is_vietnamese_syllable(core) ||
        std::any_of(read.begin(), read.end(), [](const std::string &cp) {
          return cp.size() == 1 && !std::isupper(static_cast<unsigned char>(cp[0]));
        }))
      continue;
    const std::vector<std::string> *match = nullptr;
    bool listed = false, ambiguous = false;
    for (const std::vector<std::string> &acronym : acronym_list()) {
      if (acronym == read) listed = true;
      if (!acronym_misread(read, acronym)) continue;
      ambiguous = match != nullptr;
      match = &acronym;
    }
    if (listed || ambiguous || match == nullptr) continue;
    std::string fixed = word.text.substr(0, first);
    for (const std::string &cp : *match)
      fixed += cp;
    fixed += word.text.substr(last);
    repairs.push_back({page, word.text, fixed, RepairCode::acronym});
    word.text = fixed;
    word.confidence = std::max(word.confidence, kListedConfidence);
  }
}

// The lexicon of compound words and phrases (data/compound_words.tsv.tar.xz, made by
// data/gen_compound_words.py from a published word list and a corpus of legal texts), folded:
// its entries, indexed by their letters without accents, and the syllables of the entries that
// vouch for a reading by their letters without accents ("giam" -> "giám"). Entries are written as
// the corpus most often writes them ("Sở Kế hoạch"): `capital` says which syllables open with a
// capital. `vouches`: the entry is common in the corpus (at least once a million words) and may
// be evidence for changing a word; the others only show that a word as read is in use.
struct CompoundEntry {
  std::string syllables; // folded, separated by single spaces
  uint8_t capital = 0;   // bit i: syllable i opens with a capital
  bool vouches = false;
};

struct CompoundList {
  std::vector<CompoundEntry> entries;
  // Entries by their syllables' letters without accents ("kiem tra").
  std::unordered_map<std::string, std::vector<uint32_t>> by_bare_phrase;
  std::map<std::string, std::vector<std::string>> by_bare;
  // The vouching entries of two syllables, folded ("tài chính"): words in common use.
  std::unordered_set<std::string> vouching_pairs;
};

// The longest entry of the lexicon, in syllables (gen_compound_words.py keeps 2 to 4).
constexpr size_t kLongestEntry = 4;
static_assert(kLongestEntry <= 8, "CompoundEntry::capital has a bit for each syllable");

CompoundList load_compound_list() {
  // An array, not a constexpr string_view: the lexicon is longer than a constant expression may
  // count.
  static const char kList[] =
#include "compound_words_tsv.inc"
      ;
  const std::string_view text(kList, sizeof kList - 1);
  CompoundList out;
  out.entries.reserve(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')));
  out.by_bare_phrase.reserve(out.entries.capacity());
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = std::min(line.find('\t'), line.size());
    const std::string_view phrase = line.substr(0, tab);
    CompoundEntry entry;
    entry.vouches = line.substr(std::min(tab + 1, line.size())) == "vouches";
    entry.syllables = fold(phrase);
    const std::vector<std::string_view> words = split_words(phrase);
    if (words.size() < 2 || words.size() > kLongestEntry) continue;
    for (size_t i = 0; i < words.size(); ++i)
      if (starts_with_capital(words[i])) entry.capital |= static_cast<uint8_t>(1u << i);
    out.by_bare_phrase[fold_accents(entry.syllables)].push_back(
        static_cast<uint32_t>(out.entries.size()));
    if (entry.vouches && words.size() == 2) out.vouching_pairs.insert(entry.syllables);
    if (entry.vouches)
      for (std::string_view syllable : split_words(entry.syllables)) {
        auto &same = out.by_bare[fold_accents(syllable)];
        if (std::find(same.begin(), same.end(), syllable) == same.end())
          same.emplace_back(syllable);
      }
    out.entries.push_back(std::move(entry));
  }
  return out;
}

const CompoundList &compound_list() {
  // Built once and never destroyed: freeing its million small strings at exit would cost more
  // than the process's last page.
  static const CompoundList &list = *new CompoundList(load_compound_list());
  return list;
}

// A word's letters between the punctuation around it: [first, last) of `text`.
std::pair<size_t, size_t> letters_of(const std::string &text) {
  size_t first = 0, last = text.size();
  while (first < last && std::ispunct(static_cast<unsigned char>(text[first])))
    ++first;
  while (last > first && std::ispunct(static_cast<unsigned char>(text[last - 1])))
    --last;
  return {first, last};
}

// Letters with no diacritic at all (ASCII, or đ): what OCR leaves of an upper-case word whose
// marks it lost ("PHO GIAM ĐOC").
bool accentless(std::string_view folded) {
  for (size_t i = 0; i < folded.size(); ++i) {
    const auto byte = static_cast<unsigned char>(folded[i]);
    if (byte < 0x80) continue;
    if (folded.substr(i, 2) != "\xC4\x91") return false; // đ
    ++i;
  }
  return true;
}

// Case of `model` on `letters` (folded, lower case): upper, capitalised or as is.
std::string in_case_of(const std::string &model, const std::string &letters) {
  if (is_upper_case(model)) return to_upper(letters);
  const std::string first_model = model.substr(0, code_point_starts(model)[1]);
  if (is_upper_case(first_model)) {
    const size_t first_end = code_point_starts(letters)[1];
    return to_upper(letters.substr(0, first_end)) + letters.substr(first_end);
  }
  return letters;
}

// The horned vowels ơ and ư (any tone) as UTF-8.
bool is_horned(std::string_view cp) {
  static const std::unordered_set<std::string_view> horned = {
      "\u01A1", "\u1EDB", "\u1EDD", "\u1EDF", "\u1EE1", "\u1EE3",  // ơ ớ ờ ở ỡ ợ
      "\u01B0", "\u1EE9", "\u1EEB", "\u1EED", "\u1EEF", "\u1EF1"}; // ư ứ ừ ử ữ ự
  return horned.contains(cp);
}

// On a blurred scan Tesseract takes one horned vowel for the other ("Sử Công Thương" for "Sở"):
// the list's syllables that have the other horned vowel where `folded` (lower case, NFC) has
// one, and the same letters elsewhere.
std::vector<std::string> horn_swapped(const std::string &folded, const CompoundList &list) {
  const std::vector<size_t> starts = code_point_starts(folded);
  std::string bare = fold_accents(folded);
  const std::vector<size_t> bare_starts = code_point_starts(bare);
  if (bare_starts.size() != starts.size()) return {};
  std::vector<size_t> positions;
  for (size_t i = 0; i + 1 < starts.size(); ++i) {
    if (!is_horned(std::string_view(folded).substr(starts[i], starts[i + 1] - starts[i]))) continue;
    char &base = bare[bare_starts[i]];
    base = base == 'u' ? 'o' : 'u';
    positions.push_back(i);
  }
  std::vector<std::string> out;
  if (positions.empty()) return out;
  const auto group = list.by_bare.find(bare);
  if (group == list.by_bare.end()) return out;
  for (const std::string &syllable : group->second) {
    const std::vector<size_t> at = code_point_starts(syllable);
    bool horned = at.size() == starts.size();
    for (size_t i : positions)
      horned = horned && is_horned(std::string_view(syllable).substr(at[i], at[i + 1] - at[i]));
    if (horned) out.push_back(syllable);
  }
  return out;
}

} // namespace

void repair_ocr_word(Word &word, std::vector<Repair> &repairs) {
  const std::string original = word.text;
  if (repair_eth(word))
    repairs.push_back({word.page, original, word.text, RepairCode::eth_for_d_stroke});
  const std::string before_digits = word.text;
  if (repair_digits(word))
    repairs.push_back({word.page, before_digits, word.text, RepairCode::letter_in_number});
  const std::string before_marks = word.text;
  if (repair_doubled_punctuation(word))
    repairs.push_back({word.page, before_marks, word.text, RepairCode::doubled_punctuation});
}

void repair_ocr_line(Line &line, int page, std::vector<Repair> &repairs) {
  repair_split_syllables(line, page, repairs);
  repair_split_symbols(line, page, repairs);
  repair_split_numbers(line, page, repairs);
  repair_glued_label(line, page, repairs);
  repair_tilde_dash(line, page, repairs);
  repair_joined_syllables(line, page, repairs);
  repair_acronyms(line, page, repairs);
}

// A tone or mark OCR confused ("kiếm tra", "tố chức", "sửa đối", "Tự đo", "PHO GIAM ĐOC"): an OCR
// word takes another reading when vouching entries of the lexicon, each matching the line around
// the word (within one phrase: not across punctuation; a paragraph's lines are one sequence,
// since OCR wraps "công tác kiếm" + "tra" where the page did), join that reading to more of its two
// neighbours than any entry joins the word as read, and no other reading does as well. The
// readings are the vouching entries' syllables with the same letters under other marks ("kiếm"
// may be "kiểm", "nòi" "nội", "đo" "do", "GIAM" "GIÁM"), and with the other horned vowel ("Sử"
// may be "Sở"); each must be a syllable in use. A neighbour in capitals with no diacritic at all
// counts as any of its readings (OCR drops the marks of capitals; a word in lower case without
// marks is read as written). Decree 30/2020's capitalisation rules (Appendix II: every syllable
// of a person's or a place's name opens with a capital; a common word only at the start of a
// sentence or heading) say where names are: a syllable an entry writes with a capital matches no
// word in lower case; two neighbours that both open with a capital and are not all capitals
// ("Nguyễn Văn Phong") match only an entry with both capitals ("Văn Phong" never becomes "Văn
// Phòng"); and a capital after a word in lower case starts a name, so no common word (an entry
// writing that syllable in lower case) runs into it from the left ("Đề nghị Sở" is not "nghị sự").
void repair_tones_by_compounds(const std::vector<Word *> &words, int page,
                               std::vector<Repair> &repairs) {
  // Born-digital text is never changed: do not load the lexicon for it.
  if (std::none_of(words.begin(), words.end(),
                   [](const Word *word) { return word->origin == Origin::ocr; }))
    return;
  const CompoundList &list = compound_list();
  const auto &in_use = syllables_in_use();
  const size_t n = words.size();
  // Each word's letters, folded; empty where the word is more than letters with punctuation
  // around them.
  std::vector<std::string> folded(n);
  std::vector<std::pair<size_t, size_t>> spans(n);
  std::vector<bool> title(n, false); // opens with a capital, not all capitals
  for (size_t k = 0; k < n; ++k) {
    const std::string &text = words[k]->text;
    spans[k] = letters_of(text);
    const std::string core = text.substr(spans[k].first, spans[k].second - spans[k].first);
    if (core.empty() || std::any_of(core.begin(), core.end(), [](char c) {
          const auto byte = static_cast<unsigned char>(c);
          return byte < 0x80 && !std::isalpha(byte);
        }))
      continue;
    folded[k] = fold(core);
    title[k] = starts_with_capital(core) && !is_upper_case(core);
  }
  // Word k and the next are in one phrase: no punctuation between them.
  std::vector<bool> linked(n, false);
  for (size_t k = 0; k + 1 < n; ++k)
    linked[k] = !folded[k].empty() && !folded[k + 1].empty() &&
                spans[k].second == words[k]->text.size() && spans[k + 1].first == 0;
  // Word k opens with a lower-case letter; word k opens a name (a capital after a word in lower
  // case, in one phrase).
  std::vector<bool> lower(n, false), name(n, false);
  for (size_t k = 0; k < n; ++k)
    lower[k] = !folded[k].empty() && !title[k] && !is_upper_case(words[k]->text);
  for (size_t k = 1; k < n; ++k)
    name[k] = title[k] && linked[k - 1] && lower[k - 1];
  // Word j may stand for `syllable`: it is that, or an OCR'd word in capitals with no diacritic
  // at all and the same letters.
  auto may_be = [&](size_t j, std::string_view syllable) {
    return folded[j] == syllable ||
           (words[j]->origin == Origin::ocr && accentless(folded[j]) &&
            is_upper_case(words[j]->text) && fold_accents(folded[j]) == fold_accents(syllable));
  };
  // With `reading` for word k: how many of its neighbours (0-2) an entry of the lexicon (a
  // vouching one, with `vouching`) joins it to, the entry's other words matching the line around
  // it.
  std::vector<std::string> bare(n); // the letters without accents: the index's key
  for (size_t k = 0; k < n; ++k)
    bare[k] = fold_accents(folded[k]);
  // Does `entry` match words [start, start + its length), with `reading` for word k?
  // `evidence`: the entry is to vouch for a reading (of a word read right or not).
  auto matches = [&](const CompoundEntry &entry, size_t start, size_t k, const std::string &reading,
                     bool evidence) {
    const std::vector<std::string_view> syllables = split_words(entry.syllables);
    auto capital = [&](size_t i) { return ((entry.capital >> i) & 1u) != 0; };
    if (syllables[k - start] != reading) return false;
    bool match = true;
    for (size_t i = 0; i < syllables.size() && match; ++i) {
      if (i + 1 < syllables.size() && !linked[start + i])
        match = false;
      else if (i + 1 < syllables.size() && title[start + i] && title[start + i + 1] &&
               !(capital(i) && capital(i + 1)))
        match = false; // a proper name, and the entry is a common word
      else if (capital(i) && lower[start + i])
        match = false; // a name's syllable is never written in lower case
      else if (i > 0 && name[start + i] && !capital(i))
        match = false; // a name starts there: no common word runs into it
      else if (start + i != k && !may_be(start + i, syllables[i]))
        match = false;
    }
    // An entry that begins or ends inside a word in common use, among the words around the
    // reading, is no evidence: "chính tả" in "tài chính tả", "toàn diện" in "an toàn diện". A
    // pair with the reading itself is the reading's own support, not a cut. (Entries that only
    // keep the word as read keep such entries: "công trình" in "công trình báo".)
    if (!match || !evidence) return match;
    auto one_word = [&](size_t j) {
      return linked[j] && list.vouching_pairs.contains(folded[j] + " " + folded[j + 1]);
    };
    const size_t end = start + syllables.size();
    return !(start > 0 && start != k && one_word(start - 1)) &&
           !(end < n && end - 1 != k && one_word(end - 1));
  };
  auto compounds = [&](size_t k, const std::string &reading, bool vouching) {
    bool left = false, right = false;
    const std::string reading_bare = fold_accents(reading);
    for (size_t length = 2; length <= kLongestEntry; ++length)
      for (size_t position = 0; position < length && position <= k; ++position) {
        const size_t start = k - position;
        if (start + length > n) continue;
        std::string key;
        bool letters = true;
        for (size_t i = 0; i < length && letters; ++i) {
          const std::string &part = start + i == k ? reading_bare : bare[start + i];
          letters = !part.empty();
          key += (i == 0 ? "" : " ") + part;
        }
        const auto found = letters ? list.by_bare_phrase.find(key) : list.by_bare_phrase.end();
        if (found == list.by_bare_phrase.end()) continue;
        for (uint32_t index : found->second) {
          const CompoundEntry &entry = list.entries[index];
          if ((vouching && !entry.vouches) || !matches(entry, start, k, reading, vouching))
            continue;
          left = left || position > 0;
          right = right || position + 1 < length;
        }
      }
    return int(left) + int(right);
  };
  for (size_t k = 0; k < n; ++k) {
    Word &word = *words[k];
    if (word.origin != Origin::ocr || folded[k].empty()) continue;
    if (!(k > 0 && linked[k - 1]) && !linked[k]) continue;
    // A word in capitals with no diacritic at all may have lost its marks: then the reading
    // without marks is one reading among the others, and only vouching entries count for it.
    const bool marks_lost = accentless(folded[k]) && is_upper_case(word.text);
    const int as_read = compounds(k, folded[k], marks_lost);
    if (as_read == 2) continue;
    const std::string core = word.text.substr(spans[k].first, spans[k].second - spans[k].first);
    // Only a syllable of a vouching entry can make a compound, so the readings are those syllables
    // with the same letters: every other tone, every other vowel mark, d for đ and back.
    std::vector<std::string> readings;
    if (auto same = list.by_bare.find(fold_accents(folded[k])); same != list.by_bare.end())
      for (const std::string &syllable : same->second)
        readings.push_back(in_case_of(core, syllable));
    for (const std::string &syllable : horn_swapped(folded[k], list))
      readings.push_back(in_case_of(core, syllable));
    std::string best;
    int best_count = as_read, ties = 0;
    for (const std::string &reading : readings) {
      const std::string key = fold(reading);
      if (key == folded[k] || !(in_use.empty() || in_use.contains(key)) ||
          !is_vietnamese_syllable(reading))
        continue;
      const int count = compounds(k, key, true);
      if (count > best_count) {
        best = reading;
        best_count = count;
        ties = 0;
      } else if (count == best_count && !best.empty() && fold(best) != key) {
        ++ties;
      }
    }
    if (best.empty() || ties > 0) continue;
    const std::string replacement =
        word.text.substr(0, spans[k].first) + best + word.text.substr(spans[k].second);
    repairs.push_back({page, word.text, replacement, RepairCode::compound_tone});
    spans[k].second = spans[k].first + best.size();
    word.text = replacement;
    folded[k] = fold(best);
    bare[k] = fold_accents(folded[k]); // the other horned vowel changes the letters too
  }
}

} // namespace vnotice
