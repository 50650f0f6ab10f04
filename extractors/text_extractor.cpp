#include "extractors/text_extractor.h"

#include "extractors/format_sniffer.h"
#include "extractors/legacy_encoding.h"

#include <sstream>

namespace vnotice {
namespace {

Line line_of(const std::string &text, int page) {
  Line line;
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    Word word;
    word.text = token;
    word.origin = Origin::txt;
    word.page = page;
    line.words.push_back(std::move(word));
  }
  return line;
}

} // namespace

Document extract_plain_text(const InputFile &input, const ExtractOptions &) {
  Document document;
  document.source = {input.path.string(), "text", input.sha256,
                     static_cast<long long>(input.bytes.size())};
  // A file that is not UTF-8 is in a legacy 8-bit encoding: put it in the form the text layer
  // decodes (each byte as its Windows-1252 character); the encoding is detected there.
  const std::string decoded =
      is_utf8_text(input.bytes) ? std::string() : bytes_as_cp1252(input.bytes);
  std::string_view text = decoded.empty() ? std::string_view(input.bytes) : decoded;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3); // byte order mark

  Page page;
  page.number = 1;
  page.method = PageMethod::markup;
  Block block;
  auto end_block = [&] {
    if (!block.lines.empty()) page.blocks.push_back(std::move(block));
    block = Block{};
  };
  auto end_page = [&] {
    end_block();
    const int next = page.number + 1;
    document.pages.push_back(std::move(page));
    page = Page{};
    page.number = next;
    page.method = PageMethod::markup;
  };

  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\n\f", start);
    if (end == std::string_view::npos) end = text.size();
    std::string raw(text.substr(start, end - start));
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    Line line = line_of(raw, page.number);
    if (line.words.empty())
      end_block();
    else
      block.lines.push_back(std::move(line));
    if (end < text.size() && text[end] == '\f') end_page();
    start = end + 1;
  }
  end_block();
  document.pages.push_back(std::move(page));
  return document;
}

} // namespace vnotice
