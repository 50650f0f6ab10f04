#include "pipeline/atomic_file.h"

#include "pipeline/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

namespace vnotice {
namespace {

// Owns the temporary file until it has been renamed into place.
class TemporaryFile {
public:
  explicit TemporaryFile(std::filesystem::path path) : path_(std::move(path)) {}
  TemporaryFile(const TemporaryFile &) = delete;
  TemporaryFile &operator=(const TemporaryFile &) = delete;
  ~TemporaryFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  int open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    return fd_;
  }
  int fd() const { return fd_; }
  int close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }
  void commit() { committed_ = true; }
  const std::filesystem::path &path() const { return path_; }

private:
  std::filesystem::path path_;
  int fd_ = -1;
  bool committed_ = false;
};

[[noreturn]] void fail(const std::filesystem::path &path, const char *action, int err) {
  throw Error(ExitCode::output_failed, path.string(),
              fmt::format("cannot {} the output file ({}); check that the folder exists and is "
                          "writable and that the disk is not full",
                          action, std::strerror(err)));
}

} // namespace

void write_file_atomically(const std::filesystem::path &path, std::string_view content) {
  std::filesystem::path temp = path;
  temp += fmt::format(".tmp-{}", ::getpid());
  TemporaryFile file(temp);
  if (file.open() < 0) fail(path, "create", errno);
  const char *data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(file.fd(), data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(path, "write", errno);
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(file.fd()) != 0) fail(path, "write", errno);
  if (file.close() != 0) fail(path, "write", errno);
  if (::rename(temp.c_str(), path.c_str()) != 0) fail(path, "rename", errno);
  file.commit();
}

} // namespace vnotice
