#include "pipeline/warning.h"

namespace vnotice {

std::string_view warning_code_name(WarningCode code) {
  switch (code) {
  case WarningCode::document_without_text: return "document_without_text";
  case WarningCode::legacy_encoding: return "legacy_encoding";
  case WarningCode::low_ocr_confidence: return "low_ocr_confidence";
  case WarningCode::page_rotated: return "page_rotated";
  case WarningCode::page_unreadable: return "page_unreadable";
  case WarningCode::page_without_text: return "page_without_text";
  case WarningCode::pdf_library_message: return "pdf_library_message";
  case WarningCode::resolution_estimated: return "resolution_estimated";
  case WarningCode::ambiguous_metric: return "ambiguous_metric";
  case WarningCode::field_not_found: return "field_not_found";
  case WarningCode::figure_not_read: return "figure_not_read";
  case WarningCode::headings_unsure: return "headings_unsure";
  case WarningCode::invalid_date: return "invalid_date";
  case WarningCode::letterhead_marks_restored: return "letterhead_marks_restored";
  case WarningCode::recipients_heading_unread: return "recipients_heading_unread";
  case WarningCode::recipients_repaired: return "recipients_repaired";
  case WarningCode::reference_date_unsure: return "reference_date_unsure";
  case WarningCode::section_label_repaired: return "section_label_repaired";
  case WarningCode::section_title_unsure: return "section_title_unsure";
  case WarningCode::signer_name_repaired: return "signer_name_repaired";
  case WarningCode::signer_name_unsure: return "signer_name_unsure";
  case WarningCode::signer_title_repaired: return "signer_title_repaired";
  case WarningCode::signer_title_unsure: return "signer_title_unsure";
  }
  return "unknown"; // not a WarningCode: tests enumerate the codes until they meet this
}

std::optional<WarningCode> warning_code_from_name(std::string_view name) {
  for (int i = 0;; ++i) {
    const auto code = static_cast<WarningCode>(i);
    const std::string_view known = warning_code_name(code);
    if (known == "unknown") return std::nullopt;
    if (known == name) return code;
  }
}

} // namespace vnotice
