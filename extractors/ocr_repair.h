// OCR repair, part of the Vietnamese text layer (extractors/text_normaliser.h): the word- and
// line-level changes to what Tesseract read where the evidence is strong (a Vietnamese syllable
// list, the shapes of digits, the compound word list, the acronym list). Only OCR'd words are
// changed; each change is recorded as a Repair with its RepairCode.
#pragma once

#include "pipeline/document.h"

#include <vector>

namespace vnotice {

// Look-alike characters in one word: the eth for Đ/đ, letters for digits inside a number or a
// date ("2O21"), a doubled closing mark ("tuyến..").
void repair_ocr_word(Word &word, std::vector<Repair> &repairs);

// Repairs across the words of one line: syllables and symbols cut by a stray space, figures cut
// at their comma, labels run into their title, a dash read as a tilde, syllables run together,
// misread acronyms.
void repair_ocr_line(Line &line, int page, std::vector<Repair> &repairs);

// Tones and marks OCR confused, restored where the compound word list joins the word to its
// neighbours (`words`: one phrase sequence, a paragraph's lines or one line of a table).
void repair_tones_by_compounds(const std::vector<Word *> &words, int page,
                               std::vector<Repair> &repairs);

} // namespace vnotice
