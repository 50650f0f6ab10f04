// The archive: an embedded SQLite database of parsed documents that archivists search again
// years later (`vnotice index`, `vnotice search`, `vnotice archive merge`, `vnotice batch`).
//
// Contract:
// - One file, one writer. Documents are keyed by the SHA-256 of their source file: adding the
//   same file again replaces its row (and its references, metrics and search text), so re-running
//   an index or a batch never makes duplicates. A record without a sha256 is refused.
// - Tables: documents (one row per source file, with the whole record as JSON), "references"
//   (the documents each one cites), metrics (its figures), and documents_fts, an FTS5 index over
//   subject, section texts and issuer. Vietnamese folding is done here, before SQLite sees the
//   text: every indexed field is stored twice, accent-folded (fold_accents: `Đồng Tháp` ->
//   `dong thap`; SQLite's unicode61 cannot map đ to d) and exact-folded (fold: case, NFC/NFD and
//   tone placement folded, accents kept), and the query is folded the same way.
// - Search is deterministic: ranked by BM25F (vnotice_rank, pipeline/archive_rank.h: subject
//   weighs most, then issuer, then body), ties by date (newest first) then sha256 (unfiltered
//   searches: by order of indexing). Queries are bound parameters, never SQL text.
// - Every failure is an Error with a one-line message naming the database file: output_failed
//   when it cannot be created or written (folder missing, read-only, locked, disk full),
//   input_damaged when it is not an SQLite database or is corrupt, input_unsupported when it is
//   another program's database or a newer archive version, input_missing for a shard to merge
//   that does not exist.
// - Use an Archive from one thread at a time. A search over a large archive also reads through a
//   second, read-only connection on a thread of its own (the two halves of the ranking).
#pragma once

#include "pipeline/record.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

struct sqlite3;

namespace vnotice {

class DocumentLengths;

struct SearchQuery {
  // Words to find (all of them, in any order; a chunk with punctuation such as `2532/KH-SCT` is a
  // phrase). Empty: every document that passes the filters, newest first.
  std::string text;
  bool exact = false; // accents must match (tone placement, case and NFC/NFD still do not)
  std::optional<std::string> type_code; // "TB", "QĐ" (or "QD"), or the type name "Thông báo"
  std::optional<std::string> issuer;    // accent-folded contains, on issuer and parent issuer
  std::optional<std::string> from, to;  // dates, inclusive: YYYY, YYYY-MM, YYYY-MM-DD or D/M/YYYY
  std::optional<std::string> cites;     // a number/symbol the document references (folded equal)
  int limit = 20;
};

struct SearchHit {
  std::string sha256, file, number_symbol, date, subject, doc_type, issuer;
  // A short quote around the best matching words, each match in [brackets]; for a query with no
  // words, the quote of the cited reference (with --cites) or the start of the text.
  std::string snippet;
  double score = 0; // relevance, higher is better (BM25F); 0 without words
};

class Archive {
public:
  // Opens the archive, creating the file and its schema when new. Throws Error (see above).
  static Archive open(const std::filesystem::path &db);
  // Opens an existing archive read-only (search): never creates or changes the file. Throws
  // Error(input_missing) when there is no such file, and the errors above.
  static Archive open_for_reading(const std::filesystem::path &db);

  Archive(Archive &&other) noexcept;
  Archive &operator=(Archive &&other) noexcept;
  Archive(const Archive &) = delete;
  Archive &operator=(const Archive &) = delete;
  ~Archive();

  // Inserts or replaces the document (keyed by record.source.sha256), in its own transaction.
  void add(const Record &record);
  // Adds every record in one transaction: all or nothing, and far faster than one by one.
  void add_all(const std::vector<Record> &records);

  // Hands the page cache back (it grows to 64 MiB while the archive does): a long batch adds in
  // chunks and calls this after each, so its memory stays flat in the number of files.
  void release_memory();
  // Ranked hits (at most query.limit). Throws Error(usage) for a malformed date filter.
  std::vector<SearchHit> search(const SearchQuery &query) const;
  // Copies every document of another archive (a shard) into this one, in one transaction; a
  // document present in both is replaced by the shard's. The shard is only read.
  void merge_from(const std::filesystem::path &other);
  long long document_count() const;
  // Whether a search over a large archive ranks its two halves on two threads (the default when
  // the machine has more than one core). The hits are the same either way.
  void set_parallel_search(bool parallel) { parallel_search_ = parallel; }

  const std::filesystem::path &path() const { return path_; }

private:
  Archive(sqlite3 *db, std::filesystem::path path);
  void add_one(const Record &record);
  // Writes document_lengths for the documents added or replaced since the last call.
  void write_pending_lengths();
  // Reads document_lengths into lengths_ (a search must see the archive as it is now).
  void load_lengths() const;
  // A read-only connection to the same file for the second half of a large search (opened on
  // first use).
  sqlite3 *second_connection() const;

  sqlite3 *db_ = nullptr;
  std::filesystem::path path_;
  std::unique_ptr<DocumentLengths> lengths_; // read by vnotice_rank; filled by search()
  std::set<long long> dirty_chunks_;         // document_lengths rows to rewrite
  mutable sqlite3 *reader_ = nullptr;        // see second_connection()
  bool parallel_search_ = std::thread::hardware_concurrency() > 1;
};

} // namespace vnotice
