// Writes a Notice as a WordprocessingML (DOCX) package, with libzip and libxml2 only.
//
// Contract: the bytes of a complete .docx in the Decree 30 layout (generators/notice_layout.h):
// A4 portrait, Times New Roman in every script slot, vi-VN, the letterhead and the closing block
// as borderless two-column tables, page numbers centred in the top margin from page 2, and each
// appendix in its own section starting a new page with its page numbers restarting at 1. The
// same Notice always gives the same bytes (entry dates and metadata dates come from the notice
// date). Throws Error(internal) only if libzip or libxml2 fail.
#pragma once

#include "pipeline/notice.h"

#include <string>

namespace vnotice {

std::string write_notice_docx(const Notice &notice);

} // namespace vnotice
