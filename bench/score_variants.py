#!/usr/bin/python3
"""Scores `vnotice parse` and `vnotice check` on the variation corpus of tools/make_variants.py.

For every document of DIR/manifest.json: runs `vnotice parse`, compares the record with
NAME.truth.json and prints, per axis value and per format (pdf, docx, odt, scan):
    sec R / sec P  section labels recall and precision: a truth label counts as present when the
                   record's section tree has the same label path (root to the section; "Phần I"
                   is "I", bullets -, +, * are "-"); paths are compared as multisets
    fields         exact % of doc_type, number, symbol, date, place, issuer, parent_issuer,
                   subject, signer.authority, signer.title, signer.name, recipients (the list);
                   an authority's separator is not scored ("KT:" = "KT.")
    figures        exact % of the truth metrics (a value within 0.01)
Then runs `vnotice check --plan DIR/plan.json` on each format's documents and reports the error
findings on clean documents (there should be none) and the planted defects found (a finding with
the planted code for that document).

Exit 0, unless thresholds are given (--min-sections, --min-fields, --min-figures for each of pdf,
docx and odt; --min-scan for all four figures on scans; --max-clean-errors; --min-planted): then
exit 1 when one is missed, printing which.

Usage: score_variants.py --dir DIR [--cli build/tools/vnotice] [--json OUT] [--jobs 2] [--min-...]
"""

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

FIELDS = ["doc_type", "number", "symbol", "date", "place", "issuer", "parent_issuer", "subject",
          "signer.authority", "signer.title", "signer.name", "recipients"]
FORMATS = ["pdf", "docx", "odt", "scan"]
# Issue 21, point 3: the fields that must never be silently wrong (with every figure).
KEY_FIELDS = ["number", "symbol", "date", "issuer", "signer.name"]


def norm_authority(a):
    if a is None:
        return None
    return re.sub(r"^(KT|TL|TM|TUQ|Q)\s*[.:]\s*", r"\1. ", a.strip())


def field(obj, key):
    for part in key.split("."):
        obj = (obj or {}).get(part)
    return obj


def truth_paths(sections):
    stack, out = [], []
    for label, _title, level in sections:
        while stack and stack[-1][1] >= level:
            stack.pop()
        stack.append((label, level))
        out.append(tuple(s[0] for s in stack))
    return out


def record_paths(sections, prefix=()):
    out = []
    for s in sections or []:
        label = s.get("label") or ""
        label = label.strip().rstrip(".)")
        if label in ("+", "*", "–", "•"):
            label = "-"
        p = prefix + (label,)
        out.append(p)
        out += record_paths(s.get("children"), p)
    return out


def score_doc(truth, record):
    res = dict(name=truth["name"], format=truth["format"], axes=truth["axes"])
    if record is None:
        tp = truth_paths(truth["sections"])
        res.update(sec_tp=0, sec_truth=len(tp), sec_rec=0, fields_ok=0, fields_n=len(FIELDS),
                   fig_ok=0, fig_n=len(truth["metrics"]), misses=["parse failed"],
                   fig_miss={k: None for k in truth["metrics"]}, field_miss={}, sec_missing=tp,
                   sec_extra=[])
        return res
    tp = collections.Counter(truth_paths(truth["sections"]))
    rp = collections.Counter(record_paths(record.get("sections")))
    hit = sum((tp & rp).values())
    res.update(sec_tp=hit, sec_truth=sum(tp.values()), sec_rec=sum(rp.values()),
               sec_missing=sorted("/".join(p) for p in (tp - rp).elements()),
               sec_extra=sorted("/".join(p) for p in (rp - tp).elements()))
    ok, miss = 0, {}
    for key in FIELDS:
        want, got = field(truth, key), field(record, key)
        if key == "signer.authority":
            want, got = norm_authority(want), norm_authority(got)
        if want == got:
            ok += 1
        else:
            miss[key] = (want, got)
    res.update(fields_ok=ok, fields_n=len(FIELDS), field_miss=miss)
    got = {}
    for m in record.get("metrics") or []:
        got.setdefault(m["key"], m["value"])
    got_metrics = got
    fok, fmiss = 0, {}
    for key, want in truth["metrics"].items():
        if key in got and got[key] is not None and abs(got[key] - want) <= 0.01:
            fok += 1
        else:
            fmiss[key] = (want, got.get(key))
    res.update(fig_ok=fok, fig_n=len(truth["metrics"]), fig_miss=fmiss)
    # Issue 21, point 3: a key field or figure that is wrong (not merely missing) must be marked
    # for review in the record; the ones that are not are silent errors.
    review = record.get("needs_review") or {}
    silent, marked = [], 0
    for key in KEY_FIELDS:
        want, got = field(truth, key), field(record, key)
        if got is not None and want != got:
            if key in review:
                marked += 1
            else:
                silent.append(key)
    for key, want in truth["metrics"].items():
        g = got_metrics.get(key)
        if g is not None and abs(g - want) > 0.01:
            if "metrics." + key in review:
                marked += 1
            else:
                silent.append("metrics." + key)
    res.update(silent=silent, wrong_marked=marked, marked=len(review))
    return res


class Acc:
    def __init__(self):
        self.n = self.tp = self.truth = self.rec = self.fok = self.fn = self.gok = self.gn = 0

    def add(self, r):
        self.n += 1
        self.tp += r["sec_tp"]
        self.truth += r["sec_truth"]
        self.rec += r["sec_rec"]
        self.fok += r["fields_ok"]
        self.fn += r["fields_n"]
        self.gok += r["fig_ok"]
        self.gn += r["fig_n"]

    def figures(self):
        def q(a, b):
            return a / b if b else 1.0
        return dict(n=self.n, sections_recall=q(self.tp, self.truth),
                    sections_precision=q(self.tp, self.rec), fields=q(self.fok, self.fn),
                    figures=q(self.gok, self.gn))


def pct(x):
    return f"{100 * x:5.1f}"


def run_parse(cli, path):
    r = subprocess.run([cli, "parse", path], capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip()[-300:]
    try:
        return json.loads(r.stdout), None
    except ValueError as e:
        return None, str(e)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--dir", required=True)
    p.add_argument("--cli", default="build/tools/vnotice")
    p.add_argument("--json")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--examples", type=int, default=3, help="failures shown per axis value")
    for k in ["sections", "fields", "figures", "scan", "planted"]:
        p.add_argument(f"--min-{k}", type=float)
    p.add_argument("--max-clean-errors", type=int)
    args = p.parse_args()
    root = os.path.abspath(args.dir)
    cli = os.path.abspath(args.cli)
    with open(os.path.join(root, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    docs = []
    for d in manifest["documents"]:
        with open(os.path.join(root, d["truth"]), encoding="utf-8") as f:
            docs.append((os.path.join(root, d["file"]), json.load(f)))
    outdir = os.path.join(root, "records")
    # scans first: they are the slow ones
    order = sorted(range(len(docs)), key=lambda i: docs[i][1]["format"] != "scan")
    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        parsed = dict(zip(order, pool.map(lambda i: run_parse(cli, docs[i][0]), order)))
    results = []
    for i, (path, truth) in enumerate(docs):
        record, err = parsed[i]
        os.makedirs(os.path.join(outdir, truth["format"]), exist_ok=True)
        with open(os.path.join(outdir, truth["format"], truth["name"] + ".record.json"), "w",
                  encoding="utf-8") as f:
            json.dump(record if record is not None else dict(error=err), f, ensure_ascii=False,
                      indent=1)
        r = score_doc(truth, record)
        r["file"] = path
        results.append(r)

    formats = [f for f in FORMATS if any(r["format"] == f for r in results)]
    # --- per axis value and format
    table = collections.defaultdict(lambda: collections.defaultdict(Acc))
    totals = collections.defaultdict(Acc)
    for r in results:
        totals[r["format"]].add(r)
        for axis, value in r["axes"].items():
            table[(axis, value)][r["format"]].add(r)
    lines = []
    head = f"{'axis':<16}{'value':<8}" + "".join(f"| {f:<4} n  secR  secP   fld   fig " for f in formats)
    lines.append(head)
    lines.append("-" * len(head))
    lines.append(f"{'ALL':<16}{'':<8}" + "".join(
        "| {n:3d} {sr} {sp} {fl} {fg} ".format(n=totals[f].n, **{k: pct(v) for k, v in (
            ("sr", totals[f].figures()["sections_recall"]), ("sp", totals[f].figures()["sections_precision"]),
            ("fl", totals[f].figures()["fields"]), ("fg", totals[f].figures()["figures"]))})
        if f in totals else "|" for f in formats))
    from_axes = [a for a in results[0]["axes"]] if results else []
    for axis in from_axes:
        values = sorted({v for (a, v) in table if a == axis}, key=str)
        for v in values:
            row = f"{axis:<16}{v:<8}"
            for f in formats:
                acc = table[(axis, v)].get(f)
                if acc is None or acc.n == 0:
                    row += "|" + " " * 28
                    continue
                s = acc.figures()
                row += (f"| {acc.n:3d} {pct(s['sections_recall'])} {pct(s['sections_precision'])} "
                        f"{pct(s['fields'])} {pct(s['figures'])} ")
            lines.append(row)
    print("\n".join(lines))

    # --- per field and per metric
    print("\nfields exact % per format")
    print(f"{'field':<18}" + "".join(f"{f:>7}" for f in formats))
    for key in FIELDS:
        row = f"{key:<18}"
        for f in formats:
            rs = [r for r in results if r["format"] == f]
            row += f"{pct(sum(key not in r['field_miss'] for r in rs) / max(1, len(rs))):>7}"
        print(row)
    print("\nfigures exact % per format, per metric and phrasing (p: phrasing id; table)")
    metric_keys = sorted({k for _, t in docs for k in t["metrics"]})
    per_phr = collections.defaultdict(lambda: [0, 0])
    for (path, truth), r in zip(docs, results):
        for k in truth["metrics"]:
            ph = truth.get("phrasings", {}).get(k)
            if ph is None and k in ("online_rate_pct",):
                ph = truth.get("phrasings", {}).get("records_online")
            if ph is None and k in ("on_time_rate_pct",):
                ph = truth.get("phrasings", {}).get("records_on_time")
            if ph is None and k.startswith("procedures") or k == "simplification_rate_pct":
                ph = truth.get("phrasings", {}).get("procedures_reviewed")
            key = (k, str(ph), r["format"] if r["format"] == "scan" else "digital")
            per_phr[key][1] += 1
            per_phr[key][0] += k not in r["fig_miss"]
    print(f"{'metric':<26}{'phr':<7}{'digital':>14}{'scan':>14}")
    for k in metric_keys:
        for ph in sorted({key[1] for key in per_phr if key[0] == k}):
            row = f"{k:<26}{ph:<7}"
            for g in ("digital", "scan"):
                ok, n = per_phr.get((k, ph, g), [0, 0])
                row += f"{(pct(ok / n) + f' ({n:3d})') if n else '':>14}"
            print(row)

    # --- key fields silently wrong (issue 21, point 3)
    print("\nkey fields and figures wrong and not marked needs_review (issue 21: 0); "
          "wrong but marked; fields marked in all")
    for f in formats:
        rs = [r for r in results if r["format"] == f and "silent" in r]
        silent = [(r["name"], k) for r in rs for k in r["silent"]]
        print(f"  {f:<5} silent {len(silent):3d}  wrong but marked "
              f"{sum(r['wrong_marked'] for r in rs):3d}  marked {sum(r['marked'] for r in rs):4d}"
              + (f"  {silent[:6]}" if silent else ""))

    # --- checker
    with open(os.path.join(root, "plan.json"), encoding="utf-8") as f:
        plan_path = os.path.join(root, "plan.json")
    check = {}
    clean_errors, planted_total, planted_found = [], 0, 0
    planted_rows = []
    for f in formats:
        files = [path for path, t in docs if t["format"] == f]
        r = subprocess.run([cli, "check", "--plan", plan_path, "--format", "json"] + files,
                           capture_output=True, text=True)
        try:
            out = json.loads(r.stdout)
        except ValueError:
            print(f"check failed on {f}: {r.stderr[-400:]}")
            continue
        check[f] = out
        by_source = collections.defaultdict(list)
        for fd in out["findings"]:
            by_source[os.path.abspath(fd.get("source") or "")].append(fd)
        for path, t in docs:
            if t["format"] != f:
                continue
            got = by_source.get(os.path.abspath(path), [])
            if not t["planted_defects"]:
                for fd in got:
                    if fd.get("severity") == "error":
                        clean_errors.append((f, t["name"], fd.get("code"), fd.get("criterion"),
                                             (fd.get("message") or "")[:110]))
            for d in t["planted_defects"]:
                planted_total += 1
                found = any(fd.get("code") == d["code"] for fd in got)
                planted_found += found
                planted_rows.append((f, t["name"], d["code"], found))
    print(f"\nchecker: error findings on clean documents: {len(clean_errors)}")
    counts = collections.Counter((c[0], c[2]) for c in clean_errors)
    for (f, code), n in sorted(counts.items()):
        print(f"  {f:<5} {code:<24} {n}")
    for c in clean_errors[:40]:
        print(f"  {c[0]:<5} {c[1]:<16} {c[2]:<20} {c[3] or '':<7} {c[4]}")
    if len(clean_errors) > 40:
        print(f"  ... {len(clean_errors) - 40} more (see --json)")
    print(f"checker: planted defects found {planted_found}/{planted_total}")
    for row in planted_rows:
        if not row[3]:
            print(f"  missed {row[0]:<5} {row[1]:<16} {row[2]}")

    # --- worst examples per axis value (digital formats)
    print("\nexamples of failures (truth -> parsed)")
    shown = 0
    for r in results:
        if shown >= args.examples * 6:
            break
        if r["sec_missing"] or r["field_miss"] or r["fig_miss"]:
            shown += 1
            print(f"  {r['format']}/{r['name']}:")
            if r["sec_missing"]:
                print(f"    sections missing {r['sec_missing'][:6]} extra {r['sec_extra'][:6]}")
            for k, (w, g) in list(r["field_miss"].items())[:4]:
                print(f"    {k}: {w!r} -> {g!r}")
            for k, v in list(r["fig_miss"].items())[:4]:
                print(f"    {k}: {v}")

    summary = {f: totals[f].figures() for f in formats}
    failures = []
    for f in formats:
        s = summary[f]
        if f == "scan":
            if args.min_scan is not None:
                for k in ("sections_recall", "sections_precision", "fields", "figures"):
                    if s[k] < args.min_scan:
                        failures.append(f"scan {k} {s[k]:.4f} < {args.min_scan}")
            continue
        for k, lim in (("sections_recall", args.min_sections), ("sections_precision", args.min_sections),
                       ("fields", args.min_fields), ("figures", args.min_figures)):
            if lim is not None and s[k] < lim:
                failures.append(f"{f} {k} {s[k]:.4f} < {lim}")
    if args.max_clean_errors is not None and len(clean_errors) > args.max_clean_errors:
        failures.append(f"clean-document errors {len(clean_errors)} > {args.max_clean_errors}")
    planted_rate = planted_found / planted_total if planted_total else 1.0
    if args.min_planted is not None and planted_rate < args.min_planted:
        failures.append(f"planted found {planted_rate:.4f} < {args.min_planted}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(dict(summary=summary, clean_errors=clean_errors,
                           planted=dict(found=planted_found, total=planted_total, rows=planted_rows),
                           axes={f"{a}={v}": {f: acc.figures() for f, acc in fs.items()}
                                 for (a, v), fs in table.items()},
                           documents=results), f, ensure_ascii=False, indent=1)
    if failures:
        print("\nscore_variants: under the thresholds:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
