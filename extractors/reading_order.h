// Reading order for a page of positioned words (from a PDF text layer or OCR).
//
// Vietnamese administrative documents (Decree 30/2020) have one layout trait that naive
// top-to-bottom ordering gets wrong: two-column blocks. The letterhead puts the parent and
// issuing body and the number on the left, the national motto and place/date on the right; the
// closing block puts "Nơi nhận" on the left and the signer on the right. Read line by line they
// interleave. This module groups words into rows, splits rows at wide gaps into fragments, and
// detects runs of rows that share a vertical gutter: a run with two columns becomes two `column`
// blocks (left then right), a run with three or more becomes a `table` block read row by row.
// Everything else becomes `paragraph` blocks, split where the vertical gap exceeds line spacing.
#pragma once

#include "pipeline/document.h"

#include <vector>

namespace vnotice {

struct ReadingOrderOptions {
  // A horizontal gap wider than this many row heights splits a row into fragments.
  double fragment_gap_rows = 1.3;
  // So does a gap wider than this many of the row's usual spaces, if it is also wider than
  // `min_fragment_gap_rows` row heights.
  double fragment_gap_spaces = 2.2;
  double min_fragment_gap_rows = 0.45;
  // The gutter shared by a two-column run must stay at least this many row heights wide.
  double min_gutter_rows = 0.2;
  // Rows further below a two-column run than this many row heights end it (signature space
  // in a closing block is about five lines).
  double max_run_distance_rows = 7.0;
  // Rows of a table follow each other closely; anything further ends the table.
  double max_table_row_distance_rows = 1.0;
  // A gap this many row heights above the usual line spacing starts a new paragraph.
  double paragraph_gap_rows = 0.25;
  // So does a line indented this many row heights after a full line.
  double indent_rows = 0.8;
  // A one-fragment row whose centre is this close to the text centre (fraction of the text
  // width) is a centred title and ends a two-column run.
  double centred_tolerance = 0.04;
};

// Orders the words of one page into blocks. Words keep their fields; only their grouping and
// order change. Deterministic: equal input gives equal output.
std::vector<Block> order_page_words(std::vector<Word> words,
                                    const ReadingOrderOptions &options = {});

} // namespace vnotice
