// The record parser: reads a normalised Document (a notice, report, plan or letter in the Decree
// 30/2020 layout) into a Record.
//
// Contract:
// - Input is the Document after the Vietnamese text layer (normalise_document): NFC, reflowed,
//   legacy encodings decoded. Any extractor's output works; nothing here depends on where the
//   words came from, except that evidence carries their page, box and confidence.
// - Every value comes with evidence (the quoted text it was read from). A value that cannot be
//   found, or is ambiguous, is left empty with a RecordWarning: the parser never guesses.
// - Vocabulary (document types and codes, metric keys and their Vietnamese patterns) lives in
//   extractors/data/*.json, compiled into the binary.
// - Pure and thread-safe; linear in the text (RE2 patterns, no backtracking).
#pragma once

#include "pipeline/document.h"
#include "pipeline/figure_spec.h"
#include "pipeline/record.h"

#include <optional>
#include <string>
#include <string_view>

namespace vnotice {

// `extra_figures`: figures an inspection plan names (its criteria's `figures`), merged with the
// compiled-in vocabulary: patterns and columns of a known key are added to it, a new key is added.
Record parse_record(const Document &document, const std::vector<FigureSpec> &extra_figures = {});

// A number written the Vietnamese way: '.' groups thousands, ',' marks decimals ("8.586" is
// 8586, "1.250,5" is 1250.5, "41,8" is 41.8, "02" is 2). Nothing for anything else, including
// forms that could be read two ways ("8.5").
std::optional<double> parse_vietnamese_number(std::string_view text);

// The Decree 30 type code of a document type name ("THÔNG BÁO" -> "TB"), any case.
std::optional<std::string> type_code_of(std::string_view doc_type);

} // namespace vnotice
