#include "extractors/record_parser.h"
#include "extractors/record_parser_parts.h"

#include "extractors/name_marks.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace vnotice::record_parts {
namespace {

bool is_rule(std::string_view text) {
  return !text.empty() && std::none_of(text.begin(), text.end(), [](unsigned char c) {
    return std::isalnum(c) || c >= 0x80;
  }) && text.find_first_not_of(" ") != std::string_view::npos;
}

// A rule of dashes may come as U+2014 or U+2013 characters: those are not letters either.
bool is_rule_line(const std::string &text) {
  std::string stripped = replace_all(replace_all(text, "\xE2\x80\x94", "-"), "\xE2\x80\x93", "-");
  stripped = replace_all(stripped, "\xE2\x80\x95", "-");
  return is_rule(trim(stripped));
}

// "Số: 1935/TB-SCT", "Số:   /TB-SCT", "Số 12/2021/QĐ-UBND". On the accent-folded key.
const RE2 &number_line_re() {
  static const RE2 re(R"(^\s*so\s*[:.;]?\s*(\d+)?\s*((?:/\s*\d{4})?)\s*/\s*(\S+)\s*$)");
  return re;
}

// "Đồng Tháp, ngày 06 tháng 9 năm 2021" or "..., ngày 27/8/2021" on the folded key.
const RE2 &place_date_re() {
  static const RE2 re(
      R"(^\s*([^,]*?)\s*,?\s*ngay\s+(\d{1,2})\s*(?:thang\s+(\d{1,2})\s+nam\s+(\d{4})|[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})))");
  return re;
}

bool is_national_motto(const std::string &folded) {
  return folded.find("cong hoa xa hoi chu nghia") != std::string::npos ||
         folded.find("doc lap - tu do - hanh phuc") != std::string::npos ||
         folded.find("doc lap-tu do-hanh phuc") != std::string::npos ||
         (folded.find("doc lap") != std::string::npos &&
          folded.find("hanh phuc") != std::string::npos);
}

// The national title or motto opens `folded` (Decree 30/2020, Appendix I: fixed texts).
bool opens_national_motto(std::string_view folded) {
  return (folded.starts_with("cong hoa") || folded.starts_with("doc lap")) &&
         is_national_motto(std::string(folded));
}

// One cell of a letterhead line: `beside` when something stood before it on the same line (the
// right-hand column, or a second cell of the left one).
struct HeadCell {
  Unit unit;
  size_t source = 0; // index of the unit it comes from
  bool beside = false;
};

// The letterhead's units cut into cells. The extraction may give one line for both columns:
// apart by tabs ("VĂN PHÒNG\tĐộc lập - Tự do - Hạnh phúc"), or, where a long issuer's name leaves
// no gap wider than a space, run together ("SỞ CÔNG THƯƠNG NAM ĐỊNH CỘNG HÒA XÃ HỘI ..."). Lines
// are cut at tabs, and before the national title or motto, whose words are fixed.
std::vector<HeadCell> head_cells(const std::vector<Unit> &units, size_t end) {
  std::vector<HeadCell> cells;
  auto add = [&](size_t source, size_t begin, size_t length, bool beside) {
    const Unit &unit = units[source];
    std::string_view text = std::string_view(unit.text).substr(begin, length);
    const size_t lead = text.find_first_not_of(" ");
    if (lead == std::string_view::npos) return false;
    Unit cell = unit;
    cell.text = std::string(text.substr(lead));
    cell.offset = unit.offset + begin + lead;
    cells.push_back({std::move(cell), source, beside});
    return true;
  };
  for (size_t i = 0; i < end; ++i) {
    const std::string &text = units[i].text;
    size_t row_start = 0;
    while (row_start <= text.size()) {
      size_t row_end = std::min(text.find('\n', row_start), text.size());
      bool beside = false;
      size_t cell_start = row_start;
      while (cell_start <= row_end) {
        const size_t cell_end = std::min(text.find('\t', cell_start), row_end);
        // Cut before the national title or motto when a word stands before it in the cell.
        size_t cut = cell_end;
        const FoldedText folded =
            fold_accents_mapped(std::string_view(text).substr(cell_start, cell_end - cell_start));
        for (size_t at = folded.text.find(' '); at != std::string::npos;
             at = folded.text.find(' ', at + 1)) {
          const std::string_view rest = std::string_view(folded.text).substr(at + 1);
          if (at > 0 && folded.text.find_first_not_of(' ') < at && opens_national_motto(rest)) {
            cut = cell_start + folded.source_range(at + 1, at + 1).first;
            break;
          }
        }
        if (add(i, cell_start, cut - cell_start, beside)) beside = true;
        if (cut < cell_end && add(i, cut, cell_end - cut, beside)) beside = true;
        cell_start = cell_end + 1;
      }
      row_start = row_end + 1;
    }
  }
  return cells;
}

// Whether `line` starts with an organisation's head word ("SỞ", "THANH TRA", "CHI CỤC"). Marks
// count: "BẢO VỆ THỰC VẬT" does not start with "BÁO" (a newspaper). A word read without any mark
// (OCR lost them: "PHONG KE HOẠCH") is matched by its letters alone.
bool starts_organisation(const std::string &line) {
  const std::string folded = fold(line);
  const std::string bare = fold_accents(line);
  auto starts = [](const std::string &text, const std::string &head) {
    return text.starts_with(head) && (text.size() == head.size() || text[head.size()] == ' ');
  };
  for (const std::string &head : vocabulary().organisation_heads) {
    if (starts(folded, head)) return true;
    const std::string bare_head = fold_accents(head);
    if (starts(bare, bare_head) &&
        folded.substr(0, bare_head.size()) == bare.substr(0, bare_head.size()))
      return true;
  }
  return false;
}

struct LetterheadResult {
  size_t doc_type_unit = std::string::npos;
  size_t body_start = 0;
};

// The doc type line: a known type name alone on an upper-case line.
std::optional<std::string> doc_type_of_line(const std::string &text) {
  const std::string line = trim(text);
  if (line.empty() || !is_upper_case(line)) return std::nullopt;
  const std::string folded = fold(line);
  for (const auto &[name, full] : vocabulary().doc_type_names)
    if (folded == name) return full;
  return std::nullopt;
}

// Parses the number/symbol from a "Số:" line.
void read_number_line(Record &record, const Unit &unit, const std::string &folded) {
  std::string number, year, symbol_folded;
  if (!RE2::FullMatch(folded, number_line_re(), &number, &year, &symbol_folded)) return;
  // The symbol keeps its original letters (QĐ, not qd): take it from the source text.
  const size_t slash = unit.text.rfind('/');
  std::string symbol = slash == std::string::npos ? "" : trim(unit.text.substr(slash + 1));
  // Decree 30 symbols hold letters, digits, "-" and "&": a mark after one is the line's or a
  // scan's.
  symbol = strip_trailing(symbol, ".,;:");
  std::string year_digits;
  for (char c : year)
    if (std::isdigit(static_cast<unsigned char>(c))) year_digits += c;
  if (!number.empty()) {
    // Numbers below 10 are written with a leading zero; the record keeps the number as written.
    record.number = year_digits.empty() ? number : number + "/" + year_digits;
  }
  if (!symbol.empty()) record.symbol = symbol;
  if (record.number && record.symbol) record.number_symbol = *record.number + "/" + *record.symbol;
  record.evidence["number_symbol"] = evidence_of(unit);
  if (record.symbol) {
    const std::string first = record.symbol->substr(0, record.symbol->find('-'));
    for (const auto &[name, code] : vocabulary().doc_types)
      if (fold(code) == fold(first)) record.type_code = code;
  }
}

void read_place_date(Record &record, const Unit &unit) {
  const FoldedText folded = fold_accents_mapped(unit.text);
  re2::StringPiece place;
  std::string day, month, year, month2, year2;
  if (!RE2::PartialMatch(folded.text, place_date_re(), &place, &day, &month, &year, &month2,
                         &year2))
    return;
  const size_t place_begin = place.data() - folded.text.data();
  const auto [begin, end] = folded.source_range(place_begin, place_begin + place.size());
  std::string place_text = trim(unit.text.substr(begin, end - begin));
  if (!place_text.empty()) {
    record.place = place_text;
    record.evidence["place"] = evidence_of(unit);
  }
  const int d = std::stoi(day);
  const int m = std::stoi(month.empty() ? month2 : month);
  const int y = std::stoi(year.empty() ? year2 : year);
  record.date = iso_date(d, m, y);
  if (record.date)
    record.evidence["date"] = evidence_of(unit);
  else
    warn(record, WarningCode::invalid_date, "date",
         fmt::format("the date '{}' is not a real calendar date; the field is left empty",
                     trim(unit.text)));
}

// Splits the upper-case letterhead lines into the parent body and the issuing body.
void read_issuers(Record &record, const std::vector<const Unit *> &lines) {
  if (lines.empty()) return;
  // Group lines into bodies: a line that starts with an organisation word starts a new body.
  std::vector<std::vector<const Unit *>> bodies;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string text = trim(lines[i]->text);
    // A head word wrapped over two lines ("THANH" / "TRA SỞ") starts a body too.
    const bool wrapped_head = i + 1 < lines.size() && text.find(' ') == std::string::npos &&
                              !starts_organisation(text) &&
                              starts_organisation(text + " " + trim(lines[i + 1]->text)) &&
                              !bodies.empty() && !starts_organisation(trim(lines[i + 1]->text));
    // A body's name is its head word and a name after it: a head word alone on the last line
    // (or before another body's line) ends the name above it ("THANH" / "TRA" / "SỞ", the
    // inspectorate of the Sở, in a narrow letterhead cell).
    const bool lone_head = text.find(' ') == std::string::npos &&
                           (i + 1 == lines.size() || starts_organisation(trim(lines[i + 1]->text)));
    if (bodies.empty() || (starts_organisation(text) && !lone_head) || wrapped_head)
      bodies.emplace_back();
    bodies.back().push_back(lines[i]);
  }
  auto joined = [](const std::vector<const Unit *> &body) {
    std::vector<std::string> parts;
    for (const Unit *line : body)
      parts.push_back(strip_trailing(trim(line->text), ".,;:"));
    return join_words(parts);
  };
  record.issuer = joined(bodies.back());
  record.evidence["issuer"] = evidence_of(*bodies.back().front());
  if (bodies.size() >= 2) {
    std::vector<const Unit *> parent;
    for (size_t i = 0; i + 1 < bodies.size(); ++i)
      parent.insert(parent.end(), bodies[i].begin(), bodies[i].end());
    record.parent_issuer = joined(parent);
    record.evidence["parent_issuer"] = evidence_of(*parent.front());
  }
}

} // namespace

size_t read_head(Record &record, const std::vector<Unit> &units) {
  // The type line is on the first page, near the top: look at the first units only.
  const size_t search_end = std::min<size_t>(units.size(), 40);
  size_t type_at = std::string::npos;
  for (size_t i = 0; i < search_end; ++i)
    if (auto type = doc_type_of_line(units[i].text)) {
      type_at = i;
      record.doc_type = *type;
      record.type_code = type_code_of(*type);
      record.evidence["doc_type"] = evidence_of(units[i]);
      break;
    }

  // Letterhead: the units before the type line (or, for a letter without one, before the body).
  size_t head_end = type_at;
  std::optional<size_t> subject_line; // a letter's "V/v ..."
  if (type_at == std::string::npos) {
    head_end = 0;
    for (size_t i = 0; i < search_end; ++i) {
      const std::string folded = fold_accents(trim(units[i].text));
      if (folded.starts_with("v/v") || folded.starts_with("v/v.")) subject_line = i;
      const bool head_like = units[i].kind == BlockKind::column || is_upper_case(units[i].text) ||
                             is_rule_line(units[i].text) ||
                             RE2::FullMatch(folded, number_line_re()) ||
                             RE2::PartialMatch(folded, place_date_re()) || subject_line == i ||
                             (subject_line && i == *subject_line + 1 &&
                              units[i].paragraph_index == units[*subject_line].paragraph_index);
      if (!head_like) break;
      head_end = i + 1;
    }
  }

  std::vector<const Unit *> issuer_lines;
  bool issuer_done = false;
  const std::vector<HeadCell> cells = head_cells(units, head_end);
  for (size_t c = 0; c < cells.size(); ++c) {
    const Unit &unit = cells[c].unit;
    const size_t i = cells[c].source;
    const std::string line = trim(unit.text);
    const std::string folded = fold_accents(line);
    if (is_national_motto(folded)) {
      // Under the issuer, it ends the issuer's name; beside it, it is the other column.
      if (!cells[c].beside) issuer_done = issuer_done || !issuer_lines.empty();
      continue;
    }
    // Decree 30 rules a short line under the issuer's name; on a scan Tesseract may read it as
    // letters ("TA"), at a confidence near 0 that no printed word gets.
    if (is_rule_line(line) || not_read(unit)) {
      issuer_done = issuer_done || !issuer_lines.empty();
      continue;
    }
    if (RE2::FullMatch(folded, number_line_re())) {
      read_number_line(record, unit, folded);
      issuer_done = true;
      continue;
    }
    // A draft's "Số:" with the blank for its number can stand apart from "/BC-TTr" (its own
    // row, or a gap wide enough to make two blocks): the next line of the letterhead holding
    // only "[number]/symbol" is its rest, when the symbol starts with a document type's code
    // (Decree 30, Appendix III), so that a scan's noise after "Số:" is not taken for one.
    static const RE2 number_word(R"(^\s*so\s*[:.;]?\s*$)");
    if (RE2::FullMatch(folded, number_word) && c + 1 < cells.size() && !record.symbol) {
      const std::string rest = fold_accents(trim(cells[c + 1].unit.text));
      static const RE2 rest_re(R"(^(\d+)?\s*/\s*\S+$)");
      if (RE2::FullMatch(rest, rest_re)) {
        Record candidate;
        read_number_line(candidate, cells[c + 1].unit, std::string("so: ") + rest);
        if (candidate.type_code) {
          read_number_line(record, cells[c + 1].unit, std::string("so: ") + rest);
          issuer_done = true;
          ++c;
          continue;
        }
      }
    }
    if (!record.date && RE2::PartialMatch(folded, place_date_re())) {
      read_place_date(record, unit);
      continue;
    }
    if (subject_line && i >= *subject_line) continue;
    if (!issuer_done && is_upper_case(line)) issuer_lines.push_back(&unit);
  }
  read_issuers(record, issuer_lines);

  size_t body_start = head_end;
  if (subject_line) {
    // "V/v kiểm tra ..." may wrap onto the next line of the same column.
    std::string subject = trim(units[*subject_line].text);
    subject = trim(subject.substr(std::min(subject.size(), subject.find_first_of(" ") + 1)));
    size_t next = *subject_line + 1;
    while (next < head_end && units[next].paragraph_index == units[*subject_line].paragraph_index) {
      subject += std::string(" ") + trim(units[next].text);
      ++next;
    }
    record.subject = subject;
    record.evidence["subject"] = evidence_of(units[*subject_line]);
    record.doc_type = "CÔNG VĂN";
    record.type_code.reset(); // a letter has no type code (Decree 30, Appendix III)
  }

  if (type_at != std::string::npos) {
    // Subject: the lines after the type, up to a rule, or the following short paragraphs that do
    // not open the body.
    std::vector<std::string> parts;
    size_t i = type_at + 1;
    const Unit *first = nullptr;
    while (i < units.size() && parts.size() < 6) {
      const Unit &unit = units[i];
      const std::string line = trim(unit.text);
      if (is_rule_line(line)) {
        ++i;
        break;
      }
      const std::string folded = fold_accents(line);
      bool opens_body = unit.kind == BlockKind::table || line.size() > 400 ||
                        (!parts.empty() && has_heading_label(line)) ||
                        (!parts.empty() && units[i - 1].paragraph_index != unit.paragraph_index &&
                         (line.back() == ':' || line.size() > 200));
      for (const std::string &start : vocabulary().body_starts)
        if (folded.starts_with(start + " ")) opens_body = true;
      if (opens_body) break;
      if (!parts.empty() && units[i - 1].paragraph_index != unit.paragraph_index &&
          !(line.front() == '(' || !starts_capital(line) || parts.back().back() == ','))
        break; // a new paragraph that neither continues the subject nor adds its period
      if (first == nullptr) first = &unit;
      parts.push_back(line);
      ++i;
    }
    if (!parts.empty()) {
      record.subject = join_words(parts);
      record.evidence["subject"] = evidence_of(*first);
    }
    body_start = i;
  }
  return body_start;
}

void restore_letterhead_marks(Record &record, const std::vector<Unit> &body_units, size_t from) {
  // The place of the date line (Decree 30: the province or city where the agency sits, in
  // lower case and italics, so read better than the capitals) is how a Sở's name ends: "SỞ
  // ... NÔNG THÔN BẠC LIÊU" beside "Bạc Liêu, ngày ...".
  std::string text = record.place ? *record.place + '\n' : std::string();
  for (size_t i = from; i < body_units.size(); ++i)
    if (body_units[i].kind != BlockKind::table) text += body_units[i].text + '\n';
  for (auto [field, name] :
       {std::pair{"issuer", &record.issuer}, std::pair{"parent_issuer", &record.parent_issuer}}) {
    if (!*name) continue;
    std::optional<std::string> restored = restore_marks(**name, text);
    if (!restored) continue;
    warn(record, WarningCode::letterhead_marks_restored, field,
         fmt::format("the {} was read \"{}\" from the scan's letterhead; its marks were taken "
                     "from the same name in the text: \"{}\"",
                     field, **name, *restored));
    const auto evidence = record.evidence.find(field);
    record.mark_for_review(field, ReviewReason::readings_disagree,
                           evidence == record.evidence.end() ? 1.0 : evidence->second.confidence,
                           {*restored, **name});
    *name = std::move(*restored);
  }
}

} // namespace vnotice::record_parts

namespace vnotice {

std::optional<std::string> type_code_of(std::string_view doc_type) {
  const std::string folded = fold(doc_type);
  for (const auto &[name, code] : record_parts::vocabulary().doc_types)
    if (name == folded) return code;
  return std::nullopt;
}

} // namespace vnotice
