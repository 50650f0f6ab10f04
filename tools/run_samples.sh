#!/usr/bin/env bash
# The main job on the shipped samples: set up, build, then run the inspection of samples/plan-2021.json
# over the units' reports in samples/pdf/ (parse, check, compose the notice) into out/notice/:
# records/*.json, findings.json, notice.json, notice.docx, notice.odt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh" >/dev/null
out="$root/out/notice"
mkdir -p "$out"
"$root/build/tools/vnotice" run --plan "$root/samples/plan-2021.json" \
  "$root"/samples/pdf/report-*.pdf -o "$out"
echo "the notice is $out/notice.docx (and notice.odt); the findings are in $out/findings.json"
