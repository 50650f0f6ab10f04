#include "pipeline/archive/archive.h"

#include "pipeline/archive/archive_keys.h"
#include "pipeline/archive/archive_postings.h"
#include "pipeline/archive/archive_rank.h"

#include "pipeline/archive/sqlite_db.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <set>
#include <sqlite3.h>
#include <utility>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using sqlite::DbPtr;
using sqlite::exec;
using sqlite::fail;
using sqlite::Statement;
using sqlite::Transaction;
using namespace archive_detail;

// "vNTc" in PRAGMA application_id marks a file as a vnotice archive, so an index never writes
// its tables into another program's database. user_version is the schema version.
constexpr int kApplicationId = 0x764e5463;
// 2: document_lengths (column sizes for vnotice_rank, pipeline/archive/archive_rank.h). 3: files.
// 4: term_postings (pipeline/archive/archive_postings.h).
constexpr int kSchemaVersion = 4;

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

constexpr const char *kPostingsTable = R"sql(
-- Each word of the folded columns: its documents and counts, 256 documents a row
-- (pipeline/archive/archive_postings.h). Rewritten per chunk, hence the second index.
CREATE TABLE IF NOT EXISTS term_postings (
  term TEXT NOT NULL, chunk INTEGER NOT NULL, postings BLOB NOT NULL,
  PRIMARY KEY (term, chunk)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS term_postings_chunk ON term_postings(chunk);
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
  // NOMUTEX: a connection is only ever used by one thread at a time (archive.h), so SQLite's
  // lock around every call of it is pure cost (4 % of a search page's time).
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);
  if (rc != SQLITE_OK) fail(db.get(), rc, path, read_only ? N_("open") : N_("create"));
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
                  tr("is an empty database, not a vnotice archive; index documents into it first"));
    Transaction transaction(db, path);
    exec(db, kSchema, path);
    exec(db, kFilesTable, path);
    exec(db, kPostingsTable, path);
    exec(db, fmt::format("PRAGMA application_id = {}", kApplicationId).c_str(), path);
    exec(db, fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(), path);
    transaction.commit();
    return;
  }
  if (application_id != kApplicationId)
    throw Error(ExitCode::input_unsupported, path.string(),
                tr("is another program's SQLite database, not a vnotice archive; give another --db "
                   "file"));
  if (user_version > kSchemaVersion)
    throw Error(ExitCode::input_unsupported, path.string(),
                trf("is an archive of a newer vnotice (schema {}, this one reads {}); "
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
    // Schema 3 had no term postings.
    exec(db, kPostingsTable, path);
    rebuild_postings(db, path);
    exec(db, fmt::format("PRAGMA user_version = {}", kSchemaVersion).c_str(), path);
    transaction.commit();
  }
}

// ---- Folding and keys ---------------------------------------------------------------------

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

} // namespace

// ---- Keys (archive_keys.h) ----------------------------------------------------------------

namespace archive_detail {

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

} // namespace archive_detail

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
    throw Error(
        ExitCode::input_missing, db.string(),
        tr("no such archive; create it with 'vnotice index FILES... --db' or check the path"));
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
                tr("this SQLite has no full-text search (FTS5); install Debian's libsqlite3-0"));
  }
  // An archive of schema 2 read as it is lacks it (opened for writing, it gets it).
  Statement index(db_, "SELECT count(*) FROM sqlite_schema WHERE name = 'documents_newest'", path_);
  newest_index_ = index.step() && index.integer(0) > 0;
  // Schema 3 or older, read as it is: relevance is ranked through FTS5 alone.
  Statement postings(db_, "SELECT count(*) FROM sqlite_schema WHERE name = 'term_postings'", path_);
  postings_ = postings.step() && postings.integer(0) > 0;
}

Archive::Archive(Archive &&other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)),
      lengths_(std::move(other.lengths_)), dirty_chunks_(std::move(other.dirty_chunks_)),
      reader_(std::exchange(other.reader_, nullptr)), newest_index_(other.newest_index_),
      postings_(other.postings_), tokenizer_(std::move(other.tokenizer_)),
      statistics_(std::move(other.statistics_)) {
  // The progress handler points at the moved-from object: a moved archive has no deadline.
  if (db_ != nullptr) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  if (reader_ != nullptr) sqlite3_progress_handler(reader_, 0, nullptr, nullptr);
}

Archive &Archive::operator=(Archive &&other) noexcept {
  if (this != &other) {
    tokenizer_.reset(); // before the connection it was made on closes
    if (reader_ != nullptr) sqlite3_close_v2(reader_);
    reader_ = std::exchange(other.reader_, nullptr);
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    lengths_ = std::move(other.lengths_);
    dirty_chunks_ = std::move(other.dirty_chunks_);
    newest_index_ = other.newest_index_;
    postings_ = other.postings_;
    tokenizer_ = std::move(other.tokenizer_);
    statistics_ = std::move(other.statistics_);
    deadline_.reset();
    if (db_ != nullptr) sqlite3_progress_handler(db_, 0, nullptr, nullptr);
    if (reader_ != nullptr) sqlite3_progress_handler(reader_, 0, nullptr, nullptr);
  }
  return *this;
}

Archive::~Archive() {
  tokenizer_.reset();
  if (reader_ != nullptr) sqlite3_close_v2(reader_);
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

void Archive::add_one(const Record &record, const std::vector<StoredFile> &files) {
  if (record.source.sha256.empty())
    throw Error(ExitCode::input_damaged, record.source.file,
                tr("the record has no source.sha256, so it cannot be archived; parse the document "
                   "again with vnotice parse"));
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
  write_pending_chunks();
  transaction.commit();
  statistics_.data_version.reset();
}

void Archive::write_pending_chunks() {
  write_lengths(db_, path_, dirty_chunks_);
  write_postings(db_, path_, dirty_chunks_);
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

void Archive::refresh_statistics() const {
  Statement version(db_, "PRAGMA data_version", path_);
  const long long now = version.step() ? version.integer(0) : -1;
  if (statistics_.data_version == now) return;
  statistics_.documents_with.clear();
  lengths_->clear();
  Statement exists(db_, "SELECT count(*) FROM sqlite_schema WHERE name = 'document_lengths'",
                   path_);
  if (exists.step() && exists.integer(0) > 0) { // else schema 1, read-only: FTS5's sizes
    Statement chunks(db_, "SELECT chunk, lengths FROM document_lengths", path_);
    while (chunks.step())
      lengths_->add_chunk(chunks.integer(0), chunks.blob(1));
  }
  statistics_.totals = FtsTotals();
  if (postings_) {
    Statement averages(db_, "SELECT block FROM documents_fts_data WHERE id = 1", path_);
    if (averages.step()) statistics_.totals = decode_fts_totals(averages.blob(0));
  }
  statistics_.data_version = now;
}

void Archive::release_memory() { sqlite3_db_release_memory(db_); }

long long Archive::document_count() const {
  Statement count(db_, "SELECT count(*) FROM documents", path_);
  count.step();
  return count.integer(0);
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
                tr("no such archive; check the path of the shard to merge"));
  if (fs::equivalent(other, path_, error))
    throw Error(ExitCode::usage, other.string(),
                tr("is the output archive itself; merge other files"));
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
  rebuild_postings(db_, path_);
  transaction.commit();
  statistics_.data_version.reset();
}

} // namespace vnotice
