// OCR of many pages on worker threads, each with its own engine and its own page source.
#pragma once

#include "extractors/extractor.h"
#include "extractors/leptonica.h"

#include <functional>
#include <memory>

namespace vnotice {

struct PageImage {
  PixPtr pix;
  double dpi = 0;      // 0 when the source does not know
  double scan_dpi = 0; // a rendered PDF page: the resolution of the scan inside it, 0 if unknown
  // The source found the page blank (no ink to speak of): it is returned without text, method
  // `text_layer`, and not recognised.
  bool blank = false;
};

// Produces page images. Each worker gets its own instance, so an implementation may hold
// objects that must not be shared between threads (a Poppler document).
class PageImageSource {
public:
  virtual ~PageImageSource() = default;
  // The image of page `index` (0-based). Throws Error for a page that cannot be read.
  virtual PageImage load(int index) = 0;
};
using PageImageSourceFactory = std::function<std::unique_ptr<PageImageSource>()>;

// Recognises the pages `indexes` (0-based) with options.jobs workers and returns them in the
// same order, numbered index + 1, method `ocr` (a page its source found blank: `text_layer`,
// no blocks). The result does not depend on the number of
// workers. Per-page notes (estimated resolution, turned pages, hard-to-read pages) are added
// to `warnings`. Throws the error of the lowest failing page; a page that exceeds
// options.limits.max_page_seconds is Error(limit_exceeded).
std::vector<Page> ocr_pages(const std::vector<int> &indexes, const PageImageSourceFactory &factory,
                            const ExtractOptions &options, const std::string &file,
                            std::vector<Warning> &warnings);

// options.jobs resolved: the number of cores when 0.
int worker_count(const ExtractOptions &options);

} // namespace vnotice
