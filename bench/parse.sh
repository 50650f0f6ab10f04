#!/usr/bin/env bash
# The parser benchmark in one command:
#   bash bench/parse.sh
# builds vnotice (tools/build.sh), then prints
#  1. field-level precision and recall of `vnotice parse` per input path against the golden
#     records (bench/parse_fields.py; the scanned paths use the OCR benchmark's degraded scans in
#     bench/out/scans, made by `bash bench/run.sh` or here when missing);
#  2. parsing speed on one core: pages of extracted text per second (vnotice_parse_bench).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
if [[ ! -d "$root/bench/out/scans/mild300" ]]; then
  "$root/bench/setup.sh"
  "$py" "$root/bench/make_scans.py" --samples "$root/samples/pdf" --out "$root/bench/out/scans" \
    --variants mild300,hard150
fi
echo "## Fields per input path"
OMP_THREAD_LIMIT=1 "$py" "$root/bench/parse_fields.py" --root "$root"
echo
echo "## Parsing speed (one core, extraction excluded)"
inputs=("$root"/samples/pdf/*.pdf)
reference="$root/../shared/reference/notice-2021-sct-dongthap.txt"
[[ -f "$reference" ]] && inputs+=("$reference")
taskset -c 0 "$root/build/bench/vnotice_parse_bench" --seconds 2 "${inputs[@]}"
