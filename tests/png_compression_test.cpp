// The word-image PNG interposer (extractors/png_compression.h): inside an UncompressedPngScope,
// PNGs written through Leptonica are stored (not deflated) and decode to the same pixels;
// outside, they are compressed as libpng does by default; and the scan module exports its own
// png_set_compression_level, so that Tesseract's calls through Leptonica reach it.
#include "extractors/leptonica.h"
#include "extractors/png_compression.h"

#include <dlfcn.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

namespace vnotice {
namespace {

// A page-like 8-bit image: white paper with dark bars of text, which deflate shrinks many times.
PixPtr page_like_image() {
  PixPtr pix(pixCreate(600, 400, 8));
  pixSetAll(pix.get());
  for (int line = 0; line < 12; ++line)
    for (int word = 0; word < 8; ++word)
      pixRasterop(pix.get(), 20 + word * 70, 20 + line * 30, 50, 14, PIX_CLR, nullptr, 0, 0);
  return pix;
}

size_t png_size(Pix *pix, PixPtr *decoded = nullptr) {
  l_uint8 *data = nullptr;
  size_t size = 0;
  if (pixWriteMem(&data, &size, pix, IFF_PNG) != 0) return 0;
  if (decoded != nullptr) decoded->reset(pixReadMem(data, size));
  lept_free(data);
  return size;
}

TEST(PngCompression, StoredInsideTheScopeCompressedOutsideSamePixels) {
  const PixPtr page = page_like_image();
  const size_t raw_bytes = 600 * 400;
  const size_t compressed = png_size(page.get());
  ASSERT_GT(compressed, 0u);
  EXPECT_LT(compressed, raw_bytes / 10) << "libpng's default level should shrink a page a lot";
  PixPtr decoded;
  size_t stored = 0;
  {
    const UncompressedPngScope scope;
    EXPECT_TRUE(uncompressed_png_wanted());
    stored = png_size(page.get(), &decoded);
  }
  EXPECT_FALSE(uncompressed_png_wanted());
  EXPECT_GE(stored, raw_bytes) << "inside the scope the PNG should hold the pixels unpacked";
  ASSERT_TRUE(decoded);
  l_int32 same = 0;
  pixEqual(page.get(), decoded.get(), &same);
  EXPECT_TRUE(same);
  EXPECT_EQ(png_size(page.get()), compressed) << "after the scope, PNGs are compressed again";
}

TEST(PngCompression, ScanModuleExportsItsOwnSetter) {
  const std::filesystem::path module =
      std::filesystem::path(VNOTICE_SCAN_MODULE_BUILD_DIR) / "libvnotice-scan.so";
  void *handle = ::dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << ::dlerror();
  void *setter = ::dlsym(handle, "png_set_compression_level");
  ASSERT_NE(setter, nullptr);
  Dl_info info{};
  ASSERT_NE(::dladdr(setter, &info), 0);
  EXPECT_EQ(std::filesystem::path(info.dli_fname).filename(), "libvnotice-scan.so")
      << "Leptonica's calls would reach libpng's own setter, not the module's";
  // Left loaded: Tesseract's OpenMP threads must not outlive their code (scan_module.cpp).
}

} // namespace
} // namespace vnotice
