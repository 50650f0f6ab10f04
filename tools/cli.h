// Command-line front end: parses arguments, runs the Job, prints results and one-line errors.
#pragma once

#include <iosfwd>

namespace vnotice {

// Runs `vnotice` with the given arguments; returns the process exit code (see ExitCode).
// Normal output goes to `out`, messages to `err`. Never throws.
int run_cli(int argc, const char *const *argv, std::ostream &out, std::ostream &err);

} // namespace vnotice
