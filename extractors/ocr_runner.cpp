#include "extractors/ocr_runner.h"

#include "extractors/ocr_engine.h"
#include "extractors/ocr_image.h"
#include "extractors/reading_order.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <malloc.h>
#include <mutex>
#include <thread>

namespace vnotice {
namespace {

// Pages are recognised in horizontal strips cut through blank rows, so that two workers can
// share the last page of a document instead of one waiting for the other (a 3-page scan on two
// cores takes 1.5 page-times, not 2). The strips are the same whatever the number of workers,
// so the output is too.
constexpr int kStripsPerPage = 2;
constexpr int kMinBlankRows = 8; // a cut needs this many empty rows (about 0.7 mm at 300 dpi)

// Rows [top, bottom) of each strip: cuts in the middle of the longest blank band near each
// k/parts of the height; no cut where there is no blank band (the page stays one strip).
std::vector<std::pair<int, int>> strip_rows(Pix *grey, int parts) {
  const int height = pixGetHeight(grey);
  std::vector<std::pair<int, int>> strips;
  PixPtr ink(pixThresholdToBinary(grey, 160));
  std::unique_ptr<Numa, void (*)(Numa *)> counts(
      ink ? pixCountPixelsByRow(ink.get(), nullptr) : nullptr, [](Numa *n) { numaDestroy(&n); });
  int top = 0;
  for (int k = 1; k < parts && counts; ++k) {
    const int lo = height * (2 * k - 1) / (2 * parts), hi = height * (2 * k + 1) / (2 * parts);
    int best_start = -1, best_length = 0, run_start = -1;
    for (int y = std::max(lo, top + 1); y <= hi; ++y) {
      l_int32 value = 0;
      const bool blank = y < hi && numaGetIValue(counts.get(), y, &value) == 0 && value <= 2;
      if (blank && run_start < 0) run_start = y;
      if (!blank && run_start >= 0) {
        if (y - run_start > best_length) best_start = run_start, best_length = y - run_start;
        run_start = -1;
      }
    }
    if (best_length < kMinBlankRows) continue;
    const int cut = best_start + best_length / 2;
    strips.emplace_back(top, cut);
    top = cut;
  }
  strips.emplace_back(top, height);
  return strips;
}

// One prepared page, recognised strip by strip, possibly by several workers.
struct PageWork {
  size_t slot = 0; // position in the caller's list of pages
  int number = 0;
  OcrImage image;
  std::vector<std::pair<int, int>> strips;
  std::vector<std::vector<Word>> strip_words;
  size_t remaining = 0;
  std::vector<Warning> warnings;
  bool blank = false;
  double width_pt = 0, height_pt = 0; // of a blank page
};

struct PageOutcome {
  Page page;
  std::vector<Warning> warnings;
  std::exception_ptr error;
};

// Reads, checks and prepares one page; the result is ready to be cut into strips. The page is
// read (rendered) holding `render_lock` when one is given.
std::shared_ptr<PageWork> prepare_page(OcrEngine &engine, PageImageSource &source, int index,
                                       size_t slot, const ExtractOptions &options,
                                       const std::string &file, std::mutex *render_lock) {
  auto work = std::make_shared<PageWork>();
  work->slot = slot;
  work->number = index + 1;
  LeptonicaMessageCapture quiet;
  std::unique_lock<std::mutex> rendering;
  if (render_lock != nullptr) rendering = std::unique_lock(*render_lock);
  PageImage image = source.load(index);
  if (rendering) rendering.unlock();
  if (image.blank) {
    work->blank = true;
    work->remaining = 1; // finished by one strip_done call, like a page of one strip
    const double dpi =
        image.dpi > 0 ? image.dpi
                      : estimate_dpi(pixGetWidth(image.pix.get()), pixGetHeight(image.pix.get()));
    work->width_pt = pixGetWidth(image.pix.get()) * 72.0 / dpi;
    work->height_pt = pixGetHeight(image.pix.get()) * 72.0 / dpi;
    return work;
  }
  const long long pixels =
      static_cast<long long>(pixGetWidth(image.pix.get())) * pixGetHeight(image.pix.get());
  if (pixels > options.limits.max_image_pixels)
    throw Error(ExitCode::limit_exceeded, file,
                trf("page {} is an image of {} megapixels, over the limit of {}; if the "
                    "file is genuine, raise it with --max-pixels",
                    work->number, pixels / 1000000, options.limits.max_image_pixels / 1000000));
  work->image = prepare_ocr_image(*image.pix, image.dpi);
  if (image.scan_dpi > 0) work->image.source_dpi = image.scan_dpi;
  image.pix.reset(); // the original is no longer needed: keep memory flat
  if (!work->image.pix)
    throw Error(ExitCode::input_damaged, file,
                trf("page {} could not be prepared for OCR", work->number));
  if (work->image.dpi_estimated)
    work->warnings.push_back(
        {WarningCode::resolution_estimated,
         fmt::format("page {}: the image does not say its resolution; assumed an A4 page "
                     "({:.0f} dpi)",
                     work->number, work->image.source_dpi),
         work->number});
  if (const int turned = engine.turn_upright(work->image); turned != 0)
    work->warnings.push_back(
        {WarningCode::page_rotated,
         fmt::format("page {} was scanned sideways or upside down; turned {} degrees", work->number,
                     turned),
         work->number});
  remove_rules(work->image.pix.get());
  work->strips = strip_rows(work->image.pix.get(), kStripsPerPage);
  work->strip_words.resize(work->strips.size());
  work->remaining = work->strips.size();
  return work;
}

std::vector<Word> recognise_strip(OcrEngine &engine, const PageWork &work, size_t strip,
                                  const ExtractOptions &options, const std::string &file) {
  const auto [top, bottom] = work.strips[strip];
  Pix *page = work.image.pix.get();
  std::unique_ptr<::Box, void (*)(::Box *)> region(
      boxCreate(0, top, pixGetWidth(page), bottom - top), [](::Box *b) { boxDestroy(&b); });
  PixPtr part(pixClipRectangle(page, region.get(), nullptr));
  if (!part) throw Error(ExitCode::internal, file, trf("page {}: strip out of range", work.number));
  const double file_left = seconds_left(options, file);
  const bool file_bound = file_left < options.limits.max_page_seconds;
  OcrResult result =
      engine.recognise(part.get(), work.image.dpi, top, work.number,
                       std::min(options.limits.max_page_seconds, file_left), model_for(work.image));
  if (result.timed_out && file_bound) seconds_left(options, file); // throws: the file's limit
  if (result.timed_out)
    throw Error(ExitCode::limit_exceeded, file,
                trf("OCR of page {} took longer than {:.0f} s; raise the limit with "
                    "--page-timeout if the page is genuine",
                    work.number, options.limits.max_page_seconds));
  return std::move(result.words);
}

PageOutcome finish_page(PageWork &work) {
  PageOutcome outcome;
  outcome.warnings = std::move(work.warnings);
  if (work.blank) {
    outcome.page.number = work.number;
    outcome.page.method = PageMethod::text_layer;
    outcome.page.width = work.width_pt;
    outcome.page.height = work.height_pt;
    return outcome;
  }
  std::vector<Word> words;
  for (auto &part : work.strip_words)
    words.insert(words.end(), std::make_move_iterator(part.begin()),
                 std::make_move_iterator(part.end()));
  double confidence = 0;
  for (const Word &word : words)
    confidence += word.confidence;
  if (words.empty())
    outcome.warnings.push_back({WarningCode::page_without_text,
                                fmt::format("page {}: OCR found no text", work.number),
                                work.number});
  else if (confidence / static_cast<double>(words.size()) < 0.6)
    outcome.warnings.push_back(
        {WarningCode::low_ocr_confidence,
         fmt::format("page {} was hard to read (mean OCR confidence {:.0f}%); check its text",
                     work.number, 100 * confidence / static_cast<double>(words.size())),
         work.number});
  outcome.page.number = work.number;
  outcome.page.method = PageMethod::ocr;
  outcome.page.width = pixGetWidth(work.image.pix.get()) * 72.0 / work.image.dpi;
  outcome.page.height = pixGetHeight(work.image.pix.get()) * 72.0 / work.image.dpi;
  outcome.page.blocks = order_page_words(std::move(words));
  work.image.pix.reset(); // its last use: free it now, before the memory is handed back
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
  std::mutex mutex;
  std::condition_variable changed;
  // One rendering at a time, except each worker's first page: two 300-dpi renderings at once
  // (Poppler's page bitmap and its scaled copy of the scan, 52 MB each) while both workers'
  // models are loaded was the peak of a long scan (bench/memory.sh, 40 pages: 189 → 176 MiB,
  // 3 % slower). The first pages render together, before any model is loaded: making them
  // wait cost 9.5 % on short documents.
  std::mutex render_lock;
  std::deque<std::pair<std::shared_ptr<PageWork>, size_t>> strips; // strips waiting for a worker
  size_t next_page = 0, pages_in_flight = 0;
  bool failed = false;

  auto fail = [&](size_t slot) {
    std::lock_guard lock(mutex);
    if (!outcomes[slot].error) outcomes[slot].error = std::current_exception();
    failed = true;
    changed.notify_all();
  };
  auto strip_done = [&](PageWork &work) {
    std::unique_lock lock(mutex);
    if (--work.remaining > 0) return;
    lock.unlock();
    PageOutcome outcome = finish_page(work);
    lock.lock();
    outcomes[work.slot] = std::move(outcome);
    --pages_in_flight;
    changed.notify_all();
    lock.unlock();
    // The page's images are freed: hand the memory back, so that a long scan does not keep the
    // high-water mark of its worst moment (glibc keeps freed heap otherwise). With two workers
    // the peak of a 40-page scan went from 372 to about 300 MiB (bench/memory.sh), at no cost
    // in time (paired timing of the mild300 set: 0.99).
    malloc_trim(0);
  };

  auto worker = [&] {
    int pages_done_here = 0;
    std::unique_ptr<OcrEngine> engine;
    std::unique_ptr<PageImageSource> source;
    for (;;) {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] {
        return failed || !strips.empty() || next_page < indexes.size() || pages_in_flight == 0;
      });
      if (failed) return;
      // Finish started pages first: it keeps at most one prepared page per worker in memory.
      if (!strips.empty()) {
        auto [work, strip] = strips.front();
        strips.pop_front();
        lock.unlock();
        try {
          if (!engine) engine = std::make_unique<OcrEngine>(options.second_look);
          work->strip_words[strip] = recognise_strip(*engine, *work, strip, options, file);
          strip_done(*work);
        } catch (...) {
          fail(work->slot);
          return;
        }
        continue;
      }
      if (next_page >= indexes.size()) return; // nothing queued, nothing left to start
      const size_t slot = next_page++;
      ++pages_in_flight;
      lock.unlock();
      try {
        if (!engine) engine = std::make_unique<OcrEngine>(options.second_look);
        if (!source) source = factory();
        std::shared_ptr<PageWork> work =
            prepare_page(*engine, *source, indexes[slot], slot, options, file,
                         pages_done_here > 0 ? &render_lock : nullptr);
        ++pages_done_here;
        if (work->blank) {
          strip_done(*work);
          continue;
        }
        lock.lock();
        for (size_t strip = 1; strip < work->strips.size(); ++strip)
          strips.emplace_back(work, strip);
        changed.notify_all();
        lock.unlock();
        work->strip_words[0] = recognise_strip(*engine, *work, 0, options, file);
        strip_done(*work);
      } catch (...) {
        fail(slot);
        return;
      }
    }
  };

  const size_t workers = std::min(indexes.size(), static_cast<size_t>(worker_count(options)));
  if (workers <= 1) {
    worker();
  } else {
    std::vector<std::jthread> threads;
    for (size_t w = 0; w < workers; ++w)
      threads.emplace_back(worker);
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
