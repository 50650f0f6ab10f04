#!/usr/bin/env python3
"""The text layer benchmark (issue 4): character error rate of vnotice's text before the
Vietnamese text layer (`extract --raw`) and after it (`extract`), against the true text of each
sample, for
  - the degraded scans made by the OCR benchmark (bench/out/scans/VARIANT/NAME.pdf): what the OCR
    repairs gain;
  - the samples' text written in each legacy 8-bit encoding (TCVN3, VNI, VISCII, VPS, CP1258),
    as plain-text files: what the decoding gains;
  - the born-digital samples themselves: the text layer must change nothing there (0 changes).
CER here is over the whole text (NFC, whitespace folded), so reflow does not count as an error.

Usage: text_layer.py REPO OUT_DIR     (run by bench/text_layer.sh)
"""
import csv
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ocr_metrics as m  # noqa: E402

root, out = sys.argv[1], sys.argv[2]
vnotice = os.path.join(root, "build", "tools", "vnotice")
names = ["notice-2021-sct", "report-2021-qlcn", "report-2021-vanphong"]
os.makedirs(out, exist_ok=True)


def extract(path, raw):
    args = [vnotice, "extract", path] + (["--raw"] if raw else [])
    return subprocess.run(args, capture_output=True, text=True, env=dict(os.environ, OMP_THREAD_LIMIT="1")).stdout


def cer(text, truth):
    a, b = m.normalise(text), m.normalise(truth)
    return m.levenshtein(a, b) / max(1, len(b)), m.levenshtein(a, b)


# Byte tables for writing the legacy test files: the project's own copy of the reference table.
table = {}
with open(os.path.join(root, "extractors", "data", "legacy_encodings.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        table[row["char"]] = row
columns = {"tcvn3": "tcvn3", "vni": "vni_win", "viscii": "viscii", "vps": "vps", "cp1258": "cp1258"}


def encode(text, column):
    data = bytearray()
    for ch in text:
        cell = table.get(ch, {}).get(column, "")
        if cell:
            data += bytes(int(h, 16) for h in cell.split())
        elif ch in table and not cell and column == "tcvn3":
            # TCVN3 has no toned capitals: documents draw them with an all-capital font; in a
            # plain-text file the lower-case code is what remains.
            data += bytes(int(h, 16) for h in table[ch.lower()][column].split())
        elif ch in "\u2014\u2013" and column in ("viscii", "vps"):
            # VISCII and VPS have no dashes beyond the hyphen (their 80-9F bytes are letters): a
            # document in them types a rule or a dash with hyphens.
            data += b"-"
        else:
            data += ch.encode("cp1252", errors="replace")
    return bytes(data)


rows = []
pooled = {}  # OCR variant: [edits before, edits after] over the files
for name in names:
    truth = extract(os.path.join(root, "samples", "pdf", name + ".pdf"), raw=False)
    raw_truth = extract(os.path.join(root, "samples", "pdf", name + ".pdf"), raw=True)
    before, edits = cer(raw_truth, truth)
    # Born-digital: the text layer only reflows (e.g. "20/2019/QĐ-" + "UBND" joined); no word changes.
    rows.append(("born-digital", name, before, 0.0,
                 "0 changes" if raw_truth.split() == truth.split() else f"{edits} edit(s), reflow only"))
    for variant in ["mild300", "hard150"]:
        scan = os.path.join(root, "bench", "out", "scans", variant, name + ".pdf")
        if not os.path.exists(scan):
            continue
        (before, before_edits), (after, after_edits) = (cer(extract(scan, True), truth),
                                                        cer(extract(scan, False), truth))
        rows.append((variant, name, before, after, ""))
        pooled.setdefault(variant, [0, 0])
        pooled[variant][0] += before_edits
        pooled[variant][1] += after_edits
    for encoding, column in columns.items():
        path = os.path.join(out, f"{name}.{encoding}.txt")
        with open(path, "wb") as f:
            f.write(encode(truth, column))
        rows.append((encoding, name, cer(extract(path, True), truth)[0], cer(extract(path, False), truth)[0], ""))

print("| input | file | CER before (--raw) % | CER after % | note |")
print("|---|---|---:|---:|---|")
for variant, name, before, after, note in rows:
    print(f"| {variant} | {name} | {100 * before:.2f} | {100 * after:.2f} | {note} |")

# Issue 4's goal for OCR repair: at least 30 % fewer character errors than the raw OCR text.
print()
for variant, (before, after) in pooled.items():
    cut = 100 * (before - after) / before if before else 0.0
    print(f"- {variant}: {before} character errors before the text layer, {after} after: "
          f"{cut:.0f} % fewer (goal: at least 30 %)")
