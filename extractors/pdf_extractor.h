// PDFs, page by page: the text layer through poppler-cpp where it is usable, OCR where it is
// not (scanned pages, too little text for the page's ink, text that is not language).
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Page::method records which way each page was read.
Document extract_pdf(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
