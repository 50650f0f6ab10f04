#include "extractors/format_sniffer.h"

namespace vnotice {
namespace {

// Strict UTF-8 without NUL or control bytes other than whitespace: what a text file looks like.
bool looks_like_utf8_text(std::string_view bytes) {
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    size_t extra = 0;
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
    } else {
      return false;
    }
    if (i + extra >= bytes.size() && extra > 0) return false;
    for (size_t k = 1; k <= extra; ++k)
      if ((static_cast<unsigned char>(bytes[i + k]) & 0xC0) != 0x80) return false;
    i += extra + 1;
  }
  return true;
}

// Text in an 8-bit legacy encoding (TCVN3, VNI, VISCII, VPS, Windows-1258): no NUL, and
// control bytes only where those encodings put letters (VISCII and VPS use a few C0 codes for
// capitals) or rarely.
bool looks_like_8bit_text(std::string_view bytes) {
  size_t controls = 0;
  for (unsigned char c : bytes) {
    if (c == 0) return false;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++controls;
  }
  return controls * 50 <= bytes.size();
}

} // namespace

bool is_utf8_text(std::string_view bytes) { return looks_like_utf8_text(bytes); }

InputFormat sniff_format(std::string_view bytes) {
  if (bytes.empty()) return InputFormat::empty;
  // PDF readers accept the header anywhere in the first 1024 bytes; so do we.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return InputFormat::pdf;
  if (bytes.starts_with("\x89PNG\r\n\x1a\n")) return InputFormat::png;
  if (bytes.starts_with("\xff\xd8\xff")) return InputFormat::jpeg;
  if (bytes.starts_with(std::string_view("II*\0", 4)) ||
      bytes.starts_with(std::string_view("MM\0*", 4)))
    return InputFormat::tiff;
  if (bytes.starts_with("PK\x03\x04")) {
    // ODF stores an uncompressed "mimetype" entry first; OOXML names [Content_Types].xml.
    std::string_view head = bytes.substr(0, 4096);
    if (head.find("application/vnd.oasis.opendocument.text") != std::string_view::npos)
      return InputFormat::odt;
    if (bytes.find("word/document.xml") != std::string_view::npos) return InputFormat::docx;
    return InputFormat::zip;
  }
  // UTF-16 with its byte order mark: what Windows Notepad saves as "Unicode".
  if (bytes.size() >= 2 && (bytes.starts_with("\xff\xfe") || bytes.starts_with("\xfe\xff")))
    return InputFormat::text;
  // Judge text on a prefix: a multi-byte character cut at the end of the prefix is fine.
  std::string_view prefix = bytes.substr(0, 65536);
  while (!prefix.empty() && prefix.size() < bytes.size() &&
         (static_cast<unsigned char>(prefix.back()) & 0x80) != 0)
    prefix.remove_suffix(1);
  if (looks_like_utf8_text(prefix) || looks_like_8bit_text(prefix)) return InputFormat::text;
  return InputFormat::unknown;
}

std::string_view format_name(InputFormat format) {
  switch (format) {
  case InputFormat::empty: return "empty";
  case InputFormat::unknown: return "unknown";
  case InputFormat::pdf: return "pdf";
  case InputFormat::png: return "png";
  case InputFormat::jpeg: return "jpeg";
  case InputFormat::tiff: return "tiff";
  case InputFormat::docx: return "docx";
  case InputFormat::odt: return "odt";
  case InputFormat::zip: return "zip";
  case InputFormat::text: return "text";
  }
  return "unknown";
}

std::string_view format_description(InputFormat format) {
  switch (format) {
  case InputFormat::empty: return "an empty file";
  case InputFormat::unknown: return "not a document format vnotice recognises";
  case InputFormat::pdf: return "a PDF document";
  case InputFormat::png: return "a PNG image";
  case InputFormat::jpeg: return "a JPEG image";
  case InputFormat::tiff: return "a TIFF image";
  case InputFormat::docx: return "a Word (DOCX) document";
  case InputFormat::odt: return "an OpenDocument (ODT) text";
  case InputFormat::zip: return "a ZIP archive";
  case InputFormat::text: return "a plain text file";
  }
  return "unknown";
}

} // namespace vnotice
