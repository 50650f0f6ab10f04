#!/usr/bin/env bash
# The text layer benchmark (issue 4): CER before and after the Vietnamese text layer, per sample,
# on scans (made by bench/run.sh, if present) and on the samples written in legacy encodings.
#   bash bench/text_layer.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/bench/setup.sh"
[[ "${BENCH_BUILD:-1}" == 0 ]] || "$root/tools/build.sh" >&2
/usr/bin/python3 "$root/bench/text_layer.py" "$root" "$root/bench/out/text_layer"
