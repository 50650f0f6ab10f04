#include "tools/job.h"

#include "extractors/record_parser.h"
#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/atomic_file.h"
#include "pipeline/input_file.h"

#include <nlohmann/json.hpp>

namespace vnotice {

// A PDF is read by Poppler from its file (InputFile::Keep::pdf_head): a long scan is not held
// in memory while its pages are recognised.
ExtractResult run_extract(const ExtractRequest &request) {
  const InputFile input =
      InputFile::read(request.input, InputFile::Hash::sha256, InputFile::Keep::pdf_head);
  ExtractResult result;
  result.document = extract_document(input, request.options);
  if (!request.raw) normalise_document(result.document);
  result.rendered = write_document(result.document, request.format, !request.raw);
  if (request.output) write_file_atomically(*request.output, result.rendered);
  return result;
}

InputFile read_input(const std::filesystem::path &path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  const bool large = !error && size > static_cast<std::uintmax_t>(kWholeReadBytes);
  return InputFile::read(path, InputFile::Hash::sha256,
                         large ? InputFile::Keep::pdf_head : InputFile::Keep::whole);
}

ParseResult parse_input(const InputFile &input, const ExtractOptions &options,
                        const std::vector<FigureSpec> &extra_figures) {
  Document document = extract_document(input, options);
  normalise_document(document);
  ParseResult result;
  result.record = parse_record(document, extra_figures);
  result.rendered = to_json(result.record).dump(2) + "\n";
  return result;
}

ParseResult run_parse(const ParseRequest &request) {
  const InputFile input =
      InputFile::read(request.input, InputFile::Hash::sha256, InputFile::Keep::pdf_head);
  ParseResult result = parse_input(input, request.options, request.extra_figures);
  if (request.output) write_file_atomically(*request.output, result.rendered);
  return result;
}

} // namespace vnotice
