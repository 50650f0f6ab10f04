// A recoverable problem noticed while working: kept, reported, never fatal.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace vnotice {

// What a warning is about: one stable code each, written in JSON by warning_code_name (the
// schemas list the same names: schemas/document.schema.json, schemas/record.schema.json).
enum class WarningCode {
  // a document (extract): the input as read
  document_without_text, // a DOCX/ODT with no text at all
  legacy_encoding,       // words in TCVN3, VNI, VISCII, VPS or CP1258 converted to Unicode
  low_ocr_confidence,    // a page OCR found hard to read
  page_rotated,          // a page scanned sideways or upside down, turned
  page_unreadable,       // a PDF page Poppler could not read
  page_without_text,     // a page where no text was found or read
  pdf_library_message,   // a message of Poppler's, passed on
  resolution_estimated,  // an image without its resolution: A4 assumed
  // a record (parse): the fields as understood
  ambiguous_metric,          // a figure found twice with different values, left out
  field_not_found,           // a field the document does not show
  figure_not_read,           // a figure the text names but whose value could not be read
  headings_unsure,           // the heading tree does not count 1, 2, 3
  invalid_date,              // a date that is no calendar day
  letterhead_marks_restored, // OCR'd letterhead names restored from the body
  recipients_heading_unread, // "Nơi nhận:" not read; recipients found from the filing line
  recipients_repaired,       // the filing line's VT or unit code restored
  reference_date_unsure,     // a cited date read by OCR under confidence, left out
  section_label_repaired,    // a part number restored from the order of parts
  section_title_unsure,      // a heading holding a word OCR was unsure of, left out
  signer_name_repaired,      // the signer's name taken from the document's text
  signer_name_unsure,        // the signer's name could not be vouched for
  signer_title_repaired,     // the signer's title given its marks from the list of titles
  signer_title_unsure,       // a signer's title that is no known title, left out
};

// The code as JSON writes it ("page_without_text").
std::string_view warning_code_name(WarningCode code);
// The code of a name, nullopt for an unknown one.
std::optional<WarningCode> warning_code_from_name(std::string_view name);

struct Warning {
  WarningCode code = WarningCode::pdf_library_message;
  std::string message; // plain words for the user
  int page = 0;        // 1-based page it concerns, 0 for the whole document
};

} // namespace vnotice
