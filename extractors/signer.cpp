#include "extractors/signer.h"

#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <re2/re2.h>
#include <set>
#include <span>

namespace vnotice {
namespace {

const char kDecree30Json[] =
#include "decree30_json.inc"
    ;
const char kSignerTitlesJson[] =
#include "signer_titles_json.inc"
    ;

// OCR confidence under which a word is a guess: the parser's threshold for headings and cited
// dates (extractors/record_parser.cpp, kSureWord).
constexpr double kGuess = 0.5;
// Confidence at which a word is read surely: the OCR stage's second look keeps a line's new
// reading when every unsure word of it reaches 0.8 (docs/architecture.md, OCR).
constexpr double kSure = 0.8;

struct KnownTitle {
  std::string title;               // "PHÓ GIÁM ĐỐC"
  std::vector<std::string> folded; // its words, accents folded: "pho", "giam", "doc"
  std::string key;                 // the folded words joined by spaces
};

std::vector<KnownTitle> load_titles() {
  std::vector<KnownTitle> titles;
  const auto data = nlohmann::json::parse(kSignerTitlesJson);
  for (const auto &entry : data.at("titles")) {
    KnownTitle known;
    known.title = entry.get<std::string>();
    for (std::string_view word : split_words(known.title))
      known.folded.push_back(fold_accents(word));
    known.key = join(known.folded);
    titles.push_back(std::move(known));
  }
  return titles;
}

const std::vector<KnownTitle> &known_titles() {
  static const std::vector<KnownTitle> titles = load_titles();
  return titles;
}

struct TitleMatch {
  std::string title;
  bool repaired = false; // the marks (or one letter) differ from what was read
};

// The known title an upper-case line begins with (the longest, on accent-folded words; the words
// after it, "TỔ CHỨC" in "TRƯỞNG PHÒNG TỔ CHỨC", kept as read), or the one known title the whole
// line is one letter from.
std::optional<TitleMatch> match_title(std::string_view line) {
  const std::vector<std::string_view> words = split_words(line);
  if (words.empty() || !is_upper_case(line)) return std::nullopt;
  std::vector<std::string> folded;
  for (std::string_view word : words)
    folded.push_back(fold_accents(word));
  size_t longest = 0;
  std::set<std::string> at_longest;
  bool as_read = false; // a title at the longest length is written exactly so, marks and all
  for (const KnownTitle &known : known_titles()) {
    const size_t n = known.folded.size();
    if (n > folded.size() || n < longest ||
        !std::equal(known.folded.begin(), known.folded.end(), folded.begin()))
      continue;
    if (n > longest) {
      longest = n;
      at_longest.clear();
      as_read = false;
    }
    at_longest.insert(known.title);
    as_read = as_read || fold(join(std::span(words).first(n))) == fold(known.title);
  }
  if (longest > 0) {
    if (as_read) return TitleMatch{join(words), false};
    // THU TRƯỞNG folds like both THỦ TRƯỞNG and THỨ TRƯỞNG: no choice is made.
    if (at_longest.size() != 1) return std::nullopt;
    const std::string rest = join(std::span(words).subspan(longest));
    return TitleMatch{*at_longest.begin() + (rest.empty() ? "" : " " + rest), true};
  }
  // A letter misread (not only its marks): the whole line one edit from exactly one title. The
  // spaces do not count: OCR runs small capitals together ("PHÓ CHLCUC TRƯỞNG").
  const auto squeezed = [](std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
    return text;
  };
  const std::string key = squeezed(join(folded));
  std::set<std::string> near;
  for (const KnownTitle &known : known_titles())
    if (edit_distance(key, squeezed(known.key)) <= 1) near.insert(known.title);
  if (near.size() != 1) return std::nullopt;
  return TitleMatch{*near.begin(), true};
}

std::string authority_pattern() {
  std::string prefixes;
  const auto decree = nlohmann::json::parse(kDecree30Json);
  for (const auto &prefix : decree.at("authority_prefixes")) {
    std::string text = prefix.get<std::string>();
    if (!text.empty() && text.back() == '.') text.pop_back();
    prefixes += (prefixes.empty() ? "" : "|") + text;
  }
  // The prefix, then its stop (a dot, or what OCR or a typist put for it: a colon, semicolon or
  // comma) and anything; or no stop and an upper-case title, so a body line starting "TL " with
  // lower-case words after it is not taken.
  return "^(" + prefixes + R"()\s*(?:[.:;,]\s*(\S.*)|\s+(\p{Lu}[\p{Lu}\s]*))$)";
}

// The first code point of `word`, as UTF-8.
std::string_view first_character(std::string_view word) {
  if (word.empty()) return {};
  const auto lead = static_cast<unsigned char>(word[0]);
  const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return word.substr(0, std::min(length, word.size()));
}

bool starts_capital(std::string_view word) {
  const std::string_view first = first_character(word);
  return !first.empty() && is_upper_case(first);
}

// A word of a person's name: a capital, then lower-case Vietnamese letters only ("Nguyễn", "Lê").
bool is_name_word(std::string_view word) {
  const std::string folded = fold_accents(word);
  if (folded.size() < 2 ||
      !std::all_of(folded.begin(), folded.end(), [](char c) { return c >= 'a' && c <= 'z'; }))
    return false;
  if (!starts_capital(word)) return false;
  for (std::string_view rest = word.substr(first_character(word).size()); !rest.empty();) {
    const std::string_view character = first_character(rest);
    if (is_upper_case(character)) return false;
    rest.remove_prefix(character.size());
  }
  return true;
}

// --- evidence -----------------------------------------------------------------------------------

// Evidence for bytes [begin, end) of a paragraph's text, as the parser quotes any value: the
// text, and the page, box and lowest confidence of the words it touches.
Evidence evidence_of(const FlowParagraph &paragraph, size_t begin, size_t end) {
  Evidence evidence;
  const std::string_view text(paragraph.text);
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  const std::string_view quoted = text.substr(begin, end - begin);
  const size_t lead = quoted.find_first_not_of(" \t\n");
  const size_t last = quoted.find_last_not_of(" \t\n");
  if (lead != std::string_view::npos) evidence.text = quoted.substr(lead, last - lead + 1);
  std::optional<Box> box;
  for (const WordSpan &word : paragraph.words) {
    if (word.end <= begin || word.begin >= end) continue;
    if (evidence.page == 0) evidence.page = word.page;
    if (word.page != evidence.page) continue;
    evidence.confidence = std::min(evidence.confidence, word.confidence);
    const bool has_box = word.box.x1 > word.box.x0 || word.box.y1 > word.box.y0;
    if (has_box) box = box ? box->united(word.box) : word.box;
  }
  if (evidence.page == 0) evidence.page = paragraph.page();
  evidence.box = box;
  return evidence;
}

Evidence evidence_of(const SourceSpan &span) {
  return evidence_of(*span.paragraph, span.begin, span.end);
}

// Several lines quoted as one: their texts joined, the first page's boxes united.
Evidence evidence_of(const std::vector<SourceSpan> &spans) {
  Evidence evidence = evidence_of(spans.front());
  for (size_t i = 1; i < spans.size(); ++i) {
    const Evidence more = evidence_of(spans[i]);
    evidence.text += " " + more.text;
    evidence.confidence = std::min(evidence.confidence, more.confidence);
    if (more.page == evidence.page && more.box)
      evidence.box = evidence.box ? evidence.box->united(*more.box) : more.box;
  }
  return evidence;
}

std::string_view text_of(const SourceSpan &span) {
  const std::string_view text(span.paragraph->text);
  const size_t end = std::min(span.end, text.size());
  std::string_view line = text.substr(std::min(span.begin, end), end - std::min(span.begin, end));
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
    line.remove_prefix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
    line.remove_suffix(1);
  return line;
}

// --- words of a text with where they are ---------------------------------------------------------

struct TextWord {
  std::string_view text; // without the punctuation around it
  size_t begin = 0, end = 0;
  std::string folded;
  bool opens = false, closes = false; // punctuation before or after it
  double confidence = 1.0;            // the lowest of the source words it touches
};

constexpr std::string_view kOpening[] = {"(", "[", "\"", "'", "\xE2\x80\x9C", "\xE2\x80\x98"};
constexpr std::string_view kClosing[] = {
    ",",           ".", ";", ":", "!", "?", ")", "]", "\"", "'", "\xE2\x80\x9D", "\xE2\x80\x99",
    "\xE2\x80\xA6"};

// The whitespace-separated words of bytes [from, to) of a paragraph, punctuation taken off.
std::vector<TextWord> words_of(const FlowParagraph &paragraph, size_t from, size_t to) {
  std::vector<TextWord> words;
  const std::string_view text(paragraph.text);
  to = std::min(to, text.size());
  for (size_t start = from; start < to;) {
    size_t end = text.find_first_of(" \t\n\r\f\v", start);
    if (end == std::string_view::npos || end > to) end = to;
    TextWord word;
    std::string_view chunk = text.substr(start, end - start);
    size_t begin = start;
    for (bool more = true; more && !chunk.empty();) {
      more = false;
      for (std::string_view mark : kOpening)
        if (chunk.starts_with(mark)) {
          chunk.remove_prefix(mark.size());
          begin += mark.size();
          word.opens = more = true;
        }
    }
    for (bool more = true; more && !chunk.empty();) {
      more = false;
      for (std::string_view mark : kClosing)
        if (chunk.ends_with(mark)) {
          chunk.remove_suffix(mark.size());
          word.closes = more = true;
        }
    }
    if (!chunk.empty()) {
      word.text = chunk;
      word.begin = begin;
      word.end = begin + chunk.size();
      word.folded = fold_accents(chunk);
      // The spans are in text order: find the first touching the word, not scan them all.
      auto span =
          std::lower_bound(paragraph.words.begin(), paragraph.words.end(), word.begin,
                           [](const WordSpan &source, size_t at) { return source.end <= at; });
      for (; span != paragraph.words.end() && span->begin < word.end; ++span)
        word.confidence = std::min(word.confidence, span->confidence);
      words.push_back(std::move(word));
    } else if (!words.empty()) {
      words.back().closes = true; // a lone mark ends the run before it
    }
    start = end + 1;
  }
  return words;
}

bool has_letter_or_digit(std::string_view folded) {
  return std::any_of(folded.begin(), folded.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); });
}

// --- names found in the text -------------------------------------------------------------------

// A run of name words in the text ("Nguyễn Quốc Bảo" in "đồng chí Nguyễn Quốc Bảo, Phó ..."),
// broken by punctuation, a lower-case word, an acronym or a number.
struct NameRun {
  const FlowParagraph *paragraph = nullptr;
  std::vector<TextWord> words;
};

std::vector<NameRun> name_runs(const std::vector<const FlowParagraph *> &document,
                               const std::vector<SourceSpan> &skip) {
  std::vector<NameRun> runs;
  for (const FlowParagraph *paragraph : document) {
    NameRun run{paragraph, {}};
    const auto close = [&] {
      if (run.words.size() >= 2) runs.push_back(run);
      run.words.clear();
    };
    for (TextWord &word : words_of(*paragraph, 0, paragraph->text.size())) {
      const bool skipped = std::any_of(skip.begin(), skip.end(), [&](const SourceSpan &span) {
        return span.paragraph == paragraph && word.end > span.begin && word.begin < span.end;
      });
      if (word.opens || skipped || !is_name_word(word.text)) close();
      if (skipped || !is_name_word(word.text)) continue;
      const bool closes = word.closes;
      run.words.push_back(std::move(word));
      if (closes) close();
    }
    close();
  }
  return runs;
}

// Whether a word read under the signature agrees with a word of a name in the text, and how:
// 2 the same after folding accents, 1 compatible (letters a seal hid at its edges; an unsure
// word one letter off; a guess of about its length), 0 not.
int agreement(const TextWord &read, const TextWord &name) {
  if (read.folded == name.folded) return 2;
  if (read.folded.size() >= 1 && name.folded.find(read.folded) != std::string::npos) return 1;
  if (read.confidence < kSure && edit_distance(read.folded, name.folded) <= 1) return 1;
  const auto difference =
      static_cast<long>(read.folded.size()) - static_cast<long>(name.folded.size());
  if (read.confidence < kGuess && std::abs(difference) <= 2) return 1;
  return 0;
}

// Whether the reading agrees with `words` one to one, at least two words the same.
bool agrees(const std::vector<TextWord> &reading, const std::vector<const TextWord *> &words) {
  if (reading.size() != words.size()) return false;
  int same = 0;
  for (size_t i = 0; i < reading.size(); ++i) {
    const int how = agreement(reading[i], *words[i]);
    if (how == 0) return false;
    same += how == 2;
  }
  return same >= 2;
}

struct NameMatch {
  std::string name;
  Evidence evidence;
};

// The names of the text the reading agrees with, by folded name (the same name cited twice is
// one). Windows of a run as long as the reading, or one word longer when a word inside the name
// (never its first or last: family and given name) was dropped.
std::map<std::string, NameMatch> matching_names(const std::vector<TextWord> &reading,
                                                const std::vector<NameRun> &runs) {
  std::map<std::string, NameMatch> matches;
  const size_t k = reading.size();
  for (const NameRun &run : runs)
    for (size_t m : {k, k + 1}) {
      if (m < 2 || m > 6 || m > run.words.size()) continue;
      for (size_t at = 0; at + m <= run.words.size(); ++at) {
        std::vector<const TextWord *> window;
        for (size_t i = at; i < at + m; ++i)
          window.push_back(&run.words[i]);
        bool found = false;
        if (m == k) {
          found = agrees(reading, window);
        } else {
          for (size_t dropped = 1; dropped + 1 < m && !found; ++dropped) {
            std::vector<const TextWord *> kept = window;
            kept.erase(kept.begin() + static_cast<long>(dropped));
            found = agrees(reading, kept);
          }
        }
        if (!found) continue;
        const size_t begin = window.front()->begin, end = window.back()->end;
        const std::string name = run.paragraph->text.substr(begin, end - begin);
        matches.emplace(fold(name), NameMatch{name, evidence_of(*run.paragraph, begin, end)});
      }
    }
  return matches;
}

void warn(SignerReading &reading, WarningCode code, const std::string &field,
          const std::string &message) {
  reading.warnings.push_back({code, field, message});
}

// The title, or authority, as the record holds it: a known title's marks restored (with a
// warning), a guessed title that is no known title left out.
std::optional<std::string> settle_title(SignerReading &reading, const std::string &field,
                                        std::string_view line, double lowest_confidence) {
  const std::optional<TitleMatch> match = match_title(line);
  if (match && match->repaired)
    warn(reading, WarningCode::signer_title_repaired, field,
         fmt::format("the signer's title was read '{}' and is taken as the known title '{}' "
                     "(extractors/data/signer_titles.json)",
                     line, match->title));
  if (match) return match->title;
  if (lowest_confidence < kGuess) {
    warn(reading, WarningCode::signer_title_unsure, field,
         fmt::format("the signer's title '{}' holds a word OCR was unsure of and matches no known "
                     "title; it is left empty (check the signature block)",
                     line));
    return std::nullopt;
  }
  return std::string(line);
}

double lowest_confidence(const SourceSpan &span) {
  double lowest = 1.0;
  for (const WordSpan &word : span.paragraph->words)
    if (word.end > span.begin && word.begin < span.end) lowest = std::min(lowest, word.confidence);
  return lowest;
}

// The words of a line that can be part of a name: symbol specks dropped, and guessed words at
// either end that are no name's word (a seal's ring read as "N2" before the name).
std::vector<TextWord> name_words_of(const SourceSpan &line) {
  std::vector<TextWord> words;
  for (TextWord &word : words_of(*line.paragraph, line.begin, line.end))
    if (has_letter_or_digit(word.folded)) words.push_back(std::move(word));
  const auto speck = [](const TextWord &word) {
    return word.confidence < kGuess && !is_name_word(word.text);
  };
  while (!words.empty() && speck(words.front()))
    words.erase(words.begin());
  while (!words.empty() && speck(words.back()))
    words.pop_back();
  return words;
}

std::string text_of(const std::vector<TextWord> &words) {
  std::string text;
  for (const TextWord &word : words)
    text += (text.empty() ? "" : " ") + std::string(word.text);
  return text;
}

void take_match(SignerReading &reading, const NameMatch &match, const std::string &read) {
  reading.signer.name = match.name;
  if (fold(match.name) == fold(read)) return;
  reading.evidence["signer.name"] = match.evidence;
  reading.needs_review["signer.name"] = {
      ReviewReason::readings_disagree, match.evidence.confidence, {match.name, read}};
  warn(reading, WarningCode::signer_name_repaired, "signer.name",
       fmt::format("the signer's name was read '{}' (partly, or unsurely); it is taken as '{}', "
                   "the one name of the document's text that agrees with it",
                   read, match.evidence.text));
}

// The name under the signature: kept when read surely, else repaired from the text or left out.
// `fragment`: the line above the name when it may be the name's start, cut off by a seal into a
// line of its own ("guyên" over "Quốc Bảo").
void settle_name(SignerReading &reading, const SourceSpan &line,
                 const std::optional<SourceSpan> &fragment,
                 const std::vector<const FlowParagraph *> &document,
                 const std::vector<SourceSpan> &block) {
  const std::string text(text_of(line));
  const std::vector<TextWord> read = name_words_of(line);
  const std::string read_text = text_of(read);
  const std::vector<NameRun> runs = name_runs(document, block);
  if (fragment) {
    std::vector<TextWord> joined = name_words_of(*fragment);
    joined.insert(joined.end(), read.begin(), read.end());
    const std::map<std::string, NameMatch> matches = matching_names(joined, runs);
    if (matches.size() == 1) {
      take_match(reading, matches.begin()->second, std::string(text_of(*fragment)) + " " + text);
      return;
    }
  }
  double lowest = 1.0;
  for (const TextWord &word : read)
    lowest = std::min(lowest, word.confidence);
  const bool name_shaped = looks_like_person_name(read_text);
  if (name_shaped && lowest >= kSure) {
    reading.signer.name = read_text;
    return;
  }
  const std::map<std::string, NameMatch> matches = matching_names(read, runs);
  if (matches.size() == 1) {
    take_match(reading, matches.begin()->second, text);
    return;
  }
  if (matches.empty() && name_shaped && lowest >= kGuess) {
    reading.signer.name = read_text;
    return;
  }
  std::string why = "no name of the document's text agrees with it";
  if (matches.size() > 1) {
    std::vector<std::string> names;
    for (const auto &[key, match] : matches)
      names.push_back("'" + match.name + "'");
    why = "several names of the document's text agree with it: " + join(names);
  }
  warn(reading, WarningCode::signer_name_unsure, "signer.name",
       fmt::format("the signer's name was read '{}' partly or unsurely, and {}; it is left empty "
                   "rather than guessed (check the signature block)",
                   text, why));
}

} // namespace

const re2::RE2 &authority_line_re() {
  static const re2::RE2 re(authority_pattern());
  return re;
}

std::optional<std::string> known_title(std::string_view line) {
  const std::optional<TitleMatch> match = match_title(line);
  if (!match) return std::nullopt;
  return match->title;
}

// The line is one title of the list, not a title with more words after it.
bool is_whole_title(std::string_view line) {
  const std::optional<std::string> title = known_title(line);
  if (!title) return false;
  const std::string folded = fold_accents(*title);
  const std::vector<std::string_view> words = split_words(folded);
  const std::string key = join(words);
  return std::any_of(known_titles().begin(), known_titles().end(),
                     [&key](const KnownTitle &known) { return known.key == key; });
}

std::optional<std::string> normalised_authority(std::string_view line) {
  std::string prefix, dotted_rest, bare_rest;
  if (!re2::RE2::FullMatch(re2::StringPiece(line.data(), line.size()), authority_line_re(), &prefix,
                           &dotted_rest, &bare_rest))
    return std::nullopt;
  const std::string &rest = dotted_rest.empty() ? bare_rest : dotted_rest;
  return prefix + ". " + known_title(rest).value_or(rest);
}

bool looks_like_person_name(std::string_view line) {
  if (line.empty() || is_upper_case(line) || line.size() > 60) return false;
  if (line.find_first_of("0123456789:;,()/.") != std::string_view::npos) return false;
  const std::vector<std::string_view> words = split_words(line);
  return words.size() >= 2 && words.size() <= 6 &&
         std::all_of(words.begin(), words.end(), [](auto w) { return starts_capital(w); });
}

SignerReading read_signer(const std::vector<SourceSpan> &block,
                          const std::vector<const FlowParagraph *> &document) {
  SignerReading reading;
  std::vector<size_t> titles; // upper-case lines, in order
  std::optional<size_t> name, partial_name;
  for (size_t i = 0; i < block.size(); ++i) {
    const std::string_view line = text_of(block[i]);
    if (is_upper_case(line)) {
      titles.push_back(i);
    } else if (looks_like_person_name(line)) {
      name = i;
    } else {
      // What a seal leaves of a name: a few words, one at least still a name's word.
      const std::vector<std::string_view> words = split_words(line);
      if (words.size() <= 6 && std::any_of(words.begin(), words.end(),
                                           [](std::string_view w) { return is_name_word(w); }))
        partial_name = i;
    }
  }
  // A broken name counts only below the titles: above them it is no part of the signature.
  if (!name && partial_name && (titles.empty() || *partial_name > titles.front()))
    name = partial_name;

  if (name) {
    reading.signer.evidence = evidence_of(block[*name]);
    // The line above the name may be its start, cut off by a seal: a few words in lower case, as
    // what is left of a capitalised name word ("guyên").
    std::optional<SourceSpan> fragment;
    if (*name > 0 && (titles.empty() || *name - 1 > titles.front())) {
      const std::string_view above = text_of(block[*name - 1]);
      const std::vector<std::string_view> words = split_words(above);
      if (!is_upper_case(above) && !looks_like_person_name(above) && words.size() <= 2 &&
          has_letter_or_digit(fold_accents(above)))
        fragment = block[*name - 1];
    }
    settle_name(reading, block[*name], fragment, document, block);
  }
  if (titles.empty()) return reading;
  // Authority lines first (TM. ỦY BAN NHÂN DÂN over KT. CHỦ TỊCH is one authority), the title
  // under them.
  size_t t = 0;
  std::vector<std::string> authorities;
  std::vector<SourceSpan> authority_lines;
  for (; t < titles.size(); ++t) {
    const SourceSpan &span = block[titles[t]];
    const std::optional<std::string> authority = normalised_authority(text_of(span));
    if (!authority) break;
    if (*authority != text_of(span)) {
      std::string prefix, rest, bare;
      const std::string_view line = text_of(span);
      re2::RE2::FullMatch(re2::StringPiece(line.data(), line.size()), authority_line_re(), &prefix,
                          &rest, &bare);
      const std::string title = rest.empty() ? bare : rest;
      if (known_title(title) && *known_title(title) != title)
        warn(reading, WarningCode::signer_title_repaired, "signer.authority",
             fmt::format("the signing authority was read '{}' and is taken as '{}' (Decree "
                         "30/2020, Appendix I; the title as in extractors/data/signer_titles.json)",
                         line, *authority));
    }
    authorities.push_back(*authority);
    authority_lines.push_back(span);
  }
  if (!authorities.empty()) {
    reading.signer.authority = join(authorities);
    reading.evidence["signer.authority"] = evidence_of(authority_lines);
  }
  if (t < titles.size()) {
    const SourceSpan &span = block[titles[t]];
    reading.evidence["signer.title"] = evidence_of(span);
    // A title wrapped over two lines ("CHÁNH" / "THANH TRA"), or one word of it pushed below
    // the rest by a seal ("CUC TRƯỞNG" / "CHI"), when the two lines read together, in either
    // order, are a known title and they are not two titles: the longest known title wins, as
    // in match_title ("CHI CỤC TRƯỞNG" over "CỤC TRƯỞNG").
    std::optional<std::string> joined;
    const std::string first(text_of(span));
    const std::string second(t + 1 < titles.size() ? text_of(block[titles[t + 1]]) : "");
    if (!second.empty() && !(known_title(first) && known_title(second))) {
      for (const std::string &candidate : {first + " " + second, second + " " + first})
        if (is_whole_title(candidate)) {
          joined = candidate;
          break;
        }
    }
    if (joined) {
      const double least =
          std::min(lowest_confidence(span), lowest_confidence(block[titles[t + 1]]));
      reading.signer.title = settle_title(reading, "signer.title", *joined, least);
    } else {
      reading.signer.title =
          settle_title(reading, "signer.title", text_of(span), lowest_confidence(span));
    }
  }
  if (!name) reading.signer.evidence = evidence_of(block[titles.front()]);
  return reading;
}

} // namespace vnotice
