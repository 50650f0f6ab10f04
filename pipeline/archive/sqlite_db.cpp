#include "pipeline/archive/sqlite_db.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <fmt/format.h>

namespace vnotice::sqlite {

[[noreturn]] void fail(sqlite3 *db, int rc, const fs::path &file, const char *doing) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
  case SQLITE_NOTADB:
  case SQLITE_CORRUPT:
    throw Error(ExitCode::input_damaged, file.string(),
                trf("the archive is not an SQLite database or is damaged ({}); restore "
                    "it from a copy or index into a new --db file",
                    detail));
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
    throw Error(ExitCode::output_failed, file.string(),
                trf("the archive is locked by another process ({}); wait for it to "
                    "finish and try again",
                    detail));
  case SQLITE_INTERRUPT: // Archive::set_deadline
    throw Error(ExitCode::limit_exceeded, file.string(),
                tr("the search took too long and was stopped; add words or filters to narrow it"));
  case SQLITE_FULL:
    throw Error(ExitCode::output_failed, file.string(),
                trf("the disk is full ({}); free some space and try again", detail));
  default:
    throw Error(ExitCode::output_failed, file.string(),
                trf("cannot {} the archive ({}); check the path and that you may write "
                    "there",
                    tr(doing), detail));
  }
}

void exec(sqlite3 *db, const char *sql, const fs::path &file) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, file, N_("write to"));
}

} // namespace vnotice::sqlite
