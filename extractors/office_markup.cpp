#include "extractors/office_markup.h"

#include "pipeline/error.h"
#include "pipeline/messages.h"

#include <algorithm>
#include <exception>
#include <fmt/format.h>
#include <iterator>

namespace vnotice::office {
namespace {

// A table as one line per row (see MarkupTable in the header).
std::vector<Line> table_lines(MarkupTable table, Origin origin) {
  std::vector<Line> lines;
  for (std::vector<MarkupCell> &row : table.rows) {
    Line line;
    bool has_text = false;
    for (MarkupCell &cell : row) {
      bool first_of_cell = true;
      for (Line &cell_line : cell.lines)
        for (Word &word : cell_line.words) {
          if (first_of_cell && !line.words.empty()) word.starts_cell = true;
          first_of_cell = false;
          has_text = true;
          line.words.push_back(std::move(word));
        }
      if (first_of_cell) {
        Word empty;
        empty.origin = origin;
        empty.page = 1;
        empty.starts_cell = !line.words.empty();
        line.words.push_back(std::move(empty));
      }
    }
    if (has_text) lines.push_back(std::move(line)); // a row of empty cells says nothing
  }
  return lines;
}

} // namespace

bool on_off(XmlNode node) {
  if (!node) return false;
  const auto value = node.attribute(kW, "val");
  return !value || !(*value == "false" || *value == "0" || *value == "off");
}

size_t whitespace_length(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  if (text.empty()) return 0;
  if (std::string_view(" \t\n\r\f\v").find(text[0]) != std::string_view::npos) return 1;
  if (text.size() >= 2 && byte(0) == 0xC2 && byte(1) == 0xA0) return 2; // U+00A0
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x80 &&
      (byte(2) <= 0x8A || byte(2) == 0xA8 || byte(2) == 0xA9 || byte(2) == 0xAF))
    return 3; // U+2000..U+200A, U+2028, U+2029, U+202F
  if (text.size() >= 3 && byte(0) == 0xE2 && byte(1) == 0x81 && byte(2) == 0x9F) return 3;
  if (text.size() >= 3 && byte(0) == 0xE3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;
  return 0;
}

void WordBudget::spend() {
  if (--left_ >= 0) return;
  throw Error(ExitCode::limit_exceeded, source_.file,
              trf("the {} file holds more than {} words, the limit for one input; raise "
                  "the limit with --max-words if the file is genuine",
                  source_.kind, limit_));
}

void LineBuilder::add_text(std::string_view text, const TextFormat &format) {
  if (text.empty()) return;
  if (current_.formats.empty() || current_.formats.back().second != format)
    current_.formats.emplace_back(current_.text.size(), format);
  current_.text += text;
}

void LineBuilder::break_line() {
  pending_.push_back(std::move(current_));
  current_ = {};
}

std::vector<Line> LineBuilder::finish() {
  break_line();
  std::vector<Line> lines;
  for (const Pending &pending : pending_) {
    Line line = split(pending);
    if (!line.words.empty()) lines.push_back(std::move(line));
  }
  pending_.clear();
  return lines;
}

Line LineBuilder::split(const Pending &pending) const {
  Line line;
  const std::string_view text = pending.text;
  size_t format_index = 0;
  size_t at = 0;
  while (at < text.size()) {
    if (const size_t space = whitespace_length(text.substr(at)); space > 0) {
      at += space;
      continue;
    }
    const size_t start = at;
    while (at < text.size() && whitespace_length(text.substr(at)) == 0)
      ++at;
    while (format_index + 1 < pending.formats.size() &&
           pending.formats[format_index + 1].first <= start)
      ++format_index;
    if (budget_ != nullptr) budget_->spend();
    Word word;
    word.text = std::string(text.substr(start, at - start));
    word.origin = origin_;
    word.page = 1;
    word.confidence = 1.0;
    if (format_index < pending.formats.size()) {
      word.font = pending.formats[format_index].second.font;
      word.font_size = pending.formats[format_index].second.size;
    }
    line.words.push_back(std::move(word));
  }
  return line;
}

void prepend_label(const std::string &label, const TextFormat &format, Origin origin,
                   std::vector<Line> &lines) {
  if (label.empty() || lines.empty()) return; // an empty paragraph shows no bare "3."
  LineBuilder builder(origin);
  builder.add_text(label, format);
  std::vector<Line> label_lines = builder.finish();
  if (label_lines.empty()) return;
  std::vector<Word> &words = lines.front().words;
  words.insert(words.begin(), std::make_move_iterator(label_lines.front().words.begin()),
               std::make_move_iterator(label_lines.front().words.end()));
}

void add_table(MarkupTable table, Origin origin, std::vector<Block> &blocks) {
  if (table.max_cells == 2) {
    Block left, right;
    left.kind = right.kind = BlockKind::column;
    for (std::vector<MarkupCell> &row : table.rows)
      for (MarkupCell &cell : row) {
        Block &side = cell.column == 0 ? left : right;
        for (Line &line : cell.lines)
          side.lines.push_back(std::move(line));
      }
    if (!left.lines.empty()) blocks.push_back(std::move(left));
    if (!right.lines.empty()) blocks.push_back(std::move(right));
    return;
  }
  Block block;
  block.kind = BlockKind::table;
  block.lines = table_lines(std::move(table), origin);
  if (!block.lines.empty()) blocks.push_back(std::move(block));
}

void add_paragraph(std::vector<Line> lines, std::vector<Block> &blocks) {
  if (lines.empty()) return;
  Block block;
  block.kind = BlockKind::paragraph;
  block.lines = std::move(lines);
  blocks.push_back(std::move(block));
}

void add_furniture(std::vector<Block> part_blocks, std::vector<Block> &blocks) {
  for (Block &block : part_blocks) {
    block.kind = BlockKind::furniture;
    blocks.push_back(std::move(block));
  }
}

int positive_int(const std::optional<std::string> &value, int fallback, int max) {
  if (!value) return fallback;
  try {
    const int parsed = std::stoi(*value);
    return parsed < 1 ? fallback : std::min(parsed, max);
  } catch (const std::exception &) {
    return fallback;
  }
}

int bounded_int(const std::optional<std::string> &value, int fallback, int min, int max) {
  if (!value) return fallback;
  try {
    return std::clamp(std::stoi(*value), min, max);
  } catch (const std::exception &) {
    return fallback;
  }
}

} // namespace vnotice::office
