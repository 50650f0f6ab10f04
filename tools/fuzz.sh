#!/usr/bin/env bash
# Fuzzing (issue 9): builds the libFuzzer targets of tests/fuzz/ in the sanitizer build
# (tools/sanitize.sh --build-only), makes their seed corpora from the samples, replays the inputs
# of tests/fuzz/regressions/, then runs every target for a fixed time. Fails when a regression
# input or a fuzzing run ends in a crash, a sanitizer report, an uncaught exception, a timeout or
# running out of memory; the input is saved under BUILD_DIR/fuzz-findings/TARGET/.
#
# Usage: tools/fuzz.sh [SECONDS_PER_TARGET]    default 12: about a minute for the five targets
# Env:   BUILD_DIR      the sanitizer build (default build-asan/)
#        FUZZ_TARGETS   the targets to run, space-separated (default: all five)
#        FUZZ_PARALLEL  how many targets run at once (default 1)
#        FUZZ_ARGS      extra libFuzzer flags for every target (e.g. -max_len=1024)
# A found input is added, under a name that says what it is, to tests/fuzz/regressions/TARGET/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
seconds=${1:-12}
read -r -a targets <<<"${FUZZ_TARGETS:-record_parser_fuzz legacy_encoding_fuzz office_fuzz pdf_fuzz plan_fuzz}"
parallel=${FUZZ_PARALLEL:-1}

BUILD_DIR=$build "$root/tools/sanitize.sh" --build-only

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$root/tests/sanitizers/lsan.supp:print_suppressions=0"
export OMP_THREAD_LIMIT=1

# Seed corpora: each target's folder gets the samples in its format (plus forms that are easier
# to mutate: uncompressed ZIPs and PDF streams, a tiny PDF) and the regression inputs. A folder
# kept from an earlier run keeps what the fuzzer added to it.
corpus=$build/fuzz-corpus
python3 - "$root" "$corpus" <<'PY'
import html.parser, io, json, os, shutil, subprocess, sys, tempfile, unicodedata, zipfile
from pathlib import Path

root, corpus = Path(sys.argv[1]), Path(sys.argv[2])
samples = root / "samples"

def put(target, name, data):
    folder = corpus / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)

class Text(html.parser.HTMLParser):
    """The visible text of an HTML sample: a line per block, a tab between table cells."""
    blocks = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "title"}
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0
    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script"): self.skip += 1
        if tag in self.blocks: self.parts.append("\n")
        if tag == "td": self.parts.append("\t")
    def handle_endtag(self, tag):
        if tag in ("style", "script"): self.skip -= 1
        if tag in ("p", "div", "table"): self.parts.append("\n")
    def handle_data(self, data):
        if not self.skip: self.parts.append(" ".join(data.split()))

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
def cp1258(text):
    """Windows-1258: a letter it lacks is its toneless form plus a combining tone mark."""
    out = bytearray()
    for c in text:
        try:
            out += c.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", c)
            tone = "".join(m for m in d if m in TONES)
            base = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
            out += (base + tone).encode("cp1258", errors="replace")
    return bytes(out)

for i, source in enumerate(sorted((samples / "src").glob("*.html"))):
    parser = Text()
    parser.feed(source.read_text(encoding="utf-8"))
    text = "\n".join(line.strip() for line in "".join(parser.parts).splitlines())
    while "\n\n\n" in text: text = text.replace("\n\n\n", "\n\n")
    put("record_parser_fuzz", source.stem + ".txt", text.strip().encode())
    # The legacy target's first byte picks the forced encoding (0 none ... 5 cp1258).
    put("legacy_encoding_fuzz", source.stem + ".txt", bytes([i % 6]) + text.encode())
    put("legacy_encoding_fuzz", source.stem + ".cp1258", bytes([5]) + cp1258(text))

for package in sorted(samples.glob("docx/*.docx")) + sorted(samples.glob("odt/*.odt")):
    put("office_fuzz", package.name, package.read_bytes())
    stored = corpus / "office_fuzz" / ("stored-" + package.name)
    with zipfile.ZipFile(package) as z, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as out:
        for item in z.infolist():
            out.writestr(item.filename, z.read(item.filename))

pdfs = sorted(samples.glob("pdf/*.pdf"))
for pdf in pdfs:
    put("pdf_fuzz", pdf.name, pdf.read_bytes())
if pdfs:
    # The first page with its streams uncompressed, so mutations reach the content operators.
    target = corpus / "pdf_fuzz" / ("qdf-page1-" + pdfs[0].name)
    subprocess.run(["qpdf", "--empty", "--pages", str(pdfs[0]), "1", "--", "--qdf",
                    "--object-streams=disable", str(target)], check=True)
objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
           b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> >> >>",
           None,
           b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
stream = b"BT /F1 12 Tf 72 770 Td (THONG BAO) Tj 0 -16 Td (Ket qua kiem tra 2021) Tj ET"
objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
pdf, offsets = bytearray(b"%PDF-1.4\n"), []
for number, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
put("pdf_fuzz", "tiny.pdf", bytes(pdf))

plan = (samples / "plan-2021.json").read_bytes()
put("plan_fuzz", "plan-2021.json", plan)
put("plan_fuzz", "plan-2021-compact.json",
    json.dumps(json.loads(plan), ensure_ascii=False, separators=(",", ":")).encode())

# The hostile corpus's packages (tests/bad_inputs/make_corpus.py: bombs, DTD attacks, entry names
# outside the package), and small bombs that fit the fuzzer's input size: one run of one letter
# at about 1000:1 (DOCX and ODT) and XML nested far past the depth limit, so mutations start at
# the limits.
with tempfile.TemporaryDirectory() as hostile:
    subprocess.run([sys.executable, str(root / "tests/bad_inputs/make_corpus.py"),
                    str(samples / "pdf"), hostile], check=True, stdout=subprocess.DEVNULL)
    for package in sorted(Path(hostile).glob("*.docx")) + sorted(Path(hostile).glob("*.odt")):
        put("office_fuzz", "hostile-" + package.name, package.read_bytes())
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def small_package(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            z.writestr(entry, data, zipfile.ZIP_STORED if entry == "mimetype" else zipfile.ZIP_DEFLATED)
    put("office_fuzz", name, buffer.getvalue())
letters = "a" * (3 << 20)
small_package("bomb-one-run.docx", [("[Content_Types].xml", "<Types/>"), ("word/document.xml",
    f"<w:document {W}><w:body><w:p><w:r><w:t>{letters}</w:t></w:r></w:p></w:body></w:document>")])
small_package("bomb-one-run.odt", [("mimetype", "application/vnd.oasis.opendocument.text"),
    ("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
     'xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
     f"<office:text><text:p>{letters}</text:p></office:text></office:body></office:document-content>")])
small_package("deep.docx", [("[Content_Types].xml", "<Types/>"), ("word/document.xml",
    f"<w:document {W}><w:body>" + "<w:sdt><w:sdtContent>" * 400 + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    + "</w:sdtContent></w:sdt>" * 400 + "</w:body></w:document>")])

for folder in sorted((root / "tests/fuzz/regressions").glob("*")):
    for case in sorted(folder.iterdir()):
        put(folder.name, "regression-" + case.name, case.read_bytes())
PY

failed=()
# The regression inputs first: each must now run clean.
for target in "${targets[@]}"; do
  cases=("$root/tests/fuzz/regressions/$target"/*)
  [[ -e "${cases[0]}" ]] || continue
  if "$build/tests/fuzz/$target" -rss_limit_mb=2048 -timeout=20 "${cases[@]}" \
    >"$build/fuzz-$target-regressions.log" 2>&1; then
    echo "fuzz: $target: ${#cases[@]} regression inputs pass"
  else
    echo "fuzz: $target: a regression input fails; see $build/fuzz-$target-regressions.log"
    failed+=("$target (regressions)")
  fi
done

# Then fuzzing, FUZZ_PARALLEL targets at a time, each with its log in BUILD_DIR/fuzz-logs/.
mkdir -p "$build/fuzz-logs"
# Inputs up to a little over the largest sample of the format: larger seeds (the regression
# inputs that needed size to crash) are cut to this while fuzzing, and replayed whole above.
max_len() {
  case $1 in
    office_fuzz) echo 65536 ;;
    pdf_fuzz) echo 131072 ;;
    *) echo 8192 ;;
  esac
}
run_target() {
  local target=$1 log=$build/fuzz-logs/$1.log
  mkdir -p "$build/fuzz-findings/$target"
  local status=0
  # shellcheck disable=SC2086
  nice -n 10 "$build/tests/fuzz/$target" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -timeout=20 -max_len="$(max_len "$target")" -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-findings/$target/" ${FUZZ_ARGS:-} "$corpus/$target" \
    >"$log" 2>&1 || status=$?
  echo "$status" >"$log.status"
}
start=$(date +%s)
for target in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= parallel)); do wait -n || true; done
  run_target "$target" &
done
wait

for target in "${targets[@]}"; do
  log=$build/fuzz-logs/$target.log
  status=$(cat "$log.status")
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  if [[ "$status" == 0 ]]; then
    echo "fuzz: $target: ok, ${runs:-?} runs, ${cov:-no coverage line}"
  else
    echo "fuzz: $target: FAILED (exit $status) after ${runs:-?} runs; input and log:"
    ls "$build/fuzz-findings/$target"
    grep -m1 -E '^==[0-9]+==ERROR|runtime error|deadly signal|uncaught|out-of-memory|timeout' \
      "$log" || true
    echo "  $log"
    failed+=("$target")
  fi
done
echo "fuzz: ${#targets[@]} targets, ${seconds} s each, took $(($(date +%s) - start)) s"
if ((${#failed[@]} > 0)); then
  echo "fuzz: findings in: ${failed[*]}"
  exit 1
fi
