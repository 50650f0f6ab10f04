// One input file, read once: its bytes, size and content hash.
#pragma once

#include <filesystem>
#include <string>

namespace vnotice {

struct InputFile {
  std::filesystem::path path;
  std::string bytes;  // the whole file; inputs are documents of at most a few hundred MB
  std::string sha256; // lower-case hex of the content, the key for caching and resuming

  // Whether `read` hashes the content. Starting OpenSSL's digest costs more than a whole
  // `vnotice render`, so inputs that are never cached or archived (a notice JSON) skip it.
  enum class Hash { sha256, none };

  // Reads `path`. Throws Error(input_missing) when it does not exist, is not a regular file or
  // cannot be read, with a message that says which. With Hash::none, `sha256` stays empty.
  static InputFile read(const std::filesystem::path &path, Hash hash = Hash::sha256);
};

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace vnotice
