#include "extractors/pdf_text_extractor.h"

#include "extractors/reading_order.h"
#include "pipeline/error.h"

#include <climits>
#include <fmt/format.h>
#include <memory>
#include <mutex>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <set>

namespace vnotice {
namespace {

// Poppler reports problems through one process-wide callback (by default it prints them on
// stderr). We route them to the capture active on the calling thread, so they become warnings
// of the document being read instead of noise on the user's terminal.
thread_local std::vector<std::string> *active_capture = nullptr;

void on_poppler_message(const std::string &message, void *) {
  if (active_capture != nullptr && active_capture->size() < 100) active_capture->push_back(message);
}

class PopplerMessageCapture {
public:
  PopplerMessageCapture() {
    static std::once_flag installed;
    std::call_once(installed,
                   [] { poppler::set_debug_error_function(on_poppler_message, nullptr); });
    previous_ = active_capture;
    active_capture = &messages_;
  }
  PopplerMessageCapture(const PopplerMessageCapture &) = delete;
  PopplerMessageCapture &operator=(const PopplerMessageCapture &) = delete;
  ~PopplerMessageCapture() { active_capture = previous_; }
  const std::vector<std::string> &messages() const { return messages_; }

private:
  std::vector<std::string> messages_;
  std::vector<std::string> *previous_ = nullptr;
};

std::string utf8(const poppler::ustring &text) {
  poppler::byte_array bytes = text.to_utf8();
  return {bytes.begin(), bytes.end()};
}

// "ABCDEF+TimesNewRoman" -> "TimesNewRoman": the prefix only marks a font subset.
std::string without_subset_prefix(std::string font) {
  if (font.size() > 7 && font[6] == '+') {
    bool tag = true;
    for (int i = 0; i < 6; ++i)
      tag = tag && font[i] >= 'A' && font[i] <= 'Z';
    if (tag) font.erase(0, 7);
  }
  return font;
}

// A complete PDF ends with %%EOF (possibly followed by a little whitespace or junk). Poppler
// would "repair" a cut-off file and silently lose its last pages, so we refuse it instead.
bool looks_truncated(std::string_view bytes) {
  const size_t tail = std::min<size_t>(bytes.size(), 2048);
  return bytes.substr(bytes.size() - tail).find("%%EOF") == std::string_view::npos;
}

Page read_page(const poppler::page &source, int number) {
  Page page;
  page.number = number;
  page.method = PageMethod::text_layer;
  const poppler::rectf rect = source.page_rect(poppler::crop_box);
  page.width = rect.width();
  page.height = rect.height();
  std::vector<Word> words;
  for (const poppler::text_box &box : source.text_list(poppler::page::text_list_include_font)) {
    Word word;
    word.text = utf8(box.text());
    const poppler::rectf r = box.bbox();
    word.box = {r.x(), r.y(), r.x() + r.width(), r.y() + r.height()};
    word.confidence = 1.0;
    word.origin = Origin::pdf_text;
    word.page = number;
    word.font = without_subset_prefix(box.get_font_name());
    word.font_size = box.get_font_size();
    word.space_after = box.has_space_after();
    words.push_back(std::move(word));
  }
  page.blocks = order_page_words(std::move(words));
  return page;
}

} // namespace

Document extract_pdf_text(const InputFile &input, const ExtractOptions &options) {
  const std::string name = input.path.string();
  if (input.bytes.size() > static_cast<size_t>(INT_MAX))
    throw Error(ExitCode::input_unsupported, name, "PDF files over 2 GB are not supported");
  if (looks_truncated(input.bytes))
    throw Error(ExitCode::input_damaged, name,
                "the PDF is incomplete (it was cut off before its end, e.g. by an interrupted "
                "download or copy); ask the sender for a complete copy");

  PopplerMessageCapture capture;
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_raw_data(
      input.bytes.data(), static_cast<int>(input.bytes.size()), options.password,
      options.password));
  if (!pdf)
    throw Error(ExitCode::input_damaged, name,
                "the PDF is damaged and cannot be opened; ask the sender for a new copy");
  if (pdf->is_locked())
    throw Error(ExitCode::input_encrypted, name,
                options.password.empty()
                    ? "the PDF is encrypted and needs a password to open; run again with "
                      "--password PASSWORD, or save an unprotected copy first"
                    : "the PDF is encrypted and the password given is wrong; check it and run "
                      "again with the right --password");
  const int page_count = pdf->pages();
  if (page_count <= 0)
    throw Error(ExitCode::input_damaged, name,
                "the PDF has no pages; ask the sender for a new copy");

  Document document;
  document.source = {name, "pdf", input.sha256, static_cast<long long>(input.bytes.size())};
  for (int index = 0; index < page_count; ++index) {
    std::unique_ptr<poppler::page> source(pdf->create_page(index));
    if (!source) {
      document.warnings.push_back(
          {"page_unreadable", fmt::format("page {} could not be read", index + 1), index + 1});
      Page empty;
      empty.number = index + 1;
      document.pages.push_back(empty);
      continue;
    }
    Page page = read_page(*source, index + 1);
    if (page.blocks.empty())
      document.warnings.push_back(
          {"page_without_text",
           fmt::format("page {} has no text layer (a scanned page?); its text was not read",
                       index + 1),
           index + 1});
    document.pages.push_back(std::move(page));
  }
  // Poppler's own diagnostics, once each, as warnings of this document.
  std::set<std::string> seen;
  for (const std::string &message : capture.messages())
    if (seen.insert(message).second)
      document.warnings.push_back({"pdf_library_message", "PDF reader: " + message, 0});
  return document;
}

} // namespace vnotice
