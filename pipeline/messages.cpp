#include "pipeline/messages.h"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <libintl.h>
#include <string_view>
#include <system_error>

namespace vnotice {
namespace {

constexpr const char *kDomain = "vnotice";

// The language a locale name asks for ("vi_VN.UTF-8" -> "vi_VN"), empty for C and POSIX.
std::string language_of(std::string_view locale) {
  locale = locale.substr(0, locale.find_first_of(".@"));
  if (locale.empty() || locale == "C" || locale == "POSIX") return {};
  return std::string(locale);
}

// The first of LC_ALL, LC_MESSAGES and LANG that is set, as POSIX orders them.
std::string requested_locale() {
  for (const char *name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char *value = std::getenv(name);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

std::filesystem::path translations_folder() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const auto &candidate :
         {exe.parent_path() / "locale", exe.parent_path().parent_path() / "share" / "locale"}) {
      if (std::filesystem::is_directory(candidate, error)) return candidate;
    }
  }
  return "/usr/share/locale";
}

} // namespace

void init_messages() {
  if (std::setlocale(LC_MESSAGES, "") == nullptr) {
    // The locale asked for is not generated here (Debian generates only C.UTF-8 by default).
    // gettext ignores LANGUAGE under the C locale, so take a UTF-8 one and name the language.
    std::setlocale(LC_MESSAGES, "C.UTF-8");
    const char *language = std::getenv("LANGUAGE");
    const std::string wanted = language_of(requested_locale());
    if ((language == nullptr || *language == '\0') && !wanted.empty())
      ::setenv("LANGUAGE", wanted.c_str(), 1);
  }
  ::bindtextdomain(kDomain, translations_folder().c_str());
  ::bind_textdomain_codeset(kDomain, "UTF-8");
}

const char *tr(const char *msgid) { return ::dgettext(kDomain, msgid); }

} // namespace vnotice
