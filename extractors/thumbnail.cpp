#include "extractors/thumbnail.h"

#include "extractors/format_sniffer.h"
#include "extractors/leptonica.h"

#include <algorithm>
#include <leptonica/allheaders.h>
#include <memory>
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

namespace vnotice {
namespace {

struct LeptonicaFree {
  void operator()(l_uint8 *data) const { lept_free(data); }
};

std::string png_of(Pix *pix) {
  l_uint8 *raw = nullptr;
  size_t size = 0;
  if (pixWriteMem(&raw, &size, pix, IFF_PNG) != 0) return {};
  std::unique_ptr<l_uint8, LeptonicaFree> data(raw);
  return {reinterpret_cast<const char *>(data.get()), size};
}

PixPtr render_pdf_page(const InputFile &input, int width) {
  std::unique_ptr<poppler::document> pdf(
      input.whole ? poppler::document::load_from_raw_data(input.bytes.data(),
                                                          static_cast<int>(input.bytes.size()))
                  : poppler::document::load_from_file(input.path.string()));
  if (!pdf || pdf->is_locked() || pdf->pages() < 1) return nullptr;
  std::unique_ptr<poppler::page> page(pdf->create_page(0));
  if (!page) return nullptr;
  const poppler::rectf rect = page->page_rect(poppler::crop_box);
  if (rect.width() <= 0 || rect.height() <= 0) return nullptr;
  // The resolution that gives `width` pixels, bounded for a page far taller than wide.
  double dpi = width * 72.0 / rect.width();
  if (rect.height() * dpi / 72 > 2.0 * width) dpi = 2.0 * width * 72 / rect.height();
  poppler::page_renderer renderer;
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  renderer.set_image_format(poppler::image::format_rgb24);
  const poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid()) return nullptr;
  PixPtr pix(pixCreate(image.width(), image.height(), 32));
  if (!pix) return nullptr;
  for (int y = 0; y < image.height(); ++y) {
    const auto *row = reinterpret_cast<const unsigned char *>(image.const_data()) +
                      static_cast<size_t>(y) * image.bytes_per_row();
    l_uint32 *line = pixGetData(pix.get()) + static_cast<size_t>(y) * pixGetWpl(pix.get());
    for (int x = 0; x < image.width(); ++x)
      composeRGBPixel(row[3 * x], row[3 * x + 1], row[3 * x + 2], line + x);
  }
  return pix;
}

PixPtr read_image(const InputFile &input, int width) {
  if (!input.whole) return nullptr;
  const auto *data = reinterpret_cast<const l_uint8 *>(input.bytes.data());
  // The header first: an image over any scan's size (an A3 page at 600 dpi is 70 megapixels) is
  // not decoded for a thumbnail.
  l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
  if (pixReadHeaderMem(data, input.bytes.size(), &format, &w, &h, &bps, &spp, &cmap) != 0 ||
      w <= 0 || h <= 0 || static_cast<long long>(w) * h > 80'000'000LL)
    return nullptr;
  PixPtr pix(pixReadMem(data, input.bytes.size())); // a TIFF's first frame
  if (!pix) return nullptr;
  // Only the top of a page far taller than wide, as for PDF pages; never scaled up.
  const int kept = std::min(pixGetHeight(pix.get()), 2 * pixGetWidth(pix.get()));
  BOX *top = boxCreate(0, 0, pixGetWidth(pix.get()), kept);
  PixPtr clipped(pixClipRectangle(pix.get(), top, nullptr));
  boxDestroy(&top);
  pix.reset();
  if (!clipped) return nullptr;
  const float scale =
      std::min(1.0F, static_cast<float>(width) / static_cast<float>(pixGetWidth(clipped.get())));
  PixPtr scaled(pixScale(clipped.get(), scale, scale)); // any depth, 1 bpp included
  if (!scaled) return nullptr;
  return PixPtr(pixConvertTo32(scaled.get()));
}

} // namespace

std::string first_page_thumbnail(const InputFile &input, int width) {
  LeptonicaMessageCapture quiet; // Leptonica would print its complaints on stderr
  try {
    const InputFormat format = sniff_format(input.bytes);
    const bool image =
        format == InputFormat::png || format == InputFormat::jpeg || format == InputFormat::tiff;
    PixPtr pix = format == InputFormat::pdf ? render_pdf_page(input, width)
                 : image                    ? read_image(input, width)
                                            : nullptr;
    return pix ? png_of(pix.get()) : std::string();
  } catch (const std::exception &) {
    return {};
  }
}

} // namespace vnotice
