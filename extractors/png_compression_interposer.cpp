// libpng's png_set_compression_level, replaced for UncompressedPngScope (png_compression.h).
// Linked into the scan module (and the test that checks it), never into a static library: the
// symbol must be exported by the object that Leptonica's calls are resolved against first. In
// the module, the dynamic linker looks in the module itself before its dependencies (libpng
// among them), so Leptonica's call lands here; RTLD_NEXT then finds libpng's own.
#include "extractors/png_compression.h"

#include <dlfcn.h>
#include <png.h>

extern "C" __attribute__((visibility("default"))) void
png_set_compression_level(png_structrp png_ptr, int level) {
  using Setter = void (*)(png_structrp, int);
  static const auto libpng_setter =
      reinterpret_cast<Setter>(::dlsym(RTLD_NEXT, "png_set_compression_level"));
  // Without libpng's own there is nothing to pass the call to; libpng then keeps its default.
  if (libpng_setter == nullptr) return;
  libpng_setter(png_ptr, vnotice::uncompressed_png_wanted() ? 0 : level);
}
