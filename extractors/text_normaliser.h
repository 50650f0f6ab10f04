// The Vietnamese text layer: the one stage every Document passes through between extraction
// and parsing (`vnotice extract --raw` shows the text before it).
#pragma once

#include "pipeline/document.h"

namespace vnotice {

// Changes `document` in place:
//  - legacy encodings (TCVN3, VNI, VISCII, VPS, Windows-1258) are decoded, run by run from the
//    font name where there is one, block by block from syllable statistics where there is none;
//  - every word is put in Unicode NFC (the source's tone-mark placement is kept);
//  - OCR'd words (and only those) are repaired where the evidence is strong; each repair is
//    recorded in document.repairs;
//  - page furniture (page numbers, running headers and footers, footer links) is marked as
//    BlockKind::furniture, so it stays in the Document but leaves the text flow.
// A note is added to the warnings when a legacy encoding was converted.
void normalise_document(Document &document);

} // namespace vnotice
