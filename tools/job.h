// The library behind the `vnotice` command: each subcommand is a request struct and a function
// that carries it out. The CLI only parses arguments into a request and prints the outcome, so
// tests drive the same code the users run.
#pragma once

#include "extractors/extractor.h"
#include "generators/document_writer.h"
#include "pipeline/document.h"
#include "pipeline/figure_spec.h"
#include "pipeline/input_file.h"
#include "pipeline/record.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

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

struct ParseRequest {
  std::filesystem::path input;
  std::optional<std::filesystem::path> output; // stdout when empty
  ExtractOptions options;
  std::vector<FigureSpec> extra_figures; // a plan's figures (InspectionPlan::figure_specs)
};

struct ParseResult {
  Record record;
  std::string rendered; // the record's JSON, as written
};

// Extracts, normalises and parses one document into a Record (JSON, schemas/record.schema.json).
// Fields the parser could not find are null with a warning in the record. Throws Error.
ParseResult run_parse(const ParseRequest &request);

// Inputs up to this size are read whole, so they can be parsed, thumbnailed and archived from one
// read; a larger PDF is kept by its head and Poppler reads it from its file, so a scan of
// hundreds of pages is not held in memory while it is recognised.
inline constexpr long long kWholeReadBytes = 64LL * 1024 * 1024;
InputFile read_input(const std::filesystem::path &path);

// The same for a file already read (a batch reads each input once, then parses, archives and
// thumbnails it from those bytes). Writes nothing.
ParseResult parse_input(const InputFile &input, const ExtractOptions &options,
                        const std::vector<FigureSpec> &extra_figures);

} // namespace vnotice
