// Term postings: for each word of the accent-folded columns, the documents that hold it and how
// often in each column. Relevance search reads these instead of asking FTS5 to walk every
// matching row's positions.
//
// Why: a word found in most of an archive ("cai cach", "ho so") matches thousands of documents,
// and BM25 needs each one's occurrence counts. Through FTS5 that is a call of vnotice_rank per
// row and a walk of the row's position lists (4 to 6 ms a search page over 10,000 notices, the
// slow tail of the search page). The counts read from here are the same numbers, packed per 256
// documents, and a search is a merge of a few sorted lists.
//
// Contract:
// - term_postings(term, chunk, postings) holds, for every token of the columns subject_f,
//   body_f and issuer_f of documents_fts (split by the table's own tokenizer, unicode61
//   remove_diacritics 0), one row per chunk of 256 rowids (DocumentLengths::kDocumentsPerChunk)
//   where it occurs. It is derived data: write_postings() rewrites the rows of the chunks given,
//   from documents_fts as it is, in the writer's transaction.
// - read_postings() gives a term's documents in rowid order with their counts in those three
//   columns. Exact (accent-kept) searches and phrases of several tokens still go through FTS5.
#pragma once
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

struct sqlite3;
struct fts5_tokenizer;
struct Fts5Tokenizer;

namespace vnotice {

struct Posting {
  long long rowid = 0;
  std::array<uint32_t, 3> frequency{}; // in subject_f, body_f, issuer_f
};

// The table's tokenizer (FTS5's unicode61, remove_diacritics 0), created on `db` and freed with
// this object. Throws std::runtime_error when the connection has no FTS5.
class FtsTokenizer {
public:
  explicit FtsTokenizer(sqlite3 *db);
  FtsTokenizer(const FtsTokenizer &) = delete;
  FtsTokenizer &operator=(const FtsTokenizer &) = delete;
  ~FtsTokenizer();
  // The tokens of `text` as FTS5 indexes them (case-folded, cut at FTS5's 32,768 bytes), in
  // order.
  std::vector<std::string> tokens(std::string_view text) const;
  // Calls each(token) for them, without copies (the view lasts until each returns).
  template <typename Each> void for_each_token(std::string_view text, Each &&each) const {
    tokenize(text, &each, [](void *context, std::string_view token) {
      (*static_cast<std::remove_reference_t<Each> *>(context))(token);
    });
  }

private:
  void tokenize(std::string_view text, void *context,
                void (*each)(void *context, std::string_view token)) const;
  std::unique_ptr<fts5_tokenizer> methods_;
  Fts5Tokenizer *tokenizer_ = nullptr;
};

// Rewrites the term_postings rows of `chunks` from documents_fts; rebuild_postings() every row.
void write_postings(sqlite3 *db, const std::filesystem::path &path,
                    const std::set<long long> &chunks);
void rebuild_postings(sqlite3 *db, const std::filesystem::path &path);

// Every document holding `term` (a token as FtsTokenizer gives it), in rowid order, appended
// to `out`; false (and `out` as it was) when that would make `out` longer than `at_most`.
bool read_postings(sqlite3 *db, const std::filesystem::path &path, std::string_view term,
                   size_t at_most, std::vector<Posting> &out);

// A query's postings: each distinct word's list once, and the list each phrase reads (a word
// asked twice shares one).
struct PhrasePostings {
  std::vector<std::vector<Posting>> lists;
  std::vector<size_t> list_of_phrase;
};

} // namespace vnotice
