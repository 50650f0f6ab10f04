// One input file, read once: its bytes, size and content hash.
#pragma once

#include <filesystem>
#include <string>

namespace vnotice {

struct InputFile {
  std::filesystem::path path;
  std::string bytes;  // the whole file; inputs are documents of at most a few hundred MB
  std::string sha256; // lower-case hex of the content, the key for caching and resuming

  // Reads `path`. Throws Error(input_missing) when it does not exist, is not a regular file or
  // cannot be read, with a message that says which.
  static InputFile read(const std::filesystem::path &path);
};

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace vnotice
