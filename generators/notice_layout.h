// The Decree 30 page and paragraph formats of a notice, shared by the DOCX and ODT writers: each
// format becomes a named paragraph style in both (so a user editing the file sees "vn body",
// "vn heading 1", ... and both formats look alike).
#pragma once

#include "pipeline/notice.h"

#include <span>
#include <string>
#include <string_view>

namespace vnotice::layout {

// A4 portrait with the decree's margins (millimetres).
inline constexpr double kPageWidthMm = 210;
inline constexpr double kPageHeightMm = 297;
inline constexpr double kMarginTopMm = 20;
inline constexpr double kMarginBottomMm = 20;
inline constexpr double kMarginLeftMm = 30;
inline constexpr double kMarginRightMm = 15;
inline constexpr double kHeaderFromTopMm = 10; // the page number sits in the top margin
inline constexpr double kTextWidthMm = kPageWidthMm - kMarginLeftMm - kMarginRightMm;

// Column widths of the two borderless two-column blocks: the right column of the letterhead
// must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 13 pt bold on one line.
inline constexpr double kLetterheadLeftMm = 62;
inline constexpr double kClosingLeftMm = 75;

inline constexpr std::string_view kFont = "Times New Roman";
inline constexpr double kRuleWidthPt = 0.75;

enum class Align { left, center, justify };

struct ParagraphFormat {
  std::string_view id;   // style id in DOCX, style name in ODT
  std::string_view name; // display name
  Align align = Align::left;
  double size_pt = 14;
  bool bold = false;
  bool italic = false;
  double first_line_mm = 0;
  double before_pt = 0;
  double after_pt = 0;
  double line = 1.0;      // line spacing, a multiple of single
  bool keep_next = false; // keep with the next paragraph (headings)
  bool rule = false;      // an empty, tiny paragraph whose bottom border is a short rule
};

// Every format, in the order the style parts list them.
std::span<const ParagraphFormat> paragraph_formats();
const ParagraphFormat &format(std::string_view id);

// The format id of a body paragraph style.
std::string_view format_id(ParagraphStyle style);

// Format ids of the fixed parts.
namespace ids {
inline constexpr std::string_view parent_issuer = "VnParentIssuer";
// The body's last paragraph (the closing sentence): body text kept with the signature block, so
// that block never stands alone on a page.
inline constexpr std::string_view body_closing = "VnBodyClosing";
inline constexpr std::string_view issuer = "VnIssuer";
inline constexpr std::string_view number = "VnNumber";
inline constexpr std::string_view nation = "VnNation";
inline constexpr std::string_view motto = "VnMotto";
inline constexpr std::string_view place_date = "VnPlaceDate";
inline constexpr std::string_view rule = "VnRule";
inline constexpr std::string_view subject_rule = "VnSubjectRule"; // with room before the body
inline constexpr std::string_view doc_type = "VnDocType";
inline constexpr std::string_view subject = "VnSubject";
inline constexpr std::string_view recipients_heading = "VnRecipientsHeading";
inline constexpr std::string_view recipient = "VnRecipient";
inline constexpr std::string_view signer_title = "VnSignerTitle";
inline constexpr std::string_view signer_name = "VnSignerName";
inline constexpr std::string_view appendix_label = "VnAppendixLabel";
inline constexpr std::string_view appendix_title = "VnAppendixTitle";
inline constexpr std::string_view appendix_reference = "VnAppendixReference";
inline constexpr std::string_view table_head = "VnTableHead";
inline constexpr std::string_view table_cell = "VnTableCell";
inline constexpr std::string_view table_number = "VnTableNumber";
inline constexpr std::string_view table_total = "VnTableTotal";
inline constexpr std::string_view table_total_number = "VnTableTotalNumber";
inline constexpr std::string_view page_number = "VnPageNumber";
inline constexpr std::string_view section_end = "VnSectionEnd";
} // namespace ids

// A rough width of `utf8` set in Times New Roman (mm), from per-character average advances;
// good to a few per cent, enough to size the short rules the decree draws under a line.
double text_width_mm(std::string_view utf8, double size_pt, bool bold);

// Length of the short rule under a line of text: `fraction` of its width, within [min, max].
double rule_length_mm(std::string_view utf8, const ParagraphFormat &format, double fraction,
                      double min_mm, double max_mm);

// Length of the rule under the subject (trích yếu): a third of its longest line, set in 14 pt
// bold, within [20, 60] mm.
double subject_rule_mm(std::string_view subject);

// Column widths (mm) of a table `total_mm` wide: from the relative widths, or equal.
std::vector<double> column_widths_mm(const Table &table, double total_mm);

// True when a cell reads as a figure ("8.586", "15%", "02"): centred in tables.
bool is_figure(std::string_view cell);

// Unit conversions.
inline long twips(double mm) { return static_cast<long>(mm * 1440.0 / 25.4 + 0.5); }
std::string cm(double mm);     // "1.65cm", rounded to 0.01 cm
std::string pt(double points); // "14pt"

} // namespace vnotice::layout
