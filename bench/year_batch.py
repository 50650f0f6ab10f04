#!/usr/bin/python3
"""A year's batch under faults (issue 22, point 3).

    python3 bench/year_batch.py [--files 2000] [--small 200] [--kills 5] [--seed 22]

Builds a mixed folder of FILES inputs under bench/out/year_batch/: the samples (PDF, DOCX, ODT),
the variation corpus's CI subset (tools/make_variants.py, PDF/DOCX/ODT), the hostile corpus
(tests/bad_inputs/make_corpus.py: bombs, damaged and truncated files), duplicates of samples
under other names, and unit reports as text, each with its own closing line, to fill the count;
names carry Vietnamese diacritics and spaces. Then, with `vnotice batch --jobs 2 --plan`:

  1. an undisturbed run: wall time and peak memory;
  2. a run killed with SIGKILL at KILLS random moments (seeded) and resumed each time with the
     same command: its outputs, archive included, compared byte for byte with the first run's
     (timings.csv aside: it records how long each file took);
  3. every input in summary.csv exactly once, done or failed with a reason;
  4. SMALL inputs alone: every sample, variant, hostile file and duplicate, and fewer of the
     text reports: peak memory, which should equal the large run's.

Prints a table; exit status 1 when a check fails. Takes about ten minutes on 2 cores.
"""
import argparse
import csv
import hashlib
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build", "tools", "vnotice")
PLAN = os.path.join(ROOT, "samples", "plan-2021.json")
OUT = os.path.join(ROOT, "bench", "out", "year_batch")
PYTHON = "/usr/bin/python3"


def make_corpus(folder, files, seed):
    """The mixed inputs, FILES of them, in `folder`; returns their names."""
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    work = os.path.join(OUT, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    names = []

    def add(source, name):
        shutil.copyfile(source, os.path.join(folder, name))
        names.append(name)

    for kind in ("pdf", "docx", "odt"):
        for name in sorted(os.listdir(os.path.join(ROOT, "samples", kind))):
            add(os.path.join(ROOT, "samples", kind, name), "mẫu " + name)
    variants = os.path.join(work, "variants")
    subprocess.run([PYTHON, os.path.join(ROOT, "tools", "make_variants.py"), "--out", variants,
                    "--subset", "ci", "--formats", "pdf,docx,odt"], check=True,
                   stdout=subprocess.DEVNULL)
    for kind in ("pdf", "docx", "odt"):
        for name in sorted(os.listdir(os.path.join(variants, kind))):
            if name.endswith("." + kind):
                add(os.path.join(variants, kind, name), "biến thể " + name)
    hostile = os.path.join(work, "hostile")
    subprocess.run([PYTHON, os.path.join(ROOT, "tests", "bad_inputs", "make_corpus.py"),
                    os.path.join(ROOT, "samples", "pdf"), hostile], check=True,
                   stdout=subprocess.DEVNULL)
    for name in sorted(os.listdir(hostile)):
        add(os.path.join(hostile, name), "lỗi " + name)
    rng = random.Random(seed)
    originals = list(names[:12])
    for k in range(20):  # the same content under another name: one record, two rows
        source = rng.choice(originals)
        add(os.path.join(folder, source), f"bản sao {k:02d} của {source}")
    texts = []
    for pdf in sorted(os.listdir(os.path.join(ROOT, "samples", "pdf"))):
        if pdf.startswith("report-"):
            texts.append(subprocess.run([CLI, "extract", os.path.join(ROOT, "samples", "pdf", pdf)],
                                        check=True, capture_output=True, text=True).stdout)
    k = 0
    while len(names) < files:
        name = f"báo cáo đơn vị {k:05d}.txt"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(texts[k % len(texts)] + f"\nBản lưu số {k:05d}.\n")
        names.append(name)
        k += 1
    return sorted(names)


def batch_command(inputs, out):
    return [CLI, "batch", inputs, "-o", out, "--jobs", "2", "--plan", PLAN, "--quiet"]


def run(inputs, out):
    """(exit code, wall s, peak MiB) of one batch run to its end."""
    start = time.perf_counter()
    process = subprocess.Popen(batch_command(inputs, out), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024


def killed_and_resumed(inputs, out, kills, duration, seed):
    """Runs into `out`, killing the run KILLS times at random moments, then runs to the end."""
    shutil.rmtree(out, ignore_errors=True)
    rng = random.Random(seed)
    moments = []
    for _ in range(kills):
        process = subprocess.Popen(batch_command(inputs, out), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        # Resumed runs skip what is done, so each one is shorter: kill within its first part.
        delay = rng.uniform(0.05, 0.25) * duration
        time.sleep(delay)
        finished = process.poll() is not None
        if not finished:
            process.send_signal(signal.SIGKILL)
        process.wait()
        moments.append((round(delay, 1), "finished first" if finished else "killed"))
    code, wall, peak = run(inputs, out)
    return code, moments


def files_of(folder):
    out = {}
    for base, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(base, name)
            rel = os.path.relpath(path, folder)
            if rel == "timings.csv":
                continue
            with open(path, "rb") as f:
                out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--small", type=int, default=200)
    p.add_argument("--kills", type=int, default=5)
    p.add_argument("--seed", type=int, default=22)
    args = p.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    large_in = os.path.join(OUT, "inputs-large")
    small_in = os.path.join(OUT, "inputs-small")
    names = make_corpus(large_in, args.files, args.seed)
    shutil.rmtree(small_in, ignore_errors=True)
    os.makedirs(small_in)
    # The same heavy and hostile files, and fewer of the plain reports: memory may depend on the
    # largest file, never on how many there are.
    filler = [n for n in names if n.startswith("báo cáo đơn vị ")]
    mixed = [n for n in names if n not in set(filler)]
    for name in mixed + filler[: max(0, args.small - len(mixed))]:
        shutil.copyfile(os.path.join(large_in, name), os.path.join(small_in, name))
    small_count = len(os.listdir(small_in))
    failures = []

    whole = os.path.join(OUT, "whole")
    shutil.rmtree(whole, ignore_errors=True)
    code, wall, peak = run(large_in, whole)
    if code not in (0, 10):
        failures.append(f"the undisturbed run ended with exit code {code}")

    with open(os.path.join(whole, "summary.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    listed = sorted(os.path.basename(r["file"]) for r in rows)
    if listed != names:
        failures.append(f"summary.csv lists {len(listed)} rows for {len(names)} inputs")
    statuses = {r["status"] for r in rows}
    unexplained = [r["file"] for r in rows if r["status"] == "failed" and not r["error"]]
    if statuses - {"done", "failed"} or unexplained:
        failures.append(f"rows without an outcome or a reason: {unexplained[:3]}")
    done = sum(r["status"] == "done" for r in rows)

    resumed = os.path.join(OUT, "resumed")
    rcode, moments = killed_and_resumed(large_in, resumed, args.kills, wall, args.seed)
    if rcode != code:
        failures.append(f"the resumed run ended with {rcode}, the undisturbed one with {code}")
    a, b = files_of(whole), files_of(resumed)
    differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
    if differing:
        failures.append(f"{len(differing)} outputs differ after kill and resume: {differing[:5]}")

    small_out = os.path.join(OUT, "small")
    shutil.rmtree(small_out, ignore_errors=True)
    scode, swall, speak = run(small_in, small_out)

    print("| run | files | wall s | peak MiB | exit |")
    print("|---|---:|---:|---:|---:|")
    print(f"| the same mix, fewer reports | {small_count} | {swall:.1f} | {speak:.0f} | {scode} |")
    print(f"| all inputs, undisturbed | {len(names)} | {wall:.1f} | {peak:.0f} | {code} |")
    print(f"\ninputs: {len(names)}; summary rows: {len(rows)} ({done} done, "
          f"{len(rows) - done} failed, each with its reason)")
    print(f"peak {len(names)} / {small_count} inputs: {peak / speak:.2f}")
    print("kill -9 moments (s after start of each run): "
          + ", ".join(f"{d} ({what})" for d, what in moments))
    print(f"outputs after {args.kills} kills and resumes: "
          + ("identical, archive.sqlite included" if not differing else "DIFFERENT"))
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
