#!/usr/bin/env bash
# The OCR benchmark in one command (see bench/README.md):
#   bash bench/run.sh
# installs the bench's packages, builds vnotice (tools/build.sh), makes the degraded scans of
# samples/pdf/ (cached in bench/out/scans/ until the samples or the scan maker change), runs
# vnotice, plain tesseract and OCRmyPDF on them, and prints the table (also in bench/out/results.md).
# Environment: BENCH_RUNS (runs per measurement, median kept; default 3),
#              BENCH_OCRMYPDF_RUNS (runs of OCRmyPDF, the slowest by far; default 1),
#              BENCH_TOOLS (comma-separated; default vnotice,tesseract,ocrmypdf,pdftotext),
#              BENCH_VARIANTS (comma-separated; default mild300,hard150,rot90),
#              BENCH_BUILD=0 (use the vnotice already in build/, do not run tools/build.sh).
# Progress goes to stderr, the table to stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bench="$root/bench"
out="$bench/out"
py=/usr/bin/python3  # Debian's Python, which has python3-pil and python3-numpy (not a pyenv one)

"$bench/setup.sh"
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then
  echo "bench: building vnotice (tools/build.sh)" >&2
  "$root/tools/build.sh" >&2
fi
"$py" "$bench/ocr_metrics.py" --self-test >&2
mkdir -p "$out"
echo "bench: making the scans" >&2
"$py" "$bench/make_scans.py" --samples "$root/samples/pdf" --out "$out/scans" \
  --variants "${BENCH_VARIANTS:-mild300,hard150,rot90}"
"$py" "$bench/run_bench.py" --root "$root" --out "$out" --runs "${BENCH_RUNS:-3}" \
  --ocrmypdf-runs "${BENCH_OCRMYPDF_RUNS:-1}" \
  --tools "${BENCH_TOOLS:-vnotice,tesseract,ocrmypdf,pdftotext}"
