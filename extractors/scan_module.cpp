#include "extractors/scan_module.h"

#include "extractors/format_sniffer.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <string>
#include <vector>

namespace vnotice {
namespace {

struct DlCloser {
  void operator()(void *handle) const { ::dlclose(handle); }
};
using ModuleHandle = std::unique_ptr<void, DlCloser>;

std::vector<std::filesystem::path> module_candidates() {
  std::vector<std::filesystem::path> candidates;
  if (const char *path = std::getenv("VNOTICE_SCAN_MODULE"); path != nullptr && *path != '\0')
    return {path}; // an explicit choice is the only one tried
  std::error_code error;
  const auto executable = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    candidates.push_back(executable.parent_path() / kScanModuleFileName);
    candidates.push_back(executable.parent_path().parent_path() / "lib" / "vnotice" /
                         kScanModuleFileName);
  }
#ifdef VNOTICE_SCAN_MODULE_BUILD_DIR
  // Test and bench programs run from other folders of the build tree.
  candidates.push_back(std::filesystem::path(VNOTICE_SCAN_MODULE_BUILD_DIR) / kScanModuleFileName);
#endif
  return candidates;
}

ScanEntryPoints load_scan_module() {
  // OpenMP reads OMP_THREAD_LIMIT once, when libgomp loads with Tesseract: one thread per
  // engine, or its threads fight our page workers (4 pages took 38 s instead of 5.5 s on two
  // cores). A value the user set is kept.
  ::setenv("OMP_THREAD_LIMIT", "1", 0);
  std::string tried;
  for (const std::filesystem::path &candidate : module_candidates()) {
    std::error_code error;
    if (!std::filesystem::exists(candidate, error)) {
      tried += fmt::format("{}{} (missing)", tried.empty() ? "" : "; ", candidate.string());
      continue;
    }
    // The module stays loaded for the life of the process: Tesseract and OpenMP threads
    // must not outlive their code.
    ModuleHandle handle(::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (!handle) {
      tried += fmt::format("{}{} ({})", tried.empty() ? "" : "; ", candidate.string(), ::dlerror());
      continue;
    }
    using EntryFunction = const ScanEntryPoints *(*)();
    auto entry = reinterpret_cast<EntryFunction>(::dlsym(handle.get(), kScanEntrySymbol));
    const ScanEntryPoints *points = entry != nullptr ? entry() : nullptr;
    if (points == nullptr || points->abi_version != kScanAbiVersion) {
      tried += fmt::format("{}{} (from another version of vnotice)", tried.empty() ? "" : "; ",
                           candidate.string());
      continue;
    }
    ScanEntryPoints loaded = *points;
    handle.release(); // NOLINT(bugprone-unused-return-value): kept loaded on purpose
    return loaded;
  }
  throw Error(ExitCode::dependency_missing, "",
              trf("cannot load the PDF and image reader {} (tried: {}); reinstall vnotice "
                  "or set VNOTICE_SCAN_MODULE to its path",
                  kScanModuleFileName, tried));
}

} // namespace

const ScanEntryPoints &scan_module() {
  static const ScanEntryPoints points = load_scan_module();
  return points;
}

namespace {

// The module for `input`: a load failure names the input that needed it.
const ScanEntryPoints &scan_module_for(const InputFile &input) {
  try {
    return scan_module();
  } catch (const Error &error) {
    throw Error(error.code(), input.path.string(), error.what());
  }
}

} // namespace

Document extract_pdf_via_scan_module(const InputFile &input, const ExtractOptions &options) {
  return scan_module_for(input).extract_pdf(input, options);
}

Document extract_image_via_scan_module(const InputFile &input, const ExtractOptions &options) {
  return scan_module_for(input).extract_image(input, options);
}

std::string first_page_thumbnail_via_scan_module(const InputFile &input, int width) {
  const InputFormat format = sniff_format(input.bytes);
  if (format != InputFormat::pdf && format != InputFormat::png && format != InputFormat::jpeg &&
      format != InputFormat::tiff)
    return {};
  return scan_module_for(input).first_page_thumbnail(input, width);
}

} // namespace vnotice
