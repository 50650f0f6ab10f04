// The extractor contract: one input file in, one Document out.
#pragma once

#include "pipeline/document.h"
#include "pipeline/input_file.h"

#include <string>

namespace vnotice {

struct ExtractOptions {
  std::string password; // for encrypted PDFs; empty when none was given
};

// Reads `input` into a Document in reading order. Recoverable problems become
// Document::warnings; an input that cannot be read at all throws Error with the failure class
// (input_unsupported, input_damaged, input_encrypted) and a message naming what to do.
using ExtractFunction = Document (*)(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
