// The Notice model and what users get from it: its JSON form (checked against
// schemas/notice.schema.json) and the Decree 30 wording, then the DOCX and ODT files converted
// to PDF by LibreOffice and read back with pdftotext/pdfinfo, and `vnotice render`. The files'
// XML itself: notice_writer_test.cpp.
#include "generators/docx_writer.h"
#include "generators/notice_text.h"
#include "generators/odt_writer.h"
#include "generators/xml_writer.h"
#include "notice_test_support.h"
#include "pipeline/error.h"
#include "pipeline/notice.h"
#include "pipeline/vietnamese_text.h"
#include "test_support.h"
#include "tools/render_job.h"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace vnotice {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

using test::sample_notice;
using test::sample_notice_path;

// ---------------------------------------------------------------------------------------------
// The model and its JSON form.

TEST(NoticeJson, SampleRoundTripsAndMatchesTheSchema) {
  const Notice notice = sample_notice();
  EXPECT_EQ(notice.letterhead.number, "215");
  ASSERT_TRUE(notice.letterhead.date);
  EXPECT_EQ(*notice.letterhead.date, (CalendarDate{2021, 11, 5}));
  EXPECT_EQ(notice.appendices.size(), 2u);

  const Json json = to_json(notice);
  EXPECT_EQ(to_json(notice_from_json(json)), json);
  // The committed sample is exactly what to_json writes (so it is also the canonical form).
  EXPECT_EQ(json, Json::parse(test::read_file(sample_notice_path())));

  test::TempDir dir;
  test::write_file(dir / "written.json", json.dump(1));
  const test::CommandResult result = test::run_command(
      {"/usr/bin/python3", (test::source_dir() / "tests" / "validate_json.py").string(),
       (test::source_dir() / "schemas" / "notice.schema.json").string(),
       sample_notice_path().string(), (dir / "written.json").string()});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
}

struct BadCase {
  std::string what;
  std::function<void(Json &)> damage;
  std::string path;
  ExitCode code = ExitCode::input_damaged;
};

TEST(NoticeJson, BadFilesNameTheJsonPathAndWhatWasExpected) {
  const std::vector<BadCase> cases = {
      {"unknown style", [](Json &j) { j["body"][1]["style"] = "heading9"; }, "body[1].style"},
      {"missing name", [](Json &j) { j["signer"].erase("name"); },
       "at signer: the required key \"name\" is missing"},
      {"short row", [](Json &j) { j["appendices"][0]["body"][1]["rows"][2].erase(1); },
       "appendices[0].body[1].rows[2]"},
      {"bad date", [](Json &j) { j["letterhead"]["date"] = "2021-02-30"; }, "letterhead.date"},
      {"typo", [](Json &j) { j["subjcet"] = "x"; }, "subjcet"},
      {"number", [](Json &j) { j["letterhead"]["number"] = 215; }, "letterhead.number"},
      {"year", [](Json &j) { j["letterhead"]["year"] = 2020; }, "letterhead.year"},
      {"kind", [](Json &j) { j["body"][0]["kind"] = "image"; }, "body[0].kind"},
      {"version", [](Json &j) { j["schema_version"] = 2; }, "schema_version",
       ExitCode::input_unsupported},
  };
  for (const BadCase &bad : cases) {
    Json json = to_json(sample_notice());
    bad.damage(json);
    try {
      (void)notice_from_json(json, "notice.json");
      ADD_FAILURE() << bad.what << ": accepted";
    } catch (const Error &e) {
      EXPECT_EQ(e.code(), bad.code) << bad.what;
      EXPECT_NE(e.one_line().find(bad.path), std::string::npos) << bad.what << ": " << e.one_line();
      EXPECT_TRUE(e.one_line().starts_with("notice.json: ")) << e.one_line();
      EXPECT_EQ(e.one_line().find('\n'), std::string::npos) << e.one_line();
    }
  }
  try {
    (void)parse_notice_json("{\n \"schema_version\": 1,\n}", "x.json");
    ADD_FAILURE() << "syntax error accepted";
  } catch (const Error &e) {
    EXPECT_EQ(e.code(), ExitCode::input_damaged);
    EXPECT_NE(e.one_line().find("line 3"), std::string::npos) << e.one_line();
  }
}

TEST(NoticeText, DecreeWording) {
  Letterhead head{"UBND TỈNH ĐỒNG THÁP", "SỞ CÔNG THƯƠNG",         "5", "TB-SCT",
                  "Đồng Tháp",           CalendarDate{2021, 9, 6}, 2021};
  EXPECT_EQ(number_line(head), "Số: 05/TB-SCT");
  EXPECT_EQ(place_date_line(head), "Đồng Tháp, ngày 06 tháng 9 năm 2021");
  head.date = CalendarDate{2022, 2, 14};
  EXPECT_EQ(date_words(head), "ngày 14 tháng 02 năm 2022");
  head.date = CalendarDate{2021, 12, 1};
  EXPECT_EQ(date_words(head), "ngày 01 tháng 12 năm 2021");
  head.number = "1935";
  EXPECT_EQ(number_and_symbol(head), "1935/TB-SCT");
  head.number.reset();
  head.date.reset();
  EXPECT_EQ(number_line(head), "Số:       /TB-SCT");
  EXPECT_EQ(date_words(head), "ngày      tháng      năm 2021");
  EXPECT_EQ(recipient_lines({"Lãnh đạo Sở", "- Các Phòng;", "Lưu: VT, VP."}),
            (std::vector<std::string>{"- Lãnh đạo Sở;", "- Các Phòng;", "- Lưu: VT, VP."}));
  EXPECT_EQ(sentence_case("THÔNG BÁO"), "Thông báo");
  EXPECT_EQ(appendix_reference(sample_notice()),
            "(Kèm theo Thông báo số 215/TB-STP ngày 05 tháng 11 năm 2021 của Sở Tư pháp)");
}

TEST(NoticeText, ForbiddenXmlCharactersAreRemoved) {
  EXPECT_EQ(remove_xml_forbidden("a\x01"
                                 "b\tc\n\x1F"
                                 "d"),
            "ab\tc\nd");
  EXPECT_EQ(remove_xml_forbidden("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");  // U+FFFE, U+FFFF
  EXPECT_EQ(remove_xml_forbidden("ư\xED\xA0\x80ơ"), "ươ");                // lone surrogate
  EXPECT_EQ(remove_xml_forbidden("\xC3(\xE2\x82\xF0\x9F\x98\x80"), "(😀"); // invalid, emoji ok
  EXPECT_EQ(remove_xml_forbidden("\xC0\xAF"), "");                        // overlong
}

// ---------------------------------------------------------------------------------------------
// Both writers' files in LibreOffice.

// One LibreOffice run converts both files; pdftotext and pdfinfo read the PDFs back.
TEST(NoticeWriters, LibreOfficeRendersBothAsTheDecreeAsks) {
  const Notice notice = sample_notice();
  test::TempDir dir;
  test::write_file(dir / "notice-docx.docx", write_notice_docx(notice));
  test::write_file(dir / "notice-odt.odt", write_notice_odt(notice));
  const test::CommandResult office = test::run_command(
      {"soffice", "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
       "--norestore", "--convert-to", "pdf", "--outdir", dir.path().string(),
       (dir / "notice-docx.docx").string(), (dir / "notice-odt.odt").string()});
  ASSERT_EQ(office.exit_code, 0) << office.err;

  const auto squash = [](const std::string &text) {
    std::string out;
    std::istringstream in(text);
    std::string word;
    while (in >> word)
      out += (out.empty() ? "" : " ") + word;
    return out;
  };
  for (const char *name : {"notice-docx", "notice-odt"}) {
    const std::string pdf = (dir / (std::string(name) + ".pdf")).string();
    ASSERT_TRUE(fs::exists(pdf)) << name << ": " << office.out << office.err;
    const test::CommandResult info = test::run_command({"pdfinfo", pdf});
    EXPECT_NE(info.out.find("(A4)"), std::string::npos) << name << info.out;
    const test::CommandResult text = test::run_command({"pdftotext", "-enc", "UTF-8", pdf, "-"});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    const std::string all = squash(text.out);
    for (const std::string &expected :
         {std::string("Số: 215/TB-STP"), std::string("Vĩnh Long, ngày 05 tháng 11 năm 2021"),
          notice.doc_type, squash(notice.subject), notice.signer.name, std::string("Phụ lục I"),
          notice.appendices[0].title, std::string("Phụ lục II"), notice.appendices[1].title,
          appendix_reference(notice), std::string("- Lưu: VT, VP.")})
      EXPECT_NE(all.find(expected), std::string::npos) << name << ": no \"" << expected << "\"";

    // Page 1 has no number in its top margin; page 2 starts with "2".
    const auto first_line = [&](int page) {
      const test::CommandResult one =
          test::run_command({"pdftotext", "-enc", "UTF-8", "-f", std::to_string(page), "-l",
                             std::to_string(page), pdf, "-"});
      std::istringstream in(one.out);
      std::string line;
      while (std::getline(in, line))
        if (!squash(line).empty()) return squash(line);
      return std::string();
    };
    EXPECT_EQ(first_line(1), "UBND TỈNH VĨNH LONG") << name; // not a page number
    EXPECT_EQ(first_line(2), "2") << name;
  }
}

// The main job's notice for the sample reports ends its body near the foot of page 3: the
// signature block (Nơi nhận and the signer) must take the closing sentence with it to page 4,
// never stand there alone.
TEST(NoticeWriters, TheSignatureBlockNeverStandsAloneOnAPage) {
  test::TempDir run;
  std::vector<std::string> command{test::cli_path().string(),
                                   "run",
                                   "--plan",
                                   (test::source_dir() / "samples" / "plan-2021.json").string(),
                                   "-o",
                                   (run / "out").string()};
  for (const char *report : {"vanphong", "qlcn", "qltm", "kctv", "unknown"})
    command.push_back(test::sample_pdf(std::string("report-2021-") + report + ".pdf").string());
  const test::CommandResult job = test::run_command(command);
  ASSERT_EQ(job.exit_code, 0) << job.err;
  const fs::path json = run / "out" / "notice.json";
  const Notice notice = parse_notice_json(test::read_file(json), json.string());
  const auto *last = std::get_if<Paragraph>(&notice.body.back());
  ASSERT_NE(last, nullptr);
  const std::string closing_words = last->text.substr(0, last->text.find(' ', 20));
  test::TempDir dir;
  test::write_file(dir / "sample-docx.docx", write_notice_docx(notice));
  test::write_file(dir / "sample-odt.odt", write_notice_odt(notice));
  const test::CommandResult office = test::run_command(
      {"soffice", "-env:UserInstallation=file://" + (dir / "profile").string(), "--headless",
       "--norestore", "--convert-to", "pdf", "--outdir", dir.path().string(),
       (dir / "sample-docx.docx").string(), (dir / "sample-odt.odt").string()});
  ASSERT_EQ(office.exit_code, 0) << office.err;
  for (const char *name : {"sample-docx", "sample-odt"}) {
    const std::string pdf = (dir / (std::string(name) + ".pdf")).string();
    bool found = false;
    for (int page = 1; page <= 10 && !found; ++page) {
      const test::CommandResult text =
          test::run_command({"pdftotext", "-enc", "UTF-8", "-f", std::to_string(page), "-l",
                             std::to_string(page), pdf, "-"});
      if (text.exit_code != 0 || text.out.find("Nơi nhận:") == std::string::npos) continue;
      found = true;
      EXPECT_NE(text.out.find(closing_words), std::string::npos)
          << name << ": page " << page << " has the signature block without \"" << closing_words
          << "\"";
    }
    EXPECT_TRUE(found) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// `vnotice render`.

TEST(RenderCommand, WritesBothFormatsAndReportsBadNotices) {
  test::TempDir dir;
  const Notice notice = sample_notice();
  for (const char *output : {"out.docx", "out.ODT"}) {
    const test::CommandResult result =
        test::run_command({test::cli_path().string(), "render", sample_notice_path().string(), "-o",
                           (dir / output).string()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
  }
  EXPECT_EQ(test::read_file(dir / "out.docx"), write_notice_docx(notice));
  EXPECT_EQ(test::read_file(dir / "out.ODT"), write_notice_odt(notice));

  const test::CommandResult forced =
      test::run_command({test::cli_path().string(), "render", sample_notice_path().string(), "-o",
                         (dir / "out.bin").string(), "--format", "odt"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(test::read_file(dir / "out.bin"), write_notice_odt(notice));

  const test::CommandResult unknown =
      test::run_command({test::cli_path().string(), "render", sample_notice_path().string(), "-o",
                         (dir / "out.pdf").string()});
  EXPECT_EQ(unknown.exit_code, static_cast<int>(ExitCode::usage));
  EXPECT_NE(unknown.err.find(".docx or .odt"), std::string::npos) << unknown.err;
  EXPECT_FALSE(fs::exists(dir / "out.pdf"));

  Json json = to_json(notice);
  json["body"][2]["style"] = "bold";
  test::write_file(dir / "bad.json", json.dump(1));
  const test::CommandResult bad =
      test::run_command({test::cli_path().string(), "render", (dir / "bad.json").string(), "-o",
                         (dir / "bad.docx").string()});
  EXPECT_EQ(bad.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
  EXPECT_NE(bad.err.find((dir / "bad.json").string()), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("body[2].style"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(dir / "bad.docx"));

  const test::CommandResult missing =
      test::run_command({test::cli_path().string(), "render", (dir / "none.json").string(), "-o",
                         (dir / "none.docx").string()});
  EXPECT_EQ(missing.exit_code, static_cast<int>(ExitCode::input_missing)) << missing.err;
}
} // namespace
} // namespace vnotice
