#include "pipeline/input_file.h"

#include "pipeline/error.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <memory>
#include <openssl/evp.h>

namespace vnotice {

InputFile InputFile::read(const std::filesystem::path &path, Hash hash) {
  const std::string name = path.string();
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw Error(ExitCode::input_missing, name,
                "no such file; check the path and the spelling of the name");
  if (std::filesystem::is_directory(status))
    throw Error(ExitCode::input_missing, name, "this is a folder, not a file; give a file");
  if (!std::filesystem::is_regular_file(status))
    throw Error(ExitCode::input_missing, name, "not a regular file; give a document file");

  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw Error(
        ExitCode::input_missing, name,
        fmt::format("cannot open the file ({}); check its permissions", std::strerror(errno)));
  InputFile file;
  file.path = path;
  file.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error(ExitCode::input_missing, name, "the file could not be read to the end");
  if (hash == Hash::sha256) file.sha256 = sha256_hex(file.bytes);
  return file;
}

std::string sha256_hex(std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1)
    throw Error(ExitCode::internal, "", "SHA-256 computation failed in OpenSSL");
  std::string hex;
  hex.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int i = 0; i < length; ++i)
    hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

} // namespace vnotice
