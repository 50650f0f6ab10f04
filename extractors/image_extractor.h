// Scans and photos: PNG, JPEG and TIFF (every frame of a multi-page TIFF), read with Leptonica
// and recognised with Tesseract.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Every page has method `ocr`.
Document extract_image(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
