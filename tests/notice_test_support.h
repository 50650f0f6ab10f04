// The sample notice (samples/notice-2021.json) for the notice writers' tests
// (notice_writer_test.cpp, notice_render_test.cpp).
#pragma once

#include "pipeline/notice.h"
#include "test_support.h"

#include <filesystem>

namespace vnotice::test {

inline std::filesystem::path sample_notice_path() {
  return source_dir() / "samples" / "notice-2021.json";
}

inline Notice sample_notice() {
  return parse_notice_json(read_file(sample_notice_path()), sample_notice_path().string());
}

} // namespace vnotice::test
