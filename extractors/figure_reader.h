// The figure reader: figures named by what they count, in any word order a report uses.
//
// The metric patterns of extractors/data/metrics.json each fix one phrasing. Reports written in
// other house styles say the same figure in other orders: a label then a colon and the count
// ("Số hồ sơ trễ hạn: 02"), the count after "là" ("số hồ sơ tiếp nhận là 486"), the count before
// the words ("7.094 hồ sơ được nộp trực tuyến"), a rate in its own clause after the count
// ("..., chiếm 41,8%"). This reader works on clauses instead: a sentence is cut at `,` `;` `(`
// `)` and sentence ends; in each clause, the terms of a figure's concept ("trực tuyến") and a
// count whose unit noun fits it ("203 hồ sơ", or a bare "203" in a sentence about hồ sơ) make
// the figure. A rate ("41,8%") goes to the concept of its clause, or, in a clause holding only
// rate words ("chiếm", "đạt tỷ lệ"), to the figure of the clause before.
//
// Contract: precision first. A clause whose counts could belong to two concepts gives nothing;
// a count with a unit noun of the vocabulary that no concept takes is returned as unread (the
// parser warns with its evidence). Input is accent-folded, lower-case text
// (pipeline/vietnamese_text.h fold_accents); offsets are bytes of that text. Pure, linear.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace vnotice {

// What a figure counts: the words that name it and the nouns its count is given in. Folded.
struct FigureConcept {
  std::string key;                // "records_online"
  std::vector<std::string> terms; // "truc tuyen"
  std::vector<std::string> units; // "ho so": the noun after the count, or the sentence's topic
  std::vector<std::string> over;  // keys this concept is more specific than ("records_received")
  std::string rate_key;           // the key of its rate ("online_rate_pct"); "" when none
};

struct FigureReading {
  std::string key;
  double value = 0;
  size_t begin = 0, end = 0;               // the clause (or clauses) quoted as evidence
  size_t figure_begin = 0, figure_end = 0; // the digits
};

struct UnreadFigure {
  size_t begin = 0, end = 0; // the clause holding it
};

std::vector<FigureReading> read_figures_in_clauses(std::string_view folded,
                                                   const std::vector<FigureConcept> &concepts,
                                                   std::vector<UnreadFigure> *unread = nullptr);

} // namespace vnotice
