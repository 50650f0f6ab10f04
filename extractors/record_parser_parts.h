// What the parts of the record parser share (private to extractors/record_*.cpp).
//
// parse_record (record_parser.cpp) cuts the flowing text into units and hands them to the parts:
// - record_common.cpp: the vocabulary (extractors/data/*.json), units with evidence, small helpers;
// - record_letterhead.cpp: number and symbol, place and date, issuers, type and subject;
// - record_sections.cpp: the section tree and whether its headings can be trusted;
// - record_references.cpp: documents cited in the body, and appendices;
// - record_figures.cpp: figures (metrics) in the text and in tables;
// - record_closing.cpp: recipients ("Nơi nhận") and the signer block.
// All of it is pure and thread-safe, as parse_record is (extractors/record_parser.h).
#pragma once

#include "pipeline/figure_spec.h"
#include "pipeline/record.h"
#include "pipeline/reflow.h"
#include "pipeline/text_util.h"

#include "extractors/figure_reader.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <re2/re2.h>
#include <string>
#include <string_view>
#include <vector>

namespace vnotice::record_parts {

// --- vocabulary (record_common.cpp) --------------------------------------------------------------
struct MetricPattern {
  std::unique_ptr<RE2> re;
  std::optional<double> fixed_value;
};

struct MetricSpec {
  std::string key;
  std::string unit;
  bool sum_in_paragraph = false;
  std::vector<MetricPattern> patterns;
  std::vector<std::string> columns; // accent-folded table header texts
};

// A figure's spec compiled: its patterns as RE2, {n} and {x} replaced.
MetricSpec compile_spec(const FigureSpec &figure);

struct Vocabulary {
  std::vector<std::pair<std::string, std::string>> doc_types;      // fold(name) -> code
  std::vector<std::pair<std::string, std::string>> doc_type_names; // fold(name) -> name
  std::vector<std::pair<std::string, std::string>> cited_types;    // folded words -> TYPE NAME
  std::vector<std::string> authority_prefixes;
  std::vector<std::string> organisation_heads; // fold(): case-insensitive, marks kept
  std::vector<std::string> issuer_phrases;     // folded
  std::vector<std::string> body_starts;        // folded
  std::vector<MetricSpec> metrics;
  std::vector<FigureConcept> concepts; // the clause reader's view of the counts
};

// The compiled-in vocabulary, loaded once.
const Vocabulary &vocabulary();

// --- text units with evidence (record_common.cpp) ------------------------------------------------
// One line of the flowing text (a paragraph's title line, a column's line, a whole reflowed
// paragraph, or a whole table), with the paragraph it came from for evidence.
struct Unit {
  std::string text;
  const FlowParagraph *paragraph = nullptr;
  size_t offset = 0; // where `text` starts in paragraph->text
  BlockKind kind = BlockKind::paragraph;
  size_t paragraph_index = 0;
};

// Evidence for bytes [begin, end) of a unit's text: the quoted text, and the page, box and
// lowest confidence of the words it touches.
Evidence evidence_of(const Unit &unit, size_t begin = 0, size_t end = std::string::npos);

// Every word of the unit was read at a confidence under kNoReading (no printed word scores so
// low): a rule, a speck or part of a seal.
bool not_read(const Unit &unit);

// The mean confidence of the words of bytes [begin, end) of a unit's text.
double mean_confidence_of(const Unit &unit, size_t begin, size_t end);

// The units of the flowing text. `by_source_line` splits paragraphs at every line of the source
// too (the letterhead and closing block of a plain-text file come as one reflowed paragraph);
// otherwise a reflowed paragraph is one unit, cut only where a title kept its own line. A
// paragraph whose lines hold tab-separated cells is a table.
std::vector<Unit> units_of(const std::vector<FlowParagraph> &paragraphs, bool by_source_line);

// The first unit of `coarse` that starts at or after `fine` unit's position.
size_t coarse_index(const std::vector<Unit> &coarse, const std::vector<Unit> &fine, size_t index);

// --- small helpers (record_common.cpp) -----------------------------------------------------------
// OCR confidence (0-1) under which a word is taken for a guess: a heading or a cited date holding
// one is left null with a warning rather than quoted wrong.
constexpr double kSureWord = 0.5;

// `text` without the trailing `characters`, trimmed.
std::string strip_trailing(std::string text, std::string_view characters);
// The words joined with single spaces.
std::string join_words(const std::vector<std::string> &parts);
// Whether the first letter of `word` is a capital.
bool starts_capital(std::string_view word);
// "YYYY-MM-DD", or nothing when the day is not on the calendar (or before 1945, after 2100).
std::optional<std::string> iso_date(int day, int month, int year);
void warn(Record &record, WarningCode code, const std::string &field, const std::string &message);

// --- letterhead (record_letterhead.cpp) ----------------------------------------------------------
// Reads letterhead, type and subject; returns the index of the first body unit.
size_t read_head(Record &record, const std::vector<Unit> &units);

// The issuer and its parent as a scan's letterhead gave them, with the marks OCR lost or changed
// restored from the body's own mentions of them (extractors/name_marks.h), from `body_units[from]`
// on.
void restore_letterhead_marks(Record &record, const std::vector<Unit> &body_units, size_t from);

// --- sections (record_sections.cpp) --------------------------------------------------------------
// Whether the text starts with a heading's label ("II.", "2.1", "a)", "-").
bool has_heading_label(const std::string &text);

// Called by read_sections for every body unit with the innermost section's label path ("2.2.b").
using OnUnit = std::function<void(const Unit &unit, const std::string &section)>;

// Builds the section tree from units [from, to); calls `on_unit` for every body unit, so metrics
// can say where they were found.
void read_sections(Record &record, const std::vector<Unit> &units, size_t from, size_t to,
                   const OnUnit &on_unit);

// Whether the heading tree can be trusted to be complete (Record::headings_sure).
void judge_headings(Record &record);

// --- references and appendices (record_references.cpp) -------------------------------------------
// The documents a unit cites ("Kế hoạch số 12/KH-UBND ngày ... của ...").
void read_references(Record &record, const Unit &unit);

// "Phụ lục I" alone on a line, on the accent-folded key; the label is its group.
const RE2 &appendix_heading_re();

// Appendices a unit mentions ("kèm theo Phụ lục II").
void read_appendix_mentions(Record &record, const Unit &unit);

// Appendices present in the input: "Phụ lục I" then its upper-case title, from units[from] on.
void read_appendices(Record &record, const std::vector<Unit> &units, size_t from);

// --- figures (record_figures.cpp) ----------------------------------------------------------------
struct MetricHit {
  double value;
  std::string section;
  Evidence evidence;
  size_t paragraph;
  size_t begin, end; // bytes of the paragraph's text the hit quotes
};

// The figures one parse looks for: the compiled-in vocabulary and those an inspection plan adds
// (FigureSpec), whose patterns are compiled for the parse.
struct MetricSet {
  std::vector<MetricSpec> plan_specs;
  std::vector<const MetricSpec *> specs; // the vocabulary's, then the plan's
};

MetricSet metric_set(const std::vector<FigureSpec> &extra);

// Reads figures from a table whose header cells name metrics: the total row ("Tổng cộng") or the
// only row of figures; or one row per figure (a table laid out the other way round).
// `header_above`: the text of the units just above the table with no sentence between, where a
// header whose cells wrap over several lines may have been set apart from the rows by the
// extraction (a PDF has no table structure, only lines).
void read_table_metrics(const Unit &unit, const std::string &section, const MetricSet &metrics,
                        std::map<std::string, std::vector<MetricHit>> &hits,
                        const std::vector<std::string> &header_above = {});

// Reads figures from a paragraph by the metrics' patterns, then by the clause reader; a figure
// neither can name goes to `unread`.
void read_text_metrics(const Unit &unit, const std::string &section, const MetricSet &metrics,
                       std::map<std::string, std::vector<MetricHit>> &hits,
                       std::vector<Evidence> &unread);

// One metric per key from its hits: a figure stated with different values is left out with a
// warning.
void settle_metrics(Record &record, const MetricSet &metrics,
                    std::map<std::string, std::vector<MetricHit>> &hits);

// --- closing block (record_closing.cpp) ----------------------------------------------------------
// The "Nơi nhận" heading, on the accent-folded key.
bool is_recipients_heading(const std::string &folded);

// Every Decree 30 form and the stops OCR or a typist put for its dot (extractors/signer.h).
const RE2 &authority_re();

// A person's name ("Nguyễn Văn Luận"): the signer's reader and the closing block agree on it.
bool looks_like_name(const std::string &line);

// A line of a signer block above its name: an authority line (KT. GIÁM ĐỐC), or a piece of a
// wrapped title.
bool is_signer_line(const std::string &line);

// Where the recipients list starts when its "Nơi nhận:" heading was not found: the list that
// ends with the filing line "Lưu: VT, ..." after units[from].
std::optional<size_t> recipients_without_heading(const std::vector<Unit> &units, size_t from);

// Reads recipients and signer from units [all_from, all_to) of `all_units` (all of them, for
// looking a damaged name up). `heading_lost`: the block starts where recipients_without_heading
// said.
void read_closing(Record &record, const std::vector<Unit> &all_units, size_t all_from,
                  size_t all_to, bool heading_lost);

} // namespace vnotice::record_parts
