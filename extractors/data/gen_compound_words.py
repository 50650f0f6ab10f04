#!/usr/bin/python3
"""Writes compound_words.tsv, the lexicon of the OCR repair of tones and marks
(extractors/ocr_repair.cpp, repair_tones_by_compounds): phrases of two to four syllables, each
with its role, "vouches" or "known".

Sources (neither is in this repository; fetch them to run this script again):
  word list  Hồ Ngọc Đức's Vietnamese word list Viet74K.txt (about 74,000 words and phrases,
             GPL-2), as published at github.com/duyet/vietnamese-wordlist, commit 688b095.
  corpus     the official codification of Vietnamese law (Bộ pháp điển) as Markdown pages in
             github.com/diepxuan/diepxuan.github.io, commit fbaa690, van-ban/**/*.md: the 255 pages
             with articles numbered as the codification numbers them ("Điều 42.1.NĐ.1"), 17.7
             million words once front matter, tables and repeated lines are left out. In the
             repository's van-ban folder they are
                 grep -rlE '^Điều [0-9]+\.[0-9]+\.[A-ZĐ]+\.[0-9]+' --include=*.md . | sort
             Legal documents are not protected by copyright in Vietnam (Law on Intellectual
             Property 50/2005/QH11, Article 15).

What the lines are (no line is added, removed or changed by hand):
  - every entry of the word list of 2-4 syllables (entries with hyphens or punctuation left out,
    as no text matches them): "vouches" when the corpus writes it at least once a million words,
    "known" otherwise;
  - every other run of 3-4 syllables the corpus writes at least once a million words without
    cutting a word at either end (fixed phrases of the field: "chi thường xuyên", "Sở Kế hoạch
    và"): "vouches". A run cuts a word where it starts or ends between two syllables that the
    word list joins into one word ("dụng theo quy" in "sử dụng theo quy định");
  - every other run of 2-4 syllables it writes that often: "known".
Once a million words is 3 on the Zipf scale of word frequency (van Heuven, Mandera, Keuleers and
Brysbaert, "SUBTLEX-UK", Quarterly Journal of Experimental Psychology 67, 2014), the boundary
they give between words of low and of high frequency. A phrase never spans punctuation; counts
are case- and tone-placement-insensitive ("hoà" = "hòa"), except that an entry of the word list
written with capitals (a place name) counts only where the corpus writes the same capitals; a
corpus phrase is written in its most frequent form inside a sentence, so names keep their
capitals ("Sở Kế hoạch") and a capital that only ever opens a sentence does not ("áp dụng pháp
luật"). A vouching line may be evidence for changing an OCR'd word; a known one only shows that
a word as read is in use.

Usage: gen_compound_words.py VIET74K.TXT CORPUS_FILE... > compound_words.tsv
       tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
           -cJf compound_words.tsv.tar.xz compound_words.tsv   # the file the build reads
(a corpus file is a Markdown page, a JSON file with `provisions[].content`, or plain UTF-8 text).
"""
import collections
import functools
import json
import re
import sys
import unicodedata

TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def key(text):
    """Tone-placement-insensitive form of a phrase: each syllable's letters without its tone,
    then the tone's digit ("hoà" and "hòa" -> "hoa2")."""
    out = []
    for syllable in text.split():
        tone = ""
        letters = []
        for ch in unicodedata.normalize("NFD", syllable):
            if ch in TONES:
                tone = TONES[ch]
            else:
                letters.append(ch)
        out.append(unicodedata.normalize("NFC", "".join(letters)) + tone)
    return " ".join(out)


def corpus_lines(path):
    """The lines of text of one corpus file: a provision JSON's `content`, a Markdown page
    without its front matter and tables, or a plain text."""
    with open(path, encoding="utf-8") as f:
        raw = unicodedata.normalize("NFC", f.read())
    if path.endswith(".json"):
        data = json.loads(raw)
        raw = "\n".join(p.get("content", "") for p in data.get("provisions", []))
    lines = raw.split("\n")
    if path.endswith(".md"):
        if lines and lines[0].strip() == "---" and "---" in (l.strip() for l in lines[1:]):
            lines = lines[[l.strip() for l in lines].index("---", 1) + 1:]
        lines = [l for l in lines if not l.lstrip().startswith("|")]
    return lines


def main():
    word_list, corpus = sys.argv[1], sys.argv[2:]
    syllable = re.compile(r"^[^\W\d_]+$")  # letters only
    entries, listed = [], set()
    with open(word_list, encoding="utf-8") as f:
        for line in f:
            entry = unicodedata.normalize("NFC", line.strip())
            words = entry.split()
            # Syllables only: "ăn đậu, nằm nhờ" or "áo xanh ***" could match no text.
            if 2 <= len(words) <= 4 and all(syllable.match(w) for w in words) and \
                    entry not in listed:
                entries.append(entry)
                listed.add(entry)
    # Syllables the word list joins into one word ("sử dụng"): a phrase that begins or ends
    # between them cuts a word.
    joined = set()
    for entry in entries:
        parts = [key(p.lower()) for p in entry.split()]
        joined.update(zip(parts, parts[1:]))
    key_of = functools.lru_cache(maxsize=None)(lambda word: key(word.lower()))
    counts = collections.Counter()  # every run of 2-4 syllables, as written
    inside = collections.Counter()  # the same, not at the start of a sentence or clause
    whole = collections.Counter()  # runs of 3-4 that cut no word at either end, lower case
    total = 0
    seen_lines = set()
    for path in corpus:
        for line in corpus_lines(path):
            if line in seen_lines:  # boilerplate repeated across pages counts once
                continue
            seen_lines.add(line)
            for chunk in re.split(r"[^\w ]+", line):  # a phrase never spans punctuation
                words = chunk.split()
                total += len(words)
                lower = [key_of(w) for w in words]
                for n in (2, 3, 4):
                    for i in range(len(words) - n + 1):
                        if not all(syllable.match(w) for w in words[i:i + n]):
                            continue
                        counts[" ".join(words[i:i + n])] += 1
                        if i > 0:  # a capital at a phrase's start may only open a sentence
                            inside[" ".join(words[i:i + n])] += 1
                        if n >= 3 and (i == 0 or (lower[i - 1], lower[i]) not in joined) and (
                                i + n == len(words) or
                                (lower[i + n - 1], lower[i + n]) not in joined):
                            whole[" ".join(lower[i:i + n])] += 1
    # Lower case, tone placement folded: the count of each phrase and its form, the most frequent
    # inside a sentence (where a capital marks a name), else the most frequent in sentence case.
    folded = collections.Counter()
    exact = collections.Counter()
    form = {}
    for phrase, count in counts.items():
        k = key(phrase.lower())
        folded[k] += count
        exact[key(phrase)] += count
        rank = (inside[phrase], count)
        if k not in form or rank > form[k][0]:
            form[k] = (rank, phrase)
    for k, (rank, phrase) in form.items():
        first, rest = phrase.split(" ", 1)
        if rank[0] == 0 and rest[:1].islower():  # seen only opening a sentence
            phrase = first.lower() + " " + rest
        form[k] = phrase
    once_a_million = total / 1e6

    def common(count):
        return count >= once_a_million

    rows = []
    for entry in entries:
        count = exact[key(entry)] if entry != entry.lower() else folded[key(entry.lower())]
        rows.append((entry, "vouches" if common(count) else "known"))
    for k, count in sorted(folded.items()):
        if not common(count):
            continue
        phrase = form[k]
        if phrase.isupper():  # a heading in capitals says nothing of case
            phrase = phrase.lower()
        if phrase in listed or phrase.lower() in listed:
            continue
        rows.append((phrase, "vouches" if common(whole[k]) else "known"))
    print("# The OCR repair's lexicon (extractors/ocr_repair.cpp, repair_tones_by_compounds), made by")
    print("# gen_compound_words.py from Hồ Ngọc Đức's word list Viet74K (GPL-2) and a corpus of")
    print(f"# Vietnamese legal texts ({total} words); the script's docstring names both and says what")
    print("# each line means. Do not edit: run the script again.")
    for phrase, role in rows:
        print(f"{phrase}\t{role}")


if __name__ == "__main__":
    main()
