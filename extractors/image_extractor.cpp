#include "extractors/image_extractor.h"

#include "extractors/format_sniffer.h"
#include "extractors/ocr_runner.h"
#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <cstdio>
#include <fmt/format.h>
#include <leptonica/allheaders.h>
#include <memory>
#include <numeric>

namespace vnotice {
namespace {

const l_uint8 *data_of(const InputFile &input) {
  return reinterpret_cast<const l_uint8 *>(input.bytes.data());
}

// Frames in a TIFF held in memory (Leptonica counts through a FILE).
int tiff_frame_count(const InputFile &input) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(
      fmemopen(const_cast<char *>(input.bytes.data()), input.bytes.size(), "rb"), &std::fclose);
  l_int32 count = 0;
  if (!file || tiffGetCount(file.get(), &count) != 0) return -1;
  return count;
}

// Width and height of frame `index` from its header, without decoding the pixels: an image
// bomb is refused before it takes any memory.
bool image_size(const InputFile &input, InputFormat format, int index, long long &pixels) {
  l_int32 width = 0, height = 0, bps = 0, spp = 0, res = 0, cmap = 0, tiff_format = 0;
  l_int32 ok = 1;
  if (format == InputFormat::tiff)
    ok = readHeaderMemTiff(data_of(input), input.bytes.size(), index, &width, &height, &bps, &spp,
                           &res, &cmap, &tiff_format);
  else
    ok = pixReadHeaderMem(data_of(input), input.bytes.size(), &tiff_format, &width, &height, &bps,
                          &spp, &cmap);
  pixels = static_cast<long long>(width) * height;
  return ok == 0 && width > 0 && height > 0;
}

// A JPEG stream ends with the EOI marker (FF D9), possibly followed by a little padding. Without
// it the file was cut off; refusing it here also keeps libjpeg from printing on stderr.
bool jpeg_truncated(const InputFile &input) {
  const std::string_view bytes = input.bytes;
  const std::string_view tail = bytes.substr(bytes.size() - std::min<size_t>(bytes.size(), 1024));
  return tail.find("\xFF\xD9") == std::string_view::npos;
}

class ImagePageSource : public PageImageSource {
public:
  ImagePageSource(const InputFile &input, InputFormat format, const ExtractOptions &options)
      : input_(input), format_(format), options_(options) {}

  PageImage load(int index) override {
    const std::string name = input_.path.string();
    long long pixels = 0;
    if (!image_size(input_, format_, index, pixels))
      throw Error(ExitCode::input_damaged, name,
                  trf("the image (page {}) is damaged and cannot be read; ask the sender "
                      "for a new scan",
                      index + 1));
    if (pixels > options_.limits.max_image_pixels)
      throw Error(ExitCode::limit_exceeded, name,
                  trf("the image (page {}) has {} megapixels, over the limit of {}; if it "
                      "is genuine, raise the limit with --max-pixels",
                      index + 1, pixels / 1000000, options_.limits.max_image_pixels / 1000000));
    PageImage image;
    l_int32 warnings = 0;
    if (format_ == InputFormat::tiff)
      image.pix.reset(pixReadMemTiff(data_of(input_), input_.bytes.size(), index));
    else if (format_ == InputFormat::jpeg)
      image.pix.reset(pixReadMemJpeg(data_of(input_), input_.bytes.size(), 0, 1, &warnings, 0));
    else
      image.pix.reset(pixReadMem(data_of(input_), input_.bytes.size()));
    // A JPEG decoder "warning" is a damaged stream: the missing part would be read as grey.
    if (!image.pix || warnings > 0)
      throw Error(ExitCode::input_damaged, name,
                  trf("the image (page {}) is damaged or incomplete; ask the sender for "
                      "a new scan",
                      index + 1));
    const int dpi = pixGetXRes(image.pix.get());
    image.dpi = dpi > 0 ? dpi : 0;
    return image;
  }

private:
  const InputFile &input_;
  InputFormat format_;
  const ExtractOptions &options_;
};

} // namespace

Document extract_image(const InputFile &input, const ExtractOptions &options) {
  const std::string name = input.path.string();
  const InputFormat format = sniff_format(input.bytes);
  LeptonicaMessageCapture quiet;
  int pages = 1;
  if (format == InputFormat::tiff) {
    pages = tiff_frame_count(input);
    if (pages < 0)
      throw Error(ExitCode::input_damaged, name,
                  tr("the TIFF file is damaged and cannot be read; ask the sender for a new scan"));
    if (pages == 0)
      throw Error(ExitCode::input_damaged, name,
                  tr("the TIFF file holds no images; ask the sender for a new scan"));
    if (pages > options.limits.max_pages)
      throw Error(ExitCode::limit_exceeded, name,
                  trf("the TIFF file has {} pages, over the limit of {}; raise it with "
                      "--max-pages if the file is genuine",
                      pages, options.limits.max_pages));
  }
  if (format == InputFormat::jpeg && jpeg_truncated(input))
    throw Error(
        ExitCode::input_damaged, name,
        tr("the JPEG image is incomplete (cut off before its end); ask the sender for a new "
           "scan"));
  Document document;
  document.source = {name, std::string(format_name(format)), input.sha256,
                     static_cast<long long>(input.bytes.size())};
  std::vector<int> indexes(pages);
  std::iota(indexes.begin(), indexes.end(), 0);
  const auto factory = [&] { return std::make_unique<ImagePageSource>(input, format, options); };
  document.pages = ocr_pages(indexes, factory, options, name, document.warnings);
  return document;
}

} // namespace vnotice
