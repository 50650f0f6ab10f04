// Turning a page image (a scan, a photo, a rendered PDF page) into what the OCR engine reads
// best: grey, about 300 dpi, seal colours removed, specks removed, background flattened,
// deskewed, table borders and rules removed.
#pragma once

#include "extractors/leptonica.h"

#include <string>
#include <vector>

namespace vnotice {

struct OcrImage {
  PixPtr pix;                 // 8-bit grey, dark text on a flat light background
  double dpi = 300;           // resolution of `pix`
  double source_dpi = 0;      // its resolution, read or estimated
  bool dpi_estimated = false; // the file did not say; we assumed an A4 page
};

// Prepares `image` (any depth Leptonica reads). `dpi` is the resolution if known, else 0.
// Colour images are reduced to grey by taking each pixel's brightest channel, so saturated red
// or blue ink (seals, signatures) turns light and disappears with the background while black
// text stays black.
OcrImage prepare_ocr_image(const Pix &image, double dpi);

// Resolution of an image whose file gave none (or an absurd one), assuming an A4 page.
double estimate_dpi(int width, int height);

} // namespace vnotice
