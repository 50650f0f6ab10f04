// One change the text layer made to what was read (OCR output mostly), kept so a reviewer can
// check it: Document::repairs, written in the document's JSON.
#pragma once

#include <string>
#include <string_view>

namespace vnotice {

// Why a word was changed: one stable code each, written in JSON by repair_code_name.
enum class RepairCode {
  acronym,       // a capitals word one look-alike letter from a listed acronym ("TIHC" -> "TTHC")
  compound_tone, // a tone or mark OCR confused, restored by the compound word list ("kiếm tra")
  decree_form,   // a fixed form of Decree 30 restored ("Nơi nhận:", the national motto)
  doubled_punctuation,    // a closing mark OCR doubled ("tuyến..")
  eth_for_d_stroke,       // the Icelandic eth read for Đ/đ
  glued_label,            // a list label run into its title ("1.Ưu điểm")
  joined_syllables,       // syllables OCR ran together, split ("Tiếpnhận")
  letter_in_number,       // a letter read for a digit inside a number or date ("2O21")
  list_label_sequence,    // a list letter restored from the order of the list
  list_label_speck,       // a speck read before a list label, dropped
  roman_heading_sequence, // a part's Roman number restored from the order of parts
  section_label,          // a numbered heading's label restored from the order of headings
  split_number,           // a decimal figure OCR cut at its comma, joined
  split_syllable,         // a syllable cut by a stray space, joined ("ĐIỀ U")
  split_symbol,           // a document symbol cut after its hyphen, joined ("SCT- VP")
  tilde_dash,             // a list dash read as a tilde
};

// The code as JSON writes it ("split_number").
std::string_view repair_code_name(RepairCode code);

struct Repair {
  int page = 0;
  std::string original;
  std::string replacement;
  RepairCode reason = RepairCode::decree_form;
};

} // namespace vnotice
