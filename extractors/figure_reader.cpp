#include "extractors/figure_reader.h"

#include "extractors/record_parser.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace vnotice {
namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

// Whether `phrase` occurs at `at` in `text` as whole words.
bool phrase_at(std::string_view text, size_t at, std::string_view phrase) {
  if (text.substr(at, phrase.size()) != phrase) return false;
  const bool starts = at == 0 || !is_word_byte(text[at - 1]);
  const size_t end = at + phrase.size();
  return starts && (end >= text.size() || !is_word_byte(text[end]));
}

// Positions of `phrase` as whole words in [begin, end) of `text`.
std::vector<size_t> find_phrase(std::string_view text, size_t begin, size_t end,
                                std::string_view phrase) {
  std::vector<size_t> found;
  for (size_t at = text.find(phrase, begin); at != std::string_view::npos && at < end;
       at = text.find(phrase, at + 1))
    if (at + phrase.size() <= end && phrase_at(text, at, phrase)) found.push_back(at);
  return found;
}

struct Span {
  size_t begin, end;
};

// Sentences: cut at ';', a line break, and a '.' that ends a sentence (not one inside a figure).
std::vector<Span> sentences_of(std::string_view text) {
  std::vector<Span> out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    const bool end = i == text.size() || text[i] == ';' || text[i] == '\n' ||
                     (text[i] == '.' && !(i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) &&
                                          is_digit(text[i + 1])));
    if (!end) continue;
    if (i > start) out.push_back({start, i});
    start = i + 1;
  }
  return out;
}

// Clauses of a sentence: cut at ',', '(' and ')', except a decimal comma and a comma inside a
// concept's own term ("tin, bài", "phản ánh, kiến nghị").
std::vector<Span> clauses_of(std::string_view text, Span sentence,
                             const std::vector<FigureConcept> &concepts) {
  std::vector<bool> protect(sentence.end - sentence.begin, false);
  for (const FigureConcept &concept_ : concepts)
    for (const std::string &term : concept_.terms)
      if (term.find(',') != std::string::npos)
        for (size_t at : find_phrase(text, sentence.begin, sentence.end, term))
          for (size_t k = at; k < at + term.size(); ++k)
            protect[k - sentence.begin] = true;
  std::vector<Span> out;
  size_t start = sentence.begin;
  for (size_t i = sentence.begin; i <= sentence.end; ++i) {
    bool cut = i == sentence.end;
    if (!cut) {
      const char c = text[i];
      if (c == '(' || c == ')') cut = true;
      // A label before its figure: "Số hồ sơ trễ hạn: 02" (the figure's clause inherits it).
      if (c == ':' &&
          !(i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1])))
        cut = true;
      if (c == ',' && !protect[i - sentence.begin] &&
          !(i > 0 && i + 1 < text.size() && is_digit(text[i - 1]) && is_digit(text[i + 1])))
        cut = true;
    }
    if (!cut) continue;
    if (i > start) out.push_back({start, i});
    start = i + 1;
  }
  return out;
}

// A figure in a clause: a count ("486", "340/342" gives 340) or a rate ("41,8%").
struct Number {
  size_t begin, end;
  double value;
  bool rate;
  enum class Noun { none, unit, other } noun = Noun::none;
  std::string unit; // the unit noun after a count, when it is one of the vocabulary's
};

// Words before a number that make it something other than a figure: a date, a document number,
// a year, a part or an article.
bool names_a_number(std::string_view word) {
  static const std::vector<std::string_view> kWords = {
      "ngay", "thang", "nam", "quy", "so", "muc", "khoan", "dieu", "lan", "phan", "tiet"};
  return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

std::vector<Number> numbers_of(std::string_view text, Span clause,
                               const std::vector<std::string> &units) {
  std::vector<Number> out;
  size_t i = clause.begin;
  while (i < clause.end) {
    if (!is_digit(text[i]) || (i > clause.begin && is_word_byte(text[i - 1]))) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < clause.end && (is_digit(text[end]) || text[end] == '.' || text[end] == ','))
      ++end;
    while (end > i && (text[end - 1] == '.' || text[end - 1] == ','))
      --end;
    const size_t begin = i;
    i = end;
    if (end < clause.end && is_word_byte(text[end])) continue; // "12a", "2021-"
    // The word before: "ngày 27", "số 25".
    size_t word_end = begin;
    while (word_end > clause.begin && text[word_end - 1] == ' ')
      --word_end;
    size_t word_begin = word_end;
    while (word_begin > clause.begin && is_word_byte(text[word_begin - 1]))
      --word_begin;
    if (names_a_number(text.substr(word_begin, word_end - word_begin))) continue;
    if (begin > clause.begin && (text[begin - 1] == '/' || text[begin - 1] == '-')) continue;
    size_t after = end;
    if (after < clause.end && text[after] == '/') {
      // "340/342 hồ sơ" is 340 of 342; "27/8/2021" is a date; "1820/SCT" a document number.
      size_t next = after + 1;
      size_t digits_end = next;
      while (digits_end < clause.end && (is_digit(text[digits_end]) || text[digits_end] == '.'))
        ++digits_end;
      if (digits_end == next) continue;
      if (digits_end < clause.end && (text[digits_end] == '/' || is_word_byte(text[digits_end])))
        continue;
      after = digits_end;
      i = digits_end;
    }
    const std::optional<double> value = parse_vietnamese_number(text.substr(begin, end - begin));
    if (!value) continue;
    size_t k = after;
    while (k < clause.end && text[k] == ' ')
      ++k;
    Number number{begin, end, *value, k < clause.end && text[k] == '%', Number::Noun::none, {}};
    if (!number.rate && k < clause.end && is_word_byte(text[k])) {
      number.noun = Number::Noun::other;
      for (const std::string &unit : units)
        if (phrase_at(text, k, unit)) {
          number.noun = Number::Noun::unit;
          number.unit = unit;
          break;
        }
    }
    out.push_back(number);
  }
  return out;
}

// A clause that holds nothing but a rate and the words that introduce one: "chiếm 41,8%",
// "(đạt tỷ lệ 99,6%)". Such a rate belongs to the figure of the clause before.
bool only_rate_words(std::string_view text, Span clause, const Number &rate) {
  static const std::vector<std::string_view> kRateWords = {"chiem", "dat",   "ty",  "le",
                                                           "bang",  "tuong", "ung", "voi"};
  size_t i = clause.begin;
  while (i < clause.end) {
    if (i >= rate.begin && i < rate.end) {
      i = rate.end;
      continue;
    }
    if (!is_word_byte(text[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < clause.end && is_word_byte(text[end]))
      ++end;
    if (std::find(kRateWords.begin(), kRateWords.end(), text.substr(i, end - i)) ==
        kRateWords.end())
      return false;
    i = end;
  }
  return true;
}

} // namespace

std::vector<FigureReading> read_figures_in_clauses(std::string_view text,
                                                   const std::vector<FigureConcept> &concepts,
                                                   std::vector<UnreadFigure> *unread) {
  std::vector<std::string> units;
  for (const FigureConcept &concept_ : concepts)
    for (const std::string &unit : concept_.units)
      units.push_back(unit);
  // Longer nouns first, so "thu tuc hanh chinh" is not taken for "thu tuc".
  std::sort(units.begin(), units.end(),
            [](const std::string &a, const std::string &b) { return a.size() > b.size(); });

  std::vector<FigureReading> out;
  for (const Span &sentence : sentences_of(text)) {
    // Nouns the sentence speaks of: a bare count ("trực tuyến 203,") takes its unit from them.
    auto sentence_has = [&](const std::vector<std::string> &nouns) {
      return std::any_of(nouns.begin(), nouns.end(), [&](const std::string &noun) {
        return !find_phrase(text, sentence.begin, sentence.end, noun).empty();
      });
    };
    const FigureConcept *previous = nullptr; // the figure of the clause before, for its rate
    size_t previous_begin = sentence.begin;
    std::vector<const FigureConcept *> subject; // concepts the latest naming clause named
    size_t subject_begin = sentence.begin;
    bool after_colon = false; // the clause before ended with ':' (a label)
    for (const Span &clause : clauses_of(text, sentence, concepts)) {
      std::vector<const FigureConcept *> named;
      for (const FigureConcept &concept_ : concepts)
        for (const std::string &term : concept_.terms)
          if (!find_phrase(text, clause.begin, clause.end, term).empty()) {
            named.push_back(&concept_);
            break;
          }
      const std::vector<Number> numbers = numbers_of(text, clause, units);
      // A clause naming nothing takes its figure's name from the label before a colon ("Số hồ
      // sơ trễ hạn: 02"), or, for a count after "là", from the sentence's subject ("Số phản ánh,
      // kiến nghị của tổ chức, cá nhân là 07").
      const bool names_nothing = named.empty();
      const bool copula = !numbers.empty() && !numbers.front().rate &&
                          numbers.front().begin >= clause.begin + 3 &&
                          text.substr(numbers.front().begin - 3, 3) == "la ";
      size_t evidence_begin = clause.begin;
      if (names_nothing && !subject.empty() && (after_colon || copula)) {
        named = subject;
        evidence_begin = subject_begin;
      }
      after_colon = clause.end < text.size() && text[clause.end] == ':';
      // The concepts a number can belong to: named in its clause, and its unit noun fits.
      auto candidates = [&](const Number &number) {
        std::vector<const FigureConcept *> fit;
        for (const FigureConcept *concept_ : named) {
          if (number.rate) {
            if (!concept_->rate_key.empty()) fit.push_back(concept_);
            continue;
          }
          const bool unit_fits =
              number.noun == Number::Noun::unit
                  ? std::find(concept_->units.begin(), concept_->units.end(), number.unit) !=
                        concept_->units.end()
                  : number.noun == Number::Noun::none &&
                        (concept_->units.empty() || sentence_has(concept_->units));
          if (unit_fits) fit.push_back(concept_);
        }
        // The more specific concept wins: "hồ sơ tiếp nhận trực tuyến" counts the online ones.
        std::erase_if(fit, [&](const FigureConcept *general) {
          return std::any_of(fit.begin(), fit.end(), [&](const FigureConcept *specific) {
            return std::find(specific->over.begin(), specific->over.end(), general->key) !=
                   specific->over.end();
          });
        });
        return fit;
      };
      const FigureConcept *bound = nullptr;
      std::vector<std::pair<std::string, const Number *>> found;
      for (const Number &number : numbers) {
        const std::vector<const FigureConcept *> fit = candidates(number);
        if (fit.size() == 1) {
          const std::string &key = number.rate ? fit.front()->rate_key : fit.front()->key;
          found.emplace_back(key, &number);
          if (!number.rate) bound = fit.front();
        } else if (fit.empty() && number.rate && names_nothing && previous != nullptr &&
                   !previous->rate_key.empty() && only_rate_words(text, clause, number)) {
          found.emplace_back(previous->rate_key, &number);
        } else if (fit.empty() && !number.rate && number.noun == Number::Noun::unit &&
                   unread != nullptr) {
          unread->push_back({clause.begin, clause.end});
        }
      }
      // Two figures of one clause under one key cannot both be right: neither is taken.
      for (const auto &entry : found) {
        const std::string &key = entry.first;
        const Number *number = entry.second;
        const auto same = std::count_if(found.begin(), found.end(),
                                        [&](const auto &other) { return other.first == key; });
        if (same != 1) continue;
        const size_t begin = named.empty() ? previous_begin : evidence_begin;
        out.push_back({key, number->value, begin, clause.end, number->begin, number->end});
      }
      if (bound != nullptr || !named.empty()) {
        previous = bound;
        previous_begin = evidence_begin;
      }
      if (!names_nothing) {
        subject = named;
        subject_begin = clause.begin;
      }
    }
  }
  return out;
}

} // namespace vnotice
