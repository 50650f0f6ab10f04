#include "test_support.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vnotice::test {

std::filesystem::path source_dir() { return VNOTICE_SOURCE_DIR; }
std::filesystem::path cli_path() { return VNOTICE_CLI; }
std::filesystem::path sample_pdf(const std::string &name) {
  return source_dir() / "samples" / "pdf" / name;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "vnotice-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::filesystem::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const std::filesystem::path &path, const std::string &content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::vector<const Block *> blocks_of(const Document &document, BlockKind kind) {
  std::vector<const Block *> found;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      if (block.kind == kind) found.push_back(&block);
  return found;
}

std::vector<std::string> line_texts(const Block &block) {
  std::vector<std::string> texts;
  for (const Line &line : block.lines)
    texts.push_back(line.text());
  return texts;
}

bool contains(const std::vector<std::string> &lines, const std::string &text) {
  return std::find(lines.begin(), lines.end(), text) != lines.end();
}

std::map<std::string, int> token_counts(const std::string &text) {
  std::map<std::string, int> counts;
  std::istringstream in(text);
  std::string token;
  while (in >> token)
    ++counts[token];
  return counts;
}

std::string pdf_from_objects(const std::vector<std::string> &objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t k = 0; k < objects.size(); ++k) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(k + 1) + " 0 obj\n" + objects[k] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    const std::string digits = std::to_string(offset);
    pdf += std::string(10 - digits.size(), '0') + digits + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

CommandResult run_command(const std::vector<std::string> &argv, const std::filesystem::path &cwd) {
  TempDir capture;
  const std::string out_path = (capture / "out").string();
  const std::string err_path = (capture / "err").string();
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    std::vector<char *> args;
    for (const std::string &arg : argv)
      args.push_back(const_cast<char *>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  CommandResult result;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.max_rss_kb = usage.ru_maxrss;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

OpenCounter::OpenCounter(const std::vector<std::filesystem::path> &folders)
    : fd_(inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) {
  if (fd_ < 0) throw std::runtime_error("inotify_init1 failed");
  for (const auto &folder : folders) {
    const int wd = inotify_add_watch(fd_, folder.c_str(), IN_OPEN | IN_CLOSE);
    if (wd < 0) throw std::runtime_error("cannot watch " + folder.string());
    folders_[wd] = folder;
  }
}

OpenCounter::~OpenCounter() { close(fd_); }

std::map<std::filesystem::path, int> OpenCounter::take() {
  std::map<std::filesystem::path, int> count;
  alignas(inotify_event) char buffer[64 * 1024];
  for (ssize_t got; (got = read(fd_, buffer, sizeof buffer)) > 0;)
    for (char *at = buffer; at < buffer + got;) {
      const auto *event = reinterpret_cast<const inotify_event *>(at);
      if ((event->mask & IN_OPEN) != 0 && (event->mask & IN_ISDIR) == 0 && event->len > 0)
        ++count[folders_.at(event->wd) / event->name];
      at += sizeof(inotify_event) + event->len;
    }
  return count;
}

} // namespace vnotice::test
