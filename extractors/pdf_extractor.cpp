#include "extractors/pdf_extractor.h"

#include "extractors/ocr_image.h"
#include "extractors/ocr_runner.h"
#include "extractors/reading_order.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <map>
#include <memory>
#include <mutex>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>
#include <set>
#include <unicode/utf8.h>

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

std::vector<Word> text_layer_words(const poppler::page &source, int number) {
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
  // Poppler reports no space after a word followed by a gap wider than a space (a draft's
  // "Số:      /BC-TTr", the blank left for the number), which would glue the two. A gap on the
  // same line of at least Poppler's own word-break spacing (minWordBreakSpace in
  // TextOutputDev.cc: 0.1 of the font size) is a space.
  for (size_t k = 0; k + 1 < words.size(); ++k) {
    Word &word = words[k];
    const Word &next = words[k + 1];
    const double overlap = std::min(word.box.y1, next.box.y1) - std::max(word.box.y0, next.box.y0);
    const double height = std::min(word.box.y1 - word.box.y0, next.box.y1 - next.box.y0);
    if (!word.space_after && overlap > 0.5 * height &&
        next.box.x0 - word.box.x1 >= 0.1 * std::max(word.font_size, 1.0))
      word.space_after = true;
  }
  return words;
}

// Share of characters that cannot be language: control characters, the replacement character,
// private-use code points (what fonts without a Unicode map often produce).
double unusable_share(const std::vector<Word> &words) {
  size_t total = 0, bad = 0;
  for (const Word &word : words) {
    const std::string &s = word.text;
    const auto length = static_cast<int32_t>(s.size());
    for (int32_t i = 0; i < length;) {
      UChar32 cp = 0;
      U8_NEXT(s.data(), i, length, cp); // negative for an ill-formed sequence: unusable too
      ++total;
      if (cp < 0x20 || cp == 0xFFFD || (cp >= 0xE000 && cp <= 0xF8FF) || (cp >= 0x7F && cp < 0xA0))
        ++bad;
    }
  }
  return total == 0 ? 1.0 : static_cast<double>(bad) / static_cast<double>(total);
}

size_t character_count(const std::vector<Word> &words) {
  size_t count = 0;
  for (const Word &word : words)
    count += word.text.size();
  return count;
}

// Refuses to render a page whose image at `dpi` would exceed the pixel limit (a PDF can claim a
// page kilometres wide; Poppler would try to allocate it).
void check_render_size(const poppler::page &page, int index, double dpi,
                       const ExtractOptions &options, const std::string &file) {
  const poppler::rectf rect = page.page_rect(poppler::crop_box);
  const double pixels = (rect.width() * dpi / 72) * (rect.height() * dpi / 72);
  if (pixels > static_cast<double>(options.limits.max_image_pixels))
    throw Error(ExitCode::limit_exceeded, file,
                trf("page {} measures {:.0f} x {:.0f} cm, too large to render (over {} "
                    "megapixels at {:.0f} dpi); raise the limit with --max-pixels if the "
                    "page is genuine",
                    index + 1, rect.width() / 72 * 2.54, rect.height() / 72 * 2.54,
                    options.limits.max_image_pixels / 1000000, dpi));
}

// Renders a page as 8-bit grey at `dpi`, each pixel the brightest of its colour channels, so
// red and blue ink (seals, signatures) come out light while black text stays dark.
// `may_remove_seal`: a low-resolution scan (ocr_image.h, kSealRemovalBelowDpi).
PixPtr render_grey(const poppler::page &page, double dpi, bool may_remove_seal = false) {
  poppler::page_renderer renderer;
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  // Three bytes a pixel rather than four: a 300-dpi A4 page peaks at 62 MB inside Poppler
  // instead of 79, and renders a seventh faster.
  renderer.set_image_format(poppler::image::format_rgb24);
  const poppler::image image = renderer.render_page(&page, dpi, dpi);
  if (!image.is_valid()) return nullptr;
  PixPtr pix(pixCreate(image.width(), image.height(), 8));
  if (!pix) return nullptr;
  pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));
  const int wpl = pixGetWpl(pix.get());
  l_uint32 *data = pixGetData(pix.get());
  // Poppler's accessors are calls into another library: asked once, not for every pixel (they
  // were a twentieth of the CPU of reading a 150-dpi scan).
  const int width = image.width(), height = image.height();
  const auto *pixels = reinterpret_cast<const unsigned char *>(image.const_data());
  const size_t stride = static_cast<size_t>(image.bytes_per_row());
  SealInk seal; // Poppler's rgb24 is R, G, B
  for (int y = 0; may_remove_seal && y < height; ++y)
    for (const unsigned char *px = pixels + static_cast<size_t>(y) * stride;
         px < pixels + static_cast<size_t>(y) * stride + 3 * width; px += 3)
      seal.count(px[0], px[1], px[2]);
  const bool remove_seal = may_remove_seal && seal.removable();
  for (int y = 0; y < height; ++y) {
    l_uint32 *line = data + static_cast<size_t>(y) * wpl;
    const unsigned char *px = pixels + static_cast<size_t>(y) * stride;
    for (int x = 0; x < width; ++x, px += 3)
      SET_DATA_BYTE(line, x, ocr_grey(px[0], px[1], px[2], remove_seal));
  }
  return pix;
}

// Pages are judged for ink at this resolution: fine enough for a line of text, coarse enough
// that specks and scanner noise wash out to grey.
constexpr double kInkDpi = 36;

// True when over 1 % of a grey image at kInkDpi is dark.
// The share of an A4 page at 300 dpi that one line of 13-14 pt body text inks (about 0.1 %: a
// 16 cm line, 4-5 mm high, about a tenth of it ink); half of it is kept as the bound.
constexpr double kLineOfTextInk = 0.0005;

bool inky(Pix *grey, double share = 0.01) {
  const int width = pixGetWidth(grey), height = pixGetHeight(grey);
  long long dark = 0;
  const int wpl = pixGetWpl(grey);
  const l_uint32 *data = pixGetData(grey);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (GET_DATA_BYTE(data + static_cast<size_t>(y) * wpl, x) < 128) ++dark;
  return dark > share * width * height;
}

// True when the page shows clearly more ink than its text layer accounts for: a scanned page
// with a little text on top (a stamp, a page number), or a page whose text is drawn as images.
bool ink_beyond_text(const poppler::page &page, int index, const std::vector<Word> &words,
                     const ExtractOptions &options, const std::string &file) {
  check_render_size(page, index, kInkDpi, options, file);
  PixPtr pix = render_grey(page, kInkDpi);
  if (!pix) return false;
  const int width = pixGetWidth(pix.get()), height = pixGetHeight(pix.get());
  const double scale = kInkDpi / 72.0;
  // Blank out the text's own boxes (with a pixel of margin), then count what ink is left.
  for (const Word &word : words) {
    const int x0 = std::max(0, static_cast<int>(word.box.x0 * scale) - 1);
    const int y0 = std::max(0, static_cast<int>(word.box.y0 * scale) - 1);
    const int x1 = std::min(width, static_cast<int>(word.box.x1 * scale) + 2);
    const int y1 = std::min(height, static_cast<int>(word.box.y1 * scale) + 2);
    if (x1 > x0 && y1 > y0)
      pixRasterop(pix.get(), x0, y0, x1 - x0, y1 - y0, PIX_SET, nullptr, 0, 0);
  }
  return inky(pix.get());
}

bool needs_ocr(const poppler::page &page, int index, const std::vector<Word> &words,
               const ExtractOptions &options, const std::string &file) {
  if (options.ocr == OcrMode::always) return true;
  if (options.ocr == OcrMode::never) return false;
  // A page without text is scanned, or blank: it goes to OCR, whose page source tells a blank
  // page (no ink) and leaves it unread. Rendering decodes the page's scan, the most costly part
  // of it: doing that once, in a worker, and not also here on one thread, saves 0.25 s a page.
  if (words.empty()) return true;
  if (unusable_share(words) > 0.1) return true;
  // A page with plenty of text is a text page; only sparse pages are worth a look at their ink.
  return character_count(words) < 200 && ink_beyond_text(page, index, words, options, file);
}

// Opens the PDF from memory when `input` holds it whole, else from its file.
std::unique_ptr<poppler::document> open_pdf(const InputFile &input, const std::string &password) {
  if (!input.whole)
    return std::unique_ptr<poppler::document>(
        poppler::document::load_from_file(input.path.string(), password, password));
  return std::unique_ptr<poppler::document>(poppler::document::load_from_raw_data(
      input.bytes.data(), static_cast<int>(input.bytes.size()), password, password));
}

// The non-negative integer after `key` in `dictionary` ("/Width 1240"), or -1 (absent, or an
// indirect reference such as "/Width 12 0 R").
long dictionary_integer(std::string_view dictionary, std::string_view key) {
  for (size_t at = dictionary.find(key); at != std::string_view::npos;
       at = dictionary.find(key, at + 1)) {
    size_t i = at + key.size();
    if (i < dictionary.size() && std::isalpha(static_cast<unsigned char>(dictionary[i])))
      continue; // "/Widths" is another key
    while (i < dictionary.size() && std::isspace(static_cast<unsigned char>(dictionary[i])))
      ++i;
    long value = 0;
    size_t digits = 0;
    for (; i < dictionary.size() && std::isdigit(static_cast<unsigned char>(dictionary[i])) &&
           digits < 7;
         ++i, ++digits)
      value = value * 10 + (dictionary[i] - '0');
    if (digits == 0) return -1;
    size_t j = i;
    while (j < dictionary.size() && std::isspace(static_cast<unsigned char>(dictionary[j])))
      ++j;
    if (j < dictionary.size() && std::isdigit(static_cast<unsigned char>(dictionary[j])))
      return -1; // "12 0 R"
    return value;
  }
  return -1;
}

// Page sizes in whole points, the key of a page's scan resolution.
using ScanDpiBySize = std::map<std::pair<long, long>, double>;
std::pair<long, long> size_key(const poppler::rectf &box) {
  return {std::lround(box.width()), std::lround(box.height())};
}

// Renders pages for OCR; each worker has its own, since Poppler documents are not shared
// between threads.
class PdfPageSource : public PageImageSource {
public:
  // `textless`: the pages (0-based) without a text layer, which may be blank or scans;
  // `scan_dpi`: the resolution of the scan inside the file (scan_resolution) by page size in
  // points, for every page to be read.
  PdfPageSource(const InputFile &input, const ExtractOptions &options,
                const std::set<int> &textless, const ScanDpiBySize &scan_dpi)
      : input_(input), options_(options), textless_(textless), scan_dpi_(scan_dpi) {}

  PageImage load(int index) override {
    PopplerMessageCapture quiet;
    if (!pdf_) pdf_ = open_pdf(input_, options_.password);
    std::unique_ptr<poppler::page> page(pdf_ ? pdf_->create_page(index) : nullptr);
    if (!page)
      throw Error(ExitCode::input_damaged, input_.path.string(),
                  trf("page {} cannot be read", index + 1));
    PageImage image;
    const auto known = scan_dpi_.find(size_key(page->page_rect(poppler::crop_box)));
    image.scan_dpi = known == scan_dpi_.end() ? 0 : known->second;
    const bool textless = textless_.contains(index);
    const bool may_be_blank = textless && options_.ocr == OcrMode::automatic;
    // Without a scan in the file, a page without text is most likely blank, which a rendering
    // at kInkDpi tells at little cost.
    if (may_be_blank && image.scan_dpi == 0) {
      check_render_size(*page, index, kInkDpi, options_, input_.path.string());
      if (PixPtr coarse = render_grey(*page, kInkDpi); coarse && !inky(coarse.get())) {
        image.pix = std::move(coarse);
        image.dpi = kInkDpi;
        image.blank = true;
        return image;
      }
    }
    const bool low_resolution = image.scan_dpi > 0 && image.scan_dpi < kSealRemovalBelowDpi;
    image.dpi = low_resolution ? kLowResolutionOcrDpi : kOcrDpi;
    check_render_size(*page, index, image.dpi, options_, input_.path.string());
    image.pix = render_grey(*page, image.dpi, low_resolution);
    if (!image.pix)
      throw Error(ExitCode::input_damaged, input_.path.string(),
                  trf("page {} could not be rendered for OCR", index + 1));
    if (may_be_blank && image.scan_dpi > 0) {
      // A scan is judged on the rendering OCR would read, not a coarse copy: scaled to 36 dpi, a
      // page holding only a few lines and a signature block greys out under the ink threshold
      // and was dropped as blank. A page is never lost for a speck: blank only when its ink
      // would not make one line of text.
      image.blank = !inky(image.pix.get(), kLineOfTextInk);
    }
    return image;
  }

private:
  static constexpr double kOcrDpi = 300;
  const InputFile &input_;
  const ExtractOptions &options_;
  const std::set<int> &textless_;
  const ScanDpiBySize &scan_dpi_;
  std::unique_ptr<poppler::document> pdf_;
};

} // namespace

double scan_resolution(std::string_view pdf, double width_pt, double height_pt) {
  if (width_pt <= 0 || height_pt <= 0) return 0;
  constexpr size_t kWindow = 2048; // an image dictionary is a few hundred bytes
  long best_pixels = 0;
  double best_dpi = 0;
  // Both searches stay within the window, and at most kMaxImages are looked at (a scan has one
  // image a page; the first thousands tell its resolution): a crafted file of "/Image" after
  // "/Image" must not take long.
  constexpr int kMaxImages = 4096;
  int examined = 0;
  for (size_t at = pdf.find("/Image"); at != std::string_view::npos && examined < kMaxImages;
       at = pdf.find("/Image", at + 6), ++examined) {
    const size_t from = at > kWindow ? at - kWindow : 0;
    const size_t back = pdf.substr(from, at - from).rfind("<<");
    if (back == std::string_view::npos) continue;
    const size_t open = from + back;
    const size_t ahead = pdf.substr(at, kWindow).find("stream");
    if (ahead == std::string_view::npos) continue;
    const size_t end = at + ahead;
    const std::string_view dictionary = pdf.substr(open, end - open);
    if (dictionary.find("/Subtype") == std::string_view::npos) continue;
    const long width = dictionary_integer(dictionary, "/Width");
    const long height = dictionary_integer(dictionary, "/Height");
    if (width <= 0 || height <= 0) continue;
    const double image_shape =
        static_cast<double>(std::max(width, height)) / static_cast<double>(std::min(width, height));
    const double page_shape = std::max(width_pt, height_pt) / std::min(width_pt, height_pt);
    if (std::abs(image_shape / page_shape - 1) > 0.03 || width * height <= best_pixels) continue;
    best_pixels = width * height;
    best_dpi = 72.0 * static_cast<double>(std::max(width, height)) / std::max(width_pt, height_pt);
  }
  return best_dpi;
}

Document extract_pdf(const InputFile &input, const ExtractOptions &options) {
  const std::string name = input.path.string();
  if (input.size() > INT_MAX)
    throw Error(ExitCode::input_unsupported, name, tr("PDF files over 2 GB are not supported"));
  if (looks_truncated(input.whole ? input.bytes : input.tail))
    throw Error(ExitCode::input_damaged, name,
                tr("the PDF is incomplete (it was cut off before its end, e.g. by an interrupted "
                   "download or copy); ask the sender for a complete copy"));

  PopplerMessageCapture capture;
  std::unique_ptr<poppler::document> pdf = open_pdf(input, options.password);
  if (!pdf)
    throw Error(ExitCode::input_damaged, name,
                tr("the PDF is damaged and cannot be opened; ask the sender for a new copy"));
  if (pdf->is_locked())
    throw Error(ExitCode::input_encrypted, name,
                options.password.empty()
                    ? tr("the PDF is encrypted and needs a password to open; run again with "
                         "--password PASSWORD, or save an unprotected copy first")
                    : tr("the PDF is encrypted and the password given is wrong; check it and run "
                         "again with the right --password"));
  const int page_count = pdf->pages();
  if (page_count <= 0)
    throw Error(ExitCode::input_damaged, name,
                tr("the PDF has no pages; ask the sender for a new copy"));
  if (page_count > options.limits.max_pages)
    throw Error(ExitCode::limit_exceeded, name,
                trf("the PDF has {} pages, over the limit of {}; raise it with "
                    "--max-pages if the file is genuine",
                    page_count, options.limits.max_pages));

  Document document;
  document.source = {name, "pdf", input.sha256, input.size()};
  document.pages.resize(page_count);
  std::vector<int> ocr_indexes;
  std::set<int> textless;
  for (int index = 0; index < page_count; ++index) {
    seconds_left(options, name); // a file of many slow pages stops at --file-timeout
    Page &page = document.pages[index];
    page.number = index + 1;
    std::unique_ptr<poppler::page> source(pdf->create_page(index));
    if (!source) {
      document.warnings.push_back({WarningCode::page_unreadable,
                                   fmt::format("page {} could not be read", index + 1), index + 1});
      continue;
    }
    const poppler::rectf rect = source->page_rect(poppler::crop_box);
    page.width = rect.width();
    page.height = rect.height();
    std::vector<Word> words = text_layer_words(*source, page.number);
    if (needs_ocr(*source, index, words, options, name)) {
      ocr_indexes.push_back(index);
      if (words.empty()) textless.insert(index);
      continue;
    }
    page.method = PageMethod::text_layer;
    page.blocks = order_page_words(std::move(words));
    if (page.blocks.empty() && options.ocr == OcrMode::never)
      document.warnings.push_back(
          {WarningCode::page_without_text,
           fmt::format("page {} has no text layer and OCR is off (--ocr never); its text was "
                       "not read",
                       page.number),
           page.number});
  }

  if (!ocr_indexes.empty()) {
    // The scan resolution of each page size, found before the workers start: the search reads
    // the whole file, which a PDF kept by its head (InputFile::Keep) has to read once for it.
    ScanDpiBySize scan_dpi;
    {
      std::string read_again;
      if (!input.whole) read_again = InputFile::read(input.path, InputFile::Hash::none).bytes;
      const std::string_view bytes = input.whole ? input.bytes : read_again;
      for (const int index : ocr_indexes) {
        const Page &page = document.pages[index];
        const poppler::rectf box(0, 0, page.width, page.height);
        if (!scan_dpi.contains(size_key(box)))
          scan_dpi[size_key(box)] = scan_resolution(bytes, page.width, page.height);
      }
    }
    const auto factory = [&] {
      return std::make_unique<PdfPageSource>(input, options, textless, scan_dpi);
    };
    std::vector<Page> recognised =
        ocr_pages(ocr_indexes, factory, options, name, document.warnings);
    for (size_t k = 0; k < ocr_indexes.size(); ++k) {
      Page &page = document.pages[ocr_indexes[k]];
      if (recognised[k].method == PageMethod::text_layer) // blank: its size is the PDF's own
        page.method = PageMethod::text_layer;
      else
        page = std::move(recognised[k]);
    }
  }

  // Poppler's own diagnostics, once each, as warnings of this document.
  std::set<std::string> seen;
  for (const std::string &message : capture.messages())
    if (seen.insert(message).second)
      document.warnings.push_back({WarningCode::pdf_library_message, "PDF reader: " + message, 0});
  return document;
}

} // namespace vnotice
