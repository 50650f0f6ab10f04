#include "extractors/office_extractor.h"

#include "extractors/office_package.h"
#include "extractors/office_readers.h"

#include <string>
#include <utility>
#include <vector>

namespace vnotice {
namespace {

// The format rules live in docx_reader.cpp and odt_reader.cpp; this opens the package and makes
// the one-page Document both formats come out as.
using Reader = std::vector<Block> (*)(OfficePackage &, const OfficeSource &, const Limits &);

Document extract_office(const InputFile &input, const ExtractOptions &options, const char *kind,
                        const char *format, Reader read) {
  const OfficeSource source{input.path.string(), kind};
  OfficePackage package(input, options.limits, source);
  std::vector<Block> blocks = read(package, source, options.limits);
  Document document;
  document.source = {input.path.string(), format, input.sha256,
                     static_cast<long long>(input.bytes.size())};
  Page page;
  page.number = 1;
  page.method = PageMethod::markup;
  page.blocks = std::move(blocks);
  if (page.blocks.empty())
    document.warnings.push_back(
        {WarningCode::document_without_text, "the document contains no text", 0});
  document.pages.push_back(std::move(page));
  return document;
}

} // namespace

Document extract_docx(const InputFile &input, const ExtractOptions &options) {
  return extract_office(input, options, "DOCX", "docx", office::read_docx);
}

Document extract_odt(const InputFile &input, const ExtractOptions &options) {
  return extract_office(input, options, "ODT", "odt", office::read_odt);
}

} // namespace vnotice
