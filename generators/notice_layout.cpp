#include "generators/notice_layout.h"

#include <algorithm>
#include <array>
#include <fmt/format.h>
#include <numeric>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace vnotice::layout {
namespace {

// Body text: 14 pt, justified, first line indented 1 cm, 6 pt after, 1.15 lines.
constexpr ParagraphFormat body(std::string_view id, std::string_view name, bool bold = false,
                               bool italic = false, bool keep_next = false) {
  return {id, name, Align::justify, 14, bold, italic, 10, 0, 6, 1.15, keep_next, false};
}

constexpr ParagraphFormat centred(std::string_view id, std::string_view name, double size,
                                  bool bold, bool italic = false, double before = 0,
                                  double after = 0) {
  return {id, name, Align::center, size, bold, italic, 0, before, after, 1.0, false, false};
}

constexpr std::array kFormats = {
    body("VnBody", "vn body"),
    body(ids::body_closing, "vn body, kept with the signature", false, false, true),
    body("VnBasis", "vn legal basis", false, true),
    body("VnHeading1", "vn heading 1", true, false, true),
    body("VnHeading2", "vn heading 2", true, false, true),
    body("VnHeading3", "vn heading 3", true, true, true),
    body("VnHeading4", "vn heading 4", false, true, true),
    body("VnItem", "vn list item"),
    centred("VnCentered", "vn centred", 14, false, false, 0, 6),
    centred("VnNote", "vn note", 14, false, true, 0, 6),
    centred(ids::parent_issuer, "vn parent issuer", 13, false),
    centred(ids::issuer, "vn issuer", 13, true),
    centred(ids::number, "vn number", 13, false, false, 6, 0),
    centred(ids::nation, "vn national name", 13, true),
    centred(ids::motto, "vn motto", 14, true),
    centred(ids::place_date, "vn place and date", 14, false, true, 6, 0),
    ParagraphFormat{ids::rule, "vn rule", Align::left, 2, false, false, 0, 0, 0, 1.0, false, true},
    ParagraphFormat{ids::subject_rule, "vn subject rule", Align::left, 2, false, false, 0, 0, 12,
                    1.0, false, true},
    centred(ids::doc_type, "vn document type", 14, true, false, 24, 0),
    centred(ids::subject, "vn subject", 14, true),
    centred(ids::recipients_heading, "vn recipients heading", 12, true, true),
    ParagraphFormat{ids::recipient, "vn recipient", Align::left, 11},
    centred(ids::signer_title, "vn signer title", 14, true),
    centred(ids::signer_name, "vn signer name", 14, true, false, 72, 0),
    centred(ids::appendix_label, "vn appendix label", 14, true),
    centred(ids::appendix_title, "vn appendix title", 14, true),
    centred(ids::appendix_reference, "vn appendix reference", 14, false, true, 0, 12),
    centred(ids::table_head, "vn table head", 12, true),
    ParagraphFormat{ids::table_cell, "vn table cell", Align::left, 12},
    centred(ids::table_number, "vn table figure", 12, false),
    ParagraphFormat{ids::table_total, "vn table total", Align::left, 12, true},
    centred(ids::table_total_number, "vn table total figure", 12, true),
    centred(ids::page_number, "vn page number", 14, false),
    ParagraphFormat{ids::section_end, "vn section end", Align::left, 2},
};

} // namespace

std::span<const ParagraphFormat> paragraph_formats() { return kFormats; }

const ParagraphFormat &format(std::string_view id) {
  for (const ParagraphFormat &entry : kFormats)
    if (entry.id == id) return entry;
  return kFormats[0];
}

std::string_view format_id(ParagraphStyle style) {
  switch (style) {
  case ParagraphStyle::body: return "VnBody";
  case ParagraphStyle::basis: return "VnBasis";
  case ParagraphStyle::heading1: return "VnHeading1";
  case ParagraphStyle::heading2: return "VnHeading2";
  case ParagraphStyle::heading3: return "VnHeading3";
  case ParagraphStyle::heading4: return "VnHeading4";
  case ParagraphStyle::item: return "VnItem";
  case ParagraphStyle::centered: return "VnCentered";
  case ParagraphStyle::note: return "VnNote";
  }
  return "VnBody";
}

double text_width_mm(std::string_view utf8, double size_pt, bool bold) {
  // Average advances of Times New Roman in ems (bold capitals are wider).
  double ems = 0;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(utf8.size());
  while (i < length) {
    UChar32 c = 0;
    U8_NEXT(utf8.data(), i, length, c);
    if (c < 0) continue;
    if (c == ' ')
      ems += 0.25;
    else if (u_isupper(c))
      ems += bold ? 0.70 : 0.67;
    else if (u_isdigit(c))
      ems += 0.5;
    else if (u_isalpha(c))
      ems += bold ? 0.53 : 0.46;
    else
      ems += 0.33;
  }
  return ems * size_pt * 25.4 / 72.0;
}

double rule_length_mm(std::string_view utf8, const ParagraphFormat &format, double fraction,
                      double min_mm, double max_mm) {
  return std::clamp(text_width_mm(utf8, format.size_pt, format.bold) * fraction, min_mm, max_mm);
}

double subject_rule_mm(std::string_view subject) {
  double widest = 0;
  for (size_t from = 0;;) {
    const size_t to = subject.find('\n', from);
    widest = std::max(widest, text_width_mm(subject.substr(from, to - from), 14, true));
    if (to == std::string_view::npos) break;
    from = to + 1;
  }
  return std::clamp(std::min(widest, kTextWidthMm) / 3, 20.0, 60.0);
}

std::vector<double> column_widths_mm(const Table &table, double total_mm) {
  const size_t columns = table.header.size();
  std::vector<double> widths(columns, total_mm / static_cast<double>(columns));
  if (table.widths.size() == columns) {
    const double sum = std::accumulate(table.widths.begin(), table.widths.end(), 0.0);
    for (size_t i = 0; i < columns; ++i)
      widths[i] = total_mm * table.widths[i] / sum;
  }
  return widths;
}

bool is_figure(std::string_view cell) {
  if (cell.empty() || cell.size() > 16) return false;
  bool digit = false;
  for (char c : cell) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != ',' && c != '%' && c != ' ' && c != '-' && c != '/')
      return false;
  }
  return digit;
}

std::string cm(double mm) { return fmt::format("{:.2f}cm", mm / 10.0); }

std::string pt(double points) { return fmt::format("{:g}pt", points); }

} // namespace vnotice::layout
