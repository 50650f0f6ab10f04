// Building a ZIP package (DOCX, ODT) in memory with libzip, owned RAII-style.
//
// Contract: entries are written in the order they were added, each stamped with the same fixed
// DOS date (midnight), so the same parts always give the same bytes; stored entries
// (`compress` false) have no extra fields, as ODF requires of `mimetype`. Failures throw Error
// (internal).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vnotice {

class ZipWriter {
public:
  // The timestamp of every entry; years before 1980 (the DOS epoch) are clamped to 1980.
  ZipWriter(int year, int month, int day);

  void add(std::string name, std::string bytes, bool compress = true);

  // The package's bytes.
  std::string finish() const;

private:
  struct Entry {
    std::string name;
    std::string bytes;
    bool compress;
  };
  std::vector<Entry> entries_;
  std::uint16_t dos_date_;
};

} // namespace vnotice
