#!/usr/bin/env bash
# The search page's benchmark in one command ("at 10,000 notices, p95 <= 20 ms for a search page
# with 8 concurrent clients, memory <= 200 MiB"):
#   bash bench/serve.sh
# builds vnotice (tools/build.sh; BENCH_BUILD=0 skips it), indexes the bench archive (the 10,000
# generated records of build/bench/vnotice_archive_bench, kept with KEEP=1) into a temp folder,
# starts `vnotice serve --db ARCHIVE --port 0` on it and checks with curl that each of 50 search
# pages answers 200 (accented and unaccented words, year/type/issuer filters, newest first,
# page 2). Then wrk (Debian's /usr/bin/wrk) loads it with 8 connections on 2 threads through
# bench/serve_wrk.lua, which takes the next of the 50 pages for every request: a warm-up, then
# BENCH_RUNS runs whose p50/p95/p99, requests/s and server CPU per request are reported as
# medians, then 5 s with a single connection. The server's peak resident memory is its VmHWM
# after the runs. Beside it, the same 50 queries answered by `vnotice search QUERY --db ARCHIVE
# --json`, one process per query, one after the other. Prints a Markdown table on stdout (figures
# and their meaning: bench/README.md, "Search page"); progress goes to stderr. About 1.5 minutes.
#
# variable        default  what
# BENCH_BUILD     1        0: use the vnotice already in build/, skip tools/build.sh
# BENCH_RUNS      3        wrk runs (medians reported)
# BENCH_SECONDS   20       length of each wrk run
# BENCH_WARMUP    3        length of the warm-up run (not reported)
# BENCH_CLI_RUNS  3        passes of the CLI over the 50 queries
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${BENCH_BUILD_DIR:-$root/build}"
if [[ "${BENCH_BUILD:-1}" != 0 ]]; then "$root/tools/build.sh" >&2; fi
wrk=${WRK:-/usr/bin/wrk}
[[ -x "$wrk" ]] || { echo "serve.sh: $wrk is missing (apt-get install wrk)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vnotice-serve-bench.XXXXXX")
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# The binaries are copied first, so a rebuild of build/ during the run changes nothing measured.
cp "$build/tools/vnotice" "$build/bench/vnotice_archive_bench" "$work/"
commit=$(git -C "$root" rev-parse --short HEAD)
if [[ -n "$(git -C "$root" status --porcelain --untracked-files=no -- . ':!bench')" ]]; then
  commit="$commit (with uncommitted changes)"
fi

echo "serve.sh: indexing the bench archive (10,000 records) into $work" >&2
KEEP=1 "$work/vnotice_archive_bench" --db "$work/archive.sqlite" --searches 1 >"$work/index.md"

"$work/vnotice" serve --db "$work/archive.sqlite" --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
port=
for _ in $(seq 100); do
  port=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.out" 2>/dev/null | grep -o '[0-9]*/$' | tr -d / || true)
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "serve.sh: the server printed no port" >&2; cat "$work/serve.err" >&2; exit 1; }
echo "serve.sh: vnotice serve (pid $server_pid) on port $port" >&2

/usr/bin/python3 - "$work" "$port" "$server_pid" "$wrk" "$root/bench/serve_wrk.lua" "$commit" <<'PY'
import json, os, re, statistics, subprocess, sys, time, urllib.parse

work, port, pid, wrk, lua, commit = sys.argv[1:7]
runs = int(os.environ.get("BENCH_RUNS", "3"))
seconds = int(os.environ.get("BENCH_SECONDS", "20"))
warmup = int(os.environ.get("BENCH_WARMUP", "3"))
cli_runs = int(os.environ.get("BENCH_CLI_RUNS", "3"))
vnotice, archive = os.path.join(work, "vnotice"), os.path.join(work, "archive.sqlite")
base = f"http://127.0.0.1:{port}"

# The 50 search pages: (words, year, issuer, type, sort, page). The filters' values are those the
# page's drop-down lists offer (the facets). A first page's address is what the form submits
# (every field, empty ones too); a second page's is the page's own "Trang sau" link.
Q = [
    # words without accents
    ("dong thap",), ("cai cach hanh chinh",), ("kiem tra",), ("hoa giai o co so",),
    ("chuyen doi so",), ("an toan thuc pham",), ("tiep nhan ho so",),
    ("dich vu cong truc tuyen",), ("khieu nai to cao",), ("quan ly ngan sach",),
    ("thi dua khen thuong",), ("tiem chung",), ("xuat khau nong san",),
    # with accents
    ("Đồng Tháp",), ("cải cách hành chính",), ("kiểm tra giám sát",), ("hòa giải",),
    ("chuyển đổi số",), ("an toàn hóa chất",), ("phòng, chống tham nhũng",),
    ("công tác thủy lợi",), ("Cần Thơ",), ("vật liệu nổ",), ("tiết kiệm năng lượng",),
    ("bồi dưỡng công chức",), ("xúc tiến thương mại",),
    # filters
    ("cai cach", "2021"), ("báo cáo", "2023"), ("kiểm tra", "", "", "BÁO CÁO"),
    ("ke hoach", "", "", "KẾ HOẠCH"), ("hồ sơ", "", "Sở Tư pháp"),
    ("dien luc", "", "Sở Công Thương"), ("chuyển đổi số", "2022", "", "KẾ HOẠCH"),
    ("an toan", "2020", "Sở Y tế"), ("", "2021"), ("", "", "Sở Tài chính"),
    ("tiêm chủng", "", "", "THÔNG BÁO"), ("lua gao", "2019"),
    # newest first
    ("dong thap", "", "", "", "date"), ("cải cách hành chính", "", "", "", "date"),
    ("thanh tra", "", "", "", "date"), ("hoa giai", "2024", "", "", "date"),
    ("du lịch", "", "", "", "date"), ("", "", "", "QUYẾT ĐỊNH", "date"),
    # second pages
    ("kiem tra", "", "", "", "", 2), ("Đồng Tháp", "", "", "", "", 2),
    ("dịch vụ công", "", "", "", "", 2), ("an toan thuc pham", "", "", "", "date", 2),
    ("cai cach", "2021", "", "", "", 2), ("hóa chất", "", "", "BÁO CÁO", "", 2),
]
queries = [tuple(q) + ("", "", "", "", "", 1)[len(q):] for q in Q]


def path_of(q):
    words, year, issuer, kind, sort, page = q
    if page == 1:  # as the form submits it
        fields = [("q", words), ("year", year), ("issuer", issuer), ("type", kind), ("signer", ""),
                  ("sort", sort or "relevance")]
        return "/search?" + urllib.parse.urlencode(fields)
    fields = [("q", words)] + [(k, v) for k, v in (("year", year), ("issuer", issuer), ("type", kind)) if v]
    if sort: fields.append(("sort", sort))
    fields.append(("page", str(page)))
    return "/search?" + urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)


def cli_of(q):
    """The same query for `vnotice search`; it has no sort or paging: page 2 asks for 40 hits."""
    words, year, issuer, kind, sort, page = q
    argv = [vnotice, "search"] + ([words] if words else []) + ["--db", archive, "--json"]
    if year: argv += ["--from", year, "--to", year]
    if issuer: argv += ["--issuer", issuer]
    if kind: argv += ["--type", kind]
    return argv + ["--limit", str(20 * page)]


paths = [path_of(q) for q in queries]
with open(os.path.join(work, "paths.txt"), "w") as f:
    f.write("\n".join(paths) + "\n")

# Every page answers 200 (and its count of matches, for the log).
failed = []
for path in paths:
    out = subprocess.run(["curl", "-sS", "-w", "\n%{http_code} %{time_total}", base + path],
                         capture_output=True, text=True)
    body, _, tail = out.stdout.rpartition("\n")
    code, wall = (tail.split() + ["?", "0"])[:2]
    match = re.search(r'id="count">Tìm thấy <strong>(\d+)</strong>', body)
    print(f"  {code} {float(wall) * 1000:6.1f} ms {match.group(1) if match else 0:>6} matches  {path}",
          file=sys.stderr)
    if code != "200": failed.append(f"{code} {path}")
if failed:
    sys.exit("serve.sh: pages not answering 200:\n" + "\n".join(failed))


def server_cpu_ms():  # user + system time of every server thread so far
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def wrk_run(duration, connections=8, threads=2):
    cpu = server_cpu_ms()
    out = subprocess.run([wrk, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
                          "-s", lua, base, "--", os.path.join(work, "paths.txt")],
                         capture_output=True, text=True)
    line = next((l for l in out.stdout.splitlines() if l.startswith("WRK ")), None)
    if out.returncode != 0 or line is None:
        sys.exit(f"serve.sh: wrk failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    result = {k: float(v) for k, v in (item.split("=") for item in line.split()[1:])}
    result["cpu_ms"] = (server_cpu_ms() - cpu) / max(result["requests"], 1)
    return result


load_start = os.getloadavg()[0]
print(f"serve.sh: wrk warm-up {warmup} s", file=sys.stderr)
wrk_run(warmup)
results = []
for i in range(runs):
    r = wrk_run(seconds)
    print(f"serve.sh: wrk run {i + 1}: p50 {r['p50_ms']:.2f} p95 {r['p95_ms']:.2f} p99 {r['p99_ms']:.2f} ms, "
          f"{r['rps']:.0f} requests/s, server CPU {r['cpu_ms']:.2f} ms a request, {r['non2xx']:.0f} non-2xx, "
          f"{r['socket_errors']:.0f} socket errors", file=sys.stderr)
    results.append(r)
# One client, one request at a time: the latency without queueing behind the other clients.
single = wrk_run(min(seconds, 5), connections=1, threads=1)
print(f"serve.sh: wrk 1 connection: p50 {single['p50_ms']:.2f} p95 {single['p95_ms']:.2f} ms, "
      f"server CPU {single['cpu_ms']:.2f} ms a request", file=sys.stderr)
with open(f"/proc/{pid}/status") as f:
    hwm_kib = int(re.search(r"VmHWM:\s+(\d+) kB", f.read()).group(1))
median = {k: statistics.median(r[k] for r in results) for k in results[0]}
non2xx = sum(r["non2xx"] for r in results)
socket_errors = sum(r["socket_errors"] for r in results)


def percentile(values, p):  # nearest rank, as the archive benchmark
    values = sorted(values)
    return values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))]


print(f"serve.sh: vnotice search, {cli_runs} x {len(queries)} processes", file=sys.stderr)
walls, peaks, cpus = [], [], []
for _ in range(cli_runs):
    for q in queries:
        start = time.perf_counter()
        process = subprocess.Popen(cli_of(q), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        walls.append((time.perf_counter() - start) * 1000)
        err = process.stderr.read().decode()
        process.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"serve.sh: {' '.join(cli_of(q))} failed: {err}")
        peaks.append(usage.ru_maxrss / 1024)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)

facets = json.loads(subprocess.run(["curl", "-sS", base + "/api/facets"], capture_output=True,
                                   text=True, check=True).stdout)
size_mib = os.path.getsize(archive) / 2**20
run_p95 = " / ".join(f"{r['p95_ms']:.2f}" for r in results)
print("| measure | vnotice serve (8 clients) | vnotice search CLI (one process per query) | goal |")
print("|---|---:|---:|---:|")
print(f"| p50 latency | {median['p50_ms']:.2f} ms | {percentile(walls, 0.50):.2f} ms | |")
print(f"| p95 latency | {median['p95_ms']:.2f} ms | {percentile(walls, 0.95):.2f} ms | <= 20 ms |")
print(f"| p99 latency | {median['p99_ms']:.2f} ms | {percentile(walls, 0.99):.2f} ms | |")
print(f"| requests/s | {median['rps']:.0f} | {1000 / statistics.mean(walls):.1f} (one at a time) | |")
print(f"| p50 latency, 1 client | {single['p50_ms']:.2f} ms | {percentile(walls, 0.50):.2f} ms (always one at a time) | |")
print(f"| CPU per request | {median['cpu_ms']:.2f} ms (server, mean) | {statistics.mean(cpus):.2f} ms (process, mean) | |")
print(f"| peak RSS | {hwm_kib / 1024:.1f} MiB | {max(peaks):.1f} MiB (largest process) | <= 200 MiB |")
print()
print(f"archive: {facets['documents']} notices, {size_mib:.1f} MiB; {len(paths)} search pages in turn; "
      f"wrk {runs} x {seconds} s (medians; p95 per run: {run_p95} ms), 8 connections, 2 threads, "
      f"{non2xx:.0f} non-2xx, {socket_errors:.0f} socket errors; CLI {cli_runs} x {len(queries)} "
      f"processes; {os.cpu_count()} CPUs, load average {load_start:.1f} before the runs, "
      f"{os.getloadavg()[0]:.1f} after; commit {commit}")
PY
