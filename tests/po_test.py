#!/usr/bin/env python3
"""vnotice speaks the user's language (issue 24, point 7).

1. po/vi.po translates every message the code marks with tr(), trf() or N_(): the template is made
   afresh from the sources (po/update_pot.sh) and compared with GNU msgcmp, which counts an
   untranslated or fuzzy entry as missing. vi.po holds no entry the code no longer has.
2. Each translation keeps the message's fmt placeholders ({}, {:.0f}, {{n}}) in the same order, and
   its line ending: a lost placeholder would throw at run time.
3. The program follows the locale: Vietnamese under LANG=vi_VN.UTF-8 (even where that locale is
   not generated) and under LANGUAGE=vi, English under C.UTF-8; exit codes do not change.

Usage: po_test.py VNOTICE_EXECUTABLE SOURCE_DIR
"""
import os
import re
import subprocess
import sys
import tempfile

vnotice, root = sys.argv[1], sys.argv[2]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def entries(po_text):
    """(msgid, msgstr, fuzzy) of every entry but the header; strings as written (escaped)."""
    out = []
    for block in po_text.split("\n\n"):
        if block.lstrip().startswith("#~"):
            out.append(("#~obsolete", "", False))
            continue
        msgid = re.search(r'^msgid ((?:"(?:[^"\\]|\\.)*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:"(?:[^"\\]|\\.)*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        join = lambda m: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
        if join(msgid) == "":
            continue
        out.append((join(msgid), join(msgstr), "fuzzy" in block.split("msgid")[0]))
    return out


placeholder = re.compile(r"\{\{|\}\}|\{[^{}]*\}")

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, "vnotice.pot")
    subprocess.run([os.path.join(root, "po", "update_pot.sh"), pot], check=True,
                   stderr=subprocess.DEVNULL)
    vi_po = os.path.join(root, "po", "vi.po")
    cmp = subprocess.run(["msgcmp", vi_po, pot], capture_output=True, text=True)
    check(cmp.returncode == 0,
          "po/vi.po lacks translations (msgcmp):\n" + cmp.stderr.strip())
    wanted = {e[0] for e in entries(open(pot, encoding="utf-8").read())}
    translated = entries(open(vi_po, encoding="utf-8").read())
    for msgid, msgstr, fuzzy in translated:
        if msgid == "#~obsolete":
            check(False, "po/vi.po keeps an obsolete (#~) entry; remove it")
            continue
        check(msgid in wanted, f"po/vi.po translates a message the code no longer has: {msgid!r}")
        check(not fuzzy, f"fuzzy translation: {msgid!r}")
        check(msgstr != "", f"untranslated: {msgid!r}")
        check(placeholder.findall(msgid) == placeholder.findall(msgstr),
              f"placeholders differ: {msgid!r} -> {msgstr!r}")
        check(msgid.endswith("\\n") == msgstr.endswith("\\n"),
              f"line ending differs: {msgid!r} -> {msgstr!r}")
    check(len(translated) >= 200, f"only {len(translated)} messages in vi.po")

    missing = os.path.join(tmp, "không-có.pdf")

    def run(env_updates, *args):
        env = {k: v for k, v in os.environ.items()
               if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
        env.update(env_updates)
        return subprocess.run([vnotice, *args], capture_output=True, text=True, env=env)

    for env, language in [({"LANG": "vi_VN.UTF-8"}, "vi"), ({"LC_ALL": "vi_VN.UTF-8"}, "vi"),
                          ({"LANG": "C.UTF-8", "LANGUAGE": "vi"}, "vi"),
                          ({"LANG": "C.UTF-8"}, "en"), ({}, "en")]:
        result = run(env, "extract", missing)
        check(result.returncode == 3, f"{env}: exit code {result.returncode}, expected 3")
        expected = ("không có tệp này; hãy kiểm tra đường dẫn" if language == "vi"
                    else "no such file; check the path")
        check(expected in result.stderr and missing in result.stderr,
              f"{env}: expected {expected!r} naming the file, got {result.stderr!r}")
        help_text = run(env, "batch", "--help")
        check(help_text.returncode == 0, f"{env}: batch --help exit {help_text.returncode}")
        words = ("Cách dùng", "thư mục kết quả") if language == "vi" else ("Usage", "output folder")
        for word in words:
            check(word in help_text.stdout, f"{env}: batch --help lacks {word!r}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"po/vi.po complete ({len(translated)} messages); the locale is followed")
