"""The truth files: NAME.truth.json beside every output file (the document's fields, section
labels, metrics, axes, phrasings and planted defects, with its format), DIR/plan.json and the
DIR/manifest.json that lists every document with its truth."""

import json
import os
import sys

# The plan's criterion a planted defect is about (None: about the document, not a criterion).
DEFECT_CRITERION = {"sum_mismatch": "2.2.b", "percent_mismatch": "2.2.b",
                    "claim_contradiction": "2.2.b", "missing_criterion": "2.5",
                    "reference_year_mismatch": None, "date_out_of_period": None}


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def complete(truth, doc):
    """Adds to build()'s fields what the document's model knows; returns the truth."""
    truth.update(schema_version=1, name=doc.name, unit=doc.ctx["unit"]["id"],
                 aggregate=doc.aggregate, sections=doc.sections, metrics=doc.metrics,
                 axes=doc.ax, phrasings=doc.phr,
                 planted_defects=[] if not doc.defect else [dict(
                     code=doc.defect, criterion=DEFECT_CRITERION[doc.defect])])
    return truth


def write_truths(out, formats, truths, scan_names, fodt_only, manifest):
    """Writes OUT/FORMAT/NAME.truth.json for every document of every format (scans: those of
    `scan_names`) and lists them in manifest["documents"]; a missing output file is an error
    unless only the sources were written."""
    for fmt in formats:
        names = scan_names if fmt == "scan" else sorted(truths)
        ext = "pdf" if fmt == "scan" else fmt
        for n in names:
            target = os.path.join(out, fmt, f"{n}.{ext}")
            if not fodt_only and not os.path.exists(target):
                sys.exit(f"make_variants: {target} was not made")
            t = dict(truths[n], format=fmt)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            write_json(os.path.join(out, fmt, f"{n}.truth.json"), t)
            manifest["documents"].append(dict(format=fmt, file=os.path.relpath(target, out),
                                              truth=os.path.relpath(target, out).rsplit(".", 1)[0]
                                              + ".truth.json"))
