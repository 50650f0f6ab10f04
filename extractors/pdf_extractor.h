// PDFs, page by page: the text layer through poppler-cpp where it is usable, OCR where it is
// not (scanned pages, too little text for the page's ink, text that is not language).
#pragma once

#include "extractors/extractor.h"

#include <string_view>

namespace vnotice {

// The resolution of the scan in a page of `width_pt` x `height_pt` points: the largest image of
// the file whose shape is the page's (either way round, within 3 %), in dots per inch; 0 when
// there is none. A scanned PDF page is rendered for OCR at 300 dpi, or at kLowResolutionOcrDpi
// (ocr_image.h) when the scan inside is under 250 dpi; this is what tells a 150-dpi scan from a
// 300-dpi one. poppler-cpp does not list a page's images, so the
// image dictionaries are read from the file's bytes: image XObjects are streams, and a stream's
// dictionary is never inside a compressed object stream. Bounded: at most 4,096 images, 4 KB of
// bytes around each.
double scan_resolution(std::string_view pdf, double width_pt, double height_pt);

// See ExtractFunction. Page::method records which way each page was read.
Document extract_pdf(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
