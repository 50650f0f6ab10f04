#!/usr/bin/env bash
# Sets up the machine (tools/setup.sh) and builds vnotice in build/ (Release by default).
# Usage: tools/build.sh [extra cmake configure arguments]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/setup.sh"
cmake -S "$root" -B "$root/build" -G Ninja "$@" >/dev/null
cmake --build "$root/build"
