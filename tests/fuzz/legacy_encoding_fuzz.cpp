// Fuzz target: the legacy-encoding detector and decoder (TCVN3, VNI, VISCII, VPS, CP1258) on
// arbitrary bytes. The first byte picks an encoding for a forced decode and whether the font is
// an all-capital one; the first line also serves as a font name. The rest is read both as it is
// (text from a PDF or office run) and in the Windows-1252 form a plain-text file is put in.
// Expected failures are vnotice::Error; anything else is a finding.
#include "extractors/legacy_encoding.h"
#include "pipeline/error.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  using vnotice::LegacyEncoding;
  constexpr LegacyEncoding kEncodings[] = {LegacyEncoding::none, LegacyEncoding::tcvn3,
                                           LegacyEncoding::vni,  LegacyEncoding::viscii,
                                           LegacyEncoding::vps,  LegacyEncoding::cp1258};
  const LegacyEncoding forced = kEncodings[data[0] % std::size(kEncodings)];
  const bool capital = (data[0] & 0x80) != 0;
  const std::string_view text(reinterpret_cast<const char *>(data) + 1, size - 1);
  try {
    const std::string_view font = text.substr(0, text.find('\n'));
    vnotice::encoding_from_font(font);
    vnotice::is_capital_font(font);

    const std::string cp1252 = vnotice::bytes_as_cp1252(text);
    for (const std::string_view form : {text, std::string_view(cp1252)}) {
      const LegacyEncoding detected = vnotice::detect_legacy_encoding(form);
      vnotice::decode_legacy(form, detected);
      vnotice::decode_legacy(form, forced, capital);
    }
  } catch (const vnotice::Error &) {
  }
  return 0;
}
