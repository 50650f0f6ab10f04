// The shipped sample PDFs are reproducible from their sources with the project's renderer
// (tools/render_samples.sh, real LibreOffice), and stay small.
#include "extractors/registry.h"
#include "pipeline/input_file.h"
#include "test_support.h"

#include <gtest/gtest.h>

namespace vnotice {
namespace {

std::string text_of(const std::filesystem::path &pdf) {
  return extract_document(InputFile::read(pdf), {}).text();
}

TEST(SamplesTest, RenderingTheSourcesAgainGivesTheSameText) {
  test::TempDir out;
  const auto rendered = test::run_command(
      {(test::source_dir() / "tools" / "render_samples.sh").string(), out.path().string()});
  ASSERT_EQ(rendered.exit_code, 0) << rendered.err;
  size_t count = 0;
  for (const auto &source :
       std::filesystem::directory_iterator(test::source_dir() / "samples" / "src")) {
    if (source.path().extension() != ".html") continue;
    ++count;
    const std::string name = source.path().stem().string() + ".pdf";
    ASSERT_TRUE(std::filesystem::exists(out / name)) << name;
    EXPECT_EQ(text_of(out / name), text_of(test::sample_pdf(name))) << name;
  }
  EXPECT_GE(count, 3u); // at least one notice and two unit reports
}

TEST(SamplesTest, CommittedSamplesStaySmall) {
  std::uintmax_t total = 0;
  for (const auto &entry :
       std::filesystem::recursive_directory_iterator(test::source_dir() / "samples"))
    if (entry.is_regular_file()) total += entry.file_size();
  EXPECT_LT(total, 3u * 1024 * 1024);
}

} // namespace
} // namespace vnotice
