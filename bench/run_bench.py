#!/usr/bin/python3
"""Runs vnotice, plain tesseract and OCRmyPDF side by side on the benchmark's scans, and vnotice
and pdftotext on the 200-page born-digital PDF; prints a Markdown table and saves it.

Expects the scans made by make_scans.py (OUT/scans/manifest.json) and a built vnotice.
Each tool runs as a whole process under GNU time (`/usr/bin/time -f "%e %M"`): wall seconds and
peak resident KiB; every figure is the median of RUNS runs. Accuracy is scored (ocr_metrics.py)
against `vnotice extract` of the born-digital sample, the exact text.

Usage: run_bench.py --root REPO --out bench/out [--runs 3] [--ocrmypdf-runs 1]
vnotice is copied to OUT/bin/ first, so that every run (and the true text) uses one binary even
when build/ is rebuilt meanwhile.
Writes OUT/results.md, OUT/results.json, and every tool's text and messages under OUT/results/.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ocr_metrics  # noqa: E402

TIMEOUT_S = 900  # per process; a hung tool is recorded as failed, the bench goes on
JOBS = 2
# OCRmyPDF lowers its own priority by 5 when it starts (os.nice(5)); the other tools are started
# at that niceness too, so that on a machine doing other work every tool gets the same share.
NICE = ["nice", "-n", "5"]
OCR_TOOLS = ("vnotice", "tesseract", "ocrmypdf")
TEXT_TOOLS = ("vnotice", "pdftotext")

# The goals of issue 3 (README of bench/ explains them).
ACCURACY_GOALS = {
    "mild300": {"body_cer": 0.002, "junk": 0.005},
    "hard150": {"body_cer": 0.015, "junk": 0.02, "missing": 0.02},
}
SPEED_GOALS = {"vnotice/tesseract": 0.65, "ocrmypdf/vnotice": 3.0, "vnotice/pdftotext": 3.0}


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def clean_env(**extra):
    """The environment for a tool: ours, without a thread limit set from outside, plus extra."""
    env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    env.update(extra)
    return env


class Run:
    """One timed process: wall s, peak KiB, exit code, and a one-line error when it failed."""

    def __init__(self, wall, peak_kib, code, error=None):
        self.wall, self.peak_kib, self.code, self.error = wall, peak_kib, code, error


def timed(cmd, stdout_path, stderr_path, env):
    """Runs cmd under GNU time; its stdout goes to stdout_path (or nowhere), stderr to
    stderr_path (appended)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        time_file = tf.name
    try:
        out = open(stdout_path, "ab") if stdout_path else subprocess.DEVNULL
        err = open(stderr_path, "ab")
        try:
            p = subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", time_file, *cmd],
                               stdout=out, stderr=err, env=env, timeout=TIMEOUT_S)
            code = p.returncode
        except subprocess.TimeoutExpired:
            return Run(TIMEOUT_S, 0, -1, f"timed out after {TIMEOUT_S} s")
        finally:
            if out is not subprocess.DEVNULL:
                out.close()
            err.close()
        wall, peak = 0.0, 0
        with open(time_file, encoding="utf-8", errors="replace") as f:
            for line in f.read().splitlines():  # "Command exited with ..." may come first
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    try:
                        wall, peak = float(parts[0]), int(parts[1])
                    except ValueError:
                        pass
        error = None
        if code != 0:
            with open(stderr_path, encoding="utf-8", errors="replace") as f:
                tail = [line.strip() for line in f.read().splitlines() if line.strip()]
            error = f"exit {code}: {tail[-1] if tail else 'no message'}"[:200]
        return Run(wall, peak, code, error)
    finally:
        os.unlink(time_file)


def reset(*paths):
    for p in paths:
        if os.path.exists(p):
            os.unlink(p)


class Bench:
    def __init__(self, root, out, runs, ocrmypdf_runs, tools):
        self.root, self.out, self.runs, self.ocrmypdf_runs = root, out, runs, ocrmypdf_runs
        self.tools = tools
        self.built = os.path.join(root, "build", "tools", "vnotice")
        self.vnotice = os.path.join(out, "bin", "vnotice")
        self.results_dir = os.path.join(out, "results")
        self.vnotice_jobs = True  # becomes False if this vnotice refuses --jobs (exit code 2)
        self.notes = []

    # -- tools ----------------------------------------------------------------------------------

    def run_vnotice(self, pdf, txt, err):
        reset(txt)
        cmd = [self.vnotice, "extract", pdf]
        if self.vnotice_jobs:
            r = timed(NICE + cmd + ["--jobs", str(JOBS)], txt, err, clean_env())
            if r.code != 2:
                return r
            self.vnotice_jobs = False
            self.notes.append(f"vnotice refused `--jobs {JOBS}` (exit 2): run without it")
            log("vnotice has no --jobs yet: running without it")
            reset(txt)
        return timed(NICE + cmd, txt, err, clean_env())

    def run_tesseract(self, pages, txt, err):
        """The pages one after another, one thread each: times summed, peak = the largest."""
        reset(txt)
        total, peak, failed = 0.0, 0, None
        for png in pages:
            r = timed(NICE + ["tesseract", png, "-", "-l", "vie"], txt, err,
                      clean_env(OMP_THREAD_LIMIT="1"))
            total += r.wall
            peak = max(peak, r.peak_kib)
            if r.error and not failed:
                failed = r
        return Run(total, peak, failed.code if failed else 0, failed.error if failed else None)

    def run_ocrmypdf(self, pdf, txt, err, out_pdf):
        reset(txt, out_pdf)
        # -l vie: OCRmyPDF's default language is English
        return timed(["ocrmypdf", "-l", "vie", "--jobs", str(JOBS), "--sidecar", txt, "--deskew",
                      "--oversample", "300", "--force-ocr", pdf, out_pdf], None, err, clean_env())

    def run_pdftotext(self, pdf, txt, err):
        reset(txt)
        return timed(NICE + ["pdftotext", pdf, txt], None, err, clean_env())

    # -- the bench ------------------------------------------------------------------------------

    def truth(self, samples):
        folder = os.path.join(self.results_dir, "truth")
        os.makedirs(folder, exist_ok=True)
        texts = {}
        for s in samples:
            pdf = os.path.join(self.root, "samples", "pdf", s + ".pdf")
            path = os.path.join(folder, s + ".txt")
            p = subprocess.run([self.vnotice, "extract", pdf, "-o", path], capture_output=True,
                               text=True)
            if p.returncode != 0:
                sys.exit(f"bench: the true text of {pdf} failed (exit {p.returncode}): "
                         f"{p.stderr.strip()}")
            with open(path, encoding="utf-8") as f:
                texts[s] = f.read()
        return texts

    def run(self, manifest):
        scans, born = manifest["scans"], manifest["born_digital"]
        shutil.rmtree(self.results_dir, ignore_errors=True)
        truths = self.truth(sorted({s["sample"] for s in scans}))
        jobs = []  # (key, tool, callable giving a Run, text path or None)
        for s in scans:
            folder = os.path.join(self.results_dir, s["variant"])
            os.makedirs(folder, exist_ok=True)
            base = os.path.join(folder, s["sample"])
            for tool in self.ocr_tools():
                txt, err = f"{base}.{tool}.txt", f"{base}.{tool}.log"
                if tool == "vnotice":
                    fn = (lambda s=s, txt=txt, err=err: self.run_vnotice(s["pdf"], txt, err))
                elif tool == "tesseract":
                    fn = (lambda s=s, txt=txt, err=err: self.run_tesseract(s["pages"], txt, err))
                else:
                    fn = (lambda s=s, txt=txt, err=err, o=f"{base}.ocrmypdf.pdf":
                          self.run_ocrmypdf(s["pdf"], txt, err, o))
                jobs.append(((s["variant"], s["sample"]), tool, fn, txt))
        folder = os.path.join(self.results_dir, "born-digital")
        os.makedirs(folder, exist_ok=True)
        for tool in self.text_tools():
            txt, err = os.path.join(folder, f"{tool}.txt"), os.path.join(folder, f"{tool}.log")
            fn = ((lambda txt=txt, err=err: self.run_vnotice(born["pdf"], txt, err))
                  if tool == "vnotice" else
                  (lambda txt=txt, err=err: self.run_pdftotext(born["pdf"], txt, err)))
            jobs.append((("born-digital", born["sample"]), tool, fn, None))

        timings = {}
        for r in range(1, self.runs + 1):
            for key, tool, fn, _ in jobs:
                if tool == "ocrmypdf" and r > self.ocrmypdf_runs:
                    continue
                result = fn()
                timings.setdefault((key, tool), []).append(result)
                status = f"  FAILED: {result.error}" if result.error else ""
                log(f"run {r} {key[0]}/{key[1]} {tool}: {result.wall:.2f} s, "
                    f"{result.peak_kib / 1024:.0f} MiB{status}")

        rows = []
        for s in scans:
            key = (s["variant"], s["sample"])
            for tool in self.ocr_tools():
                txt = next(j[3] for j in jobs if j[0] == key and j[1] == tool)
                ocr = ""
                if os.path.exists(txt):
                    with open(txt, encoding="utf-8", errors="replace") as f:
                        ocr = f.read()
                rows.append(self.row(key, tool, len(s["pages"]), timings[(key, tool)],
                                     ocr_metrics.score(ocr, truths[s["sample"]])))
        for tool in self.text_tools():
            key = ("born-digital", born["sample"])
            rows.append(self.row(key, tool, born["pages"], timings[(key, tool)], None))
        return rows

    def ocr_tools(self):
        return [t for t in OCR_TOOLS if t in self.tools]

    def text_tools(self):
        return [t for t in TEXT_TOOLS if t in self.tools]

    def row(self, key, tool, pages, runs, score):
        ok = [r for r in runs if not r.error]
        use = ok or runs
        wall = statistics.median(r.wall for r in use)
        peak = statistics.median(r.peak_kib for r in use) / 1024
        errors = "; ".join(sorted({r.error for r in runs if r.error})) or None
        return dict(variant=key[0], file=key[1], pages=pages, tool=tool, wall=wall,
                    pages_per_s=pages / wall if wall > 0 else None, peak_mib=peak,
                    runs=[(r.wall, r.peak_kib) for r in runs], failed_runs=len(runs) - len(ok),
                    error=None if ok else errors,  # every run failed
                    note=(f"{len(runs) - len(ok)} of {len(runs)} runs failed: {errors}"
                          if ok and errors else None),
                    score=score)


def aggregate(rows):
    """Per variant and tool, over its files: walls and pages summed, the largest peak, and the
    accuracy pooled (total edits / total characters, total words)."""
    out = []
    order = []
    for r in rows:
        if r["variant"] != "born-digital" and (r["variant"], r["tool"]) not in order:
            order.append((r["variant"], r["tool"]))
    for variant, tool in order:
        part = [r for r in rows if r["variant"] == variant and r["tool"] == tool]
        if len(part) < 2:
            continue
        wall = sum(r["wall"] for r in part)
        pages = sum(r["pages"] for r in part)
        out.append(dict(variant=variant, file=f"(all {len(part)})", pages=pages, tool=tool,
                        wall=wall, pages_per_s=pages / wall if wall > 0 else None,
                        peak_mib=max(r["peak_mib"] for r in part),
                        failed_runs=sum(r["failed_runs"] for r in part),
                        error=(f"failed on {failed} file(s)" if (failed := sum(
                            1 for r in part if r["error"])) else None),
                        note=None,
                        score=ocr_metrics.combine([r["score"] for r in part])))
    return out


def pct(x):
    return "" if x is None else f"{100 * x:.2f}"


def table(rows):
    head = ["variant", "file", "pages", "method", "tool", "wall s", "pages/s", "peak MiB",
            "body CER %", "junk %", "missing %", "note"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * 5 + ["---:"] * 6 + ["---"])
             + "|"]
    for r in rows:
        s = r["score"] or {}
        note = ""
        if r.get("error"):
            note = "FAILED " + r["error"]
        elif r.get("note"):
            note = r["note"]
        note = note.replace("|", "/")
        # How the text is got: the scans (image-only PDFs and page images) are recognised, the
        # born-digital file is read from its text layer.
        method = "text layer" if r["variant"] == "born-digital" else "OCR"
        cells = [r["variant"], r["file"], str(r["pages"]), method, r["tool"], f"{r['wall']:.2f}",
                 f"{r['pages_per_s']:.2f}" if r["pages_per_s"] else "",
                 f"{r['peak_mib']:.0f}", pct(s.get("body_cer")), pct(s.get("junk")),
                 pct(s.get("missing")), note]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary(all_rows):
    """Speed ratios per variant, and vnotice's figures against the goals."""
    def agg(variant, tool):
        for r in all_rows:
            if r["variant"] == variant and r["tool"] == tool and (
                    r["file"].startswith("(all") or variant == "born-digital"):
                return r
        for r in all_rows:  # a variant with a single file has no "(all)" row
            if r["variant"] == variant and r["tool"] == tool:
                return r
        return None

    variants = []
    for r in all_rows:
        if r["variant"] != "born-digital" and r["variant"] not in variants:
            variants.append(r["variant"])
    lines = ["| variant | vnotice / tesseract wall (goal ≤ 0.65) | "
             "ocrmypdf / vnotice wall (goal ≥ 3) |", "|---|---:|---:|"]
    def ratio(num, den):
        if not num or not den:
            return "n/a"
        failed = [r["tool"] for r in (num, den) if r["error"]]
        if failed:
            return f"n/a ({' and '.join(failed)} failed)"
        return f"{num['wall'] / den['wall']:.2f}" if den["wall"] > 0 else "n/a"

    for v in variants:
        vn, ts, om = agg(v, "vnotice"), agg(v, "tesseract"), agg(v, "ocrmypdf")
        lines.append(f"| {v} | {ratio(vn, ts)} | {ratio(om, vn)} |")
    vn, pt = agg("born-digital", "vnotice"), agg("born-digital", "pdftotext")
    born = ratio(vn, pt)
    lines.append("")
    lines.append(f"Born-digital {vn['pages'] if vn else '?'} pages: vnotice / pdftotext wall = "
                 f"{born} (goal ≤ 3).")
    goals = []
    for v, g in ACCURACY_GOALS.items():
        r = agg(v, "vnotice")
        if not r or not r["score"]:
            continue
        parts = []
        for k, limit in g.items():
            got = r["score"][k]
            parts.append(f"{k.replace('_', ' ')} {100 * got:.2f} % "
                         f"({'meets' if got <= limit else 'misses'} ≤ {100 * limit:g} %)")
        goals.append(f"- {v}: " + ", ".join(parts))
    if goals:
        lines += ["", "vnotice against the accuracy goals (pooled over the variant's files):"]
        lines += goals
    return "\n".join(lines)


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "unknown"
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                    break
    except OSError:
        pass
    return dict(nproc=len(os.sched_getaffinity(0)), cpu=model, memory=mem,
                os=platform.platform())


def loadavg():
    try:
        with open("/proc/loadavg", encoding="utf-8") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "0 0 0"


def versions(root, vnotice):
    def first_line(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            if p.returncode != 0:
                return "?"
            text = (p.stdout or p.stderr).strip().splitlines()
            return text[0].strip() if text else "?"
        except (OSError, subprocess.TimeoutExpired):
            return "?"
    commit = first_line(["git", "-C", root, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    import hashlib
    with open(vnotice, "rb") as f:
        binary = hashlib.sha256(f.read()).hexdigest()[:12]
    return dict(vnotice=f"commit {commit}" + (" + uncommitted changes" if dirty else "")
                + f" (binary sha256 {binary})",
                tesseract=first_line(["tesseract", "--version"]),
                ocrmypdf=first_line(["ocrmypdf", "--version"]),
                pdftotext=first_line(["pdftotext", "-v"]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--root", required=True, help="the repository (holds build/ and samples/)")
    p.add_argument("--out", required=True, help="the bench output folder (holds scans/)")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is kept")
    p.add_argument("--ocrmypdf-runs", type=int, default=1,
                   help="runs of OCRmyPDF (the slowest by far), at most --runs")
    p.add_argument("--tools", default=",".join(dict.fromkeys(OCR_TOOLS + TEXT_TOOLS)),
                   help="comma-separated subset of: " + ", ".join(dict.fromkeys(OCR_TOOLS + TEXT_TOOLS)))
    args = p.parse_args()
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = [t for t in args.tools if t not in OCR_TOOLS + TEXT_TOOLS]
    if unknown:
        p.error(f"unknown tool(s): {', '.join(unknown)}")
    if args.runs < 1 or args.ocrmypdf_runs < 1:
        p.error("--runs and --ocrmypdf-runs must be at least 1")
    args.ocrmypdf_runs = min(args.ocrmypdf_runs, args.runs)
    with open(os.path.join(args.out, "scans", "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    bench = Bench(os.path.abspath(args.root), os.path.abspath(args.out), args.runs,
                  args.ocrmypdf_runs, args.tools)
    if not os.access(bench.built, os.X_OK):
        sys.exit(f"bench: {bench.built} is missing: build first (tools/build.sh)")
    os.makedirs(os.path.dirname(bench.vnotice), exist_ok=True)
    shutil.copy2(bench.built, bench.vnotice + ".tmp")
    os.replace(bench.vnotice + ".tmp", bench.vnotice)
    m, ver = machine(), versions(bench.root, bench.vnotice)
    load_before = loadavg()
    log(f"{args.runs} run(s) per measurement ({args.ocrmypdf_runs} of OCRmyPDF) on "
        f"{m['nproc']} cores ({m['cpu']}); load average {load_before}")
    if float(load_before.split()[0]) > 0.5 * m["nproc"]:
        log("the machine is busy with other work: the times will be slower and noisier")
    rows = bench.run(manifest)
    load_after = loadavg()
    all_rows = []
    for variant in dict.fromkeys(r["variant"] for r in rows):
        part = [r for r in rows if r["variant"] == variant]
        all_rows += part + [a for a in aggregate(part)]
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    doc = "\n".join([
        f"# OCR benchmark ({when})",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory']} memory; {m['os']}.",
        f"Versions: vnotice {ver['vnotice']}; {ver['tesseract']}; OCRmyPDF {ver['ocrmypdf']}; "
        f"{ver['pdftotext']}.",
        f"Load average (1, 5, 15 min) before: {load_before}; after: {load_after}.",
        f"Each time: median of {args.runs} run(s) (OCRmyPDF: {args.ocrmypdf_runs}); "
        "`bash bench/run.sh` (bench/README.md).",
        "",
        table(all_rows),
        "",
        summary(all_rows),
        *(["", "Notes:"] + [f"- {n}" for n in bench.notes] if bench.notes else []),
        "",
    ])
    with open(os.path.join(args.out, "results.md"), "w", encoding="utf-8") as f:
        f.write(doc)
    with open(os.path.join(args.out, "results.json"), "w", encoding="utf-8") as f:
        json.dump(dict(when=when, machine=m, versions=ver, runs=args.runs, rows=all_rows,
                       ocrmypdf_runs=args.ocrmypdf_runs, load_before=load_before,
                       load_after=load_after, notes=bench.notes), f, indent=1,
                  ensure_ascii=False)
    print(doc)
    log(f"saved {os.path.join(args.out, 'results.md')} (texts and logs in {bench.results_dir})")


if __name__ == "__main__":
    main()
