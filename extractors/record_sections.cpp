#include "extractors/record_parser_parts.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace vnotice::record_parts {
namespace {

enum class LabelKind { part, roman, arabic, letter, dash };

struct Label {
  LabelKind kind;
  std::string text; // "II", "2.1", "a", "-"
  // Depth order, smaller is higher: "Phần I" 0, "I." 10, "1." 20, "1)" 25, "2.1" 30, "2.1.1" 40,
  // letters 100, dashes 110 and up (a bullet under another bullet one deeper).
  int rank;
  size_t rest;   // where the heading's words start in the unit text
  char mark = 0; // the bullet of a dash item: '-', '+', '*'
};

// The part numbers a report may use, in order: I to XX (no report has more than twenty parts).
constexpr int kMostParts = 20;

// The part number of `text` ("IV" -> 4), 0 when it is none.
int part_number(const std::string &text) {
  for (int n = 1; n <= kMostParts; ++n)
    if (to_roman(n) == text) return n;
  return 0;
}

bool is_roman(const std::string &text) { return part_number(text) > 0; }

std::optional<Label> label_of(const std::string &text) {
  // OCR damage the labels tolerate: a lower-case l for I in a Roman part number ("ll." for
  // "II.", only before an upper-case title, as part titles are), and l, I or O for 1 and 0 after
  // the first digit of a dotted number ("2.l" for "2.1").
  static const RE2 part(R"(^\s*(?:Phần|PHẦN)\s+([IVXLC]{1,5}|\d{1,2})\s*[.:]?\s+\S)");
  static const RE2 roman(R"(^\s*([IVXLCl]{1,5})\s*[.)]\s+\S)");
  static const RE2 dotted(R"(^\s*(\d{1,2}(?:\s*\.\s*[\dlIO]{1,2})+)\s*[.)]?\s+\S)");
  static const RE2 arabic(R"(^\s*(\d{1,2})\s*[.)]\s+\S)");
  static const RE2 letter(R"(^\s*([a-zđ])\s*\)\s+\S)");
  static const RE2 dash(R"(^\s*(-|–|•|\+|\*)\s*\S)");
  re2::StringPiece input(text), match;
  auto rest_after = [&text](const re2::StringPiece &piece) {
    size_t at = piece.data() - text.data() + piece.size();
    while (at < text.size() && (text[at] == '.' || text[at] == ')' || text[at] == ' '))
      ++at;
    return at;
  };
  if (RE2::PartialMatch(input, part, &match)) {
    // "Phần I" / "PHẦN 1": the parts above the Roman numbers some house styles use.
    size_t at = match.data() - text.data() + match.size();
    while (at < text.size() && (text[at] == '.' || text[at] == ':' || text[at] == ' '))
      ++at;
    return Label{LabelKind::part, match.as_string(), 0, at};
  }
  if (RE2::PartialMatch(input, roman, &match)) {
    std::string numeral = match.as_string();
    const bool damaged = numeral.find('l') != std::string::npos;
    std::replace(numeral.begin(), numeral.end(), 'l', 'I');
    const size_t rest = rest_after(match);
    if (is_roman(numeral) && (!damaged || is_upper_case(text.substr(rest))))
      return Label{LabelKind::roman, numeral, 10, rest};
  }
  if (RE2::PartialMatch(input, dotted, &match)) {
    std::string label;
    for (char c : match.as_string())
      if (c != ' ') label += c == 'l' || c == 'I' ? '1' : c == 'O' ? '0' : c;
    while (!label.empty() && label.back() == '.')
      label.pop_back();
    const int depth = static_cast<int>(std::count(label.begin(), label.end(), '.')) + 1;
    return Label{LabelKind::arabic, label, 10 + 10 * depth, rest_after(match)};
  }
  if (RE2::PartialMatch(input, arabic, &match)) {
    // "2021. ..." or a figure starting a sentence is not a heading: labels are small. "1)" is
    // a level of its own under "1." when a document uses both.
    size_t after = match.data() - text.data() + match.size();
    while (after < text.size() && text[after] == ' ')
      ++after;
    const char terminator = after < text.size() ? text[after] : '.';
    return Label{LabelKind::arabic, match.as_string(), terminator == ')' ? 25 : 20,
                 rest_after(match)};
  }
  if (RE2::PartialMatch(input, letter, &match))
    return Label{LabelKind::letter, match.as_string(), 100, rest_after(match)};
  if (RE2::PartialMatch(input, dash, &match)) {
    size_t at = match.data() - text.data() + match.size();
    while (at < text.size() && text[at] == ' ')
      ++at;
    const std::string bullet = match.as_string();
    // The mark tells nesting levels apart; an en dash is a dash, a round bullet ("•", how a
    // Word list's bullet comes out) is a mark of its own.
    const char mark = bullet == "\xE2\x80\xA2" ? 'o' : bullet.size() == 1 ? bullet[0] : '-';
    return Label{LabelKind::dash, "-", 110, at, mark};
  }
  return std::nullopt;
}

// The Roman number after `previous` ("" before the first): "I", then "II", ...
std::string next_roman(const std::string &previous) {
  if (previous.empty()) return to_roman(1);
  const int n = part_number(previous);
  return n == 0 || n == kMostParts ? std::string() : to_roman(n + 1);
}

// A part heading whose Roman number OCR damaged beyond label_of: its full stop lost ("III ĐỀ
// XUẤT, KIẾN NGHỊ"), or its strokes read as other letters ("L KẾT QUẢ" for "I. KẾT QUẢ", the
// foot of the L being the stop; "HI." for "II."). Only on a scan, only before an upper-case
// title (two upper-case words at least, as Decree 30 part titles are written) and only when
// the strokes read as the very number the sequence expects next, `expected`: so "L" is "I" for
// the first part and nothing elsewhere. The letters taken for one stroke of I are the
// look-alikes Tesseract gives for it on the bench's scans (I l 1 | ! L), H for two joined.
std::optional<Label> damaged_roman_label(const std::string &text, const std::string &expected) {
  if (expected.empty()) return std::nullopt;
  static const RE2 head(R"(^\s*([IVXlL1|!H]{1,4})\s*([.,:]?)\s+(\S+)\s+(\S+))");
  re2::StringPiece input(text), token, stop, first, second;
  if (!RE2::PartialMatch(input, head, &token, &stop, &first, &second)) return std::nullopt;
  auto upper_word = [](const re2::StringPiece &word) {
    const std::string w = word.as_string();
    return w.size() >= 2 && is_upper_case(w) && fold(w) != w;
  };
  if (!upper_word(first) || !upper_word(second)) return std::nullopt;
  auto strokes_of = [](const std::string &letters) {
    std::string strokes;
    for (char c : letters)
      strokes += c == 'H' ? "II" : (c == 'V' || c == 'X') ? std::string(1, c) : "I";
    return strokes;
  };
  // A final L is an I with the stop as its foot ("L" for "I.") or the stop alone ("IIL" for
  // "II."): either reading may be the expected number.
  const std::string letters = token.as_string();
  const bool final_l = letters.size() > 1 && letters.back() == 'L';
  const bool as_is = letters == expected; // only the stop is lost
  if (!as_is && strokes_of(letters) != expected &&
      !(final_l && strokes_of(letters.substr(0, letters.size() - 1)) == expected))
    return std::nullopt;
  if (as_is && !stop.empty()) return std::nullopt; // label_of would have read it
  const size_t rest = first.data() - text.data();
  return Label{LabelKind::roman, expected, 10, rest};
}

// The title of a heading and the text that follows it on the same line ("a) Công bố: công khai
// 34 TTHC" -> "Công bố", "công khai 34 TTHC").
// `colon_style`: the document's lettered items are written "a) Title: text"; an item without a
// colon is then split at a "; " followed by lower case, the colon OCR read as a semicolon
// ("c) Rà soát, đơn giản hóa TTHC; đã rà soát 100%").
std::pair<std::optional<std::string>, std::string>
split_heading(const Label &label, const std::string &rest, bool colon_style) {
  if (label.kind == LabelKind::dash) return {std::nullopt, rest};
  const size_t colon = rest.find(':');
  if (colon != std::string::npos && colon < 200)
    return {strip_trailing(rest.substr(0, colon), " "), trim(rest.substr(colon + 1))};
  if (colon_style && label.kind == LabelKind::letter) {
    const size_t semicolon = rest.find("; ");
    if (semicolon != std::string::npos && semicolon < 120) {
      const std::string after = rest.substr(semicolon + 2);
      const std::string first = after.substr(0, after.find(' '));
      if (!first.empty() && !starts_capital(first) && to_upper(first) != first)
        return {strip_trailing(rest.substr(0, semicolon), " "), trim(rest.substr(semicolon + 1))};
    }
  }
  if (rest.size() <= 220 || is_upper_case(rest)) return {strip_trailing(rest, " "), ""};
  const size_t stop = rest.find(". ");
  if (stop != std::string::npos && stop < 200)
    return {rest.substr(0, stop), trim(rest.substr(stop + 1))};
  return {std::nullopt, rest};
}

// OCR confidence (0-1) under which a capital in the middle of a title is doubted.
constexpr double kSureCapital = 0.8;

// Whether bytes [begin, end) of a unit hold an OCR'd word (confidence under kSureCapital) that
// starts with a capital straight after a word ending in a lower-case letter: titles are written
// in sentence case, so such a capital is a proper noun or a misread ("cán bộ, công Thức viên
// chức" for "công chức, viên chức", at 0.62).
bool has_doubtful_capital(const Unit &unit, size_t begin, size_t end) {
  const size_t from = unit.offset + begin, to = unit.offset + end;
  const std::string &text = unit.paragraph->text;
  const WordSpan *previous = nullptr;
  for (const WordSpan &word : unit.paragraph->words) {
    if (word.end <= from || word.begin >= to) continue;
    const std::string current = text.substr(word.begin, word.end - word.begin);
    if (previous != nullptr && word.confidence < kSureCapital && starts_capital(current) &&
        !is_upper_case(current)) {
      const std::string before = text.substr(previous->begin, previous->end - previous->begin);
      size_t lead = before.size();
      while (lead > 0 && (static_cast<unsigned char>(before[lead - 1]) & 0xC0) == 0x80)
        --lead;
      const std::string last = lead > 0 ? before.substr(lead - 1) : std::string();
      if (!last.empty() && to_upper(last) != last) return true;
    }
    previous = &word;
  }
  return false;
}

// Dotted numbers a scan read as the number after them ("2.2" read "2.3" just before the real
// 2.3): no report numbers two headings alike, and the heading before it at the same level (2.1,
// or none for a first 2.2) says which is missing. Unit index -> the number it must be.
std::map<size_t, std::string> repeated_dotted_labels(const std::vector<Unit> &units, size_t from,
                                                     size_t to) {
  struct Dotted {
    size_t unit;
    std::string prefix; // "2" of "2.3"
    int last;           // 3
    size_t depth;       // dots
  };
  std::vector<Dotted> dotted;
  for (size_t i = from; i < to; ++i) {
    if (units[i].kind == BlockKind::table) continue;
    const std::optional<Label> label = label_of(units[i].text);
    const size_t dot = label ? label->text.rfind('.') : std::string::npos;
    if (!label || label->kind != LabelKind::arabic || dot == std::string::npos) continue;
    dotted.push_back(
        {i, label->text.substr(0, dot), std::stoi(label->text.substr(dot + 1)),
         static_cast<size_t>(std::count(label->text.begin(), label->text.end(), '.'))});
  }
  std::map<size_t, std::string> fixes;
  for (size_t k = 0; k + 1 < dotted.size(); ++k) {
    const Dotted &here = dotted[k], &next = dotted[k + 1];
    if (here.prefix != next.prefix || here.last != next.last || here.last < 2) continue;
    std::optional<int> before;
    for (size_t j = k; j-- > 0 && dotted[j].depth >= here.depth;)
      if (dotted[j].depth == here.depth && dotted[j].prefix == here.prefix) {
        before = dotted[j].last;
        break;
      }
    if (before ? *before == here.last - 2 : here.last == 2)
      fixes[here.unit] = here.prefix + "." + std::to_string(here.last - 1);
  }
  return fixes;
}

// --- how sure the heading tree is ---------------------------------------------------------------

// The place of a label among its siblings, 1-based: "III" 3, "2.4" 4, "c" 3; nothing for a dash.
// Letters count in the Latin alphabet; a Vietnamese list may put "đ" after "d" (the Vietnamese
// alphabet's order, as Decree 30 documents letter their items), which `next_label_follows`
// allows.
std::optional<int> ordinal_of(const std::string &label) {
  if (label.empty() || label == "-") return std::nullopt;
  if (is_roman(label)) {
    int value = 0, previous = 0;
    for (auto it = label.rbegin(); it != label.rend(); ++it) {
      const int digit = *it == 'I' ? 1 : *it == 'V' ? 5 : *it == 'X' ? 10 : *it == 'L' ? 50 : 100;
      value += digit < previous ? -digit : digit;
      previous = std::max(previous, digit);
    }
    return value;
  }
  const size_t dot = label.rfind('.');
  const std::string last = dot == std::string::npos ? label : label.substr(dot + 1);
  if (!last.empty() &&
      std::all_of(last.begin(), last.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::stoi(last);
  if (last == "đ") return 4; // between d (4) and e (5): either may follow it
  if (last.size() == 1 && last[0] >= 'a' && last[0] <= 'z') return last[0] - 'a' + 1;
  return std::nullopt;
}

// Checks that each run of numbered siblings counts 1, 2, 3... (I, II...; a, b, c, with an
// optional đ) and that a dotted label continues its parent's ("2.1" under "2"). A gap means a
// heading was lost (swallowed by a paragraph, or misread): the tree is then not sure.
void check_label_sequence(const std::vector<Section> &siblings, const std::string &parent,
                          std::vector<std::string> &problems) {
  std::optional<int> previous;
  std::string previous_label;
  for (const Section &section : siblings) {
    const std::optional<int> ordinal = ordinal_of(section.label);
    if (ordinal) {
      const bool same_kind = !previous_label.empty() &&
                             is_roman(previous_label) == is_roman(section.label) &&
                             std::isdigit(static_cast<unsigned char>(previous_label[0])) ==
                                 std::isdigit(static_cast<unsigned char>(section.label[0]));
      const int expected = same_kind && previous ? *previous + 1 : 1;
      const bool letter_d = section.label == "đ" && same_kind && previous_label == "d";
      const bool after_d = previous_label == "đ" && *ordinal == 5;
      if (*ordinal != expected && !letter_d && !after_d)
        problems.push_back(
            previous_label.empty() || !same_kind
                ? fmt::format("section {} opens its list", section.label)
                : fmt::format("section {} follows section {}", section.label, previous_label));
      const size_t dot = section.label.rfind('.');
      if (dot != std::string::npos && !parent.empty() &&
          std::isdigit(static_cast<unsigned char>(parent[0])) &&
          section.label.substr(0, dot) != parent)
        problems.push_back(
            fmt::format("section {} stands under section {}", section.label, parent));
      previous = ordinal;
      previous_label = section.label;
    }
    check_label_sequence(section.children, section.label, problems);
  }
}

} // namespace

bool has_heading_label(const std::string &text) { return label_of(text).has_value(); }

void read_sections(Record &record, const std::vector<Unit> &units, size_t from, size_t to,
                   const OnUnit &on_unit) {
  struct Open {
    Section *section;
    int rank;
    LabelKind kind;
    char mark; // a bullet's mark
  };
  // The path from a top section to the current one. A section goes straight into its parent's
  // children (or record.sections): a vector grows only when its last element has left the path,
  // so the pointers held here never dangle.
  std::vector<Open> stack;

  // Whether the lettered items are written "a) Title: text": more than half of them (and at
  // least two) have a colon where split_heading looks for one.
  int lettered = 0, with_colon = 0;
  for (size_t i = from; i < to; ++i) {
    if (units[i].kind == BlockKind::table) continue;
    const std::optional<Label> label = label_of(units[i].text);
    if (!label || label->kind != LabelKind::letter) continue;
    ++lettered;
    if (units[i].text.find(':', label->rest) < label->rest + 200) ++with_colon;
  }
  const bool colon_style = with_colon >= 2 && with_colon * 2 > lettered;

  auto path_label = [&stack]() {
    std::string numbered, letter;
    for (const Open &open : stack) {
      if (open.kind == LabelKind::arabic) numbered = open.section->label;
      if ((open.kind == LabelKind::roman || open.kind == LabelKind::part) && numbered.empty())
        numbered = open.section->label;
      if (open.kind == LabelKind::letter) letter = open.section->label;
    }
    if (!letter.empty()) return numbered.empty() ? letter : numbered + "." + letter;
    return numbered;
  };

  const bool scanned = record.source.read_by_ocr();
  const std::map<size_t, std::string> dotted_fixes =
      scanned ? repeated_dotted_labels(units, from, to) : std::map<size_t, std::string>();
  std::string last_roman;
  for (size_t i = from; i < to; ++i) {
    const Unit &unit = units[i];
    std::optional<Label> label;
    if (unit.kind != BlockKind::table) label = label_of(unit.text);
    if (!label && scanned && unit.kind != BlockKind::table) {
      label = damaged_roman_label(unit.text, next_roman(last_roman));
      if (label)
        warn(record, WarningCode::section_label_repaired, "sections",
             fmt::format("the number of part {} was read damaged from the scan (\"{}\"); it was "
                         "taken from the order of the parts: check it on page {}",
                         label->text, unit.text.substr(0, label->rest), evidence_of(unit).page));
    }
    // A part number read as the one before it with a stroke lost ("II." where the sequence
    // is at III): no document numbers two parts alike, so on a scan it is the next.
    if (label && scanned && label->kind == LabelKind::roman && label->text == last_roman &&
        next_roman(last_roman) == last_roman + "I") {
      label->text = next_roman(last_roman);
      warn(record, WarningCode::section_label_repaired, "sections",
           fmt::format("part {} was read from the scan as {} again; it was taken from the order "
                       "of the parts: check it on page {}",
                       label->text, last_roman, evidence_of(unit).page));
    }
    if (const auto fix = dotted_fixes.find(i); label && fix != dotted_fixes.end()) {
      warn(record, WarningCode::section_label_repaired, "sections",
           fmt::format("heading {} was read from the scan as {}, the number of the heading after "
                       "it; it was taken from the order of the headings: check it on page {}",
                       fix->second, label->text, evidence_of(unit).page));
      label->text = fix->second;
    }
    if (label && label->kind == LabelKind::roman) last_roman = label->text;
    if (label && label->kind == LabelKind::dash) {
      // Bullets nest as the document uses them ("-" under "+" in one house style, "+" under "-"
      // in another): a mark already open is a sibling of that item, a new mark goes under the
      // item above it.
      auto open = std::find_if(stack.rbegin(), stack.rend(), [&](const Open &o) {
        return o.kind == LabelKind::dash && o.mark == label->mark;
      });
      if (open != stack.rend())
        label->rank = open->rank;
      else if (!stack.empty() && stack.back().kind == LabelKind::dash)
        label->rank = stack.back().rank + 1;
    }
    if (label) {
      Section section;
      section.label = label->text;
      auto [title, text] = split_heading(*label, unit.text.substr(label->rest), colon_style);
      section.title = title;
      section.text = text;
      section.evidence = evidence_of(unit);
      // A heading with a word OCR was unsure of (under kSureWord) is left out rather than
      // quoted wrong: "Kết quả triển khai NƯENN vụ" had 0.00 for NƯENN, 0.31 for triển.
      if (title) {
        const size_t at = unit.text.find(*title, label->rest);
        if (at != std::string::npos &&
            (evidence_of(unit, at, at + title->size()).confidence < kSureWord ||
             has_doubtful_capital(unit, at, at + title->size()))) {
          warn(record, WarningCode::section_title_unsure, "sections",
               fmt::format("the heading of section {} was read with low confidence from the scan "
                           "(\"{}\"); its title is left empty: check it on page {}",
                           label->text, *title, section.evidence.page));
          section.title.reset();
        }
      }
      while (!stack.empty() && stack.back().rank >= label->rank)
        stack.pop_back();
      std::vector<Section> &siblings =
          stack.empty() ? record.sections : stack.back().section->children;
      section.level = static_cast<int>(stack.size()) + 1;
      siblings.push_back(std::move(section));
      stack.push_back({&siblings.back(), label->rank, label->kind, label->mark});
      on_unit(unit, path_label());
      continue;
    }
    if (!stack.empty()) {
      Section *current = stack.back().section;
      if (!current->text.empty()) current->text += '\n';
      current->text += trim(unit.text);
    }
    on_unit(unit, path_label());
  }
}

void judge_headings(Record &record) {
  std::vector<std::string> problems;
  if (record.sections.empty()) problems.push_back("no numbered heading was found");
  check_label_sequence(record.sections, "", problems);
  if (problems.empty()) return;
  record.headings_sure = false;
  std::string list;
  for (size_t i = 0; i < problems.size() && i < 3; ++i)
    list += (i > 0 ? "; " : "") + problems[i];
  warn(record, WarningCode::headings_unsure, "sections",
       fmt::format("the heading tree may be incomplete ({}): a heading may have been read as part "
                   "of a paragraph; sections reported missing need a person to check",
                   list));
}

} // namespace vnotice::record_parts
