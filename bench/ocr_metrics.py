#!/usr/bin/python3
"""OCR accuracy figures of the benchmark, in pure Python (standard library only).

    normalise(text)        NFC, rules dropped, every run of whitespace folded to one space,
                           stripped
    body(text, doc_type)   the text between the document-type line ("THÔNG BÁO", "BÁO CÁO")
                           and "Nơi nhận"; an anchor the text lacks falls back to its start/end
    levenshtein(a, b)      character edit distance (bit-parallel, Hyyrö 2001: O(n·m/64))
    score(ocr, truth)      dict: body CER, junk and missing (fractions), and their parts

Body CER = infix_levenshtein(true body, whole output) / len(true body): the true body against
the stretch of the output that matches it best. Text the output adds around the body is not
body error (it is junk); the body's bounds in the output are not taken from its own "Nơi nhận",
which OCR misreads like any other word.
Junk     = share of the output's words (whole text, as a multiset) not matched by true words.
Missing  = share of the true words (multiset) absent from the output.
Words are the whitespace-separated tokens of the normalised text, compared exactly.

A rule is a drawn line, not text: a token of three or more dashes or underscores and nothing
else ("———") is dropped from both texts. The samples' PDFs draw the rules under the letterhead
and the subject with em dashes, so their true text holds them; a scan holds a line, which vnotice
removes before recognition, and reading a line as letters ("ST h") is still junk.

Self-check: python3 bench/ocr_metrics.py --self-test
Score files: python3 bench/ocr_metrics.py OCR.txt TRUTH.txt
"""

import re
import sys
import unicodedata
from collections import Counter

DOC_TYPES = ("THÔNG BÁO", "BÁO CÁO")
END_ANCHOR = "Nơi nhận"
_WS = re.compile(r"\s+")
_RULE = re.compile(r"(?<!\S)[\u2014\u2013_-]{3,}(?!\S)")


def normalise(text):
    """NFC, rules dropped, whitespace runs (spaces, tabs, newlines, form feeds) to one space,
    stripped."""
    return _WS.sub(" ", _RULE.sub(" ", unicodedata.normalize("NFC", text))).strip()


def _lines(text):
    return [normalise(line) for line in unicodedata.normalize("NFC", text).splitlines()]


def doc_type(text):
    """The first line that is exactly a document type ("THÔNG BÁO" or "BÁO CÁO"), or None."""
    for line in _lines(text):
        if line in DOC_TYPES:
            return line
    return None


def body(text, kind=None):
    """The normalised text between the document-type line and "Nơi nhận" (both excluded).

    kind is the document type to look for (the truth's); by default the text's own. The start is
    the end of the first line that is exactly kind, else the end of kind's first occurrence
    anywhere, else the start of the text; the end is the first "Nơi nhận" after the start, else
    the end of the text."""
    lines = _lines(text)
    kind = kind or doc_type(text)
    start = None
    if kind:
        for i, line in enumerate(lines):
            if line == kind:
                start = i + 1
                break
    if start is not None:
        flat = normalise(" ".join(lines[start:]))
    else:
        flat = normalise(text)
        at = flat.find(kind) if kind else -1
        if at >= 0:
            flat = flat[at + len(kind):].lstrip()
    end = flat.find(END_ANCHOR)
    if end >= 0:
        flat = flat[:end]
    return flat.strip()


def levenshtein_rows(a, b):
    """Plain O(len(a)·len(b)) dynamic programme over two rows; the reference for the tests."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[len(b)]


def _myers(pattern, text, search):
    """Hyyrö's bit-vector form of Myers' algorithm: the column of the DP matrix over pattern is
    kept as two bit masks of vertical +1/-1 deltas in Python integers, one step per character of
    text. The full distance when not `search`; when `search`, row 0 stays 0 (a match may start at
    any column) and the best last row over all columns is returned. pattern is not empty."""
    m = len(pattern)
    peq = {}
    for i, c in enumerate(pattern):
        peq[c] = peq.get(c, 0) | (1 << i)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    row0 = 0 if search else 1  # what row 0 of the matrix gains per column
    pv, mv, score = full, 0, m
    best = m
    for c in text:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | row0) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
        best = min(best, score)
    return best if search else score


def levenshtein(a, b):
    """Character edit distance (insertions, deletions, substitutions, each 1)."""
    if len(a) < len(b):
        a, b = b, a  # the longer one in the bit vectors: fewer (big-int) steps
    if not a:
        return len(b)
    return _myers(a, b, search=False)


def infix_levenshtein_rows(pattern, text):
    """Plain dynamic programme for infix_levenshtein; the reference for the tests."""
    prev = list(range(len(pattern) + 1))
    best = prev[-1]
    for ct in text:
        cur = [0] + [0] * len(pattern)  # a match may start anywhere in text: row 0 is free
        for i, cp in enumerate(pattern, start=1):
            cur[i] = min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (cp != ct))
        prev = cur
        best = min(best, prev[-1])
    return best


def infix_levenshtein(pattern, text):
    """The least edit distance between pattern and any stretch of text (Myers' approximate
    matching)."""
    return _myers(pattern, text, search=True) if pattern else 0


def words(text):
    return normalise(text).split()


def score(ocr, truth):
    """Accuracy of one OCR output against the true text. Fractions, not percentages."""
    kind = doc_type(truth)
    true_body = body(truth, kind)
    # The true body against the stretch of the output that matches it best: where the output's
    # body begins and ends is not taken from its own anchors, which are read like any other words
    # (a closing block whose "Nơi nhận" was misread counted as 5 % of body errors).
    dist = infix_levenshtein(true_body, normalise(ocr))
    out_words, true_words = Counter(words(ocr)), Counter(words(truth))
    matched = sum((out_words & true_words).values())
    n_out, n_true = sum(out_words.values()), sum(true_words.values())
    return {
        "body_cer": dist / len(true_body) if true_body else 0.0,
        "junk": (n_out - matched) / n_out if n_out else 0.0,
        "missing": (n_true - matched) / n_true if n_true else 0.0,
        "body_edits": dist,
        "body_chars": len(true_body),
        "words_out": n_out,
        "words_true": n_true,
        "words_matched": matched,
    }


def combine(scores):
    """Pooled figures over several documents: total edits / total characters, and so on."""
    edits = sum(s["body_edits"] for s in scores)
    chars = sum(s["body_chars"] for s in scores)
    n_out = sum(s["words_out"] for s in scores)
    n_true = sum(s["words_true"] for s in scores)
    matched = sum(s["words_matched"] for s in scores)
    return {
        "body_cer": edits / chars if chars else 0.0,
        "junk": (n_out - matched) / n_out if n_out else 0.0,
        "missing": (n_true - matched) / n_true if n_true else 0.0,
        "body_edits": edits, "body_chars": chars,
        "words_out": n_out, "words_true": n_true, "words_matched": matched,
    }


# ---------------------------------------------------------------------------------------------


def self_test():
    import random

    failures = []

    def check(name, got, want):
        if got != want:
            failures.append(f"{name}: got {got!r}, want {want!r}")

    # normalisation: NFD input, tabs, newlines, form feeds
    check("normalise", normalise("  Ho\u0300a \t bi\u0300nh\n\n\fxong  "), "Hòa bình xong")
    check("rules dropped", normalise("SỞ\n———\nSố: 1/TB-SCT ---- a__b -- 12/KH-"),
          "SỞ Số: 1/TB-SCT a__b -- 12/KH-")
    # Levenshtein: classic cases, Vietnamese, and the fast form against the plain one
    for a, b, d in [("", "", 0), ("abc", "", 3), ("", "ab", 2), ("kitten", "sitting", 3),
                    ("flaw", "lawn", 2), ("Thông báo", "Thong bao", 2), ("ABC", "ABC", 0),
                    ("a" * 70, "a" * 69 + "b", 1), ("x" * 130, "y" * 65, 130)]:
        check(f"levenshtein({a!r:.12},{b!r:.12})", levenshtein(a, b), d)
        check(f"levenshtein_rows({a!r:.12},{b!r:.12})", levenshtein_rows(a, b), d)
    for p, t, d in [("", "abc", 0), ("abc", "", 3), ("abc", "xxabcxx", 0), ("abc", "xxabxx", 1),
                    ("kitten", "a sitting cat", 2), ("Nơi", "Nơi nhận"[:3], 0)]:
        check(f"infix({p!r},{t!r})", infix_levenshtein(p, t), d)
        check(f"infix_rows({p!r},{t!r})", infix_levenshtein_rows(p, t), d)
    rnd = random.Random(20210910)
    for k in range(200):
        alphabet = "aăâbcdđ ơưêô" if k % 2 else "ab"
        p = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 90)))
        t = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 150)))
        check(f"random infix {k}", infix_levenshtein(p, t), infix_levenshtein_rows(p, t))
    for k in range(300):
        alphabet = "aăâbcdđ ơưêô" if k % 2 else "ab"
        a = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 150)))
        b = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 150)))
        check(f"random pair {k}", levenshtein(a, b), levenshtein_rows(a, b))
    # body: anchors on their own lines, the date line above is not the body
    truth = ("SỞ CÔNG THƯƠNG\nSố: 1/TB\n\nTHÔNG BÁO\nKết quả kiểm tra\n\nNội dung  thông báo.\n"
             "Nơi nhận:\n- Lưu: VT.\n\nGIÁM ĐỐC\n")
    check("doc_type", doc_type(truth), "THÔNG BÁO")
    check("body truth", body(truth), "Kết quả kiểm tra Nội dung thông báo.")
    check("body OCR inline anchor", body("rác THÔNG BÁO Kết quả kiểm tra Nơi nhận: x", "THÔNG BÁO"),
          "Kết quả kiểm tra")
    check("body no anchors", body("chỉ có chữ", "BÁO CÁO"), "chỉ có chữ")
    check("body lower-case is no anchor", doc_type("báo cáo\nBÁO CÁO\nx"), "BÁO CÁO")
    # scores
    s = score(truth.replace("\n", "  \t"), truth)  # identical after folding (but no lines)
    check("perfect junk", s["junk"], 0.0)
    check("perfect missing", s["missing"], 0.0)
    s = score(truth, truth)
    check("perfect CER", s["body_cer"], 0.0)
    ocr = truth.replace("Nội dung", "Nôi dung") + "\n~~ ,,, ~~\n"
    s = score(ocr, truth)
    check("one wrong char edits", s["body_edits"], 1)
    check("one wrong char CER", s["body_cer"], 1 / len(body(truth)))
    n_true = len(words(truth))
    check("junk counts noise and the wrong word", s["words_out"] - s["words_matched"], 4)
    check("missing counts the misread word", s["words_true"] - s["words_matched"], 1)
    check("missing fraction", s["missing"], 1 / n_true)
    # a misread end anchor does not make the closing block body error
    s = score(truth.replace("Nơi nhận", "Nơi hp"), truth)
    check("misread anchor CER", s["body_cer"], 0.0)
    s = score("", truth)
    check("empty output CER", s["body_cer"], 1.0)
    check("empty output junk", s["junk"], 0.0)
    check("empty output missing", s["missing"], 1.0)
    # a word read twice is junk the second time (multiset)
    s = score("THÔNG BÁO\nNội Nội dung\nNơi nhận", "THÔNG BÁO\nNội dung\nNơi nhận")
    check("multiset junk", (s["words_out"], s["words_matched"]), (7, 6))
    c = combine([score(truth, truth), score("", truth)])
    check("combine CER", c["body_cer"], 0.5)
    # speed: two 6000-character texts must be scored in well under a second
    import time
    a = "".join(rnd.choice("abcdeghiklmnopqrstuvxyăâđêôơư ") for _ in range(6000))
    b = "".join(c if rnd.random() > 0.05 else "#" for c in a)
    t0 = time.perf_counter()
    levenshtein(a, b)
    check("speed under 1 s", time.perf_counter() - t0 < 1.0, True)

    for f in failures:
        print("FAIL", f)
    print(f"ocr_metrics self-test: {'ok' if not failures else 'FAILED'} ({len(failures)} failures)")
    return not failures


def main(argv):
    if argv[1:] == ["--self-test"]:
        return 0 if self_test() else 1
    if len(argv) == 3:
        with open(argv[1], encoding="utf-8", errors="replace") as f:
            ocr = f.read()
        with open(argv[2], encoding="utf-8") as f:
            truth = f.read()
        s = score(ocr, truth)
        print(f"body CER {100 * s['body_cer']:.2f} %  junk {100 * s['junk']:.2f} %  "
              f"missing {100 * s['missing']:.2f} %  ({s['body_edits']} edits / "
              f"{s['body_chars']} chars; {s['words_matched']} of {s['words_out']} output words "
              f"matched, {s['words_true']} true words)")
        return 0
    print(__doc__.strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
