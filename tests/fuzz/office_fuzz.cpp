// Fuzz target: the DOCX and ODT readers (libzip + libxml2) on arbitrary bytes, meant as ZIP
// packages. Every input goes to both readers, so each also meets the other's packages.
// Expected failures are vnotice::Error; anything else is a finding.
#include "extractors/office_extractor.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vnotice::InputFile input;
  input.path = "fuzz.docx";
  input.bytes.assign(reinterpret_cast<const char *>(data), size);
  vnotice::ExtractOptions options;
  // Well under the fuzzer's memory limit, still far above what a small input can honestly hold.
  options.limits.max_unpacked_bytes = 64LL * 1024 * 1024;
  for (const auto extract : {vnotice::extract_docx, vnotice::extract_odt}) {
    try {
      extract(input, options);
    } catch (const vnotice::Error &) {
    }
  }
  return 0;
}
