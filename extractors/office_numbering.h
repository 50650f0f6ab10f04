// Automatic list numbering of DOCX and ODT, put back as text. Numbering is not in the text of the
// file, but a reader sees "II.", "2.1", "a)" or "-" in front of the paragraph, and the record
// parser needs those labels, so the readers put them back as the paragraph's first word(s)
// (prepend_label in office_markup.h). Private to the office readers.
//
// Contract: labels are made the way Word and LibreOffice show them: counters per list instance,
// a level that advances restarts the levels below it, deeper levels' numbers are never shown in
// a higher level's label, and a list that is unknown or has no style shows no label (nothing is
// invented). Damaged values (starts, levels) are clamped, never thrown on.
#pragma once

#include "extractors/xml_reader.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vnotice::office {

enum class NumberStyle {
  decimal,
  decimal_zero,
  lower_letter,
  upper_letter,
  lower_roman,
  upper_roman,
  bullet,
  none
};

// Values beyond this are not list numbers but damage; they also keep the counters far from
// overflowing.
constexpr int kMaxListStart = 100000;

// `n` as `style` shows it: "7", "07", "g", "G", "vii", "VII"; "" for bullets and none. Letters
// beyond 260 and Roman numbers beyond 3999 fall back to decimal.
std::string format_number(int n, NumberStyle style);

// A bullet character as shown: trimmed; symbol-font private-use characters become "•".
std::string bullet_text(std::string bullet);

// Counters of one list: each level's current number; a level that advances restarts the levels
// below it, as word processors do ("1.", "1.1", "1.2", "2.", "2.1").
class ListCounters {
public:
  // Counts one more item at `level` (0-based) and returns its number: `start` for the first
  // item of the level (or the first since a higher level advanced), `restart` when given.
  int advance(size_t level, int start, std::optional<int> restart = std::nullopt);
  // The number a higher level shows in a deeper item's label ("%1.%2"): its count so far, or its
  // start when it has not been counted.
  int value(size_t level, int start) const;

private:
  std::vector<std::optional<int>> values_;
};

// Word's automatic numbering (word/numbering.xml): the label each numbered paragraph shows.
class DocxNumbering {
public:
  // `root`: the w:numbering element, or a null node when the file has no numbering part.
  explicit DocxNumbering(XmlNode root);

  // The label of the next paragraph of list `num_id` at `level` (0-based); empty when the list
  // is unknown or shows nothing. Counters are kept per w:num (each list instance).
  std::string next_label(const std::string &num_id, int level);

private:
  static constexpr int kLevels = 9;
  struct Level {
    NumberStyle style = NumberStyle::decimal;
    std::string text; // w:lvlText
    int start = 1;
    bool legal = false; // w:isLgl: every number in decimal
  };
  using Levels = std::array<Level, kLevels>;

  static size_t level_index(XmlNode node);
  static Level read_level(XmlNode lvl);

  std::map<std::string, Levels> nums_;           // numId -> levels, overrides applied
  std::map<std::string, ListCounters> counters_; // numId -> counters
};

// ODT list styles (text:list-style, text:outline-style): per level (1 to 10) what its label
// looks like.
struct OdtLevel {
  NumberStyle style = NumberStyle::none;
  std::string bullet;         // for bullet levels
  std::string prefix, suffix; // style:num-prefix, style:num-suffix
  int display_levels = 1;     // text:display-levels: "2" shows "1.2"
  int start = 1;
};
constexpr int kOdtLevels = 10;
using OdtLevels = std::array<OdtLevel, kOdtLevels>;

OdtLevels read_list_levels(XmlNode list_style);

// The label of the next item at `level` (1-based) of a list counted by `counters`.
std::string odt_label(const OdtLevels &levels, ListCounters &counters, int level,
                      std::optional<int> restart);

} // namespace vnotice::office
