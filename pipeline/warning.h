// A recoverable problem noticed while working: kept, reported, never fatal.
#pragma once

#include <string>

namespace vnotice {

struct Warning {
  std::string code;    // stable machine-readable code, e.g. "pdf_library_message"
  std::string message; // plain words for the user
  int page = 0;        // 1-based page it concerns, 0 for the whole document
};

} // namespace vnotice
