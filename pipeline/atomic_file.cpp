#include "pipeline/atomic_file.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace vnotice {
namespace {

[[noreturn]] void fail(const std::filesystem::path &path, const char *action, int err) {
  throw Error(ExitCode::output_failed, path.string(),
              trf("cannot {} the output file ({}); check that the folder exists and is "
                  "writable and that the disk is not full",
                  tr(action), std::strerror(err)));
}

} // namespace

AtomicFileWriter::AtomicFileWriter(std::filesystem::path path) : path_(std::move(path)) {
  temp_ = path_;
  temp_ += fmt::format(".tmp-{}", ::getpid());
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path_, N_("create"), errno);
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_) ::unlink(temp_.c_str());
}

void AtomicFileWriter::write(std::string_view bytes) {
  const char *data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path_, N_("write"), errno);
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) fail(path_, N_("write"), errno);
  const int rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) fail(path_, N_("write"), errno);
  if (::rename(temp_.c_str(), path_.c_str()) != 0) fail(path_, N_("rename"), errno);
  committed_ = true;
}

void write_file_atomically(const std::filesystem::path &path, std::string_view content) {
  AtomicFileWriter file(path);
  file.write(content);
  file.commit();
}

} // namespace vnotice
