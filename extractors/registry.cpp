#include "extractors/registry.h"

#include "extractors/office_extractor.h"
#include "extractors/pdf_text_extractor.h"
#include "pipeline/error.h"

#include <array>
#include <fmt/format.h>

namespace vnotice {

std::span<const ExtractorEntry> registered_extractors() {
  static constexpr std::array entries{
      ExtractorEntry{InputFormat::pdf, extract_pdf_text},
      ExtractorEntry{InputFormat::docx, extract_docx},
      ExtractorEntry{InputFormat::odt, extract_odt},
  };
  return entries;
}

Document extract_document(const InputFile &input, const ExtractOptions &options) {
  const InputFormat format = sniff_format(input.bytes);
  const std::string name = input.path.string();
  if (format == InputFormat::empty)
    throw Error(ExitCode::input_unsupported, name,
                "the file is empty (0 bytes); check that it was copied or saved completely");
  for (const ExtractorEntry &entry : registered_extractors())
    if (entry.format == format) return entry.extract(input, options);

  std::string readable;
  for (const ExtractorEntry &entry : registered_extractors())
    readable += (readable.empty() ? "" : ", ") + std::string(format_name(entry.format));
  throw Error(ExitCode::input_unsupported, name,
              fmt::format("this is {}, which vnotice cannot read; it reads: {}",
                          format_description(format), readable));
}

} // namespace vnotice
