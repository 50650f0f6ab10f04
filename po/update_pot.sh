#!/usr/bin/env bash
# Writes the message template (vnotice.pot) from the sources: every tr("..."), trf("...") and
# N_("...") in pipeline/, extractors/, generators/, server/ and tools/. The test
# tests/po_test.py runs this into a temporary file and checks vi.po against it.
# Usage: po/update_pot.sh [OUT.pot]   (default po/vnotice.pot; then merge into vi.po with
#        msgmerge --update --no-fuzzy-matching po/vi.po po/vnotice.pot and translate what is new)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/po/vnotice.pot}
cd "$root"
find pipeline extractors generators server tools \( -name '*.cpp' -o -name '*.h' \) | LC_ALL=C sort \
  > "$out.files"
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=trf --keyword=N_ \
  --flag=trf:1:no-c-format --flag=tr:1:no-c-format --no-wrap --sort-by-file \
  --package-name=vnotice --msgid-bugs-address=none --files-from="$out.files" --output="$out"
rm -f "$out.files"
