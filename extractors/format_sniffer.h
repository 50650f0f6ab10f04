// Recognises an input's format from its first bytes, never from its file name.
#pragma once

#include <string_view>

namespace vnotice {

enum class InputFormat { empty, unknown, pdf, png, jpeg, tiff, docx, odt, zip, text };

// Looks at the content only. A file whose name says .pdf but whose bytes are a PNG is a PNG.
InputFormat sniff_format(std::string_view bytes);

// True for strict UTF-8 without NUL or control bytes other than whitespace.
bool is_utf8_text(std::string_view bytes);

// Short stable name ("pdf", "docx").
std::string_view format_name(InputFormat format);

// What the format is, in plain words, for messages ("a PNG image").
std::string_view format_description(InputFormat format);

} // namespace vnotice
