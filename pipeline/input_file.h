// One input file, read once: its bytes, size and content hash.
#pragma once

#include <filesystem>
#include <string>

namespace vnotice {

struct InputFile {
  std::filesystem::path path;
  // The whole file; inputs are documents of at most a few hundred MB. A PDF read with
  // Keep::pdf_head keeps only its first kHeadBytes here (`whole` is false): Poppler reads it
  // from `path`, so a scan of hundreds of pages is not held in memory while it is recognised.
  std::string bytes;
  std::string tail;   // when not `whole`: the file's last kTailBytes (a cut-off PDF lacks %%EOF)
  std::string sha256; // lower-case hex of the content, the key for caching and resuming
  bool whole = true;
  long long stored_size = 0; // when not `whole`: the file's size

  static constexpr size_t kHeadBytes = 64 * 1024;
  static constexpr size_t kTailBytes = 4 * 1024;

  // The file's size in bytes.
  long long size() const { return whole ? static_cast<long long>(bytes.size()) : stored_size; }

  // Whether `read` hashes the content. Starting OpenSSL's digest costs more than a whole
  // `vnotice render`, so inputs that are never cached or archived (a notice JSON) skip it.
  enum class Hash { sha256, none };
  // What `read` keeps: the whole file, or only the head and tail of a PDF (see `bytes`).
  enum class Keep { whole, pdf_head };

  // Reads `path`. Throws Error(input_missing) when it does not exist, is not a regular file or
  // cannot be read, with a message that says which. With Hash::none, `sha256` stays empty. The
  // hash is of the whole file whatever is kept.
  static InputFile read(const std::filesystem::path &path, Hash hash = Hash::sha256,
                        Keep keep = Keep::whole);
};

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

} // namespace vnotice
