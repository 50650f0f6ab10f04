#!/usr/bin/env bash
# The sanitizer run (issue 9): builds vnotice with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer (cmake -DVNOTICE_SANITIZE=ON, which also adds libFuzzer's coverage
# instrumentation, so tools/fuzz.sh reuses this build) and runs the whole test suite with leak
# detection on. Leaks inside third-party libraries are listed in tests/sanitizers/lsan.supp.
#
# Usage: tools/sanitize.sh                run the test suite (the default)
#        tools/sanitize.sh --build-only   configure and build, no tests (what tools/fuzz.sh uses)
# Env:   BUILD_DIR (default build-asan/), CTEST_ARGS (extra ctest arguments, e.g. "-R plan")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
mode=${1:-test}

# The project's packages, then what only this build needs: clang and its runtimes (libFuzzer and
# the sanitizers come in libclang-rt-14-dev).
"$root/tools/setup.sh"
extra=(clang-14 libclang-rt-14-dev)
missing=()
for p in "${extra[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  echo "sanitize: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

start=$(date +%s)
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVNOTICE_SANITIZE=ON >/dev/null
nice -n 10 cmake --build "$build"
build_seconds=$(($(date +%s) - start))
echo "sanitize: build took ${build_seconds} s"
[[ "$mode" == "--build-only" ]] && exit 0

# Leaks are errors (LSan runs at exit; ASan exits non-zero), UBSan stops at the first report with
# a stack. abort_on_error=0 so a report ends the process with an exit code, not a core dump.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# use_tls=0: clang-14's LeakSanitizer crashes ("Tracer caught signal 11") reading the dynamic TLS
# of dlopen-ed modules on Debian 12's glibc 2.36 when a process exits after worker threads ended.
# Not scanning TLS can only report more, never hide a leak; what is held in TLS alone is named in
# lsan.supp (OpenSSL's per-thread error state).
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0:use_tls=0"
start=$(date +%s)
cd "$build"
status=0
# The tests' own limit (300 s each, tests/CMakeLists.txt) holds under the sanitizers: the slowest,
# an OCR test, takes about 50 s here.
# shellcheck disable=SC2086
nice -n 10 ctest --output-on-failure -j "$(nproc)" ${CTEST_ARGS:-} || status=$?
echo "sanitize: build took ${build_seconds} s, tests took $(($(date +%s) - start)) s"
exit "$status"
