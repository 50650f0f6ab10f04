#include "extractors/ocr_engine.h"

#include "extractors/ocr_cleanup.h"
#include "extractors/png_compression.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <optional>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

namespace vnotice {
namespace {

// A word with neither letter nor digit below this confidence (0..100) is almost always a speck,
// a rule or part of a seal read as text. Words with letters are kept whatever their confidence:
// document numbers such as "2532/KH-SCT" often score low and matter most.
constexpr float kMinSymbolConfidence = 60;

// A line holding a word read with less confidence (0..1) than kUnsureWord is read again alone
// (see recognise()); words of the second reading of kSureReread or more replace the first's
// unsure ones (extractors/ocr_cleanup.h, merge_second_reading). The margins around the line, in
// line heights (beside, above and below), are tried in turn while unsure words remain: the first
// two each read some of the bench's misread lines right; the third, wide, reads the small
// all-capital lines of a closing block that the page and the tight margins turn to noise (the
// variation corpus: "- Lưu: VT, CCTL." read "K\Ì50112)V01 (671.112" at 0.00, right with this
// margin).
constexpr double kUnsureWord = 0.5;
constexpr double kSureReread = 0.8;
constexpr std::pair<double, double> kRereadMargins[] = {{0.1, 0.05}, {0.3, 0.15}, {1.0, 0.5}};

void quiet(tesseract::TessBaseAPI &api) {
  // Tesseract prints diagnostics through tprintf; send them nowhere instead of the terminal.
  api.SetVariable("debug_file", "/dev/null");
}

std::string take_text(char *text) {
  std::string out = text != nullptr ? text : "";
  delete[] text;
  return out;
}

bool is_blank(const std::string &text) {
  for (unsigned char c : text)
    if (!std::isspace(c)) return false;
  return true;
}

// How many bytes at the start and at the end of the iterator's word are phantom punctuation
// (is_phantom_leading_punctuation, is_phantom_punctuation: extractors/ocr_cleanup.h). `image`
// is what Tesseract was given. Never the whole word: a lone "." or "-" is judged by the
// confidence filter and is_speck_word instead.
struct Phantoms {
  size_t lead = 0, trail = 0; // bytes
  int x0 = 0, x1 = 0;         // the horizontal extent of the symbols kept
};
Phantoms phantoms(const tesseract::ResultIterator &word, Pix *image) {
  struct Symbol {
    std::string text;
    int x0, y0, x1, y1;
  };
  std::vector<Symbol> symbols;
  std::unique_ptr<tesseract::ResultIterator> symbol(new tesseract::ResultIterator(word));
  do {
    Symbol s{take_text(symbol->GetUTF8Text(tesseract::RIL_SYMBOL)), 0, 0, 0, 0};
    symbol->BoundingBox(tesseract::RIL_SYMBOL, &s.x0, &s.y0, &s.x1, &s.y1);
    symbols.push_back(std::move(s));
  } while (symbol->Next(tesseract::RIL_SYMBOL) && !symbol->IsAtBeginningOf(tesseract::RIL_WORD));
  auto dark_pixels = [&](const Symbol &s) {
    std::unique_ptr<::Box, void (*)(::Box *)> region(
        boxCreate(s.x0, s.y0, std::max(1, s.x1 - s.x0), std::max(1, s.y1 - s.y0)),
        [](::Box *b) { boxDestroy(&b); });
    PixPtr clip(pixClipRectangle(image, region.get(), nullptr));
    PixPtr ink(clip ? pixThresholdToBinary(clip.get(), 128) : nullptr);
    l_int32 count = 0;
    if (ink) pixCountPixels(ink.get(), &count, nullptr);
    return count;
  };
  Phantoms found;
  size_t first = 0;
  for (; first + 1 < symbols.size(); ++first) {
    const Symbol &s = symbols[first];
    if (!is_phantom_leading_punctuation(s.text, s.x1 - s.x0, dark_pixels(s))) break;
    found.lead += s.text.size();
  }
  size_t last = symbols.size() - 1;
  for (; last > first; --last) {
    const Symbol &s = symbols[last];
    if (!is_phantom_punctuation(s.text, s.x1 - s.x0, dark_pixels(s))) break;
    found.trail += s.text.size();
  }
  found.x0 = symbols[first].x0;
  found.x1 = symbols[last].x1;
  return found;
}

// Leading phantoms are looked for only before a word that starts with one of their symbols.
bool may_lead_with_phantom(const std::string &text) {
  return std::string_view(".,_;:'`\"").find(text[0]) != std::string_view::npos ||
         text.rfind("\u201C", 0) == 0 || text.rfind("\u2018", 0) == 0;
}

// The ink components of `image` (8-bit grey, as given to Tesseract) in the band of `word`'s rows
// up to two median heights left of it, in image pixels; those that touch the band's edge are cut
// and left out. For lost_list_dash (extractors/ocr_cleanup.h).
std::vector<OcrWordExtent> ink_before(Pix *image, const OcrWordExtent &word, int median) {
  std::vector<OcrWordExtent> out;
  const int x0 = std::max(0, word.x0 - 2 * median), width = word.x0 - x0;
  const int height = word.y1 - word.y0;
  if (pixGetDepth(image) != 8 || width < 3 || height < 3) return out;
  std::unique_ptr<::Box, void (*)(::Box *)> band(boxCreate(x0, word.y0, width, height),
                                                 [](::Box *b) { boxDestroy(&b); });
  PixPtr grey(pixClipRectangle(image, band.get(), nullptr));
  // The page is background-normalised to 200 (extractors/ocr_image.cpp); ink is well below.
  PixPtr ink(grey ? pixThresholdToBinary(grey.get(), 160) : nullptr);
  if (!ink) return out;
  std::unique_ptr<Boxa, void (*)(Boxa *)> parts(pixConnComp(ink.get(), nullptr, 8),
                                                [](Boxa *b) { boxaDestroy(&b); });
  for (int k = 0; parts && k < boxaGetCount(parts.get()); ++k) {
    l_int32 x = 0, y = 0, w = 0, h = 0;
    boxaGetBoxGeometry(parts.get(), k, &x, &y, &w, &h);
    if (x == 0 || y == 0 || x + w >= width || y + h >= height) continue;
    out.push_back({0, x0 + x, word.y0 + y, x0 + x + w, word.y0 + y + h});
  }
  return out;
}

} // namespace

int clear_text_rotation(Pix *grey, double dpi) {
  PixPtr binary(pixConvertTo1(grey, 130));
  if (!binary) return -1;
  // Leptonica's test is made for 150 to 300 ppi: a page under 300 dpi is tested as it is.
  PixPtr reduced(dpi >= 300 ? pixReduceRankBinaryCascade(binary.get(), 1, 0, 0, 0)
                            : pixClone(binary.get()));
  float up = 0, left = 0;
  if (!reduced || pixOrientDetect(reduced.get(), &up, &left, 0, 0) != 0) return -1;
  // Sure means at least 5 and over twice the other reading: on the benchmark's upright pages
  // the winning reading measures 6-14 and the other at most 3.6.
  const auto clearly = [](float chosen, float other) {
    return std::abs(chosen) >= 5.0f && std::abs(chosen) > 2.0f * std::abs(other);
  };
  if (clearly(up, left)) return up > 0 ? 0 : 180;
  // Text turned a quarter clockwise reads as pointing left (negative `left`).
  if (clearly(left, up)) return left < 0 ? 90 : 270;
  return -1;
}

void OcrEngine::TessDeleter::operator()(tesseract::TessBaseAPI *api) const {
  api->End();
  delete api;
}

// A recogniser for one of the Vietnamese models; `package` names what installs it.
OcrEngine::TessPtr OcrEngine::load_recogniser(const char *language, const char *package) {
  TessPtr api(new tesseract::TessBaseAPI());
  quiet(*api);
  if (api->Init(nullptr, language, tesseract::OEM_LSTM_ONLY) != 0)
    throw Error(ExitCode::dependency_missing, "",
                trf("Tesseract's Vietnamese model ({}.traineddata) is not installed; run "
                    "tools/setup.sh, which installs {}",
                    language, package));
  api->SetPageSegMode(tesseract::PSM_AUTO);
  // Official documents are dark text on light paper; trying each line inverted as well costs
  // time and turns noise into words.
  api->SetVariable("tessedit_do_invert", "0");
  // Decree 30/2020 sets documents in a proportional font (Times New Roman); Tesseract's test of
  // every row for a fixed (typewriter) pitch was 3 % of the CPU of a 150-dpi scan and changed no
  // word of the bench's 48 hard pages.
  api->SetVariable("textord_all_prop", "1");
  return api;
}

OcrModel model_for(const OcrImage &image) {
  return image.source_dpi > 0 && image.source_dpi < 250 ? OcrModel::vietnamese_script
                                                        : OcrModel::vie;
}

OcrEngine::OcrEngine(bool second_look) : second_look_(second_look) {}

OcrEngine::~OcrEngine() = default;

int OcrEngine::detect_rotation(const OcrImage &image) {
  if (const int rotation = clear_text_rotation(image.pix.get(), image.dpi); rotation >= 0)
    return rotation;
  // The detector is loaded for this page and let go after it: it holds about 50 MB (the legacy
  // classifier's templates, and its copies of the page), which two workers kept for the whole
  // run, while loading takes 50-90 ms against about a second for the detection.
  TessPtr orientation(new tesseract::TessBaseAPI());
  quiet(*orientation);
  if (orientation->Init(nullptr, "osd", tesseract::OEM_TESSERACT_ONLY) != 0)
    throw Error(ExitCode::dependency_missing, "",
                tr("Tesseract's orientation data (osd.traineddata) is not installed; run "
                   "tools/setup.sh, which installs tesseract-ocr-osd"));
  orientation->SetPageSegMode(tesseract::PSM_OSD_ONLY);
  // Half the resolution is plenty to tell which way the letters stand, and halves the time
  // (the benchmark's sideways pages: 1.3-1.5 s at 300 dpi, 0.6-0.7 s at 150, confidence 12-16
  // against the 2 needed).
  PixPtr half(pixScaleAreaMap2(image.pix.get()));
  Pix *seen = half ? half.get() : image.pix.get();
  orientation->SetImage(seen);
  orientation->SetSourceResolution(
      static_cast<int>(image.dpi * pixGetWidth(seen) / pixGetWidth(image.pix.get())));
  int degrees = 0;
  float confidence = 0;
  if (!orientation->DetectOrientationScript(&degrees, &confidence, nullptr, nullptr)) return 0;
  // Turn only when the detector is sure: a wrong turn ruins a page that was fine.
  return confidence >= 2.0f ? degrees : 0;
}

int OcrEngine::turn_upright(OcrImage &image) {
  // Tesseract reports the page's clockwise rotation; turning it back is (360 - r) clockwise.
  const int rotation = detect_rotation(image);
  if (rotation == 0) return 0;
  const int quads = (360 - rotation) / 90 % 4;
  image.pix.reset(pixRotateOrth(image.pix.get(), quads));
  return quads * 90;
}

OcrResult OcrEngine::recognise(Pix *image, double dpi, int top, int page_number,
                               double deadline_seconds, OcrModel model) {
  // Tesseract's word images are kept as PNG: stored, not deflated (png_compression.h).
  const UncompressedPngScope uncompressed_word_images;
  OcrResult result;
  if (model == OcrModel::vietnamese_script && !script_recogniser_)
    script_recogniser_ = load_recogniser("Vietnamese", "tesseract-ocr-script-viet");
  if (model == OcrModel::vie && !recogniser_)
    recogniser_ = load_recogniser("vie", "tesseract-ocr-vie");
  tesseract::TessBaseAPI &recogniser =
      model == OcrModel::vietnamese_script ? *script_recogniser_ : *recogniser_;
  recogniser.SetImage(image);
  recogniser.SetSourceResolution(static_cast<int>(dpi));
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(static_cast<int32_t>(deadline_seconds * 1000));
  if (recogniser.Recognize(&monitor) != 0 || monitor.deadline_exceeded()) {
    result.timed_out = monitor.deadline_exceeded();
    recogniser.Clear();
    return result;
  }

  const double to_points = 72.0 / dpi;
  struct Found {
    Word word;
    size_t line;
    int height;        // pixels
    bool dash = false; // a low-confidence "-" opening its line: kept if is_list_dash
  };
  // The words of `it` from where it stands to its end. Each new line opens an entry of `lines`,
  // unless `line_index` names the line all the words belong to (a line read again).
  std::vector<OcrLineExtent> lines;
  auto collect = [&](tesseract::ResultIterator &it, std::optional<size_t> line_index) {
    std::vector<Found> out;
    do {
      if (!line_index && (lines.empty() || it.IsAtBeginningOf(tesseract::RIL_TEXTLINE))) {
        OcrLineExtent line{};
        it.BoundingBox(tesseract::RIL_TEXTLINE, &line.x0, &line.y0, &line.x1, &line.y1);
        lines.push_back(line);
      }
      const size_t line = line_index ? *line_index : lines.size() - 1;
      const float confidence = it.Confidence(tesseract::RIL_WORD);
      std::string text = take_text(it.GetUTF8Text(tesseract::RIL_WORD));
      if (text.empty() || is_blank(text)) continue;
      const bool dash = text == "-" && confidence < kMinSymbolConfidence &&
                        it.IsAtBeginningOf(tesseract::RIL_TEXTLINE);
      if (confidence < kMinSymbolConfidence && !has_letter_or_digit(text) && !dash) continue;
      int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
      it.BoundingBox(tesseract::RIL_WORD, &x0, &y0, &x1, &y1);
      if (!line_index) lines.back().characters += text.size();
      // Only a word starting or ending in punctuation can have a phantom; the others skip the
      // symbol walk.
      if (std::ispunct(static_cast<unsigned char>(text.back())) || may_lead_with_phantom(text)) {
        // (The symbols always spell the word; were they ever not to, it would be kept whole.)
        if (const Phantoms found = phantoms(it, image); found.lead + found.trail < text.size()) {
          text = text.substr(found.lead, text.size() - found.lead - found.trail);
          if (found.lead > 0) x0 = std::max(x0, found.x0);
          if (found.trail > 0) x1 = std::min(x1, found.x1);
        }
      }
      Word word;
      word.text = std::move(text);
      word.box = {x0 * to_points, (y0 + top) * to_points, x1 * to_points, (y1 + top) * to_points};
      word.confidence = confidence / 100.0;
      word.origin = Origin::ocr;
      word.page = page_number;
      word.font_size = (y1 - y0) * to_points;
      out.push_back({std::move(word), line, y1 - y0, dash});
    } while (it.Next(tesseract::RIL_WORD));
    return out;
  };
  std::vector<Found> found;
  if (std::unique_ptr<tesseract::ResultIterator> it(recogniser.GetIterator()); it)
    found = collect(*it, std::nullopt);

  // A second look at a line holding a word the page's reading was unsure of: Tesseract misreads
  // some short lines on a clean page (the mild300 scans: "19/7/2021." read "11/7/2001." at 0.24,
  // "15 TTHC." read "li THỊ" at 0.35), which it reads right alone. Read alone, a line's result
  // still swings with the margin around it, so it is read with up to three margins, each
  // reading mending the words still unsure (merge_second_reading), until none is.
  const auto min_confidence = [](const std::vector<Found> &words) {
    double least = 1.0;
    for (const Found &f : words)
      if (has_letter_or_digit(f.word.text)) least = std::min(least, f.word.confidence);
    return least;
  };
  const auto extents = [](const std::vector<Found> &words) {
    std::vector<ReadWord> out;
    for (const Found &f : words)
      out.push_back({f.word.box.x0, f.word.box.y0, f.word.box.x1, f.word.box.y1, f.word.confidence,
                     has_letter_or_digit(f.word.text)});
    return out;
  };
  const int image_width = static_cast<int>(pixGetWidth(image));
  const int image_height = static_cast<int>(pixGetHeight(image));
  for (size_t l = 0; second_look_ && l < lines.size() && !monitor.deadline_exceeded(); ++l) {
    const auto first =
        std::find_if(found.begin(), found.end(), [l](const Found &f) { return f.line == l; });
    const auto last = std::find_if(first, found.end(), [l](const Found &f) { return f.line != l; });
    std::vector<Found> merged(first, last);
    if (merged.empty() || min_confidence(merged) >= kUnsureWord) continue;
    const OcrLineExtent &line = lines[l];
    const int height = line.y1 - line.y0;
    bool changed = false;
    recogniser.SetPageSegMode(tesseract::PSM_SINGLE_LINE);
    for (const auto &[side, above] : kRereadMargins) {
      const int x0 = std::max(0, line.x0 - static_cast<int>(side * height));
      const int y0 = std::max(0, line.y0 - static_cast<int>(above * height));
      const int x1 = std::min(image_width, line.x1 + static_cast<int>(side * height));
      const int y1 = std::min(image_height, line.y1 + static_cast<int>(above * height));
      recogniser.SetRectangle(x0, y0, x1 - x0, y1 - y0);
      if (recogniser.Recognize(&monitor) != 0 || monitor.deadline_exceeded()) break;
      std::unique_ptr<tesseract::ResultIterator> it(recogniser.GetIterator());
      if (!it) continue;
      std::vector<Found> again = collect(*it, l);
      const std::vector<Replacement> replace =
          merge_second_reading(extents(merged), extents(again), kSureReread);
      std::vector<Found> next;
      for (size_t f = 0; f < merged.size(); ++f) {
        if (replace[f].joined) {
          // Part of the run the word before was replaced with: that word reaches over it.
          next.back().word.box.x1 = merged[f].word.box.x1;
          continue;
        }
        if (replace[f].words.empty()) {
          next.push_back(std::move(merged[f]));
          continue;
        }
        changed = true;
        // The page's layout of the line stays: read alone, a word's box may reach into the
        // next line or start further right ("TTHC;" 19 pt high on a 10 pt line, 13 pt from the
        // word before it), which splits the paragraph into columns. So the new words take the
        // replaced word's height and, together, its left and right edges.
        const Box was = merged[f].word.box;
        for (size_t s : replace[f].words) {
          Found word = again[s];
          word.word.box.y0 = was.y0;
          word.word.box.y1 = was.y1;
          word.word.font_size = merged[f].word.font_size;
          word.height = merged[f].height;
          next.push_back(std::move(word));
        }
        next[next.size() - replace[f].words.size()].word.box.x0 = was.x0;
        next.back().word.box.x1 = was.x1;
      }
      merged = std::move(next);
      if (min_confidence(merged) >= kSureReread) break; // nothing left to mend
    }
    recogniser.SetPageSegMode(tesseract::PSM_AUTO);
    if (!changed) continue;
    const auto at = found.erase(first, last);
    found.insert(at, std::make_move_iterator(merged.begin()),
                 std::make_move_iterator(merged.end()));
  }

  // Rules, underlines and duplicated lines read as text (extractors/ocr_cleanup.h).
  std::vector<int> heights;
  for (const Found &f : found)
    heights.push_back(f.height);
  const int median_height = median_word_height(std::move(heights));
  std::vector<OcrWordExtent> extents_px;
  for (const Found &f : found)
    extents_px.push_back({f.line, static_cast<int>(std::lround(f.word.box.x0 / to_points)),
                          static_cast<int>(std::lround(f.word.box.y0 / to_points)) - top,
                          static_cast<int>(std::lround(f.word.box.x1 / to_points)),
                          static_cast<int>(std::lround(f.word.box.y1 / to_points)) - top});
  const std::vector<bool> duplicate = duplicate_ocr_words(lines, extents_px);
  for (size_t w = 0; w < found.size(); ++w) {
    Found &f = found[w];
    if (duplicate[w]) continue;
    if (f.dash) {
      const bool next = w + 1 < found.size();
      if (next && is_list_dash(extents_px[w], extents_px[w + 1],
                               has_letter_or_digit(found[w + 1].word.text), median_height))
        result.words.push_back(std::move(f.word));
      continue;
    }
    if (is_flat_noise(f.word.text, f.height, median_height, f.word.confidence)) continue;
    if (is_speck_word(f.word.text, f.height, median_height)) continue;
    const bool opens_line = w == 0 || found[w - 1].line != f.line;
    if (opens_line && median_height > 0 && has_letter_or_digit(f.word.text)) {
      const std::vector<OcrWordExtent> ink = ink_before(image, extents_px[w], median_height);
      if (const auto dash = lost_list_dash(ink, extents_px[w], median_height)) {
        const OcrWordExtent &at = ink[*dash];
        Word mark = f.word;
        mark.text.assign(1, '-');
        // The dash's own extent across, the line's height, like a dash Tesseract reads.
        mark.box = {at.x0 * to_points, f.word.box.y0, at.x1 * to_points, f.word.box.y1};
        // Found by its shape, not read: as sure as the confidence filter's bar, no more.
        mark.confidence = kMinSymbolConfidence / 100.0;
        result.words.push_back(std::move(mark));
      }
    }
    result.words.push_back(std::move(f.word));
  }
  recogniser.Clear();
  return result;
}

} // namespace vnotice
