// Fuzz target: the PDF path (Poppler's parser, the text layer and reading order) on arbitrary
// bytes, with OCR off and small limits so one input stays well inside the fuzzer's time and
// memory limits. Calls extract_pdf directly (the static vnotice_scan library, not the module).
// Expected failures are vnotice::Error; anything else is a finding.
#include "extractors/pdf_extractor.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vnotice::InputFile input;
  input.path = "fuzz.pdf";
  input.bytes.assign(reinterpret_cast<const char *>(data), size);
  vnotice::ExtractOptions options;
  options.ocr = vnotice::OcrMode::never;
  options.jobs = 1;
  options.limits.max_pages = 50;
  options.limits.max_image_pixels = 20LL * 1000 * 1000;
  options.limits.max_page_seconds = 10;
  try {
    vnotice::extract_pdf(input, options);
  } catch (const vnotice::Error &) {
  }
  return 0;
}
