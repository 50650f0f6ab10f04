// Writing outputs so that a crash or a full disk never leaves a half-written file behind.
#pragma once

#include <filesystem>
#include <string_view>

namespace vnotice {

// An output written piece by piece (for outputs too large to build in memory first): the pieces
// go to a temporary file beside `path`; commit() flushes it to disk and renames it over `path`.
// Destroyed without commit() (an exception on the way), it removes the temporary file and leaves
// `path` as it was. Failures throw Error(output_failed).
class AtomicFileWriter {
public:
  explicit AtomicFileWriter(std::filesystem::path path);
  AtomicFileWriter(const AtomicFileWriter &) = delete;
  AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;
  ~AtomicFileWriter();

  void write(std::string_view bytes);
  void commit();

private:
  std::filesystem::path path_;
  std::filesystem::path temp_;
  int fd_ = -1;
  bool committed_ = false;
};

// Writes `content` to a temporary file beside `path`, flushes it to disk, and renames it over
// `path`. On any failure the temporary file is removed and Error(output_failed) is thrown.
void write_file_atomically(const std::filesystem::path &path, std::string_view content);

} // namespace vnotice
