#include "pipeline/repair.h"

namespace vnotice {

std::string_view repair_code_name(RepairCode code) {
  switch (code) {
  case RepairCode::acronym: return "acronym";
  case RepairCode::compound_tone: return "compound_tone";
  case RepairCode::decree_form: return "decree_form";
  case RepairCode::doubled_punctuation: return "doubled_punctuation";
  case RepairCode::eth_for_d_stroke: return "eth_for_d_stroke";
  case RepairCode::glued_label: return "glued_label";
  case RepairCode::joined_syllables: return "joined_syllables";
  case RepairCode::letter_in_number: return "letter_in_number";
  case RepairCode::list_label_sequence: return "list_label_sequence";
  case RepairCode::list_label_speck: return "list_label_speck";
  case RepairCode::roman_heading_sequence: return "roman_heading_sequence";
  case RepairCode::section_label: return "section_label";
  case RepairCode::split_number: return "split_number";
  case RepairCode::split_syllable: return "split_syllable";
  case RepairCode::split_symbol: return "split_symbol";
  case RepairCode::tilde_dash: return "tilde_dash";
  }
  return "unknown"; // not a RepairCode: tests enumerate the codes until they meet this
}

} // namespace vnotice
