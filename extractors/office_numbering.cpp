#include "extractors/office_numbering.h"

#include "pipeline/text_util.h"

#include "extractors/office_markup.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <fmt/format.h>

namespace vnotice::office {
namespace {

bool is_w(XmlNode node, const char *name) { return node.is(kW, name); }

} // namespace

std::string format_number(int n, NumberStyle style) {
  switch (style) {
  case NumberStyle::bullet:
  case NumberStyle::none: return "";
  case NumberStyle::decimal_zero: return fmt::format("{:02}", n);
  case NumberStyle::lower_letter:
  case NumberStyle::upper_letter:
    if (n < 1 || n > 26 * 10) break; // beyond "zzzzzzzzzz" a letter label is no use
    // a..z, then aa, bb.. (Word and LibreOffice repeat the letter).
    return std::string(
        static_cast<size_t>((n - 1) / 26 + 1),
        static_cast<char>((style == NumberStyle::lower_letter ? 'a' : 'A') + (n - 1) % 26));
  case NumberStyle::lower_roman:
  case NumberStyle::upper_roman:
    if (n < 1 || n > 3999) break;
    {
      std::string numeral = to_roman(n);
      if (style != NumberStyle::upper_roman)
        std::transform(numeral.begin(), numeral.end(), numeral.begin(), ::tolower);
      return numeral;
    }
  case NumberStyle::decimal: break;
  }
  return std::to_string(n);
}

std::string bullet_text(std::string bullet) {
  while (!bullet.empty() && whitespace_length(bullet) > 0)
    bullet.erase(0, whitespace_length(bullet));
  while (!bullet.empty() && (bullet.back() == ' ' || bullet.back() == '\t'))
    bullet.pop_back();
  if (bullet.empty()) return "";
  const auto lead = static_cast<unsigned char>(bullet[0]);
  const auto next = bullet.size() > 1 ? static_cast<unsigned char>(bullet[1]) : 0;
  if (lead == 0xEE || (lead == 0xEF && next <= 0xA3)) return "\xE2\x80\xA2"; // U+E000..U+F8FF
  return bullet;
}

int ListCounters::advance(size_t level, int start, std::optional<int> restart) {
  if (level >= values_.size()) values_.resize(level + 1);
  std::optional<int> &value = values_[level];
  value = restart ? *restart : value ? std::min(*value + 1, INT_MAX - 1) : start;
  const int result = *value;
  values_.resize(level + 1);
  return result;
}

int ListCounters::value(size_t level, int start) const {
  return level < values_.size() && values_[level] ? *values_[level] : start;
}

// ---------------------------------------------------------------------------------------------
// DOCX

DocxNumbering::DocxNumbering(XmlNode root) {
  if (!root) return;
  std::map<std::string, Levels> abstract;
  for (const XmlNode node : root.children())
    if (is_w(node, "abstractNum"))
      if (const auto id = node.attribute(kW, "abstractNumId")) {
        Levels &levels = abstract[*id];
        for (const XmlNode lvl : node.children())
          if (is_w(lvl, "lvl")) levels[level_index(lvl)] = read_level(lvl);
      }
  for (const XmlNode node : root.children()) {
    const auto id = node.attribute(kW, "numId");
    if (!is_w(node, "num") || !id) continue;
    const auto found =
        abstract.find(node.child(kW, "abstractNumId").attribute(kW, "val").value_or(""));
    if (found == abstract.end()) continue;
    Levels levels = found->second;
    for (const XmlNode over : node.children()) {
      if (!is_w(over, "lvlOverride")) continue;
      Level &level = levels[level_index(over)];
      if (const XmlNode lvl = over.child(kW, "lvl")) level = read_level(lvl);
      if (const XmlNode start = over.child(kW, "startOverride"))
        level.start = bounded_int(start.attribute(kW, "val"), level.start, 0, kMaxListStart);
    }
    nums_[*id] = levels;
  }
}

std::string DocxNumbering::next_label(const std::string &num_id, int level) {
  const auto found = nums_.find(num_id);
  if (found == nums_.end()) return "";
  const Levels &levels = found->second;
  const auto index = static_cast<size_t>(std::clamp(level, 0, kLevels - 1));
  const Level &current = levels[index];
  ListCounters &counters = counters_[num_id];
  counters.advance(index, current.start);
  if (current.style == NumberStyle::bullet) return bullet_text(current.text);
  // w:lvlText: "%1." shows level 1's number, "%1.%2" levels 1 and 2, each in its own format.
  std::string label;
  const std::string &text = current.text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%' || i + 1 >= text.size() || text[i + 1] < '1' || text[i + 1] > '9') {
      label += text[i];
      continue;
    }
    const auto shown = static_cast<size_t>(text[++i] - '1');
    if (shown > index) continue; // a deeper level's number is not shown
    label += format_number(counters.value(shown, levels[shown].start),
                           current.legal ? NumberStyle::decimal : levels[shown].style);
  }
  return label;
}

size_t DocxNumbering::level_index(XmlNode node) {
  return static_cast<size_t>(bounded_int(node.attribute(kW, "ilvl"), 0, 0, kLevels - 1));
}

DocxNumbering::Level DocxNumbering::read_level(XmlNode lvl) {
  static const std::map<std::string, NumberStyle> styles = {
      {"decimal", NumberStyle::decimal},
      {"decimalZero", NumberStyle::decimal_zero},
      {"lowerLetter", NumberStyle::lower_letter},
      {"upperLetter", NumberStyle::upper_letter},
      {"lowerRoman", NumberStyle::lower_roman},
      {"upperRoman", NumberStyle::upper_roman},
      {"bullet", NumberStyle::bullet},
      {"none", NumberStyle::none}};
  Level level;
  const auto found = styles.find(lvl.child(kW, "numFmt").attribute(kW, "val").value_or(""));
  if (found != styles.end()) level.style = found->second; // other scripts: decimal
  level.text = lvl.child(kW, "lvlText").attribute(kW, "val").value_or("");
  level.start = bounded_int(lvl.child(kW, "start").attribute(kW, "val"), 1, 0, kMaxListStart);
  level.legal = on_off(lvl.child(kW, "isLgl"));
  return level;
}

// ---------------------------------------------------------------------------------------------
// ODT

OdtLevels read_list_levels(XmlNode list_style) {
  static const std::map<std::string, NumberStyle> formats = {
      {"1", NumberStyle::decimal},      {"a", NumberStyle::lower_letter},
      {"A", NumberStyle::upper_letter}, {"i", NumberStyle::lower_roman},
      {"I", NumberStyle::upper_roman},  {"", NumberStyle::none}};
  OdtLevels levels;
  for (const XmlNode node : list_style.children()) {
    const int number = bounded_int(node.attribute(kText, "level"), 0, 0, kOdtLevels);
    if (number < 1) continue;
    OdtLevel &level = levels[static_cast<size_t>(number - 1)];
    if (node.is(kText, "list-level-style-number") || node.is(kText, "outline-level-style")) {
      const auto found = formats.find(node.attribute(kStyle, "num-format").value_or(""));
      level.style = found != formats.end() ? found->second : NumberStyle::decimal;
      level.prefix = node.attribute(kStyle, "num-prefix").value_or("");
      level.suffix = node.attribute(kStyle, "num-suffix").value_or("");
      level.display_levels = bounded_int(node.attribute(kText, "display-levels"), 1, 1, kOdtLevels);
      level.start = bounded_int(node.attribute(kText, "start-value"), 1, 0, kMaxListStart);
    } else if (node.is(kText, "list-level-style-bullet")) {
      level.style = NumberStyle::bullet;
      level.bullet = bullet_text(node.attribute(kText, "bullet-char").value_or(""));
    } else if (node.is(kText, "list-level-style-image")) {
      level.style = NumberStyle::bullet;
      level.bullet = "\xE2\x80\xA2"; // a picture bullet: "•"
    }
  }
  return levels;
}

std::string odt_label(const OdtLevels &levels, ListCounters &counters, int level,
                      std::optional<int> restart) {
  const auto index = static_cast<size_t>(std::clamp(level, 1, kOdtLevels) - 1);
  const OdtLevel &current = levels[index];
  counters.advance(index, current.start, restart);
  if (current.style == NumberStyle::bullet) return current.bullet;
  if (current.style == NumberStyle::none) return "";
  std::string numbers;
  const size_t first = index + 1 - std::min<size_t>(index + 1, current.display_levels);
  for (size_t shown = first; shown <= index; ++shown) {
    const std::string number =
        format_number(counters.value(shown, levels[shown].start), levels[shown].style);
    if (number.empty()) continue;
    if (!numbers.empty()) numbers += '.';
    numbers += number;
  }
  return current.prefix + numbers + current.suffix;
}

} // namespace vnotice::office
