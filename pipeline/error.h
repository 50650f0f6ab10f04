// Failure classes, their exit codes, and the one exception type the pipeline throws.
//
// Contract (modelled on OCRmyPDF): every failure a user can cause or fix has its own class and
// exit code, and its message says what went wrong and what to do, in one line. Recoverable
// problems are not errors: they become Warnings collected on the Document or the Job.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace vnotice {

// Process exit codes. Documented in README.md ("Exit codes"); keep both in step.
enum class ExitCode : int {
  ok = 0,
  usage = 2,              // the command line is wrong
  input_missing = 3,      // the input file does not exist or cannot be read
  input_unsupported = 4,  // empty, or not a format vnotice reads
  input_damaged = 5,      // the right format but broken (truncated, corrupt)
  input_encrypted = 6,    // a password is needed to open it
  output_failed = 7,      // an output file could not be written
  limit_exceeded = 8,     // the input exceeds a resource limit (pages, pixels, size, time)
  dependency_missing = 9, // an installed component is missing (e.g. OCR language data)
  inputs_failed = 10,     // batch: some inputs failed (listed in summary.csv), the rest is done
  internal = 70,          // a bug in vnotice (EX_SOFTWARE)
};

// Short stable name of a failure class, for logs and JSON ("input_damaged").
std::string_view exit_code_name(ExitCode code);

// An unrecoverable failure of one job. `file` is the file it concerns (may be empty);
// `what()` is the user-facing reason, without the file name.
class Error : public std::runtime_error {
public:
  Error(ExitCode code, std::string file, const std::string &reason)
      : std::runtime_error(reason), code_(code), file_(std::move(file)) {}

  ExitCode code() const { return code_; }
  const std::string &file() const { return file_; }

  // The one-line message for the terminal: "FILE: reason".
  std::string one_line() const;

private:
  ExitCode code_;
  std::string file_;
};

} // namespace vnotice
