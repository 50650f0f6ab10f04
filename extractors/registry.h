// The formats vnotice reads: one plain list, in one place (no static self-registration, which
// static linking silently drops).
#pragma once

#include "extractors/extractor.h"
#include "extractors/format_sniffer.h"

#include <span>

namespace vnotice {

struct ExtractorEntry {
  InputFormat format;
  ExtractFunction extract;
};

// Every format `extract` accepts, in the order they are listed in --help.
std::span<const ExtractorEntry> registered_extractors();

// Detects the format of `input` from its content and runs the matching extractor. Throws
// Error(input_unsupported) for an empty file or a format with no extractor.
Document extract_document(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
