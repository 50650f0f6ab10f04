"""Field-level precision and recall of `vnotice parse` per input path (issue 5, point 6).

For each sample with a golden record (tests/data/golden/records/NAME.json) it parses the same
document reached by every input path: the born-digital PDF, the DOCX and ODT renderings, the
extracted text, and the degraded scans the OCR benchmark makes (bench/out/scans/mild300 and
hard150), and compares field by field with the golden record:
  exact    fields whose value equals the golden one
  wrong    fields with a value that differs (the parser should rather have left them null)
  missing  golden fields the parser left null or did not produce
Precision = exact / (exact + wrong), recall = exact / golden fields.
The reference notice (../shared/reference, when present) is compared with
bench/expected/notice-2021-sct-dongthap.json, facts only.
Usage: python3 bench/parse_fields.py --root . [--cli build/tools/vnotice]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def comparable(record):
    """The same projection the golden test uses (tests/record_golden_test.cpp comparable())."""
    out = {k: record[k] for k in ("doc_type", "type_code", "number", "symbol", "number_symbol",
                                  "parent_issuer", "issuer", "place", "date", "subject",
                                  "recipients")}
    out["signer"] = {k: record["signer"][k] for k in ("authority", "title", "name")}
    out["references"] = [[r["number_symbol"], r["date"], r["type_code"], r["issuer"]]
                         for r in record["references"]]
    out["metrics"] = {m["key"]: m["value"] for m in record["metrics"]}
    sections = []

    def walk(items):
        for s in items:
            sections.append([s["label"], s["title"], s["level"]])
            walk(s["children"])
    walk(record["sections"])
    out["sections"] = sections
    out["appendices"] = [[a["label"], a["title"]] for a in record["appendices"]]
    return out


def fields(projection):
    """Flattens a projection into (field name, value) pairs, one per comparable fact."""
    items = []
    for key, value in projection.items():
        if key == "signer":
            items += [(f"signer.{k}", v) for k, v in value.items()]
        elif key == "metrics":
            items += [(f"metrics.{k}", v) for k, v in value.items()]
        elif key in ("references", "sections", "appendices", "recipients"):
            # Each listed item is a fact; position matters only as the n-th of its kind.
            items += [(f"{key}[{json.dumps(v, ensure_ascii=False)}]", True) for v in value]
        else:
            items.append((key, value))
    return items


def score(actual, expected):
    exact = wrong = missing = 0
    got = dict(fields(actual))
    for name, value in fields(expected):
        if value is None:
            continue
        if name not in got or got[name] is None:
            missing += 1
        elif got[name] == value:
            exact += 1
        else:
            wrong += 1
    # Listed facts the parser invented (not in the golden record) are wrong values too; but a
    # golden section found with its title left null (a heading OCR was unsure of, with a
    # warning) is already counted missing: a null is not a wrong value.
    expected_names = {n for n, _ in fields(expected)}
    golden_sections = {(label, level) for label, _, level in expected.get("sections", [])}
    withheld = {f"sections[{json.dumps([label, None, level], ensure_ascii=False)}]"
                for label, title, level in actual.get("sections", [])
                if title is None and label != "-" and (label, level) in golden_sections}
    # Likewise a golden reference whose date was left null (OCR was unsure of it, a warning says).
    golden_references = {(ns, kind, issuer) for ns, _, kind, issuer
                         in expected.get("references", [])}
    withheld |= {f"references[{json.dumps([ns, None, kind, issuer], ensure_ascii=False)}]"
                 for ns, date, kind, issuer in actual.get("references", [])
                 if date is None and (ns, kind, issuer) in golden_references}
    wrong += sum(1 for n, v in fields(actual)
                 if n not in expected_names and "[" in n and n not in withheld)
    return exact, wrong, missing


def parse(cli, path, extra=()):
    result = subprocess.run([cli, "parse", path, *extra], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{path}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".")
    parser.add_argument("--cli", default=None)
    args = parser.parse_args()
    root = os.path.abspath(args.root)
    cli = args.cli or os.path.join(root, "build", "tools", "vnotice")
    golden_dir = os.path.join(root, "tests", "data", "golden", "records")
    scans = os.path.join(root, "bench", "out", "scans")
    totals = {}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(n[:-5] for n in os.listdir(golden_dir) if n.endswith(".json")):
            with open(os.path.join(golden_dir, name + ".json"), encoding="utf-8") as f:
                expected = json.load(f)
            pdf = os.path.join(root, "samples", "pdf", name + ".pdf")
            text = os.path.join(tmp, name + ".txt")
            with open(text, "w", encoding="utf-8") as f:
                f.write(subprocess.run([cli, "extract", pdf], capture_output=True, text=True,
                                       check=True).stdout)
            paths = [("pdf", pdf), ("docx", os.path.join(root, "samples", "docx", name + ".docx")),
                     ("odt", os.path.join(root, "samples", "odt", name + ".odt")), ("txt", text)]
            for variant in ("mild300", "hard150"):
                scan = os.path.join(scans, variant, name + ".pdf")
                if os.path.exists(scan):
                    paths.append((f"scan {variant}", scan))
            for path_name, path in paths:
                exact, wrong, missing = score(comparable(parse(cli, path)), expected)
                rows.append((name, path_name, exact, wrong, missing))
                t = totals.setdefault(path_name, [0, 0, 0])
                t[0] += exact
                t[1] += wrong
                t[2] += missing
    reference = os.path.join(root, "..", "shared", "reference", "notice-2021-sct-dongthap.txt")
    expected_reference = os.path.join(root, "bench", "expected", "notice-2021-sct-dongthap.json")
    if os.path.exists(reference):
        with open(expected_reference, encoding="utf-8") as f:
            expected = {k: v for k, v in json.load(f).items() if not k.startswith("_")}
        actual = comparable(parse(cli, reference))
        projection = {k: actual[k] for k in expected}
        exact, wrong, missing = score(projection, expected)
        rows.append(("reference notice (text)", "txt", exact, wrong, missing))

    print("| document | input path | exact | wrong | missing | precision | recall |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, path_name, exact, wrong, missing in rows:
        precision = exact / (exact + wrong) if exact + wrong else 1.0
        recall = exact / (exact + wrong + missing) if exact + wrong + missing else 1.0
        print(f"| {name} | {path_name} | {exact} | {wrong} | {missing} | {precision:.1%} | "
              f"{recall:.1%} |")
    print()
    print("| input path | fields exact | precision | recall |")
    print("|---|---:|---:|---:|")
    for path_name, (exact, wrong, missing) in totals.items():
        total = exact + wrong + missing
        print(f"| {path_name} | {exact}/{total} | {exact / max(1, exact + wrong):.1%} | "
              f"{exact / max(1, total):.1%} |")


if __name__ == "__main__":
    sys.exit(main())
