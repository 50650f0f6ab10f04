// RAII for Leptonica images, and capture of Leptonica's messages (it prints them on stderr).
#pragma once

#include <memory>
#include <string>
#include <vector>

struct Pix;

namespace vnotice {

struct PixDeleter {
  void operator()(Pix *pix) const;
};
// Owns one Leptonica image. Leptonica functions that return a new image are wrapped at once.
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// While alive, Leptonica's messages on this thread are collected here instead of printed.
class LeptonicaMessageCapture {
public:
  LeptonicaMessageCapture();
  LeptonicaMessageCapture(const LeptonicaMessageCapture &) = delete;
  LeptonicaMessageCapture &operator=(const LeptonicaMessageCapture &) = delete;
  ~LeptonicaMessageCapture();
  const std::vector<std::string> &messages() const { return messages_; }

private:
  std::vector<std::string> messages_;
  std::vector<std::string> *previous_;
};

} // namespace vnotice
