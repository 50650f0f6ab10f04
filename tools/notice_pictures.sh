#!/usr/bin/env bash
# The README's pictures of the notice, as LibreOffice renders it:
#   bash tools/notice_pictures.sh
# builds vnotice (tools/build.sh), runs the main job on the samples into out/notice/ (as
# tools/run_samples.sh does), converts out/notice/notice.docx to PDF with LibreOffice headless
# (out/notice/notice.pdf), and renders page 1 and the first page of Phụ lục I to
# docs/images/notice-page1.png and docs/images/notice-appendix1.png.
# Environment: BUILD=0 (use the vnotice already built, do not run tools/build.sh),
#              BUILD_DIR (default build/), DPI (default 70: legible, and each PNG < 150 KB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
dpi=${DPI:-70}
out="$root/out/notice"
images="$root/docs/images"
fail() { echo "notice_pictures: $*" >&2; exit 1; }
for tool in soffice pdftoppm pdftotext pdfinfo; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run tools/setup.sh"
done

if [[ "${BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >/dev/null; fi
mkdir -p "$out" "$images"
"$build/tools/vnotice" run --plan "$root/samples/plan-2021.json" \
  "$root"/samples/pdf/report-*.pdf -o "$out" >/dev/null

# A private profile: no clash with a running LibreOffice, no first-start dialogs.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --norestore \
  --convert-to pdf:writer_pdf_Export --outdir "$out" "$out/notice.docx" \
  >/dev/null 2>"$profile/soffice.log" || {
  echo "notice_pictures: LibreOffice failed:" >&2; cat "$profile/soffice.log" >&2; exit 1; }
pdf="$out/notice.pdf"
[[ -s "$pdf" ]] || fail "LibreOffice wrote no $pdf"

# The appendix starts on the page whose line reads just "Phụ lục I" (the body mentions
# "tại Phụ lục I." inside sentences, and "Phụ lục II" is the next appendix).
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
appendix=""
for ((page = 2; page <= pages; page++)); do
  if pdftotext -f "$page" -l "$page" "$pdf" - | grep -qx '[[:space:]]*Phụ lục I *'; then
    appendix=$page
    break
  fi
done
[[ -n "$appendix" ]] || fail "no page of $pdf starts Phụ lục I"

# render PAGE NAME: one page, grey (the notice is black on white), to docs/images/NAME.png.
render() {
  pdftoppm -r "$dpi" -gray -png -singlefile -f "$1" -l "$1" "$pdf" "$images/$2"
  echo "$images/$2.png (page $1 of $pages, $(($(stat -c %s "$images/$2.png") / 1024)) KB)"
}
render 1 notice-page1
render "$appendix" notice-appendix1
