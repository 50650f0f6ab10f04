// Every file of the bad-input corpus (tests/bad_inputs/make_corpus.py, expectations in
// expected.tsv) through the real CLI: the documented exit code, one line naming the file and
// the problem, bounded time and memory, no partial output, nothing written outside.
#include "test_support.h"

#include "pipeline/error.h"

#include <algorithm>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

namespace vnotice {
namespace {

// Issue 22's bounds: 1 GiB on any input, 400 MiB on a document read whole; a minute each.
#ifdef VNOTICE_SANITIZED
constexpr long kMemoryFactor = 4; // ASan's shadow memory and quarantine
#else
constexpr long kMemoryFactor = 1;
#endif
constexpr long kMaxKibAnyInput = 1024L * 1024 * kMemoryFactor;
constexpr long kMaxKibReadWhole = 400L * 1024 * kMemoryFactor;
constexpr double kMaxSeconds = 60;
constexpr int kAnyOutcome = -1; // "*" in expected.tsv: read, or refused with a documented reason

struct Case {
  std::string file;
  int exit_code;
  std::string phrase;
};

// expected.tsv's lines; a file name with '*' stands for every corpus file it matches (a prefix
// and a suffix around the star), in name order.
std::vector<Case> expected_cases(const std::filesystem::path &corpus) {
  std::vector<std::string> names;
  for (const auto &entry : std::filesystem::directory_iterator(corpus))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<Case> cases;
  std::ifstream in(test::source_dir() / "tests" / "bad_inputs" / "expected.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t a = line.find('\t'), b = line.find('\t', a + 1);
    const std::string file = line.substr(0, a), code = line.substr(a + 1, b - a - 1);
    const int exit_code = code == "*" ? kAnyOutcome : std::stoi(code);
    const size_t star = file.find('*');
    if (star == std::string::npos) {
      cases.push_back({file, exit_code, line.substr(b + 1)});
      continue;
    }
    const std::string prefix = file.substr(0, star), suffix = file.substr(star + 1);
    size_t matched = 0;
    for (const std::string &name : names)
      if (name.size() >= prefix.size() + suffix.size() && name.starts_with(prefix) &&
          name.ends_with(suffix)) {
        cases.push_back({name, exit_code, line.substr(b + 1)});
        ++matched;
      }
    EXPECT_GT(matched, 0u) << file << " matches no corpus file";
  }
  return cases;
}

class BadInputTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    root_ = new test::TempDir();
    const auto made = test::run_command(
        {"/usr/bin/python3",
         (test::source_dir() / "tests" / "bad_inputs" / "make_corpus.py").string(),
         (test::source_dir() / "samples" / "pdf").string(), (*root_ / "corpus").string(),
         (*root_ / "plans").string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  static void TearDownTestSuite() { delete root_; }
  static test::TempDir *root_;
};
test::TempDir *BadInputTest::root_ = nullptr;

TEST_F(BadInputTest, EachFileGetsItsDocumentedOutcome) {
  const auto cases = expected_cases(*root_ / "corpus");
  ASSERT_GE(cases.size(), 60u);
  // Run from deep inside the temp folder so a "../../" path would still land inside it.
  const auto work = *root_ / "a" / "b";
  std::filesystem::create_directories(work);
  for (const Case &c : cases) {
    SCOPED_TRACE(c.file);
    const std::string input = (*root_ / "corpus" / c.file).string();
    ASSERT_TRUE(std::filesystem::exists(input));
    const auto out_dir = *root_ / ("out-" + std::to_string(&c - cases.data()));
    std::filesystem::create_directories(out_dir);
    // Packages are read as JSON too: the output with every word's box is the larger one.
    const bool package = c.file.ends_with(".docx") || c.file.ends_with(".odt");
    const auto result =
        test::run_command({test::cli_path().string(), "extract", input, "--format",
                           package ? "json" : "text", "-o", (out_dir / "out.txt").string()},
                          work);
    const int expected =
        c.exit_code == kAnyOutcome && (result.exit_code == 0 || result.exit_code == 4 ||
                                       result.exit_code == 5 || result.exit_code == 8)
            ? result.exit_code
            : c.exit_code;
    EXPECT_EQ(result.exit_code, expected) << result.err;
    EXPECT_LT(result.seconds, kMaxSeconds);
    EXPECT_LT(result.max_rss_kb, result.exit_code == 0 ? kMaxKibReadWhole : kMaxKibAnyInput);
    const auto written = std::distance(std::filesystem::directory_iterator(out_dir), {});
    if (result.exit_code == 0) {
      EXPECT_TRUE(std::filesystem::exists(out_dir / "out.txt"));
      EXPECT_EQ(written, 1);
    } else {
      EXPECT_EQ(written, 0) << "a failed run left output behind";
      EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
      EXPECT_TRUE(result.err.starts_with("vnotice: " + input + ": ")) << result.err;
      if (c.exit_code != kAnyOutcome) {
        EXPECT_NE(result.err.find(c.phrase), std::string::npos) << result.err;
      }
    }
  }
  // Nothing escaped the temp folder, and the XXE target's content never showed up anywhere.
  EXPECT_FALSE(std::filesystem::exists(*root_ / "evil.txt"));
  EXPECT_FALSE(std::filesystem::exists("/abs.txt"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(work), {}), 0);
}

TEST_F(BadInputTest, LimitsCanBeRaisedOrLowered) {
  const std::string pages = (*root_ / "corpus" / "many-pages.pdf").string();
  // Raised: the 2500 blank pages are accepted (and, with OCR off, read as empty pages).
  const auto raised = test::run_command(
      {test::cli_path().string(), "extract", pages, "--max-pages", "3000", "--ocr", "never"});
  EXPECT_EQ(raised.exit_code, 0) << raised.err;
  // Lowered: a normal sample is refused.
  const auto lowered =
      test::run_command({test::cli_path().string(), "extract",
                         test::sample_pdf("notice-2021-sct.pdf").string(), "--max-pages", "2"});
  EXPECT_EQ(lowered.exit_code, 8);
  EXPECT_NE(lowered.err.find("--max-pages"), std::string::npos);
}

TEST_F(BadInputTest, AFileThatTakesTooLongStopsAtTheFileTimeout) {
  test::TempDir out;
  // Four pages of OCR take several seconds; one second is not enough for the file.
  const auto result = test::run_command(
      {test::cli_path().string(), "extract", test::sample_pdf("notice-2021-sct.pdf").string(),
       "--ocr", "always", "--file-timeout", "1", "-o", (out / "notice.txt").string()});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << result.err;
  EXPECT_NE(result.err.find("--file-timeout"), std::string::npos) << result.err;
  EXPECT_LT(result.seconds, 15.0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out.path()), {}), 0);
}

// The whole corpus as one folder through `vnotice batch`: every good file in it is done, every
// bad one is a failed row with its class, the run ends with exit code 10, and nothing is written
// outside the output folder or left half-written in it.
TEST_F(BadInputTest, BatchOverTheCorpusDoesTheGoodFilesAndRecordsTheBadOnes) {
  const auto cases = expected_cases(*root_ / "corpus");
  const auto work = *root_ / "batch-cwd";
  const auto out = *root_ / "batch-out";
  std::filesystem::create_directories(work);
  const auto result =
      test::run_command({test::cli_path().string(), "batch", (*root_ / "corpus").string(), "-o",
                         out.string(), "--quiet"},
                        work);
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::inputs_failed)) << result.err;
  EXPECT_LT(result.seconds, 120.0);
  EXPECT_LT(result.max_rss_kb, kMaxKibAnyInput);

  // summary.csv: file,sha256,status,method,pages,warnings,needs_review,error_class,error
  std::map<std::string, std::pair<std::string, std::string>> rows; // name -> status, class
  std::istringstream csv(test::read_file(out / "summary.csv"));
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::vector<std::string> fields;
    size_t start = 0;
    for (int k = 0; k < 8; ++k) {
      const size_t comma = line.find(',', start);
      ASSERT_NE(comma, std::string::npos) << line;
      fields.push_back(line.substr(start, comma - start));
      start = comma + 1;
    }
    rows[std::filesystem::path(fields[0]).filename().string()] = {fields[2], fields[7]};
  }
  EXPECT_EQ(rows.size(), cases.size());
  size_t good = 0;
  for (const Case &c : cases) {
    SCOPED_TRACE(c.file);
    ASSERT_TRUE(rows.contains(c.file));
    const auto &[status, error_class] = rows[c.file];
    if (c.exit_code == 0 || (c.exit_code == kAnyOutcome && status == "done")) {
      ++good;
      EXPECT_EQ(status, "done");
    } else if (c.exit_code == kAnyOutcome) {
      EXPECT_EQ(status, "failed");
      EXPECT_TRUE(error_class == "input_unsupported" || error_class == "input_damaged" ||
                  error_class == "limit_exceeded")
          << error_class;
    } else {
      EXPECT_EQ(status, "failed");
      EXPECT_EQ(error_class, exit_code_name(static_cast<ExitCode>(c.exit_code)));
    }
  }
  EXPECT_GE(good, 5u);
  // One record per good file: their contents all differ (the owner-password copy is re-encrypted).
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out / "records"), {}),
            static_cast<long>(good));
  for (const auto &entry : std::filesystem::recursive_directory_iterator(out))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos) << entry.path();
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(work), {}), 0);
  EXPECT_FALSE(std::filesystem::exists(*root_ / "evil.txt"));
}

TEST_F(BadInputTest, APlanWithWrongTypesStopsTheBatchBeforeAnyWork) {
  const auto out = *root_ / "plan-out";
  for (const char *plan : {"wrong-types.json", "not-json.json"}) {
    SCOPED_TRACE(plan);
    const std::string path = (*root_ / "plans" / plan).string();
    const auto result =
        test::run_command({test::cli_path().string(), "batch", (*root_ / "corpus").string(), "-o",
                           out.string(), "--plan", path, "--quiet"});
    EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged)) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("vnotice: " + path + ": ")) << result.err;
    EXPECT_FALSE(std::filesystem::exists(out / "summary.csv"));
  }
}

} // namespace
} // namespace vnotice
