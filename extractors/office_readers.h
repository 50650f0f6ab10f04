// The DOCX and ODT readers behind extract_docx and extract_odt (office_extractor.h), each the
// format rules of one vocabulary over an opened package. Private to the office extractor.
//
// Contract: the blocks of the whole document in page order: header furniture, the body (its
// paragraphs, tables and text boxes in document order, list labels put back), footer
// furniture. A package without its main part or body is Error(input_damaged), a
// password-protected one Error(input_encrypted); the package's and the word budget's limits
// throw Error(limit_exceeded). `source` must outlive the call.
#pragma once

#include "extractors/extractor.h"
#include "extractors/office_package.h"

#include <vector>

namespace vnotice::office {

std::vector<Block> read_docx(OfficePackage &package, const OfficeSource &source,
                             const Limits &limits);
std::vector<Block> read_odt(OfficePackage &package, const OfficeSource &source,
                            const Limits &limits);

} // namespace vnotice::office
