// Searching the archive: the query folded into FTS5 phrases and filters, the ranking (one pass,
// or two halves on two threads), the total, ties by sha256, and the hits with their snippets.
// Writing, opening and merging are in archive.cpp.
#include "pipeline/archive/archive.h"

#include "pipeline/archive/archive_keys.h"
#include "pipeline/archive/archive_rank.h"
#include "pipeline/archive/sqlite_db.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <future>
#include <set>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace vnotice {
namespace {

using sqlite::Statement;
using namespace archive_detail;

// From this many documents on, a search with words ranks in two halves on two threads.
constexpr long long kParallelSearchFrom = 2048;
// Search parameters: ?1-?8 and ?10-?11 are named in SearchSql and Archive::rank; the phrases'
// document frequencies follow from ?12 on.
constexpr int kFirstFrequency = 12;

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
  const FoldedText folded = fold_accents_mapped(text);
  struct Word {
    size_t begin, end; // source bytes
    int term = -1;
  };
  std::vector<Word> words;
  const std::string &key = folded.text;
  size_t i = 0;
  size_t word_start = std::string::npos;
  auto close_word = [&](size_t end) {
    if (word_start == std::string::npos) return;
    const auto [begin, source_end] = folded.source_range(word_start, end);
    Word word{begin, source_end};
    const std::string_view word_key(key.data() + word_start, end - word_start);
    for (size_t t = 0; t < terms.size(); ++t) {
      if (terms[t].accent != word_key) continue;
      if (exact && fold(text.substr(begin, source_end - begin)) != terms[t].exact) continue;
      word.term = static_cast<int>(t);
      break;
    }
    words.push_back(word);
    word_start = std::string::npos;
  };
  while (i < key.size()) {
    const size_t start = i;
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t *>(key.data()), i, key.size(), c);
    if (c >= 0 && u_isalnum(c)) {
      if (word_start == std::string::npos) word_start = start;
    } else {
      close_word(start);
    }
  }
  close_word(key.size());
  if (words.empty()) return best;

  size_t best_begin = 0;
  bool any = false;
  for (size_t m = 0; m < words.size(); ++m) {
    if (words[m].term < 0 && !(terms.empty() && m == 0)) continue;
    const size_t begin = m > kBefore ? m - kBefore : 0;
    std::set<int> seen;
    int matches = 0;
    for (size_t w = begin; w < std::min(words.size(), begin + kWindow); ++w)
      if (words[w].term >= 0) {
        seen.insert(words[w].term);
        ++matches;
      }
    const int distinct = static_cast<int>(seen.size());
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
  std::string match; // empty: no words
  std::optional<std::string> type_key, issuer_key, from, to, cites, signer_key, issuer_name_key;
  std::string filters; // " AND ..." over documents d

  explicit SearchSql(const SearchQuery &query)
      : phrases(query_phrases(query.text, query.exact)), match(fts_query(phrases, query.exact)) {
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
  // Binds the parameters `statement` names (each SQL text names only the ones it uses).
  void bind(Statement &statement) const {
    const std::pair<int, const std::optional<std::string> *> values[] = {
        {2, &type_key}, {3, &issuer_key},      {4, &from},       {5, &to},
        {6, &cites},    {8, &issuer_name_key}, {11, &signer_key}};
    statement.bind(1, match.empty() ? std::nullopt : std::optional(match));
    for (const auto &[index, value] : values)
      if (statement.has_parameter(index)) statement.bind(index, *value);
  }
};

} // namespace

std::vector<SearchHit> Archive::search(const SearchQuery &query) const {
  return hits_of(query, rank(query, static_cast<size_t>(std::max(query.limit, 0))));
}

SearchPage Archive::search_page(const SearchQuery &query) const {
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

std::vector<std::pair<long long, double>> Archive::rank(const SearchQuery &query, size_t limit,
                                                        long long *total) const {
  const SearchSql sql(query);
  const std::vector<std::string> &phrases = sql.phrases;
  const std::string &match = sql.match;
  // vnotice_rank(documents_fts, ?12, ?13, ...): the number of documents holding each phrase.
  std::string rank = "vnotice_rank(documents_fts";
  for (size_t i = 0; i < phrases.size(); ++i)
    rank += fmt::format(", ?{}", kFirstFrequency + i);
  rank += ")";
  if (!match.empty()) load_lengths();
  // Ranking selects ids only, so the sort over every match carries no text; the shown fields
  // are read for the hits that made the cut. Equal scores are ordered by the documents' sha256
  // afterwards, so that an archive merged from shards, whose ids differ from a single run's,
  // lists ties the same way.
  const std::string filter_set = sql.filter_set();
  const std::string &filters = sql.filters;
  using Ranked = std::vector<std::pair<long long, double>>;
  // Runs `text` on one connection: the query's parameters, ?7 the row limit, ?12... the
  // phrases' document frequencies, ?10 (when given) a score.
  // A third column, when the SQL has one, is the number of matches in all; it goes to `*count`.
  auto rank_rows = [&](sqlite3 *db, const std::string &text,
                       const std::vector<long long> &frequencies, long long row_limit,
                       std::optional<double> score = std::nullopt, long long *count = nullptr) {
    Statement statement(db, text, path_);
    for (size_t i = 0; i < frequencies.size(); ++i)
      statement.bind(static_cast<int>(kFirstFrequency + i), frequencies[i]);
    sql.bind(statement);
    statement.bind(7, row_limit);
    if (score) statement.bind(10, *score);
    Ranked ranked;
    if (count != nullptr) *count = 0;
    while (statement.step()) {
      ranked.emplace_back(statement.integer(0), statement.real(1));
      if (count != nullptr) *count = statement.integer(2);
    }
    return ranked;
  };
  // The search on one connection, over the documents with low <= id < high: one row more than
  // asked, to see whether the last place is tied.
  // Ranked by relevance, it also counts every match in its range (count(*) OVER (): the same
  // pass, where a separate count cost a quarter of a search page).
  auto run_part = [&](sqlite3 *db, const std::vector<long long> &frequencies, long long low,
                      long long high, long long *count) {
    const bool by_date = match.empty() || query.order == SearchQuery::Order::date;
    // Newest first walks documents_date (NULL dates sort last in DESC) and stops at the limit,
    // instead of reading and sorting the row of every match.
    const std::string text =
        match.empty() ? fmt::format("SELECT d.id, 0.0 FROM documents d WHERE ?1 IS NULL{} "
                                    "ORDER BY d.date DESC, d.sha256 LIMIT ?7",
                                    filters)
        : by_date
            ? fmt::format("SELECT d.id, 0.0 FROM documents d{} WHERE d.id IN (SELECT rowid FROM "
                          "documents_fts WHERE documents_fts MATCH ?1){} "
                          "ORDER BY d.date DESC, d.sha256 LIMIT ?7",
                          newest_index_ ? " INDEXED BY documents_newest" : "", filters)
        // The rank is named once (score): SQLite would compute -rank and rank apart.
        // Counting costs the CLI's plain search a quarter more: only when asked. (An FTS5
        // function cannot sit beside a window function: the count is outside.)
        : count != nullptr
            ? fmt::format("SELECT id, score, count(*) OVER () FROM (SELECT rowid AS id, {0} AS "
                          "score FROM documents_fts WHERE documents_fts MATCH ?1 AND rowid >= {2} "
                          "AND rowid < {3}{1}) ORDER BY score, id LIMIT ?7",
                          rank, filter_set, low, high)
            : fmt::format("SELECT rowid, {0} AS score FROM documents_fts WHERE documents_fts "
                          "MATCH ?1 AND rowid >= {2} AND rowid < {3}{1} ORDER BY score, rowid "
                          "LIMIT ?7",
                          rank, filter_set, low, high);
    return rank_rows(db, text, frequencies, static_cast<long long>(by_date ? limit : limit + 1),
                     std::nullopt, by_date ? nullptr : count);
  };
  // Document frequencies, for phrases [first, last): how many documents hold each (a count of
  // FTS5 matches reads the document ids only; fts5vocab would read every position too).
  auto frequencies_of = [&](sqlite3 *db, size_t first, size_t last) {
    Statement count(db, "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?1", path_);
    std::vector<long long> out;
    for (size_t i = first; i < last; ++i) {
      count.bind(1, fts_query({phrases[i]}, query.exact, false));
      out.push_back(count.step() ? count.integer(0) : 0);
      count.reset();
    }
    return out;
  };

  Ranked ranked;
  std::vector<long long> frequencies;
  Statement last_id(db_, "SELECT ifnull(max(id), 0) FROM documents", path_);
  last_id.step();
  const long long end = last_id.integer(0) + 1;
  if (match.empty() || query.order == SearchQuery::Order::date) {
    ranked = run_part(db_, {}, 0, end, nullptr);
  } else if (end < kParallelSearchFrom || !parallel_search_) {
    frequencies = frequencies_of(db_, 0, phrases.size());
    ranked = run_part(db_, frequencies, 0, end, total);
  } else {
    // A common word matches most of a large archive and every match is scored: the work is
    // split in two halves by id, each on its own connection and thread, and the two top lists
    // merged. The result is the same as one pass (same scores, same tie order).
    sqlite3 *reader = second_connection();
    const size_t half_phrases = phrases.size() / 2;
    auto other_frequencies =
        std::async(std::launch::async, frequencies_of, reader, half_phrases, phrases.size());
    frequencies = frequencies_of(db_, 0, half_phrases);
    for (long long documents : other_frequencies.get())
      frequencies.push_back(documents);
    const long long middle = end / 2;
    long long lower_count = 0, upper_count = 0;
    auto upper = std::async(std::launch::async, run_part, reader, frequencies, middle, end,
                            total != nullptr ? &upper_count : nullptr);
    ranked = run_part(db_, frequencies, 0, middle, total != nullptr ? &lower_count : nullptr);
    for (auto &hit : upper.get())
      ranked.push_back(hit);
    if (total != nullptr) *total = lower_count + upper_count;
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
      return a.second != b.second ? a.second < b.second : a.first < b.first;
    });
  }
  if (!match.empty() && query.order == SearchQuery::Order::relevance) {
    // The last place is shared: every document with that score competes for it.
    if (ranked.size() > limit && limit > 0 && ranked[limit].second == ranked[limit - 1].second) {
      const double shared = ranked[limit - 1].second;
      std::erase_if(ranked, [&](const auto &hit) { return hit.second == shared; });
      const std::string sql = fmt::format(
          "SELECT rowid, score FROM (SELECT rowid, {0} AS score FROM documents_fts WHERE "
          "documents_fts MATCH ?1{1}) WHERE score = ?10 LIMIT ?7",
          rank, filter_set);
      for (const auto &hit : rank_rows(db_, sql, frequencies, -1, shared))
        ranked.push_back(hit);
    }
    // Ties in sha256 order, then the cut.
    Statement sha(db_, "SELECT sha256 FROM documents WHERE id = ?1", path_);
    std::vector<std::tuple<double, std::string, long long>> keyed;
    for (const auto &[id, score] : ranked) {
      sha.bind(1, id);
      keyed.emplace_back(score, sha.step() ? sha.text(0) : std::string(), id);
      sha.reset();
    }
    std::sort(keyed.begin(), keyed.end());
    keyed.resize(std::min(keyed.size(), limit));
    ranked.clear();
    for (const auto &[score, sha256, id] : keyed)
      ranked.emplace_back(id, score);
  }
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
