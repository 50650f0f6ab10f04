// Word images Tesseract keeps as PNG, stored without compression while OCR runs.
//
// Tesseract 5.3 (Debian 12) keeps every word image it recognises as a PNG in memory
// (ImageData::SetPix → Leptonica pixWriteMem(IFF_PNG), at zlib's default level 6) and decodes it
// again straight away; at 300 dpi that deflating was a sixth of the CPU of reading a 150-dpi scan.
// Tesseract has no option for it (only a compile-time TESSERACT_IMAGEDATA_AS_PIX), and Leptonica
// takes the level from a field its copies of an image do not keep. So the scan module supplies
// its own libpng png_set_compression_level (png_compression_interposer.cpp), found before
// libpng's by the dynamic linker, which asks for level 0 (stored blocks: the same pixels, no
// deflate) while an UncompressedPngScope is alive on the calling thread, and passes any other
// call through unchanged. Outside a scope (thumbnails, anything else) PNGs are written as before.
#pragma once

namespace vnotice {

// While alive, PNGs written on this thread through libpng are stored uncompressed. Nests.
class UncompressedPngScope {
public:
  UncompressedPngScope();
  ~UncompressedPngScope();
  UncompressedPngScope(const UncompressedPngScope &) = delete;
  UncompressedPngScope &operator=(const UncompressedPngScope &) = delete;
};

// Whether an UncompressedPngScope is alive on this thread.
bool uncompressed_png_wanted();

} // namespace vnotice
