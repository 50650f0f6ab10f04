// Messages in the user's language (GNU gettext, text domain "vnotice", translations in po/).
//
// Every sentence vnotice says to a person (errors, progress lines, --help, the search page's
// notices) is written in English in the code and goes through tr() or trf(); po/vi.po holds its
// Vietnamese, compiled to vnotice.mo at build time. A test (tests/po_test.py) fails when a marked
// message has no Vietnamese.
//
// Contract: until init_messages() runs (unit tests, the library used on its own) the English
// source text comes back unchanged. init_messages() takes only LC_MESSAGES from the environment:
// numbers, dates and sorting in every output stay the same whatever the locale, so outputs are
// still byte-identical across machines. Data written to files (record warnings, findings, the
// notice) is not translated here: the notice is Vietnamese by construction, and record files
// keep English warning texts beside their stable codes.
#pragma once

#include <fmt/format.h>
#include <string>
#include <utility>

namespace vnotice {

// Reads the user's language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) and finds
// the compiled translations beside the executable (`locale/`, or `../share/locale/` when
// installed). Vietnamese is used when the locale names it (vi_VN.UTF-8, or LANGUAGE=vi), even on
// a machine where that locale was never generated. Call once, first thing in main().
void init_messages();

// The message in the user's language; `msgid` is the English text, a string literal.
const char *tr(const char *msgid);

// tr() then fmt::format: placeholders `{}` stay in the translation, in the same order.
template <typename... Args> std::string trf(const char *msgid, Args &&...args) {
  return fmt::format(fmt::runtime(tr(msgid)), std::forward<Args>(args)...);
}

} // namespace vnotice

// Marks a string literal for translation where it is stored, not said (tables of texts);
// tr() translates it when it is used.
#define N_(text) text
