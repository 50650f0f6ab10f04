#!/usr/bin/env bash
# Batch memory against the number of files (issue 8, point 6: "batch memory stays flat").
#   bash bench/batch.sh [SMALL LARGE]        (default 100 1000 files)
# builds vnotice (BENCH_BUILD=0 skips it), makes LARGE distinct reports (the five sample reports
# as text, each copy with its own closing line, so no two share a content hash) plus the sample
# PDFs, then runs `vnotice batch --plan` over the first SMALL and over all LARGE, three times each,
# and prints wall time and peak resident memory (median) side by side. Goal: the large run's peak
# is at most 1.2 x the small run's.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${BENCH_BUILD_DIR:-$root/build}"
small=${1:-100}
large=${2:-1000}
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
out="$root/bench/out/batch"
rm -rf "$out"
mkdir -p "$out/texts" "$out/inputs-small" "$out/inputs-large"

for pdf in "$root"/samples/pdf/report-*.pdf; do
  "$build/tools/vnotice" extract "$pdf" -o "$out/texts/$(basename "$pdf" .pdf).txt"
done
mapfile -t texts < <(ls "$out"/texts/*.txt)
for ((i = 0; i < large; i++)); do
  text=${texts[$((i % ${#texts[@]}))]}
  name=$(printf 'report-%05d.txt' "$i")
  { cat "$text"; printf '\nBản lưu số %05d.\n' "$i"; } >"$out/inputs-large/$name"
  if ((i < small)); then cp "$out/inputs-large/$name" "$out/inputs-small/$name"; fi
done
cp "$root"/samples/pdf/report-*.pdf "$out/inputs-small/"
cp "$root"/samples/pdf/report-*.pdf "$out/inputs-large/"

/usr/bin/python3 - "$build/tools/vnotice" "$root/samples/plan-2021.json" "$out" "$small" "$large" <<'PY'
import os, shutil, statistics, subprocess, sys, time

vnotice, plan, out, small, large = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])


def run(inputs):
    """Wall s and peak RSS MiB of one fresh batch run (wait4 gives the child's own peak)."""
    target = os.path.join(out, "result")
    shutil.rmtree(target, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([vnotice, "batch", inputs, "-o", target, "--plan", plan, "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 10):  # 10: some input failed, which the unknown unit's report may do
        sys.exit(f"batch failed ({code}): {process.stderr.read().decode()}")
    process.stderr.close()
    return time.perf_counter() - start, usage.ru_maxrss / 1024


rows = {}
for label, folder, count in (("small", "inputs-small", small), ("large", "inputs-large", large)):
    samples = [run(os.path.join(out, folder)) for _ in range(3)]
    rows[label] = (count + 5, statistics.median(s[0] for s in samples),
                   statistics.median(s[1] for s in samples))
print("| run | files | wall s | files/s | peak MiB |\n|---|---:|---:|---:|---:|")
for label, (files, wall, peak) in rows.items():
    print(f"| {label} | {files} | {wall:.2f} | {files / wall:.0f} | {peak:.1f} |")
ratio = rows["large"][2] / rows["small"][2]
print(f"\npeak large / small: {ratio:.2f} (goal <= 1.2: {'met' if ratio <= 1.2 else 'NOT met'})")
PY
