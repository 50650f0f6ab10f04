#!/usr/bin/env bash
# Installs every Debian package that vnotice's build, tests and main job need.
# Idempotent: when everything is present it only asks dpkg and exits (well under a second).
# Usage: tools/setup.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build pkg-config
  # messages in Vietnamese (msgfmt, xgettext, msgcmp: po/) and the man page made from --help
  gettext help2man
  # libraries the code links (see docs/dependencies.md for why each)
  libpoppler-cpp-dev libtesseract-dev libleptonica-dev libpng-dev libxml2-dev libzip-dev
  libicu-dev libsqlite3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libssl-dev libre2-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev
  # runtime data and tools: OCR models, PDF utilities, a JSON Schema validator for the tests,
  # an office suite for rendering samples
  tesseract-ocr-vie tesseract-ocr-script-viet tesseract-ocr-osd poppler-utils qpdf python3-jsonschema
  libreoffice-writer-nogui fonts-liberation2
  # the OASIS ODF 1.2 RelaxNG schema (inside its jar), to validate the ODT notices in the tests
  libjopendocument-java
  # the Vietnamese word list: which syllables are in use, for OCR repair (text_normaliser.cpp)
  hunspell-vi
  # the benchmark's scan maker (bench/make_scans.py), which an OCR test runs on two samples
  python3-pil python3-numpy python3-img2pdf
  # GNU parallel and a single-node Slurm cluster: the tests run shards through both as
  # docs/batch.md shows (tests/slurm/slurm_test.sh starts its own munged, slurmctld and slurmd)
  parallel slurm-wlm munge
  # the search page's browser test (Debian's Chromium driven by Selenium through chromedriver)
  # and its benchmark's HTTP load generator
  chromium chromium-driver python3-selenium wrk
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: run as root (or install sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Packages must not start system-wide daemons (munge, slurmctld, slurmd) on install: the tests
# start their own. Debian's policy-rc.d convention says no to invoke-rc.d while it exits 101.
policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  policy=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
fi
status=0
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
[[ -n "$policy" ]] && $sudo rm -f "$policy"
((status == 0)) || exit "$status"
echo "setup: done"
