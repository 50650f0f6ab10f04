#!/usr/bin/env bash
# Writes vnotice's man page from its own --help texts (help2man), so the page, `vnotice --help`
# and `vnotice COMMAND --help` can never disagree: one source, the CLI definitions in cli.cpp.
# Run by the build (tools/CMakeLists.txt); `man build/man/vnotice.1` shows the result.
# Usage: tools/man_page.sh VNOTICE OUT.1 [LANGUAGE]   (LANGUAGE vi: the Vietnamese page)
set -euo pipefail
vnotice=$1
out=$2
language=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
include=$(mktemp)
trap 'rm -f "$include"' EXIT
export LC_ALL=C.UTF-8 LANGUAGE="$language"
commands=$("$vnotice" --help | awk '/^(Commands|Lệnh):/ {on=1; next} on && /^  [a-z]/ {print $1}')
{
  echo "[COMMANDS]"
  for command in $commands; do
    echo ".SS \"vnotice $command\""
    echo ".nf"
    "$vnotice" "$command" --help | sed -e 's/\\/\\e/g' -e 's/^\./\\\&./'
    echo ".fi"
  done
  cat "$here/man_page.h2m"
} > "$include"
help2man --no-info --no-discard-stderr --section 1 --source "vnotice" \
  --name "$("$vnotice" --help | head -1 | sed 's/^vnotice: //')" \
  --include "$include" --output "$out.tmp" "$vnotice"
mv "$out.tmp" "$out"
