#include "extractors/text_normaliser.h"

#include "extractors/legacy_encoding.h"
#include "extractors/ocr_repair.h"
#include "pipeline/text_util.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <re2/re2.h>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

namespace vnotice {
namespace {

// --- legacy encodings ---------------------------------------------------------------------------

// Decodes runs of words that share a font, so the decoder sees each word's neighbours (TCVN3
// capitals are told from context). Returns the encodings met, with how many words each.
void decode_runs(Line &line, std::map<LegacyEncoding, int> &seen) {
  size_t start = 0;
  while (start < line.words.size()) {
    const std::string &font = line.words[start].font;
    size_t end = start + 1;
    while (end < line.words.size() && line.words[end].font == font)
      ++end;
    const LegacyEncoding encoding = font.empty() ? LegacyEncoding::none : encoding_from_font(font);
    if (encoding != LegacyEncoding::none) {
      std::string run;
      for (size_t k = start; k < end; ++k)
        run += (k > start ? " " : "") + line.words[k].text;
      const std::string text = decode_legacy(run, encoding, is_capital_font(font));
      const auto decoded = split_words(text);
      if (decoded.size() == end - start) {
        for (size_t k = start; k < end; ++k)
          line.words[k].text = decoded[k - start];
      } else {
        for (size_t k = start; k < end; ++k)
          line.words[k].text = decode_legacy(line.words[k].text, encoding, is_capital_font(font));
      }
      seen[encoding] += static_cast<int>(end - start);
    }
    start = end;
  }
}

// A block whose words carry no legacy font: decide from the text itself.
// `file_encoding`, when known, is the one encoding of a plain-text file: a short upper-case block
// (a letterhead line, a heading) is too little evidence on its own, but the file has one encoding.
// Never a block read by OCR: Tesseract writes the letters it sees in Unicode, and the stray marks
// it makes of noise ("ˆ", "ÿ") are bytes of a legacy encoding only by chance (a 150-dpi scan had
// two such marks turned into "Ẽ" and "Ữ" as VISCII).
void decode_unmarked_block(Block &block, std::map<LegacyEncoding, int> &seen,
                           LegacyEncoding file_encoding) {
  for (const Line &line : block.lines)
    for (const Word &word : line.words)
      if (word.origin == Origin::ocr ||
          (!word.font.empty() && encoding_from_font(word.font) != LegacyEncoding::none))
        return;
  const LegacyEncoding encoding =
      file_encoding != LegacyEncoding::none ? file_encoding : detect_legacy_encoding(block.text());
  if (encoding == LegacyEncoding::none) return;
  for (Line &line : block.lines) {
    std::string run;
    for (size_t k = 0; k < line.words.size(); ++k)
      run += (k ? " " : "") + line.words[k].text;
    const std::string text = decode_legacy(run, encoding);
    const auto decoded = split_words(text);
    if (decoded.size() == line.words.size())
      for (size_t k = 0; k < decoded.size(); ++k)
        line.words[k].text = decoded[k];
    else
      for (Word &word : line.words)
        word.text = decode_legacy(word.text, encoding);
    seen[encoding] += static_cast<int>(line.words.size());
  }
}

// The numeral of part `n` (1 to 10: no document has more parts): "I" to "X", "" beyond.
std::string roman(int n) { return n >= 1 && n <= 10 ? to_roman(n) : ""; }

// "I." to "X.": a part heading's label as Decree 30 writes it.
bool is_roman_label(const std::string &text) {
  for (int n = 1; n <= 10; ++n)
    if (text == roman(n) + ".") return true;
  return false;
}

// Part headings (Decree 30: I., II., III. ... followed by an upper-case title; some house styles
// write "Phần I.") misread as "H.", "IH.", "Il.", "NI.", "ÌI.", a repeated numeral, or with the
// dot lost ("II TỒN TẠI"): where the sequence of headings shows what it must be. The look-alikes
// are the strokes of a capital I (l, 1, |, H, N, Ì, Ï). A label read without its dot is taken
// only when made of I, l and | alone (a title may start with a word such as "NHI"), and is given
// the dot Decree 30 writes after a part's numeral (../shared/reference/decree30-format.md,
// "Headings").
void repair_roman_headings(Document &document) {
  static const RE2 dotted(R"(((?:I|V|X|H|l|N|1|\||Ì|Ï){1,4})\.)");
  static const RE2 undotted(R"(((?:I|l|\|){1,3}))");
  int previous = 0;
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines) {
        // "Phần II. ..." : the numeral is the second word.
        const size_t at =
            !line.words.empty() && (line.words[0].text == "Phần" || line.words[0].text == "PHẦN")
                ? 1
                : 0;
        if (line.words.size() < at + 2) continue;
        Word &label = line.words[at];
        // The title after the label is upper case: "KẾT QUẢ KIỂM TRA".
        if (!is_upper_case(line.words[at + 1].text)) continue;
        std::string numeral;
        const bool dot = RE2::FullMatch(label.text, dotted, &numeral);
        if (!dot &&
            !(label.origin == Origin::ocr && RE2::FullMatch(label.text, undotted, &numeral)))
          continue;
        // An Arabic section number ("1.", "11.") is not a misread Roman numeral.
        if (numeral.find_first_not_of("1|") == std::string::npos) continue;
        const std::string expected = roman(previous + 1);
        if (expected.empty()) continue;
        if (numeral == expected) {
          ++previous;
          if (!dot) {
            document.repairs.push_back(
                {label.page, label.text, expected + ".", RepairCode::roman_heading_sequence});
            label.text = expected + ".";
          }
          continue;
        }
        if (numeral == roman(previous + 2) || numeral == roman(previous + 3)) {
          // A skipped heading is not ours to invent.
          for (int n = 1; n <= 10; ++n)
            if (roman(n) == numeral) previous = n;
          continue;
        }
        if (label.origin != Origin::ocr) continue;
        // Misread: as many strokes give or take one (Ì and Ï are two bytes each, one stroke).
        const size_t strokes = code_points(numeral).size();
        if (strokes + 1 < expected.size() || strokes > expected.size() + 1) continue;
        document.repairs.push_back(
            {label.page, label.text, expected + ".", RepairCode::roman_heading_sequence});
        label.text = expected + ".";
        ++previous;
      }
}

// Numbered headings run 2. / 2.1 / 2.2 ...: at the start of an OCR'd line, before a capitalised
// title, "21", "2,1", "2. 1" (the dot lost, read as a comma, or split off) and "-2.2", ".2.2"
// (a speck before it) are the label the sequence expects next, and become it.
void repair_section_labels(Document &document) {
  static const RE2 major_label(R"((\d{1,2})\.)");
  static const RE2 minor_label(R"((\d{1,2})\.(\d{1,2})\.?)");
  static const RE2 damaged(R"([-._+]?(\d)[.,]?(\d)([.,])?)");
  int major = 0, minor = 0;
  bool minor_dot = false; // the house style: "2.1." rather than "2.1"
  auto capitalised = [](const Word &word) { return starts_with_capital(word.text); };
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines) {
        if (line.words.size() < 2) continue;
        Word &label = line.words[0];
        int first = 0, second = 0;
        if (RE2::FullMatch(label.text, minor_label, &first, &second) &&
            capitalised(line.words[1])) {
          major = first;
          minor = second;
          minor_dot = label.text.back() == '.';
          continue;
        }
        // "25." where 2.5 is next: the sequence outweighs a jump from part 2 to part 25.
        const bool next_minor_glued =
            label.origin == Origin::ocr && major > 0 && minor_dot &&
            label.text == std::to_string(major) + std::to_string(minor + 1) + ".";
        if (!next_minor_glued && RE2::FullMatch(label.text, major_label, &first)) {
          // "2. 5 Cải cách": the minor number split off.
          if (label.origin == Origin::ocr && line.words.size() >= 3 && major > 0 &&
              first == major && line.words[1].text == std::to_string(minor + 1) &&
              capitalised(line.words[2])) {
            const std::string fixed = std::to_string(major) + "." + std::to_string(minor + 1);
            document.repairs.push_back({label.page, label.text + " " + line.words[1].text, fixed,
                                        RepairCode::section_label});
            label.text = fixed;
            label.box = label.box.united(line.words[1].box);
            line.words.erase(line.words.begin() + 1);
            ++minor;
            continue;
          }
          if (capitalised(line.words[1])) {
            major = first;
            minor = 0;
          }
          continue;
        }
        // A part heading (already repaired above) starts the numbers again.
        if (is_roman_label(label.text) && is_upper_case(line.words[1].text)) {
          major = minor = 0;
          continue;
        }
        // "Ï." for the first "1." of a part: an I with a diaeresis is no Vietnamese letter, and an
        // I with a grave ("Ì.") is no label; before a sentence-case title (a part's title is in
        // capitals) it is the section number the sequence expects.
        if (label.origin == Origin::ocr && major == 0 &&
            (label.text == "\xc3\x8f." || label.text == "\xc3\x8c.") &&
            capitalised(line.words[1]) && !is_upper_case(line.words[1].text)) {
          document.repairs.push_back({label.page, label.text, "1.", RepairCode::section_label});
          label.text = "1.";
          major = 1;
          minor = 0;
          continue;
        }
        if (label.origin != Origin::ocr || major == 0 || !capitalised(line.words[1])) continue;
        std::string trailing_mark;
        if (RE2::FullMatch(label.text, damaged, &first, &second, &trailing_mark) &&
            first == major && second == minor + 1) {
          // A trailing "." or "," read is the house style's dot when the document writes one.
          const std::string fixed = std::to_string(major) + "." + std::to_string(minor + 1) +
                                    (!trailing_mark.empty() && minor_dot ? "." : "");
          if (fixed != label.text) {
            document.repairs.push_back({label.page, label.text, fixed, RepairCode::section_label});
            label.text = fixed;
          }
          ++minor;
        }
      }
}

// The letter after `letter` in list labels (a b c d đ e ...), empty after the last.
std::string next_list_letter(const std::string &letter) {
  static const std::vector<std::string> kLetters = {"a", "b", "c", "d", "\xC4\x91", "e", "g", "h",
                                                    "i", "k", "l", "m", "n",        "o", "p", "q"};
  const auto at = std::find(kLetters.begin(), kLetters.end(), letter);
  return at == kLetters.end() || at + 1 == kLetters.end() ? std::string() : *(at + 1);
}

// List labels run a) b) c) d) đ) e) ... (from a) again under each numbered heading): a "đ)"
// straight after "c)" is a misread "d)", a "©" or "®" where "c)" or "e)" is expected next is
// that label (a round letter and its parenthesis read as one symbol), and a speck read as a dash
// before the label the sequence expects ("- c)" after "b)") is dropped.
void repair_list_labels(Document &document) {
  std::string previous;
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines) {
        if (line.words.empty()) continue;
        // A numbered heading ("2.3", "III.") starts a new run of letters.
        static const RE2 numbered(R"(\d{1,2}\.(?:\d{1,2}\.?)?|[IVX]{1,4}\.)");
        if (RE2::FullMatch(line.words[0].text, numbered)) previous.clear();
        // "©" or "®" before a capitalised word, where the sequence expects the next letter: the
        // label "e)" or "c)" read as one round symbol.
        std::string round = previous.empty() ? "" : next_list_letter(previous);
        if (round == "\xC4\x91") round = "e"; // after d): đ) or e), and only e is round
        if (line.words.size() >= 2 && line.words[0].origin == Origin::ocr &&
            (round == "c" || round == "e") &&
            (line.words[0].text == "\xC2\xA9" || line.words[0].text == "\xC2\xAE") &&
            is_upper_case(line.words[1].text.substr(0, code_point_starts(line.words[1].text)[1]))) {
          const std::string fixed = round + ")";
          document.repairs.push_back(
              {line.words[0].page, line.words[0].text, fixed, RepairCode::list_label_sequence});
          line.words[0].text = fixed;
        }
        if (line.words.size() >= 3 && line.words[0].origin == Origin::ocr &&
            (line.words[0].text == "-" || line.words[0].text == "\xE2\x80\x93") &&
            !previous.empty() && line.words[1].text == next_list_letter(previous) + ")") {
          document.repairs.push_back({line.words[0].page,
                                      line.words[0].text + " " + line.words[1].text,
                                      line.words[1].text, RepairCode::list_label_speck});
          line.words.erase(line.words.begin());
        }
        Word &label = line.words.front();
        if (label.text.size() < 2 || label.text.back() != ')' || label.text.size() > 3) continue;
        const std::string letter = label.text.substr(0, label.text.size() - 1);
        if (letter == "\xC4\x91" && previous == "c" && label.origin == Origin::ocr) { // đ
          document.repairs.push_back(
              {label.page, label.text, "d)", RepairCode::list_label_sequence});
          label.text = "d)";
          previous = "d";
          continue;
        }
        previous = letter;
      }
}

// Decree 30's fixed forms that OCR damages in their punctuation, where the form itself is the
// evidence:
//   - the last line of the recipients' list is "Lưu: VT, <unit>": a "Lưu" before "VT" read
//     without its colon or with another mark ("Lưu;", "Lưu.") gets the colon back;
//   - a document ends with "./.", which OCR reads "./," at times; a date is written
//     "ngày 15 tháng 10", never "ngày: 15 tháng 10";
//   - the letterhead's agency names (capitals, in the columns at the top of page 1) never end
//     in punctuation: a ".", "'", "," or "_" after the last capital word is a speck
//     ("ĐỒNG THÁP.", "QUẢN LÝ'");
//   - the recipients' list opens with the line "Nơi nhận:" and goes on with lines that start
//     with a dash: a line of one or two words a letter or two from it ("Nơinhậm", "Nơi nhân:"),
//     followed by such a line, is that heading, small bold italic type that 150-dpi scans blur.
void repair_recipients_heading(Document &document) {
  static const std::string heading = "N\xC6\xA1i nh\xE1\xBA\xADn:"; // Nơi nhận:
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (size_t l = 0; l + 1 < block.lines.size(); ++l) {
        std::vector<Word> &words = block.lines[l].words;
        const std::vector<Word> &next = block.lines[l + 1].words;
        if (words.empty() || words.size() > 2 || next.empty() || words[0].origin != Origin::ocr)
          continue;
        if (!next[0].text.starts_with("-") && !next[0].text.starts_with("\xE2\x80\x93")) continue;
        std::string read, letters;
        for (const Word &word : words)
          read += (read.empty() ? "" : " ") + word.text;
        for (char c : fold_accents(read))
          if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
        if (read == heading || letters.size() < 5 || edit_distance(letters, "noinhan") > 2 ||
            fold(read).find(fold(heading.substr(0, 4))) == std::string::npos)
          continue;
        document.repairs.push_back({words[0].page, read, heading, RepairCode::decree_form});
        Word merged = words[0];
        merged.text = heading;
        merged.box.x1 = words.back().box.x1;
        words.assign(1, merged);
      }
}

void repair_decree_forms(Document &document) {
  const std::string archive = "L\xC6\xB0u"; // Lưu
  auto archive_label = [&](const std::string &text) {
    return text.starts_with(archive) &&
           (text.size() == archive.size() ||
            (text.size() == archive.size() + 1 &&
             std::string_view(";.,").find(text.back()) != std::string_view::npos));
  };
  for (Page &page : document.pages)
    for (Block &block : page.blocks)
      for (Line &line : block.lines)
        for (size_t k = 0; k < line.words.size(); ++k) {
          Word &word = line.words[k];
          if (word.origin != Origin::ocr) continue;
          std::string fixed = word.text;
          if (k + 1 < line.words.size() && line.words[k + 1].text.starts_with("VT") &&
              archive_label(fixed))
            fixed = archive + ":";
          // The document's closing mark "./." read with a comma last ("Sở./,").
          if (fixed.ends_with("./,")) fixed.back() = '.';
          // "ngày: 15 tháng 10": no colon in a written-out date.
          static const RE2 day(R"(\d{1,2})");
          if (fold(fixed) == "ng\xC3\xA0y:" && k + 2 < line.words.size() &&
              RE2::FullMatch(line.words[k + 1].text, day) &&
              fold(line.words[k + 2].text) == "th\xC3\xA1ng")
            fixed.pop_back();
          if (fixed == word.text) continue;
          document.repairs.push_back({word.page, word.text, fixed, RepairCode::decree_form});
          word.text = std::move(fixed);
        }
  if (document.pages.empty()) return;
  for (Block &block : document.pages.front().blocks) {
    if (block.kind != BlockKind::column) continue;
    for (Line &line : block.lines) {
      if (line.words.empty()) continue;
      Word &last = line.words.back();
      if (last.origin != Origin::ocr) continue;
      size_t end = last.text.size();
      while (end > 0 && std::string_view(".',_").find(last.text[end - 1]) != std::string_view::npos)
        --end;
      if (end == last.text.size() || end == 0) continue;
      const std::string kept = last.text.substr(0, end);
      bool capitals = code_point_starts(kept).size() > 2; // two letters or more
      for (const Word &word : line.words)
        capitals = capitals && is_upper_case(&word == &last ? kept : word.text) &&
                   word.text.find_first_of("0123456789") == std::string::npos;
      if (!capitals) continue;
      document.repairs.push_back({last.page, last.text, kept, RepairCode::decree_form});
      last.text = kept;
    }
  }
}

// --- page furniture
// -------------------------------------------------------------------------------

bool in_margin(const Block &block, const Page &page) {
  if (page.height <= 0) return false;
  return block.box.y1 < 0.1 * page.height || block.box.y0 > 0.9 * page.height;
}

std::string digits_out(const std::string &text) {
  std::string out;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c))) out += c;
  return fold(out);
}

// A block that is nothing but a link is a footer link interleaved by extraction (the reference
// notice has one in mid-sentence); links inside sentences are not touched.
bool bare_link(const Block &block) {
  static const RE2 link(R"((?i)(?:https?://|www\.)\S+)");
  return block.lines.size() == 1 && block.lines[0].words.size() == 1 &&
         RE2::FullMatch(block.lines[0].words[0].text, link);
}

void mark_furniture(Document &document) {
  static const RE2 page_number(R"((?i)(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*-)?(?:\s*/\s*\d{1,4})?)");
  static const RE2 link(R"((?i)(?:https?://|www\.)\S+)");
  // Lines repeated in the margins of several pages are running headers or footers.
  std::map<std::string, std::set<int>> margin_texts;
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      if (block.lines.size() <= 2 && in_margin(block, page))
        margin_texts[digits_out(block.text())].insert(page.number);
  for (Page &page : document.pages)
    for (Block &block : page.blocks) {
      if (block.kind == BlockKind::paragraph && bare_link(block)) {
        block.kind = BlockKind::furniture;
        continue;
      }
      if (block.kind != BlockKind::paragraph || block.lines.size() > 2 || !in_margin(block, page))
        continue;
      const std::string text = block.text();
      if (RE2::FullMatch(text, page_number) || RE2::FullMatch(text, link) ||
          (document.pages.size() > 1 && margin_texts[digits_out(text)].size() > 1))
        block.kind = BlockKind::furniture;
    }
}

} // namespace

void normalise_document(Document &document) {
  std::map<LegacyEncoding, int> seen;
  // A plain-text file is one stretch in one encoding: decide once, on all of it.
  bool plain_text = !document.pages.empty();
  for (const Page &page : document.pages)
    for (const Block &block : page.blocks)
      for (const Line &line : block.lines)
        for (const Word &word : line.words)
          if (word.origin != Origin::txt) plain_text = false;
  const LegacyEncoding file_encoding =
      plain_text ? detect_legacy_encoding(document.text()) : LegacyEncoding::none;
  for (Page &page : document.pages)
    for (Block &block : page.blocks) {
      for (Line &line : block.lines)
        decode_runs(line, seen);
      decode_unmarked_block(block, seen, file_encoding);
      for (Line &line : block.lines) {
        for (Word &word : line.words) {
          word.text = to_nfc(word.text);
          if (word.origin == Origin::ocr) repair_ocr_word(word, document.repairs);
        }
        repair_ocr_line(line, page.number, document.repairs);
        if (block.kind != BlockKind::paragraph) {
          std::vector<Word *> words;
          for (Word &word : line.words)
            words.push_back(&word);
          repair_tones_by_compounds(words, page.number, document.repairs);
        }
      }
      if (block.kind == BlockKind::paragraph) {
        std::vector<Word *> words;
        for (Line &line : block.lines)
          for (Word &word : line.words)
            words.push_back(&word);
        repair_tones_by_compounds(words, page.number, document.repairs);
      }
    }
  repair_roman_headings(document);
  repair_list_labels(document);
  repair_section_labels(document);
  repair_decree_forms(document);
  repair_recipients_heading(document);
  mark_furniture(document);
  for (const auto &[encoding, words] : seen)
    document.warnings.push_back(
        {WarningCode::legacy_encoding,
         fmt::format("{} words were in the legacy {} encoding and were converted to Unicode", words,
                     legacy_encoding_name(encoding)),
         0});
}

} // namespace vnotice
