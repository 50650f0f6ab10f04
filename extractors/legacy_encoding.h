// Vietnamese text in the 8-bit encodings that preceded Unicode: TCVN3 (ABC, the ".Vn" fonts),
// VNI-Windows, VISCII, VPS and Windows-1258, as it reaches us from PDF text layers, DOCX/ODT runs
// and plain-text files; detection (from the font name, or from syllable statistics) and
// conversion to Unicode.
//
// The form every function takes: each legacy byte appears as the character Windows-1252 assigns
// to it, in UTF-8 (TCVN3 "Cộng hoà" is extracted as "Céng hoµ"). Bytes Windows-1252 leaves
// undefined (81 8D 8F 90 9D) and the C0 bytes VISCII and VPS use for capitals are taken as the
// code points of the same value (U+0081, U+0002); the symbol-font habit of U+F000 + byte is
// understood too. Text read from a plain-text file is put into this form by bytes_as_cp1252.
#pragma once

#include <string>
#include <string_view>

namespace vnotice {

enum class LegacyEncoding { none, tcvn3, vni, viscii, vps, cp1258 };

// "none", "tcvn3", "vni", "viscii", "vps", "cp1258".
std::string_view legacy_encoding_name(LegacyEncoding encoding);

// The encoding a font draws, from its name (after any "ABCDEF+" subset prefix, ignoring a style
// suffix such as ",Bold" or "-Italic"): the ".Vn" fonts (.VnTime, .VnTimeH, .VnArial,
// .VnArialH, ...) are TCVN3; "VNI-Times", "VNI-Helve", ... are VNI; "VI Times", "VI Arial",
// "VI Avan H", "VI Book H" and the "... 1.1" VISCII families are VISCII; "VPS Times", "VPS Helv",
// ... are VPS. `none` for every other font (Unicode fonts, and names we cannot tell).
LegacyEncoding encoding_from_font(std::string_view font_name);

// True for the all-capital member of a legacy font pair, which draws lower-case codes as
// capitals: .VnTimeH, .VnArialH (the "H" = hoa fonts), "VI Times H", "VPS Times Hoa".
bool is_capital_font(std::string_view font_name);

// Windows-1252 reading of raw bytes, as UTF-8 (undefined bytes become U+0081 and the like): what
// a plain-text file in a legacy encoding must be turned into before decode_legacy.
std::string bytes_as_cp1252(std::string_view raw);

// Converts text in `encoding` (in the form described at the top) to Unicode NFC. Characters that
// cannot be a legacy byte (anything outside Windows-1252 and Latin-1) are kept as they are, so
// decoding text that is already Unicode leaves its Vietnamese letters alone.
//   - TCVN3 one byte per letter; VNI a base letter and a diacritic byte, longest match first;
//     VISCII and VPS one byte; Windows-1258 base letters and combining marks, composed.
//   - `capital_font`: the text was drawn with an all-capital font; every letter is upper-cased.
//   - TCVN3 without a capital font: a decoded toned letter (TCVN3 has no codes for toned
//     capitals) is upper-cased inside an otherwise upper-case word ("TØNH" -> "TỈNH"), and in a
//     word with at most one other letter when a neighbouring word is an upper-case Vietnamese
//     syllable ("VÒ C¤NG T¸C" -> "VỀ CÔNG TÁC").
//   - TCVN3 byte AD (ư) arrives as a soft hyphen U+00AD or a plain '-': a soft hyphen is always
//     ư; a '-' touching a letter is ư when that makes a Vietnamese syllable of the letters around
//     it and the two sides are not both syllables ("Th-¬ng" -> "Thương", "nh-" -> "như"); a
//     hyphen between words ("Độc lập - Tự do"), in symbols ("16/CT-TTg", "KH-SCT") or in
//     compounds of two syllables stays a hyphen.
// `none` returns the text unchanged.
std::string decode_legacy(std::string_view extracted_utf8, LegacyEncoding encoding,
                          bool capital_font = false);

// The legacy encoding of a text with no font name to tell, or `none`. Each candidate decoding is
// compared with the text as it is, word by word on the words it changes: it is chosen only when
// it turns clearly more of them into valid Vietnamese syllables (at least two more, and a share
// at least 0.3 higher, of which at least half are valid). Text holding any Vietnamese letter
// that Windows-1252 lacks (ư ơ đ ạ ...) or a combining tone mark is Unicode already: `none`.
// Meant for one homogeneous stretch (a file, a run, a line); a single word is too little
// evidence and gives `none`. Looks at the first 20 000 words at most.
LegacyEncoding detect_legacy_encoding(std::string_view extracted_utf8);

} // namespace vnotice
