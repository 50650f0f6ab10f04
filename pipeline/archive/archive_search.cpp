// Searching the archive: the query folded into FTS5 phrases and filters, the ranking (one pass,
// or two halves on two threads), the total, ties by sha256, and the hits with their snippets.
// Writing, opening and merging are in archive.cpp.
#include "pipeline/archive/archive.h"

#include "pipeline/archive/archive_keys.h"
#include "pipeline/archive/archive_postings.h"
#include "pipeline/archive/archive_rank.h"
#include "pipeline/archive/sqlite_db.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <fmt/format.h>
#include <future>
#include <map>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace vnotice {
namespace {

using sqlite::ReadTransaction;
using sqlite::Statement;
using namespace archive_detail;

// From this many documents on, a search with words ranks in two halves on two threads.
constexpr long long kParallelSearchFrom = 2048;
// Search parameters: ?1-?8 and ?11 are named in SearchSql, ?7 and ?9-?10 in Archive::rank; the
// phrases' document frequencies follow from ?12 on.
constexpr int kFirstFrequency = 12;
// Postings held by one folded search at most (24 bytes each: 24 MiB). A 10,000-notice archive's
// commonest word has 10,000; a search needing more (a huge archive, or dozens of common words)
// is ranked by FTS5, which streams its matches.
constexpr size_t kMaxPostingsPerSearch = size_t{1} << 20;

struct Term {
  std::string accent; // fold_accents of the query word
  std::string exact;  // fold of it (compared only in --exact)
};

// Query words: whitespace-separated chunks, split further at anything not a letter or digit (as
// FTS5's unicode61 tokenizer splits), each with both keys.
std::vector<Term> terms_of(std::string_view text) {
  std::vector<Term> terms;
  const std::string folded = fold(text);
  size_t i = 0;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    Term term{fold_accents(word), word};
    if (std::none_of(terms.begin(), terms.end(),
                     [&](const Term &t) { return t.exact == term.exact; }))
      terms.push_back(std::move(term));
    word.clear();
  };
  while (i < folded.size()) {
    const size_t start = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t *>(folded.data()), i, folded.size(), c);
    if (c >= 0 && u_isalnum(c))
      word.append(folded, start, i - start);
    else
      flush();
  }
  flush();
  return terms;
}

// The query's phrases, folded as the columns it searches: one per whitespace-separated chunk.
std::vector<std::string> query_phrases(std::string_view text, bool exact) {
  std::vector<std::string> phrases;
  std::string chunk;
  auto flush = [&] {
    if (chunk.empty()) return;
    std::string key = exact ? fold(chunk) : fold_accents(chunk);
    chunk.clear();
    if (terms_of(key).empty()) return; // punctuation only: nothing to match
    phrases.push_back(std::move(key));
  };
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)))
      flush();
    else
      chunk.push_back(c);
  }
  flush();
  return phrases;
}

// The FTS5 query: each phrase as a quoted string (a phrase when the tokenizer splits it, as in
// `2532/kh-sct`), all of them required, over the accent-folded or the exact columns (or, with
// only_folded_columns false, over every column: for counting documents). User text only ever
// appears inside quotes with `"` doubled, so it cannot change the query's syntax.
std::string fts_query(const std::vector<std::string> &phrases, bool exact,
                      bool only_folded_columns = true) {
  std::string query;
  for (const std::string &key : phrases) {
    std::string quoted = "\"";
    for (char c : key) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    query += (query.empty() ? "" : " ") + quoted + "\"";
  }
  if (query.empty() || !only_folded_columns) return query;
  return (exact ? "{subject_x body_x issuer_x} : (" : "{subject_f body_f issuer_f} : (") + query +
         ")";
}

struct Snippet {
  std::string text;
  int distinct = 0; // query terms found in the window
  int matches = 0;  // matching words in the window
};

// The best window of a text around the query's words, each matching word (or run of them joined
// by punctuation or one space, as in `2532/KH-SCT` or `Đồng Tháp`) in [brackets]. Words are found
// on fold_accents_mapped, so the quote is the original text; in exact mode a candidate word must
// also have the same fold() as the query word.
Snippet make_snippet(std::string_view text, const std::vector<Term> &terms, bool exact) {
  constexpr size_t kWindow = 24; // words shown
  constexpr size_t kBefore = 5;  // of them before the first match
  Snippet best;
  if (text.empty()) return best;
  struct Word {
    size_t begin, end; // source bytes
    int term = -1;
  };
  // The words are read straight off the text, each code point folded as fold_accents_mapped
  // folds it (no folded copy or origin table of the whole text: twenty bodies a page).
  std::vector<Word> words;
  words.reserve(text.size() / 4 + 1); // a word and its space take at least four bytes, mostly
  std::string word_key;               // the folded word being read
  size_t word_start = std::string::npos;
  auto close_word = [&](size_t end) {
    if (word_start == std::string::npos) return;
    Word word{word_start, end};
    for (size_t t = 0; t < terms.size(); ++t) {
      if (terms[t].accent != word_key) continue;
      if (exact && fold(text.substr(word_start, end - word_start)) != terms[t].exact) continue;
      word.term = static_cast<int>(t);
      break;
    }
    words.push_back(word);
    word_start = std::string::npos;
  };
  // ASCII folded: lower case for letters and digits, 0 for the rest.
  static constexpr std::array<char, 128> kAsciiFold = [] {
    std::array<char, 128> fold{};
    for (int c = '0'; c <= '9'; ++c)
      fold[static_cast<size_t>(c)] = static_cast<char>(c);
    for (int c = 'a'; c <= 'z'; ++c) {
      fold[static_cast<size_t>(c)] = static_cast<char>(c);
      fold[static_cast<size_t>(c) - 'a' + 'A'] = static_cast<char>(c);
    }
    return fold;
  }();
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    if (const auto byte = static_cast<unsigned char>(text[i]); byte < 0x80) {
      ++i; // most of a body: one table lookup
      if (const char folded = kAsciiFold[byte]; folded != 0) {
        if (word_start == std::string::npos) {
          word_start = start;
          word_key.clear();
        }
        word_key.push_back(folded);
      } else {
        close_word(start);
      }
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t *>(text.data()), i, text.size(), c);
    // Every Vietnamese letter folds to an ASCII one: only other scripts and symbols ask ICU
    // whether they are letters.
    const UChar32 base =
        c < 0 ? c : static_cast<UChar32>(fold_accents_code_point(static_cast<char32_t>(c)));
    const bool word_character =
        c >= 0 && (base < 0x80 ? kAsciiFold[static_cast<size_t>(base)] != 0 : u_isalnum(base) != 0);
    if (!word_character) {
      close_word(start);
      continue;
    }
    if (word_start == std::string::npos) {
      word_start = start;
      word_key.clear();
    }
    if (base < 0x80) {
      word_key.push_back(kAsciiFold[static_cast<size_t>(base)]);
    } else {
      char buffer[4];
      int32_t length = 0;
      U8_APPEND_UNSAFE(reinterpret_cast<uint8_t *>(buffer), length, base);
      word_key.append(buffer, static_cast<size_t>(length));
    }
  }
  close_word(text.size());
  if (words.empty()) return best;

  size_t best_begin = 0;
  bool any = false;
  for (size_t m = 0; m < words.size(); ++m) {
    if (words[m].term < 0 && !(terms.empty() && m == 0)) continue;
    const size_t begin = m > kBefore ? m - kBefore : 0;
    // The terms met in the window (a query of more than 64 words counts its first 64 apart).
    uint64_t seen = 0;
    int matches = 0;
    for (size_t w = begin; w < std::min(words.size(), begin + kWindow); ++w)
      if (const int term = words[w].term; term >= 0) {
        seen |= uint64_t{1} << std::min(term, 63);
        ++matches;
      }
    const int distinct = std::popcount(seen);
    if (!any || distinct > best.distinct || (distinct == best.distinct && matches > best.matches)) {
      any = true;
      best.distinct = distinct;
      best.matches = matches;
      best_begin = begin;
    }
  }
  if (!any) return best;

  // Neighbouring matches share one bracket when one space or a symbol's joiner separates them:
  // `[Đồng Tháp]`, `[2532/KH-SCT]`, but `[hồ sơ]; [trễ hạn]`.
  auto joins = [](std::string_view gap) {
    return gap == " " || gap == "/" || gap == "-" || gap == ".";
  };
  const size_t end = std::min(words.size(), best_begin + kWindow);
  std::string out = best_begin > 0 ? "… " : "";
  size_t position = words[best_begin].begin;
  for (size_t w = best_begin; w < end; ++w) {
    const bool match = words[w].term >= 0;
    const bool joined_before =
        match && w > best_begin && words[w - 1].term >= 0 &&
        joins(text.substr(words[w - 1].end, words[w].begin - words[w - 1].end));
    const bool joined_after = match && w + 1 < end && words[w + 1].term >= 0 &&
                              joins(text.substr(words[w].end, words[w + 1].begin - words[w].end));
    out.append(text.substr(position, words[w].begin - position));
    if (match && !joined_before) out += '[';
    out.append(text.substr(words[w].begin, words[w].end - words[w].begin));
    if (match && !joined_after) out += ']';
    position = words[w].end;
  }
  if (end < words.size()) out += " …";
  best.text = squash(out);
  return best;
}

// ISO date prefix from YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY (how Vietnamese documents write
// dates); Error(usage) otherwise.
std::string date_bound(const std::string &value, const char *flag) {
  auto digits = [](std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto bad = [&]() -> Error {
    return Error(ExitCode::usage, flag,
                 trf("'{}' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or D/M/YYYY", value));
  };
  if (value.find('/') != std::string::npos) {
    const size_t first = value.find('/');
    const size_t second = value.find('/', first + 1);
    if (second == std::string::npos) throw bad();
    const std::string day = value.substr(0, first);
    const std::string month = value.substr(first + 1, second - first - 1);
    const std::string year = value.substr(second + 1);
    if (!digits(day) || !digits(month) || !digits(year) || year.size() != 4 || day.size() > 2 ||
        month.size() > 2)
      throw bad();
    const int d = std::stoi(day), m = std::stoi(month);
    if (d < 1 || d > 31 || m < 1 || m > 12) throw bad();
    return fmt::format("{}-{:02}-{:02}", year, m, d);
  }
  const bool ok = (value.size() == 4 && digits(value)) ||
                  (value.size() == 7 && digits(value.substr(0, 4)) && value[4] == '-' &&
                   digits(value.substr(5, 2))) ||
                  (value.size() == 10 && digits(value.substr(0, 4)) && value[4] == '-' &&
                   digits(value.substr(5, 2)) && value[7] == '-' && digits(value.substr(8, 2)));
  if (!ok) throw bad();
  return value;
}

// A query turned into SQL pieces: the FTS5 match and the filters, whose values are bound as
// parameters ?1 (match) to ?6 and ?11 (signer); only the filters given go into the SQL, so SQLite
// can plan each one (--cites finds the citing documents through references_cited at once).
struct SearchSql {
  std::vector<std::string> phrases;
  bool exact;
  std::string match; // empty: no words
  std::optional<std::string> type_key, issuer_key, from, to, cites, signer_key, issuer_name_key;
  std::string filters; // " AND ..." over documents d

  explicit SearchSql(const SearchQuery &query)
      : phrases(query_phrases(query.text, query.exact)), exact(query.exact),
        match(fts_query(phrases, query.exact)) {
    if (query.type_code && !query.type_code->empty()) type_key = accent_key(*query.type_code);
    if (query.issuer && !query.issuer->empty()) issuer_key = accent_key(*query.issuer);
    if (query.from) from = date_bound(*query.from, "--from");
    // "~" sorts after every digit and '-': 2021-05 as an upper bound keeps 2021-05-31.
    if (query.to) to = date_bound(*query.to, "--to") + "~";
    if (query.cites && !query.cites->empty()) cites = cited_key(*query.cites);
    if (query.signer && !query.signer->empty()) signer_key = accent_key(*query.signer);
    if (type_key) filters += " AND (d.type_key = ?2 OR d.doc_type_key = ?2)";
    if (issuer_key) filters += " AND instr(d.issuer_key, ?3) > 0";
    if (from) filters += " AND d.date >= ?4";
    if (to) filters += " AND d.date <= ?5";
    if (cites)
      filters +=
          " AND d.sha256 IN (SELECT r.document FROM \"references\" r WHERE r.cited_key = ?6)";
    if (signer_key) filters += " AND instr(vnotice_accent_key(d.signer), ?11) > 0";
    if (query.issuer_name && !query.issuer_name->empty()) {
      issuer_name_key = accent_key(*query.issuer_name);
      // The contains test on issuer_key walks its small index alone (a subquery, so the test
      // reads no documents row) and leaves few rows for the exact test, which reads and folds
      // each: 19 ms over 10,000 rows without it.
      if (!issuer_key) issuer_key = issuer_name_key;
      filters += " AND d.id IN (SELECT i.id FROM documents i WHERE instr(i.issuer_key, ?3) > 0)"
                 " AND vnotice_accent_key(d.issuer) = ?8";
    }
  }
  // The filters as a set of ids the matches are checked against (a documents row looked up per
  // match cost more than the ranking, as a common word matches most of the archive).
  std::string filter_set() const {
    return filters.empty() ? std::string()
                           : " AND +rowid IN (SELECT d.id FROM documents d WHERE 1" + filters + ")";
  }
  // Binds the parameters `statement` names (each SQL text names only the ones it uses). With
  // `any_column`, ?1 is the match over every column (the ranking checks the columns itself).
  void bind(Statement &statement, bool any_column = false) const {
    const std::pair<int, const std::optional<std::string> *> values[] = {
        {2, &type_key}, {3, &issuer_key},      {4, &from},       {5, &to},
        {6, &cites},    {8, &issuer_name_key}, {11, &signer_key}};
    if (statement.has_parameter(1))
      statement.bind(1, match.empty() ? std::nullopt
                        : any_column  ? std::optional(fts_query(phrases, exact, false))
                                      : std::optional(match));
    for (const auto &[index, value] : values)
      if (statement.has_parameter(index)) statement.bind(index, *value);
  }
};

} // namespace

std::vector<SearchHit> Archive::search(const SearchQuery &query) const {
  const ReadTransaction reading(db_);
  return hits_of(query, rank(query, static_cast<size_t>(std::max(query.limit, 0))));
}

SearchPage Archive::search_page(const SearchQuery &query) const {
  const ReadTransaction reading(db_);
  const auto offset = static_cast<size_t>(std::max(query.offset, 0));
  long long total = -1;
  auto ranked = rank(query, offset + static_cast<size_t>(std::max(query.limit, 0)), &total);
  ranked.erase(ranked.begin(), ranked.begin() + static_cast<long>(std::min(offset, ranked.size())));
  SearchPage page;
  page.hits = hits_of(query, ranked);
  page.total = total >= 0 ? total : count_matches(query);
  return page;
}

long long Archive::count_matches(const SearchQuery &query) const {
  const SearchSql sql(query);
  Statement count(db_,
                  sql.match.empty()
                      ? "SELECT count(*) FROM documents d WHERE ?1 IS NULL" + sql.filters
                      : "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1" +
                            sql.filter_set(),
                  path_);
  sql.bind(count);
  return count.step() ? count.integer(0) : 0;
}

namespace {

using Ranked = std::vector<std::pair<long long, double>>;

// Keeps the `wanted` lowest scores of `ranked` (vnotice_rank is lower-is-better) and every hit
// tied with the last of them, in no order.
void keep_best(Ranked &ranked, size_t wanted) {
  if (ranked.size() <= wanted) return;
  if (wanted == 0) {
    ranked.clear();
    return;
  }
  const auto last = ranked.begin() + static_cast<long>(wanted - 1);
  std::nth_element(ranked.begin(), last, ranked.end(),
                   [](const auto &a, const auto &b) { return a.second < b.second; });
  const double worst_kept = last->second;
  std::erase_if(ranked, [&](const auto &hit) { return hit.second > worst_kept; });
}

// A set of document ids (rowids are small and dense: a bit each).
class IdSet {
public:
  void add(long long id) {
    const auto at = static_cast<size_t>(std::max(id, 0LL));
    if (at >= bits_.size()) bits_.resize(std::max(at + 1, 2 * bits_.size()));
    bits_[at] = true;
  }
  bool contains(long long id) const {
    return id >= 0 && static_cast<size_t>(id) < bits_.size() && bits_[static_cast<size_t>(id)];
  }

private:
  std::vector<bool> bits_;
};

// Calls each(id, found) for every document in all of `lists` (each sorted by rowid), in rowid
// order; found[i] is its entry in lists[i]. The shortest list leads; the others are walked
// forward to each of its documents.
template <typename Each>
void for_each_common(const std::vector<std::vector<Posting>> &lists, Each each) {
  if (lists.empty()) return;
  size_t lead = 0;
  for (size_t i = 1; i < lists.size(); ++i)
    if (lists[i].size() < lists[lead].size()) lead = i;
  std::vector<size_t> at(lists.size(), 0);
  std::vector<const Posting *> found(lists.size());
  for (const Posting &candidate : lists[lead]) {
    const long long id = candidate.rowid;
    bool everywhere = true;
    for (size_t i = 0; i < lists.size() && everywhere; ++i) {
      const std::vector<Posting> &list = lists[i];
      size_t &k = at[i];
      while (k < list.size() && list[k].rowid < id)
        ++k;
      everywhere = k < list.size() && list[k].rowid == id;
      if (everywhere) found[i] = &list[k];
    }
    if (everywhere && !each(id, found)) return;
  }
}

// The matches of a folded search and their vnotice_rank scores, read from the term postings
// (archive_postings.h) instead of FTS5's position lists: the same documents, the same scores,
// bit for bit (the arithmetic is bm25f's, in vnotice_rank's order). `postings` are the
// phrases' (each phrase a single token); `passing` the documents the filters let through (none:
// no filters). Nothing when a matching document has no lengths kept (vnotice_rank then asks
// FTS5 for its sizes).
std::optional<std::pair<Ranked, long long>>
rank_by_postings(const PhrasePostings &postings, const std::vector<long long> &frequencies,
                 const DocumentLengths &lengths, const FtsTotals &totals, const IdSet *passing,
                 size_t limit) {
  constexpr size_t kFolded = 0; // the searched columns: subject_f, body_f, issuer_f
  const auto documents = static_cast<double>(totals.rows);
  std::array<double, kSearchedColumns> average{};
  for (size_t c = 0; c < kSearchedColumns; ++c)
    average[c] = bm25f::average_length(totals.rows, totals.tokens[kFolded + c]);
  std::vector<double> idf;
  idf.reserve(frequencies.size());
  for (long long n : frequencies)
    idf.push_back(bm25f::idf(documents, std::clamp(static_cast<double>(n), 0.0, documents)));

  std::pair<Ranked, long long> result;
  Ranked &ranked = result.first; // named references: a lambda may not capture a binding (C++17)
  long long &count = result.second;
  bool lengths_known = true;
  for_each_common(postings.lists, [&](long long id, const std::vector<const Posting *> &found) {
    if (passing != nullptr && !passing->contains(id)) return true;
    const DocumentLengths::Lengths *known = lengths.find(id);
    if (known == nullptr) return lengths_known = false;
    std::array<double, kSearchedColumns> norm{};
    for (size_t c = 0; c < kSearchedColumns; ++c)
      norm[c] = bm25f::norm((*known)[kFolded + c], average[c]);
    double score = 0;
    for (size_t phrase = 0; phrase < postings.list_of_phrase.size(); ++phrase) {
      const Posting &entry = *found[postings.list_of_phrase[phrase]];
      double phrase_score = 0;
      for (size_t c = 0; c < kSearchedColumns; ++c)
        if (const auto f = static_cast<int>(entry.frequency[c]); f > 0)
          phrase_score += bm25f::column_score(static_cast<int>(kFolded + c), f, norm[c]);
      score += idf[phrase] * phrase_score;
    }
    ranked.emplace_back(id, -score);
    ++count;
    if (ranked.size() >= 2 * limit + 1024) keep_best(ranked, limit); // memory stays bounded
    return true;
  });
  if (!lengths_known) return std::nullopt;
  keep_best(ranked, limit);
  return result;
}

} // namespace

std::optional<PhrasePostings>
Archive::folded_postings(const std::vector<std::string> &phrases) const {
  if (!postings_ || phrases.size() > kMaxRankedPhrases) return std::nullopt;
  if (!tokenizer_) tokenizer_ = std::make_unique<FtsTokenizer>(db_);
  PhrasePostings postings;
  std::map<std::string, size_t> read; // word -> its list
  size_t held = 0;
  for (const std::string &phrase : phrases) {
    std::vector<std::string> tokens = tokenizer_->tokens(phrase);
    if (tokens.size() != 1) return std::nullopt;
    const auto [known, fresh] = read.emplace(tokens.front(), postings.lists.size());
    if (fresh) {
      std::vector<Posting> &list = postings.lists.emplace_back();
      if (!read_postings(db_, path_, tokens.front(), kMaxPostingsPerSearch - held, list))
        return std::nullopt;
      held += list.size();
    }
    postings.list_of_phrase.push_back(known->second);
  }
  return postings;
}

std::vector<long long> Archive::documents_with(const std::vector<std::string> &phrases) const {
  // A count of FTS5 matches reads the document ids only; fts5vocab would read every position
  // too. Over every column, so the exact and folded searches of a phrase share one count.
  // A server may see countless different words while the archive stays the same: the counts
  // kept are forgotten past this many (a few MiB), to be counted again when asked.
  constexpr size_t kMaxKeptCounts = 50000;
  if (statistics_.documents_with.size() > kMaxKeptCounts) statistics_.documents_with.clear();
  std::optional<Statement> count;
  std::vector<long long> out;
  for (const std::string &phrase : phrases) {
    auto known = statistics_.documents_with.find(phrase);
    if (known == statistics_.documents_with.end()) {
      if (!count)
        count.emplace(db_, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1",
                      path_);
      count->bind(1, fts_query({phrase}, false, false));
      known =
          statistics_.documents_with.emplace(phrase, count->step() ? count->integer(0) : 0).first;
      count->reset();
    }
    out.push_back(known->second);
  }
  return out;
}

Ranked Archive::rank(const SearchQuery &query, size_t limit, long long *total) const {
  const SearchSql sql(query);
  const std::string &match = sql.match;
  const std::string &filters = sql.filters;
  if (match.empty()) {
    // The issuing body's filter folds each candidate row's issuer: one pass lists and counts
    // the documents that pass, where a count apart folded them all again. The other filters
    // test indexes only: the list stops at the limit (walking documents_newest) and SQLite
    // counts apart, which is cheaper than sorting all that pass.
    const bool counting = total != nullptr && sql.issuer_name_key.has_value();
    Statement statement(db_,
                        fmt::format("SELECT d.id FROM documents d WHERE ?1 IS NULL{} ORDER BY "
                                    "d.date DESC, d.sha256{}",
                                    filters, counting ? "" : " LIMIT ?7"),
                        path_);
    sql.bind(statement);
    if (!counting) statement.bind(7, static_cast<long long>(limit));
    Ranked ranked;
    long long passing = 0;
    for (; statement.step(); ++passing)
      if (ranked.size() < limit) ranked.emplace_back(statement.integer(0), 0.0);
    if (counting) *total = passing;
    return ranked;
  }
  if (query.order == SearchQuery::Order::date) {
    // Newest first: the matches' ids are read into a set (which counts them too, when no filter
    // leaves some out), then documents_newest is walked (NULL dates sort last in DESC) until
    // enough of them are met, instead of sorting the rows of every match. SQLite's own
    // "id IN (SELECT rowid ...)" built a temporary B-tree of the ids: twice the time.
    IdSet matching;
    long long matches = 0;
    auto mark = [&](long long id) {
      matching.add(id);
      ++matches;
    };
    // The ids from the term postings when the search is folded words, else from FTS5.
    if (auto lists = query.exact ? std::nullopt : folded_postings(sql.phrases)) {
      for_each_common(lists->lists, [&](long long id, const auto &) { return mark(id), true; });
    } else {
      Statement ids(db_, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?1", path_);
      sql.bind(ids);
      while (ids.step())
        mark(ids.integer(0));
    }
    Ranked ranked;
    if (matches > 0 && limit > 0) {
      Statement newest(db_,
                       fmt::format("SELECT d.id FROM documents d{} WHERE 1{} ORDER BY d.date "
                                   "DESC, d.sha256",
                                   newest_index_ ? " INDEXED BY documents_newest" : "", filters),
                       path_);
      sql.bind(newest);
      while (ranked.size() < limit && newest.step())
        if (matching.contains(newest.integer(0))) ranked.emplace_back(newest.integer(0), 0.0);
    }
    if (total != nullptr && filters.empty()) *total = matches;
    if (total != nullptr && !filters.empty()) {
      // The documents that pass the filters, as SQLite finds them best (an index of the type,
      // the issuer or the date), checked against the set: a second FTS5 pass cost as much as
      // the first, and a walk of documents_newest to the end reads every row.
      *total = 0;
      if (matches > 0) {
        Statement passing(db_, "SELECT d.id FROM documents d WHERE 1" + filters, path_);
        sql.bind(passing);
        while (passing.step())
          *total += matching.contains(passing.integer(0)) ? 1 : 0;
      }
    }
    return ranked;
  }

  refresh_statistics();
  const std::vector<long long> frequencies = documents_with(sql.phrases);
  // vnotice_rank(documents_fts, first column, ?12, ?13, ...): the number of documents holding
  // each phrase. The match names no columns, vnotice_rank checks them (archive_rank.h).
  std::string rank =
      query.exact ? "vnotice_rank(documents_fts, 3" : "vnotice_rank(documents_fts, 0";
  for (size_t i = 0; i < sql.phrases.size(); ++i)
    rank += fmt::format(", ?{}", kFirstFrequency + i);
  rank += ")";
  // Every match is scored and counted here, and the best kept as they come: an ORDER BY over
  // the matches, or a window function to count them, cost SQLite a sort of them all (twice the
  // time of scoring them, for a common word). Ids and scores only: the shown fields are read
  // for the hits that made the cut.
  // The matches with low <= id < high (all of them without a range) on one connection, and how
  // many there are. (A range FTS5 must test costs a tenth of a common word's search: only when
  // the search is split.)
  auto run_part = [&](sqlite3 *db, std::optional<std::pair<long long, long long>> range) {
    Statement statement(
        db,
        fmt::format("SELECT rowid, {} FROM documents_fts WHERE documents_fts MATCH ?1{}{}", rank,
                    range ? " AND rowid >= ?9 AND rowid < ?10" : "", sql.filter_set()),
        path_);
    for (size_t i = 0; i < frequencies.size(); ++i)
      statement.bind(static_cast<int>(kFirstFrequency + i), frequencies[i]);
    sql.bind(statement, true);
    if (range) statement.bind(9, range->first).bind(10, range->second);
    std::pair<Ranked, long long> result;
    auto &[ranked, count] = result;
    while (statement.step()) {
      if (statement.is_null(1)) continue; // a phrase only in the other columns
      ranked.emplace_back(statement.integer(0), statement.real(1));
      ++count;
      if (ranked.size() >= 2 * limit + 1024) keep_best(ranked, limit); // memory stays bounded
    }
    keep_best(ranked, limit);
    return result;
  };

  Ranked ranked;
  long long count = 0;
  bool ranked_by_postings = false;
  // A folded search of single words ranks from the term postings; exact searches, phrases of
  // several tokens (`2532/kh-sct`) and archives without postings through FTS5.
  if (auto lists = query.exact ? std::nullopt : folded_postings(sql.phrases)) {
    std::optional<IdSet> passing;
    if (!filters.empty()) {
      passing.emplace();
      Statement pass(db_, "SELECT d.id FROM documents d WHERE 1" + filters, path_);
      sql.bind(pass);
      while (pass.step())
        passing->add(pass.integer(0));
    }
    if (auto result = rank_by_postings(*lists, frequencies, *lengths_, statistics_.totals,
                                       passing ? &*passing : nullptr, limit)) {
      std::tie(ranked, count) = std::move(*result);
      ranked_by_postings = true;
    }
  }

  long long end = 0;
  if (parallel_search_ && !ranked_by_postings) {
    Statement last_id(db_, "SELECT ifnull(max(id), 0) FROM documents", path_);
    last_id.step();
    end = last_id.integer(0) + 1;
  }
  if (!ranked_by_postings && end < kParallelSearchFrom) {
    std::tie(ranked, count) = run_part(db_, std::nullopt);
  } else if (!ranked_by_postings) {
    // A common word matches most of a large archive and every match is scored: the work is
    // split in two halves by id, each on its own connection and thread. The result is the same
    // as one pass (same scores, same tie order below).
    sqlite3 *reader = second_connection();
    auto upper = std::async(std::launch::async, run_part, reader, std::pair(end / 2, end));
    std::tie(ranked, count) = run_part(db_, std::pair(0LL, end / 2));
    auto [upper_ranked, upper_count] = upper.get();
    ranked.insert(ranked.end(), upper_ranked.begin(), upper_ranked.end());
    count += upper_count;
    keep_best(ranked, limit);
  }
  if (total != nullptr) *total = count;
  // Equal scores are ordered by the documents' sha256, so that an archive merged from shards,
  // whose ids differ from a single run's, lists ties the same way; then the cut. Only tied
  // hits need their sha256 looked up.
  std::sort(ranked.begin(), ranked.end(),
            [](const auto &a, const auto &b) { return a.second < b.second; });
  Statement sha(db_, "SELECT sha256 FROM documents WHERE id = ?1", path_);
  auto sha_of = [&](long long id) {
    sha.bind(1, id);
    std::string found = sha.step() ? sha.text(0) : std::string();
    sha.reset();
    return found;
  };
  for (size_t first = 0; first < ranked.size() && first < limit;) {
    size_t last = first + 1;
    while (last < ranked.size() && ranked[last].second == ranked[first].second)
      ++last;
    if (last - first > 1) {
      std::vector<std::pair<std::string, long long>> tied;
      for (size_t i = first; i < last; ++i)
        tied.emplace_back(sha_of(ranked[i].first), ranked[i].first);
      std::sort(tied.begin(), tied.end());
      for (size_t i = first; i < last; ++i)
        ranked[i].first = tied[i - first].second;
    }
    first = last;
  }
  ranked.resize(std::min(ranked.size(), limit));
  for (auto &hit : ranked)
    hit.second = 0.0 - hit.second; // vnotice_rank is lower-is-better; a hit's score is not
  return ranked;
}

std::vector<SearchHit>
Archive::hits_of(const SearchQuery &query,
                 const std::vector<std::pair<long long, double>> &ranked) const {
  std::optional<std::string> cites;
  if (query.cites && !query.cites->empty()) cites = cited_key(*query.cites);
  const std::vector<Term> terms = terms_of(query.text);
  Statement quote(db_,
                  "SELECT quote FROM \"references\" WHERE document = ?1 AND cited_key = ?2 "
                  "ORDER BY rowid LIMIT 1",
                  path_);
  Statement fields(db_,
                   "SELECT sha256, file, number_symbol, date, subject, doc_type, issuer, body, "
                   "parent_issuer FROM documents WHERE id = ?1",
                   path_);
  std::vector<SearchHit> hits;
  for (const auto &[id, score] : ranked) {
    fields.bind(1, id);
    if (!fields.step()) continue;
    SearchHit hit;
    hit.sha256 = fields.text(0);
    hit.file = fields.text(1);
    hit.number_symbol = fields.text(2);
    hit.date = fields.text(3);
    hit.subject = fields.text(4);
    hit.doc_type = fields.text(5);
    hit.issuer = fields.text(6);
    hit.score = score;
    const std::string body = fields.text(7);
    const std::string parent_issuer = fields.text(8);
    fields.reset();
    if (!terms.empty()) {
      // The best quote among body, subject and issuer (body first: the subject is shown anyway).
      const std::string issuer_text =
          parent_issuer.empty() ? hit.issuer : parent_issuer + " — " + hit.issuer;
      Snippet best;
      for (const std::string &field : {body, hit.subject, issuer_text}) {
        Snippet snippet = make_snippet(field, terms, query.exact);
        if (snippet.distinct > best.distinct ||
            (snippet.distinct == best.distinct && snippet.matches > best.matches))
          best = std::move(snippet);
      }
      hit.snippet = best.text;
    } else if (cites) {
      quote.bind(1, hit.sha256).bind(2, *cites);
      if (quote.step())
        hit.snippet = make_snippet(quote.text(0), terms_of(*query.cites), false).text;
      quote.reset();
    }
    if (hit.snippet.empty()) hit.snippet = make_snippet(body, {}, false).text;
    hits.push_back(std::move(hit));
  }
  return hits;
}

} // namespace vnotice
