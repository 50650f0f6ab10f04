#include "generators/document_writer.h"
#include "pipeline/reflow.h"

#include <array>

namespace vnotice {

std::span<const DocumentFormatEntry> document_formats() {
  static constexpr std::array entries{
      DocumentFormatEntry{DocumentFormat::text, "text", "the text in reading order"},
      DocumentFormatEntry{DocumentFormat::json, "json",
                          "pages, blocks, lines and words with boxes and provenance"},
  };
  return entries;
}

std::optional<DocumentFormat> document_format_from_name(std::string_view name) {
  for (const DocumentFormatEntry &entry : document_formats())
    if (entry.name == name) return entry.format;
  return std::nullopt;
}

std::string write_document(const Document &document, DocumentFormat format, bool flowing) {
  switch (format) {
  case DocumentFormat::text: return flowing ? flowing_text(document) : document.text();
  case DocumentFormat::json: return json_text(document);
  }
  return {};
}

} // namespace vnotice
