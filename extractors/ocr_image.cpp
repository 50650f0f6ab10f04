#include "extractors/ocr_image.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <leptonica/allheaders.h>
#include <vector>

namespace vnotice {
namespace {

constexpr double kTargetDpi = 300;
constexpr double kA4LongSideInches = 11.69;
// Where pixBackgroundNormSimple brings the paper (its default `bgval`).
constexpr l_uint32 kPaperLevel = 200;
// Seal ink (ocr_grey, SealInk): red at least kSealRedMargin above green and blue; light when its
// brightest channel is kSealMinBrightness or more; a seal is removed when at least
// kSealLightShare of its ink is light (the bench's 150-dpi red seals: over 90 %).
constexpr int kSealRedMargin = 20;
constexpr int kSealMinBrightness = 140;
constexpr double kSealLightShare = 0.85;

PixPtr to_grey(Pix *image, bool may_remove_seal) {
  PixPtr plain(pixRemoveColormap(image, REMOVE_CMAP_BASED_ON_SRC));
  if (!plain) return nullptr;
  if (pixGetDepth(plain.get()) != 32) return PixPtr(pixConvertTo8(plain.get(), 0));
  const int width = pixGetWidth(plain.get()), height = pixGetHeight(plain.get());
  PixPtr grey(pixCreate(width, height, 8));
  if (!grey) return nullptr;
  pixCopyResolution(grey.get(), plain.get());
  const int rgb_wpl = pixGetWpl(plain.get()), grey_wpl = pixGetWpl(grey.get());
  const auto row = [&](int y) {
    return pixGetData(plain.get()) + static_cast<size_t>(y) * rgb_wpl;
  };
  SealInk seal;
  for (int y = 0; may_remove_seal && y < height; ++y)
    for (int x = 0; x < width; ++x) {
      l_int32 r = 0, g = 0, b = 0;
      extractRGBValues(row(y)[x], &r, &g, &b);
      seal.count(r, g, b);
    }
  const bool remove_seal = may_remove_seal && seal.removable();
  for (int y = 0; y < height; ++y) {
    l_uint32 *to = pixGetData(grey.get()) + static_cast<size_t>(y) * grey_wpl;
    for (int x = 0; x < width; ++x) {
      l_int32 r = 0, g = 0, b = 0;
      extractRGBValues(row(y)[x], &r, &g, &b);
      SET_DATA_BYTE(to, x, ocr_grey(r, g, b, remove_seal));
    }
  }
  return grey;
}

} // namespace

namespace {
bool red_ink(int red, int green, int blue) { return red - std::max(green, blue) >= kSealRedMargin; }
} // namespace

unsigned char ocr_grey(int red, int green, int blue, bool remove_seal) {
  const int brightest = std::max({red, green, blue});
  if (remove_seal && red_ink(red, green, blue) && brightest >= kSealMinBrightness) return 255;
  return static_cast<unsigned char>(brightest);
}

void SealInk::count(int red, int green, int blue) {
  if (!red_ink(red, green, blue)) return;
  (std::max({red, green, blue}) >= kSealMinBrightness ? light : dark) += 1;
}

bool SealInk::removable() const {
  return light >= kSealLightShare * static_cast<double>(light + dark);
}

void remove_rules(Pix *grey) {
  constexpr int kMinRuleLength = 150; // pixels: 1.27 cm at 300 dpi, 1.59 cm at 240
  // The background is at 200 after normalisation. A thin border on a blurred low-resolution
  // scan is much lighter than text (180-190), so rules are looked for at 185 (at 170, the
  // 150-dpi bench scans kept half of their table borders, read as "1", "|" and "7").
  PixPtr ink(pixThresholdToBinary(grey, 185));
  if (!ink) return;
  // Noise breaks a vertical border every few pixels; gaps of up to 8 are closed first. Not
  // horizontally: there the closing joins a bold heading's serifs into a "rule".
  PixPtr columns(pixCloseBrick(nullptr, ink.get(), 1, 9));
  if (!columns) return;
  // The composite brick gives the same result as pixOpenBrick for these sizes at a fifth of the
  // time (220 ms a page before).
  PixPtr horizontal(pixOpenCompBrick(nullptr, ink.get(), kMinRuleLength, 1));
  PixPtr vertical(pixOpenCompBrick(nullptr, columns.get(), 1, kMinRuleLength));
  if (!horizontal || !vertical) return;
  PixPtr rules(pixOr(nullptr, horizontal.get(), vertical.get()));
  if (!rules) return;
  // A little wider than the rule itself, for its anti-aliased edges.
  PixPtr mask(pixDilateBrick(nullptr, rules.get(), 5, 5));
  if (mask) pixSetMasked(grey, mask.get(), 255);
}

namespace {

// One exchange of the median network: afterwards a <= b. Written without branches or
// comparisons, so the loop over a row vectorises, and the sanitizer build's comparison hooks
// (fuzzer coverage) do not turn 19 exchanges a pixel into 38 calls.
[[gnu::always_inline]] inline void exchange(int &a, int &b) {
  const int difference = b - a;
  const int swap = difference & (difference >> 31); // b - a when b < a, else 0
  a += swap;
  b -= swap;
}

} // namespace

PixPtr median_3x3(Pix *grey) {
  if (grey == nullptr || pixGetDepth(grey) != 8 || pixGetColormap(grey) != nullptr) return nullptr;
  const int width = pixGetWidth(grey), height = pixGetHeight(grey);
  PixPtr out(pixCreateTemplate(grey));
  if (!out || width < 1 || height < 1) return nullptr;
  const int in_wpl = pixGetWpl(grey), out_wpl = pixGetWpl(out.get());
  l_uint32 *in_data = pixGetData(grey), *out_data = pixGetData(out.get());
  // Three rows unpacked to bytes, each with one mirrored column on both sides (the edge pixel
  // repeated, as Leptonica's mirrored border does).
  std::vector<uint8_t> rows[3];
  for (auto &row : rows)
    row.resize(static_cast<size_t>(width) + 2);
  auto unpack = [&](int y, std::vector<uint8_t> &row) {
    y = std::clamp(y, 0, height - 1);
    const l_uint32 *line = in_data + static_cast<ptrdiff_t>(y) * in_wpl;
    for (int x = 0; x < width; ++x)
      row[static_cast<size_t>(x) + 1] = static_cast<uint8_t>(GET_DATA_BYTE(line, x));
    row[0] = row[1];
    row[static_cast<size_t>(width) + 1] = row[static_cast<size_t>(width)];
  };
  std::vector<uint8_t> result(static_cast<size_t>(width));
  for (int y = 0; y < height; ++y) {
    unpack(y - 1, rows[0]);
    unpack(y, rows[1]);
    unpack(y + 1, rows[2]);
    const uint8_t *a = rows[0].data(), *b = rows[1].data(), *c = rows[2].data();
    for (size_t x = 0; x < static_cast<size_t>(width); ++x) {
      int p0 = a[x], p1 = a[x + 1], p2 = a[x + 2], p3 = b[x], p4 = b[x + 1], p5 = b[x + 2],
          p6 = c[x], p7 = c[x + 1], p8 = c[x + 2];
      // Paeth's 19-exchange median network.
      exchange(p1, p2), exchange(p4, p5), exchange(p7, p8), exchange(p0, p1), exchange(p3, p4),
          exchange(p6, p7), exchange(p1, p2), exchange(p4, p5), exchange(p7, p8), exchange(p0, p3),
          exchange(p5, p8), exchange(p4, p7), exchange(p3, p6), exchange(p1, p4), exchange(p2, p5),
          exchange(p4, p7), exchange(p4, p2), exchange(p6, p4), exchange(p4, p2);
      result[x] = static_cast<uint8_t>(p4);
    }
    l_uint32 *line = out_data + static_cast<ptrdiff_t>(y) * out_wpl;
    for (int x = 0; x < width; ++x)
      SET_DATA_BYTE(line, x, result[static_cast<size_t>(x)]);
  }
  return out;
}

PixPtr scale_up_bilinear(Pix *grey, double scale) {
  if (grey == nullptr || pixGetDepth(grey) != 8 || pixGetColormap(grey) != nullptr || scale < 1)
    return nullptr;
  const int in_width = pixGetWidth(grey), in_height = pixGetHeight(grey);
  if (in_width < 1 || in_height < 1) return nullptr;
  const int width = static_cast<int>(std::lround(in_width * scale));
  const int height = static_cast<int>(std::lround(in_height * scale));
  PixPtr out(pixCreate(width, height, 8));
  if (!out) return nullptr;
  pixCopyResolution(out.get(), grey);
  pixScaleResolution(out.get(), static_cast<float>(scale), static_cast<float>(scale));
  // Output pixel k samples the source at (k + 0.5) / scale - 0.5: the centres of both grids
  // line up. Positions are in 1/256 of a pixel; edges repeat the edge pixel.
  struct Tap {
    int at;     // the source pixel on the left (above)
    int weight; // of the one after it, 0..256
  };
  const auto taps = [scale](int count, int in_count) {
    std::vector<Tap> out(static_cast<size_t>(count));
    for (int k = 0; k < count; ++k) {
      const double position = std::clamp((k + 0.5) / scale - 0.5, 0.0, in_count - 1.0);
      const int at = std::min(static_cast<int>(position), std::max(0, in_count - 2));
      out[static_cast<size_t>(k)] = {at, static_cast<int>(std::lround((position - at) * 256))};
    }
    return out;
  };
  const std::vector<Tap> across = taps(width, in_width), down = taps(height, in_height);
  const int in_wpl = pixGetWpl(grey), out_wpl = pixGetWpl(out.get());
  const l_uint32 *in_data = pixGetData(grey);
  l_uint32 *out_data = pixGetData(out.get());
  // A source row interpolated across, in 1/256 of a grey level; the two rows in use are kept.
  const auto widen = [&](int y, std::vector<uint16_t> &row) {
    const l_uint32 *line = in_data + static_cast<ptrdiff_t>(y) * in_wpl;
    for (int x = 0; x < width; ++x) {
      const Tap tap = across[static_cast<size_t>(x)];
      const int left = static_cast<int>(GET_DATA_BYTE(line, tap.at));
      const int right = in_width > 1 ? static_cast<int>(GET_DATA_BYTE(line, tap.at + 1)) : left;
      row[static_cast<size_t>(x)] =
          static_cast<uint16_t>(left * (256 - tap.weight) + right * tap.weight);
    }
  };
  std::vector<uint16_t> upper(static_cast<size_t>(width)), lower(static_cast<size_t>(width));
  int upper_at = -1, lower_at = -1;
  for (int y = 0; y < height; ++y) {
    const Tap tap = down[static_cast<size_t>(y)];
    const int below = std::min(tap.at + 1, in_height - 1);
    if (upper_at != tap.at) {
      if (lower_at == tap.at) {
        std::swap(upper, lower);
        std::swap(upper_at, lower_at);
      } else {
        widen(tap.at, upper);
        upper_at = tap.at;
      }
    }
    if (lower_at != below) {
      widen(below, lower);
      lower_at = below;
    }
    l_uint32 *line = out_data + static_cast<ptrdiff_t>(y) * out_wpl;
    for (int x = 0; x < width; ++x) {
      const uint32_t value =
          upper[static_cast<size_t>(x)] * static_cast<uint32_t>(256 - tap.weight) +
          lower[static_cast<size_t>(x)] * static_cast<uint32_t>(tap.weight);
      SET_DATA_BYTE(line, x, (value + (1u << 15)) >> 16);
    }
  }
  return out;
}

double estimate_dpi(int width, int height) { return std::max(width, height) / kA4LongSideInches; }

int remove_isolated_specks(Pix *grey, double dpi) {
  if (pixGetDepth(grey) != 8 || pixGetColormap(grey) != nullptr || dpi <= 0) return 0;
  const auto pixels = [dpi](double mm) { return static_cast<int>(std::lround(mm / 25.4 * dpi)); };
  const int largest = pixels(kSpeckMm), reach = pixels(kSpeckReachMm);
  // Ink as strip_rows and the dash finder see it: the paper is at 200, ink well below.
  PixPtr ink(pixThresholdToBinary(grey, 160));
  if (!ink) return 0;
  PixPtr small(
      pixSelectBySize(ink.get(), largest, largest, 8, L_SELECT_IF_BOTH, L_SELECT_IF_LTE, nullptr));
  if (!small) return 0;
  std::unique_ptr<Boxa, void (*)(Boxa *)> marks(pixConnCompBB(small.get(), 8),
                                                [](Boxa *b) { boxaDestroy(&b); });
  const int width = pixGetWidth(grey), height = pixGetHeight(grey);
  auto box_of = [](int x0, int y0, int x1, int y1) {
    return std::unique_ptr<::Box, void (*)(::Box *)>(boxCreate(x0, y0, x1 - x0, y1 - y0),
                                                     [](::Box *b) { boxDestroy(&b); });
  };
  int removed = 0;
  for (int k = 0; marks && k < boxaGetCount(marks.get()); ++k) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(marks.get(), k, &x, &y, &w, &h);
    const auto own = box_of(x, y, x + w, y + h);
    const auto around = box_of(std::max(0, x - reach), std::max(0, y - reach),
                               std::min(width, x + w + reach), std::min(height, y + h + reach));
    l_int32 own_ink = 0, ink_around = 0;
    pixCountPixelsInRect(small.get(), own.get(), &own_ink, nullptr);
    pixCountPixelsInRect(ink.get(), around.get(), &ink_around, nullptr);
    if (ink_around > own_ink) continue; // something else is near: part of the writing
    // One pixel more each way takes the speck's blurred fringe with it.
    const auto spot = box_of(std::max(0, x - 1), std::max(0, y - 1), std::min(width, x + w + 1),
                             std::min(height, y + h + 1));
    pixSetInRectArbitrary(grey, spot.get(), kPaperLevel);
    ++removed;
  }
  return removed;
}

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

  PixPtr grey = to_grey(source, dpi < kSealRemovalBelowDpi);
  // Low-resolution scans are brought up to kLowResolutionOcrDpi, the others to about 300 dpi
  // (Tesseract is trained on text of that size); very high ones are brought down, which is faster
  // and loses nothing.
  const bool low_resolution = dpi < kSealRemovalBelowDpi;
  const double target = low_resolution ? kLowResolutionOcrDpi : kTargetDpi;
  const double scale = target / dpi;
  // A low-resolution scan is never read under kLowResolutionOcrDpi (a 225-dpi reading lost a
  // page); the others are left as they are within 15 % of 300 dpi.
  const bool scale_up = low_resolution ? scale > 1.01 : scale > 1.15;
  if (scale_up) {
    grey = scale_up_bilinear(grey.get(), scale);
  } else if (scale < 0.75) {
    grey.reset(pixScaleAreaMap(grey.get(), static_cast<float>(scale), static_cast<float>(scale)));
  }
  out.dpi = (scale_up || scale < 0.75) ? target : dpi;

  // Specks and scanner noise: a 3x3 median removes isolated dots (read as punctuation by
  // Tesseract) and keeps strokes, which are wider than one pixel at 300 dpi.
  if (PixPtr smooth = median_3x3(grey.get())) grey = std::move(smooth);

  // Uneven lighting (a fold, a shadow, yellowed paper) is flattened so one threshold fits the
  // whole page; the light seal remains become background.
  if (PixPtr flat{pixBackgroundNormSimple(grey.get(), nullptr, nullptr)}) grey = std::move(flat);

  // A clone of the same image when there is nothing to straighten (Leptonica counts references).
  if (PixPtr straight{pixDeskewGeneral(grey.get(), 0, 0.0f, 0.0f, 0, 0, nullptr, nullptr)})
    grey = std::move(straight);

  // Last, on the page as it will be read.
  remove_isolated_specks(grey.get(), out.dpi);

  out.pix = std::move(grey);
  return out;
}

} // namespace vnotice
