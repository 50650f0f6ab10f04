#!/usr/bin/env bash
# The notice writer benchmark in one command (issue 7, point 6):
#   bash bench/notice.sh
# installs the bench's packages (bench/setup.sh: pandoc), builds vnotice (tools/build.sh), then
#  1. in-process: compose_notice + DOCX + ODT for the samples' notice with two appendices, many
#     rounds, median and p95 in ms (notice_bench; goal <= 5 ms);
#  2. as processes: `vnotice render samples/notice-2021.json -o X.docx` beside `pandoc` writing a
#     DOCX of the same text (Markdown made from the notice JSON by bench/notice_markdown.py), the
#     two alternating, median wall time, CPU time and peak RSS of BENCH_RUNS runs each after one
#     warm-up; the ratio is of wall times (goal: vnotice >= 10 x faster).
# Environment: BENCH_RUNS (default 15), BENCH_BUILD=0 (do not run tools/build.sh),
#              BENCH_BUILD_DIR (default build/: where vnotice and notice_bench are).
# Progress goes to stderr, the tables to stdout. Files go to bench/out/notice/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build}
out="$root/bench/out/notice"
py=/usr/bin/python3

"$root/bench/setup.sh"
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
mkdir -p "$out"

echo "## In-process: compose + DOCX + ODT"
"$build/bench/notice_bench" --plan "$root/samples/plan-2021.json" "$root"/samples/pdf/report-*.pdf
echo

echo "## One process: vnotice render vs pandoc, DOCX of samples/notice-2021.json"
"$py" "$root/bench/notice_markdown.py" "$root/samples/notice-2021.json" >"$out/notice.md"
"$py" - "${BENCH_RUNS:-15}" "$build/tools/vnotice" "$root/samples/notice-2021.json" "$out" <<'EOF'
import os
import statistics
import subprocess
import sys
import time

runs, vnotice, notice, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
render = [vnotice, "render", notice, "-o", f"{out}/vnotice.docx"]
# (command, extra environment). The `--version` row is start-up alone (loading the shared
# libraries, parsing the command line): what a render costs before any work.
tools = {
    "vnotice render": (render, {}),
    "vnotice --version (start-up only)": ([vnotice, "--version"], {}),
    "pandoc": (["pandoc", f"{out}/notice.md", "-o", f"{out}/pandoc.docx"], {}),
}


def measure(command, extra_env):
    """Wall ms, CPU ms (user + system) and peak RSS MiB of one process (wait4 gives that child's
    own rusage; the CPU time is what the wall time would be on an idle core)."""
    start = time.perf_counter()
    env = {key: value for key, value in os.environ.items() if key != "OMP_THREAD_LIMIT"}
    process = subprocess.Popen(command, env=env | extra_env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = 1000 * (time.perf_counter() - start)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{command[0]} failed ({process.returncode}): {process.stderr.read().decode()}")
    process.stderr.close()
    return wall, 1000 * (usage.ru_utime + usage.ru_stime), usage.ru_maxrss / 1024


samples = {name: [] for name in tools}
for command, extra_env in tools.values():  # warm-up: page cache, pandoc's data files
    measure(command, extra_env)
# Alternating, so that a burst of load on the shared machine hits both tools alike.
for _ in range(runs):
    for name, (command, extra_env) in tools.items():
        samples[name].append(measure(command, extra_env))

medians = {name: [statistics.median(column) for column in zip(*s)] for name, s in samples.items()}
base = medians["vnotice render"][0]
print(f"runs: {runs} each\n\n| tool | median ms | CPU ms | peak MiB | ratio |\n"
      "|---|---:|---:|---:|---:|")
for name, (wall, cpu, peak) in medians.items():
    print(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak:.1f} | {wall / base:.1f} × |")
ratio = medians["pandoc"][0] / base
print(f"\ngoal: vnotice >= 10 x faster than pandoc: {'met' if ratio >= 10 else 'NOT met'} "
      f"({ratio:.1f} x)")
EOF
