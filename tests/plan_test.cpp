// The inspection plan file: the sample loads into the model and conforms to
// schemas/plan.schema.json; a wrong plan gives one line naming the JSON path and what was
// expected there.
#include "pipeline/check/plan.h"
#include "pipeline/error.h"
#include "test_support.h"

#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace vnotice {
namespace {

const std::string kSample = (test::source_dir() / "samples" / "plan-2021.json").string();

nlohmann::json sample_json() { return nlohmann::json::parse(test::read_file(kSample)); }

// Loads the sample changed by `edit` and returns the one-line error (empty when it loaded).
std::string error_of(const std::function<void(nlohmann::json &)> &edit) {
  nlohmann::json json = sample_json();
  edit(json);
  try {
    plan_from_json(json, "plan.json");
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_damaged);
    return error.one_line();
  }
  return "";
}

TEST(PlanTest, SampleLoadsTheRoundOf2021) {
  const InspectionPlan plan = load_plan(kSample);
  EXPECT_EQ(plan.number_symbol, "2532/KH-SCT");
  EXPECT_EQ(plan.date, "2020-12-31");
  EXPECT_EQ(plan.issuer.parent_issuer, "UBND TỈNH ĐỒNG THÁP");
  EXPECT_EQ(plan.issuer.issuer, "SỞ CÔNG THƯƠNG");
  EXPECT_EQ(plan.issuer.issuer_name, "Sở Công Thương");
  EXPECT_EQ(plan.period.from, "2021-01-01");
  EXPECT_EQ(plan.period.to, "2021-08-31");
  ASSERT_TRUE(plan.request);
  EXPECT_EQ(plan.request->number_symbol, "1820/SCT-VP");
  EXPECT_EQ(plan.request->date, "2021-08-27");

  ASSERT_EQ(plan.units.size(), 4u);
  EXPECT_EQ(plan.units[0].name, "Văn phòng Sở");
  EXPECT_EQ(plan.units[0].short_names, std::vector<std::string>{"VP"});
  EXPECT_EQ(plan.units[3].short_names, std::vector<std::string>{"KC&TVPTCN"});
  EXPECT_EQ(plan.units[3].aliases, std::vector<std::string>{"Trung tâm Khuyến công"});
  EXPECT_EQ(plan.unit_index("qlcn"), 2u);
  EXPECT_EQ(plan.unit_index("nope"), 4u);

  std::vector<std::string> paths;
  for (const PlanCriterion *criterion : plan.flat_criteria())
    paths.push_back(criterion->path);
  EXPECT_EQ(paths, (std::vector<std::string>{"1", "2", "2.1", "2.2", "2.2.a", "2.2.b", "2.2.c",
                                             "2.2.d", "2.2.e", "2.3", "2.4", "2.5", "2.6"}));
  const PlanCriterion &one_stop = plan.criteria[1].children[1].children[1];
  EXPECT_EQ(one_stop.label, "b");
  EXPECT_EQ(one_stop.metrics, (std::vector<std::string>{"records_received", "records_on_time",
                                                        "records_late", "records_online"}));

  ASSERT_EQ(plan.targets.size(), 3u);
  EXPECT_EQ(plan.targets[0].metric, "simplification_rate_pct");
  EXPECT_EQ(plan.targets[0].comparison, Comparison::at_least);
  EXPECT_EQ(plan.targets[0].value, 10);
  EXPECT_EQ(plan.targets[1].comparison, Comparison::equal);
  EXPECT_DOUBLE_EQ(plan.tolerances.percent_points, 1.0);
  EXPECT_DOUBLE_EQ(plan.tolerances.min_confidence, 0.6);

  EXPECT_EQ(plan.notice.symbol, "TB-SCT");
  EXPECT_FALSE(plan.notice.number_symbol);
  EXPECT_EQ(plan.notice.place, "Đồng Tháp");
  EXPECT_EQ(plan.notice.signer.authority, "KT. GIÁM ĐỐC");
  EXPECT_EQ(plan.notice.signer.title, "PHÓ GIÁM ĐỐC");
  EXPECT_FALSE(plan.notice.recipients.empty());
}

TEST(PlanTest, SampleConformsToTheSchemaAndTheSchemaRefusesWrongPlans) {
  test::TempDir dir;
  const std::string bad = (dir / "bad.json").string();
  nlohmann::json json = sample_json();
  json["targets"][0]["comparison"] = "=>";
  test::write_file(bad, json.dump());
  const std::vector<std::string> command{
      "/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
      (test::source_dir() / "schemas" / "plan.schema.json").string(), kSample};
  const auto valid = test::run_command(command);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;

  auto with_bad = command;
  with_bad.push_back(bad);
  const auto invalid = test::run_command(with_bad);
  EXPECT_EQ(invalid.exit_code, 1);
  EXPECT_NE(invalid.out.find("$.targets[0].comparison"), std::string::npos) << invalid.out;
}

TEST(PlanTest, DefaultsApplyWhenOptionalPartsAreLeftOut) {
  nlohmann::json json = sample_json();
  json.erase("tolerances");
  json.erase("targets");
  json.erase("request");
  json["period"].erase("grace_days");
  json["criteria"][0].erase("required");
  json["notice"].erase("symbol");
  json["notice"]["number_symbol"] = "1935/TB-SCT";
  const InspectionPlan plan = plan_from_json(json, "plan.json");
  EXPECT_DOUBLE_EQ(plan.tolerances.percent_points, 1.0);
  EXPECT_DOUBLE_EQ(plan.tolerances.min_confidence, 0.6);
  EXPECT_TRUE(plan.targets.empty());
  EXPECT_FALSE(plan.request);
  EXPECT_EQ(plan.period.grace_days, 0);
  EXPECT_TRUE(plan.criteria[0].required);
  EXPECT_EQ(plan.notice.symbol, "TB-SCT"); // from number_symbol
}

TEST(PlanTest, WrongTypeNamesThePath) {
  EXPECT_EQ(error_of([](auto &j) { j["units"][1]["aliases"] = "Phòng Thương mại"; }),
            "plan.json: at units[1].aliases: expected a list, found a text");
  EXPECT_EQ(error_of([](auto &j) { j["targets"][2]["value"] = "95"; }),
            "plan.json: at targets[2].value: expected a number, found a text");
  EXPECT_EQ(error_of([](auto &j) { j["criteria"][1]["children"][0]["required"] = "yes"; }),
            "plan.json: at criteria[1].children[0].required: expected true or false, found a text");
  EXPECT_EQ(error_of([](auto &j) { j["units"] = nlohmann::json::object(); }),
            "plan.json: at units: expected a list, found an object");
}

TEST(PlanTest, MissingKeyNamesThePath) {
  EXPECT_EQ(error_of([](auto &j) { j["period"].erase("to"); }),
            "plan.json: at period: the required key \"to\" is missing");
  EXPECT_EQ(error_of([](auto &j) { j["units"][2].erase("name"); }),
            "plan.json: at units[2]: the required key \"name\" is missing");
  EXPECT_EQ(error_of([](auto &j) { j.erase("notice"); }),
            "plan.json: at the top level: the required key \"notice\" is missing");
  EXPECT_EQ(error_of([](auto &j) { j["notice"].erase("symbol"); }),
            "plan.json: at notice: expected \"symbol\" (e.g. \"TB-SCT\") or \"number_symbol\" "
            "(e.g. \"1935/TB-SCT\") for the notice");
}

TEST(PlanTest, UnknownKeyNamesThePath) {
  EXPECT_EQ(error_of([](auto &j) { j["units"][0]["alias"] = nlohmann::json::array(); }),
            "plan.json: at units[0].alias: unknown key (a typo?); remove it or correct its name");
  EXPECT_EQ(error_of([](auto &j) { j["tolerances"]["percent"] = 2; }),
            "plan.json: at tolerances.percent: unknown key (a typo?); remove it or correct its "
            "name");
}

TEST(PlanTest, BadComparisonNamesThePath) {
  EXPECT_EQ(error_of([](auto &j) { j["targets"][0]["comparison"] = "=>"; }),
            "plan.json: at targets[0].comparison: expected one of \">=\", \"<=\", \"=\", \">\", "
            "\"<\", found \"=>\"");
}

TEST(PlanTest, BadDateNamesThePath) {
  EXPECT_EQ(error_of([](auto &j) { j["period"]["from"] = "2021-02-30"; }),
            "plan.json: at period.from: expected a date as YYYY-MM-DD (e.g. \"2021-08-31\"), "
            "found \"2021-02-30\"");
  EXPECT_EQ(error_of([](auto &j) { j["date"] = "31/12/2020"; }),
            "plan.json: at date: expected a date as YYYY-MM-DD (e.g. \"2021-08-31\"), found "
            "\"31/12/2020\"");
  EXPECT_EQ(error_of([](auto &j) { j["period"]["to"] = "2020-08-31"; }),
            "plan.json: at period.to: the period ends (2020-08-31) before it starts (2021-01-01)");
}

TEST(PlanTest, InconsistentPlansAreRefused) {
  EXPECT_NE(error_of([](auto &j) { j["targets"][1]["metric"] = "records_lat"; })
                .find("plan.json: at targets[1].metric: unknown metric \"records_lat\"; expected "
                      "one of records_received,"),
            std::string::npos);
  EXPECT_EQ(error_of([](auto &j) { j["units"][1]["id"] = "vp"; }),
            "plan.json: at units[1].id: the unit id \"vp\" is used twice; ids must be unique");
  EXPECT_EQ(error_of([](auto &j) {
              j["targets"][0]["units"] = nlohmann::json::array({"qlcn", "kcn"});
            }),
            "plan.json: at targets[0].units[1]: no unit has the id \"kcn\"; expected one of the "
            "ids in \"units\"");
  EXPECT_EQ(error_of([](auto &j) { j["criteria"][1]["children"][1]["label"] = "2.1"; }),
            "plan.json: at criteria[1].children[1].label: the criterion 2.1 is listed twice; "
            "labels must be unique");
  EXPECT_EQ(error_of([](auto &j) { j["notice"]["number_symbol"] = "1935/TB-UBND"; }),
            "plan.json: at notice.symbol: \"TB-SCT\" does not match number_symbol "
            "\"1935/TB-UBND\"");
  EXPECT_EQ(error_of([](auto &j) { j["schema_version"] = 2; }),
            "plan.json: at schema_version: expected 1, the plan format this vnotice reads");
  EXPECT_EQ(error_of([](auto &j) { j["units"] = nlohmann::json::array(); }),
            "plan.json: at units: expected at least one unit to inspect");
  EXPECT_EQ(error_of([](auto &j) { j["units"][0]["name"] = " "; }),
            "plan.json: at units[0].name: expected a non-empty text, found an empty one");
}

// --- figures the plan names (issue 20, point 3) and the aggregate unit ---------------------------

// The sample with a figure under 2.2.b the parser's vocabulary does not have, named by the
// criterion and by a target.
nlohmann::json with_figures() {
  nlohmann::json json = sample_json();
  nlohmann::json &one_stop = json["criteria"][1]["children"][1]["children"][1];
  one_stop["figures"] = nlohmann::json::parse(R"([
    {"key": "records_postal", "unit": "records",
     "patterns": ["qua (?:dịch vụ )?bưu chính(?: công ích)?:? {n}", {"re": "không có hồ sơ qua bưu chính", "value": 0}],
     "columns": ["Bưu chính"]},
    {"key": "records_online", "unit": "records", "patterns": ["nộp trực tuyến là {n}"]}
  ])");
  one_stop["metrics"].push_back("records_postal");
  json["targets"].push_back({{"metric", "records_postal"}, {"comparison", ">="}, {"value", 1}});
  return json;
}

std::string figures_error(const std::function<void(nlohmann::json &)> &edit) {
  return error_of([&edit](nlohmann::json &json) {
    json = with_figures();
    edit(json["criteria"][1]["children"][1]["children"][1]["figures"]);
  });
}

TEST(PlanTest, FiguresAreLoadedAndCollectedForTheParser) {
  const InspectionPlan plan = plan_from_json(with_figures(), "plan.json");
  const std::vector<FigureSpec> specs = plan.figure_specs();
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].key, "records_postal");
  EXPECT_EQ(specs[0].unit, "records");
  ASSERT_EQ(specs[0].patterns.size(), 2u);
  // Accented words are folded, as the text they are matched on.
  EXPECT_EQ(specs[0].patterns[0].re, "qua (?:dich vu )?buu chinh(?: cong ich)?:? {n}");
  EXPECT_FALSE(specs[0].patterns[0].value);
  EXPECT_EQ(specs[0].patterns[1].value, 0.0);
  EXPECT_EQ(specs[0].columns, std::vector<std::string>{"buu chinh"});
  EXPECT_EQ(specs[1].key, "records_online"); // more phrasings of a known figure
  EXPECT_EQ(plan.targets.back().metric, "records_postal");
  EXPECT_TRUE(sample_json()["criteria"][1]["children"][1]["children"][1].contains("metrics"));
  EXPECT_TRUE(load_plan(kSample).figure_specs().empty());

  // The schema takes it too.
  test::TempDir dir;
  test::write_file(dir / "plan.json", with_figures().dump());
  const auto result = test::run_command(
      {"/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
       (test::source_dir() / "schemas" / "plan.schema.json").string(),
       (dir / "plan.json").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

TEST(PlanTest, ABadFigureIsRefusedWithItsPath) {
  const std::string at = "plan.json: at criteria[1].children[1].children[1].figures[0]";
  EXPECT_EQ(figures_error([](auto &f) { f[0]["patterns"][0] = "qua buu chinh"; }),
            at + ".patterns[0]: expected exactly one {n} where the figure stands (or an object "
                 "{\"re\": ..., \"value\": ...} for a fixed value), found 0");
  EXPECT_EQ(figures_error([](auto &f) { f[0]["patterns"][0] = "qua (buu chinh) {n}"; }),
            at + ".patterns[0]: the pattern has a group of its own; write (?:...) instead of "
                 "(...)");
  EXPECT_EQ(figures_error([](auto &f) {
              f[0]["patterns"][0] = "qua (?:buu chinh {n}";
            }).rfind(at + ".patterns[0]: not a valid RE2 expression: ", 0),
            0u);
  EXPECT_EQ(figures_error([](auto &f) { f[0]["patterns"][1]["re"] = "khong co {n}"; }),
            at + ".patterns[1].re: a pattern with a fixed \"value\" takes no figure: remove {n}");
  EXPECT_EQ(figures_error([](auto &f) { f[0]["patterns"] = nlohmann::json::array(); }),
            at + ".patterns: expected at least one pattern");
  EXPECT_EQ(figures_error([](auto &f) { f[0]["key"] = "Records Postal"; }),
            at + ".key: expected a key of lower-case letters, digits and _ starting with a letter "
                 "(e.g. \"records_online\"), found \"Records Postal\"");
  EXPECT_EQ(figures_error([](auto &f) { f[1]["key"] = "records_postal"; }),
            "plan.json: at criteria[1].children[1].children[1].figures[1].key: the figure "
            "\"records_postal\" is defined twice; define it once");
  EXPECT_EQ(figures_error([](auto &f) { f[0]["colums"] = nlohmann::json::array(); }),
            at + ".colums: unknown key (a typo?); remove it or correct its name");
  // A key neither known nor defined is still refused, in a criterion and in a target.
  EXPECT_NE(error_of([](auto &j) {
              j["criteria"][1]["children"][1]["children"][1]["metrics"].push_back("records_postal");
            })
                .find("at criteria[1].children[1].children[1].metrics[4]: unknown metric "
                      "\"records_postal\""),
            std::string::npos);
  EXPECT_NE(figures_error([](auto &f) { f.erase(0); }).find("unknown metric \"records_postal\""),
            std::string::npos);
}

TEST(PlanTest, AUnitMayBeMarkedAsTheAggregate) {
  nlohmann::json json = sample_json();
  json["units"][0]["aggregate"] = true;
  const InspectionPlan plan = plan_from_json(json, "plan.json");
  EXPECT_TRUE(plan.units[0].aggregate);
  EXPECT_FALSE(plan.units[1].aggregate);
  EXPECT_EQ(error_of([](auto &j) { j["units"][0]["aggregate"] = "yes"; }),
            "plan.json: at units[0].aggregate: expected true or false, found a text");
}

TEST(PlanTest, FilesThatCannotBeReadOrParsed) {
  test::TempDir dir;
  try {
    load_plan((dir / "absent.json").string());
    ADD_FAILURE() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_missing);
  }
  const std::string broken = (dir / "broken.json").string();
  test::write_file(broken, "{\n  \"schema_version\": 1,\n  \"units\": [\n}\n");
  try {
    load_plan(broken);
    ADD_FAILURE() << "no error";
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_damaged);
    EXPECT_NE(error.one_line().find("not valid JSON near line 4"), std::string::npos)
        << error.one_line();
  }
}

TEST(PlanTest, DatesAndComparisons) {
  EXPECT_EQ(iso_day_number("1970-01-01"), 0);
  EXPECT_EQ(*iso_day_number("2021-09-30") - *iso_day_number("2021-08-31"), 30);
  EXPECT_TRUE(iso_day_number("2020-02-29"));
  EXPECT_FALSE(iso_day_number("2021-02-29"));
  EXPECT_FALSE(iso_day_number("2021-13-01"));
  EXPECT_FALSE(iso_day_number("2021-1-01"));
  EXPECT_EQ(vietnamese_date("2021-08-31"), "31/08/2021");
  EXPECT_TRUE(compare(95.0 - 1e-9, Comparison::at_least, 95));
  EXPECT_FALSE(compare(94.9, Comparison::at_least, 95));
  EXPECT_TRUE(compare(0, Comparison::equal, 0));
  EXPECT_FALSE(compare(2, Comparison::equal, 0));
  EXPECT_TRUE(compare(3, Comparison::less, 4));
  EXPECT_EQ(metric_words("records_late"), "số hồ sơ trễ hạn");
  EXPECT_TRUE(is_known_metric("on_time_rate_pct"));
  EXPECT_FALSE(is_known_metric("on_time_rate"));
}

} // namespace
} // namespace vnotice
