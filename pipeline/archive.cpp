#include "pipeline/archive.h"

#include "pipeline/archive_rank.h"

#include "pipeline/error.h"
#include "pipeline/sqlite_db.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <future>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <utility>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using sqlite::DbPtr;
using sqlite::exec;
using sqlite::fail;
using sqlite::Statement;
using sqlite::Transaction;

// "vNTc" in PRAGMA application_id marks a file as a vnotice archive, so an index never writes
// its tables into another program's database. user_version is the schema version.
constexpr int kApplicationId = 0x764e5463;
// 2: document_lengths (column sizes for vnotice_rank, pipeline/archive_rank.h). 3: files.
constexpr int kSchemaVersion = 3;

// From this many documents on, a search with words ranks in two halves on two threads.
constexpr long long kParallelSearchFrom = 2048;
// Search parameters: ?1-?8 and ?10-?11 are named in SearchSql and Archive::rank; the phrases'
// document frequencies follow from ?12 on.
constexpr int kFirstFrequency = 12;

constexpr const char *kSchema = R"sql(
CREATE TABLE documents (
  -- Small columns first: filters then read them from the row's first page, never from the
  -- overflow pages that hold body and record_json.
  id INTEGER PRIMARY KEY,          -- rowid of the document's documents_fts row
  sha256 TEXT NOT NULL UNIQUE,     -- of the source file: the key
  date TEXT, type_key TEXT, doc_type_key TEXT, issuer_key TEXT NOT NULL, -- keys for filters
  file TEXT NOT NULL,
  doc_type TEXT, type_code TEXT, number TEXT, symbol TEXT, number_symbol TEXT,
  issuer TEXT, parent_issuer TEXT, place TEXT, subject TEXT, signer TEXT,
  body TEXT NOT NULL,              -- section titles and texts as displayed, for snippets
  record_json TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);
-- Newest first, ties by sha256: walked by a search sorted by date, which stops at its limit.
CREATE INDEX documents_newest ON documents(date DESC, sha256);
-- Small indexes the --type and --issuer filters scan instead of the documents rows.
CREATE INDEX documents_type ON documents(type_key, doc_type_key);
CREATE INDEX documents_issuer ON documents(issuer_key);
CREATE TABLE "references" (
  document TEXT NOT NULL,          -- documents.sha256 of the citing document
  number_symbol TEXT, type_code TEXT, date TEXT, issuer TEXT,
  cited_key TEXT,                  -- accent-folded number_symbol without spaces, for --cites
  quote TEXT NOT NULL              -- the sentence it was found in
);
CREATE INDEX references_document ON "references"(document);
CREATE INDEX references_cited ON "references"(cited_key);
CREATE TABLE metrics (
  document TEXT NOT NULL, key TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
  section TEXT NOT NULL
);
CREATE INDEX metrics_document ON metrics(document);
CREATE INDEX metrics_key ON metrics(key);
-- _f columns: fold_accents; _x columns: fold (accents kept). Folded by vnotice, so the tokenizer
-- only splits words; it must not strip diacritics or the exact columns would lose them.
CREATE VIRTUAL TABLE documents_fts USING fts5(
  subject_f, body_f, issuer_f, subject_x, body_x, issuer_x,
  tokenize = 'unicode61 remove_diacritics 0');
-- Token counts of documents_fts's columns, 256 documents a row (DocumentLengths::encode_chunk):
-- search reads them all in a few rows instead of one docsize lookup per matching document.
CREATE TABLE document_lengths (chunk INTEGER PRIMARY KEY, lengths BLOB NOT NULL);
)sql";

constexpr const char *kFilesTable = R"sql(
-- Files kept with a document (StoredFileKind): read back in pieces with incremental blob I/O.
CREATE TABLE IF NOT EXISTS files (
  document TEXT NOT NULL,          -- documents.sha256
  kind TEXT NOT NULL,              -- original, docx, odt, thumbnail
  name TEXT NOT NULL,              -- file name offered for download
  content BLOB NOT NULL,
  PRIMARY KEY (document, kind)
);
)sql";

// ATTACH for the life of the object (ATTACH is not allowed inside a transaction, so this wraps
// the Transaction, not the other way round).
class Attachment {
public:
  Attachment(sqlite3 *db, const fs::path &shard, const fs::path &file) : db_(db) {
    Statement(db, "ATTACH DATABASE ?1 AS shard", file).bind(1, shard.string()).run();
  }
  Attachment(const Attachment &) = delete;
  Attachment &operator=(const Attachment &) = delete;
  ~Attachment() { sqlite3_exec(db_, "DETACH DATABASE shard", nullptr, nullptr, nullptr); }

private:
  sqlite3 *db_;
};

DbPtr open_connection(const fs::path &path, bool read_only) {
  std::error_code error;
  if (fs::is_directory(path, error))
    throw Error(read_only ? ExitCode::input_missing : ExitCode::output_failed, path.string(),
                "is a folder, not an archive file; give a file name with --db");
  sqlite3 *raw = nullptr;
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) fail(db.get(), rc, path, read_only ? "open" : "create");
  sqlite3_extended_result_codes(db.get(), 1);
  // A batch writing while someone searches: wait for the lock rather than fail at once.
  sqlite3_busy_timeout(db.get(), 10000);
  // The default 2 MiB page cache makes a 10,000-document transaction spill and re-read pages
  // through the OS (indexing got slower as the file grew); 64 MiB keeps the working set.
  sqlite3_exec(db.get(), "PRAGMA cache_size = -65536", nullptr, nullptr, nullptr);
  return db;
}

long long chunk_of(long long rowid) { return rowid / DocumentLengths::kDocumentsPerChunk; }

// Rewrites the document_lengths rows of `chunks` from FTS5's docsize table (whose blob format,
// one varint per column, is part of FTS5's stable file format).
void write_lengths(sqlite3 *db, const fs::path &path, const std::set<long long> &chunks) {
  Statement rows(
      db, "SELECT id, sz FROM documents_fts_docsize WHERE id >= ?1 AND id < ?2 ORDER BY id", path);
  Statement put(db, "INSERT OR REPLACE INTO document_lengths (chunk, lengths) VALUES (?1, ?2)",
                path);
  Statement drop(db, "DELETE FROM document_lengths WHERE chunk = ?1", path);
  for (const long long chunk : chunks) {
    rows.bind(1, chunk * DocumentLengths::kDocumentsPerChunk)
        .bind(2, (chunk + 1) * DocumentLengths::kDocumentsPerChunk);
    std::vector<std::pair<long long, std::string>> sizes;
    while (rows.step())
      sizes.emplace_back(rows.integer(0), rows.blob(1));
    rows.reset();
    if (sizes.empty())
      drop.bind(1, chunk).run();
    else
      put.bind(1, chunk).bind_blob(2, DocumentLengths::encode_chunk(sizes)).run();
  }
}

void rebuild_lengths(sqlite3 *db, const fs::path &path) {
  exec(db, "DELETE FROM document_lengths", path);
  std::set<long long> chunks;
  Statement ids(db, "SELECT id FROM documents_fts_docsize", path);
  while (ids.step())
    chunks.insert(chunk_of(ids.integer(0)));
  write_lengths(db, path, chunks);
}

// Checks the file is a vnotice archive of a version this build reads. An empty database gets the
// schema when `create`; otherwise it is refused like another program's database.
void prepare_schema(sqlite3 *db, const fs::path &path, bool create) {
  // The first read is where SQLite notices a file that is not a database (SQLITE_NOTADB).
  Statement application(db, "PRAGMA application_id", path);
  application.step();
  const long long application_id = application.integer(0);
  Statement version(db, "PRAGMA user_version", path);
  version.step();
  const long long user_version = version.integer(0);
  Statement tables(db, "SELECT count(*) FROM sqlite_schema", path);
  tables.step();
  const long long table_count = tables.integer(0);

  if (table_count == 0 && application_id == 0) {
    if (!create)
      throw Error(ExitCode::input_unsupported, path.string(),
                  "is an empty database, not a vnotice archive; index documents into it first");
    Transaction transaction(db, path);
    exec(db, kSchema, path);
    exec(db, kFilesTable, path);
    exec(db, fmt::format("PRAGMA application_id = {}", kApplicationId).c_str(), path);
    exec(db, fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(), path);
    transaction.commit();
    return;
  }
  if (application_id != kApplicationId)
    throw Error(ExitCode::input_unsupported, path.string(),
                "is another program's SQLite database, not a vnotice archive; give another --db "
                "file");
  if (user_version > kSchemaVersion)
    throw Error(ExitCode::input_unsupported, path.string(),
                fmt::format("is an archive of a newer vnotice (schema {}, this one reads {}); "
                            "update vnotice",
                            user_version, kSchemaVersion));
  if (user_version < kSchemaVersion && create) {
    Transaction transaction(db, path);
    if (user_version < 2) { // schema 1 had no document_lengths: add it
      exec(db,
           "CREATE TABLE document_lengths (chunk INTEGER PRIMARY KEY, lengths BLOB NOT NULL);"
           "CREATE INDEX IF NOT EXISTS documents_type ON documents(type_key, doc_type_key);"
           "CREATE INDEX IF NOT EXISTS documents_issuer ON documents(issuer_key);",
           path);
      rebuild_lengths(db, path);
    }
    // Schema 2 had no files table, nor the newest-first index.
    exec(db, kFilesTable, path);
    exec(db, "CREATE INDEX IF NOT EXISTS documents_newest ON documents(date DESC, sha256)", path);
    exec(db, fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(), path);
    transaction.commit();
  }
}

// ---- Folding and keys ---------------------------------------------------------------------

// Whitespace runs (line breaks from the letterhead, OCR double spaces) to one space, trimmed.
std::string squash(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

std::string accent_key(std::string_view text) { return squash(fold_accents(text)); }

// A number/symbol as --cites compares it: `2532/KH- SCT` and `2532/kh-sct` are the same.
std::string cited_key(std::string_view number_symbol) {
  std::string key = fold_accents(number_symbol);
  std::erase_if(key, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  return key;
}

// vnotice_accent_key(text) in SQL: accent_key, for filters on columns stored unfolded.
void register_key_function(sqlite3 *db) {
  auto call = [](sqlite3_context *context, int, sqlite3_value **values) {
    const auto *text = sqlite3_value_text(values[0]);
    if (text == nullptr) return sqlite3_result_null(context);
    const std::string key = accent_key(std::string_view(
        reinterpret_cast<const char *>(text), static_cast<size_t>(sqlite3_value_bytes(values[0]))));
    sqlite3_result_text(context, key.data(), static_cast<int>(key.size()), SQLITE_TRANSIENT);
  };
  sqlite3_create_function_v2(db, "vnotice_accent_key", 1,
                             SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, call,
                             nullptr, nullptr, nullptr);
}

std::optional<std::string> key_of(const std::optional<std::string> &value) {
  if (!value) return std::nullopt;
  return accent_key(*value);
}

void append_sections(const std::vector<Section> &sections, std::string &out) {
  for (const Section &section : sections) {
    std::string heading = section.label;
    if (section.title) heading += (heading.empty() ? "" : ". ") + *section.title;
    if (!heading.empty()) out += heading + "\n";
    if (!section.text.empty()) out += section.text + "\n";
    append_sections(section.children, out);
  }
}

std::string join_present(std::initializer_list<const std::optional<std::string> *> parts,
                         std::string_view separator) {
  std::string out;
  for (const auto *part : parts) {
    if (!*part || (*part)->empty()) continue;
    if (!out.empty()) out += separator;
    out += **part;
  }
  return out;
}

// ---- Snippets -----------------------------------------------------------------------------

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
    return Error(
        ExitCode::usage, flag,
        fmt::format("'{}' is not a date; write YYYY-MM-DD, YYYY-MM, YYYY or D/M/YYYY", value));
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

} // namespace

// ---- Archive ------------------------------------------------------------------------------

Archive Archive::open(const fs::path &db) {
  DbPtr connection = open_connection(db, false);
  prepare_schema(connection.get(), db, true);
  // Write-ahead logging: people searching the archive keep getting answers while a batch writes
  // to it, instead of waiting for each commit (https://sqlite.org/wal.html). The mode is stored
  // in the file, so readers opened later use it too.
  exec(connection.get(), "PRAGMA journal_mode = WAL", db);
  return Archive(connection.release(), db);
}

Archive Archive::open_for_reading(const fs::path &db) {
  std::error_code error;
  if (!fs::exists(db, error))
    throw Error(ExitCode::input_missing, db.string(),
                "no such archive; create it with 'vnotice index FILES... --db' or check the path");
  DbPtr connection = open_connection(db, true);
  prepare_schema(connection.get(), db, false);
  return Archive(connection.release(), db);
}

Archive::Archive(sqlite3 *db, fs::path path)
    : db_(db), path_(std::move(path)), lengths_(std::make_unique<DocumentLengths>()) {
  try {
    register_rank_function(db_, *lengths_);
    register_key_function(db_);
  } catch (const std::runtime_error &) {
    sqlite3_close_v2(db_);
    throw Error(ExitCode::dependency_missing, path_.string(),
                "this SQLite has no full-text search (FTS5); install Debian's libsqlite3-0");
  }
  // An archive of schema 2 read as it is lacks it (opened for writing, it gets it).
  Statement index(db_, "SELECT count(*) FROM sqlite_schema WHERE name = 'documents_newest'", path_);
  newest_index_ = index.step() && index.integer(0) > 0;
}

Archive::Archive(Archive &&other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)),
      lengths_(std::move(other.lengths_)), dirty_chunks_(std::move(other.dirty_chunks_)),
      reader_(std::exchange(other.reader_, nullptr)), newest_index_(other.newest_index_) {
  // The progress handler points at the moved-from object: a moved archive has no deadline.
  if (db_ != nullptr) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  if (reader_ != nullptr) sqlite3_progress_handler(reader_, 0, nullptr, nullptr);
}

Archive &Archive::operator=(Archive &&other) noexcept {
  if (this != &other) {
    if (reader_ != nullptr) sqlite3_close_v2(reader_);
    reader_ = std::exchange(other.reader_, nullptr);
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    lengths_ = std::move(other.lengths_);
    dirty_chunks_ = std::move(other.dirty_chunks_);
    newest_index_ = other.newest_index_;
    deadline_.reset();
    if (db_ != nullptr) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    if (reader_ != nullptr) sqlite3_progress_handler(reader_, 0, nullptr, nullptr);
  }
  return *this;
}

Archive::~Archive() {
  if (reader_ != nullptr) sqlite3_close_v2(reader_);
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

void Archive::add_one(const Record &record, const std::vector<StoredFile> &files) {
  if (record.source.sha256.empty())
    throw Error(ExitCode::input_damaged, record.source.file,
                "the record has no source.sha256, so it cannot be archived; parse the document "
                "again with vnotice parse");
  const std::string &sha = record.source.sha256;

  std::string body;
  append_sections(record.sections, body);
  const std::string issuer_text = join_present({&record.parent_issuer, &record.issuer}, " — ");
  const std::string subject_text =
      join_present({&record.doc_type, &record.number_symbol, &record.subject}, " ");

  // Replace: drop the old rows of this file (if any) and write the new ones.
  Statement find(db_, "SELECT id FROM documents WHERE sha256 = ?1", path_);
  find.bind(1, sha);
  if (find.step()) {
    const long long id = find.integer(0);
    dirty_chunks_.insert(chunk_of(id));
    Statement(db_, "DELETE FROM documents_fts WHERE rowid = ?1", path_).bind(1, id).run();
    Statement(db_, "DELETE FROM documents WHERE id = ?1", path_).bind(1, id).run();
    Statement(db_, "DELETE FROM \"references\" WHERE document = ?1", path_).bind(1, sha).run();
    Statement(db_, "DELETE FROM metrics WHERE document = ?1", path_).bind(1, sha).run();
  }

  Statement insert(db_,
                   "INSERT INTO documents (sha256, file, doc_type, type_code, number, symbol, "
                   "number_symbol, issuer, parent_issuer, place, date, subject, signer, body, "
                   "type_key, doc_type_key, issuer_key, record_json) VALUES (?1, ?2, ?3, ?4, ?5, "
                   "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                   path_);
  insert.bind(1, sha)
      .bind(2, record.source.file)
      .bind(3, record.doc_type)
      .bind(4, record.type_code)
      .bind(5, record.number)
      .bind(6, record.symbol)
      .bind(7, record.number_symbol)
      .bind(8, record.issuer)
      .bind(9, record.parent_issuer)
      .bind(10, record.place)
      .bind(11, record.date)
      .bind(12, record.subject)
      .bind(13, record.signer.name)
      .bind(14, body)
      .bind(15, key_of(record.type_code))
      .bind(16, key_of(record.doc_type))
      .bind(17, accent_key(issuer_text))
      .bind(18, to_json(record).dump())
      .run();
  const long long id = sqlite3_last_insert_rowid(db_);
  dirty_chunks_.insert(chunk_of(id));

  const std::string subject = record.subject.value_or("");
  Statement fts(db_,
                "INSERT INTO documents_fts (rowid, subject_f, body_f, issuer_f, subject_x, body_x, "
                "issuer_x) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                path_);
  fts.bind(1, id)
      .bind(2, fold_accents(subject_text))
      .bind(3, fold_accents(body))
      .bind(4, fold_accents(issuer_text))
      .bind(5, fold(subject_text))
      .bind(6, fold(body))
      .bind(7, fold(issuer_text))
      .run();

  Statement reference(db_,
                      "INSERT INTO \"references\" (document, number_symbol, type_code, date, "
                      "issuer, cited_key, quote) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                      path_);
  for (const Reference &cited : record.references) {
    reference.bind(1, sha)
        .bind(2, cited.number_symbol)
        .bind(3, cited.type_code)
        .bind(4, cited.date)
        .bind(5, cited.issuer)
        .bind(6,
              cited.number_symbol ? std::optional(cited_key(*cited.number_symbol)) : std::nullopt)
        .bind(7, cited.evidence.text)
        .run();
  }
  Statement metric(db_,
                   "INSERT INTO metrics (document, key, value, unit, section) VALUES (?1, ?2, ?3, "
                   "?4, ?5)",
                   path_);
  for (const Metric &figure : record.metrics)
    metric.bind(1, sha)
        .bind(2, figure.key)
        .bind(3, figure.value)
        .bind(4, figure.unit)
        .bind(5, figure.section)
        .run();

  if (files.empty()) return; // the files kept before, if any, stay
  Statement(db_, "DELETE FROM files WHERE document = ?1", path_).bind(1, sha).run();
  Statement file(db_,
                 "INSERT OR REPLACE INTO files (document, kind, name, content) VALUES "
                 "(?1, ?2, ?3, ?4)",
                 path_);
  for (const StoredFile &stored : files)
    file.bind(1, sha)
        .bind(2, stored_file_kind_name(stored.kind))
        .bind(3, stored.name)
        .bind_blob(4, stored.content)
        .run();
}

void Archive::add(const Record &record) { add_all({record}, {}); }

void Archive::add_all(const std::vector<Record> &records) { add_all(records, {}); }

void Archive::add_all(const std::vector<Record> &records,
                      const std::vector<std::vector<StoredFile>> &files) {
  Transaction transaction(db_, path_);
  dirty_chunks_.clear();
  static const std::vector<StoredFile> none;
  for (size_t i = 0; i < records.size(); ++i)
    add_one(records[i], i < files.size() ? files[i] : none);
  write_pending_lengths();
  transaction.commit();
}

void Archive::write_pending_lengths() {
  write_lengths(db_, path_, dirty_chunks_);
  dirty_chunks_.clear();
}

sqlite3 *Archive::second_connection() const {
  if (reader_ == nullptr) {
    DbPtr reader = open_connection(path_, true);
    register_rank_function(reader.get(), *lengths_);
    register_key_function(reader.get());
    reader_ = reader.release();
  }
  return reader_;
}

void Archive::load_lengths() const {
  lengths_->clear();
  Statement exists(db_, "SELECT count(*) FROM sqlite_schema WHERE name = 'document_lengths'",
                   path_);
  if (!exists.step() || exists.integer(0) == 0) return; // schema 1, read-only: FTS5's sizes
  Statement chunks(db_, "SELECT chunk, lengths FROM document_lengths", path_);
  while (chunks.step())
    lengths_->add_chunk(chunks.integer(0), chunks.blob(1));
}

void Archive::release_memory() { sqlite3_db_release_memory(db_); }

long long Archive::document_count() const {
  Statement count(db_, "SELECT count(*) FROM documents", path_);
  count.step();
  return count.integer(0);
}

namespace {

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

std::optional<std::string> Archive::find_number(const std::string &number_symbol) const {
  // The number before the slash narrows the rows; the folded comparison decides.
  const std::string number = number_symbol.substr(0, number_symbol.find('/'));
  const std::string wanted = cited_key(number_symbol);
  Statement candidates(db_,
                       "SELECT sha256, number_symbol FROM documents WHERE number = ?1 "
                       "ORDER BY sha256",
                       path_);
  candidates.bind(1, squash(number));
  while (candidates.step())
    if (cited_key(candidates.text(1)) == wanted) return candidates.text(0);
  return std::nullopt;
}

void Archive::merge_from(const fs::path &other) {
  std::error_code error;
  if (!fs::exists(other, error))
    throw Error(ExitCode::input_missing, other.string(),
                "no such archive; check the path of the shard to merge");
  if (fs::equivalent(other, path_, error))
    throw Error(ExitCode::usage, other.string(), "is the output archive itself; merge other files");
  {
    // Checked on its own read-only connection first: ATTACH would create a missing file and
    // would not say what is wrong with another program's database.
    DbPtr shard = open_connection(other, true);
    prepare_schema(shard.get(), other, false);
  }
  Attachment attachment(db_, other, path_);
  Transaction transaction(db_, path_);
  // The shard's copy wins, as when a document is indexed again.
  exec(db_,
       "DELETE FROM documents_fts WHERE rowid IN (SELECT id FROM main.documents WHERE sha256 IN "
       "(SELECT sha256 FROM shard.documents));"
       "DELETE FROM main.\"references\" WHERE document IN (SELECT sha256 FROM shard.documents);"
       "DELETE FROM main.metrics WHERE document IN (SELECT sha256 FROM shard.documents);"
       "DELETE FROM main.documents WHERE sha256 IN (SELECT sha256 FROM shard.documents);"
       "INSERT INTO main.documents (sha256, file, doc_type, type_code, number, symbol, "
       "number_symbol, issuer, parent_issuer, place, date, subject, signer, body, type_key, "
       "doc_type_key, issuer_key, record_json) SELECT sha256, file, doc_type, type_code, number, "
       "symbol, number_symbol, issuer, parent_issuer, place, date, subject, signer, body, "
       "type_key, doc_type_key, issuer_key, record_json FROM shard.documents ORDER BY sha256;"
       "INSERT INTO main.documents_fts (rowid, subject_f, body_f, issuer_f, subject_x, body_x, "
       "issuer_x) SELECT m.id, f.subject_f, f.body_f, f.issuer_f, f.subject_x, f.body_x, "
       "f.issuer_x FROM shard.documents_fts f JOIN shard.documents s ON s.id = f.rowid JOIN "
       "main.documents m ON m.sha256 = s.sha256 ORDER BY m.id;"
       "INSERT INTO main.\"references\" SELECT * FROM shard.\"references\" ORDER BY rowid;"
       "INSERT INTO main.metrics SELECT * FROM shard.metrics ORDER BY rowid;",
       path_);
  // A shard of schema 2 has no files; a document whose shard copy has files gets those.
  Statement has_files(db_, "SELECT count(*) FROM shard.sqlite_schema WHERE name = 'files'", path_);
  if (has_files.step() && has_files.integer(0) > 0)
    exec(db_,
         "DELETE FROM main.files WHERE document IN (SELECT document FROM shard.files);"
         "INSERT INTO main.files (document, kind, name, content) SELECT document, kind, name, "
         "content FROM shard.files ORDER BY document, kind;",
         path_);
  rebuild_lengths(db_, path_);
  transaction.commit();
}

} // namespace vnotice
