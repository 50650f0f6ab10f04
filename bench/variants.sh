#!/usr/bin/env bash
# The variation corpus of issue 20 (point 1), full matrix: makes it with tools/make_variants.py
# (110 reports in the styles of the covering design, each as PDF, DOCX and ODT, and 24 scans)
# and prints bench/score_variants.py's tables: section labels, fields and figures per axis value
# and format, the checker's errors on clean reports and the planted defects found.
# Usage: bash bench/variants.sh [OUT] ; VARIANTS_SEED=N, VARIANTS_SUBSET=ci|full,
#        BENCH_BUILD=0 to use the vnotice already built.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/bench/out/variants}
[[ ${BENCH_BUILD:-1} == 0 ]] || bash "$root/tools/build.sh" >&2
/usr/bin/python3 "$root/tools/make_variants.py" --out "$out" --subset "${VARIANTS_SUBSET:-full}" \
  --seed "${VARIANTS_SEED:-20}" >&2
/usr/bin/python3 "$root/bench/score_variants.py" --dir "$out" --cli "$root/build/tools/vnotice" \
  --json "$out/score.json" | tee "$out/results.txt"
