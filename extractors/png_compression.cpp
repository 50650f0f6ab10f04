#include "extractors/png_compression.h"

namespace vnotice {
namespace {
thread_local int open_scopes = 0;
} // namespace

UncompressedPngScope::UncompressedPngScope() { ++open_scopes; }
UncompressedPngScope::~UncompressedPngScope() { --open_scopes; }
bool uncompressed_png_wanted() { return open_scopes > 0; }

} // namespace vnotice
