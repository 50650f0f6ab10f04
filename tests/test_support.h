// Helpers shared by the tests: real files in a private temp folder, real processes.
#pragma once

#include "pipeline/document.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace vnotice::test {

// The source tree (for samples/ and tools/) and the built `vnotice` executable.
std::filesystem::path source_dir();
std::filesystem::path cli_path();
std::filesystem::path sample_pdf(const std::string &name); // samples/pdf/NAME

// A fresh folder under the system temp dir, removed with everything in it on destruction.
class TempDir {
public:
  TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir();
  const std::filesystem::path &path() const { return path_; }
  std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

private:
  std::filesystem::path path_;
};

// Counts the opens of files in some folders, by any process, with inotify (Linux). Closes are
// watched too: inotify merges an event with an identical one still unread, so two opens of a file
// in a row would count once; keep the program under test on one thread where that matters.
class OpenCounter {
public:
  explicit OpenCounter(const std::vector<std::filesystem::path> &folders);
  OpenCounter(const OpenCounter &) = delete;
  OpenCounter &operator=(const OpenCounter &) = delete;
  ~OpenCounter();
  // Opens of each file since the last call (folders themselves are not counted).
  std::map<std::filesystem::path, int> take();

private:
  int fd_;
  std::map<int, std::filesystem::path> folders_;
};

struct CommandResult {
  int exit_code = -1; // -1 when killed by a signal
  std::string out;
  std::string err;
  double seconds = 0;  // wall time
  long max_rss_kb = 0; // peak resident memory of the process
};

// Runs `argv` (argv[0] is the program path, looked up in PATH if it has no '/') in `cwd`
// (the current folder when empty) and waits.
CommandResult run_command(const std::vector<std::string> &argv,
                          const std::filesystem::path &cwd = {});

std::string read_file(const std::filesystem::path &path);

// Looking into Documents: the blocks of one kind in reading order, a block's line texts, and
// whether a list holds a text.
std::vector<const Block *> blocks_of(const Document &document, BlockKind kind);
std::vector<std::string> line_texts(const Block &block);
bool contains(const std::vector<std::string> &lines, const std::string &text);

// Whitespace-separated words of a text with their counts (a multiset).
std::map<std::string, int> token_counts(const std::string &text);

// A PDF file of `objects` (object k + 1 is objects[k], the catalog first) with a correct
// cross-reference table: small hand-made PDFs for the extractors' tests.
std::string pdf_from_objects(const std::vector<std::string> &objects);

void write_file(const std::filesystem::path &path, const std::string &content);

} // namespace vnotice::test
