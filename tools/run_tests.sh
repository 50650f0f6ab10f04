#!/usr/bin/env bash
# Sets up, builds, and runs the whole test suite (GoogleTest through CTest).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)"
