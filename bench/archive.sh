#!/usr/bin/env bash
# The archive benchmark in one command (issue 8, point 6):
#   bash bench/archive.sh [--records N] [--searches M]
# builds vnotice (tools/build.sh; BENCH_BUILD=0 skips it), then indexes 10,000 generated records
# into a fresh SQLite archive in a temp folder and runs 200 searches over them, printing a table
# (indexing time, goal <= 10 s; search p50/p95, goal p95 <= 20 ms).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${BENCH_BUILD_DIR:-$root/build}"
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
"$build/bench/vnotice_archive_bench" "$@"
