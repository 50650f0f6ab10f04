// The Decree 30 reflow, part of the Vietnamese text layer: a Document's lines joined into the
// paragraphs a reader sees. Paragraphs are reflowed into one line each (a symbol cut at a
// line-end hyphen, "16/CT-" + "TTg", is joined back with its hyphen), a paragraph cut by a page
// break is joined, a title or a numbered heading keeps a line of its own, page furniture is left
// out; columns and tables keep their lines. Every word of the result keeps its source (page, box,
// confidence), so a later stage can quote evidence for any part of the text.
#pragma once

#include "pipeline/document.h"

#include <string>
#include <vector>

namespace vnotice {

// Where a piece of a flowing paragraph's text came from: the byte range [begin, end) of one word.
struct WordSpan {
  size_t begin = 0, end = 0;
  int page = 0;
  Box box;
  double confidence = 1.0;
};

// One paragraph of the flowing text with the source of each word.
struct FlowParagraph {
  std::string text;
  BlockKind kind = BlockKind::paragraph; // never furniture
  std::vector<WordSpan> words;           // in text order
  std::vector<size_t> line_starts;       // where each of the source's lines starts in `text`
  int page() const { return words.empty() ? 0 : words.front().page; }
};

// The paragraphs of `document` in reading order.
std::vector<FlowParagraph> flowing_paragraphs(const Document &document);

// The same paragraphs as text, separated by blank lines, ending with a newline.
std::string flowing_text(const Document &document);

} // namespace vnotice
