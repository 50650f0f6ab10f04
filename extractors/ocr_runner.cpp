#include "extractors/ocr_runner.h"

#include "extractors/ocr_engine.h"
#include "extractors/ocr_image.h"
#include "extractors/reading_order.h"
#include "pipeline/error.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <thread>

namespace vnotice {
namespace {

struct PageOutcome {
  Page page;
  std::vector<Warning> warnings;
  std::exception_ptr error;
};

PageOutcome recognise_page(OcrEngine &engine, PageImageSource &source, int index,
                           const ExtractOptions &options, const std::string &file) {
  PageOutcome outcome;
  const int number = index + 1;
  LeptonicaMessageCapture quiet;
  PageImage image = source.load(index);
  const long long pixels =
      static_cast<long long>(pixGetWidth(image.pix.get())) * pixGetHeight(image.pix.get());
  if (pixels > options.limits.max_image_pixels)
    throw Error(ExitCode::limit_exceeded, file,
                fmt::format("page {} is an image of {} megapixels, over the limit of {}; if the "
                            "file is genuine, raise it with --max-pixels",
                            number, pixels / 1000000, options.limits.max_image_pixels / 1000000));
  OcrImage prepared = prepare_ocr_image(*image.pix, image.dpi);
  image.pix.reset(); // the original is no longer needed: keep memory flat
  if (!prepared.pix)
    throw Error(ExitCode::input_damaged, file,
                fmt::format("page {} could not be prepared for OCR", number));
  if (prepared.dpi_estimated)
    outcome.warnings.push_back(
        {"resolution_estimated",
         fmt::format("page {}: the image does not say its resolution; assumed an A4 page "
                     "({:.0f} dpi)",
                     number, prepared.source_dpi),
         number});

  OcrPageResult result = engine.recognise(prepared, number, options.limits.max_page_seconds);
  if (result.timed_out)
    throw Error(ExitCode::limit_exceeded, file,
                fmt::format("OCR of page {} took longer than {:.0f} s; raise the limit with "
                            "--page-timeout if the page is genuine",
                            number, options.limits.max_page_seconds));
  if (result.rotated_degrees != 0)
    outcome.warnings.push_back(
        {"page_rotated",
         fmt::format("page {} was scanned sideways or upside down; turned {} degrees", number,
                     result.rotated_degrees),
         number});
  if (result.words.empty())
    outcome.warnings.push_back(
        {"page_without_text", fmt::format("page {}: OCR found no text", number), number});
  else if (result.mean_confidence < 0.6)
    outcome.warnings.push_back(
        {"low_ocr_confidence",
         fmt::format("page {} was hard to read (mean OCR confidence {:.0f}%); check its text",
                     number, result.mean_confidence * 100),
         number});

  outcome.page.number = number;
  outcome.page.method = PageMethod::ocr;
  outcome.page.width = pixGetWidth(prepared.pix.get()) * 72.0 / prepared.dpi;
  outcome.page.height = pixGetHeight(prepared.pix.get()) * 72.0 / prepared.dpi;
  outcome.page.blocks = order_page_words(std::move(result.words));
  return outcome;
}

} // namespace

int worker_count(const ExtractOptions &options) {
  if (options.jobs > 0) return options.jobs;
  return std::max(1u, std::thread::hardware_concurrency());
}

std::vector<Page> ocr_pages(const std::vector<int> &indexes, const PageImageSourceFactory &factory,
                            const ExtractOptions &options, const std::string &file,
                            std::vector<Warning> &warnings) {
  std::vector<PageOutcome> outcomes(indexes.size());
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};

  auto work = [&] {
    std::unique_ptr<OcrEngine> engine;
    std::unique_ptr<PageImageSource> source;
    for (size_t k = next++; k < indexes.size() && !failed; k = next++) {
      try {
        if (!engine) engine = std::make_unique<OcrEngine>();
        if (!source) source = factory();
        outcomes[k] = recognise_page(*engine, *source, indexes[k], options, file);
      } catch (...) {
        outcomes[k].error = std::current_exception();
        failed = true;
      }
    }
  };

  const size_t workers =
      std::min(indexes.size(), static_cast<size_t>(worker_count(options)));
  if (workers <= 1) {
    work();
  } else {
    std::vector<std::jthread> threads;
    for (size_t w = 0; w < workers; ++w) threads.emplace_back(work);
  }

  std::vector<Page> pages;
  for (PageOutcome &outcome : outcomes) {
    if (outcome.error) std::rethrow_exception(outcome.error);
    warnings.insert(warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
    pages.push_back(std::move(outcome.page));
  }
  return pages;
}

} // namespace vnotice
