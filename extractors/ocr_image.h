// Turning a page image (a scan, a photo, a rendered PDF page) into what the OCR engine reads
// best: grey, about 300 dpi (240 from a low-resolution scan), seal colours removed, background
// flattened, deskewed, specks removed; once the page is upright, table borders and rules removed.
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
// Colour images are reduced to grey by ocr_grey.
OcrImage prepare_ocr_image(const Pix &image, double dpi);

// The grey level OCR reads for a colour pixel (0..255 channels): its brightest channel, so
// that saturated red or blue ink turns light while black text stays black. With
// `remove_seal`, a light pixel of clearly red ink becomes paper white (see SealInk).
unsigned char ocr_grey(int red, int green, int blue, bool remove_seal);

// Seals are removed only from scans under this resolution. At 300 dpi the brightest channel
// already fades a red seal to paper; removing it there changed the reading of small closing-block
// lines on 3 of the 24 300-dpi scans of the variation corpus ("- Lưu: VT, CCTL." read "“0L
// cnn") and mended none. Under it, a JPEG's halved colour resolution leaves the seal's strokes
// grey, and they were read as letters.
inline constexpr double kSealRemovalBelowDpi = 250;

// Low-resolution scans (under kSealRemovalBelowDpi) are read at this resolution, the others at
// about 300 dpi. Tesseract's documentation puts the size under which its accuracy drops at 10 pt
// at 300 dpi; Decree 30/2020 sets body text in 13-14 pt, which at 240 dpi is at least that many
// pixels (13 pt at 231 dpi). Bringing a 150-dpi scan to 240 rather than 300 dpi costs Tesseract's
// page layout and every step before it 36 % fewer pixels. On the 48 hard 150-dpi pages of the
// variation corpus (bench/README.md, "Hard scans"): CPU -11 %, the same accuracy (body CER 0.30
// against 0.29 %, missing words 1.23 against 1.16 %). At 225 dpi a closing page of a few lines was
// lost (Otsu's threshold on a page mostly empty; at 240 it is read).
inline constexpr double kLowResolutionOcrDpi = 240;

// Whether a page's red seal can be removed pixel by pixel. A light seal (the usual red stamp,
// 140-230 in its red channel) is removed whole, and black text printed under it stays dark in
// every channel even where a 150-dpi JPEG's halved colour resolution tints it red; from the
// brightest channel alone its ring was read as letters ("CA Pa HS y t TC"). A dark seal (brown
// or deep red ink) would only lose its fringe, which changes what is read around it and
// removes nothing, so it is left to the brightest channel. Count every pixel, then ask.
struct SealInk {
  long long light = 0, dark = 0; // red-ink pixels
  void count(int red, int green, int blue);
  bool removable() const;
};

// Paints over, in an image from prepare_ocr_image's background normalisation (paper at 200),
// the specks of dust and scanner noise that stand alone: marks no larger than kSpeckMm either way
// with no other ink within kSpeckReachMm. Tesseract reads such specks as letters and
// punctuation, and on a page of a few lines gathers them into lines of made-up words. The small
// marks of writing never stand alone: a period, the dot below `ạ`, a tone mark or the dot of `i`
// sits less than a letter's height from its letter, and dots of a leader stand in a row.
// Returns how many specks were removed.
inline constexpr double kSpeckMm = 0.6;
inline constexpr double kSpeckReachMm = 1.5;
int remove_isolated_specks(Pix *grey, double dpi);

// Whitens table borders and long rules (runs of ink of 150 pixels, one way: 1.27 cm at 300
// dpi, 1.59 at 240) in an image from prepare_ocr_image: Tesseract reads a cell border next to a
// figure as "1" or "|" and splits lines across it. Only on an upright page: vertical borders are
// looked for with a tolerance for gaps that, along a line of text, would join letters into a
// "rule".
void remove_rules(Pix *grey);

// The 3x3 median of an 8-bit grey image, pixel for pixel what Leptonica's pixMedianFilter(pix,
// 3, 3) gives (its generic rank filter took 0.4 s of CPU per 300-dpi page, this takes a few
// hundredths). Null for anything but 8 bpp without a colour map.
PixPtr median_3x3(Pix *grey);

// `grey` (8 bpp, no colour map) scaled up by `scale` (>= 1) by bilinear interpolation with the
// pixel centres of both grids aligned: weights 9/16, 3/16, 3/16, 1/16 at twice the size, the
// kernel Poppler's renderer applies to a scan (fitted on its 300-dpi renderings of the bench's
// 150-dpi pages). Leptonica's pixScaleGrayLI aligns the corners instead: the page shifts by a
// quarter of a source pixel and every other pixel is a copy. The 48 hard 150-dpi pages given
// as JPEG images read 2.05 % invented words with this, 2.54 % with Leptonica's (body CER 0.99 %
// against 0.86 %, missing words 2.01 % against 2.07 %). Null for other images.
PixPtr scale_up_bilinear(Pix *grey, double scale);

// Resolution of an image whose file gave none (or an absurd one), assuming an A4 page.
double estimate_dpi(int width, int height);

} // namespace vnotice
