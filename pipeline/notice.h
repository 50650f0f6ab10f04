// The Notice model: the inspection notice (THÔNG BÁO) as the writers lay it out, and its JSON
// form (schemas/notice.schema.json), which a user may edit by hand before re-rendering.
//
// Contract: a Notice holds the words of the document, not its layout. Everything Decree 30 fixes
// (the national motto, "Số:", "Nơi nhận:", the "- ...;" recipient punctuation, zero-padded dates,
// the "(Kèm theo Thông báo số ...)" line) is added by the writers (generators/notice_text.h), so
// the JSON holds no boilerplate. notice_from_json either returns a complete, consistent Notice or
// throws Error naming the JSON path of the first problem and what was expected there.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace vnotice {

// A calendar day (no time zone: official documents carry dates only).
struct CalendarDate {
  int year = 0;
  int month = 0; // 1..12
  int day = 0;   // 1..31, valid for the month
  friend bool operator==(const CalendarDate &, const CalendarDate &) = default;
};

// The two-column block that opens page 1. The right column (motto, place/date) is fixed by the
// decree apart from the place and the date.
struct Letterhead {
  std::string parent_issuer;         // "UBND TỈNH ĐỒNG THÁP"; empty when the issuer has none
  std::string issuer;                // "SỞ CÔNG THƯƠNG"
  std::optional<std::string> number; // "1935"; none before the clerk numbers it: "Số:   /TB-SCT"
  std::string symbol;                // "TB-SCT"
  std::string place;                 // "Đồng Tháp"
  std::optional<CalendarDate> date;  // none before signing: "ngày   tháng   năm <year>"
  int year = 0;                      // the year of `date`, or the year to print without one
};

// How a body paragraph looks. The text carries its own numbering ("I. ", "1. ", "a) ", "- ").
enum class ParagraphStyle {
  body,     // justified, first-line indent
  basis,    // a legal basis (căn cứ): italic body
  heading1, // part: "I. KẾT QUẢ KIỂM TRA", bold
  heading2, // "1. ...", bold
  heading3, // "2.1 ...", bold italic
  heading4, // "a) ...", italic
  item,     // "- ...": a body paragraph of a dash list
  centered, // centred, no indent
  note,     // "(Đính kèm Phụ lục)": italic, centred
};

struct Paragraph {
  ParagraphStyle style = ParagraphStyle::body;
  std::string text; // may hold '\n' (a line break inside the paragraph) and '\t'
};

// A bordered table whose header row repeats on every page it spans.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;    // each as long as the header
  std::optional<std::vector<std::string>> total; // a bold last row ("Tổng cộng", sums)
  std::vector<double> widths;                    // relative column widths; empty: equal columns
};

using BodyItem = std::variant<Paragraph, Table>;

struct Signer {
  std::optional<std::string> authority; // "KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"; none: head signs
  std::string title;                    // "PHÓ GIÁM ĐỐC"
  std::string name;                     // full name, no academic titles
};

// Starts on a new page with its own page numbering: "Phụ lục <label>", the title, the
// "(Kèm theo Thông báo số ...)" line, then its body.
struct Appendix {
  std::string label; // Roman numeral: "I", "II"
  std::string title; // upper case
  std::vector<BodyItem> body;
};

struct Notice {
  static constexpr int kSchemaVersion = 1;

  Letterhead letterhead;
  std::string doc_type = "THÔNG BÁO";
  std::string subject; // trích yếu; may hold '\n' where the author wants the line broken
  std::vector<BodyItem> body;
  std::vector<std::string> recipients; // without "- " and the final ";" / "."
  Signer signer;
  std::string issuer_name_in_sentence; // "Sở Công Thương", for the appendix line
  std::vector<Appendix> appendices;
};

std::string_view paragraph_style_name(ParagraphStyle style); // "heading1"

// The JSON form, keys in schema order, dates as "YYYY-MM-DD".
nlohmann::ordered_json to_json(const Notice &notice);

// Reads the JSON form. Throws Error: input_damaged with "at <path>: expected <what>" (the path as
// in "$.body[3].style") when a value is missing, of the wrong type, unknown or inconsistent;
// input_unsupported when schema_version is not one this build writes. `file` names the file in
// the Error.
Notice notice_from_json(const nlohmann::ordered_json &json, const std::string &file = {});

// Parses JSON text and reads it as above; a syntax error is input_damaged with its line and
// column.
Notice parse_notice_json(std::string_view text, const std::string &file = {});

} // namespace vnotice
