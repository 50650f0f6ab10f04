"""The formats LibreOffice writes from the .fodt sources: PDF, DOCX and ODT, each LibreOffice with
its own profile; the scans are made from the PDFs meanwhile."""

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from .scans import make_scans


def soffice(profile, target, outdir, files):
    if not files:
        return
    os.makedirs(outdir, exist_ok=True)
    for k in range(0, len(files), 40):
        chunk = files[k:k + 40]
        r = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                            "--norestore", "--convert-to", target, "--outdir", outdir] + chunk,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"make_variants: LibreOffice failed: {r.stderr}")


def convert(out, sources, formats, scan_names):
    """Writes OUT/FORMAT/NAME.EXT for the asked formats from the .fodt `sources`; the scans are of
    the PDFs of `scan_names` (made in a temporary folder when PDF itself is not asked)."""
    profile = tempfile.mkdtemp(prefix="variants-lo-")
    try:
        need_pdf = "pdf" in formats or "scan" in formats
        pdf_dir = os.path.join(out, "pdf") if "pdf" in formats else os.path.join(profile, "pdf")
        if need_pdf:
            soffice(profile, "pdf:writer_pdf_Export", pdf_dir, sources)
        # DOCX and ODT in a second LibreOffice (own profile) while the scans are made
        office = [(t, os.path.join(out, f)) for f, t in
                  (("docx", "docx:MS Word 2007 XML"), ("odt", "odt")) if f in formats]
        with ThreadPoolExecutor(1) as pool:
            job = pool.submit(lambda: [soffice(profile + "/2", t, o, sources) for t, o in office])
            if "scan" in formats:
                make_scans([os.path.join(pdf_dir, n + ".pdf") for n in scan_names],
                           os.path.join(out, "scan"))
            job.result()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
