// The signer block of a Decree 30/2020 document (its Appendix I: signing authority, title,
// signature and seal, full name), read from the lines the record parser left after the
// recipients.
//
// Contract:
// - Authority: the forms of Decree 30 (TM., Q., KT., TL., TUQ.), the dot written or read as a
//   colon or another stop ("KT: GIÁM ĐỐC"), or left out before an upper-case title ("KT GIÁM
//   ĐỐC"). The record holds the Decree 30 form ("KT. GIÁM ĐỐC"); the evidence
//   (`signer.authority`) quotes the line as written. Without an authority line, authority is
//   null and the title is the first upper-case line.
// - Titles: an upper-case title whose accent-folded words begin with a title of
//   extractors/data/signer_titles.json, or that is one letter from exactly one of them, is given
//   that title's marks ("PHO TRƯỞNG PHÒNG" -> "PHÓ TRƯỞNG PHÒNG") with a
//   `signer_title_repaired` warning; a title with a word OCR guessed (under 0.5) that matches no
//   known title is null with `signer_title_unsure`. Nothing else is changed.
// - Name: a name read surely (a person's name, every word 0.8 or over) is kept as read. A name
//   read partly or unsurely (a seal over it: letters lost, a word dropped, low confidence) is
//   taken from the document's own text when exactly one name there agrees with what was read
//   (at least two words equal after folding accents, the others compatible):
//   `signer_name_repaired`, the evidence `signer.name` quoting where it was found. Otherwise a
//   guessed word or a broken name leaves the name null with `signer_name_unsure`; a name whose
//   words are all at 0.5 or over is kept as read.
// - Pure and thread-safe; vocabulary compiled in.
#pragma once

#include "pipeline/record.h"
#include "pipeline/reflow.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace vnotice {

// Bytes [begin, end) of a flowing paragraph's text: one line of the signer block.
struct SourceSpan {
  const FlowParagraph *paragraph = nullptr;
  size_t begin = 0, end = 0;
};

// What read_signer found: the signer, evidence of its parts by field name ("signer.authority",
// "signer.title", "signer.name" for a name taken from the text), and warnings.
struct SignerReading {
  RecordSigner signer;
  std::map<std::string, Evidence> evidence;
  std::vector<RecordWarning> warnings;
  std::map<std::string, FieldReview> needs_review; // a name repaired: both readings
};

// `block`: the signer's lines in reading order (authority, title, name; seal specks may be
// among them). `document`: the paragraphs of the whole document, where a damaged name is looked
// up (the block's own lines are skipped).
SignerReading read_signer(const std::vector<SourceSpan> &block,
                          const std::vector<const FlowParagraph *> &document);

// A line holding a signing authority, whole ("KT. GIÁM ĐỐC", "KT: GIÁM ĐỐC", "KT GIÁM ĐỐC").
const re2::RE2 &authority_line_re();

// The Decree 30 form of an authority line ("KT: GIAM ĐOC" -> "KT. GIÁM ĐỐC", the title after
// the prefix restored as titles are); nothing when the line is no authority line.
std::optional<std::string> normalised_authority(std::string_view line);

// The known title a title line stands for, its marks restored ("GIAM ĐOC" -> "GIÁM ĐỐC", "PHÓ
// TRƯỞNG PHÒNG TỔ CHỨC" as it is); nothing when it matches no known title or more than one.
std::optional<std::string> known_title(std::string_view line);

// A person's name as Vietnamese documents write it: 2 to 6 words, each starting with a capital
// letter, not all upper case, no digits or punctuation ("Nguyễn Văn Luận").
bool looks_like_person_name(std::string_view line);

} // namespace vnotice
