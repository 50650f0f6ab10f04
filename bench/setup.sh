#!/usr/bin/env bash
# Installs the Debian packages that only the benchmark needs (the comparison tools, the scan
# maker's Python libraries, GNU time). vnotice's own packages come from tools/setup.sh.
# Idempotent: when everything is present it only asks dpkg and exits.
set -euo pipefail

packages=(
  tesseract-ocr       # the plain `tesseract` command (the vie and osd data come with tools/setup.sh)
  ocrmypdf            # the OCRmyPDF row (brings Ghostscript, pikepdf)
  img2pdf python3-img2pdf  # image-only PDFs with the real DPI recorded
  python3-pil python3-numpy  # the degraded scans
  poppler-utils qpdf  # pdftoppm, pdftotext, pdfinfo; the 200-page concatenation
  time                # GNU /usr/bin/time: wall time and peak memory of a whole process
  pandoc              # the comparison row of the notice writer benchmark (bench/notice.sh)
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "bench setup: all ${#packages[@]} packages present" >&2
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "bench setup: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "bench setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bench setup: done" >&2
