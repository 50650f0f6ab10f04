#!/usr/bin/env python3
"""The folders' dependency rules (docs/architecture.md, "Folders and libraries"), checked on the
#include lines: a folder may use the ones listed for it and no other project folder."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
CORE = "pipeline"
# folder -> project folders it must not include (the core model uses nothing of the stages)
FORBIDDEN = {
    "pipeline": ["pipeline/check/", "pipeline/archive/", "extractors/", "generators/", "server/",
                 "tools/"],
    "pipeline/check": ["pipeline/archive/", "extractors/", "generators/", "server/", "tools/"],
    "pipeline/archive": ["pipeline/check/", "extractors/", "generators/", "server/", "tools/"],
    "extractors": ["pipeline/check/", "pipeline/archive/", "generators/", "server/", "tools/"],
    "generators": ["pipeline/archive/", "extractors/", "server/", "tools/"],
    "server": ["pipeline/check/", "extractors/", "generators/", "tools/"],
}
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
broken = []
checked = 0
for folder, forbidden in FORBIDDEN.items():
    for path in sorted((root / folder).glob("*")):
        if path.suffix not in (".h", ".cpp"):
            continue
        checked += 1
        for target in include.findall(path.read_text(encoding="utf-8")):
            if any(target.startswith(prefix) for prefix in forbidden):
                broken.append(f"{path.relative_to(root)} includes {target}")
if checked < 60:
    sys.exit(f"only {checked} files found under {root}: wrong source directory?")
for line in broken:
    print(line)
sys.exit(1 if broken else 0)
