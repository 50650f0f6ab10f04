// The extractor contract: one input file in, one Document out.
#pragma once

#include "pipeline/document.h"
#include "pipeline/input_file.h"

#include <chrono>
#include <optional>
#include <string>

namespace vnotice {

// When a PDF page is recognised with OCR instead of read from its text layer.
enum class OcrMode {
  automatic, // only pages without a usable text layer
  always,    // every page
  never,     // no page (pages without text come back empty, with a warning)
};

// Bounds on what one input may cost. Exceeding one is Error(limit_exceeded), whose message
// names the flag that raises it. Defaults fit real documents with a wide margin.
struct Limits {
  int max_pages = 2000;                               // --max-pages
  long long max_image_pixels = 300LL * 1000 * 1000;   // --max-pixels (per page or image)
  long long max_unpacked_bytes = 512LL * 1024 * 1024; // --max-unpacked-mb (zip contents)
  long long max_part_bytes = 128LL * 1024 * 1024;     // --max-part-mb (one zip part)
  int max_compression_ratio = 100;                    // --max-zip-ratio (unpacked : packed)
  int max_xml_depth = 256;                            // --max-xml-depth (element nesting)
  long long max_xml_text_bytes = 10LL * 1024 * 1024;  // --max-xml-text-mb (one text/attribute)
  long long max_words = 300000;                       // --max-words (DOCX/ODT: about 600 pages)
  double max_page_seconds = 120;                      // --page-timeout (OCR of one page)
  double max_file_seconds = 1800;                     // --file-timeout (one input, all pages)
};

struct ExtractOptions {
  std::string password; // for encrypted PDFs; empty when none was given
  OcrMode ocr = OcrMode::automatic;
  int jobs = 0; // worker threads for OCR; 0 means one per core
  Limits limits;
  // Read again, alone, the OCR'd lines holding a word the page's reading was unsure of
  // (OcrEngine::recognise). Off only to measure what it brings.
  bool second_look = true;
  // When reading this input must stop (limits.max_file_seconds after it started); set by
  // extract_document, checked between pages and strips. None: no file limit.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

// Throws Error(limit_exceeded) for `file` when `options.deadline` has passed; otherwise returns
// the seconds left (infinity without a deadline).
double seconds_left(const ExtractOptions &options, const std::string &file);

// Reads `input` into a Document in reading order. Recoverable problems become
// Document::warnings; an input that cannot be read at all throws Error with the failure class
// (input_unsupported, input_damaged, input_encrypted, limit_exceeded) and a message naming what
// to do.
using ExtractFunction = Document (*)(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
