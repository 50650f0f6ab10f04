// RAII for libzip's handles, shared by the side that reads DOCX/ODT packages
// (extractors/office_package.cpp) and the side that writes them (generators/zip_writer.cpp).
// Header-only: pipeline itself does not link libzip; whoever includes this does.
#pragma once

#include <zip.h>

namespace vnotice::zip_handles {

struct SourceFree {
  void operator()(zip_source_t *source) const { zip_source_free(source); }
};
struct FileClose {
  void operator()(zip_file_t *file) const { zip_fclose(file); }
};
struct Discard {
  void operator()(zip_t *archive) const { zip_discard(archive); }
};

// zip_error_t needs zip_error_fini, even on the error paths.
class Error {
public:
  Error() { zip_error_init(&error_); }
  Error(const Error &) = delete;
  Error &operator=(const Error &) = delete;
  ~Error() { zip_error_fini(&error_); }
  zip_error_t *get() { return &error_; }

private:
  zip_error_t error_;
};

} // namespace vnotice::zip_handles
