// Restoring the marks of an upper-case name OCR damaged in a letterhead from the same name
// written in the document's own text.
//
// A scanned letterhead is set in capitals, often bold and small, and Tesseract loses or changes
// the Vietnamese marks there ("PHONG KE HOẠCH" for "PHÒNG KẾ HOẠCH", "PHÁT TRIÊN" for "PHÁT
// TRIỂN") and adds specks as punctuation ("SỞ. NÔNG", "KHUYỀN-” NÔNG"), while the body, in
// lower case, writes the same bodies' names ("..., Phòng Kế hoạch - Tài chính báo cáo như sau")
// and is read far better. Decree 30/2020 (Appendix I) has the issuer's name in full in the
// letterhead, and a unit's report names itself and its Sở in the opening and closing sentences.
//
// Contract: restore_marks(name, text) aligns the name's words with runs of at least two words of
// `text` that have the same letters once marks and case are folded. A word of the name takes the
// marks of its aligned words (in the name's case) when every aligned occurrence agrees on them;
// a speck of punctuation stuck to a word inside such a run (a separator that does not start
// with a space, where the text has only a space) becomes a space. A separator written apart
// (" - ") is kept. Returns the restored name when anything changed, nothing otherwise. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vnotice {

std::optional<std::string> restore_marks(std::string_view name, std::string_view text);

} // namespace vnotice
