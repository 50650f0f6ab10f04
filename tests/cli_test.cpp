// The `vnotice` executable as users run it: output, exit codes, one-line error messages.
#include "pipeline/error.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vnotice {
namespace {

using test::run_command;

const std::string kNotice = test::sample_pdf("notice-2021-sct.pdf").string();

test::CommandResult vnotice(std::vector<std::string> args) {
  args.insert(args.begin(), test::cli_path().string());
  return run_command(args);
}

// A failure is one line on stderr that names the file, nothing on stdout, and its exit code.
void expect_failure(const test::CommandResult &result, ExitCode code, const std::string &file,
                    const std::string &reason) {
  EXPECT_EQ(result.exit_code, static_cast<int>(code)) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_TRUE(result.err.starts_with("vnotice: " + file + ": ")) << result.err;
  EXPECT_NE(result.err.find(reason), std::string::npos) << result.err;
}

TEST(CliTest, HelpListsExtract) {
  const auto result = vnotice({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("extract"), std::string::npos);
}

TEST(CliTest, ExtractPrintsTextInReadingOrder) {
  const auto result = vnotice({"extract", kNotice});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  EXPECT_TRUE(result.out.starts_with("UBND TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\n")) << result.out;
  EXPECT_NE(result.out.find("\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"), std::string::npos);
}

TEST(CliTest, ExtractJsonIsTheDocumentModel) {
  const auto result = vnotice({"extract", "--format", "json", kNotice});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["source"]["format"], "pdf");
  EXPECT_EQ(json["source"]["pages"], json["pages"].size());
  EXPECT_EQ(json["pages"][0]["blocks"][0]["kind"], "column");
  EXPECT_EQ(json["pages"][0]["blocks"][0]["lines"][0]["words"][0]["text"], "UBND");
  EXPECT_EQ(json["source"]["sha256"].get<std::string>().size(), 64u);
}

TEST(CliTest, OutputFileIsWrittenWholeAndNothingElseIsLeft) {
  test::TempDir dir;
  const auto result =
      vnotice({"extract", kNotice, "--format", "json", "-o", (dir / "n.json").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(test::read_file(dir / "n.json"), vnotice({"extract", kNotice, "--format", "json"}).out);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(CliTest, MissingFile) {
  test::TempDir dir;
  const std::string path = (dir / "không có.pdf").string();
  expect_failure(vnotice({"extract", path}), ExitCode::input_missing, path, "no such file");
}

TEST(CliTest, FolderInsteadOfFile) {
  test::TempDir dir;
  expect_failure(vnotice({"extract", dir.path().string()}), ExitCode::input_missing,
                 dir.path().string(), "folder");
}

TEST(CliTest, EmptyFile) {
  test::TempDir dir;
  const std::string path = (dir / "empty.pdf").string();
  test::write_file(path, "");
  expect_failure(vnotice({"extract", path}), ExitCode::input_unsupported, path, "empty");
}

TEST(CliTest, FormatIsTakenFromContentNotName) {
  test::TempDir dir;
  // PNG bytes named .pdf are read as an image (here a broken one), not as a PDF.
  const std::string path = (dir / "scan.pdf").string();
  test::write_file(path, std::string("\x89PNG\r\n\x1a\n", 8) + std::string(100, '\0'));
  expect_failure(vnotice({"extract", path}), ExitCode::input_damaged, path, "the image");
  const std::string binary = (dir / "noise.bin").string();
  test::write_file(binary, std::string("\x01\x02\xff\xfe\x00\x00", 6));
  expect_failure(vnotice({"extract", binary}), ExitCode::input_unsupported, binary,
                 "does not recognise");
}

TEST(CliTest, TruncatedPdf) {
  test::TempDir dir;
  const std::string path = (dir / "cut.pdf").string();
  const std::string whole = test::read_file(kNotice);
  test::write_file(path, whole.substr(0, whole.size() * 6 / 10));
  expect_failure(vnotice({"extract", path}), ExitCode::input_damaged, path, "incomplete");
}

TEST(CliTest, DamagedPdfWithoutLeakingPopplerMessages) {
  test::TempDir dir;
  const std::string path = (dir / "broken.pdf").string();
  test::write_file(path, "%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\ntrailer <<>>\n%%EOF\n");
  expect_failure(vnotice({"extract", path}), ExitCode::input_damaged, path, "damaged");
}

TEST(CliTest, EncryptedPdfSaysSoAndAcceptsThePassword) {
  test::TempDir dir;
  const std::string path = (dir / "locked.pdf").string();
  const auto made =
      run_command({"qpdf", "--encrypt", "mật-khẩu", "chủ", "256", "--", kNotice, path});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  expect_failure(vnotice({"extract", path}), ExitCode::input_encrypted, path,
                 "encrypted and needs a password");
  expect_failure(vnotice({"extract", path, "--password", "sai"}), ExitCode::input_encrypted, path,
                 "password given is wrong");
  const auto opened = vnotice({"extract", path, "--password", "mật-khẩu"});
  EXPECT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_EQ(opened.out, vnotice({"extract", kNotice}).out);
}

TEST(ScanModuleTest, AMissingModuleIsADependencyErrorNamingTheInput) {
  // The PDF and image reader is a module loaded on first use (extractors/scan_module.h).
  const auto result =
      run_command({"env", "VNOTICE_SCAN_MODULE=/nonexistent/libvnotice-scan.so",
                   test::cli_path().string(), "extract", kNotice});
  expect_failure(result, ExitCode::dependency_missing, kNotice, "VNOTICE_SCAN_MODULE");
  EXPECT_NE(result.err.find("/nonexistent/libvnotice-scan.so (missing)"), std::string::npos)
      << result.err;
}

TEST(ScanModuleTest, CommandsWithoutScansNeverLoadTesseractOrPoppler) {
  test::TempDir dir;
  const std::string docx = (dir / "notice.docx").string();
  const std::string notice = (test::source_dir() / "samples" / "notice-2021.json").string();
  // LD_DEBUG=files makes the dynamic loader name every library it opens, on stderr.
  for (const std::vector<std::string> &command :
       {std::vector<std::string>{"render", notice, "-o", docx},
        std::vector<std::string>{"extract", docx}}) {
    std::vector<std::string> argv{"env", "LD_DEBUG=files", test::cli_path().string()};
    argv.insert(argv.end(), command.begin(), command.end());
    const auto result = run_command(argv);
    EXPECT_EQ(result.exit_code, 0) << command[0] << ": " << result.err;
    EXPECT_NE(result.err.find("libxml2"), std::string::npos) << "LD_DEBUG had no effect";
    for (const char *heavy : {"libtesseract", "libpoppler", "liblept", "libvnotice-scan"})
      EXPECT_EQ(result.err.find(heavy), std::string::npos) << command[0] << " loaded " << heavy;
  }
  // A PDF does load the module.
  const auto pdf = run_command({"env", "LD_DEBUG=files", test::cli_path().string(), "extract",
                               kNotice, "-o", (dir / "notice.txt").string()});
  EXPECT_EQ(pdf.exit_code, 0) << pdf.err;
  EXPECT_NE(pdf.err.find("libvnotice-scan"), std::string::npos);
  EXPECT_NE(pdf.err.find("libpoppler-cpp"), std::string::npos);
}

TEST(CliTest, UnwritableOutput) {
  const std::string target = "/nonexistent-folder/out.txt";
  expect_failure(vnotice({"extract", kNotice, "-o", target}), ExitCode::output_failed, target,
                 "cannot create");
}

TEST(CliTest, UsageErrors) {
  for (const auto &args : std::vector<std::vector<std::string>>{
           {}, {"extract"}, {"extract", kNotice, "--format", "xml"}, {"frobnicate"}}) {
    const auto result = vnotice(args);
    EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::usage)) << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
    EXPECT_TRUE(result.err.starts_with("vnotice: ")) << result.err;
  }
}

} // namespace
} // namespace vnotice

namespace vnotice {
namespace {

TEST(SchemaTest, ExtractJsonConformsToDocumentSchema) {
  test::TempDir dir;
  std::vector<std::string> command = {
      "/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
      (test::source_dir() / "schemas" / "document.schema.json").string()};
  for (const std::string name :
       {"notice-2021-sct.pdf", "report-2021-vanphong.pdf", "report-2021-qlcn.pdf"}) {
    const std::string out = (dir / (name + ".json")).string();
    ASSERT_EQ(vnotice({"extract", test::sample_pdf(name).string(), "--format", "json", "-o", out})
                  .exit_code,
              0);
    command.push_back(out);
  }
  const auto valid = run_command(command);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;

  // The check can fail: a document with a wrong field is rejected.
  const std::string bad = (dir / "bad.json").string();
  auto json = nlohmann::json::parse(test::read_file(command.back()));
  json["pages"][0]["method"] = "guessed";
  test::write_file(bad, json.dump());
  const auto invalid = run_command({command[0], command[1], command[2], bad});
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.out.find("$.pages[0].method"), std::string::npos) << invalid.out;
}

} // namespace
} // namespace vnotice
