#include "pipeline/input_file.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <openssl/evp.h>

namespace vnotice {

namespace {

using DigestPtr = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestPtr start_sha256() {
  DigestPtr ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw Error(ExitCode::internal, "", tr("SHA-256 computation failed in OpenSSL"));
  return ctx;
}

void add_to_sha256(EVP_MD_CTX *ctx, std::string_view data) {
  if (EVP_DigestUpdate(ctx, data.data(), data.size()) != 1)
    throw Error(ExitCode::internal, "", tr("SHA-256 computation failed in OpenSSL"));
}

std::string finish_sha256(EVP_MD_CTX *ctx) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1)
    throw Error(ExitCode::internal, "", tr("SHA-256 computation failed in OpenSSL"));
  std::string hex;
  hex.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int i = 0; i < length; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

} // namespace

InputFile InputFile::read(const std::filesystem::path &path, Hash hash, Keep keep) {
  const std::string name = path.string();
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw Error(ExitCode::input_missing, name,
                tr("no such file; check the path and the spelling of the name"));
  if (std::filesystem::is_directory(status))
    throw Error(ExitCode::input_missing, name, tr("this is a folder, not a file; give a file"));
  if (!std::filesystem::is_regular_file(status))
    throw Error(ExitCode::input_missing, name, tr("not a regular file; give a document file"));

  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(ExitCode::input_missing, name,
                trf("cannot open the file ({}); check its permissions", std::strerror(errno)));
  InputFile file;
  file.path = path;
  DigestPtr digest(nullptr, EVP_MD_CTX_free);
  if (hash == Hash::sha256) digest = start_sha256();
  // Read in blocks, hashing as we go, so that a PDF kept by its head is never whole in memory.
  // The size the file system gives is a hint for the block (small files are the common case in
  // a batch) and the reservation, not a limit: the file is read to its end.
  const std::uintmax_t hinted = std::filesystem::file_size(path, ec);
  const size_t expected = ec ? 0 : static_cast<size_t>(hinted);
  if (keep == Keep::whole) file.bytes.reserve(expected);
  std::string block(std::clamp<size_t>(expected + 1, 4096, 1 << 20), '\0');
  long long total = 0;
  for (bool first = true;; first = false) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    const auto got = static_cast<size_t>(in.gcount());
    if (got == 0) break;
    const std::string_view chunk(block.data(), got);
    if (digest) add_to_sha256(digest.get(), chunk);
    total += static_cast<long long>(got);
    // PDF readers accept the header anywhere in the first 1024 bytes (as sniff_format does).
    if (first && keep == Keep::pdf_head && chunk.substr(0, 1024).find("%PDF-") != chunk.npos)
      file.whole = false;
    if (file.whole) {
      file.bytes.append(chunk);
    } else {
      if (file.bytes.size() < kHeadBytes)
        file.bytes.append(chunk.substr(0, kHeadBytes - file.bytes.size()));
      file.tail.append(chunk);
      if (file.tail.size() > kTailBytes) file.tail.erase(0, file.tail.size() - kTailBytes);
    }
    if (got < block.size()) break;
  }
  if (in.bad())
    throw Error(ExitCode::input_missing, name, tr("the file could not be read to the end"));
  if (!file.whole) file.stored_size = total;
  if (digest) file.sha256 = finish_sha256(digest.get());
  return file;
}

std::string sha256_hex(std::string_view data) {
  DigestPtr ctx = start_sha256();
  add_to_sha256(ctx.get(), data);
  return finish_sha256(ctx.get());
}

} // namespace vnotice
