// Word processor files: DOCX (OOXML) and ODT (OpenDocument), read with libzip + libxml2.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// See ExtractFunction. Everything comes out on one page of method `markup`; words have no boxes
// (all zero) and confidence 1. In document order: paragraphs, tables (a row per line, an empty
// cell as a word without text) and text boxes (after the paragraph that anchors them). Automatic
// list labels ("I.", "2.1", "a)", "-") are the paragraph's first words. Headers are `furniture`
// blocks before the text, footers after it (fields such as page numbers give their cached text).
// Not read: footnotes and endnotes, comments, deleted and hidden text, images.
Document extract_docx(const InputFile &input, const ExtractOptions &options);
Document extract_odt(const InputFile &input, const ExtractOptions &options);

} // namespace vnotice
