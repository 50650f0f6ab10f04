#include "generators/notice_writer.h"

#include "generators/docx_writer.h"
#include "generators/odt_writer.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace vnotice {
namespace {

constexpr std::array<NoticeFormat, 2> kFormats = {{
    {"docx", ".docx", write_notice_docx},
    {"odt", ".odt", write_notice_odt},
}};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

} // namespace

std::span<const NoticeFormat> notice_formats() { return kFormats; }

const NoticeFormat *notice_format_from_name(std::string_view name) {
  for (const NoticeFormat &format : kFormats)
    if (format.name == lower(std::string(name))) return &format;
  return nullptr;
}

const NoticeFormat *notice_format_from_path(const std::filesystem::path &path) {
  const std::string extension = lower(path.extension().string());
  for (const NoticeFormat &format : kFormats)
    if (format.extension == extension) return &format;
  return nullptr;
}

} // namespace vnotice
