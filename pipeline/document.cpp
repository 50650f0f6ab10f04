#include "pipeline/document.h"

#include "pipeline/json_text.h"
#include "pipeline/reflow.h"
#include "pipeline/vietnamese_text.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vnotice {

Box Box::united(const Box &other) const {
  const bool this_empty = x0 == 0 && y0 == 0 && x1 == 0 && y1 == 0;
  if (this_empty) return other;
  return {std::min(x0, other.x0), std::min(y0, other.y0), std::max(x1, other.x1),
          std::max(y1, other.y1)};
}

// Appends a line's words to `out` (single spaces, a tab between table cells) and, when `spans` is
// given, where each word landed. Line::text and the flowing paragraphs share it so that the
// evidence offsets always match the text.
void append_line(const Line &line, std::string &out, std::vector<WordSpan> *spans) {
  for (size_t i = 0; i < line.words.size(); ++i) {
    const Word &word = line.words[i];
    if (i > 0) {
      if (word.starts_cell)
        out += '\t';
      else if (line.words[i - 1].space_after)
        out += ' ';
    }
    if (spans != nullptr)
      spans->push_back(
          {out.size(), out.size() + word.text.size(), word.page, word.box, word.confidence});
    out += word.text;
  }
}

std::string Line::text() const {
  std::string out;
  append_line(*this, out, nullptr);
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
  case BlockKind::furniture: return "furniture";
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

namespace {

nlohmann::ordered_json head_json(const Document &document) {
  nlohmann::ordered_json out;
  out["schema_version"] = 1;
  out["source"] = {{"file", document.source.file},
                   {"format", document.source.format},
                   {"sha256", document.source.sha256},
                   {"size_bytes", document.source.size_bytes},
                   {"pages", document.pages.size()}};
  return out;
}

// A page without its blocks.
nlohmann::ordered_json page_head_json(const Page &page) {
  nlohmann::ordered_json out;
  out["number"] = page.number;
  out["width"] = rounded(page.width);
  out["height"] = rounded(page.height);
  out["method"] = page_method_name(page.method);
  return out;
}

nlohmann::ordered_json block_json(const Block &block) {
  nlohmann::ordered_json block_out;
  block_out["kind"] = block_kind_name(block.kind);
  block_out["box"] = box_json(block.box);
  auto lines = nlohmann::ordered_json::array();
  for (const Line &line : block.lines) {
    nlohmann::ordered_json line_out;
    line_out["text"] = line.text();
    line_out["box"] = box_json(line.box);
    auto words = nlohmann::ordered_json::array();
    // An empty table cell is a word without text: the line's text keeps its tab, the
    // words list (whose texts are never empty) leaves it out.
    for (const Word &word : line.words)
      if (!word.text.empty()) words.push_back(word_json(word));
    line_out["words"] = std::move(words);
    lines.push_back(std::move(line_out));
  }
  block_out["lines"] = std::move(lines);
  return block_out;
}

nlohmann::ordered_json warnings_json(const Document &document) {
  auto warnings = nlohmann::ordered_json::array();
  for (const Warning &warning : document.warnings)
    warnings.push_back({{"code", warning_code_name(warning.code)},
                        {"message", warning.message},
                        {"page", warning.page}});
  return warnings;
}

nlohmann::ordered_json repairs_json(const Document &document) {
  auto repairs = nlohmann::ordered_json::array();
  for (const Repair &repair : document.repairs)
    repairs.push_back({{"page", repair.page},
                       {"original", repair.original},
                       {"replacement", repair.replacement},
                       {"reason", repair_code_name(repair.reason)}});
  return repairs;
}

} // namespace

nlohmann::ordered_json to_json(const Document &document) {
  nlohmann::ordered_json out = head_json(document);
  auto pages = nlohmann::ordered_json::array();
  for (const Page &page : document.pages) {
    nlohmann::ordered_json page_out = page_head_json(page);
    auto blocks = nlohmann::ordered_json::array();
    for (const Block &block : page.blocks)
      blocks.push_back(block_json(block));
    page_out["blocks"] = std::move(blocks);
    pages.push_back(std::move(page_out));
  }
  out["pages"] = std::move(pages);
  out["warnings"] = warnings_json(document);
  out["repairs"] = repairs_json(document);
  return out;
}

std::string json_text(const Document &document) {
  // One block at a time: the DOM of a 600-page DOCX alone would take some 700 MiB.
  std::string out = "{\n";
  const nlohmann::ordered_json head = head_json(document); // alive for the whole loop
  for (const auto &[key, value] : head.items())
    out += fmt::format("  {}: {},\n", nlohmann::ordered_json(key).dump(), dump_at(value, 1));
  out += "  \"pages\": [";
  for (size_t i = 0; i < document.pages.size(); ++i) {
    const Page &page = document.pages[i];
    out += i == 0 ? "\n    {\n" : ",\n    {\n";
    const nlohmann::ordered_json page_head = page_head_json(page);
    for (const auto &[key, value] : page_head.items())
      out += fmt::format("      {}: {},\n", nlohmann::ordered_json(key).dump(), dump_at(value, 3));
    out += "      \"blocks\": [";
    for (size_t j = 0; j < page.blocks.size(); ++j)
      out += (j == 0 ? "\n        " : ",\n        ") + dump_at(block_json(page.blocks[j]), 4);
    out += page.blocks.empty() ? "]\n    }" : "\n      ]\n    }";
  }
  out += document.pages.empty() ? "],\n" : "\n  ],\n";
  out += "  \"warnings\": " + dump_at(warnings_json(document), 1) + ",\n";
  out += "  \"repairs\": " + dump_at(repairs_json(document), 1) + "\n}\n";
  return out;
}

} // namespace vnotice
