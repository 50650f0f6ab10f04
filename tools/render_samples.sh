#!/usr/bin/env bash
# Renders the sample sources (samples/src/*.html, written by the team) through LibreOffice
# headless, the way a unit's office would produce them: born-digital PDFs, and the same documents
# saved as Word (DOCX) and OpenDocument (ODT) files.
# Usage: tools/render_samples.sh [OUTDIR [OFFICE_OUTDIR]]
#   PDFs go to OUTDIR (default: samples/pdf).
#   DOCX and ODT files go to OFFICE_OUTDIR/docx and OFFICE_OUTDIR/odt; OFFICE_OUTDIR defaults to
#   OUTDIR when OUTDIR is given, else to samples (so: samples/docx, samples/odt).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/samples/pdf}
office=${2:-${1:-$root/samples}}
mkdir -p "$out" "$office/docx" "$office/odt"
command -v soffice >/dev/null || { echo "render_samples: LibreOffice is missing; run tools/setup.sh" >&2; exit 1; }

# A private profile: no clash with a running LibreOffice, no first-start dialogs.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# convert FILTER OUTDIR: all sources in one LibreOffice run.
convert() {
  soffice -env:UserInstallation="file://$profile" --headless --norestore \
    --infilter="HTML (StarWriter)" --convert-to "$1" \
    --outdir "$2" "$root"/samples/src/*.html >/dev/null 2>"$profile/soffice.log" || {
    echo "render_samples: LibreOffice failed:" >&2; cat "$profile/soffice.log" >&2; exit 1; }
}
convert pdf:writer_pdf_Export "$out"
convert docx:"MS Word 2007 XML" "$office/docx"
convert odt "$office/odt"

for f in "$root"/samples/src/*.html; do
  name=$(basename "${f%.html}")
  for made in "$out/$name.pdf" "$office/docx/$name.docx" "$office/odt/$name.odt"; do
    [[ -s "$made" ]] || { echo "render_samples: $made was not made from $f" >&2; exit 1; }
    echo "$made"
  done
done
