// Born-digital PDFs: words and their boxes from the PDF text layer, through poppler-cpp.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Pages without a text layer come back empty, with a warning.
Document extract_pdf_text(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
