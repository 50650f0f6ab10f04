#include "extractors/registry.h"

#include "extractors/office_extractor.h"
#include "extractors/scan_module.h"
#include "extractors/text_extractor.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <array>
#include <fmt/format.h>
#include <limits>

namespace vnotice {

std::span<const ExtractorEntry> registered_extractors() {
  static constexpr std::array entries{
      ExtractorEntry{InputFormat::pdf, extract_pdf_via_scan_module},
      ExtractorEntry{InputFormat::png, extract_image_via_scan_module},
      ExtractorEntry{InputFormat::jpeg, extract_image_via_scan_module},
      ExtractorEntry{InputFormat::tiff, extract_image_via_scan_module},
      ExtractorEntry{InputFormat::docx, extract_docx},
      ExtractorEntry{InputFormat::odt, extract_odt},
      ExtractorEntry{InputFormat::text, extract_plain_text},
  };
  return entries;
}

double seconds_left(const ExtractOptions &options, const std::string &file) {
  if (!options.deadline) return std::numeric_limits<double>::infinity();
  const double left =
      std::chrono::duration<double>(*options.deadline - std::chrono::steady_clock::now()).count();
  if (left <= 0)
    throw Error(ExitCode::limit_exceeded, file,
                trf("reading the file took longer than {:.0f} s; raise the limit with "
                    "--file-timeout if the file is genuine",
                    options.limits.max_file_seconds));
  return left;
}

Document extract_document(const InputFile &input, const ExtractOptions &given) {
  ExtractOptions options = given;
  if (!options.deadline)
    options.deadline = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(options.limits.max_file_seconds));
  const InputFormat format = sniff_format(input.bytes);
  const std::string name = input.path.string();
  if (format == InputFormat::empty)
    throw Error(ExitCode::input_unsupported, name,
                tr("the file is empty (0 bytes); check that it was copied or saved completely"));
  for (const ExtractorEntry &entry : registered_extractors())
    if (entry.format == format) return entry.extract(input, options);

  std::string readable;
  for (const ExtractorEntry &entry : registered_extractors())
    readable += (readable.empty() ? "" : ", ") + std::string(format_name(entry.format));
  if (format == InputFormat::unknown)
    throw Error(ExitCode::input_unsupported, name,
                trf("vnotice does not recognise this file's format (it reads: {}); "
                    "check that it is the right file",
                    readable));
  throw Error(ExitCode::input_unsupported, name,
              trf("this is {}, which vnotice cannot read (it reads: {})",
                  format_description(format), readable));
}

} // namespace vnotice
