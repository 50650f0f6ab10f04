#include "generators/zip_writer.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"
#include "pipeline/zip_handles.h"

#include <algorithm>
#include <array>
#include <memory>
#include <zip.h>

namespace vnotice {
namespace {

[[noreturn]] void fail(const std::string &what) {
  throw Error(ExitCode::internal, {}, trf("libzip could not build the package: {}", what));
}

using ZipSourceFree = zip_handles::SourceFree;
using ZipDiscard = zip_handles::Discard;
using ZipError = zip_handles::Error;

// zip_source_open / zip_source_close around reading a source back.
class OpenSource {
public:
  explicit OpenSource(zip_source_t *source) : source_(source) {
    if (zip_source_open(source_) < 0) fail("cannot reopen the written package");
  }
  OpenSource(const OpenSource &) = delete;
  OpenSource &operator=(const OpenSource &) = delete;
  ~OpenSource() { zip_source_close(source_); }

private:
  zip_source_t *source_;
};

} // namespace

ZipWriter::ZipWriter(int year, int month, int day) {
  year = std::clamp(year, 1980, 2107);
  dos_date_ = static_cast<std::uint16_t>(((year - 1980) << 9) | (month << 5) | day);
}

void ZipWriter::add(std::string name, std::string bytes, bool compress) {
  entries_.push_back({std::move(name), std::move(bytes), compress});
}

std::string ZipWriter::finish() const {
  ZipError error;
  std::unique_ptr<zip_source_t, ZipSourceFree> buffer(
      zip_source_buffer_create(nullptr, 0, 0, error.get()));
  if (!buffer) throw std::bad_alloc();
  std::unique_ptr<zip_t, ZipDiscard> archive(
      zip_open_from_source(buffer.get(), ZIP_TRUNCATE, error.get()));
  if (!archive) fail(zip_error_strerror(error.get()));
  // The archive now holds a reference to the buffer and drops it on close; keep our own so the
  // written bytes can be read back afterwards.
  zip_source_keep(buffer.get());

  for (const Entry &entry : entries_) {
    // The entry bytes live in `entries_` until zip_close below has copied them (freep = 0).
    zip_source_t *source =
        zip_source_buffer(archive.get(), entry.bytes.data(), entry.bytes.size(), 0);
    if (source == nullptr) fail(zip_strerror(archive.get()));
    const zip_int64_t index =
        zip_file_add(archive.get(), entry.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      fail(zip_strerror(archive.get()));
    }
    const auto at = static_cast<zip_uint64_t>(index);
    // Level 6 is zlib's default; fixed here so the bytes do not depend on libzip's choice.
    if (zip_set_file_compression(archive.get(), at, entry.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                 entry.compress ? 6 : 0) < 0 ||
        zip_file_set_dostime(archive.get(), at, 0, dos_date_, 0) < 0)
      fail(zip_strerror(archive.get()));
  }
  zip_t *raw = archive.release();
  if (zip_close(raw) < 0) {
    const std::string what = zip_strerror(raw);
    zip_discard(raw);
    fail(what);
  }

  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(buffer.get(), &stat) < 0 || (stat.valid & ZIP_STAT_SIZE) == 0)
    fail("cannot size the written package");
  std::string bytes(static_cast<size_t>(stat.size), '\0');
  OpenSource open(buffer.get());
  size_t done = 0;
  while (done < bytes.size()) {
    const zip_int64_t got = zip_source_read(buffer.get(), bytes.data() + done, bytes.size() - done);
    if (got <= 0) fail("cannot read the written package back");
    done += static_cast<size_t>(got);
  }
  return bytes;
}

} // namespace vnotice
