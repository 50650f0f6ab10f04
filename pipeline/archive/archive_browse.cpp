// The archive read as the search page reads it: one document, the counts for its filters, and
// the files kept with a document. Searching and writing are in archive.cpp.
#include "pipeline/archive/archive.h"

#include "pipeline/archive/sqlite_db.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vnotice {

namespace {

using sqlite::Statement;

constexpr std::array<std::pair<StoredFileKind, std::string_view>, 4> kKindNames{{
    {StoredFileKind::original, "original"},
    {StoredFileKind::docx, "docx"},
    {StoredFileKind::odt, "odt"},
    {StoredFileKind::thumbnail, "thumbnail"},
}};

// An archive of schema 2, opened read-only, has no files table.
bool has_files_table(sqlite3 *db, const std::filesystem::path &path) {
  Statement exists(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'files'", path);
  return exists.step() && exists.integer(0) > 0;
}

std::vector<FacetCount> counts(sqlite3 *db, const std::filesystem::path &path, const char *sql) {
  Statement statement(db, sql, path);
  std::vector<FacetCount> out;
  while (statement.step())
    out.push_back({statement.text(0), statement.integer(1)});
  return out;
}

} // namespace

std::string_view stored_file_kind_name(StoredFileKind kind) {
  for (const auto &[value, name] : kKindNames)
    if (value == kind) return name;
  return "original";
}

std::optional<StoredFileKind> stored_file_kind_from_name(std::string_view name) {
  for (const auto &[value, known] : kKindNames)
    if (known == name) return value;
  return std::nullopt;
}

nlohmann::ordered_json to_json(const SearchHit &hit) {
  auto optional = [](const std::string &value) {
    return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
  };
  nlohmann::ordered_json out;
  out["number_symbol"] = optional(hit.number_symbol);
  out["date"] = optional(hit.date);
  out["doc_type"] = optional(hit.doc_type);
  out["issuer"] = optional(hit.issuer);
  out["subject"] = optional(hit.subject);
  out["snippet"] = hit.snippet;
  // Six significant digits: bm25 values are tiny in a small archive, and rounding to places
  // would print them all as 0.
  out["score"] = std::stod(fmt::format("{:.6g}", hit.score));
  out["file"] = hit.file;
  out["sha256"] = hit.sha256;
  return out;
}

void Archive::set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
  deadline_ = deadline;
  // Checked every 1000 virtual machine steps: microseconds, so a stop comes promptly.
  auto check = [](void *self) {
    const auto &limit = static_cast<Archive *>(self)->deadline_;
    return limit && std::chrono::steady_clock::now() > *limit ? 1 : 0;
  };
  sqlite3_progress_handler(db_, deadline ? 1000 : 0, deadline ? +check : nullptr, this);
  if (reader_ != nullptr)
    sqlite3_progress_handler(reader_, deadline ? 1000 : 0, deadline ? +check : nullptr, this);
}

void Archive::set_cache_kib(int kib) {
  sqlite::exec(db_, fmt::format("PRAGMA cache_size = -{}", std::max(kib, 64)).c_str(), path_);
}

std::optional<std::string> Archive::record_json(const std::string &sha256) const {
  Statement record(db_, "SELECT record_json FROM documents WHERE sha256 = ?1", path_);
  record.bind(1, sha256);
  if (!record.step()) return std::nullopt;
  return record.text(0);
}

Facets Archive::facets() const {
  Facets facets;
  facets.documents = document_count();
  // Each list is bounded: an archive of many issuers shows the largest ones.
  facets.years =
      counts(db_, path_,
             "SELECT substr(date, 1, 4) AS year, count(*) FROM documents "
             "WHERE date GLOB '[0-9][0-9][0-9][0-9]*' GROUP BY year ORDER BY year DESC LIMIT 100");
  facets.issuers = counts(db_, path_,
                          "SELECT issuer, count(*) AS n FROM documents WHERE issuer <> '' "
                          "GROUP BY issuer ORDER BY n DESC, issuer LIMIT 50");
  facets.doc_types = counts(db_, path_,
                            "SELECT doc_type, count(*) AS n FROM documents WHERE doc_type <> '' "
                            "GROUP BY doc_type ORDER BY n DESC, doc_type LIMIT 50");
  facets.signers = counts(db_, path_,
                          "SELECT signer, count(*) AS n FROM documents WHERE signer <> '' "
                          "GROUP BY signer ORDER BY n DESC, signer LIMIT 50");
  return facets;
}

std::vector<StoredFileInfo> Archive::files_of(const std::string &sha256) const {
  std::vector<StoredFileInfo> out;
  if (!has_files_table(db_, path_)) return out;
  Statement files(db_,
                  "SELECT kind, name, length(content) FROM files WHERE document = ?1 ORDER BY kind",
                  path_);
  files.bind(1, sha256);
  while (files.step())
    if (auto kind = stored_file_kind_from_name(files.text(0)))
      out.push_back({*kind, files.text(1), files.integer(2)});
  return out;
}

bool Archive::read_file(const std::string &sha256, StoredFileKind kind,
                        const std::function<bool(std::string_view)> &sink,
                        std::optional<ByteRange> range) const {
  if (!has_files_table(db_, path_)) return false;
  Statement row(db_, "SELECT rowid FROM files WHERE document = ?1 AND kind = ?2", path_);
  row.bind(1, sha256).bind(2, stored_file_kind_name(kind));
  if (!row.step()) return false;
  sqlite3_blob *raw = nullptr;
  const int rc = sqlite3_blob_open(db_, "main", "files", "content", row.integer(0), 0, &raw);
  sqlite::BlobPtr blob(raw);
  if (rc != SQLITE_OK) sqlite::fail(db_, rc, path_, N_("read"));
  const long long size = sqlite3_blob_bytes(blob.get());
  long long first = 0, end = size;
  if (range) {
    if (range->expected_size != size || range->first < 0 || range->count < 0 ||
        range->first + range->count > size)
      return false;
    first = range->first;
    end = range->first + range->count;
  }
  std::string chunk;
  for (long long offset = first; offset < end;) {
    const int length = static_cast<int>(std::min<long long>(end - offset, 64 * 1024));
    chunk.resize(static_cast<size_t>(length));
    const int read = sqlite3_blob_read(blob.get(), chunk.data(), length, static_cast<int>(offset));
    if (read != SQLITE_OK) sqlite::fail(db_, read, path_, N_("read"));
    if (!sink(chunk)) return false;
    offset += length;
  }
  return true;
}

} // namespace vnotice
