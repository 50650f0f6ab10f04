// Word processor files: DOCX (OOXML) and ODT (OpenDocument), read with libzip + libxml2.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Paragraphs and tables come out in document order on one page of method
// `markup`; words have no boxes (all zero) and confidence 1.
Document extract_docx(const InputFile &input, const ExtractOptions &options);
Document extract_odt(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
