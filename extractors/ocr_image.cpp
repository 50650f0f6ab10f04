#include "extractors/ocr_image.h"

#include <algorithm>
#include <cmath>
#include <leptonica/allheaders.h>

namespace vnotice {
namespace {

constexpr double kTargetDpi = 300;
constexpr double kA4LongSideInches = 11.69;

PixPtr to_grey(Pix *image) {
  PixPtr plain(pixRemoveColormap(image, REMOVE_CMAP_BASED_ON_SRC));
  if (!plain) return nullptr;
  if (pixGetDepth(plain.get()) == 32)
    return PixPtr(pixConvertRGBToGrayMinMax(plain.get(), L_CHOOSE_MAX));
  return PixPtr(pixConvertTo8(plain.get(), 0));
}

// Table borders and long rules are whitened: Tesseract reads a cell border next to a figure as
// "1" or "|" and splits lines across it. A rule is a run of ink at least 1.25 cm long, one way.
void remove_rules(Pix *grey) {
  constexpr int kMinRuleLength = 150; // pixels at 300 dpi
  PixPtr ink(pixThresholdToBinary(grey, 170));
  if (!ink) return;
  PixPtr horizontal(pixOpenBrick(nullptr, ink.get(), kMinRuleLength, 1));
  PixPtr vertical(pixOpenBrick(nullptr, ink.get(), 1, kMinRuleLength));
  if (!horizontal || !vertical) return;
  PixPtr rules(pixOr(nullptr, horizontal.get(), vertical.get()));
  if (!rules) return;
  // A little wider than the rule itself, for its anti-aliased edges.
  PixPtr mask(pixDilateBrick(nullptr, rules.get(), 5, 5));
  if (mask) pixSetMasked(grey, mask.get(), 255);
}

} // namespace

double estimate_dpi(int width, int height) { return std::max(width, height) / kA4LongSideInches; }

OcrImage prepare_ocr_image(const Pix &image, double dpi) {
  Pix *source = const_cast<Pix *>(&image); // Leptonica takes non-const pointers but does not modify
  OcrImage out;
  const int width = pixGetWidth(source), height = pixGetHeight(source);
  // Trust a resolution only if it makes the image a plausible paper size (A5 to A3); many
  // programs write 72 or 96 dpi, or nothing, when they do not know.
  auto plausible = [&](double candidate) {
    const double long_side_inches = std::max(width, height) / candidate;
    return candidate >= 50 && candidate <= 2400 && long_side_inches >= 7.5 &&
           long_side_inches <= 17.5;
  };
  if (!plausible(dpi)) {
    const int stored = pixGetXRes(source);
    if (stored > 0 && plausible(stored)) {
      dpi = stored;
    } else {
      dpi = estimate_dpi(width, height);
      out.dpi_estimated = true;
    }
  }
  out.source_dpi = dpi;

  PixPtr grey = to_grey(source);
  // Low-resolution scans are brought up to about 300 dpi (Tesseract is trained on text of that
  // size); very high ones are brought down, which is faster and loses nothing.
  const double scale = kTargetDpi / dpi;
  if (scale > 1.15) {
    grey.reset(pixScaleGrayLI(grey.get(), static_cast<float>(scale), static_cast<float>(scale)));
  } else if (scale < 0.75) {
    grey.reset(pixScaleAreaMap(grey.get(), static_cast<float>(scale), static_cast<float>(scale)));
  }
  out.dpi = (scale > 1.15 || scale < 0.75) ? kTargetDpi : dpi;

  // Specks and scanner noise: a 3x3 median removes isolated dots (read as punctuation by
  // Tesseract) and keeps strokes, which are wider than one pixel at 300 dpi.
  if (PixPtr smooth{pixMedianFilter(grey.get(), 3, 3)}) grey = std::move(smooth);

  // Uneven lighting (a fold, a shadow, yellowed paper) is flattened so one threshold fits the
  // whole page; the light seal remains become background.
  if (PixPtr flat{pixBackgroundNormSimple(grey.get(), nullptr, nullptr)}) grey = std::move(flat);

  // A clone of the same image when there is nothing to straighten (Leptonica counts references).
  if (PixPtr straight{pixDeskewGeneral(grey.get(), 0, 0.0f, 0.0f, 0, 0, nullptr, nullptr)})
    grey = std::move(straight);

  remove_rules(grey.get());
  out.pix = std::move(grey);
  return out;
}

} // namespace vnotice
