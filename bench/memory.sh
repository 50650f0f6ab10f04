#!/usr/bin/env bash
# OCR peak memory against page count, in one command:
#   bash bench/memory.sh [SHORT LONG]
# builds vnotice (tools/build.sh; BENCH_BUILD=0 skips it), makes the OCR benchmark's scans when
# missing (bench/run.sh's mild300 variant: 300-dpi colour scans of samples/pdf), joins their
# pages over and over with qpdf into a SHORT-page and a LONG-page scanned PDF (default 4 and
# 40), runs `vnotice extract --jobs 2` on each once under /usr/bin/time, and prints pages, wall
# seconds and peak resident memory, and the ratio of the peaks. Issue 3's goal: at most 400 MiB
# for 4 pages, and the 40-page peak at most 1.2 times the 4-page one.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
short=${1:-4}
long=${2:-40}
out="$root/bench/out/memory"
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
scans="$root/bench/out/scans/mild300"
if [[ ! -d "$scans" ]]; then
  "$root/bench/setup.sh" >&2
  "$py" "$root/bench/make_scans.py" --samples "$root/samples/pdf" --out "$root/bench/out/scans" \
    --variants mild300 >&2
fi
mkdir -p "$out"
mapfile -t sources < <(ls "$scans"/*.pdf | sort)

# A scanned PDF of `count` pages: the sources' pages in turn, from the first again when used up.
make_pdf() {
  local count=$1 target=$2 args=() made=0 source pages
  while ((made < count)); do
    for source in "${sources[@]}"; do
      pages=$(qpdf --show-npages "$source")
      for ((p = 1; p <= pages && made < count; p++)); do
        args+=("$source" "$p")
        made=$((made + 1))
      done
      ((made < count)) || break
    done
  done
  qpdf --empty --pages "${args[@]}" -- "$target"
}

echo "| scan | pages | wall s | peak MiB |"
echo "|---|---:|---:|---:|"
declare -A peak
for count in "$short" "$long"; do
  pdf="$out/scan-$count.pdf"
  make_pdf "$count" "$pdf"
  /usr/bin/time -f "%e %M" -o "$out/time-$count.txt" \
    "$root/build/tools/vnotice" extract --jobs 2 "$pdf" -o "$out/scan-$count.txt"
  read -r wall kib <"$out/time-$count.txt"
  peak[$count]=$kib
  printf "| mild300 pages in turn | %d | %.2f | %d |\n" "$count" "$wall" $((kib / 1024))
done
"$py" - "${peak[$short]}" "${peak[$long]}" "$short" "$long" <<'EOF'
import sys
short_kib, long_kib, short, long = (int(v) for v in sys.argv[1:])
ratio = long_kib / short_kib
print(f"\nPeak {long} pages / {short} pages: {ratio:.2f} (goal ≤ 1.2); "
      f"{short} pages: {short_kib / 1024:.0f} MiB (goal ≤ 400)")
EOF
