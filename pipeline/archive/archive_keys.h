// Keys the archive stores and compares, shared by its writing (archive.cpp) and searching
// (archive_search.cpp) halves. Internal to pipeline/archive*.
#pragma once

#include <string>
#include <string_view>

namespace vnotice::archive_detail {

// Whitespace runs (line breaks from the letterhead, OCR double spaces) to one space, trimmed.
std::string squash(std::string_view text);
// fold_accents, squashed: the key of the filters (`Đồng  Tháp` -> `dong thap`).
std::string accent_key(std::string_view text);
// A number/symbol as --cites compares it: `2532/KH- SCT` and `2532/kh-sct` are the same.
std::string cited_key(std::string_view number_symbol);

} // namespace vnotice::archive_detail
