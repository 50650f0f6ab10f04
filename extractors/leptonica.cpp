#include "extractors/leptonica.h"

#include <leptonica/allheaders.h>
#include <mutex>

namespace vnotice {

void PixDeleter::operator()(Pix *pix) const { pixDestroy(&pix); }

namespace {

thread_local std::vector<std::string> *active_capture = nullptr;

void on_leptonica_message(const char *message) {
  if (active_capture != nullptr && active_capture->size() < 100)
    active_capture->emplace_back(message);
}

} // namespace

LeptonicaMessageCapture::LeptonicaMessageCapture() {
  static std::once_flag installed;
  std::call_once(installed, [] { leptSetStderrHandler(on_leptonica_message); });
  previous_ = active_capture;
  active_capture = &messages_;
}

LeptonicaMessageCapture::~LeptonicaMessageCapture() { active_capture = previous_; }

} // namespace vnotice
