#include "extractors/record_parser_parts.h"

#include "extractors/signer.h"

#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

namespace vnotice::record_parts {
namespace {

// A line marked as an item of a list: "-", "+", an en dash or a bullet.
bool is_list_item(std::string_view line) {
  return line.starts_with("-") || line.starts_with("+") || line.starts_with("\xE2\x80\x93") ||
         line.starts_with("\xE2\x80\xA2");
}

// The closing block's lines with the recipients column first and the signer's after it. OCR
// sometimes reads the two columns as one table ("- Lãnh đạo Sở;<tab><tab>PHÓ GIÁM ĐỐC"): then
// each tabbed line gives its first cell to the recipients and its last to the signer (a cell
// between them is a seal's speck). A line without tabs (its empty cells lost) is a recipient's
// when it is a list item or follows one ended by ';', else the signer's (the name under them).
std::vector<Unit> closing_columns(const std::vector<Unit> &units, size_t from, size_t to) {
  bool tabbed = false;
  for (size_t i = from; i < to; ++i)
    tabbed = tabbed || units[i].text.find('\t') != std::string::npos;
  if (!tabbed)
    return {units.begin() + static_cast<long>(from), units.begin() + static_cast<long>(to)};
  std::vector<Unit> left, right;
  for (size_t i = from; i < to; ++i) {
    const Unit &unit = units[i];
    const size_t first = unit.text.find('\t');
    if (first == std::string::npos) {
      const std::string line = trim(unit.text);
      const bool recipient =
          is_list_item(line) || (!left.empty() && trim(left.back().text).ends_with(';') &&
                                 !is_upper_case(line) && !looks_like_name(line));
      (recipient ? left : right).push_back(unit);
      continue;
    }
    // A cell keeps its place in the paragraph, so that its evidence has the cell's own box.
    const auto add_cell = [&unit](std::vector<Unit> &column, size_t begin, size_t end) {
      const std::string_view text = std::string_view(unit.text).substr(begin, end - begin);
      const size_t lead = text.find_first_not_of(" \t");
      if (lead == std::string_view::npos) return;
      Unit cell = unit;
      cell.text = trim(text);
      cell.offset = unit.offset + begin + lead;
      column.push_back(std::move(cell));
    };
    add_cell(left, 0, first);
    add_cell(right, unit.text.rfind('\t') + 1, unit.text.size());
  }
  left.insert(left.end(), right.begin(), right.end());
  return left;
}

// Decree 30/2020 (Appendix I) ends "Nơi nhận" with the filing line "Lưu: VT, <drafting unit>",
// VT being the clerical office (Văn thư). On scans Tesseract reads these small capitals badly:
// - the first code, V and a look-alike of T (I 1 l Í Ì Ĩ Ị 7) or VT with a speck after it
//   ("VI", "VTF"), is the VT the decree fixes;
// - a ';' between the codes is the decree's ',';
// - the drafting unit's code is, in a unit's own report, the unit part of its symbol
//   ("BC-QLXDCT" → QLXDCT): a code read within one edit of it (two for codes of four letters
//   or more; case, marks and spaces aside) is taken from the symbol ("TFKN" → TTKN).
// Each change is a `recipients_repaired` warning quoting the line as read.
void restore_filing_line(Record &record) {
  static const RE2 filing(R"(^((?:Lưu|LƯU|Luu)\s*:?\s*)(\S+?)\s*([,;.])\s*(\S.*?)\s*$)");
  std::string unit_code;
  if (record.symbol)
    if (const size_t dash = record.symbol->find('-'); dash != std::string::npos)
      unit_code = record.symbol->substr(dash + 1);
  const auto bare_code = [](const std::string &code) {
    std::string out;
    for (char c : fold_accents(code))
      if (std::isalnum(static_cast<unsigned char>(c))) out += c;
    return out;
  };
  for (std::string &recipient : record.recipients) {
    std::string lead, first, separator, rest;
    if (!RE2::FullMatch(recipient, filing, &lead, &first, &separator, &rest)) continue;
    static const RE2 clerk(R"(V(?:T|I|1|l|Í|Ì|Ĩ|Ị|7)\W?\w?)");
    if (first.size() <= 4 && RE2::FullMatch(first, clerk)) first = "VT";
    if (first != "VT") continue;
    const std::string bare = bare_code(rest), unit = bare_code(unit_code);
    if (!unit.empty() && bare != unit && !bare.empty() &&
        edit_distance(bare, unit) <= (unit.size() >= 4 ? 2 : 1) &&
        std::count(rest.begin(), rest.end(), ' ') <= 1 /* one code, a space inside at most */)
      rest = unit_code;
    const std::string restored = lead + first + ", " + rest;
    if (restored == recipient) continue;
    warn(record, WarningCode::recipients_repaired, "recipients",
         fmt::format("the filing line was read \"{}\" from the scan; Decree 30 writes it \"Lưu: "
                     "VT, <drafting unit>\" and the unit's code is in the symbol, so it reads "
                     "\"{}\"",
                     recipient, restored));
    recipient = restored;
  }
}

} // namespace

bool is_recipients_heading(const std::string &folded) { return folded.starts_with("noi nhan"); }

const RE2 &authority_re() { return authority_line_re(); }

bool looks_like_name(const std::string &line) { return looks_like_person_name(line); }

// Where the recipients list starts when its "Nơi nhận:" heading was not found (a scan can
// read the small bold italic heading as noise, "NGEHhEH2A"): Decree 30 (Appendix I) ends the
// list with the filing line "Lưu: VT, ...", so the list is the dash items (and their wrapped
// lines) that run up to such a line, and a short line just above them that is not a sentence
// is the damaged heading. Only the last filing line after the body's start counts.
std::optional<size_t> recipients_without_heading(const std::vector<Unit> &units, size_t from) {
  static const RE2 filing(R"(^[-+–]?\s*(?:Lưu|LƯU)\s*:\s*\S)");
  size_t filing_at = units.size();
  for (size_t i = units.size(); i-- > from;)
    if (RE2::PartialMatch(trim(units[i].text), filing)) {
      filing_at = i;
      break;
    }
  if (filing_at == units.size()) return std::nullopt;
  size_t first = filing_at;
  for (size_t k = filing_at; k > from;) {
    --k;
    const std::string line = trim(units[k].text);
    if (is_list_item(line)) {
      first = k;
      continue;
    }
    // A wrapped line of the item above it.
    if (k > from && units[k].paragraph_index == units[k - 1].paragraph_index &&
        is_list_item(trim(units[k - 1].text)))
      continue;
    // The heading, damaged: short, one or two words, not a sentence.
    if (k + 1 == first && line.size() <= 24 && std::count(line.begin(), line.end(), ' ') <= 1 &&
        !line.ends_with('.'))
      first = k;
    break;
  }
  return first == filing_at && !is_list_item(trim(units[first].text)) ? std::nullopt
                                                                      : std::optional(first);
}

// A line of a signer block above its name: an authority line (KT. GIÁM ĐỐC), or a piece of a
// wrapped title: upper case, at most three words, each a Vietnamese syllable (so neither a
// part heading with its number nor OCR noise).
bool is_signer_line(const std::string &line) {
  if (RE2::FullMatch(line, authority_re())) return true;
  if (line.empty() || !is_upper_case(line) || fold(line) == line) return false;
  const std::vector<std::string_view> words = split_words(line);
  return words.size() >= 1 && words.size() <= 3 &&
         std::all_of(words.begin(), words.end(), is_vietnamese_syllable);
}

void read_closing(Record &record, const std::vector<Unit> &all_units, size_t all_from,
                  size_t all_to, bool heading_lost) {
  // Without "Nơi nhận" the block is found at its title over the name: the authority lines
  // above that title belong to it.
  while (all_from > 0 && all_from < all_to &&
         !is_recipients_heading(fold_accents(trim(all_units[all_from].text))) &&
         is_signer_line(trim(all_units[all_from - 1].text)))
    --all_from;
  const std::vector<Unit> units = closing_columns(all_units, all_from, all_to);
  const size_t from = 0, to = units.size();
  // Recipients: the dash lines after "Nơi nhận:".
  size_t i = from;
  bool have_heading = false;
  if (heading_lost) {
    // recipients_without_heading: the list, after what is left of its heading.
    have_heading = true;
    if (i < to && !is_list_item(trim(units[i].text))) ++i;
    warn(record, WarningCode::recipients_heading_unread, "recipients",
         fmt::format("the \"Nơi nhận\" heading was not read on page {}; the recipients were "
                     "found from the list that ends with \"Lưu: ...\": check them",
                     evidence_of(units[from]).page));
  } else if (i < to && is_recipients_heading(fold_accents(trim(units[i].text)))) {
    have_heading = true;
    // "Nơi nhận: - Lãnh đạo Sở;" may stand on one line.
    const std::string line = trim(units[i].text);
    const size_t colon = line.find(':');
    if (colon != std::string::npos && trim(line.substr(colon + 1)).size() > 1)
      record.recipients.push_back(
          strip_trailing(trim(trim(line.substr(colon + 1)).substr(1)), ";.,"));
    ++i;
  }
  std::vector<const Unit *> rest;
  bool item_closed = false; // the last recipient line ended with ';': the next is a new one
  size_t last_recipient = std::string::npos; // the unit of the last recipient line
  for (; i < to; ++i) {
    const std::string line = trim(units[i].text);
    if (have_heading && is_list_item(line)) {
      size_t skip = line[0] == '-' || line[0] == '+' ? 1 : 3;
      record.recipients.push_back(strip_trailing(trim(line.substr(skip)), ";.,"));
      if (record.recipients.size() == 1) record.evidence["recipients"] = evidence_of(units[i]);
      item_closed = line.ends_with(';');
      last_recipient = i;
      continue;
    }
    // A recipient wrapped onto a second line continues the one above; after a ';' the line is
    // the next recipient, its dash lost (OCR). The signer's column may come first in reading
    // order ("Nơi nhận:" beside "Q. TRƯỞNG PHÒNG"): then only a line right under a recipient
    // continues it.
    if (have_heading && !record.recipients.empty() && (rest.empty() || last_recipient + 1 == i) &&
        !is_upper_case(line) && !looks_like_name(line) &&
        units[i].paragraph_index == units[i - 1].paragraph_index &&
        !RE2::FullMatch(line, authority_re())) {
      if (item_closed)
        record.recipients.push_back(strip_trailing(line, ";.,"));
      else
        record.recipients.back() = strip_trailing(record.recipients.back() + " " + line, ";.,");
      item_closed = line.ends_with(';');
      last_recipient = i;
      continue;
    }
    rest.push_back(&units[i]);
  }
  if (record.source.read_by_ocr()) restore_filing_line(record);

  // Signer: an authority line (KT. GIÁM ĐỐC), the title under it, the name last; a damaged name
  // is looked up in the rest of the document (extractors/signer.h).
  std::vector<SourceSpan> block;
  for (const Unit *unit : rest)
    block.push_back({unit->paragraph, unit->offset, unit->offset + unit->text.size()});
  std::vector<const FlowParagraph *> document;
  for (const Unit &unit : all_units)
    if (document.empty() || document.back() != unit.paragraph) document.push_back(unit.paragraph);
  SignerReading signer = read_signer(block, document);
  record.signer = std::move(signer.signer);
  // "Q." (quyền, acting) is written before the head's own title (Decree 30, Appendix I): with no
  // title line under it, "Q. GIÁM ĐỐC" is the signer's title, not an authority over one.
  if (record.signer.authority && record.signer.authority->starts_with("Q.") &&
      !record.signer.title) {
    record.signer.title = std::move(record.signer.authority);
    record.signer.authority.reset();
    if (auto found = signer.evidence.find("signer.authority"); found != signer.evidence.end()) {
      signer.evidence["signer.title"] = found->second;
      signer.evidence.erase(found);
    }
  }
  record.evidence.merge(signer.evidence);
  record.warnings.insert(record.warnings.end(), signer.warnings.begin(), signer.warnings.end());
  for (const auto &[field, review] : signer.needs_review)
    record.mark_for_review(field, review.reason, review.confidence, review.candidates);
}

} // namespace vnotice::record_parts
