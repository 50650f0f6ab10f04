// Writes a Document in one of the formats `vnotice extract --format` offers.
#pragma once

#include "pipeline/document.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vnotice {

enum class DocumentFormat { text, json };

struct DocumentFormatEntry {
  DocumentFormat format;
  std::string_view name;        // as given to --format
  std::string_view description; // one line for --help
};

// Every output format for a Document, in --help order. The first is the default.
std::span<const DocumentFormatEntry> document_formats();
std::optional<DocumentFormat> document_format_from_name(std::string_view name);

// The bytes of `document` in `format`: UTF-8 text in reading order (`flowing`: paragraphs
// reflowed and page furniture left out, see Document::flowing_text; else line by line as
// extracted), or pretty-printed JSON (schemas/document.schema.json). Both end with a newline and
// are deterministic.
std::string write_document(const Document &document, DocumentFormat format, bool flowing = true);

} // namespace vnotice
