// Page preparation for OCR (extractors/ocr_image.h).
#include "extractors/ocr_image.h"

#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

namespace vnotice {
namespace {

TEST(OcrImageTest, ScalingUpLinesUpPixelCentres) {
  // Two pixels, black and white, doubled: the new pixels sample the old at -0.25 (the edge),
  // 0.25, 0.75 and 1.25 (the edge). Aligning corners instead gives 0, 128, 255, 255.
  PixPtr pair(pixCreate(2, 1, 8));
  pixSetPixel(pair.get(), 1, 0, 255);
  PixPtr doubled = scale_up_bilinear(pair.get(), 2.0);
  ASSERT_TRUE(doubled);
  ASSERT_EQ(pixGetWidth(doubled.get()), 4);
  ASSERT_EQ(pixGetHeight(doubled.get()), 2);
  const l_uint32 expected[] = {0, 64, 191, 255};
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x) {
      l_uint32 value = 0;
      pixGetPixel(doubled.get(), x, y, &value);
      EXPECT_EQ(value, expected[x]) << x << "," << y;
    }
  // A flat image stays flat, at any scale; the resolution is scaled with it.
  PixPtr flat(pixCreate(7, 5, 8));
  pixSetAllArbitrary(flat.get(), 137);
  pixSetResolution(flat.get(), 150, 150);
  PixPtr up = scale_up_bilinear(flat.get(), 1.5);
  ASSERT_TRUE(up);
  EXPECT_EQ(pixGetXRes(up.get()), 225);
  l_int32 lowest = 0, highest = 0;
  pixGetExtremeValue(up.get(), 1, L_SELECT_MIN, nullptr, nullptr, nullptr, &lowest);
  pixGetExtremeValue(up.get(), 1, L_SELECT_MAX, nullptr, nullptr, nullptr, &highest);
  EXPECT_EQ(lowest, 137);
  EXPECT_EQ(highest, 137);
  // Not for other depths, nor for scaling down.
  PixPtr binary(pixCreate(4, 4, 1));
  EXPECT_FALSE(scale_up_bilinear(binary.get(), 2.0));
  EXPECT_FALSE(scale_up_bilinear(flat.get(), 0.5));
}

} // namespace
} // namespace vnotice
