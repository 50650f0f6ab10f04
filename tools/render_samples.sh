#!/usr/bin/env bash
# Renders the sample sources (samples/src/*.html, written by the team) to born-digital PDFs
# through LibreOffice headless, the way a unit's office would produce them.
# Usage: tools/render_samples.sh [OUTDIR]     (default: samples/pdf)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/samples/pdf}
mkdir -p "$out"
command -v soffice >/dev/null || { echo "render_samples: LibreOffice is missing; run tools/setup.sh" >&2; exit 1; }

# A private profile: no clash with a running LibreOffice, no first-start dialogs.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --norestore \
  --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export \
  --outdir "$out" "$root"/samples/src/*.html >/dev/null 2>"$profile/soffice.log" || {
  echo "render_samples: LibreOffice failed:" >&2; cat "$profile/soffice.log" >&2; exit 1; }
for f in "$root"/samples/src/*.html; do
  pdf="$out/$(basename "${f%.html}").pdf"
  [[ -s "$pdf" ]] || { echo "render_samples: no PDF for $f" >&2; exit 1; }
  echo "$pdf"
done
