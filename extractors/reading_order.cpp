#include "extractors/reading_order.h"

#include "pipeline/vietnamese_text.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>

namespace vnotice {
namespace {

struct Fragment {
  std::vector<Word> words;
  Box box;
};

struct Row {
  std::vector<Word> words; // in x order after build_rows
  Box box;
  Box anchor; // box of the first word: the row's reference height, so rows do not drift
  std::vector<Fragment> fragments;
};

struct Gutter {
  double x0, x1;
  double width() const { return x1 - x0; }
};

Box box_of(const std::vector<Word> &words) {
  Box box;
  for (const Word &word : words)
    box = box.united(word.box);
  return box;
}

double median(std::vector<double> values, double fallback) {
  if (values.empty()) return fallback;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

double vertical_overlap(const Box &a, const Box &b) {
  return std::min(a.y1, b.y1) - std::max(a.y0, b.y0);
}

// Whether a line's words are set in a bold font: all of them, none, or some (a bold lead-in).
enum class Weight { bold, regular, mixed, unknown };

bool bold_font(const std::string &font) {
  std::string lower;
  for (char c : font)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("bold") != std::string::npos || lower.find("black") != std::string::npos ||
         lower.find("heavy") != std::string::npos || lower.ends_with("-bd") ||
         lower.ends_with(",bd");
}

Weight weight_of(const std::vector<Word> &words) {
  int bold = 0, regular = 0;
  for (const Word &word : words) {
    if (word.font.empty()) return Weight::unknown; // OCR and plain text carry no font
    (bold_font(word.font) ? bold : regular) += 1;
  }
  if (bold > 0 && regular > 0) return Weight::mixed;
  return bold > 0 ? Weight::bold : Weight::regular;
}

// A list or heading label at the start of a line: "2.", "2.1", "II.", "a)", "1)", "Phần I",
// "-", "+", "*", "•".
bool opens_with_label(std::string_view text) {
  static const RE2 label(
      R"(^\s*(?:\d{1,2}[.)]\s|\d{1,2}(?:\.\d{1,2})+[.)]?\s|[IVXLC]{1,5}[.)]\s|[a-zđ]\)\s|)"
      R"((?:Phần|PHẦN|Mục|MỤC)\s+[IVXLC\d]{1,5}\b|[-+*•–]\s))");
  return RE2::PartialMatch(text, label);
}

// A line that can open a paragraph: a capital letter, a digit, a quote or a label.
bool opens_paragraph(const std::string &first_word) {
  if (first_word.empty()) return false;
  if (opens_with_label(first_word + " ")) return true;
  const auto c = static_cast<unsigned char>(first_word[0]);
  if (std::isdigit(c) || c == '"' || c == '(') return true;
  size_t end = 1;
  while (end < first_word.size() && (static_cast<unsigned char>(first_word[end]) & 0xC0) == 0x80)
    ++end;
  const std::string first = first_word.substr(0, end);
  return to_upper(first) == first && fold(first) != first; // a capital letter, not a mark
}

std::string row_text(const std::vector<Word> &words) {
  std::string text;
  for (size_t i = 0; i < words.size() && i < 4; ++i)
    text += words[i].text + " ";
  return text;
}

bool closes_sentence(const std::string &text) {
  if (text.empty()) return false;
  const char last = text.back();
  return last == '.' || last == ':' || last == ';' || last == '!' || last == '?';
}

std::vector<Row> build_rows(std::vector<Word> words) {
  std::stable_sort(words.begin(), words.end(), [](const Word &a, const Word &b) {
    if (a.box.center_y() != b.box.center_y()) return a.box.center_y() < b.box.center_y();
    return a.box.x0 < b.box.x0;
  });
  std::vector<Row> rows;
  for (Word &word : words) {
    // Join the recent row this word overlaps most, if it overlaps by half its height.
    Row *best = nullptr;
    double best_overlap = 0;
    const size_t look_back = std::min<size_t>(rows.size(), 8);
    for (size_t k = rows.size() - look_back; k < rows.size(); ++k) {
      const double overlap = vertical_overlap(rows[k].anchor, word.box);
      const double needed = 0.5 * std::min(rows[k].anchor.height(), word.box.height());
      if (overlap >= needed && overlap > best_overlap) {
        best = &rows[k];
        best_overlap = overlap;
      }
    }
    if (best == nullptr) {
      rows.emplace_back();
      best = &rows.back();
      best->anchor = word.box;
    }
    best->box = best->box.united(word.box);
    best->words.push_back(std::move(word));
  }
  for (Row &row : rows)
    std::stable_sort(row.words.begin(), row.words.end(),
                     [](const Word &a, const Word &b) { return a.box.x0 < b.box.x0; });
  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row &a, const Row &b) { return a.box.center_y() < b.box.center_y(); });
  return rows;
}

// Splits a row where the gap between words is wide: wider than `gap_rows` row heights, or
// clearly wider than the row's own word spacing (a letterhead row whose two columns nearly touch
// still has a gap several times its spaces; a justified line stretches all its spaces alike).
void split_fragments(Row &row, const ReadingOrderOptions &options) {
  std::vector<double> heights, spaces;
  for (size_t k = 0; k < row.words.size(); ++k) {
    heights.push_back(row.words[k].box.height());
    if (k > 0) spaces.push_back(row.words[k].box.x0 - row.words[k - 1].box.x1);
  }
  const double height = median(heights, 10.0);
  const double usual_space = median(spaces, height);
  const double max_gap = std::min(
      options.fragment_gap_rows * height,
      std::max(options.min_fragment_gap_rows * height, options.fragment_gap_spaces * usual_space));
  Fragment *current = nullptr;
  for (Word &word : row.words) {
    if (current == nullptr || word.box.x0 - current->box.x1 > max_gap) {
      row.fragments.emplace_back();
      current = &row.fragments.back();
    }
    current->box = current->box.united(word.box);
    current->words.push_back(std::move(word));
  }
  row.words.clear();
}

Line line_of(std::vector<Word> words) {
  Line line;
  line.box = box_of(words);
  line.words = std::move(words);
  return line;
}

// Decides whether `row` continues a multi-column run with `gutters`; narrows them if so.
bool continue_run(const Row &row, std::vector<Gutter> &gutters, double min_gutter,
                  double text_centre, double centred_tolerance) {
  std::vector<Gutter> narrowed = gutters;
  if (row.fragments.size() == 1) {
    const Box &box = row.fragments.front().box;
    if (std::abs(box.center_x() - text_centre) < centred_tolerance) return false;
    for (Gutter &gutter : narrowed) {
      if (box.x1 <= gutter.x0 || box.x0 >= gutter.x1) continue;
      if (box.x0 < gutter.x0)
        gutter.x0 = box.x1; // a left-column line reaching into it
      else if (box.x1 > gutter.x1)
        gutter.x1 = box.x0; // a right-column line reaching into it
      else
        return false; // something sits inside the gutter
    }
  } else {
    // Each gutter must meet one of this row's own gaps.
    for (Gutter &gutter : narrowed) {
      std::optional<Gutter> best;
      for (size_t k = 0; k + 1 < row.fragments.size(); ++k) {
        Gutter common{std::max(gutter.x0, row.fragments[k].box.x1),
                      std::min(gutter.x1, row.fragments[k + 1].box.x0)};
        if (!best || common.width() > best->width()) best = common;
      }
      if (!best) return false;
      gutter = *best;
    }
  }
  for (const Gutter &gutter : narrowed)
    if (gutter.width() < min_gutter) return false;
  gutters = std::move(narrowed);
  return true;
}

// The columns of a table run: the x extents of the cells of its fullest rows, in order. Empty
// when those rows disagree (their cells overlap across columns): then no cell is added.
std::vector<Gutter> table_columns(const std::vector<Row> &run) {
  size_t most = 0;
  for (const Row &row : run)
    most = std::max(most, row.fragments.size());
  std::vector<Gutter> columns(most, Gutter{1e300, -1e300});
  for (const Row &row : run) {
    if (row.fragments.size() != most) continue;
    for (size_t k = 0; k < most; ++k) {
      columns[k].x0 = std::min(columns[k].x0, row.fragments[k].box.x0);
      columns[k].x1 = std::max(columns[k].x1, row.fragments[k].box.x1);
    }
  }
  for (size_t k = 0; k + 1 < columns.size(); ++k)
    if (columns[k].x1 >= columns[k + 1].x0) return {};
  return columns;
}

// The column of each cell of `row` when the row has fewer cells than the table and each of them
// lies within one column (figures under their headings). None otherwise: a full row, or one
// with a merged cell spanning several columns (a header), which is read as it is.
std::optional<std::vector<size_t>> columns_of(const Row &row, const std::vector<Gutter> &columns) {
  if (columns.empty() || row.fragments.size() >= columns.size()) return std::nullopt;
  std::vector<size_t> at;
  for (const Fragment &fragment : row.fragments) {
    std::optional<size_t> found;
    for (size_t k = 0; k < columns.size(); ++k) {
      const double overlap =
          std::min(fragment.box.x1, columns[k].x1) - std::max(fragment.box.x0, columns[k].x0);
      if (overlap <= 0) continue;
      if (found) return std::nullopt; // spans two columns
      found = k;
    }
    if (!found || (!at.empty() && *found <= at.back())) return std::nullopt;
    at.push_back(*found);
  }
  return at;
}

// Turns a multi-column run into blocks: one per column, or a table read row by row.
void emit_run(std::vector<Row> &run, const std::vector<Gutter> &gutters, bool table_run,
              std::vector<Block> &blocks) {
  auto column_of = [&](const Box &box) {
    size_t column = 0;
    while (column < gutters.size() &&
           box.center_x() > (gutters[column].x0 + gutters[column].x1) / 2)
      ++column;
    return column;
  };
  if (!table_run) {
    std::vector<Block> column_blocks(gutters.size() + 1);
    for (Row &row : run)
      for (Fragment &fragment : row.fragments)
        column_blocks[column_of(fragment.box)].lines.push_back(line_of(std::move(fragment.words)));
    for (Block &block : column_blocks) {
      if (block.lines.empty()) continue;
      block.kind = BlockKind::column;
      for (const Line &line : block.lines)
        block.box = block.box.united(line.box);
      blocks.push_back(std::move(block));
    }
    return;
  }
  Block table;
  table.kind = BlockKind::table;
  const std::vector<Gutter> columns = table_columns(run);
  for (Row &row : run) {
    std::vector<Word> words;
    // A row with fewer cells than the table gets an empty cell in each column it skips.
    const std::optional<std::vector<size_t>> at = columns_of(row, columns);
    size_t column = 0;
    auto add_empty_cell = [&] {
      Word empty;
      empty.page = row.fragments.front().words.front().page;
      empty.box = {columns[column].x0, row.box.y0, columns[column].x0, row.box.y1};
      empty.starts_cell = column > 0;
      words.push_back(std::move(empty));
      ++column;
    };
    for (size_t f = 0; f < row.fragments.size(); ++f) {
      if (at)
        while (column < (*at)[f])
          add_empty_cell();
      for (size_t w = 0; w < row.fragments[f].words.size(); ++w) {
        Word word = std::move(row.fragments[f].words[w]);
        word.starts_cell = (at ? column > 0 : f > 0) && w == 0;
        words.push_back(std::move(word));
      }
      ++column;
    }
    if (at)
      while (column < columns.size())
        add_empty_cell();
    table.lines.push_back(line_of(std::move(words)));
    table.box = table.box.united(table.lines.back().box);
  }
  blocks.push_back(std::move(table));
}

} // namespace

std::vector<Block> order_page_words(std::vector<Word> words, const ReadingOrderOptions &options) {
  std::erase_if(words, [](const Word &word) { return word.text.empty(); });
  if (words.empty()) return {};

  const Box text_area = box_of(words);
  const double text_centre = text_area.center_x();
  const double centred_tolerance = options.centred_tolerance * text_area.width();

  std::vector<Row> rows = build_rows(std::move(words));
  std::vector<double> row_heights;
  for (Row &row : rows) {
    split_fragments(row, options);
    row_heights.push_back(row.anchor.height());
  }
  const double row_height = median(row_heights, 10.0);

  // Paragraph breaks: a gap clearly larger than the spacing between the lines of a paragraph.
  // That spacing is the small common gap (a low percentile: pages of short paragraphs and
  // headings have more paragraph gaps than line gaps).
  std::vector<double> gaps;
  for (size_t i = 1; i < rows.size(); ++i) {
    const double gap = rows[i].box.y0 - rows[i - 1].box.y1;
    if (gap > -0.5 * row_height) gaps.push_back(gap);
  }
  std::sort(gaps.begin(), gaps.end());
  const double line_gap = gaps.empty() ? 0.0 : gaps[gaps.size() / 4];
  const double paragraph_gap = line_gap + std::max(2.0, options.paragraph_gap_rows * row_height);
  // A line indented past the paragraph's left edge after a full line starts a new paragraph,
  // even without extra spacing. So does a line after a short one (justified text reaches the
  // right edge except on a paragraph's last line) when the short line closed something: it ends
  // a sentence, it is a one-line labelled heading ("2.1 Cải cách thể chế", which house styles
  // indent like the body and set with no space after), it is a title in capitals, or the weight
  // changes (a bold heading above regular text). Ragged text keeps its lines: a short line
  // that closes nothing before a line that opens nothing continues the paragraph.
  auto starts_paragraph = [&](const Block &current, const Row &row) {
    if (row.box.y0 - current.box.y1 > paragraph_gap) return true;
    const Line &last = current.lines.back();
    const bool last_full = last.box.x1 >= text_area.x1 - 2 * row_height;
    const std::vector<Word> &next = row.fragments.front().words;
    if (last_full) {
      if (row.box.x0 - current.box.x0 > options.indent_rows * row_height) return true;
      // A full line that ends a sentence, then a labelled line ("2.5 Cải cách tài chính công",
      // "b) Thực hiện ..."): a heading or item set flush left with no space above it. A label
      // heads something: a line of one word ("0." after "... tiếp nhận:") is the sentence's end.
      return next.size() >= 2 && closes_sentence(last.text()) && opens_with_label(row_text(next));
    }
    if (next.empty() || last.words.empty()) return false;
    if (weight_of(last.words) != weight_of(next) && weight_of(last.words) != Weight::mixed &&
        weight_of(next) != Weight::mixed)
      return true;
    if (!opens_paragraph(next.front().text)) return false;
    const std::string last_text = last.text();
    return closes_sentence(last_text) || is_upper_case(last_text) ||
           (current.lines.size() == 1 && opens_with_label(last_text));
  };

  std::vector<Block> blocks;
  Block paragraph;
  auto flush_paragraph = [&] {
    if (paragraph.lines.empty()) return;
    blocks.push_back(std::move(paragraph));
    paragraph = Block{};
  };

  size_t i = 0;
  while (i < rows.size()) {
    Row &row = rows[i];
    if (row.fragments.size() >= 2) {
      std::vector<Gutter> gutters;
      for (size_t k = 0; k + 1 < row.fragments.size(); ++k)
        gutters.push_back({row.fragments[k].box.x1, row.fragments[k + 1].box.x0});
      // Letterheads and closing blocks have two fragments a row; a row with more is a table,
      // whose rows follow each other closely.
      bool table = row.fragments.size() >= 3;
      size_t end = i + 1;
      double bottom = row.box.y1;
      while (end < rows.size()) {
        const double distance = rows[end].box.y0 - bottom;
        const double max_distance =
            (table ? options.max_table_row_distance_rows : options.max_run_distance_rows) *
            row_height;
        if (distance > max_distance ||
            !continue_run(rows[end], gutters, options.min_gutter_rows * row_height, text_centre,
                          centred_tolerance))
          break;
        table = table || rows[end].fragments.size() >= 3;
        bottom = std::max(bottom, rows[end].box.y1);
        ++end;
      }
      flush_paragraph();
      std::vector<Row> run(std::make_move_iterator(rows.begin() + static_cast<long>(i)),
                           std::make_move_iterator(rows.begin() + static_cast<long>(end)));
      emit_run(run, gutters, table, blocks);
      i = end;
      continue;
    }
    if (!paragraph.lines.empty() && starts_paragraph(paragraph, row)) flush_paragraph();
    paragraph.lines.push_back(line_of(std::move(row.fragments.front().words)));
    paragraph.box = paragraph.box.united(paragraph.lines.back().box);
    ++i;
  }
  flush_paragraph();
  return blocks;
}

} // namespace vnotice
