#include "tools/job.h"

#include "extractors/registry.h"
#include "extractors/text_normaliser.h"
#include "pipeline/atomic_file.h"
#include "pipeline/input_file.h"

namespace vnotice {

ExtractResult run_extract(const ExtractRequest &request) {
  const InputFile input = InputFile::read(request.input);
  ExtractResult result;
  result.document = extract_document(input, request.options);
  if (!request.raw) normalise_document(result.document);
  result.rendered = write_document(result.document, request.format, !request.raw);
  if (request.output) write_file_atomically(*request.output, result.rendered);
  return result;
}

} // namespace vnotice
