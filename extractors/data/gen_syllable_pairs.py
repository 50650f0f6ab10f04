#!/usr/bin/python3
"""Makes syllable_pairs.txt, the pairs of Vietnamese syllables OCR repair takes as evidence of a
word's tones (extractors/ocr_repair.cpp, repair_tones_by_compounds), from two published lists:

  - vie.word.bigrams of Tesseract's training data (github.com/tesseract-ocr/langdata, folder vie/,
    commit 05ec588, 2015; Apache License 2.0): 266,465 pairs of adjacent words from Google's web
    crawl, the most frequent first;
  - Debian's hunspell-vi word list (/usr/share/hunspell/vi_VN.dic, LibreOffice's Vietnamese
    dictionary, MPL-2.0): the syllables in use.

A pair is kept when both of its words are syllables of hunspell-vi (letters only, compared in lower
case, tone marks wherever the spelling puts them: "uỷ" and "ủy" are one syllable), in the order of
the source, each once, in lower case. Nothing is added by hand.

  python3 extractors/data/gen_syllable_pairs.py BIGRAMS_FILE [--dic vi_VN.dic] > syllable_pairs.txt
"""
import argparse
import sys
import unicodedata

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # grave, acute, tilde, hook, dot


def syllable_key(word):
    """The letters with their other marks, and the tone apart: the same for old-style and
    new-style tone placement ("hoà", "hòa")."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tone = "".join(c for c in decomposed if c in TONES)
    letters = "".join(c for c in decomposed if c not in TONES)
    return unicodedata.normalize("NFC", letters) + tone


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bigrams")
    parser.add_argument("--dic", default="/usr/share/hunspell/vi_VN.dic")
    args = parser.parse_args()
    with open(args.dic, encoding="utf-8") as f:
        next(f)  # the number of entries
        syllables = {syllable_key(line.split("/")[0].strip()) for line in f}
    seen, pairs, read = set(), [], 0
    with open(args.bigrams, encoding="utf-8") as f:
        for line in f:
            read += 1
            words = unicodedata.normalize("NFC", line).lower().split()
            if len(words) != 2 or not all(w.isalpha() and syllable_key(w) in syllables for w in words):
                continue
            pair = " ".join(words)
            if pair not in seen:
                seen.add(pair)
                pairs.append(pair)
    out = sys.stdout
    out.write("# Pairs of Vietnamese syllables seen side by side in web text, the most frequent first,\n"
              "# one pair a line, lower case. Made by extractors/data/gen_syllable_pairs.py from\n"
              "# vie.word.bigrams of github.com/tesseract-ocr/langdata (folder vie/, commit 05ec588;\n"
              "# Copyright Google Inc., Apache License 2.0, http://www.apache.org/licenses/LICENSE-2.0),\n"
              "# keeping the pairs whose two words are syllables of Debian's hunspell-vi (MPL-2.0):\n"
              f"# {len(pairs)} of {read} lines. Do not edit by hand: run the script again.\n")
    out.write("\n".join(pairs) + "\n")


if __name__ == "__main__":
    main()
