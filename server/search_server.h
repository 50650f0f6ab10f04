// `vnotice serve`: the archive's search pages and JSON API on a local HTTP server (cpp-httplib,
// docs/dependencies.md says why).
//
// Contract:
// - Read-only: the archive is opened with Archive::open_for_reading, one connection per worker
//   thread; nothing is written, and a batch may add documents meanwhile (WAL).
// - Routes: / (counts per year and issuer), /search (results, filters, paging), /document/SHA
//   (every field with its evidence, references, citing documents, downloads), /file/SHA/KIND
//   (a stored file, streamed), /thumbnail/SHA (first page PNG, or an SVG card naming the
//   format), /static/search.js, and /api/search, /api/document/SHA, /api/facets (JSON; the pages
//   show the same data, and /api/search's hits are `vnotice search --json`'s).
// - Only files stored in the archive are served; there is no route to the file system.
// - Bad requests get 400 (malformed or over-long parameters, invalid UTF-8) or 404 (no such
//   page, document or file) with a plain Vietnamese message: an HTML page, or {"error": ...}
//   under /api/. Requests are bounded: 8 KiB of URI, 64 KiB of body, 5 s to read, 30 s to write.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace vnotice {

struct ServeOptions {
  std::filesystem::path db;
  std::string bind = "127.0.0.1"; // another address only when asked: the archive is not public
  int port = 8080;                // 0: any free port (tests)
  int threads = 8;
};

class SearchServer {
public:
  // Opens the archive (Error as Archive::open_for_reading throws) and sets up the routes.
  explicit SearchServer(ServeOptions options);
  ~SearchServer();
  SearchServer(const SearchServer &) = delete;
  SearchServer &operator=(const SearchServer &) = delete;

  // Binds the address; returns the port (the chosen one when options.port was 0). Throws
  // Error(usage) when the address cannot be bound.
  int bind();
  // Serves until stop() is called (from another thread or a signal handler's thread).
  void run();
  void stop();

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace vnotice
