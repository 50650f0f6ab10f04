// A small picture of a document's first page, for the archive's search results.
#pragma once

#include "pipeline/input_file.h"

#include <string>

namespace vnotice {

// The first page of a PDF or an image, scaled to `width` pixels wide, as PNG bytes; empty when
// the file is of another kind or cannot be rendered (a thumbnail is never worth an error). Pages
// larger than A3 are rendered at most `width` × 2 high, so a hostile page stays cheap.
std::string first_page_thumbnail(const InputFile &input, int width);

} // namespace vnotice
