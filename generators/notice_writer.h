// The output formats of a Notice, as a plain list (pandoc's style): `vnotice render` picks one
// by --format or by the output file's extension.
#pragma once

#include "pipeline/notice.h"

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace vnotice {

struct NoticeFormat {
  std::string_view name;      // as given to --format: "docx"
  std::string_view extension; // with the dot, lower case: ".docx"
  std::string (*write)(const Notice &notice);
};

std::span<const NoticeFormat> notice_formats();

// The format named `name`, or of the file's extension (case-insensitive); nullptr when none.
const NoticeFormat *notice_format_from_name(std::string_view name);
const NoticeFormat *notice_format_from_path(const std::filesystem::path &path);

} // namespace vnotice
