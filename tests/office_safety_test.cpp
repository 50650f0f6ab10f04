// DOCX and ODT packages that are hostile or broken (ZIP bombs, deep or huge XML, entities,
// missing parts, passwords, too many words) must be refused safely: quickly, with one line naming
// the limit or the damage, and without libxml2's own diagnostics.
#include "extractors/office_extractor.h"
#include "extractors/office_package.h"
#include "extractors/registry.h"
#include "office_test_support.h"
#include "pipeline/error.h"
#include "pipeline/input_file.h"
#include "test_support.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <zip.h>
namespace vnotice {
namespace {

using test::docx_document;
using test::kWordNs;
using test::make_docx;
using test::make_odt;
using test::make_package;
using test::odt_content;

namespace fs = std::filesystem;

void expect_error(const std::function<void()> &read, ExitCode code, const std::string &reason) {
  try {
    read();
    ADD_FAILURE() << "no error; expected " << exit_code_name(code);
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), code) << error.what();
    EXPECT_NE(std::string(error.what()).find(reason), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find('\n'), std::string::npos) << error.what();
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(OfficeSafetyTest, ZipBombIsRefusedQuickly) {
  test::TempDir dir;
  const std::string spaces(size_t{20} * 1024 * 1024, ' ');
  const InputFile bomb = make_docx(dir / "bomb.docx", docx_document(spaces));
  ASSERT_LT(bomb.bytes.size(), 100u * 1024); // 20 MB deflate to a few KB
  ExtractOptions options;
  options.limits.max_unpacked_bytes = 1024LL * 1024;
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(bomb, options); }, ExitCode::limit_exceeded,
               "raise the limit with --max-unpacked-mb if the file is genuine");
  EXPECT_LT(seconds_since(start), 1.0);
  // The CLI says which flag raises the limit, and the flag works.
  const std::string path = bomb.path.string();
  const auto refused =
      test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "1", path});
  EXPECT_EQ(refused.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << refused.err;
  EXPECT_TRUE(refused.err.starts_with("vnotice: " + path + ": ")) << refused.err;
  EXPECT_NE(refused.err.find("--max-unpacked-mb"), std::string::npos) << refused.err;
  // Within the size limits, its ratio (about 1000:1) gives it away; raised limits let it in.
  EXPECT_EQ(test::run_command({test::cli_path().string(), "extract", "--max-unpacked-mb", "30",
                               "--max-zip-ratio", "100000", "--max-xml-text-mb", "30", path})
                .exit_code,
            0);
}

// Issue 22's bomb, scaled down: one run of one letter, far under the unpacked-size limit, at a
// compression ratio no office document has (text XML packs 3-20:1).
TEST(OfficeSafetyTest, ZipBombUnderTheSizeLimitIsRefusedByItsRatio) {
  test::TempDir dir;
  const std::string letters(size_t{40} * 1024 * 1024, 'a');
  const InputFile docx = make_docx(
      dir / "bomb.docx", docx_document("<w:p><w:r><w:t>" + letters + "</w:t></w:r></w:p>"));
  const InputFile odt =
      make_odt(dir / "bomb.odt", odt_content("", "<text:p>" + letters + "</text:p>"));
  for (const InputFile *bomb : {&docx, &odt}) {
    const auto start = std::chrono::steady_clock::now();
    expect_error([&] { extract_document(*bomb, {}); }, ExitCode::limit_exceeded,
                 "times its packed size, as ZIP bombs do; raise the limit with --max-zip-ratio");
    EXPECT_LT(seconds_since(start), 1.0);
    const auto refused =
        test::run_command({test::cli_path().string(), "extract", bomb->path.string()});
    EXPECT_EQ(refused.exit_code, static_cast<int>(ExitCode::limit_exceeded)) << refused.err;
    EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
    EXPECT_TRUE(refused.out.empty());
  }
}

// Letters that do not repeat: they pack about 1.6:1, so only the size limits can stop them.
std::string incompressible_letters(size_t size) {
  std::string out(size, 'a');
  unsigned state = 12345;
  for (char &c : out) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>('a' + (state >> 16) % 26);
  }
  return out;
}

TEST(OfficeSafetyTest, APartOverItsLimitIsRefusedWhileUnpacking) {
  test::TempDir dir;
  const InputFile input = make_docx(
      dir / "big.docx", docx_document("<w:p><w:r><w:t>" + incompressible_letters(size_t{3} << 20) +
                                      "</w:t></w:r></w:p>"));
  ExtractOptions options;
  options.limits.max_part_bytes = 2LL * 1024 * 1024;
  expect_error([&] { extract_document(input, options); }, ExitCode::limit_exceeded,
               "has a part, word/document.xml, that unpacks to more than 2 MB, the limit for one "
               "part; raise the limit with --max-part-mb");
  EXPECT_EQ(extract_document(input, {}).text().size(), (size_t{3} << 20) + 1);
}

TEST(OfficeSafetyTest, LongTextOrAttributeIsRefusedBeforeParsing) {
  test::TempDir dir;
  const std::string long_text = incompressible_letters(size_t{11} << 20);
  const InputFile text = make_docx(
      dir / "text.docx", docx_document("<w:p><w:r><w:t>" + long_text + "</w:t></w:r></w:p>"));
  const InputFile attribute =
      make_docx(dir / "attribute.docx", docx_document(R"(<w:p w:rsidR=")" + long_text +
                                                      R"("><w:r><w:t>x</w:t></w:r></w:p>)"));
  for (const InputFile *input : {&text, &attribute})
    expect_error([&] { extract_document(*input, {}); }, ExitCode::limit_exceeded,
                 "holding one text or attribute of more than 10 MB, the limit for one; raise the "
                 "limit with --max-xml-text-mb");
  // Raised past libxml2's own 10 MB bound, the parser is told so and reads it.
  ExtractOptions options;
  options.limits.max_xml_text_bytes = 20LL * 1024 * 1024;
  EXPECT_EQ(extract_document(text, options).text(), long_text + "\n");
}

TEST(OfficeSafetyTest, DeepXmlIsRefusedBeforeParsing) {
  test::TempDir dir;
  std::string deep;
  for (int k = 0; k < 1000; ++k)
    deep += "<w:sdt><w:sdtContent>";
  deep += "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>";
  for (int k = 0; k < 1000; ++k)
    deep += "</w:sdtContent></w:sdt>";
  const InputFile input = make_docx(dir / "deep.docx", docx_document(deep));
  expect_error([&] { extract_document(input, {}); }, ExitCode::limit_exceeded,
               "whose XML nests deeper than 256 levels, the limit; raise the limit with "
               "--max-xml-depth");
  ExtractOptions options;
  options.limits.max_xml_depth = 3000;
  EXPECT_EQ(extract_document(input, options).text(), "sâu\n");
}

TEST(OfficeSafetyTest, WordsOverTheLimitStopTheReading) {
  test::TempDir dir;
  const std::string run = "<w:p><w:r><w:t>một hai ba bốn năm sáu</w:t></w:r></w:p>";
  const InputFile docx = make_docx(dir / "words.docx", docx_document(run + run));
  const InputFile odt =
      make_odt(dir / "words.odt", odt_content("", "<text:p>một hai ba bốn năm sáu</text:p>"
                                                  "<text:p>một hai ba bốn năm sáu</text:p>"));
  ExtractOptions options;
  options.limits.max_words = 11;
  for (const InputFile *input : {&docx, &odt}) {
    expect_error([&] { extract_document(*input, options); }, ExitCode::limit_exceeded,
                 "holds more than 11 words, the limit for one input; raise the limit with "
                 "--max-words");
    options.limits.max_words = 12;
    EXPECT_EQ(extract_document(*input, options).text(),
              "một hai ba bốn năm sáu\n\nmột hai ba bốn năm sáu\n");
    options.limits.max_words = 11;
  }
}

TEST(OfficeSafetyTest, XmlShapeIsMeasuredOnTheRawBytes) {
  EXPECT_EQ(measure_xml("<a><b/><c><d>xy</d></c></a>").depth, 3);
  EXPECT_EQ(measure_xml("<a><b/><c><d>xy</d></c></a>").longest_text, 2u);
  // Markup inside comments, processing instructions, CDATA and attribute values is not markup.
  const XmlShape shape = measure_xml(
      R"(<?xml version="1.0"?><!-- <x><y><z> --><a t="<b>/>"><![CDATA[<c><d>]]>tail</a>)");
  EXPECT_EQ(shape.depth, 1);
  EXPECT_EQ(shape.longest_text, 10u); // "<c><d>" and "tail" make one run of character data
  EXPECT_EQ(measure_xml(R"(<a b='0123456789abc'/>)").longest_text, 13u);
  // Cut-off input ends the scan without reading past it.
  EXPECT_EQ(measure_xml("<a><b c=\"12345").longest_text, 5u);
  EXPECT_EQ(measure_xml("<a><!-- unterminated").depth, 1);
}

// The sizes in a ZIP's headers are whatever the sender wrote: a part that claims 100 bytes but
// inflates to 20 MB passes the early check on the header, and libzip keeps inflating past the
// declared size, so only counting the bytes really unpacked stops it at the limit.
TEST(OfficeSafetyTest, ZipBombLyingAboutItsSizeIsStoppedWhileReading) {
  test::TempDir dir;
  std::string bytes =
      make_docx(dir / "liar.docx", docx_document(std::string(size_t{20} * 1024 * 1024, ' '))).bytes;
  // Patch the uncompressed size of word/document.xml (the last entry) in its local header
  // (offset 22) and its central directory record (offset 24).
  const auto patch = [&](size_t at) {
    bytes[at] = 100;
    bytes[at + 1] = bytes[at + 2] = bytes[at + 3] = 0;
  };
  const size_t local = bytes.rfind(std::string("PK\x03\x04", 4));
  const size_t central = bytes.rfind(std::string("PK\x01\x02", 4));
  ASSERT_EQ(bytes.substr(local + 30, 17), "word/document.xml");
  ASSERT_EQ(bytes.substr(central + 46, 17), "word/document.xml");
  patch(local + 22);
  patch(central + 24);
  ExtractOptions options;
  options.limits.max_unpacked_bytes = 1024LL * 1024;
  InputFile liar{dir / "liar.docx", bytes, "", sha256_hex(bytes)};
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(liar, options); }, ExitCode::limit_exceeded,
               "unpacks to more than 1 MB");
  EXPECT_LT(seconds_since(start), 1.0);
}

TEST(OfficeSafetyTest, ExternalEntityIsRefusedWithoutReadingTheFile) {
  test::TempDir dir;
  const std::string xxe =
      R"(<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      R"(<w:document xmlns:w=")" +
      kWordNs + R"("><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>)";
  const InputFile input = make_docx(dir / "xxe.docx", xxe);
  try {
    extract_document(input, {});
    ADD_FAILURE() << "a DTD was accepted";
  } catch (const Error &error) {
    EXPECT_EQ(error.code(), ExitCode::input_damaged);
    EXPECT_NE(std::string(error.what()).find("document type declaration (DTD)"), std::string::npos);
    EXPECT_EQ(std::string(error.what()).find("root:"), std::string::npos);
  }
  // Through the CLI as well: one line on stderr, nothing of /etc/passwd anywhere.
  const std::string path = (dir / "xxe.docx").string();
  const auto result = test::run_command({test::cli_path().string(), "extract", path});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_TRUE(result.out.empty());
  EXPECT_TRUE(result.err.starts_with("vnotice: " + path + ": ")) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_EQ(result.err.find("root:"), std::string::npos);
}

TEST(OfficeSafetyTest, BillionLaughsIsRefusedAtOnce) {
  test::TempDir dir;
  std::string dtd = R"(<!ENTITY lol0 "lol">)";
  for (int level = 1; level <= 10; ++level)
    dtd += "<!ENTITY lol" + std::to_string(level) + " \"" + [&] {
      std::string ten;
      for (int i = 0; i < 10; ++i)
        ten += "&lol" + std::to_string(level - 1) + ";";
      return ten;
    }() + "\">";
  const std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE w:document [)" + dtd +
                             R"(]><w:document xmlns:w=")" + kWordNs +
                             R"("><w:body><w:p><w:r><w:t>&lol10;</w:t></w:r></w:p></w:body>)"
                             R"(</w:document>)";
  const InputFile docx = make_docx(dir / "laughs.docx", laughs);
  const auto start = std::chrono::steady_clock::now();
  expect_error([&] { extract_document(docx, {}); }, ExitCode::input_damaged,
               "document type declaration (DTD)");
  // Also in the ODT's content.xml and in a part that is only read for styles.
  const InputFile odt = make_odt(dir / "laughs.odt", laughs);
  expect_error([&] { extract_document(odt, {}); }, ExitCode::input_damaged, "content.xml");
  const InputFile styles =
      make_docx(dir / "styles.docx", docx_document(""), {{"word/styles.xml", laughs}});
  expect_error([&] { extract_document(styles, {}); }, ExitCode::input_damaged, "word/styles.xml");
  EXPECT_LT(seconds_since(start), 0.5);
}

TEST(OfficeSafetyTest, EntryNamesOutsideThePackageAreHarmless) {
  test::TempDir outer;
  const fs::path work = outer / "a" / "b";
  fs::create_directories(work);
  const bool abs_existed = fs::exists("/abs.txt");
  const InputFile input =
      make_docx(work / "paths.docx", docx_document("<w:p><w:r><w:t>Bình thường</w:t></w:r></w:p>"),
                {{"../../evil.txt", "evil"}, {"/abs.txt", "abs"}});
  const auto listing = test::run_command({"unzip", "-l", input.path.string()});
  ASSERT_NE(listing.out.find("../../evil.txt"), std::string::npos) << listing.out;
  const auto before = std::distance(fs::recursive_directory_iterator(outer.path()), {});
  const Document document = extract_document(input, {});
  EXPECT_EQ(document.text(), "Bình thường\n");
  EXPECT_EQ(std::distance(fs::recursive_directory_iterator(outer.path()), {}), before);
  EXPECT_FALSE(fs::exists(outer / "evil.txt"));
  EXPECT_FALSE(fs::exists(fs::current_path() / ".." / ".." / "evil.txt"));
  EXPECT_EQ(fs::exists("/abs.txt"), abs_existed);
}

TEST(OfficeSafetyTest, CorruptZipIsDamaged) {
  // It sniffs as DOCX (the name of the main part is in it) but is not a ZIP archive.
  const std::string garbage = std::string("PK\x03\x04", 4) + "word/document.xml" +
                              std::string(2000, '\x5a') + std::string("\x01\xff\x00\x7f", 4);
  const InputFile input{"corrupt.docx", garbage, "", sha256_hex(garbage)};
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "the DOCX file is damaged (it is not a readable ZIP package); ask the sender for "
               "a new copy");
  expect_error([&] { extract_odt(input, {}); }, ExitCode::input_damaged, "ODT file is damaged");
}

TEST(OfficeSafetyTest, TruncatedPackageIsDamaged) {
  const std::string whole = test::read_file(test::office_sample("notice-2021-sct", "docx"));
  const std::string half = whole.substr(0, whole.size() / 2);
  const InputFile input{"half.docx", half, "", sha256_hex(half)};
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "ask the sender for a new copy");
}

TEST(OfficeSafetyTest, MissingMainPartIsDamaged) {
  test::TempDir dir;
  const InputFile docx =
      make_package(dir / "nodoc.docx", {{"[Content_Types].xml", "<Types/>"},
                                        {"notes.txt", "the text should be in word/document.xml"}});
  expect_error([&] { extract_document(docx, {}); }, ExitCode::input_damaged,
               "it has no word/document.xml");
  const InputFile odt = make_package(dir / "nocontent.odt",
                                     {{"mimetype", "application/vnd.oasis.opendocument.text"}});
  expect_error([&] { extract_document(odt, {}); }, ExitCode::input_damaged,
               "it has no content.xml");
}

TEST(OfficeSafetyTest, MalformedXmlIsDamagedAndSilent) {
  test::TempDir dir;
  const InputFile input =
      make_docx(dir / "broken.docx", docx_document("<w:p><w:r><w:t>open</w:r></w:p>"));
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_damaged,
               "its part word/document.xml is broken XML near line");
  // libxml2 must not print its own diagnostics: the CLI's stderr is our one line only.
  const auto result =
      test::run_command({test::cli_path().string(), "extract", input.path.string()});
  EXPECT_EQ(result.exit_code, static_cast<int>(ExitCode::input_damaged));
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
}

TEST(OfficeSafetyTest, TooManyEntriesAreRefused) {
  test::TempDir dir;
  std::vector<std::pair<std::string, std::string>> entries;
  for (int i = 0; i < 10001; ++i)
    entries.emplace_back("x/" + std::to_string(i), "");
  const InputFile input = make_docx(dir / "many.docx", docx_document(""), entries);
  expect_error([&] { extract_document(input, {}); }, ExitCode::limit_exceeded, "10003 parts");
}

TEST(OfficeSafetyTest, PasswordProtectedOdtSaysSo) {
  test::TempDir dir;
  const std::string manifest =
      R"(<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">)"
      R"(<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">)"
      R"(<manifest:encryption-data manifest:checksum="x"/></manifest:file-entry>)"
      R"(</manifest:manifest>)";
  const InputFile input =
      make_package(dir / "locked.odt", {{"mimetype", "application/vnd.oasis.opendocument.text"},
                                        {"META-INF/manifest.xml", manifest},
                                        {"content.xml", std::string("\x8f\x01\xee", 3)}});
  expect_error([&] { extract_document(input, {}); }, ExitCode::input_encrypted,
               "password-protected");
}

} // namespace
} // namespace vnotice
