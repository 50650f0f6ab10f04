// Restoring a scanned letterhead's marks from the body (extractors/name_marks.h): marks OCR lost
// or changed come back, specks between words go, and nothing changes where the text disagrees
// with itself, where only one word matches, or where a separator was written apart.
#include "extractors/name_marks.h"

#include <gtest/gtest.h>

namespace vnotice {
namespace {

const char *const kBody = "Thực hiện Công văn số 1641/SNN-VP của Sở Nông nghiệp và Phát triển "
                          "nông thôn, Phòng Kế hoạch - Tài chính báo cáo như sau:\n"
                          "Trên đây là báo cáo của Phòng Kế hoạch - Tài chính./.";

TEST(NameMarks, RestoresLostAndChangedMarks) {
  EXPECT_EQ(restore_marks("PHONG KE HOẠCH - TÀI CHÍNH", kBody), "PHÒNG KẾ HOẠCH - TÀI CHÍNH");
  EXPECT_EQ(restore_marks("SỞ NÔNG NGHIỆP VÀ PHÁT TRIÊN NÔNG THÔN BẠC LIÊU", kBody),
            "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN BẠC LIÊU");
}

TEST(NameMarks, SpecksStuckToAWordGo) {
  EXPECT_EQ(restore_marks("SỞ. NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", kBody),
            "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN");
  EXPECT_EQ(restore_marks("TRUNG TÂM KHUYỀN-” NÔNG", "Trung tâm Khuyến nông tổ chức 3 lớp."),
            "TRUNG TÂM KHUYẾN NÔNG");
}

TEST(NameMarks, KeepsWhatTheTextCannotVouchFor) {
  // Already right: nothing to do.
  EXPECT_EQ(restore_marks("PHÒNG KẾ HOẠCH - TÀI CHÍNH", kBody), std::nullopt);
  // A dash written apart stays even where the text has none.
  EXPECT_EQ(restore_marks("PHONG KẾ HOẠCH - TÀI CHÍNH", "Phòng Kế hoạch Tài chính báo cáo"),
            "PHÒNG KẾ HOẠCH - TÀI CHÍNH");
  // One word alone is not a mention of the name.
  EXPECT_EQ(restore_marks("PHONG KHAC", "Phòng họp số 2"), std::nullopt);
  // The text's mentions disagree on a word's marks: that word is left as read.
  EXPECT_EQ(restore_marks("CHI CUC THUY LOI", "Chi cục Thủy lợi; Chi cục Thủy lội"),
            "CHI CỤC THỦY LOI");
  // Lower-case names keep their case.
  EXPECT_EQ(restore_marks("Phong Kế hoạch", "của Phòng Kế hoạch"), "Phòng Kế hoạch");
}

} // namespace
} // namespace vnotice
