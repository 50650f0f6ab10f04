// Reading the container of a word processor file (DOCX, ODT): its ZIP parts through libzip and
// their XML through libxml2, with every limit of extractors/extractor.h (Limits) checked before
// the bytes can cost memory or time. The DOCX and ODT readers (docx_reader.cpp, odt_reader.cpp)
// use only this and extractors/xml_reader.h, never libzip or libxml2 directly.
//
// Contract: a part is inflated in 64 KiB chunks, and inflating stops as soon as the part's size
// (max_part_bytes), the file's unpacked total (max_unpacked_bytes) or a compression ratio
// (max_compression_ratio, per part and over the file, once 1 MiB has come out) is exceeded:
// Error(limit_exceeded), one line naming the file, the limit and the flag that raises it. A part
// is then scanned for its XML nesting depth and its longest text or attribute value
// (max_xml_depth, max_xml_text_bytes) before libxml2 sees it. Parsing loads no DTD, entity or
// network resource, and a part with a DOCTYPE is refused (input_damaged): OOXML and ODF never have
// one. Broken ZIP or XML is Error(input_damaged); a password-protected part Error(input_encrypted).
#pragma once

#include "extractors/extractor.h"
#include "extractors/xml_reader.h"
#include "pipeline/input_file.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace vnotice {

// Which file is read, for messages: the path as given, and "DOCX" or "ODT".
struct OfficeSource {
  std::string file;
  std::string kind;
};

// Error(input_damaged) saying what is broken and that the sender should send a new copy.
[[noreturn]] void throw_damaged(const OfficeSource &source, const std::string &what);

// A ZIP package read from memory (InputFile::bytes, which must outlive it).
class OfficePackage {
public:
  OfficePackage(const InputFile &input, const Limits &limits, OfficeSource source);
  ~OfficePackage();
  OfficePackage(const OfficePackage &) = delete;
  OfficePackage &operator=(const OfficePackage &) = delete;

  // The unpacked bytes of part `name` (matched without regard to case), or nothing when there is
  // no such part. Every byte really inflated is counted: the sizes in ZIP headers may lie.
  std::optional<std::string> read(const std::string &name);

  // Part `name` read and parsed (parse_part below), or null when there is no such part.
  XmlDocument read_xml(const std::string &name);

private:
  [[noreturn]] void fail_to_read(const std::string &name, bool encrypted) const;

  OfficeSource source_;
  Limits limits_;
  long long packed_size_ = 0; // of the whole file
  long long unpacked_ = 0;    // so far, over all parts read
  struct ZipDiscard {
    void operator()(zip *archive) const;
  };
  std::unique_ptr<zip, ZipDiscard> archive_;
};

// The parsed part `name` (`bytes` as OfficePackage::read gave them). Never null.
XmlDocument parse_part(const std::string &bytes, const std::string &name,
                       const OfficeSource &source, const Limits &limits);

// What a scan of raw XML finds before it is parsed: the deepest element nesting and the longest
// run of character data or attribute value, in bytes (entity references counted as written).
// Comments, processing instructions, CDATA sections and a DOCTYPE are skipped over; text in a
// CDATA section counts as character data. Linear in the size, no allocation.
struct XmlShape {
  int depth = 0;
  size_t longest_text = 0;
};
XmlShape measure_xml(std::string_view xml);

} // namespace vnotice
