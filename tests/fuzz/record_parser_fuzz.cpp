// Fuzz target: the record parser on arbitrary text. The input is read the way `vnotice parse`
// reads a .txt file (the plain-text extractor, which also takes non-UTF-8 bytes as a legacy
// encoding), then goes through the Vietnamese text layer and parse_record.
// Expected failures are vnotice::Error; anything else is a finding.
#include "extractors/record_parser.h"
#include "extractors/text_extractor.h"
#include "extractors/text_normaliser.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  vnotice::InputFile input;
  input.path = "fuzz.txt";
  input.bytes.assign(reinterpret_cast<const char *>(data), size);
  try {
    vnotice::Document document = vnotice::extract_plain_text(input, vnotice::ExtractOptions{});
    vnotice::normalise_document(document);
    vnotice::parse_record(document);
  } catch (const vnotice::Error &) {
  }
  return 0;
}
