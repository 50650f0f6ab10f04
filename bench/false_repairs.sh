#!/usr/bin/env bash
# False repairs of the OCR tone repair on clean text (issue 24): the text of the variation
# corpus's 110 reports (seed 20, made here when missing), of the six sample documents and of the
# reference notice, every word taken as OCR'd; every compound tone repair made there changes a
# right word. Prints each, then the number of words and of repairs.
# Usage: bash bench/false_repairs.sh   (after tools/build.sh)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/bench/out/false_repairs
variants=$out/variants
rm -rf "$out/texts" && mkdir -p "$out/texts"
if [ ! -d "$variants/src" ]; then
  /usr/bin/python3 "$root/tools/make_variants.py" --out "$variants" --subset full --fodt-only \
    --seed 20 >/dev/null
fi
/usr/bin/python3 - "$out/texts" "$variants"/src/*.fodt "$root"/samples/src/*.html \
  "$root"/../shared/reference/notice-2021-sct-dongthap.txt <<'PY'
import html, pathlib, re, sys
from xml.etree import ElementTree as ET
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
def paragraphs(path):
    if path.endswith(".fodt"):
        root = ET.parse(path).getroot()
        return ["".join(e.itertext()) for e in root.iter()
                if e.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h")]
    text = pathlib.Path(path).read_text(encoding="utf-8")
    if path.endswith(".html"):
        text = re.sub(r"(?is)<(script|style).*?</\1>", "", text)
        text = re.sub(r"(?i)<br\s*/?>|</(p|div|h\d|li|tr|td|th)>", "\n", text)
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return text.splitlines()
out = pathlib.Path(sys.argv[1])
for path in sys.argv[2:]:
    lines = [p.strip() for p in paragraphs(path) if p.strip()]
    (out / (pathlib.Path(path).stem + ".txt")).write_text("\n".join(lines) + "\n", encoding="utf-8")
PY
"$root/build/bench/vnotice_false_repairs" "$out"/texts/*.txt
