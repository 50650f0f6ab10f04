// Writes a Notice as an OpenDocument text (ODT) package, with libzip and libxml2 only.
//
// Contract: the bytes of a complete ODF 1.2 .odt (`mimetype` first and stored, manifest, content,
// styles, meta) in the Decree 30 layout (generators/notice_layout.h): A4 portrait, Times New
// Roman, vi-VN, the letterhead and closing block as borderless two-column tables, a "First Page"
// master without header for page 1 and for each appendix's first page (where page numbering
// restarts at 1), the default master with a centred page number in the top margin. Every part
// validates against the OASIS ODF 1.2 RelaxNG schema. Deterministic like write_notice_docx.
#pragma once

#include "pipeline/notice.h"

#include <string>

namespace vnotice {

std::string write_notice_odt(const Notice &notice);

} // namespace vnotice
