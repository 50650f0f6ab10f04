// The Vietnamese text layer's core (issue 4, point 1): NFC, the comparison keys, the syllable
// model. Real Vietnamese throughout, including every example of the issue.
#include "pipeline/vietnamese_text.h"
#include "test_support.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace vnotice {
namespace {

// "hòa" spelled with a decomposed tone mark after the o (NFD / Windows-1258 habit).
const std::string kHoaNfd = "ho\xcc\x80"
                            "a";              // o + U+0300 + a
const std::string kHoaNewNfd = "hoa\xcc\x80"; // a + U+0300

TEST(VietnameseTextTest, ToneMarksAreCountedInAnyNormalForm) {
  EXPECT_EQ(tone_marks("Tiếpnhận"), 2);
  EXPECT_EQ(tone_marks("Tie\xcc\x82\xcc\x81p"), 1); // NFD: e + circumflex + acute
  EXPECT_EQ(tone_marks("Đơn"), 0);                  // đ, ơ and the circumflex are no tones
  EXPECT_EQ(tone_marks("hoà hòa thuỷ"), 3);
  EXPECT_EQ(tone_marks("TTHC"), 0);
}

TEST(VietnameseTextTest, ToNfcComposesNfdAndWindows1258Input) {
  EXPECT_EQ(to_nfc(kHoaNfd), "hòa");
  EXPECT_EQ(to_nfc(kHoaNewNfd), "hoà");
  // Fully decomposed: e + dot below + circumflex.
  EXPECT_EQ(to_nfc("Vie\xcc\xa3\xcc\x82t Nam"), "Việt Nam");
  // Windows-1258 style: the precomposed ê of the code page, then a combining dot below.
  EXPECT_EQ(to_nfc("Vi\xc3\xaa\xcc\xa3t"), "Việt");
  EXPECT_EQ(to_nfc("Ti\xc3\xaa\xcc\x81p nha\xcc\xa3\xcc\x82n"), "Tiếp nhận");
  EXPECT_EQ(to_nfc("Ca\xcc\x89i ca\xcc\x81"
                   "ch ha\xcc\x80nh chi\xcc\x81nh"),
            "Cải cách hành chính");
  EXPECT_EQ(to_nfc("\xc4\x90o\xcc\x82\xcc\x80ng Tha\xcc\x81p"), "Đồng Tháp");
}

TEST(VietnameseTextTest, ToNfcKeepsTheSourcesTonePlacementAndCase) {
  for (const std::string text : {"hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "HOÀ", "Hòa",
                                 "Cộng hòa xã hội chủ nghĩa Việt Nam", "16/CT-TTg", ""})
    EXPECT_EQ(to_nfc(text), text);
  EXPECT_NE(to_nfc("hòa"), to_nfc("hoà"));
}

TEST(VietnameseTextTest, ToNfcReplacesIllFormedUtf8) {
  EXPECT_EQ(to_nfc("H\xe0 N\xe1i"), "H\xef\xbf\xbd N\xef\xbf\xbdi"); // bare Latin-1 bytes
}

TEST(VietnameseTextTest, FoldTreatsTonePlacementCaseAndNormalFormAlike) {
  const std::vector<std::pair<std::string, std::string>> same = {
      {"hòa", "hoà"},
      {"thủy", "thuỷ"},
      {"khỏe", "khoẻ"},
      {"Hòa", "HOÀ"},
      {"hòa", kHoaNfd},
      {"hoà", kHoaNfd},
      {"HOÀ", kHoaNewNfd},
      {"Hòa Bình", "HOÀ BÌNH"},
      {"Thủy sản", "THUỶ SẢN"},
      {"hóa", "hoá"},
      {"Khỏe mạnh", "khoẻ mạnh"},
      {"Quý", "QUÝ"},
      {"tùy", "tuỳ"},
      {"Ủy ban", "uỷ ban"},
      {"Cộng hòa xã hội chủ nghĩa Việt Nam", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
      {"Vie\xcc\xa3\xcc\x82t Nam", "VIỆT NAM"},
  };
  for (const auto &[a, b] : same)
    EXPECT_EQ(fold(a), fold(b)) << a << " / " << b;
  // The key is readable: NFC, lower case, new-style placement.
  EXPECT_EQ(fold("Hòa"), "hoà");
  EXPECT_EQ(fold("THỦY"), "thuỷ");
  EXPECT_EQ(fold("Tỉnh Đồng Tháp"), "tỉnh đồng tháp");
  EXPECT_EQ(fold("Số 16/CT-TTg"), "số 16/ct-ttg");
  EXPECT_EQ(fold("UBND"), "ubnd");
}

TEST(VietnameseTextTest, FoldKeepsDifferentWordsApart) {
  const std::vector<std::pair<std::string, std::string>> different = {
      {"hòa", "hóa"},   {"thủy", "thùy"}, {"hoa", "hòa"}, {"khỏe", "khóe"},
      {"Đồng", "Dong"}, {"đồng", "dong"}, {"hỏi", "hói"}, {"việt", "viết"},
      {"quả", "quá"},   {"già", "giá"},   {"ngã", "ngà"}, {"hưởng", "hướng"},
  };
  for (const auto &[a, b] : different)
    EXPECT_NE(fold(a), fold(b)) << a << " / " << b;
}

TEST(VietnameseTextTest, FoldIsIdempotentAndLeavesForeignWordsAlone) {
  for (const std::string text :
       {"Cộng hòa xã hội chủ nghĩa Việt Nam", "QUYẾT ĐỊNH", "Nguyễn Văn Hùng", "café résumé",
        "Covid-19", "khuỷu tay", "người", "giữa"}) {
    const std::string key = fold(text);
    EXPECT_EQ(fold(key), key) << text;
  }
  EXPECT_EQ(fold("Café Résumé"), "café résumé");
}

TEST(VietnameseTextTest, FoldAccentsRemovesEveryDiacriticAndMapsDToD) {
  EXPECT_EQ(fold_accents("Đồng Tháp"), "dong thap");
  EXPECT_EQ(fold_accents("Cộng hòa xã hội chủ nghĩa Việt Nam"),
            "cong hoa xa hoi chu nghia viet nam");
  EXPECT_EQ(fold_accents("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "cong hoa xa hoi chu nghia viet nam");
  EXPECT_EQ(fold_accents("Độc lập - Tự do - Hạnh phúc"), "doc lap - tu do - hanh phuc");
  EXPECT_EQ(fold_accents("Vie\xcc\xa3\xcc\x82t"), "viet");
  EXPECT_EQ(fold_accents("ĐẠI HỘI"), "dai hoi");
  EXPECT_EQ(fold_accents("ÐIỀU 1"), "dieu 1"); // Ð U+00D0, as OCR reads Đ
  EXPECT_EQ(fold_accents("hòa"), fold_accents("hóa"));
}

TEST(VietnameseTextTest, ToneReadingsKeepTheLettersAndChangeTheTone) {
  auto has = [](const std::vector<std::string> &readings, const std::string &reading) {
    return std::find(readings.begin(), readings.end(), reading) != readings.end();
  };
  const auto kiem = tone_readings("kiếm");
  EXPECT_TRUE(has(kiem, "kiểm")); // the tone stays on ê, after its circumflex
  EXPECT_TRUE(has(kiem, "kiêm"));
  EXPECT_TRUE(has(kiem, "kiệm"));
  EXPECT_FALSE(has(kiem, "kiếm")); // never the word itself
  EXPECT_FALSE(has(kiem, "kiẻ\u0302m"));
  EXPECT_EQ(kiem.size(), 5u); // none, huyền, hỏi, ngã, nặng
  // Case and the old tone placement are kept; NFD input gives NFC readings.
  EXPECT_TRUE(has(tone_readings("TỐ"), "TỔ"));
  EXPECT_TRUE(has(tone_readings("hoà"), "hoả"));
  EXPECT_TRUE(has(tone_readings("chi\u0309"), "chi"));
  // A toneless syllable takes a tone on a vowel that can carry it.
  EXPECT_TRUE(has(tone_readings("chi"), "chỉ"));
  EXPECT_TRUE(has(tone_readings("tin"), "tìn"));
  // -p -t -c -ch rhymes take only sắc or nặng.
  const auto tac = tone_readings("tác");
  EXPECT_TRUE(has(tac, "tạc"));
  EXPECT_FALSE(has(tac, "tàc") || has(tac, "tảc") || has(tac, "tãc"));
  EXPECT_TRUE(tone_readings("TTHC").empty());
  EXPECT_TRUE(tone_readings("").empty());
}

TEST(VietnameseTextTest, AcceptsRealSyllables) {
  for (const std::string word :
       {"a",      "ạ",       "ừ",     "ở",     "yêu",   "yên",   "uyên",  "oan",    "ước",
        "ương",   "nghiêng", "người", "khuya", "khuỷu", "quốc",  "quý",   "quí",    "quyết",
        "quỳnh",  "quơ",     "giữa",  "gì",    "gìn",   "giếng", "già",   "giúp",   "thuở",
        "nguyễn", "trường",  "hoà",   "hòa",   "thuỷ",  "thủy",  "khoẻ",  "khỏe",   "kỹ",
        "ký",     "kiểm",    "ghi",   "ghế",   "nghề",  "cũng",  "của",   "cửa",    "Việt",
        "NAM",    "TỈNH",    "Đồng",  "Tháp",  "xoong", "soóc",  "hoạch", "chuyển", "khuyến",
        "huỳnh",  "xuân",    "thuế",  "khuấy", "hươu",  "ngoài", "xoăn",  "hoặc",   "lệ",
        "thành",  "lập",     "học",   "sách",  "tiếp",  "mạt",   "kịch",  "tuyệt",  "ĐOÀN"})
    EXPECT_TRUE(is_vietnamese_syllable(word)) << word;
  // NFD and mixed case.
  EXPECT_TRUE(is_vietnamese_syllable(kHoaNfd));
  EXPECT_TRUE(is_vietnamese_syllable("Vie\xcc\xa3\xcc\x82t"));
  EXPECT_TRUE(is_vietnamese_syllable("ViỆt"));
}

TEST(VietnameseTextTest, RejectsIllFormedSyllables) {
  for (const std::string word : {
           "",                     // nothing
           "ce",                   // c before e is spelled k: "ke"
           "cí",                   // "kí"
           "ka",                   // k only before i e ê y
           "ghà",                  // gh only before i e ê
           "gé",                   // "ghé"
           "ngi",                  // "nghi"
           "nghà",                 // "ngà"
           "qa",                   // q without u
           "hòc",                  // -c takes only sắc or nặng: "học", "hóc"
           "màt",                  // "mát", "mạt"
           "sàch",                 // "sách"
           "tiềp",                 // "tiếp"
           "hòan",                 // with a final consonant the tone sits on a: "hoàn"
           "xaõ",                  // ao takes the tone on a: "xão"
           "qúa",                  // "quá"
           "gìa",                  // "già"
           "tiên\xcc\x81\xcc\x80", // two tone marks
           "tyên",                 // yê only without an onset: "tiên"
           "iêu",                  // without an onset it is "yêu"
           "fun",                  // f is not a Vietnamese letter
           "2021",                 // a number
           "UBND",                 // an abbreviation
           "TTg",
           // Mojibake of legacy encodings read as Windows-1252.
           "Céng",
           "hoµ",
           "x·",
           "ViÖt",
           "TØNH",
           "Th-¬ng",
           "Coäng",
           "nghÜa",
           "chñ",
       })
    EXPECT_FALSE(is_vietnamese_syllable(word)) << word;
}

TEST(VietnameseTextTest, SyllableShareTellsVietnameseFromMojibake) {
  const std::string unicode = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc.";
  EXPECT_DOUBLE_EQ(syllable_share(unicode), 1.0);
  EXPECT_LT(syllable_share("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), 0.4);
  EXPECT_LT(syllable_share("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"), 0.4);
  // Numbers, dates and symbols with digits are not letter tokens; punctuation is trimmed.
  EXPECT_DOUBLE_EQ(syllable_share("Ngày 27/8/2021, số 1820/SCT-VP; (Covid-19)."), 1.0);
  const SyllableCount count = count_syllables("Chỉ thị 16/CT-TTg của Thủ tướng (CCHC).");
  EXPECT_EQ(count.tokens, 6); // Chỉ thị của Thủ tướng CCHC
  EXPECT_EQ(count.valid, 5);
  EXPECT_EQ(syllable_share(""), 0.0);
  EXPECT_EQ(syllable_share("2021 - 2025"), 0.0);
}

TEST(VietnameseTextTest, SampleNoticeIsOverwhelminglyValidSyllables) {
  const std::string text =
      test::read_file(test::source_dir() / "tests" / "data" / "notice-2021-sct.txt");
  const SyllableCount count = count_syllables(text);
  EXPECT_GT(count.tokens, 900);
  EXPECT_GT(count.share(), 0.85) << count.valid << " of " << count.tokens;
}

// fold and fold_accents look Latin and Vietnamese letters up in tables built once; whole-text ICU
// is the reference they must match, on every table letter alone and in words, in real text, and
// in random mixes (upper case, both tone placements, đ, ð, marks from NFD, other scripts).
TEST(VietnameseTextTest, TableFoldingMatchesIcuFolding) {
  auto expect_same = [](const std::string &text) {
    EXPECT_EQ(fold(text), detail::fold_with_icu(text)) << text;
    EXPECT_EQ(fold_accents(text), detail::fold_accents_with_icu(text)) << text;
  };
  std::vector<std::string> letters;
  auto utf8 = [](char32_t c) {
    std::string out;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
    return out;
  };
  for (char32_t c = 0x20; c < 0x250; ++c)
    if (c < 0x7F || c >= 0xA0) letters.push_back(utf8(c));
  for (char32_t c = 0x1E00; c < 0x1F00; ++c)
    letters.push_back(utf8(c));
  for (const std::string &letter : letters) {
    expect_same(letter);
    expect_same("ngh" + letter + "n");
    expect_same("Q" + letter + letter + "NG");
  }
  const std::string notice =
      test::read_file(test::source_dir() / "tests" / "data" / "notice-2021-sct.txt");
  std::istringstream lines(notice);
  for (std::string line; std::getline(lines, line);)
    expect_same(line);
  // Random words from Vietnamese pieces, NFD marks and a few other scripts.
  const std::vector<std::string> pieces = {"Đ",
                                           "đ",
                                           "ð",
                                           "Ð",
                                           "hoà",
                                           "hòa",
                                           "THỦY",
                                           "thuỷ",
                                           "khoẻ",
                                           "KHỎE",
                                           "ệ",
                                           "Ệ",
                                           "ươ",
                                           "ƯỚ",
                                           "qu",
                                           "gi",
                                           "ng",
                                           "a\xcc\x80",
                                           "e\xcc\x82\xcc\x81",
                                           "\xcc\x81",
                                           "ß",
                                           "İ",
                                           "ǅ",
                                           "Ω",
                                           "ж",
                                           "中",
                                           " ",
                                           "-",
                                           "2021",
                                           "/KH-SCT",
                                           "ǻ",
                                           "Ǿ",
                                           "ẞ"};
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int length = 1 + static_cast<int>(random() % 8);
    for (int k = 0; k < length; ++k)
      text += pieces[random() % pieces.size()];
    expect_same(text);
  }
}

TEST(VietnameseTextTest, EditDistanceCountsByteEdits) {
  EXPECT_EQ(edit_distance("phong quan ly cong nghiep", "phong quan ly cong nghief"), 1);
  EXPECT_EQ(edit_distance("", "abc"), 3);
  EXPECT_EQ(edit_distance("tfkn", "ttkn"), 1);
  EXPECT_EQ(edit_distance("kt giam doc", "giam doc"), 3);
}

TEST(VietnameseTextTest, MappedFoldingFoldsAsFoldAccentsAndPointsBackToTheSource) {
  const std::string notice =
      test::read_file(test::source_dir() / "tests" / "data" / "notice-2021-sct.txt");
  std::istringstream lines(notice);
  for (std::string line; std::getline(lines, line);) {
    const FoldedText folded = fold_accents_mapped(line);
    EXPECT_EQ(folded.text, fold_accents(line)) << line;
    ASSERT_EQ(folded.origin.size(), folded.text.size() + 1);
    EXPECT_EQ(folded.origin.back(), line.size());
    for (size_t i = 0; i < folded.text.size(); ++i) // each byte from the start of a code point
      EXPECT_NE(static_cast<unsigned char>(line[folded.origin[i]]) & 0xC0, 0x80) << line;
  }
  const FoldedText title = fold_accents_mapped("ĐỒNG Tháp ÐIỀU");
  EXPECT_EQ(title.text, "dong thap dieu");
  EXPECT_EQ(title.origin[0], 0U); // "d" from "Đ" (2 bytes)
  EXPECT_EQ(title.origin[1], 2U); // "o" from "Ồ" (3 bytes)
  EXPECT_EQ(title.origin[2], 5U);
  // Outside the tables (Greek, an NFD mark, ill-formed UTF-8): ICU's path, one code point each.
  EXPECT_EQ(fold_accents_mapped("Άλφα").text, "αλφα");
  EXPECT_EQ(fold_accents_mapped("Vie\xcc\xa3\xcc\x82t").text.substr(0, 3), "vie");
  EXPECT_EQ(fold_accents_mapped("a\xff"
                                "b")
                .text,
            "a\xef\xbf\xbd"
            "b");
}

} // namespace
} // namespace vnotice
