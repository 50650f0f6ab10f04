// The main job end to end (issues 6 and 7): `vnotice check` and `vnotice run` on the team's
// reports, every output validated against its schema, the run repeated byte for byte, and the
// loop from writer back to reader closed: the notice written as DOCX and ODT, converted to PDF
// by the real LibreOffice, parsed again by vnotice, gives back its number, date, type, subject,
// signer and appendix titles.
#include "pipeline/error.h"
#include "test_support.h"
#include "tools/inspection_job.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vnotice {
namespace {

namespace fs = std::filesystem;

std::string plan_path() { return (test::source_dir() / "samples" / "plan-2021.json").string(); }

std::vector<std::string> report_paths() {
  return {test::sample_pdf("report-2021-vanphong.pdf").string(),
          test::sample_pdf("report-2021-qlcn.pdf").string()};
}

void expect_valid(const std::string &schema, const fs::path &file) {
  const auto result = test::run_command(
      {"/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
       (test::source_dir() / "schemas" / schema).string(), file.string()});
  EXPECT_EQ(result.exit_code, 0) << file << ": " << result.out << result.err;
}

test::CommandResult run_job(const fs::path &out) {
  std::vector<std::string> argv = {test::cli_path().string(), "run", "--plan", plan_path()};
  for (const auto &report : report_paths())
    argv.push_back(report);
  argv.insert(argv.end(), {"-o", out.string()});
  return test::run_command(argv);
}

TEST(InspectionJobTest, CheckPrintsTheAssignmentsAndTheFindings) {
  std::vector<std::string> argv = {test::cli_path().string(), "check", "--plan", plan_path()};
  for (const auto &report : report_paths())
    argv.push_back(report);
  const auto text = test::run_command(argv);
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("report-2021-qlcn.pdf -> Phòng Quản lý công nghiệp"), std::string::npos)
      << text.out;
  // The real finding of the samples: two late records against the target of none.
  EXPECT_NE(text.out.find("target_not_met"), std::string::npos) << text.out;

  argv.insert(argv.end(), {"--format", "json"});
  const auto json = test::run_command(argv);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  test::TempDir dir;
  test::write_file(dir / "findings.json", json.out);
  expect_valid("findings.schema.json", dir / "findings.json");
  const auto findings = nlohmann::json::parse(json.out);
  ASSERT_EQ(findings["findings"].size(), 1u) << json.out;
  EXPECT_EQ(findings["findings"][0]["code"], "target_not_met");
  EXPECT_EQ(findings["findings"][0]["unit"], "qlcn");
}

// `check --format text`: findings that may be wrong under their own heading, after the others.
TEST(InspectionJobTest, TextFormatListsFindingsToReviewUnderTheirOwnHeading) {
  const InspectionPlan plan = load_plan(plan_path());
  CheckResult result;
  result.findings.findings = {{FindingCode::missing_criterion,
                               Severity::needs_review,
                               "vp",
                               "a.pdf",
                               "2.1",
                               "Chưa xác định được báo cáo có nội dung mục 2.1",
                               {}},
                              {FindingCode::sum_mismatch,
                               Severity::error,
                               "qlcn",
                               "b.pdf",
                               "2.2.b",
                               "Tổng số hồ sơ tiếp nhận khác",
                               {}}};
  const std::string text = findings_table(plan, result);
  EXPECT_NE(text.find("Phát hiện: 1 lỗi, 0 cảnh báo, 0 lưu ý, 1 cần xem xét lại"),
            std::string::npos)
      << text;
  const size_t heading = text.find("\nCần xem xét lại (chưa đủ căn cứ để kết luận");
  const size_t error = text.find("[error] sum_mismatch");
  const size_t review = text.find("[needs_review] missing_criterion");
  ASSERT_NE(heading, std::string::npos) << text;
  ASSERT_NE(error, std::string::npos) << text;
  ASSERT_NE(review, std::string::npos) << text;
  EXPECT_LT(error, heading);
  EXPECT_GT(review, heading);

  // Without any, no such heading.
  result.findings.findings.erase(result.findings.findings.begin());
  EXPECT_EQ(findings_table(plan, result).find("Cần xem xét lại ("), std::string::npos);
}

TEST(InspectionJobTest, CheckAcceptsRecordsAlreadyParsed) {
  test::TempDir dir;
  const auto parse = test::run_command(
      {test::cli_path().string(), "parse", report_paths()[1], "-o", (dir / "qlcn.json").string()});
  ASSERT_EQ(parse.exit_code, 0) << parse.err;
  const auto check = test::run_command({test::cli_path().string(), "check", "--plan", plan_path(),
                                        (dir / "qlcn.json").string(), "--format", "json"});
  ASSERT_EQ(check.exit_code, 0) << check.err;
  EXPECT_EQ(nlohmann::json::parse(check.out)["findings"][0]["code"], "target_not_met");
}

TEST(InspectionJobTest, AWrongPlanIsOneLineNamingTheJsonPath) {
  test::TempDir dir;
  auto plan = nlohmann::json::parse(test::read_file(plan_path()));
  plan["units"][1]["aliases"] = "Phòng Thương mại";
  test::write_file(dir / "plan.json", plan.dump());
  const auto result = test::run_command({test::cli_path().string(), "check", "--plan",
                                         (dir / "plan.json").string(), report_paths()[0]});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_NE(result.err.find("units[1].aliases"), std::string::npos) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(InspectionJobTest, RunWritesEveryOutputValidAndTheSameBytesTwice) {
  test::TempDir dir;
  const auto first = run_job(dir / "a");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  for (const char *name : {"records/report-2021-vanphong.json", "records/report-2021-qlcn.json",
                           "findings.json", "notice.json", "notice.docx", "notice.odt"})
    EXPECT_TRUE(fs::exists(dir / "a" / name)) << name;
  expect_valid("record.schema.json", dir / "a" / "records" / "report-2021-qlcn.json");
  expect_valid("findings.schema.json", dir / "a" / "findings.json");
  expect_valid("notice.schema.json", dir / "a" / "notice.json");

  const auto second = run_job(dir / "b");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  for (const auto &entry : fs::recursive_directory_iterator(dir / "a")) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), dir / "a");
    const fs::path twin = dir / "b" / relative;
    ASSERT_TRUE(fs::exists(twin)) << relative;
    EXPECT_EQ(test::read_file(entry.path()), test::read_file(twin)) << relative;
  }
  // No temporary file is left behind.
  for (const auto &entry : fs::recursive_directory_iterator(dir / "a"))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << entry.path();
}

TEST(InspectionJobTest, TheNoticeReadsBackThroughLibreOfficeAndTheParser) {
  test::TempDir dir;
  ASSERT_EQ(run_job(dir / "out").exit_code, 0);
  // The clerk numbers and dates the notice in notice.json, then renders it again.
  auto notice = nlohmann::json::parse(test::read_file(dir / "out" / "notice.json"));
  notice["letterhead"]["number"] = "1935";
  notice["letterhead"]["date"] = "2021-09-10";
  test::write_file(dir / "signed.json", notice.dump(2));
  for (const char *format : {"docx", "odt"}) {
    const fs::path written = dir / (std::string("signed.") + format);
    const auto render = test::run_command({test::cli_path().string(), "render",
                                           (dir / "signed.json").string(), "-o", written.string()});
    ASSERT_EQ(render.exit_code, 0) << render.err;
    const auto convert = test::run_command(
        {"soffice", "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
         "--convert-to", "pdf", "--outdir", (dir / format).string(), written.string()});
    ASSERT_EQ(convert.exit_code, 0) << convert.err;
    const fs::path pdf = dir / format / "signed.pdf";
    ASSERT_TRUE(fs::exists(pdf)) << convert.out << convert.err;
    const auto parse = test::run_command({test::cli_path().string(), "parse", pdf.string()});
    ASSERT_EQ(parse.exit_code, 0) << parse.err;
    const auto record = nlohmann::json::parse(parse.out);
    EXPECT_EQ(record["number_symbol"], "1935/TB-SCT") << format;
    EXPECT_EQ(record["date"], "2021-09-10") << format;
    EXPECT_EQ(record["place"], "Đồng Tháp") << format;
    EXPECT_EQ(record["doc_type"], "THÔNG BÁO") << format;
    EXPECT_EQ(record["issuer"], "SỞ CÔNG THƯƠNG") << format;
    EXPECT_EQ(record["parent_issuer"], "UBND TỈNH ĐỒNG THÁP") << format;
    EXPECT_EQ(record["subject"], notice["subject"]) << format;
    EXPECT_EQ(record["signer"]["authority"], "KT. GIÁM ĐỐC") << format;
    EXPECT_EQ(record["signer"]["title"], "PHÓ GIÁM ĐỐC") << format;
    EXPECT_EQ(record["signer"]["name"], notice["signer"]["name"]) << format;
    EXPECT_EQ(record["recipients"], notice["recipients"]) << format;
    std::vector<std::string> titles, expected_titles;
    for (const auto &appendix : record["appendices"])
      if (!appendix["title"].is_null()) titles.push_back(appendix["title"]);
    for (const auto &appendix : notice["appendices"])
      expected_titles.push_back(appendix["title"]);
    EXPECT_EQ(titles, expected_titles) << format;
  }
}

} // namespace
} // namespace vnotice
