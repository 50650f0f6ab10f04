// Input formats are recognised from content, never from the file name.
#include "extractors/format_sniffer.h"

#include <gtest/gtest.h>
#include <string>

namespace vnotice {
namespace {

using namespace std::string_literals;

TEST(FormatSnifferTest, RecognisesEachFormatByItsMagicBytes) {
  EXPECT_EQ(sniff_format(""), InputFormat::empty);
  EXPECT_EQ(sniff_format("%PDF-1.7\n..."), InputFormat::pdf);
  // Readers accept junk before the header; so do we, up to 1024 bytes.
  EXPECT_EQ(sniff_format(std::string(500, ' ') + "%PDF-1.4"), InputFormat::pdf);
  EXPECT_EQ(sniff_format(std::string(2000, ' ') + "%PDF-1.4"), InputFormat::text);
  EXPECT_EQ(sniff_format("\x89PNG\r\n\x1a\n\0\0"s), InputFormat::png);
  EXPECT_EQ(sniff_format("\xff\xd8\xff\xe0"s), InputFormat::jpeg);
  EXPECT_EQ(sniff_format("II*\0"s), InputFormat::tiff);
  EXPECT_EQ(sniff_format("MM\0*"s), InputFormat::tiff);
  EXPECT_EQ(sniff_format("PK\x03\x04....mimetypeapplication/vnd.oasis.opendocument.text"s),
            InputFormat::odt);
  EXPECT_EQ(sniff_format("PK\x03\x04....[Content_Types].xml....word/document.xml"s),
            InputFormat::docx);
  EXPECT_EQ(sniff_format("PK\x03\x04....other.txt"s), InputFormat::zip);
}

TEST(FormatSnifferTest, TellsUtf8TextFromBinary) {
  EXPECT_EQ(sniff_format("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"),
            InputFormat::text);
  // TCVN3 bytes are not UTF-8 but are text: the text layer decodes the legacy encoding.
  EXPECT_EQ(sniff_format("C\xe9ng ho\xb5 x\xb7 h\xe9i"s), InputFormat::text);
  EXPECT_FALSE(is_utf8_text("C\xe9ng ho\xb5 x\xb7 h\xe9i"s));
  EXPECT_TRUE(is_utf8_text("Cộng hoà"));
  EXPECT_EQ(sniff_format("abc\0def"s), InputFormat::unknown);
  EXPECT_EQ(sniff_format("\x01\x02\x03\x04"s), InputFormat::unknown);
}

TEST(FormatSnifferTest, NamesAndDescriptionsExistForEveryFormat) {
  for (InputFormat f : {InputFormat::empty, InputFormat::unknown, InputFormat::pdf,
                        InputFormat::png, InputFormat::jpeg, InputFormat::tiff, InputFormat::docx,
                        InputFormat::odt, InputFormat::zip, InputFormat::text}) {
    EXPECT_NE(format_name(f), "");
    EXPECT_NE(format_description(f), "unknown");
  }
}

} // namespace
} // namespace vnotice
