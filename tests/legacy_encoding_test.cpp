// Legacy Vietnamese encodings (issue 4, point 2): font names, decoding of TCVN3, VNI, VISCII, VPS
// and Windows-1258 as text extractors hand them to us, detection without a font name, and no
// false positive on the team's Unicode documents. Test texts are encoded here, independently of
// the library, from the committed byte table.
#include "extractors/legacy_encoding.h"
#include "extractors/registry.h"
#include "pipeline/input_file.h"
#include "pipeline/vietnamese_text.h"
#include "test_support.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <unicode/utf8.h>
#include <vector>

namespace vnotice {
namespace {

namespace fs = std::filesystem;

constexpr std::array<LegacyEncoding, 5> kEncodings = {LegacyEncoding::tcvn3, LegacyEncoding::vni,
                                                      LegacyEncoding::viscii, LegacyEncoding::vps,
                                                      LegacyEncoding::cp1258};

// --- Helpers: UTF-8, the TSV, an encoder, CER ---------------------------------------------------

// Through ICU's UTF-8 macros, as the code under test uses ICU.
std::u32string utf32(const std::string &s) {
  std::u32string out;
  const auto length = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c = 0;
    U8_NEXT(s.data(), i, length, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

std::string utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    uint8_t bytes[U8_MAX_LENGTH];
    int32_t length = 0;
    U8_APPEND_UNSAFE(bytes, length, static_cast<UChar32>(c));
    out.append(reinterpret_cast<const char *>(bytes), static_cast<size_t>(length));
  }
  return out;
}

struct TsvRow {
  char32_t character;
  std::array<std::string, 5> bytes; // raw bytes per encoding, in kEncodings order
};

// extractors/data/legacy_encodings.tsv: rows 1-73 are the lower-case letters, 74-146 their
// capitals in the same order, then ASCII letters and Windows-1252 symbols.
const std::vector<TsvRow> &tsv() {
  static const std::vector<TsvRow> rows = [] {
    std::vector<TsvRow> out;
    std::ifstream in(test::source_dir() / "extractors" / "data" / "legacy_encodings.tsv");
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::stringstream fields(line);
      std::string cell;
      while (std::getline(fields, cell, '\t'))
        cells.push_back(cell);
      cells.resize(7);
      TsvRow row{utf32(cells[0]).at(0), {}};
      for (size_t e = 0; e < 5; ++e) {
        std::istringstream hex(cells[2 + e]);
        std::string byte;
        while (hex >> byte)
          row.bytes[e].push_back(static_cast<char>(std::stoi(byte, nullptr, 16)));
      }
      out.push_back(row);
    }
    return out;
  }();
  return rows;
}

size_t column(LegacyEncoding encoding) { return static_cast<size_t>(encoding) - 1; }

// The raw bytes of `text` in `encoding`, as a converter (Unikey) writes them: TCVN3's toned
// capitals, which have no code, get the lower-case letter's code.
std::string encode(const std::string &text, LegacyEncoding encoding) {
  std::map<char32_t, std::string> code;
  std::map<char32_t, char32_t> lower;
  const auto &rows = tsv();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows[i].bytes[column(encoding)].empty())
      code[rows[i].character] = rows[i].bytes[column(encoding)];
    if (i >= 73 && i < 146) lower[rows[i].character] = rows[i - 73].character;
  }
  std::string raw;
  for (char32_t c : utf32(text)) {
    if (auto found = code.find(c); found != code.end()) {
      raw += found->second;
    } else if (encoding == LegacyEncoding::tcvn3 && lower.contains(c) && code.contains(lower[c])) {
      raw += code[lower[c]];
    } else if (c < 0x80) {
      raw.push_back(static_cast<char>(c));
    } else {
      ADD_FAILURE() << "no " << legacy_encoding_name(encoding) << " code for U+" << std::hex
                    << static_cast<unsigned>(c);
    }
  }
  return raw;
}

// What a PDF text layer or a DOCX run gives for `text` written in `encoding`.
std::string extracted(const std::string &text, LegacyEncoding encoding) {
  return bytes_as_cp1252(encode(text, encoding));
}

// Character error rate: edit distance over code points / length of the truth.
double cer(const std::string &truth, const std::string &output) {
  const std::u32string a = utf32(truth), b = utf32(output);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return a.empty() ? 0.0 : static_cast<double>(row[b.size()]) / static_cast<double>(a.size());
}

// --- Font names ---------------------------------------------------------------------------------

TEST(LegacyEncodingTest, TellsTheEncodingFromTheFontName) {
  const std::vector<std::pair<std::string, LegacyEncoding>> fonts = {
      {".VnTime", LegacyEncoding::tcvn3},
      {".VnTimeH", LegacyEncoding::tcvn3},
      {".VnArial", LegacyEncoding::tcvn3},
      {".VnArialH", LegacyEncoding::tcvn3},
      {".VnArial NarrowH", LegacyEncoding::tcvn3},
      {".VnBook-AntiquaH", LegacyEncoding::tcvn3},
      {"ABCDEF+.VnTime", LegacyEncoding::tcvn3},
      {"QWERTY+.VnTimeH,Bold", LegacyEncoding::tcvn3},
      {".VnTime-BoldItalic", LegacyEncoding::tcvn3},
      {"VnTime", LegacyEncoding::tcvn3},
      {"VNI-Times", LegacyEncoding::vni},
      {"VNI-Helve", LegacyEncoding::vni},
      {"VNI-Helve-Condense", LegacyEncoding::vni},
      {"BCDEFG+VNI-Times-Bold", LegacyEncoding::vni},
      {"VNI Times", LegacyEncoding::vni},
      {"VI Times", LegacyEncoding::viscii},
      {"VI Times H", LegacyEncoding::viscii},
      {"VI Arial", LegacyEncoding::viscii},
      {"VI Avan H", LegacyEncoding::viscii},
      {"HoangYenH 1.1", LegacyEncoding::viscii},
      {"VPS Times", LegacyEncoding::vps},
      {"VPS Times Hoa", LegacyEncoding::vps},
      {"VPS Helv", LegacyEncoding::vps},
      {"VPS Long An", LegacyEncoding::vps},
      {"Times New Roman", LegacyEncoding::none},
      {"ABCDEF+TimesNewRomanPS-BoldMT", LegacyEncoding::none},
      {"LiberationSerif", LegacyEncoding::none},
      {"Arial", LegacyEncoding::none},
      {"Vivaldi", LegacyEncoding::none},
      {"VNF-Times", LegacyEncoding::none},
      {"UVN Saigon", LegacyEncoding::none},
      {"", LegacyEncoding::none},
  };
  for (const auto &[font, encoding] : fonts)
    EXPECT_EQ(encoding_from_font(font), encoding) << font;
}

TEST(LegacyEncodingTest, KnowsTheAllCapitalFonts) {
  for (const std::string font :
       {".VnTimeH", ".VnArialH", "QWERTY+.VnTimeH,Bold", ".VnTimeH-BoldItalic", ".VnArial NarrowH",
        "VI Times H", "HoangYenH 1.1", "VPS Times Hoa"})
    EXPECT_TRUE(is_capital_font(font)) << font;
  for (const std::string font : {".VnTime", ".VnArial", ".VnTime-Bold", "VNI-Times", "VI Times",
                                 "VPS Times", "Times New Roman", "Helvetica", ""})
    EXPECT_FALSE(is_capital_font(font)) << font;
}

// --- The table ----------------------------------------------------------------------------------

TEST(LegacyEncodingTest, CompiledTableMatchesTheCommittedData) {
  const fs::path script = test::source_dir() / "extractors" / "data" / "gen_legacy_tables.py";
  const test::CommandResult result = test::run_command({"python3", script.string(), "--check"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(LegacyEncodingTest, EveryTonedLetterRoundTripsInEveryEncoding) {
  const auto &rows = tsv();
  ASSERT_GE(rows.size(), 146u);
  for (LegacyEncoding encoding : kEncodings) {
    int letters = 0;
    std::string all_truth, all_decoded;
    for (size_t i = 0; i < 146; ++i) {
      const char32_t c = rows[i].character;
      if (c < 0x80) continue; // plain a e i o u y
      ++letters;
      const bool capital = i >= 73;
      const std::string truth = utf8(std::u32string(1, c));
      // TCVN3 capitals without a code of their own are drawn by a capital font.
      const bool font_needed =
          encoding == LegacyEncoding::tcvn3 && capital && rows[i].bytes[0].empty();
      const std::string decoded = decode_legacy(extracted(truth, encoding), encoding, font_needed);
      EXPECT_EQ(decoded, truth) << legacy_encoding_name(encoding) << " row " << i + 2;
      all_truth += truth + " ";
      all_decoded += decode_legacy(extracted(truth, encoding), encoding, font_needed) + " ";
    }
    EXPECT_EQ(letters, 134) << legacy_encoding_name(encoding);
    EXPECT_EQ(all_decoded, all_truth);
  }
}

TEST(LegacyEncodingTest, TypicalSymbolsSurviveDecoding) {
  // Windows-1252 punctuation that TCVN3 and VNI keep at its place in the code page.
  const std::string text = "“Tỉnh” – số 5… ‘a’ — •";
  for (LegacyEncoding encoding : {LegacyEncoding::tcvn3, LegacyEncoding::vni})
    EXPECT_EQ(decode_legacy(extracted(text, encoding), encoding), text)
        << legacy_encoding_name(encoding);
}

// --- Decoding: the issue's examples and the reference note's samples ----------------------------

TEST(LegacyEncodingTest, DecodesTheIssueExamples) {
  EXPECT_EQ(decode_legacy("Céng hoµ x· héi chñ nghÜa ViÖt Nam", LegacyEncoding::tcvn3),
            "Cộng hoà xã hội chủ nghĩa Việt Nam");
  EXPECT_EQ(decode_legacy("TØNH", LegacyEncoding::tcvn3), "TỈNH");
  EXPECT_EQ(decode_legacy("Th-¬ng", LegacyEncoding::tcvn3), "Thương");
  EXPECT_EQ(decode_legacy("Th\u00AD¬ng", LegacyEncoding::tcvn3), "Thương"); // soft hyphen
  EXPECT_EQ(decode_legacy("§éc lËp - Tù do - H¹nh phóc", LegacyEncoding::tcvn3),
            "Độc lập - Tự do - Hạnh phúc");
  EXPECT_EQ(decode_legacy("ChØ thÞ 16/CT-TTg cña Thñ t-íng", LegacyEncoding::tcvn3),
            "Chỉ thị 16/CT-TTg của Thủ tướng");
  // The same text comes out of a plain-text file as raw bytes.
  EXPECT_EQ(decode_legacy(bytes_as_cp1252("C\xe9ng ho\xb5 x\xb7 h\xe9i"), LegacyEncoding::tcvn3),
            "Cộng hoà xã hội");
  EXPECT_EQ(detect_legacy_encoding("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), LegacyEncoding::tcvn3);
}

TEST(LegacyEncodingTest, DecodesTheReferenceSamplesOfEveryEncoding) {
  // The samples of shared/reference/vn-legacy-encodings.md: the bytes read as Windows-1252.
  const std::string motto = "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc";
  const std::vector<std::pair<LegacyEncoding, std::string>> samples = {
      {LegacyEncoding::tcvn3, "Céng hßa x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc"},
      {LegacyEncoding::vni,
       "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc"},
      {LegacyEncoding::viscii, "Cµng hòa xã hµi chü nghîa Vi®t Nam\nÐµc l§p - Tñ do - HÕnh phúc"},
      {LegacyEncoding::vps, "C¶ng hòa xã h¶i chû nghïa ViŒt Nam\nñ¶c lÆp - T¿ do - Hånh phúc"},
      {LegacyEncoding::cp1258,
       "Côòng hoÌa xaÞ hôòi chuÒ nghiÞa Viêòt Nam\nÐôòc lâòp - Týò do - Haònh phúc"},
  };
  for (const auto &[encoding, text] : samples) {
    EXPECT_EQ(text, extracted(motto, encoding)) << legacy_encoding_name(encoding);
    EXPECT_EQ(decode_legacy(text, encoding), motto) << legacy_encoding_name(encoding);
    EXPECT_EQ(detect_legacy_encoding(text), encoding) << legacy_encoding_name(encoding);
  }
}

TEST(LegacyEncodingTest, Tcvn3CapitalsFollowTheFontOrTheWord) {
  // With a capital font every letter is a capital, whatever code it was typed with.
  EXPECT_EQ(decode_legacy("céng hoµ x· héi chñ nghÜa viÖt nam", LegacyEncoding::tcvn3, true),
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_EQ(decode_legacy("tr-êng", LegacyEncoding::tcvn3, true), "TRƯỜNG");
  // Without one, toned letters take the case of their word.
  EXPECT_EQ(decode_legacy("UBND TØNH §åNG TH¸P", LegacyEncoding::tcvn3), "UBND TỈNH ĐỒNG THÁP");
  EXPECT_EQ(decode_legacy("I. KÕT QU¶ KIÓM TRA", LegacyEncoding::tcvn3), "I. KẾT QUẢ KIỂM TRA");
  EXPECT_EQ(decode_legacy("KT. GI¸M §èC", LegacyEncoding::tcvn3), "KT. GIÁM ĐỐC");
  EXPECT_EQ(decode_legacy("TØnh §ång Th¸p", LegacyEncoding::tcvn3), "Tỉnh Đồng Tháp");
  EXPECT_EQ(decode_legacy("ViÖt Nam", LegacyEncoding::tcvn3), "Việt Nam");
  // Words with one other letter borrow the case of an upper-case neighbour on the same line...
  EXPECT_EQ(decode_legacy("1. VÒ C¤NG T¸C CHØ §¹O", LegacyEncoding::tcvn3),
            "1. VỀ CÔNG TÁC CHỈ ĐẠO");
  EXPECT_EQ(decode_legacy("Uû BAN NH¢N D¢N", LegacyEncoding::tcvn3), "UỶ BAN NHÂN DÂN");
  // ...but not of an abbreviation, a lower-case word, or the line above.
  EXPECT_EQ(decode_legacy("Tõ UBND tØnh", LegacyEncoding::tcvn3), "Từ UBND tỉnh");
  EXPECT_EQ(decode_legacy("Tõ ngµy 27/8", LegacyEncoding::tcvn3), "Từ ngày 27/8");
  EXPECT_EQ(decode_legacy("KÕT LUËN\nVÒ viÖc", LegacyEncoding::tcvn3), "KẾT LUẬN\nVề việc");
}

TEST(LegacyEncodingTest, VniCapitalsHaveTheirOwnDiacriticBytes) {
  EXPECT_EQ(decode_legacy("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", LegacyEncoding::vni),
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  EXPECT_EQ(decode_legacy("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC", LegacyEncoding::vni),
            "ĐỘC LẬP - TỰ DO - HẠNH PHÚC");
  EXPECT_EQ(decode_legacy("UÛY BAN NHAÂN DAÂN TÆNH ÑOÀNG THAÙP", LegacyEncoding::vni),
            "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP");
  // A base letter with the other case's diacritic byte, as byte-wise case changes leave it.
  EXPECT_EQ(decode_legacy("Aù", LegacyEncoding::vni), "Á");
  EXPECT_EQ(decode_legacy("aÙ", LegacyEncoding::vni), "á");
  const std::string capitals = "THƯỜNG XUYÊN KIỂM TRA, ĐÔN ĐỐC; GIẤY PHÉP KINH DOANH RƯỢU";
  EXPECT_EQ(decode_legacy(extracted(capitals, LegacyEncoding::vni), LegacyEncoding::vni), capitals);
}

TEST(LegacyEncodingTest, Tcvn3HyphenIsTheLetterOnlyInsideAWord) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Th-¬ng m¹i", "Thương mại"},
      {"n-íc ngoµi", "nước ngoài"},
      {"tr-êng häc", "trường học"},
      {"nh- vËy", "như vậy"},
      {"L-u: VT, VP.", "Lưu: VT, VP."},
      {"-u tiªn", "ưu tiên"},
      {"-íc tÝnh", "ước tính"},
      {"kinh tÕ-x· héi", "kinh tế-xã hội"},
      {"§éc lËp - Tù do", "Độc lập - Tự do"},
      {"- Nh- trªn;", "- Như trên;"},
      {"ChØ thÞ 16/CT-TTg", "Chỉ thị 16/CT-TTg"},
      {"KÕ ho¹ch sè 12/KH-SCT", "Kế hoạch số 12/KH-SCT"},
      {"v¨n b¶n KH-SCT", "văn bản KH-SCT"},
      {"Covid-19", "Covid-19"},
      {"e-mail", "e-mail"},
      {"ViÖt-Lµo", "Việt-Lào"},
  };
  for (const auto &[input, expected] : cases)
    EXPECT_EQ(decode_legacy(input, LegacyEncoding::tcvn3), expected) << input;
  // The soft hyphen is byte AD itself: always the letter.
  EXPECT_EQ(decode_legacy("nh\u00AD vËy", LegacyEncoding::tcvn3), "như vậy");
  EXPECT_EQ(decode_legacy("\u00ADu tiªn", LegacyEncoding::tcvn3), "ưu tiên");
}

TEST(LegacyEncodingTest, DecodesADocumentThatMixesEncodingsRunByRun) {
  // Runs as a PDF or DOCX reader gives them: each with its font (subset prefix included).
  const std::vector<std::pair<std::string, std::string>> runs = {
      {"ABCDEF+.VnTimeH", "uû ban nh©n d©n"},   {"ABCDEF+.VnTime", "tØnh §ång Th¸p"},
      {"VNI-Times", "Sôû Coâng Thöông"},        {"VI Times", "thông báo kªt quä"},
      {"Times New Roman", "kiểm tra năm 2021"},
  };
  std::string text;
  for (const auto &[font, run] : runs)
    text += decode_legacy(run, encoding_from_font(font), is_capital_font(font)) + " / ";
  EXPECT_EQ(text, "UỶ BAN NHÂN DÂN / tỉnh Đồng Tháp / Sở Công Thương / thông báo kết quả / "
                  "kiểm tra năm 2021 / ");
}

TEST(LegacyEncodingTest, KeepsCharactersThatCannotBeLegacyBytes) {
  EXPECT_EQ(decode_legacy("Céng → Việt", LegacyEncoding::tcvn3), "Cộng → Việt");
  EXPECT_EQ(decode_legacy("Tỉnh Đồng Tháp", LegacyEncoding::none), "Tỉnh Đồng Tháp");
  // Symbol fonts map byte b to U+F000 + b.
  EXPECT_EQ(decode_legacy("C\uF0E9ng", LegacyEncoding::tcvn3), "Cộng");
}

TEST(LegacyEncodingTest, BytesAsCp1252IsWindows1252WithC1Fallback) {
  EXPECT_EQ(bytes_as_cp1252("ABC \x80\x93\x94\x99"), "ABC €“”™");
  EXPECT_EQ(bytes_as_cp1252("\x81\x8d\x8f\x90\x9d"), "\u0081\u008D\u008F\u0090\u009D");
  EXPECT_EQ(bytes_as_cp1252("\xa7\xe9\xb5\xff"), "§éµÿ");
  EXPECT_EQ(bytes_as_cp1252(std::string("\x02\x14", 2)), std::string("\x02\x14", 2));
}

// --- Detection and accuracy on real paragraphs --------------------------------------------------

// Paragraphs in the style of the documents vnotice reads, written for this test.
const std::vector<std::string> kParagraphs = {
    "UỶ BAN NHÂN DÂN TỈNH ĐỒNG THÁP\nSỞ CÔNG THƯƠNG\nSố: 152/TB-SCT\nTHÔNG BÁO\n"
    "Kết quả tự kiểm tra công tác cải cách hành chính năm 2022",

    "Căn cứ Kế hoạch số 45/KH-UBND ngày 10 tháng 02 năm 2022 của Ủy ban nhân dân tỉnh về việc "
    "kiểm tra công tác cải cách hành chính, Sở Công Thương đã tổ chức cho các phòng chuyên môn tự "
    "đánh giá kết quả thực hiện trong năm. Nhìn chung, các đơn vị đã quán triệt đầy đủ chủ trương "
    "của Tỉnh ủy, xây dựng kế hoạch cụ thể và phân công người phụ trách từng nhiệm vụ.",

    "Bên cạnh những kết quả đạt được, việc tiếp nhận và trả hồ sơ qua dịch vụ bưu chính công ích "
    "vẫn còn chậm; một số thủ tục chưa được cập nhật kịp thời trên cổng dịch vụ công trực tuyến. "
    "Người dân và doanh nghiệp còn phản ánh về thời gian giải quyết hồ sơ cấp giấy phép kinh doanh "
    "rượu, thuốc lá, nhất là ở các huyện xa trung tâm.",

    "II. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI\n"
    "1. Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; niêm yết công khai, đầy đủ các thủ tục "
    "thuộc thẩm quyền giải quyết của Sở tại bộ phận một cửa.\n"
    "2. Đẩy mạnh ứng dụng công nghệ thông tin, khuyến khích tổ chức, cá nhân nộp hồ sơ trực tuyến "
    "mức độ 3, 4; bảo đảm an toàn, an ninh thông tin trong quá trình xử lý văn bản điện tử.\n"
    "3. Thường xuyên kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính của công chức; kịp thời "
    "khen thưởng những tập thể, cá nhân có thành tích xuất sắc và chấn chỉnh những trường hợp vi "
    "phạm.",

    "Nơi nhận:\n- Như trên;\n- UBND tỉnh (để báo cáo);\n- Lưu: VT, VP.\n"
    "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Văn Hùng",
};

std::string all_paragraphs() {
  std::string text;
  for (const std::string &paragraph : kParagraphs)
    text += paragraph + "\n\n";
  return text;
}

TEST(LegacyEncodingTest, DetectsAndDecodesRealParagraphsInEveryEncoding) {
  const std::string truth = all_paragraphs();
  for (LegacyEncoding encoding : kEncodings) {
    const std::string legacy = extracted(truth, encoding);
    EXPECT_EQ(detect_legacy_encoding(legacy), encoding) << legacy_encoding_name(encoding);
    const std::string decoded = decode_legacy(legacy, encoding);
    EXPECT_LE(cer(truth, decoded), 0.005) << legacy_encoding_name(encoding) << ":\n" << decoded;
    // Each paragraph alone is evidence enough too.
    for (const std::string &paragraph : kParagraphs)
      EXPECT_EQ(detect_legacy_encoding(extracted(paragraph, encoding)), encoding)
          << legacy_encoding_name(encoding) << ": " << paragraph;
  }
}

TEST(LegacyEncodingTest, Tcvn3FromPdfTextLayersWithHyphensForU) {
  // PDF extraction gives TCVN3's ư (AD) as a plain hyphen or a soft hyphen.
  const std::string truth = all_paragraphs();
  const std::string legacy = extracted(truth, LegacyEncoding::tcvn3);
  ASSERT_NE(legacy.find("\u00AD"), std::string::npos);
  std::string hyphens;
  for (size_t i = 0; i < legacy.size(); ++i) {
    const bool soft_hyphen = legacy.compare(i, 2, "\u00AD") == 0;
    hyphens.push_back(soft_hyphen ? '-' : legacy[i]);
    i += soft_hyphen ? 1 : 0;
  }
  EXPECT_EQ(detect_legacy_encoding(hyphens), LegacyEncoding::tcvn3);
  const std::string decoded = decode_legacy(hyphens, LegacyEncoding::tcvn3);
  EXPECT_LE(cer(truth, decoded), 0.005) << decoded;
  EXPECT_NE(decoded.find("Sở Công Thương"), std::string::npos);
  EXPECT_NE(decoded.find("45/KH-UBND"), std::string::npos);
  EXPECT_NE(decoded.find("- Như trên;"), std::string::npos);
}

TEST(LegacyEncodingTest, Tcvn3HeadingsInCapitalFontsAreExact) {
  // A heading typed in lower case and drawn by .VnTimeH: exact with the font name.
  const std::string heading = "ủy ban nhân dân tỉnh đồng tháp";
  EXPECT_EQ(decode_legacy(extracted(heading, LegacyEncoding::tcvn3), LegacyEncoding::tcvn3,
                          is_capital_font(".VnTimeH")),
            "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP");
}

// --- No false positives ------------------------------------------------------------------------

void expect_unicode_everywhere(const Document &document, const std::string &what) {
  EXPECT_EQ(detect_legacy_encoding(document.text()), LegacyEncoding::none) << what;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks) {
      EXPECT_EQ(detect_legacy_encoding(block.text()), LegacyEncoding::none)
          << what << ": " << block.text();
      for (const Line &line : block.lines) {
        EXPECT_EQ(detect_legacy_encoding(line.text()), LegacyEncoding::none)
            << what << ": " << line.text();
        for (const Word &word : line.words)
          EXPECT_EQ(encoding_from_font(word.font), LegacyEncoding::none) << word.font;
      }
    }
}

TEST(LegacyEncodingTest, NeverConvertsTheTeamsUnicodeSamples) {
  int documents = 0;
  for (const std::string format : {"pdf", "docx", "odt"}) {
    for (const auto &entry : fs::directory_iterator(test::source_dir() / "samples" / format)) {
      const Document document = extract_document(InputFile::read(entry.path()), {});
      ASSERT_FALSE(document.text().empty()) << entry.path();
      expect_unicode_everywhere(document, entry.path().filename().string());
      ++documents;
    }
  }
  EXPECT_GE(documents, 9);
}

TEST(LegacyEncodingTest, NeverConvertsTheSampleNoticeOrUnicodeText) {
  // The team's notice, as plain text: the tests must not depend on files outside the project.
  const std::string notice =
      test::read_file(test::source_dir() / "tests" / "data" / "notice-2021-sct.txt");
  ASSERT_GT(notice.size(), 1000u);
  EXPECT_EQ(detect_legacy_encoding(notice), LegacyEncoding::none);
  std::istringstream lines(notice);
  std::string line;
  while (std::getline(lines, line))
    EXPECT_EQ(detect_legacy_encoding(line), LegacyEncoding::none) << line;
  EXPECT_EQ(detect_legacy_encoding(all_paragraphs()), LegacyEncoding::none);
  for (const std::string &paragraph : kParagraphs) {
    std::istringstream in(paragraph);
    while (std::getline(in, line))
      EXPECT_EQ(detect_legacy_encoding(line), LegacyEncoding::none) << line;
  }
  // Unicode text that happens to use only Latin-1 letters, and other languages.
  for (const std::string text :
       {"THÔNG BÁO", "Tôi là công chức", "KIỂM TRA", "Café au lait, s'il vous plaît",
        "Müller Straße", "São Paulo é uma cidade", "Nam Định"})
    EXPECT_EQ(detect_legacy_encoding(text), LegacyEncoding::none) << text;
  // Plain ASCII, and a single word, are no evidence.
  EXPECT_EQ(detect_legacy_encoding("UBND tinh Dong Thap"), LegacyEncoding::none);
  EXPECT_EQ(detect_legacy_encoding("TØNH"), LegacyEncoding::none);
}

} // namespace
} // namespace vnotice
