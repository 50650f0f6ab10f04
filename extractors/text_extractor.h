// Plain UTF-8 text files: lines as they are, paragraphs at blank lines, pages at form feeds.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Pages have method `markup`; words have no boxes and confidence 1.
Document extract_plain_text(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
