// The entry point, one of the two symbols libvnotice-scan.so exports (everything else is hidden
// but png_set_compression_level: extractors/png_compression.h).
#include "extractors/image_extractor.h"
#include "extractors/pdf_extractor.h"
#include "extractors/scan_module.h"
#include "extractors/thumbnail.h"

extern "C" __attribute__((visibility("default"))) const vnotice::ScanEntryPoints *
vnotice_scan_entry_points() {
  static constexpr vnotice::ScanEntryPoints points{vnotice::kScanAbiVersion, vnotice::extract_pdf,
                                                   vnotice::extract_image,
                                                   vnotice::first_page_thumbnail};
  return &points;
}
