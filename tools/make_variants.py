#!/usr/bin/python3
"""Makes the variation corpus of issue 20: unit reports (BÁO CÁO of a unit to its Sở) in many
house styles, each with its truth beside it, and the inspection plan they answer.

Every report is written as ODF flat XML (.fodt, by this script, so every style is exact), then
converted by LibreOffice headless to PDF, DOCX and ODT; "scan" variants are 300-dpi degraded page
images of some of the PDFs, made with bench/make_scans.py's mild300 degradation (red seal over
the signer). Beside every output file: NAME.truth.json (fields, section labels, metrics, the
document's axis values, planted defects). DIR/plan.json is the plan (schemas/plan.schema.json).

Deterministic: the same arguments give the same .fodt, truth and plan (fixed seed; no clock).

Axes (issue 20, point 1); a covering design gives every value of every axis to at least two base
documents of the CI subset, and every base document is written in each of pdf, docx, odt:
    spacing 0/2/6/12 pt; indent 0/1/1.27 cm (headings too); size 13/14 pt; font serif/sans;
    heading bold/plain/upper/italic; numbering (num_top I./Phần I/none, num_l2 1./1),
    num_l3 1.1/1.1., num_items a)/-/+/*, num_bullets -/+/*) written as text or as automatic list
    numbering (list_mode text/auto); item_layout runin/own; letterhead (lh_issuer_lines 1/2/3,
    lh_number cell/row/draft); figures prose/bullets/table/table-t; phrasing p0..p3 (each metric
    has at least three phrasings; a document starts at phrasing pN and turns per metric);
    signer KT./KT:/TL./TM./Q./none; sig_page same/alone (signature block alone on the last page).

Planted defects (one per planted document, never in a unit's first report nor the aggregate):
    sum_mismatch, percent_mismatch, missing_criterion, reference_year_mismatch,
    claim_contradiction, date_out_of_period (codes of pipeline/check/finding.h).

Sources of the word lists (none tuned to the parser):
    provinces   the provincial-level units of Vietnam (Danh mục đơn vị hành chính Việt Nam,
                Tổng cục Thống kê), those named "tỉnh";
    Sở          the specialised agencies of a provincial People's Committee listed in Nghị định
                24/2014/NĐ-CP, art. 8 (amended by Nghị định 107/2020/NĐ-CP); their units
                (Văn phòng, Thanh tra, phòng chuyên môn, chi cục, trung tâm) follow the same decrees'
                structure, named by the team;
    persons     the most common Vietnamese family names (Wikipedia, "Vietnamese name": Nguyễn, Trần,
                Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý) and
                common middle and given names chosen by the team;
    wording     the team's own, in the genre of /work/shared/reference (Decree 30/2020 layout).

Usage: make_variants.py --out DIR [--subset ci|full] [--formats pdf,docx,odt,scan] [--seed N]
"""

# The generator lives in tools/variants/ (its modules are listed in tools/variants/__init__.py);
# this file keeps the command line. Run as a script, its folder is on sys.path.
import argparse
import os
import shutil
import sys

from variants.axes import FORMATS, SUBSETS
from variants.corpus import make_corpus
from variants.fodt import write_fodt
from variants.office import convert
from variants.truth import complete, write_json, write_truths


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--subset", choices=sorted(SUBSETS), default="ci")
    p.add_argument("--formats", default="pdf,docx,odt,scan")
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--fodt-only", action="store_true", help="write the sources and truth only")
    args = p.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in FORMATS:
            p.error(f"unknown format {f!r}")
    out = os.path.abspath(args.out)
    docs, plan = make_corpus(args)
    src = os.path.join(out, "src")
    for sub in ["src"] + FORMATS:
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    os.makedirs(src)
    truths = {}
    for i, doc, truth in docs:
        write_fodt(doc, os.path.join(src, doc.name + ".fodt"))
        truths[doc.name] = complete(truth, doc)
    write_json(os.path.join(out, "plan.json"), plan)
    scan_names = [doc.name for i, doc, _ in docs][1::max(1, len(docs) // SUBSETS[args.subset]["scans"])]
    scan_names = scan_names[:SUBSETS[args.subset]["scans"]]
    manifest = dict(seed=args.seed, subset=args.subset, formats=formats, documents=[])
    if not args.fodt_only:
        convert(out, sorted(os.path.join(src, n + ".fodt") for n in truths), formats, scan_names)
    write_truths(out, formats, truths, scan_names, args.fodt_only, manifest)
    write_json(os.path.join(out, "manifest.json"), manifest)
    print(f"make_variants: {len(manifest['documents'])} documents in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
