// Helpers shared by the tests: real files in a private temp folder, real processes.
#pragma once

#include <filesystem>
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

struct CommandResult {
  int exit_code = -1; // -1 when killed by a signal
  std::string out;
  std::string err;
  double seconds = 0;    // wall time
  long max_rss_kb = 0;   // peak resident memory of the process
};

// Runs `argv` (argv[0] is the program path, looked up in PATH if it has no '/') in `cwd`
// (the current folder when empty) and waits.
CommandResult run_command(const std::vector<std::string> &argv,
                          const std::filesystem::path &cwd = {});

std::string read_file(const std::filesystem::path &path);
void write_file(const std::filesystem::path &path, const std::string &content);

} // namespace vnotice::test
