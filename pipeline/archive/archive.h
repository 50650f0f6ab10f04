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
// - Search is deterministic: ranked by BM25F (vnotice_rank, pipeline/archive/archive_rank.h:
//   subject weighs most, then issuer, then body), ties by sha256; searches without words and
//   Order::date by date (newest first) then sha256. Queries are bound parameters, never SQL
//   text. A search sees the archive as it is when it starts, other connections' writes
//   included; what it ranks with (column sizes, word counts) is kept between searches until
//   the archive changes. A folded search of single words reads its matches and their counts
//   from term_postings (archive_postings.h, schema 4) instead of FTS5's position lists: the
//   same hits and scores.
// - Files kept with a document (table files) are read in 64 KiB pieces through SQLite's
//   incremental blob I/O, so serving a large original never holds it in memory.
// - Every failure is an Error with a one-line message naming the database file: output_failed
//   when it cannot be created or written (folder missing, read-only, locked, disk full),
//   input_damaged when it is not an SQLite database or is corrupt, input_unsupported when it is
//   another program's database or a newer archive version, input_missing for a shard to merge
//   that does not exist.
// - Use an Archive from one thread at a time. A search over a large archive also reads through a
//   second, read-only connection on a thread of its own (the two halves of the ranking).
#pragma once

#include "pipeline/archive/archive_postings.h"
#include "pipeline/archive/archive_rank.h"
#include "pipeline/record.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
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
  std::optional<std::string> signer;    // accent-folded contains, on the signer's name
  // The issuing body itself, equal once accents and case are folded (not its parent): the
  // search page's issuer filter, whose choices are the facets' issuers.
  std::optional<std::string> issuer_name;
  enum class Order { relevance, date } order = Order::relevance; // date: newest first
  int limit = 20;
  int offset = 0; // hits skipped before the first one returned (paging)
};

struct SearchHit;
// A hit as `vnotice search --json` and the search page's /api/search print it.
nlohmann::ordered_json to_json(const SearchHit &hit);

struct SearchHit {
  std::string sha256, file, number_symbol, date, subject, doc_type, issuer;
  // A short quote around the best matching words, each match in [brackets]; for a query with no
  // words, the quote of the cited reference (with --cites) or the start of the text.
  std::string snippet;
  double score = 0; // relevance, higher is better (BM25F); 0 without words
};

// One page of hits and how many documents match in all.
struct SearchPage {
  std::vector<SearchHit> hits;
  long long total = 0;
};

// How many documents share a value, for the search page's filters and index page.
struct FacetCount {
  std::string value;
  long long documents = 0;
};
struct Facets {
  long long documents = 0;
  std::vector<FacetCount> years;     // newest first
  std::vector<FacetCount> issuers;   // most documents first, then by name
  std::vector<FacetCount> doc_types; // most documents first, then by name
  std::vector<FacetCount> signers;   // most documents first, then by name
};

// A file the archive keeps with a document: its original, the DOCX and ODT of a notice written
// beside it, and a picture of its first page for the search results.
enum class StoredFileKind { original, docx, odt, thumbnail };
std::string_view stored_file_kind_name(StoredFileKind kind);
std::optional<StoredFileKind> stored_file_kind_from_name(std::string_view name);
struct StoredFile {
  StoredFileKind kind = StoredFileKind::original;
  std::string name;    // file name for a download, without folders
  std::string content; // the bytes
};
struct StoredFileInfo {
  StoredFileKind kind = StoredFileKind::original;
  std::string name;
  long long size = 0;
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
  // The same, with files to keep for each record (files[i] for records[i]; may be shorter). A
  // document's files are replaced as a whole when it is added again.
  void add_all(const std::vector<Record> &records,
               const std::vector<std::vector<StoredFile>> &files);

  // Hands the page cache back (it grows to 64 MiB while the archive does): a long batch adds in
  // chunks and calls this after each, so its memory stays flat in the number of files.
  void release_memory();
  // Ranked hits (at most query.limit). Throws Error(usage) for a malformed date filter.
  std::vector<SearchHit> search(const SearchQuery &query) const;
  // query.limit hits from query.offset on, and the number of matching documents.
  SearchPage search_page(const SearchQuery &query) const;
  // The record of a document as stored (schemas/record.schema.json), or nothing.
  std::optional<std::string> record_json(const std::string &sha256) const;
  // The document whose number/symbol is `number_symbol` (folded as --cites folds), if any.
  std::optional<std::string> find_number(const std::string &number_symbol) const;
  Facets facets() const;
  std::vector<StoredFileInfo> files_of(const std::string &sha256) const;
  // Hands a stored file to `sink` in chunks of at most 64 KiB, never whole; false when there
  // is no such file, or the sink returned false (which stops the reading). With `range`, only
  // the bytes [first, first + count) are read, and a file whose size is not `expected_size`
  // (replaced meanwhile by a batch) reads nothing and gives false.
  struct ByteRange {
    long long first = 0, count = 0, expected_size = 0;
  };
  bool read_file(const std::string &sha256, StoredFileKind kind,
                 const std::function<bool(std::string_view)> &sink,
                 std::optional<ByteRange> range = std::nullopt) const;
  // Copies every document of another archive (a shard) into this one, in one transaction; a
  // document present in both is replaced by the shard's. The shard is only read.
  void merge_from(const std::filesystem::path &other);
  long long document_count() const;
  // Whether a search over a large archive ranks its two halves on two threads (the default when
  // the machine has more than one core). The hits are the same either way.
  void set_parallel_search(bool parallel) { parallel_search_ = parallel; }
  // Stops any read still running at `deadline` with Error(limit_exceeded) (SQLite's progress
  // handler), until cleared with nullopt: a server bounds each request's time with it. Moving
  // the Archive clears it.
  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline);
  // SQLite's page cache for this connection (64 MiB by default, for indexing): a server with a
  // connection per worker thread keeps it small.
  void set_cache_kib(int kib);

  const std::filesystem::path &path() const { return path_; }

private:
  Archive(sqlite3 *db, std::filesystem::path path);
  void add_one(const Record &record, const std::vector<StoredFile> &files);
  // The ranked ids and scores of one search, before the fields are read.
  // With words and by relevance, `*total` (when given) is set to the number of matches.
  std::vector<std::pair<long long, double>> rank(const SearchQuery &query, size_t wanted,
                                                 long long *total = nullptr) const;
  std::vector<SearchHit> hits_of(const SearchQuery &query,
                                 const std::vector<std::pair<long long, double>> &ranked) const;
  long long count_matches(const SearchQuery &query) const;
  // Rewrites the document_lengths and term_postings rows of the chunks whose documents were
  // added or replaced since the last call.
  void write_pending_chunks();
  // Makes lengths_ and the document counts below those of the archive as it is now: reloaded
  // when another connection has committed since the last search (PRAGMA data_version) or this
  // one has written, kept otherwise (a server's searches mostly find the archive unchanged).
  void refresh_statistics() const;
  // How many documents hold each phrase (anywhere), for the ranking's idf: remembered per phrase
  // until the archive changes, counted with FTS5 the first time.
  std::vector<long long> documents_with(const std::vector<std::string> &phrases) const;
  // The term postings of each phrase, for a folded search; nothing when the archive has none
  // (schema 3 read as it is), some phrase is not one token (FTS5 then finds it), or the lists
  // are too long to hold.
  // At most kMaxPostingsPerSearch entries in all (24 bytes each): past that, FTS5, which
  // streams.
  std::optional<PhrasePostings> folded_postings(const std::vector<std::string> &phrases) const;
  // A read-only connection to the same file for the second half of a large search (opened on
  // first use).
  sqlite3 *second_connection() const;

  sqlite3 *db_ = nullptr;
  std::filesystem::path path_;
  std::unique_ptr<DocumentLengths> lengths_; // read by vnotice_rank; filled by search()
  std::set<long long> dirty_chunks_;         // document_lengths rows to rewrite
  mutable sqlite3 *reader_ = nullptr;        // see second_connection()
  std::optional<std::chrono::steady_clock::time_point> deadline_; // see set_deadline()
  bool newest_index_ = false; // documents_newest exists (schema 3)
  bool postings_ = false;     // term_postings exists (schema 4): relevance ranks from it
  mutable std::unique_ptr<FtsTokenizer> tokenizer_; // splits query phrases as FTS5 does
  // See refresh_statistics(): the data_version they were read at (none: read them again).
  struct Statistics {
    std::optional<long long> data_version;
    std::unordered_map<std::string, long long> documents_with;
    FtsTotals totals; // FTS5's row count and column totals (with postings_)
  };
  mutable Statistics statistics_;
  bool parallel_search_ = std::thread::hardware_concurrency() > 1;
};

} // namespace vnotice
