// One Tesseract engine (Vietnamese models) with its orientation detector. Not thread-safe: use
// one per worker thread. Creating one loads a model (tens of MB), so reuse it across pages.
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

// Tesseract's two Vietnamese LSTM models (Debian: tesseract-ocr-vie, tesseract-ocr-script-viet).
// `vie` is the faster; the script model `Vietnamese`, a larger network, reads low-resolution
// scans better: on the bench's 150-dpi scans it gave body CER 2.21 % against 2.43 %, missing
// words 4.91 % against 5.91 % (fewer hook-above tones read as acute, "kiếm" for "kiểm"), at
// about 1.25 times the time. At 300 dpi the two differ by a few hundredths of a percent.
enum class OcrModel { vie, vietnamese_script };

// The model for a page prepared from a source of `source_dpi`: the script model below 250 dpi.
OcrModel model_for(const OcrImage &image);

// Leptonica's text orientation test, fast (tens of ms) and sure of most pages: the clockwise
// rotation (0, 90, 180 or 270) at which `grey` (8 bpp) shows its text when one reading is clearly
// ahead, -1 when none is. OcrEngine::turn_upright asks Tesseract's slower detector only then.
int clear_text_rotation(Pix *grey, double dpi = 300);

class OcrEngine {
public:
  // Loads nothing yet: each model is loaded on its first use (a scan of 150 dpi never needs
  // `vie`), and recognise() throws Error(dependency_missing) when it is not installed. The
  // process should run with OMP_THREAD_LIMIT=1 (the scan module sets it as it loads,
  // extractors/scan_module.h): parallelism is ours, one page per worker. `second_look`: see
  // recognise().
  explicit OcrEngine(bool second_look = true);
  OcrEngine(const OcrEngine &) = delete;
  OcrEngine &operator=(const OcrEngine &) = delete;
  ~OcrEngine();

  // Turns the page upright if it was scanned rotated by 90/180/270 degrees; returns the
  // clockwise turn applied (0 when none).
  int turn_upright(OcrImage &image);

  // Recognises `image`: a whole page, or a horizontal strip of one whose top is `top` pixels
  // down the page (word boxes are given on the page). `page_number` is recorded in the words;
  // `deadline_seconds` bounds the work. With `second_look`, a line holding a word read with
  // confidence under 0.5 is read again alone, and that reading replaces the page's when all its
  // words reach 0.8 (Tesseract misreads some short lines of a clean page that it reads right
  // alone).
  OcrResult recognise(Pix *image, double dpi, int top, int page_number, double deadline_seconds,
                      OcrModel model = OcrModel::vie);

private:
  struct TessDeleter {
    void operator()(tesseract::TessBaseAPI *api) const;
  };
  using TessPtr = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;
  TessPtr recogniser_;        // vie, loaded on first use
  TessPtr script_recogniser_; // Vietnamese, loaded on first use
  bool second_look_ = true;
  int detect_rotation(const OcrImage &image);
  static TessPtr load_recogniser(const char *language, const char *package);
};

} // namespace vnotice
