// Writing outputs so that a crash or a full disk never leaves a half-written file behind.
#pragma once

#include <filesystem>
#include <string_view>

namespace vnotice {

// Writes `content` to a temporary file beside `path`, flushes it to disk, and renames it over
// `path`. On any failure the temporary file is removed and Error(output_failed) is thrown.
void write_file_atomically(const std::filesystem::path &path, std::string_view content);

} // namespace vnotice
