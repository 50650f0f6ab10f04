// `vnotice render`: re-renders an (edited) notice JSON as DOCX or ODT.
#pragma once

#include "generators/notice_writer.h"
#include "pipeline/notice.h"

#include <filesystem>
#include <string>

namespace vnotice {

struct RenderRequest {
  std::filesystem::path input;  // the notice JSON (schemas/notice.schema.json)
  std::filesystem::path output; // FILE.docx or FILE.odt
  std::string format;           // "docx" or "odt"; empty: from the output's extension
};

struct RenderResult {
  Notice notice;
  const NoticeFormat *format = nullptr;
  std::string bytes; // what was written to the output
};

// Reads and checks the notice, writes the output atomically. Throws Error: usage when the format
// is unknown or cannot be told from the extension; input_missing / input_damaged /
// input_unsupported for the notice file (input_damaged names the JSON path of the problem);
// output_failed when the output cannot be written.
RenderResult run_render(const RenderRequest &request);

} // namespace vnotice
