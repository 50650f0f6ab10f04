#!/usr/bin/python3
"""CTest driver (issue 20, point 1): makes the CI subset of the variation corpus into OUT with
tools/make_variants.py, then scores vnotice on it with bench/score_variants.py and the given
thresholds (exit 1 when one is missed).

Usage: variants_test.py --root SRC --cli VNOTICE --out DIR [score_variants.py threshold options]
"""
import argparse
import os
import subprocess
import sys

p = argparse.ArgumentParser()
p.add_argument("--root", required=True)
p.add_argument("--cli", required=True)
p.add_argument("--out", required=True)
p.add_argument("--seed", default="20")
args, thresholds = p.parse_known_args()
py = sys.executable
subprocess.run([py, os.path.join(args.root, "tools", "make_variants.py"), "--out", args.out,
                "--subset", "ci", "--seed", args.seed], check=True)
r = subprocess.run([py, os.path.join(args.root, "bench", "score_variants.py"), "--dir", args.out,
                    "--cli", args.cli, "--json", os.path.join(args.out, "score.json")]
                   + thresholds)
sys.exit(r.returncode)
