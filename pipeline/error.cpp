#include "pipeline/error.h"

#include <fmt/format.h>

namespace vnotice {

std::string_view exit_code_name(ExitCode code) {
  switch (code) {
  case ExitCode::ok: return "ok";
  case ExitCode::usage: return "usage";
  case ExitCode::input_missing: return "input_missing";
  case ExitCode::input_unsupported: return "input_unsupported";
  case ExitCode::input_damaged: return "input_damaged";
  case ExitCode::input_encrypted: return "input_encrypted";
  case ExitCode::output_failed: return "output_failed";
  case ExitCode::limit_exceeded: return "limit_exceeded";
  case ExitCode::dependency_missing: return "dependency_missing";
  case ExitCode::inputs_failed: return "inputs_failed";
  case ExitCode::internal: return "internal";
  }
  return "unknown";
}

std::string Error::one_line() const {
  std::string text = file_.empty() ? std::string(what()) : fmt::format("{}: {}", file_, what());
  // A message is one line: fold any newline a library put into the reason.
  for (char &c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

} // namespace vnotice
