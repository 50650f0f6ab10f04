#include "extractors/office_extractor.h"

#include "pipeline/error.h"

namespace vnotice {

Document extract_docx(const InputFile &input, const ExtractOptions &) {
  throw Error(ExitCode::internal, input.path.string(), "DOCX reader not written yet");
}
Document extract_odt(const InputFile &input, const ExtractOptions &) {
  throw Error(ExitCode::internal, input.path.string(), "ODT reader not written yet");
}

} // namespace vnotice
