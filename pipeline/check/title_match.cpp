// Comparison words of headings: how a report's section title is matched with a plan criterion.
#include "pipeline/check/checker.h"
#include "pipeline/check/checker_parts.h"
#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace vnotice {
namespace check_detail {
// Bytes >= 0x80 left by fold_accents (letters of other scripts) are kept as letters.
std::vector<std::string> folded_words(std::string_view text) {
  const std::string folded = fold_accents(text);
  std::vector<std::string> words;
  std::string word;
  for (const char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || byte >= 0x80) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

namespace {

struct Vocabulary {
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> abbreviations;
  std::vector<std::vector<std::string>> stop_phrases;
  std::vector<std::string> no_late_claims; // folded words joined by spaces
};

const Vocabulary &vocabulary() {
  static const Vocabulary vocabulary = [] {
    Vocabulary out;
    for (const TermRow &row : checker_terms()) {
      if (row.kind == "abbrev")
        out.abbreviations.emplace_back(folded_words(row.key), folded_words(row.text));
      else if (row.kind == "stop")
        out.stop_phrases.push_back(folded_words(row.text));
      else if (row.kind == "no_late")
        out.no_late_claims.push_back(join(folded_words(row.text)));
    }
    // Longest first, so "CBCC-VC" is expanded before "CBCC".
    std::stable_sort(out.abbreviations.begin(), out.abbreviations.end(),
                     [](const auto &a, const auto &b) { return a.first.size() > b.first.size(); });
    std::stable_sort(out.stop_phrases.begin(), out.stop_phrases.end(),
                     [](const auto &a, const auto &b) { return a.size() > b.size(); });
    return out;
  }();
  return vocabulary;
}

} // namespace

bool starts_at(const std::vector<std::string> &words, size_t at,
               const std::vector<std::string> &phrase) {
  if (phrase.empty() || at + phrase.size() > words.size()) return false;
  return std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<long>(at));
}

std::vector<std::string> title_words(std::string_view title) {
  const Vocabulary &vocab = vocabulary();
  std::vector<std::string> words = folded_words(title);
  // Numbers in a heading are its label ("2.2 Cải cách TTHC"), not its subject.
  std::erase_if(words, [](const std::string &word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
  });
  std::vector<std::string> expanded;
  for (size_t i = 0; i < words.size();) {
    bool replaced = false;
    for (const auto &[abbreviation, expansion] : vocab.abbreviations)
      if (starts_at(words, i, abbreviation)) {
        expanded.insert(expanded.end(), expansion.begin(), expansion.end());
        i += abbreviation.size();
        replaced = true;
        break;
      }
    if (!replaced) expanded.push_back(words[i++]);
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < expanded.size();) {
    bool dropped = false;
    for (const auto &phrase : vocab.stop_phrases)
      if (starts_at(expanded, i, phrase)) {
        i += phrase.size();
        dropped = true;
        break;
      }
    if (!dropped) out.push_back(expanded[i++]);
  }
  return out;
}

const std::vector<std::string> &no_late_claims() { return vocabulary().no_late_claims; }

} // namespace check_detail

using check_detail::title_words;

std::string title_key(std::string_view title) { return join(title_words(title)); }

double title_similarity(std::string_view criterion_title, std::string_view section_title) {
  const auto criterion_words_list = title_words(criterion_title);
  const auto section_words_list = title_words(section_title);
  const std::set<std::string> criterion(criterion_words_list.begin(), criterion_words_list.end());
  const std::set<std::string> section(section_words_list.begin(), section_words_list.end());
  if (criterion.empty() || section.empty()) return 0;
  const auto common = static_cast<double>(std::count_if(
      criterion.begin(), criterion.end(), [&section](const auto &w) { return section.count(w); }));
  const double dice = 2 * common / static_cast<double>(criterion.size() + section.size());
  const double coverage = common / static_cast<double>(criterion.size());
  return (dice + coverage) / 2;
}

} // namespace vnotice
