#!/usr/bin/env bash
# The main job on the shipped samples: set up, build, then read every sample document (PDF,
# DOCX, ODT) and write its text (reading order) and its Document model (JSON) to out/samples/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh" >/dev/null
out="$root/out/samples"
mkdir -p "$out"
for input in "$root"/samples/pdf/*.pdf "$root"/samples/docx/*.docx "$root"/samples/odt/*.odt; do
  name=$(basename "$input")
  "$root/build/tools/vnotice" extract "$input" -o "$out/$name.txt"
  "$root/build/tools/vnotice" extract "$input" --format json -o "$out/$name.json"
  echo "$name: $out/$name.txt, $out/$name.json"
done
echo "outputs are in $out"
