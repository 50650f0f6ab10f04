"""Scans: 300-dpi page images of some PDFs, degraded with bench/make_scans.py's mild300 variant
(a red seal over the signer block), packed as image-only PDFs."""

import os
import sys
import tempfile

# tools/variants/ -> the repository
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_scans(pdfs, outdir):
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import make_scans as ms  # noqa: E402  (bench/make_scans.py: the mild300 degradation)
    import img2pdf
    import numpy as np
    v = ms.VARIANTS["mild300"]
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="variants-scan-") as tmp:
        for pdf in pdfs:
            name = os.path.splitext(os.path.basename(pdf))[0]
            work = os.path.join(tmp, name)
            os.makedirs(work)
            pages = ms.render_pages(pdf, work)
            seal_at = ms.seal_centre(pdf, len(pages))
            jpgs = []
            for i, grey in enumerate(pages, start=1):
                rng = np.random.default_rng(ms.seed_for("variants", name, i))
                img = ms.degrade(grey, v, rng, seal_at if i == len(pages) else None)
                jpg = os.path.join(work, f"p{i}.jpg")
                img.save(jpg, "JPEG", quality=v["jpeg"], dpi=(v["dpi"], v["dpi"]))
                jpgs.append(jpg)
            with open(os.path.join(outdir, name + ".pdf"), "wb") as f:
                f.write(img2pdf.convert(jpgs, nodate=True, engine=img2pdf.Engine.internal))
