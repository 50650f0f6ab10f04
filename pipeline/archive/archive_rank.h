// Relevance ranking for archive search: an FTS5 auxiliary function of our own, vnotice_rank,
// in place of FTS5's bm25().
//
// Why: bm25() reads every matching row's column sizes from FTS5's docsize table, one B-tree
// lookup per row. A common word ("hồ sơ", "thủ tục") matches most of an archive, and those
// lookups were half the time of a search over 10,000 notices. vnotice_rank reads the sizes from
// an in-memory table (DocumentLengths) filled from the archive's document_lengths table, 256
// documents per row, once per search.
//
// Contract:
// - register_rank_function(db, lengths) installs, on that connection,
//     vnotice_rank(documents_fts, first, n_0, n_1, ...)
//   where the searched columns are [first, first + kSearchedColumns) (0: accent-folded, 3:
//   exact), and n_i is the number of documents that contain the query's i-th phrase (its rarest
//   word). A row where some phrase occurs only outside the searched columns gives NULL: it is
//   not a match. (The MATCH itself names no columns: FTS5 filtering each word's positions by
//   column cost a third of a search for common words.)
//   Otherwise the result is a negative score, lower is better (as FTS5's rank), from BM25F: for
//   each phrase, idf = ln(1 + (N - n + 0.5) / (n + 0.5)) times the sum over the columns of
//   weight * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average length)), with k1 = 1.2,
//   b = 0.75 and the column weights of kColumnWeights. This idf never goes negative, so a word
//   found in most documents still counts (bm25's clamps to almost zero).
// - A row missing from `lengths` (an archive written by an older vnotice, opened read-only)
//   falls back to FTS5's own column sizes: slower, same result.
// - `lengths` must outlive the connection; the function only reads it.
#pragma once
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

struct sqlite3;
struct fts5_api;

namespace vnotice {

// documents_fts's columns: subject, body, issuer accent-folded, then the same exact-folded.
constexpr int kRankedColumns = 6;
constexpr int kSearchedColumns = 3;      // one search reads the folded three or the exact three
constexpr size_t kMaxRankedPhrases = 64; // a longer query ranks by its first 64 phrases
// The subject weighs most, then the issuer, then the body text.
constexpr std::array<double, kRankedColumns> kColumnWeights = {4.0, 1.0, 2.0, 4.0, 1.0, 2.0};

// The BM25F arithmetic above, shared by vnotice_rank and the term postings' search
// (archive_postings.h), so both give the same scores to the last bit.
namespace bm25f {
constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
inline double idf(double documents, double containing) {
  return std::log(1.0 + (documents - containing + 0.5) / (containing + 0.5));
}
inline double average_length(long long rows, long long total) {
  return rows > 0 && total > 0 ? static_cast<double>(total) / static_cast<double>(rows) : 1.0;
}
// k1 * (1 - b + b * length / average)
inline double norm(int length, double average) { return kK1 * (1 - kB + kB * length / average); }
inline double column_score(int column, int frequency, double norm) {
  return kColumnWeights[static_cast<size_t>(column)] * frequency * (kK1 + 1) / (frequency + norm);
}
} // namespace bm25f

// FTS5's totals, as its xRowCount and xColumnTotalSize give them: the "averages" record
// (documents_fts_data, id 1: a varint row count, then a varint token total per column).
struct FtsTotals {
  long long rows = 0;
  std::array<long long, kRankedColumns> tokens{};
};
FtsTotals decode_fts_totals(const std::string &averages);

// Token counts of each document's columns, by FTS5 rowid.
class DocumentLengths {
public:
  using Lengths = std::array<uint16_t, kRankedColumns>;
  static constexpr int kDocumentsPerChunk = 256;

  // Encodes FTS5 docsize rows (id, sz) of one chunk as a document_lengths blob: per document
  // one byte (id % 256) and kRankedColumns little-endian 16-bit counts (capped at 65535).
  static std::string encode_chunk(const std::vector<std::pair<long long, std::string>> &rows);
  // Decodes FTS5's docsize blob (one SQLite varint per column).
  static Lengths decode_docsize(const std::string &sz);

  void clear() {
    by_rowid_.clear();
    known_.clear();
  }
  void add_chunk(long long chunk, const std::string &blob);
  // Null when the row is unknown.
  const Lengths *find(long long rowid) const;

private:
  std::vector<Lengths> by_rowid_;
  std::vector<bool> known_;
};

// The connection's FTS5 API (SELECT fts5(?1) with a pointer binding, the documented way), or
// null when it has none.
fts5_api *fts5_api_of(sqlite3 *db);

// Throws std::runtime_error when the connection has no FTS5 (it always has on Debian's SQLite).
void register_rank_function(sqlite3 *db, const DocumentLengths &lengths);

} // namespace vnotice
