#include "extractors/name_marks.h"

#include "pipeline/vietnamese_text.h"

#include <unordered_map>
#include <vector>

namespace vnotice {
namespace {

struct Token {
  size_t begin = 0, end = 0; // bytes of the token in its text
  std::string marked;        // lower case, marks kept (fold)
  std::string bare;          // lower case, marks folded away (fold_accents)
  std::string written;       // as written (NFC)
};

// Whether the code point starting at text[at] (of `length` bytes) is a letter or digit: ASCII
// ones, or the Latin letters Vietnamese uses (U+00C0 up to the General Punctuation block).
bool is_word_character(std::string_view text, size_t at, size_t length) {
  const auto byte = static_cast<unsigned char>(text[at]);
  if (length == 1) return std::isalnum(byte) != 0;
  char32_t cp = length == 2 ? (byte & 0x1F) : length == 3 ? (byte & 0x0F) : (byte & 0x07);
  for (size_t k = 1; k < length; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  return cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7; // not × ÷
}

size_t sequence_length(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

std::vector<Token> letter_tokens(std::string_view text) {
  std::vector<Token> out;
  size_t at = 0, start = std::string_view::npos;
  auto close = [&](size_t end) {
    if (start == std::string_view::npos) return;
    const std::string_view word = text.substr(start, end - start);
    out.push_back({start, end, fold(word), fold_accents(word), to_nfc(word)});
    start = std::string_view::npos;
  };
  while (at < text.size()) {
    const size_t length =
        std::min(sequence_length(static_cast<unsigned char>(text[at])), text.size() - at);
    if (is_word_character(text, at, length)) {
      if (start == std::string_view::npos) start = at;
    } else {
      close(at);
    }
    at += length;
  }
  close(text.size());
  return out;
}

bool only_spaces(std::string_view text) {
  return text.find_first_not_of(" \t\n") == std::string_view::npos;
}

} // namespace

std::optional<std::string> restore_marks(std::string_view name, std::string_view text) {
  const std::vector<Token> own = letter_tokens(name);
  const std::vector<Token> body = letter_tokens(text);
  if (own.size() < 2) return std::nullopt;
  std::unordered_map<std::string, std::vector<size_t>> at;
  for (size_t p = 0; p < body.size(); ++p)
    at[body[p].bare].push_back(p);

  struct Vote {
    std::optional<std::string> marked; // folded, to compare
    std::string written;               // as the text wrote it, to copy
    bool conflict = false;
  };
  std::vector<Vote> votes(own.size());
  // plain_gap[i]: own words i and i+1 were aligned with words the text separates by a space
  // alone, in every aligned occurrence.
  std::vector<int> plain_gap(own.size(), -1); // -1 unseen, 0 no, 1 yes
  for (size_t i = 0; i < own.size(); ++i) {
    const auto found = at.find(own[i].bare);
    if (found == at.end()) continue;
    for (size_t p : found->second) {
      // Only runs starting here: the run one word earlier covers the rest.
      if (i > 0 && p > 0 && body[p - 1].bare == own[i - 1].bare) continue;
      size_t length = 0;
      while (i + length < own.size() && p + length < body.size() &&
             body[p + length].bare == own[i + length].bare)
        ++length;
      if (length < 2) continue;
      for (size_t k = 0; k < length; ++k) {
        Vote &vote = votes[i + k];
        const std::string &reading = body[p + k].marked;
        if (vote.marked && *vote.marked != reading) vote.conflict = true;
        vote.marked = reading;
        vote.written = body[p + k].written;
        if (k + 1 < length) {
          const bool plain =
              only_spaces(text.substr(body[p + k].end, body[p + k + 1].begin - body[p + k].end));
          int &gap = plain_gap[i + k];
          gap = gap == -1 ? int(plain) : int(gap == 1 && plain);
        }
      }
    }
  }

  std::string out;
  size_t copied = 0;
  bool changed = false;
  for (size_t i = 0; i < own.size(); ++i) {
    const Token &token = own[i];
    out.append(name.substr(copied, token.begin - copied));
    const std::string_view written = name.substr(token.begin, token.end - token.begin);
    const Vote &vote = votes[i];
    if (vote.marked && !vote.conflict && *vote.marked != token.marked) {
      // The text's own spelling (its tone placement, "Thủy" or "Thuỷ"), in the name's case.
      std::string restored = *vote.marked;
      if (is_upper_case(written))
        restored = to_upper(vote.written);
      else if (fold(written.substr(0, 1)) != written.substr(0, 1))
        restored = to_upper(restored.substr(0, sequence_length(restored[0]))) +
                   restored.substr(sequence_length(restored[0]));
      out += restored;
      changed = true;
    } else {
      out.append(written);
    }
    copied = token.end;
    if (i + 1 < own.size() && plain_gap[i] == 1) {
      const std::string_view gap = name.substr(token.end, own[i + 1].begin - token.end);
      if (!gap.empty() && !only_spaces(gap) && gap.front() != ' ') {
        out += ' ';
        copied = own[i + 1].begin;
        changed = true;
      }
    }
  }
  out.append(name.substr(copied));
  if (!changed) return std::nullopt;
  return out;
}

} // namespace vnotice
