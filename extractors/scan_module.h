// The scan module: PDF and image reading (Poppler, Leptonica, Tesseract) lives in a shared
// module, libvnotice-scan.so, loaded the first time a PDF or an image is read.
//
// Why: those libraries and what they pull in are about 60 shared objects; loading them costs
// tens of milliseconds per process, which commands that never read a scan (render, search,
// archive, parse of a DOCX) should not pay. Loading late also lets vnotice set
// OMP_THREAD_LIMIT before OpenMP starts, without re-executing itself.
#pragma once

#include "extractors/extractor.h"

namespace vnotice {

// What the module exports: one C function, `vnotice_scan_entry_points`, returning this table.
// The version changes whenever the table or the types it passes change, so a stale module
// from another build is refused instead of crashing.
struct ScanEntryPoints {
  int abi_version;
  ExtractFunction extract_pdf;
  ExtractFunction extract_image;
  std::string (*first_page_thumbnail)(const InputFile &input, int width); // thumbnail.h
};

inline constexpr int kScanAbiVersion = 3;
inline constexpr const char *kScanModuleFileName = "libvnotice-scan.so";
inline constexpr const char *kScanEntrySymbol = "vnotice_scan_entry_points";

// The loaded module's entry points. Loads it on first use (thread-safe): from $VNOTICE_SCAN_MODULE
// if set, else beside the running executable, else where the build put it. Throws
// Error(dependency_missing) naming the paths tried when it cannot be loaded.
const ScanEntryPoints &scan_module();

// Extractors that forward to the module (the registry lists these).
Document extract_pdf_via_scan_module(const InputFile &input, const ExtractOptions &options);
Document extract_image_via_scan_module(const InputFile &input, const ExtractOptions &options);
// extractors/thumbnail.h through the module: empty for a DOCX or ODT, which load nothing.
std::string first_page_thumbnail_via_scan_module(const InputFile &input, int width);

} // namespace vnotice
