// The fixed wording Decree 30 puts around a Notice's own words, shared by the DOCX and ODT
// writers so that both print exactly the same text.
#pragma once

#include "pipeline/notice.h"

#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

inline constexpr std::string_view kNationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
inline constexpr std::string_view kMotto = "Độc lập - Tự do - Hạnh phúc";
inline constexpr std::string_view kRecipientsHeading = "Nơi nhận:";

// "1935/TB-SCT"; numbers below 10 get a leading zero ("05/TB-SCT"); without a number the
// clerk's blank: "      /TB-SCT".
std::string number_and_symbol(const Letterhead &letterhead);

// "Số: 1935/TB-SCT".
std::string number_line(const Letterhead &letterhead);

// "ngày 06 tháng 9 năm 2021": day below 10 and months 1 and 2 zero-padded; without a date the
// blanks to fill in by hand: "ngày      tháng      năm 2021".
std::string date_words(const Letterhead &letterhead);

// "Đồng Tháp, ngày 06 tháng 9 năm 2021".
std::string place_date_line(const Letterhead &letterhead);

// "(Kèm theo Thông báo số 1935/TB-SCT ngày 10 tháng 9 năm 2021 của Sở Công Thương)".
std::string appendix_reference(const Notice &notice);

// "Phụ lục I".
std::string appendix_heading(const Appendix &appendix);

// The recipients as printed: "- Lãnh đạo Sở;" ... "- Lưu: VT, VP." (any "- " or final ";"/"."
// the author typed is not doubled).
std::vector<std::string> recipient_lines(const std::vector<std::string> &recipients);

// "2021-09-10T00:00:00": the notice's date (1 January of its year when it has none), used for
// every metadata date so that output never depends on the clock.
std::string metadata_datetime(const Letterhead &letterhead);
CalendarDate metadata_date(const Letterhead &letterhead);

} // namespace vnotice
