#include "pipeline/document.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace vnotice {

Box Box::united(const Box &other) const {
  const bool this_empty = x0 == 0 && y0 == 0 && x1 == 0 && y1 == 0;
  if (this_empty) return other;
  return {std::min(x0, other.x0), std::min(y0, other.y0), std::max(x1, other.x1),
          std::max(y1, other.y1)};
}

std::string Line::text() const {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) {
      if (words[i].starts_cell)
        out += '\t';
      else if (words[i - 1].space_after)
        out += ' ';
    }
    out += words[i].text;
  }
  return out;
}

std::string Block::text() const {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += '\n';
    out += lines[i].text();
  }
  return out;
}

std::string Document::text() const {
  std::string out;
  for (size_t p = 0; p < pages.size(); ++p) {
    if (p > 0) out += '\f';
    for (size_t b = 0; b < pages[p].blocks.size(); ++b) {
      if (b > 0) out += "\n\n";
      out += pages[p].blocks[b].text();
    }
    out += '\n';
  }
  return out;
}

std::string_view origin_name(Origin origin) {
  switch (origin) {
  case Origin::pdf_text: return "pdf_text";
  case Origin::ocr: return "ocr";
  case Origin::docx: return "docx";
  case Origin::odt: return "odt";
  case Origin::txt: return "txt";
  }
  return "unknown";
}

std::string_view page_method_name(PageMethod method) {
  switch (method) {
  case PageMethod::text_layer: return "text_layer";
  case PageMethod::ocr: return "ocr";
  case PageMethod::markup: return "markup";
  }
  return "unknown";
}

std::string_view block_kind_name(BlockKind kind) {
  switch (kind) {
  case BlockKind::paragraph: return "paragraph";
  case BlockKind::column: return "column";
  case BlockKind::table: return "table";
  }
  return "unknown";
}

namespace {

double rounded(double value) { return std::round(value * 100.0) / 100.0; }

nlohmann::ordered_json box_json(const Box &box) {
  return nlohmann::ordered_json::array(
      {rounded(box.x0), rounded(box.y0), rounded(box.x1), rounded(box.y1)});
}

nlohmann::ordered_json word_json(const Word &word) {
  nlohmann::ordered_json out;
  out["text"] = word.text;
  out["page"] = word.page;
  out["box"] = box_json(word.box);
  out["confidence"] = rounded(word.confidence);
  out["origin"] = origin_name(word.origin);
  out["font"] = word.font;
  out["font_size"] = rounded(word.font_size);
  out["space_after"] = word.space_after;
  if (word.starts_cell) out["starts_cell"] = true;
  return out;
}

} // namespace

nlohmann::ordered_json to_json(const Document &document) {
  nlohmann::ordered_json out;
  out["schema_version"] = 1;
  out["source"] = {{"file", document.source.file},
                   {"format", document.source.format},
                   {"sha256", document.source.sha256},
                   {"size_bytes", document.source.size_bytes},
                   {"pages", document.pages.size()}};
  auto pages = nlohmann::ordered_json::array();
  for (const Page &page : document.pages) {
    nlohmann::ordered_json page_out;
    page_out["number"] = page.number;
    page_out["width"] = rounded(page.width);
    page_out["height"] = rounded(page.height);
    page_out["method"] = page_method_name(page.method);
    auto blocks = nlohmann::ordered_json::array();
    for (const Block &block : page.blocks) {
      nlohmann::ordered_json block_out;
      block_out["kind"] = block_kind_name(block.kind);
      block_out["box"] = box_json(block.box);
      auto lines = nlohmann::ordered_json::array();
      for (const Line &line : block.lines) {
        nlohmann::ordered_json line_out;
        line_out["text"] = line.text();
        line_out["box"] = box_json(line.box);
        auto words = nlohmann::ordered_json::array();
        for (const Word &word : line.words)
          words.push_back(word_json(word));
        line_out["words"] = std::move(words);
        lines.push_back(std::move(line_out));
      }
      block_out["lines"] = std::move(lines);
      blocks.push_back(std::move(block_out));
    }
    page_out["blocks"] = std::move(blocks);
    pages.push_back(std::move(page_out));
  }
  out["pages"] = std::move(pages);
  auto warnings = nlohmann::ordered_json::array();
  for (const Warning &warning : document.warnings)
    warnings.push_back(
        {{"code", warning.code}, {"message", warning.message}, {"page", warning.page}});
  out["warnings"] = std::move(warnings);
  return out;
}

} // namespace vnotice
