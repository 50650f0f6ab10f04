#include "extractors/legacy_encoding.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace vnotice {
namespace {

// --- The byte tables ---------------------------------------------------------------------------

// One row of extractors/data/legacy_encodings.tsv: a character, its capital, and its bytes in
// each encoding ("" when the encoding has no code for it). See extractors/data/README.md.
struct LegacyRow {
  char32_t code_point;
  char32_t upper;
  std::string_view tcvn3, vni, viscii, vps, cp1258;
};

constexpr LegacyRow kLegacyRows[] = {
#include "extractors/data/legacy_encodings.inc"
};

std::string_view bytes_in(const LegacyRow &row, LegacyEncoding encoding) {
  switch (encoding) {
  case LegacyEncoding::tcvn3: return row.tcvn3;
  case LegacyEncoding::vni: return row.vni;
  case LegacyEncoding::viscii: return row.viscii;
  case LegacyEncoding::vps: return row.vps;
  case LegacyEncoding::cp1258: return row.cp1258;
  case LegacyEncoding::none: break;
  }
  return {};
}

// Windows-1252 at 80-9F (the rest of the code page is Latin-1); 0 where it defines nothing.
constexpr std::array<char32_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

char32_t cp1252_char(uint8_t byte) {
  if (byte >= 0x80 && byte < 0xA0 && kCp1252High[byte - 0x80] != 0) return kCp1252High[byte - 0x80];
  return byte; // ASCII, Latin-1, and the five undefined bytes as C1 code points
}

// The legacy byte a character stands for, or -1 when it cannot be one.
int byte_of(char32_t c) {
  if (c < 0x100) return static_cast<int>(c);
  for (size_t i = 0; i < kCp1252High.size(); ++i)
    if (kCp1252High[i] == c) return static_cast<int>(0x80 + i);
  if (c >= 0xF000 && c <= 0xF0FF) return static_cast<int>(c - 0xF000); // symbol-font mapping
  return -1;
}

// Windows-1258's combining bytes (vn-legacy-encodings.md, "Quirks: CP1258").
constexpr std::array<std::pair<uint8_t, char32_t>, 5> kCp1258Marks = {
    {{0xCC, 0x0300}, {0xEC, 0x0301}, {0xD2, 0x0309}, {0xDE, 0x0303}, {0xF2, 0x0323}}};

struct Decoder {
  std::array<char32_t, 256> single{}; // one-byte codes; 0 where the byte keeps its cp1252 meaning
  std::array<bool, 256> caseless{};   // TCVN3: a lower-case letter whose capital has no code
  std::unordered_map<uint16_t, char32_t> pairs; // VNI: base byte << 8 | diacritic byte
};

struct Tables {
  std::array<Decoder, 6> decoders;              // indexed by LegacyEncoding
  std::unordered_map<char32_t, char32_t> upper; // every letter of the table -> its capital
  std::unordered_map<char32_t, bool> is_upper;  // every letter of the table -> is it a capital

  Tables() {
    for (const LegacyRow &row : kLegacyRows) {
      // Every row is a letter except the Windows-1252 symbols at 80-9F.
      const int byte = byte_of(row.code_point);
      if (byte < 0x80 || byte >= 0xA0) {
        upper[row.code_point] = row.upper;
        if (row.upper != row.code_point) {
          is_upper[row.code_point] = false;
          is_upper[row.upper] = true;
        }
      }
    }
    for (LegacyEncoding encoding :
         {LegacyEncoding::tcvn3, LegacyEncoding::vni, LegacyEncoding::viscii, LegacyEncoding::vps,
          LegacyEncoding::cp1258}) {
      Decoder &decoder = decoders[static_cast<size_t>(encoding)];
      for (const LegacyRow &row : kLegacyRows) {
        const std::string_view bytes = bytes_in(row, encoding);
        if (bytes.size() == 1) {
          decoder.single[static_cast<uint8_t>(bytes[0])] = row.code_point;
        } else if (bytes.size() == 2) {
          decoder.pairs[static_cast<uint16_t>(static_cast<uint8_t>(bytes[0]) << 8 |
                                              static_cast<uint8_t>(bytes[1]))] = row.code_point;
        }
      }
      if (encoding == LegacyEncoding::tcvn3) {
        for (const LegacyRow &row : kLegacyRows) {
          // A lower-case letter whose capital has no TCVN3 code: the font alone tells its case.
          if (row.tcvn3.size() != 1 || row.upper == row.code_point) continue;
          const auto capital =
              std::find_if(std::begin(kLegacyRows), std::end(kLegacyRows),
                           [&](const LegacyRow &r) { return r.code_point == row.upper; });
          if (capital != std::end(kLegacyRows) && capital->tcvn3.empty())
            decoder.caseless[static_cast<uint8_t>(row.tcvn3[0])] = true;
        }
      }
      if (encoding == LegacyEncoding::vni) {
        // A capital's diacritic byte is the lower-case one minus 0x20. Text whose case was
        // changed byte by byte can pair a base with the other case's diacritic: accept it.
        const auto exact = decoder.pairs;
        for (const auto &[key, letter] : exact) {
          const auto other = static_cast<uint16_t>(key ^ 0x20);
          if (!exact.contains(other)) decoder.pairs.emplace(other, letter);
        }
      }
      if (encoding == LegacyEncoding::cp1258)
        for (const auto &[byte, mark] : kCp1258Marks)
          decoder.single[byte] = mark;
    }
  }

  const Decoder &decoder(LegacyEncoding encoding) const {
    return decoders[static_cast<size_t>(encoding)];
  }
  bool letter(char32_t c) const { return upper.contains(c); }
  char32_t to_upper(char32_t c) const {
    const auto found = upper.find(c);
    return found == upper.end() ? c : found->second;
  }
};

const Tables &tables() {
  static const Tables instance;
  return instance;
}

// --- UTF-8 -------------------------------------------------------------------------------------

std::u32string decode_utf8(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xE  ? 3
                    : (c >> 3) == 0x1E ? 4
                                       : 0;
    char32_t cp = length == 1 ? c : length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
    bool ok = length != 0 && i + length <= s.size();
    for (size_t k = 1; ok && k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      ok = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

void append_utf8(std::string &out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

std::string to_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  for (char32_t c : text)
    append_utf8(out, c);
  return out;
}

// --- Decoding ----------------------------------------------------------------------------------

// One input character: the legacy byte it stands for (-1 when it cannot be one) and itself.
struct Unit {
  char32_t code_point;
  int byte;
};

// One output character; `caseless` when TCVN3 gave no way to write it as a capital.
struct Decoded {
  char32_t code_point;
  bool caseless = false;
};

// Bytes of UTF-8 text that separate words (never part of a multi-byte character).
bool is_ascii_space(int byte) {
  return byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r' || byte == '\f' ||
         byte == '\v';
}

// Legacy bytes that separate words: ASCII white space and the no-break space.
bool is_space_byte(int byte) { return is_ascii_space(byte) || byte == 0xA0; }

bool is_letter_byte(const Decoder &decoder, int byte) {
  return byte >= 0 && tables().letter(decoder.single[static_cast<size_t>(byte)]);
}

// TCVN3's ư (AD) comes out of PDF text extraction as '-' as often as not: decide, per hyphen,
// whether it is the letter (see decode_legacy in the header for the rule and its examples).
void restore_tcvn3_hyphens(std::vector<Unit> &units, const Decoder &decoder) {
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].byte != '-') continue;
    size_t left = i, right = i + 1;
    while (left > 0 && is_letter_byte(decoder, units[left - 1].byte))
      --left;
    while (right < units.size() && is_letter_byte(decoder, units[right].byte))
      ++right;
    if (left == i && right == i + 1) continue;
    // Numbers and symbols with digits ("Covid-19", "16/CT-TTg") keep their hyphens.
    size_t chunk_start = i, chunk_end = i;
    while (chunk_start > 0 && !is_space_byte(units[chunk_start - 1].byte))
      --chunk_start;
    while (chunk_end < units.size() && !is_space_byte(units[chunk_end].byte))
      ++chunk_end;
    bool digit = false;
    for (size_t k = chunk_start; k < chunk_end && !digit; ++k)
      digit = units[k].byte >= '0' && units[k].byte <= '9';
    if (digit) continue;
    // An all-capital ASCII word has Ư (A6) for ư: its hyphens are hyphens ("KH-SCT").
    bool ascii_capitals = true;
    for (size_t k = left; k < right && ascii_capitals; ++k)
      ascii_capitals = k == i || (units[k].byte >= 'A' && units[k].byte <= 'Z');
    if (ascii_capitals) continue;
    std::u32string before, after;
    for (size_t k = left; k < i; ++k)
      before.push_back(decoder.single[static_cast<size_t>(units[k].byte)]);
    for (size_t k = i + 1; k < right; ++k)
      after.push_back(decoder.single[static_cast<size_t>(units[k].byte)]);
    const std::string joined = to_utf8(before + U"ư" + after);
    if (!is_vietnamese_syllable(joined)) continue;
    if (!before.empty() && !after.empty() && is_vietnamese_syllable(to_utf8(before)) &&
        is_vietnamese_syllable(to_utf8(after)))
      continue; // a compound of two syllables: "tế-xã" stays
    units[i].byte = 0xAD;
  }
}

// Case of a decoded TCVN3 word: its letters that have capital codes are all lower / mixed, all
// capitals (at least two of them), or too few capitals to tell.
enum class WordCase { lower, upper, unknown };

// TCVN3 without a capital font: toned letters were written with lower-case codes even in
// capital words; give them the case of their word (and, for words too short to tell, of an
// upper-case neighbour on the same line).
void restore_tcvn3_capitals(std::vector<Decoded> &text) {
  const Tables &t = tables();
  struct WordSpan {
    size_t begin, end;
    WordCase state;
    bool has_caseless;
    bool syllable;
    bool line_break_before; // a line break between this word and the previous one
  };
  std::vector<WordSpan> words;
  bool line_break = false;
  for (size_t i = 0; i < text.size();) {
    if (!t.letter(text[i].code_point)) {
      line_break = line_break || text[i].code_point == U'\n';
      ++i;
      continue;
    }
    WordSpan word{i, i, WordCase::unknown, false, false, line_break};
    line_break = false;
    int capitals = 0, small = 0;
    while (word.end < text.size() && t.letter(text[word.end].code_point)) {
      const Decoded &d = text[word.end++];
      if (d.caseless) {
        word.has_caseless = true;
      } else if (const auto found = t.is_upper.find(d.code_point); found != t.is_upper.end()) {
        (found->second ? capitals : small)++;
      }
    }
    word.state = small > 0 ? WordCase::lower : capitals >= 2 ? WordCase::upper : WordCase::unknown;
    if (word.state == WordCase::upper) {
      std::u32string letters;
      for (size_t k = word.begin; k < word.end; ++k)
        letters.push_back(text[k].code_point);
      word.syllable = is_vietnamese_syllable(to_utf8(letters));
    }
    words.push_back(word);
    i = word.end;
  }
  auto capitalise = [&](const WordSpan &word) {
    for (size_t k = word.begin; k < word.end; ++k)
      if (text[k].caseless) text[k].code_point = t.to_upper(text[k].code_point);
  };
  for (size_t w = 0; w < words.size(); ++w) {
    const WordSpan &word = words[w];
    if (!word.has_caseless) continue;
    if (word.state == WordCase::upper) {
      capitalise(word);
      continue;
    }
    if (word.state != WordCase::unknown) continue;
    const WordSpan *previous = w > 0 && !word.line_break_before ? &words[w - 1] : nullptr;
    const WordSpan *next =
        w + 1 < words.size() && !words[w + 1].line_break_before ? &words[w + 1] : nullptr;
    bool evidence = false, against = false;
    for (const WordSpan *neighbour : {previous, next}) {
      if (neighbour == nullptr) continue;
      against = against || neighbour->state == WordCase::lower;
      evidence = evidence || (neighbour->state == WordCase::upper && neighbour->syllable);
    }
    if (evidence && !against) capitalise(word);
  }
}

std::vector<Decoded> decode_units(const std::vector<Unit> &units, LegacyEncoding encoding) {
  const Decoder &decoder = tables().decoder(encoding);
  std::vector<Decoded> out;
  out.reserve(units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    const int byte = units[i].byte;
    if (byte < 0) {
      out.push_back({units[i].code_point});
      continue;
    }
    if (encoding == LegacyEncoding::vni && i + 1 < units.size() && units[i + 1].byte >= 0) {
      const auto key = static_cast<uint16_t>(byte << 8 | units[i + 1].byte);
      if (const auto found = decoder.pairs.find(key); found != decoder.pairs.end()) {
        out.push_back({found->second});
        ++i;
        continue;
      }
    }
    const char32_t letter = decoder.single[static_cast<size_t>(byte)];
    if (letter != 0)
      out.push_back({letter, decoder.caseless[static_cast<size_t>(byte)]});
    else
      out.push_back({cp1252_char(static_cast<uint8_t>(byte))});
  }
  return out;
}

// --- Font names --------------------------------------------------------------------------------

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The family name: no subset prefix ("ABCDEF+"), no style (",Bold", "-BoldItalic"), no PDF
// name escape for spaces ("#20").
std::string font_family(std::string_view name) {
  if (name.size() > 7 && name[6] == '+' &&
      std::all_of(name.begin(), name.begin() + 6, [](char c) { return c >= 'A' && c <= 'Z'; }))
    name.remove_prefix(7);
  if (const size_t comma = name.find(','); comma != std::string_view::npos)
    name = name.substr(0, comma);
  std::string family;
  for (size_t i = 0; i < name.size(); ++i) {
    const bool escaped_space = name.substr(i, 3) == "#20";
    family.push_back(escaped_space ? ' ' : name[i]);
    i += escaped_space ? 2 : 0;
  }
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view style : {"-bolditalic", "-boldoblique", "-italic", "-oblique", "-bold",
                                   "-regular", "-roman", "-normal"}) {
      const std::string lower = ascii_lower(family);
      if (lower.size() > style.size() && lower.ends_with(style)) {
        family.resize(family.size() - style.size());
        stripped = true;
      }
    }
  }
  while (!family.empty() && family.back() == ' ')
    family.pop_back();
  return family;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '_') out.push_back(c);
  return out;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return s.starts_with(p); });
}

} // namespace

std::string_view legacy_encoding_name(LegacyEncoding encoding) {
  switch (encoding) {
  case LegacyEncoding::none: return "none";
  case LegacyEncoding::tcvn3: return "tcvn3";
  case LegacyEncoding::vni: return "vni";
  case LegacyEncoding::viscii: return "viscii";
  case LegacyEncoding::vps: return "vps";
  case LegacyEncoding::cp1258: return "cp1258";
  }
  return "none";
}

LegacyEncoding encoding_from_font(std::string_view font_name) {
  const std::string family = font_family(font_name);
  const std::string lower = ascii_lower(family);
  const std::string compact = without_spaces(lower);
  // TCVN3: the ".Vn" fonts of the ABC package (.VnTime, .VnArial NarrowH, .VnBook-Antiqua...);
  // some PDF producers drop the leading dot of the best-known ones.
  if (lower.starts_with(".vn")) return LegacyEncoding::tcvn3;
  for (std::string_view known : {"vntime", "vnarial", "vnarialnarrow", "vnavant", "vncourier",
                                 "vnbook-antiqua", "vnhelvetins", "vnuniverse"})
    if (compact == known ||
        (compact.size() == known.size() + 1 && compact.starts_with(known) && compact.back() == 'h'))
      return LegacyEncoding::tcvn3;
  // VNI-Windows: VNI-Times, VNI-Helve, VNI-Aptima, VNI Times...
  if (starts_with_any(lower, {"vni-", "vni ", "vni_"})) return LegacyEncoding::vni;
  // VISCII: the "VI" fonts of the Viet-Std group and the "1.1" families (WinVNKey, VIQR tools).
  if (lower.find("viscii") != std::string::npos || lower.starts_with("vi ") ||
      starts_with_any(compact, {"vitimes", "viarial", "viavan", "vibook", "vicourier"}))
    return LegacyEncoding::viscii;
  if (compact.ends_with("1.1") &&
      starts_with_any(compact, {"heomay", "hoangyen", "minhquan", "minhqu\xc3\xa2n", "phuongthao",
                                "thahuong", "uhoai", "uho\xc3\xa0i"}))
    return LegacyEncoding::viscii;
  // VPS: VPS Times, VPS Helv, VPS Long An, VPS Nam Dinh, VPS Ninh Binh (and their "Hoa" capitals).
  if (starts_with_any(lower, {"vps ", "vps-", "vps_"}) ||
      starts_with_any(compact, {"vpstimes", "vpshelv", "vpslongan", "vpsnamdinh", "vpsninhbinh"}))
    return LegacyEncoding::vps;
  return LegacyEncoding::none;
}

bool is_capital_font(std::string_view font_name) {
  const LegacyEncoding encoding = encoding_from_font(font_name);
  std::string family = without_spaces(font_family(font_name));
  switch (encoding) {
  case LegacyEncoding::tcvn3:
  case LegacyEncoding::viscii:
    // .VnTimeH, .VnArial NarrowH, VI Times H, HoangYenH 1.1: "H" for hoa (capital).
    if (family.ends_with("1.1")) family.resize(family.size() - 3);
    return family.ends_with('H');
  case LegacyEncoding::vps: return ascii_lower(family).ends_with("hoa"); // VPS Times Hoa
  case LegacyEncoding::vni:
  case LegacyEncoding::cp1258:
  case LegacyEncoding::none: break;
  }
  return false;
}

std::string bytes_as_cp1252(std::string_view raw) {
  std::string out;
  out.reserve(raw.size() * 2);
  for (char c : raw)
    append_utf8(out, cp1252_char(static_cast<uint8_t>(c)));
  return out;
}

std::string decode_legacy(std::string_view extracted_utf8, LegacyEncoding encoding,
                          bool capital_font) {
  if (encoding == LegacyEncoding::none) return std::string(extracted_utf8);
  const std::u32string input = decode_utf8(extracted_utf8);
  std::vector<Unit> units;
  units.reserve(input.size());
  for (char32_t c : input)
    units.push_back({c, byte_of(c)});
  if (encoding == LegacyEncoding::tcvn3)
    restore_tcvn3_hyphens(units, tables().decoder(LegacyEncoding::tcvn3));
  std::vector<Decoded> decoded = decode_units(units, encoding);
  if (capital_font) {
    for (Decoded &d : decoded)
      d.code_point = tables().to_upper(d.code_point);
  } else if (encoding == LegacyEncoding::tcvn3) {
    restore_tcvn3_capitals(decoded);
  }
  std::u32string text;
  text.reserve(decoded.size());
  for (const Decoded &d : decoded)
    text.push_back(d.code_point);
  // Windows-1258 gives base letters and combining marks; the other tables give NFC letters, but
  // characters passed through may not be.
  return to_nfc(to_utf8(text));
}

LegacyEncoding detect_legacy_encoding(std::string_view extracted_utf8) {
  const std::u32string text = decode_utf8(extracted_utf8);
  bool high = false;
  for (char32_t c : text) {
    // A Vietnamese letter or tone mark Windows-1252 lacks: the text is Unicode already.
    const bool vietnamese_only = c == 0x0102 || c == 0x0103 || c == 0x0110 || c == 0x0111 ||
                                 c == 0x0128 || c == 0x0129 || c == 0x0168 || c == 0x0169 ||
                                 c == 0x01A0 || c == 0x01A1 || c == 0x01AF || c == 0x01B0 ||
                                 (c >= 0x1EA0 && c <= 0x1EF9) || (c >= 0x0300 && c <= 0x0323);
    if (vietnamese_only) return LegacyEncoding::none;
    high = high || c >= 0x80 || (c < 0x20 && !is_ascii_space(static_cast<int>(c)));
  }
  if (!high) return LegacyEncoding::none; // plain ASCII reads the same in every encoding

  // The first 20 000 whitespace-separated chunks are plenty of evidence.
  std::string_view sample = extracted_utf8;
  size_t chunks = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    if (is_ascii_space(static_cast<unsigned char>(sample[i])) && ++chunks == 20000) {
      sample = sample.substr(0, i);
      break;
    }
  }
  auto split = [](std::string_view s) {
    std::vector<std::string_view> parts;
    size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && is_ascii_space(static_cast<unsigned char>(s[i])))
        ++i;
      size_t end = i;
      while (end < s.size() && !is_ascii_space(static_cast<unsigned char>(s[end])))
        ++end;
      if (end > i) parts.push_back(s.substr(i, end - i));
      i = end;
    }
    return parts;
  };
  const std::vector<std::string_view> before_chunks = split(sample);

  LegacyEncoding best = LegacyEncoding::none;
  int best_gain = 0;
  for (LegacyEncoding candidate :
       {LegacyEncoding::tcvn3, LegacyEncoding::vni, LegacyEncoding::viscii, LegacyEncoding::vps,
        LegacyEncoding::cp1258}) {
    const std::string decoded = decode_legacy(sample, candidate, false);
    const std::vector<std::string_view> after_chunks = split(decoded);
    // No table maps a byte to or from white space, so the chunks stay aligned; be safe anyway.
    if (after_chunks.size() != before_chunks.size()) continue;
    // Judge only the words the decoding changes: the rest read the same either way.
    std::string before, after;
    for (size_t i = 0; i < before_chunks.size(); ++i) {
      if (before_chunks[i] == after_chunks[i]) continue;
      before.append(before_chunks[i]).push_back(' ');
      after.append(after_chunks[i]).push_back(' ');
    }
    const SyllableCount was = count_syllables(before), is = count_syllables(after);
    const int gain = is.valid - was.valid;
    if (gain >= 2 && is.share() - was.share() >= 0.3 && is.share() >= 0.5 && gain > best_gain) {
      best = candidate;
      best_gain = gain;
    }
  }
  return best;
}

} // namespace vnotice
