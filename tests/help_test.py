#!/usr/bin/env python3
"""The help, the man page and the README say the same (issue 24, point 1).

- every command `vnotice --help` lists answers `vnotice COMMAND --help`, and the README shows it
  (as `vnotice COMMAND`); every `vnotice WORD` the README shows is a command;
- the man page, made at build time from those help texts, has a section per command holding
  every option that command's help lists, and the exit codes the README's table gives.

Usage: help_test.py VNOTICE_EXECUTABLE SOURCE_DIR MAN_PAGE
"""
import os
import re
import subprocess
import sys

vnotice, root, man_page = sys.argv[1:4]
failures = []
env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
env["LANG"] = "C.UTF-8"


def help_of(*args):
    result = subprocess.run([vnotice, *args, "--help"], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        failures.append(f"vnotice {' '.join(args)} --help exits {result.returncode}")
    return result.stdout


def commands_in(help_text):
    section = help_text.split("\nCommands:\n", 1)
    if len(section) < 2:
        return []
    return re.findall(r"^  ([a-z]+)\s", section[1], re.M)


def options_in(help_text):
    return set(re.findall(r"(--[a-z][a-z-]*)", help_text)) - {"--help"}


top = help_of()
commands = commands_in(top)
if len(commands) < 9:
    failures.append(f"vnotice --help lists only {commands}")
readme = open(os.path.join(root, "README.md"), encoding="utf-8").read()
for command in commands:
    if not re.search(rf"vnotice {command}\b", readme):
        failures.append(f"README.md never shows `vnotice {command}`")
for word in set(re.findall(r"`(?:build/tools/)?vnotice ([a-z]+)\b", readme)):
    if word not in commands:
        failures.append(f"README.md shows `vnotice {word}`, which is not a command")

man = open(man_page, encoding="utf-8").read()
sections = dict(re.findall(r'^\.SS "vnotice ([a-z]+)"\n(.*?)(?=^\.SS |^\.SH )', man, re.M | re.S))
for command in commands:
    text = help_of(command)
    if command not in sections:
        failures.append(f"the man page has no section for {command}")
        continue
    for option in options_in(text):
        if option.replace("-", r"\-") not in sections[command] and option not in sections[command]:
            failures.append(f"the man page's {command} section lacks {option}")
    for sub in commands_in(text):
        help_of(command, sub)
exit_codes = set(re.findall(r"^\| (\d+) \|", readme, re.M))
man_status = man.split(".SH \"EXIT STATUS\"", 1)[-1].split(".SH ", 1)[0]
for code in exit_codes:
    if not re.search(rf"\b{code}\b", man_status):
        failures.append(f"the man page's exit status lacks {code}, which README.md lists")
if not exit_codes:
    failures.append("README.md's exit code table was not found")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(commands)} commands: help, man page and README agree")
