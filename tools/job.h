// The library behind the `vnotice` command: each subcommand is a request struct and a function
// that carries it out. The CLI only parses arguments into a request and prints the outcome, so
// tests drive the same code the users run.
#pragma once

#include "extractors/extractor.h"
#include "generators/document_writer.h"
#include "pipeline/document.h"

#include <filesystem>
#include <optional>
#include <string>

namespace vnotice {

struct ExtractRequest {
  std::filesystem::path input;
  DocumentFormat format = DocumentFormat::text;
  std::optional<std::filesystem::path> output; // stdout when empty
  ExtractOptions options;
  bool raw = false; // skip the Vietnamese text layer: the text as the extractor gave it
};

struct ExtractResult {
  Document document;
  std::string rendered; // the bytes written to the output (or to be printed on stdout)
};

// Reads the input, writes the output file atomically when one was requested. Throws Error.
ExtractResult run_extract(const ExtractRequest &request);

} // namespace vnotice
