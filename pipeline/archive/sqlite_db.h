// RAII over SQLite's C API for the archive (pipeline/archive*.cpp): a connection, a prepared
// statement, a write transaction. Every failure becomes an Error naming the database file, of the
// class a user can act on (fail()).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <sqlite3.h>
#include <string>
#include <string_view>

namespace vnotice::sqlite {

namespace fs = std::filesystem;

// Turns an SQLite failure into the Error class a user can act on: input_damaged for a file that
// is not a database or is corrupt, output_failed for locked, full or unwritable.
[[noreturn]] void fail(sqlite3 *db, int rc, const fs::path &file, const char *doing);

struct DbCloser {
  void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

struct BlobCloser {
  void operator()(sqlite3_blob *blob) const { sqlite3_blob_close(blob); }
};
// An open blob for incremental reading (sqlite3_blob_open / sqlite3_blob_read).
using BlobPtr = std::unique_ptr<sqlite3_blob, BlobCloser>;

// A prepared statement. Binding indexes are 1-based as in SQLite; text is copied (TRANSIENT)
// because callers pass temporaries.
class Statement {
public:
  Statement(sqlite3 *db, std::string_view sql, const fs::path &file) : db_(db), file_(&file) {
    const int rc =
        sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, file, "read");
  }
  Statement(const Statement &) = delete;
  Statement &operator=(const Statement &) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  Statement &bind(int index, std::string_view text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement &bind(int index, const std::optional<std::string> &text) {
    if (text) return bind(index, std::string_view(*text));
    check(sqlite3_bind_null(stmt_, index));
    return *this;
  }
  Statement &bind(int index, const std::string &text) {
    return bind(index, std::string_view(text));
  }
  Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
  Statement &bind_blob(int index, const std::string &bytes) {
    check(sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement &bind(int index, double value) {
    check(sqlite3_bind_double(stmt_, index, value));
    return *this;
  }
  Statement &bind(int index, long long value) {
    check(sqlite3_bind_int64(stmt_, index, value));
    return *this;
  }
  // Whether the SQL names parameter `index` (the highest ?N it uses is the count).
  bool has_parameter(int index) const { return index <= sqlite3_bind_parameter_count(stmt_); }
  // True while there is a row to read.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, *file_, "write to");
  }
  void run() {
    while (step()) {
    }
    reset();
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const auto *data = sqlite3_column_text(stmt_, column);
    return data == nullptr ? std::string()
                           : std::string(reinterpret_cast<const char *>(data),
                                         static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::string blob(int column) const {
    const auto *data = static_cast<const char *>(sqlite3_column_blob(stmt_, column));
    return data == nullptr
               ? std::string()
               : std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  // The column's bytes without a copy: valid until the next step() or reset().
  std::string_view blob_view(int column) const {
    const auto *data = static_cast<const char *>(sqlite3_column_blob(stmt_, column));
    return data == nullptr
               ? std::string_view()
               : std::string_view(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  long long integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const { return sqlite3_column_double(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(db_, rc, *file_, "write to");
  }
  sqlite3 *db_;
  const fs::path *file_;
  sqlite3_stmt *stmt_ = nullptr;
};

// Runs SQL without results; failures as fail().
void exec(sqlite3 *db, const char *sql, const std::filesystem::path &file);

// BEGIN IMMEDIATE (the write lock up front, so two writers wait on busy_timeout instead of
// failing halfway); rolled back unless commit() was reached.
class Transaction {
public:
  Transaction(sqlite3 *db, const fs::path &file) : db_(db), file_(file) {
    exec(db, "BEGIN IMMEDIATE", file);
  }
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT", file_);
    done_ = true;
  }

private:
  sqlite3 *db_;
  const fs::path &file_;
  bool done_ = false;
};

// One read transaction around several reads (a search's statements see one state of the file,
// and SQLite takes the file's shared lock once, not two fcntl calls and a look for a hot journal
// per statement). Nothing when a transaction is already open.
class ReadTransaction {
public:
  explicit ReadTransaction(sqlite3 *db)
      : db_(sqlite3_get_autocommit(db) != 0 &&
                    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK
                ? db
                : nullptr) {}
  ReadTransaction(const ReadTransaction &) = delete;
  ReadTransaction &operator=(const ReadTransaction &) = delete;
  ~ReadTransaction() {
    if (db_ != nullptr && sqlite3_get_autocommit(db_) == 0)
      sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }

private:
  sqlite3 *db_;
};

} // namespace vnotice::sqlite
