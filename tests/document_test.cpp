// The Document model: text assembly and its JSON form.
#include "pipeline/document.h"
#include "pipeline/reflow.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace vnotice {
namespace {

Word word(std::string text, Box box, bool space_after = true) {
  Word w;
  w.text = std::move(text);
  w.box = box;
  w.page = 1;
  w.space_after = space_after;
  return w;
}

TEST(BoxTest, UnitedCoversBothAndTreatsEmptyAsNothing) {
  Box a{10, 20, 30, 40};
  Box b{5, 25, 50, 35};
  Box both = a.united(b);
  EXPECT_EQ(both.x0, 5);
  EXPECT_EQ(both.y0, 20);
  EXPECT_EQ(both.x1, 50);
  EXPECT_EQ(both.y1, 40);
  Box first = Box{}.united(a);
  EXPECT_EQ(first.x0, 10);
  EXPECT_EQ(first.y1, 40);
}

TEST(LineTest, JoinsWordsBySpacesTabsAndNothing) {
  Line line;
  line.words = {word("Số:", {0, 0, 10, 10}), word("19", {12, 0, 20, 10}, false),
                word("35/TB-SCT", {20, 0, 60, 10})};
  EXPECT_EQ(line.text(), "Số: 1935/TB-SCT");
  line.words.push_back(word("8.586", {100, 0, 120, 10}));
  line.words.back().starts_cell = true;
  EXPECT_EQ(line.text(), "Số: 1935/TB-SCT\t8.586");
}

// An empty table cell is a word without text: "Điện lực | | 150 | 02" keeps four cells in the
// line's text, and the JSON words (never empty) leave it out.
TEST(LineTest, EmptyCellKeepsItsColumn) {
  Word empty_first = word("", {});
  Line line;
  line.words = {word("Điện", {}), word("lực", {}), word("", {}), word("150", {}), word("02", {})};
  for (size_t i : {2, 3, 4})
    line.words[i].starts_cell = true;
  EXPECT_EQ(line.text(), "Điện lực\t\t150\t02");
  Line leading;
  leading.words = {empty_first, word("7", {}), word("", {})};
  leading.words[1].starts_cell = leading.words[2].starts_cell = true;
  EXPECT_EQ(leading.text(), "\t7\t");

  Document document;
  Page page;
  page.number = 1;
  Block table;
  table.kind = BlockKind::table;
  table.lines = {line};
  page.blocks = {table};
  document.pages = {page};
  EXPECT_EQ(flowing_text(document), "Điện lực\t\t150\t02\n");
  const nlohmann::ordered_json json = to_json(document);
  const auto &out = json["pages"][0]["blocks"][0]["lines"][0];
  EXPECT_EQ(out["text"], "Điện lực\t\t150\t02");
  ASSERT_EQ(out["words"].size(), 4u);
  EXPECT_EQ(out["words"][2]["text"], "150");
  EXPECT_EQ(out["words"][2]["starts_cell"], true);
}

TEST(DocumentTest, TextSeparatesBlocksByBlankLineAndPagesByFormFeed) {
  Document document;
  Page one;
  one.number = 1;
  Block left, right;
  left.lines.push_back(Line{{word("UBND", {}), word("TỈNH", {})}, {}});
  left.lines.push_back(Line{{word("SỞ", {})}, {}});
  right.lines.push_back(Line{{word("CỘNG", {}), word("HÒA", {})}, {}});
  one.blocks = {left, right};
  Page two;
  two.number = 2;
  two.blocks = {right};
  document.pages = {one, two};
  EXPECT_EQ(document.text(), "UBND TỈNH\nSỞ\n\nCỘNG HÒA\n\fCỘNG HÒA\n");
}

TEST(DocumentJsonTest, CarriesProvenanceAndRoundsCoordinates) {
  Document document;
  document.source = {"a.pdf", "pdf", "abc", 123};
  Page page;
  page.number = 1;
  page.width = 595.2756;
  page.height = 841.8898;
  Block block;
  Word w = word("Hạnh", {1.004, 2.005, 3.3333, 4.9999});
  w.font = "TimesNewRoman";
  w.font_size = 13;
  block.lines.push_back(Line{{w}, w.box});
  block.box = w.box;
  page.blocks.push_back(block);
  document.pages.push_back(page);
  document.warnings.push_back({WarningCode::page_without_text, "page 2 has no text", 2});

  const nlohmann::ordered_json json = to_json(document);
  EXPECT_EQ(json["source"]["pages"], 1);
  EXPECT_EQ(json["source"]["sha256"], "abc");
  EXPECT_DOUBLE_EQ(json["pages"][0]["width"].get<double>(), 595.28);
  const auto &out = json["pages"][0]["blocks"][0]["lines"][0]["words"][0];
  EXPECT_EQ(out["text"], "Hạnh");
  EXPECT_EQ(out["origin"], "pdf_text");
  EXPECT_EQ(out["page"], 1);
  EXPECT_DOUBLE_EQ(out["box"][2].get<double>(), 3.33);
  EXPECT_DOUBLE_EQ(out["box"][3].get<double>(), 5.0);
  EXPECT_DOUBLE_EQ(out["confidence"].get<double>(), 1.0);
  EXPECT_EQ(json["pages"][0]["method"], "text_layer");
  EXPECT_EQ(json["warnings"][0]["code"], "page_without_text");
  // Same model, same bytes.
  EXPECT_EQ(json.dump(), to_json(document).dump());
}

// The block-by-block writer used for `extract --format json` gives the bytes the DOM would, for
// an empty document, a page without blocks, several pages and blocks, warnings and repairs.
TEST(DocumentJsonTest, TextWrittenBlockByBlockEqualsTheWholeDump) {
  Document document;
  document.source = {"bản nháp.docx", "docx", "abc", 42};
  EXPECT_EQ(json_text(document), to_json(document).dump(2) + "\n");

  Page empty_page;
  empty_page.number = 1;
  document.pages.push_back(empty_page);
  EXPECT_EQ(json_text(document), to_json(document).dump(2) + "\n");

  for (int number = 2; number <= 3; ++number) {
    Page page;
    page.number = number;
    page.method = PageMethod::ocr;
    for (const char *text : {"Điều", "1.", "\"Ký\"\ttên"}) {
      Block block;
      Word w = word(text, {1, 2, 3, 4});
      Word empty_cell = word("", {5, 6, 7, 8});
      block.lines.push_back(Line{{w, empty_cell}, w.box});
      block.lines.push_back(Line{{w}, w.box});
      page.blocks.push_back(block);
    }
    document.pages.push_back(page);
  }
  document.warnings.push_back({WarningCode::page_without_text, "trang 1 không có chữ", 1});
  document.repairs.push_back({2, "Ð", "Đ", RepairCode::eth_for_d_stroke});
  EXPECT_EQ(json_text(document), to_json(document).dump(2) + "\n");
}

// Every name a code enum has, taken from the enum itself: its name function switches over all of
// them (-Wswitch warns when one is left out) and answers "unknown" past the last.
template <typename Code, typename Name> std::vector<std::string> all_names(Name name_of) {
  std::vector<std::string> out;
  for (int i = 0;; ++i) {
    const std::string_view name = name_of(static_cast<Code>(i));
    if (name == "unknown") return out;
    out.emplace_back(name);
  }
}

// The enum of `property` at `path` in a schema file (a JSON pointer).
std::vector<std::string> schema_enum(const char *schema, const char *pointer) {
  const nlohmann::json json =
      nlohmann::json::parse(test::read_file(test::source_dir() / "schemas" / schema));
  return json.at(nlohmann::json::json_pointer(pointer)).get<std::vector<std::string>>();
}

TEST(CodesTest, WarningAndRepairCodesAreTheSchemas) {
  const auto warnings = all_names<WarningCode>(warning_code_name);
  const auto repairs = all_names<RepairCode>(repair_code_name);
  ASSERT_GE(warnings.size(), 20u);
  ASSERT_GE(repairs.size(), 15u);
  EXPECT_EQ(schema_enum("record.schema.json", "/properties/warnings/items/properties/code/enum"),
            warnings);
  EXPECT_EQ(schema_enum("document.schema.json", "/properties/repairs/items/properties/reason/enum"),
            repairs);
  // A document has only the warnings of reading; each is a real code, read back as itself.
  for (const std::string &name :
       schema_enum("document.schema.json", "/$defs/warning/properties/code/enum")) {
    const std::optional<WarningCode> code = warning_code_from_name(name);
    ASSERT_TRUE(code.has_value()) << name;
    EXPECT_EQ(warning_code_name(*code), name);
  }
  EXPECT_FALSE(warning_code_from_name("field_not_foun").has_value());
}

} // namespace
} // namespace vnotice
