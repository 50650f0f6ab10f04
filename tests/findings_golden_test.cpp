// The checker on the team's sample reports (issue 6, point 5): the reports are parsed from the
// committed PDFs the way `vnotice check` reads them, checked against samples/plan-2021.json, and
// the findings compared with committed golden files, for born-digital PDFs and for the same PDFs
// read by OCR only (the "scan").
//
// The inputs and the codes they are written to produce (samples/src/*.html):
//   report-2021-vanphong  clean: no finding, born-digital or scanned
//   report-2021-vanphong  given a second time: duplicate_report
//   report-2021-qltm      "Số:      /BC-QLTM" (no number): missing_field;
//                         7.326 received, 7.236 on time, none late: sum_mismatch;
//                         05 of 40 simplified "chiếm 15%": percent_mismatch;
//                         "Quyết định số 36/2017/QĐ-UBND ngày 12/6/2021": reference_year_mismatch
//   report-2021-qlcn      02 late records against the plan's records_late = 0: target_not_met
//   report-2021-kctv      dated 15/10/2021, after the period and its 30 days' grace:
//                         date_out_of_period; no "Cải cách thể chế" section (the others are
//                         renumbered, so they must match by title): missing_criterion;
//                         "không để xảy ra trễ hạn" with 01 late record: claim_contradiction
//                         (and target_not_met)
//   report-2021-unknown   from Phòng Kế hoạch - Tài chính, not in the plan: unknown_unit
//   On the scanned path, qltm's sum_mismatch and percent_mismatch are needs_review: figures of
//   a scan that contradict each other may be misread ones (OCR read "32,1%" as "32,19%" at 96 %
//   on a 150-dpi scan), so the parser marks them readings_disagree and the finding names them.
//   low_confidence        not produced by these samples: their figures are read by Tesseract at
//                         0.86-0.97 confidence even on the scanned path (a figure's confidence is
//                         its own digits', not its phrase's); CheckerTest.LowConfidence covers it
//                         with weak OCR evidence.
//
// Regenerate the golden files after an intended change with
//   VNOTICE_UPDATE_GOLDEN=1 build/tests/findings_golden_test
// and review the diff of tests/data/golden/findings/ before committing it.
#include "pipeline/check/checker.h"
#include "test_support.h"
#include "tools/job.h"

#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace vnotice {
namespace {

namespace fs = std::filesystem;

const InspectionPlan &sample_plan() {
  static const InspectionPlan plan =
      load_plan((test::source_dir() / "samples" / "plan-2021.json").string());
  return plan;
}

Record parse_sample(const std::string &name, OcrMode ocr) {
  ParseRequest request;
  request.input = test::sample_pdf(name + ".pdf");
  request.options.ocr = ocr;
  return run_parse(request).record;
}

// Each report is parsed once per path and binary (OCR takes about 10 s a report).
const Record &sample_record(const std::string &name, OcrMode ocr) {
  static std::map<std::pair<std::string, OcrMode>, Record> cache;
  const auto key = std::pair{name, ocr};
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, parse_sample(name, ocr)).first;
  return it->second;
}

std::vector<Record> sample_records(const std::vector<std::string> &names, OcrMode ocr) {
  std::vector<Record> records;
  for (const std::string &name : names)
    records.push_back(sample_record(name, ocr));
  return records;
}

// What a golden finding fixes: everything but the evidence (boxes and confidences move with the
// renderer and the OCR engine) and the folder the samples were read from.
nlohmann::ordered_json canonical(const Findings &findings) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const Finding &finding : findings.findings) {
    nlohmann::ordered_json row;
    row["code"] = finding_code_name(finding.code);
    row["severity"] = severity_name(finding.severity);
    row["unit"] = finding.unit ? nlohmann::ordered_json(*finding.unit) : nullptr;
    row["source"] = fs::path(finding.source).filename().string();
    row["criterion"] = finding.criterion ? nlohmann::ordered_json(*finding.criterion) : nullptr;
    row["message"] = finding.message;
    out.push_back(std::move(row));
  }
  return out;
}

fs::path golden_path(const std::string &name) {
  return test::source_dir() / "tests" / "data" / "golden" / "findings" / (name + ".json");
}

nlohmann::ordered_json read_golden(const std::string &name) {
  return nlohmann::ordered_json::parse(test::read_file(golden_path(name)));
}

// Compares finding by finding so a failure shows the one that differs.
void expect_matches_golden(const Findings &findings, const std::string &name) {
  const nlohmann::ordered_json actual = canonical(findings);
  if (std::getenv("VNOTICE_UPDATE_GOLDEN") != nullptr) {
    fs::create_directories(golden_path(name).parent_path());
    test::write_file(golden_path(name), actual.dump(2) + "\n");
    // An update is never a pass: review the rewritten file, then run again without the variable.
    ADD_FAILURE() << golden_path(name) << " rewritten; review it and run again without "
                  << "VNOTICE_UPDATE_GOLDEN";
    return;
  }
  const nlohmann::ordered_json expected = read_golden(name);
  for (size_t i = 0; i < std::max(actual.size(), expected.size()); ++i)
    EXPECT_EQ(i < actual.size() ? actual[i].dump(2) : "(none)",
              i < expected.size() ? expected[i].dump(2) : "(none)")
        << name << ": finding " << i;
}

std::string dump(const Findings &findings) { return canonical(findings).dump(2); }

// Plan order, then the unknown unit, then the vanphong report again as a duplicate.
const std::vector<std::string> kBornDigital = {"report-2021-vanphong", "report-2021-qltm",
                                               "report-2021-qlcn",     "report-2021-kctv",
                                               "report-2021-unknown",  "report-2021-vanphong"};
// OCR is slow: the clean report and the one with the most planted defects.
const std::vector<std::string> kScanned = {"report-2021-vanphong", "report-2021-qltm"};

TEST(FindingsGoldenTest, BornDigitalReportsGiveTheGoldenFindings) {
  const CheckResult result =
      check_records(sample_plan(), sample_records(kBornDigital, OcrMode::never));
  expect_matches_golden(result.findings, "born-digital");
  // The duplicate is the second copy, and it is the only finding the copy gets.
  ASSERT_EQ(result.assignments.size(), kBornDigital.size());
  EXPECT_FALSE(result.assignments.front().report.duplicate);
  EXPECT_TRUE(result.assignments.back().report.duplicate);
}

// Batches write findings.json piece by piece; it must be the very bytes of the JSON tree's dump,
// for findings with every kind of content and for none at all.
TEST(FindingsGoldenTest, StreamedFindingsJsonIsByteIdenticalToTheTreeDump) {
  test::TempDir dir;
  const CheckResult full =
      check_records(sample_plan(), sample_records(kBornDigital, OcrMode::never));
  const CheckResult clean =
      check_records(sample_plan(), {sample_record("report-2021-vanphong", OcrMode::never)});
  Findings empty;
  for (const Findings *findings :
       {&full.findings, &clean.findings, static_cast<const Findings *>(&empty)}) {
    {
      AtomicFileWriter out(dir / "findings.json");
      write_json(*findings, out);
      out.commit();
    }
    EXPECT_EQ(test::read_file(dir / "findings.json"), to_json(*findings).dump(2) + "\n");
  }
  EXPECT_FALSE(full.findings.findings.empty());
}

TEST(FindingsGoldenTest, CleanReportAloneHasNoFinding) {
  const CheckResult result =
      check_records(sample_plan(), {sample_record("report-2021-vanphong", OcrMode::never)});
  EXPECT_TRUE(result.findings.findings.empty()) << dump(result.findings);
  ASSERT_EQ(result.assignments.size(), 1u);
  EXPECT_EQ(result.assignments[0].report.unit, "vp");
}

TEST(FindingsGoldenTest, ScannedReportsGiveTheGoldenFindings) {
  const CheckResult result =
      check_records(sample_plan(), sample_records(kScanned, OcrMode::always));
  for (const Record &record : sample_records(kScanned, OcrMode::always))
    EXPECT_EQ(record.source.method, "ocr") << record.source.file;
  expect_matches_golden(result.findings, "scanned");
}

TEST(FindingsGoldenTest, CleanReportStaysCleanWhenScanned) {
  const CheckResult result =
      check_records(sample_plan(), {sample_record("report-2021-vanphong", OcrMode::always)});
  EXPECT_TRUE(result.findings.findings.empty()) << dump(result.findings);
}

// Every code FindingCode has, taken from the enum itself: finding_code_name switches over all of
// them (the compiler's -Wswitch warns when one is left out) and names no other value.
std::vector<std::string> all_finding_codes() {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    const std::string_view name = finding_code_name(static_cast<FindingCode>(i));
    if (name == "unknown") return out;
    out.emplace_back(name);
  }
}

TEST(FindingsGoldenTest, EveryFindingCodeIsCoveredAndInTheSchema) {
  // The tests above keep the golden files equal to what the checker says; this one keeps the
  // samples covering every check. A code the samples cannot raise is named here with the test
  // that raises it, so a new code fails until it is covered somewhere.
  const std::map<std::string, std::string> covered_elsewhere = {
      {"aggregate_mismatch", "CheckerTest.AnAggregateDifferentFromTheSumOfTheUnitsNeedsReview"},
      {"low_confidence", "CheckerTest.LowConfidence"},
  };
  std::set<std::string> seen;
  for (const char *name : {"born-digital", "scanned"})
    for (const auto &finding : read_golden(name))
      seen.insert(finding["code"].get<std::string>());
  const std::vector<std::string> codes = all_finding_codes();
  ASSERT_GE(codes.size(), 12u);
  for (const std::string &code : codes)
    EXPECT_TRUE(seen.count(code) || covered_elsewhere.count(code))
        << code << " is raised by no golden sample and by no test named here";
  for (const auto &[code, where] : covered_elsewhere)
    EXPECT_FALSE(seen.count(code)) << code << " is in the golden set now; drop it from the list";

  const nlohmann::json schema = nlohmann::json::parse(
      test::read_file(test::source_dir() / "schemas" / "findings.schema.json"));
  std::vector<std::string> in_schema;
  std::function<void(const nlohmann::json &)> find = [&](const nlohmann::json &node) {
    if (node.is_object()) {
      if (node.contains("code") && node["code"].contains("enum"))
        in_schema = node["code"]["enum"].get<std::vector<std::string>>();
      for (const auto &[key, value] : node.items())
        find(value);
    } else if (node.is_array()) {
      for (const auto &value : node)
        find(value);
    }
  };
  find(schema);
  EXPECT_EQ(in_schema, codes) << "schemas/findings.schema.json's code enum, in FindingCode order";
}

} // namespace
} // namespace vnotice
