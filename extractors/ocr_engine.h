// One Tesseract engine (Vietnamese model) with its orientation detector. Not thread-safe: use
// one per worker thread. Creating one loads the model (tens of MB), so reuse it across pages.
#pragma once

#include "extractors/ocr_image.h"
#include "pipeline/document.h"

#include <memory>

namespace tesseract {
class TessBaseAPI;
}

namespace vnotice {

struct OcrResult {
  std::vector<Word> words; // boxes in points of the upright, deskewed page
  bool timed_out = false;
};

class OcrEngine {
public:
  // Loads Tesseract with the `vie` model. Throws Error(dependency_missing) when it is not
  // installed. The process should run with OMP_THREAD_LIMIT=1 (tools/main.cpp sees to it):
  // parallelism is ours, one page per worker.
  OcrEngine();
  OcrEngine(const OcrEngine &) = delete;
  OcrEngine &operator=(const OcrEngine &) = delete;
  ~OcrEngine();

  // Turns the page upright if it was scanned rotated by 90/180/270 degrees; returns the
  // clockwise turn applied (0 when none).
  int turn_upright(OcrImage &image);

  // Recognises `image`: a whole page, or a horizontal strip of one whose top is `top` pixels
  // down the page (word boxes are given on the page). `page_number` is recorded in the words;
  // `deadline_seconds` bounds the work.
  OcrResult recognise(Pix *image, double dpi, int top, int page_number, double deadline_seconds);

private:
  struct TessDeleter {
    void operator()(tesseract::TessBaseAPI *api) const;
  };
  using TessPtr = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;
  TessPtr recogniser_;
  TessPtr orientation_; // loaded on first use: most pages are upright
  int detect_rotation(const OcrImage &image);
};

} // namespace vnotice
