#!/usr/bin/python3
"""Makes the benchmark's degraded scans of the team's sample PDFs, deterministically.

Every page is rendered by pdftoppm (300 dpi, grey), then degraded with PIL + numpy from fixed
seeds, so the same inputs always give the same pixels. For each variant and sample it writes

    OUT/VARIANT/NAME.pdf           image-only PDF (img2pdf; the real DPI is recorded)
    OUT/VARIANT/NAME/pN.png        the page images, exactly the pixels inside the PDF
    OUT/VARIANT/NAME/pN.jpg        (JPEG variants) the JPEG stream embedded in the PDF
    OUT/manifest.json              what was made: variant, sample, pages, dpi, files
    OUT/born-digital-200.pdf       the samples concatenated to 200 pages (qpdf), text layer kept

Variants (see bench/README.md):
    mild300       300 dpi RGB, red seal on the signer block of the last page, 0.4 deg rotation,
                  slight noise, slightly uneven background, light JPEG (quality 85)
    hard150       150 dpi RGB, red seal, 2.5 deg skew, blur, stronger noise and dust,
                  uneven background with a binding shadow; lossless (PNG in the PDF)
    rot90         the mild300 notice with every page turned 90 deg clockwise (fed sideways)
    mild300-grey  as mild300, grey, no seal (not in the default set)
    hard150-grey  as hard150, grey, no seal (not in the default set)

Usage: make_scans.py --samples samples/pdf --out bench/out/scans [--variants mild300,hard150,rot90]
"""

import argparse
import hashlib
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

import img2pdf
import numpy as np
from PIL import Image, ImageDraw, ImageFilter

RENDER_DPI = 300
SEAL_DIAMETER_MM = 36.0
SEAL_INK = (0.80, 0.13, 0.17)  # RGB of the red stamp ink, 0..1

# Degradation parameters per variant. angle: rotation in degrees (counter-clockwise);
# noise: Gaussian sigma in grey levels (0..255); jpeg: quality or None (lossless PNG).
VARIANTS = {
    "mild300": dict(dpi=300, colour=True, seal=True, angle=0.4, blur=0.0, noise=4.0,
                    dust=0, jpeg=85, background="mild", turn=0, only=None, seed_of=None),
    "hard150": dict(dpi=150, colour=True, seal=True, angle=2.5, blur=0.9, noise=12.0,
                    dust=600, jpeg=None, background="hard", turn=0, only=None, seed_of=None),
    "rot90": dict(dpi=300, colour=True, seal=True, angle=0.4, blur=0.0, noise=4.0,
                  dust=0, jpeg=85, background="mild", turn=90, only="notice-2021-sct",
                  seed_of="mild300"),
    "mild300-grey": dict(dpi=300, colour=False, seal=False, angle=0.4, blur=0.0, noise=4.0,
                         dust=0, jpeg=85, background="mild", turn=0, only=None, seed_of="mild300"),
    "hard150-grey": dict(dpi=150, colour=False, seal=False, angle=2.5, blur=0.9, noise=12.0,
                         dust=600, jpeg=None, background="hard", turn=0, only=None,
                         seed_of="hard150"),
}
DEFAULT_VARIANTS = ["mild300", "hard150", "rot90"]
BORN_DIGITAL_PAGES = 200


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def seed_for(*parts):
    """A stable seed (Python's hash() is salted per process; crc32 is not)."""
    return zlib.crc32("/".join(str(p) for p in parts).encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Rendering and the signer block


def render_pages(pdf, workdir):
    """Renders every page of pdf at RENDER_DPI, grey; returns the PNG paths in page order."""
    prefix = os.path.join(workdir, "page")
    subprocess.run(["pdftoppm", "-r", str(RENDER_DPI), "-gray", "-png", pdf, prefix], check=True)
    files = [f for f in os.listdir(workdir) if f.startswith("page-") and f.endswith(".png")]
    files.sort(key=lambda f: int(re.search(r"-(\d+)\.png$", f).group(1)))
    return [os.path.join(workdir, f) for f in files]


def signer_block(pdf, page_number):
    """The box (points, top-left origin) of the signer block on a page: the words right of the
    page's middle, from the "Nơi nhận" line down. None when the page has no such block."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page_number), "-l", str(page_number),
                          pdf, "-"], check=True, capture_output=True, text=True).stdout
    xml = re.sub(r'\sxmlns="[^"]+"', "", xml, count=1)
    root = ET.fromstring(xml)
    page = root.find(".//page")
    if page is None:
        return None
    width = float(page.get("width"))
    words = [(w.text or "", float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")),
              float(w.get("yMax"))) for w in page.iter("word")]
    top = None
    for i, (text, _, y0, _, _) in enumerate(words[:-1]):
        if text == "Nơi" and words[i + 1][0].startswith("nhận"):
            top = y0
            break
    if top is None:
        return None
    right = [w for w in words if w[1] > width / 2 and w[2] >= top - 4]
    if not right:
        return None
    return (min(w[1] for w in right), min(w[2] for w in right),
            max(w[3] for w in right), max(w[4] for w in right))


# ---------------------------------------------------------------------------------------------
# The seal


def seal_centre(pdf, page_count):
    """Where the red seal is stamped on the last page, in pixels at RENDER_DPI: over the left part
    of the signer's title and signature, as a seal is put; without a "Nơi nhận" block, the usual
    place of a signature."""
    box = signer_block(pdf, page_count)
    px = RENDER_DPI / 72.0
    if box is None:
        return (0.62 * 595 * px, 0.62 * 842 * px)
    x0, y0, x1, y1 = box
    return ((x0 + 0.3 * (x1 - x0)) * px, (y0 + 0.55 * (y1 - y0)) * px)


def _smooth_field(rng, shape, cells, low, high):
    """A smooth random field in [low, high]: a coarse random grid upscaled bicubically."""
    h, w = shape
    grid = rng.random((cells, cells)).astype(np.float32)
    field = np.asarray(Image.fromarray(grid, mode="F").resize((w, h), Image.BICUBIC))
    field = np.clip(field, 0.0, 1.0)
    return low + (high - low) * field


def _glyph(draw, centre, right, up, w, h, rng, width):
    """Draws one letter-like glyph: 2-4 strokes in a w x h box whose axes are the unit vectors
    right and up (image coordinates), as ring text or a line of text on a seal looks."""
    strokes = [
        ((-0.5, -0.5), (-0.5, 0.5)), ((0.5, -0.5), (0.5, 0.5)), ((0.0, -0.5), (0.0, 0.5)),
        ((-0.5, 0.5), (0.5, 0.5)), ((-0.5, 0.0), (0.5, 0.0)), ((-0.5, -0.5), (0.5, -0.5)),
        ((-0.5, -0.5), (0.5, 0.5)), ((-0.5, 0.5), (0.5, -0.5)), ((-0.5, -0.5), (0.0, 0.5)),
        ((0.0, 0.5), (0.5, -0.5)),
    ]
    picks = rng.choice(len(strokes), size=int(rng.integers(2, 5)), replace=False)

    def at(p):
        x, y = p[0] * w, p[1] * h
        return (centre[0] + x * right[0] + y * up[0], centre[1] + x * right[1] + y * up[1])

    for k in picks:
        a, b = strokes[k]
        draw.line([at(a), at(b)], fill=255, width=width)
    if rng.random() < 0.3:  # a diacritic above the letter
        d = at((rng.uniform(-0.2, 0.2), 0.72))
        r = width * 0.8
        draw.ellipse([d[0] - r, d[1] - r, d[0] + r, d[1] + r], fill=255)


def _star(draw, centre, radius, rotation=-math.pi / 2):
    points = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        a = rotation + k * math.pi / 5
        points.append((centre[0] + r * math.cos(a), centre[1] + r * math.sin(a)))
    draw.polygon(points, fill=255)


def make_seal(radius, rng):
    """The seal's ink coverage (float32 array 0..1, square, side 2*radius+pad): an outer ring,
    an inner ring, ring text (letter-like strokes), a star and a line of text in the middle,
    unevenly inked. Drawn at 2x and downsampled for smooth edges."""
    s = 2
    R = radius * s
    pad = int(0.08 * R)
    size = int(2 * R + 2 * pad)
    c = (size / 2, size / 2)
    img = Image.new("L", (size, size), 0)
    d = ImageDraw.Draw(img)
    ring = max(2, int(0.05 * R))
    d.ellipse([c[0] - R, c[1] - R, c[0] + R, c[1] + R], outline=255, width=ring)
    ri = 0.56 * R
    d.ellipse([c[0] - ri, c[1] - ri, c[0] + ri, c[1] + ri], outline=255, width=max(2, ring // 2))
    # ring text: upright when read from outside, along the circle except a gap at the bottom
    rt, gh, gw = 0.76 * R, 0.22 * R, 0.12 * R
    gap = math.radians(60)
    start = math.pi / 2 + gap / 2  # just left of the bottom, going clockwise on screen
    span = 2 * math.pi - gap
    n = int(span * rt / (gw + 0.06 * R))
    for k in range(n):
        a = start + (k + 0.5) * span / n
        u = (math.cos(a), math.sin(a))  # outward
        t = (-math.sin(a), math.cos(a))  # along the ring (clockwise on screen)
        centre = (c[0] + rt * u[0], c[1] + rt * u[1])
        _glyph(d, centre, t, u, gw, gh, rng, max(2, int(0.035 * R)))
    _star(d, (c[0], c[1] + rt), 0.09 * R)
    # the middle: a star and a line of smaller text
    _star(d, (c[0], c[1] - 0.16 * R), 0.2 * R)
    m = 6
    for k in range(m):
        x = c[0] + (k - (m - 1) / 2) * 0.14 * R
        _glyph(d, (x, c[1] + 0.2 * R), (1, 0), (0, -1), 0.1 * R, 0.16 * R, rng,
               max(2, int(0.03 * R)))
    img = img.resize((size // s, size // s), Image.LANCZOS).filter(ImageFilter.GaussianBlur(0.8))
    cover = np.asarray(img, dtype=np.float32) / 255.0
    cover *= _smooth_field(rng, cover.shape, 7, 0.55, 1.0)  # uneven inking
    return np.clip(cover * 0.85, 0.0, 1.0)


def stamp(rgb, cover, centre):
    """Multiplies the seal's red ink into rgb (float32 H x W x 3, 0..1) at centre (x, y) px."""
    h, w = cover.shape
    x0, y0 = int(round(centre[0] - w / 2)), int(round(centre[1] - h / 2))
    x1, y1 = x0 + w, y0 + h
    cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(rgb.shape[1], x1), min(rgb.shape[0], y1)
    if cx0 >= cx1 or cy0 >= cy1:
        return
    part = cover[cy0 - y0:cy1 - y0, cx0 - x0:cx1 - x0, None]
    ink = np.asarray(SEAL_INK, dtype=np.float32)[None, None, :]
    rgb[cy0:cy1, cx0:cx1, :] *= 1.0 - part * (1.0 - ink)


# ---------------------------------------------------------------------------------------------
# Degradation


def background_field(kind, shape, rng):
    """Multiplicative lighting of the scanner: a soft gradient (mild) or a stronger gradient,
    blotches and a binding shadow on the left edge (hard)."""
    h, w = shape
    y = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
    if kind == "mild":
        field = 1.0 - 0.07 * (0.6 * x + 0.4 * y)
        field = field * _smooth_field(rng, shape, 4, 0.97, 1.0)
    else:
        field = 1.0 - 0.16 * (0.3 * x + 0.7 * y)
        field = field * _smooth_field(rng, shape, 6, 0.88, 1.0)
        field = field * (1.0 - 0.45 * np.exp(-x / 0.035))
    return field.astype(np.float32)


def degrade(grey_png, v, rng, seal_at=None):
    """One page: returns a PIL image (RGB or L) at the variant's DPI, before encoding."""
    page = np.asarray(Image.open(grey_png).convert("L"), dtype=np.float32) / 255.0
    page = 0.09 + 0.87 * page  # a scanner's black is not 0, its white is not 255
    if v["colour"]:
        img = np.stack([page, page * 0.985, page * 0.95], axis=2)  # slightly yellowish paper
        if seal_at is not None:
            radius = SEAL_DIAMETER_MM / 25.4 * RENDER_DPI / 2
            stamp(img, make_seal(radius, rng), seal_at)
        mode = "RGB"
    else:
        img = page
        mode = "L"
    # rotate (PIL, bicubic), the uncovered corners filled with paper
    u8 = Image.fromarray(np.clip(img * 255.0 + 0.5, 0, 255).astype(np.uint8), mode)
    if v["angle"]:
        fill = (241, 237, 229) if mode == "RGB" else 241
        u8 = u8.rotate(v["angle"], resample=Image.BICUBIC, expand=False, fillcolor=fill)
    if v["dpi"] != RENDER_DPI:
        scale = v["dpi"] / RENDER_DPI
        u8 = u8.resize((round(u8.width * scale), round(u8.height * scale)), Image.BOX)
    if v["blur"]:
        u8 = u8.filter(ImageFilter.GaussianBlur(v["blur"]))
    a = np.asarray(u8, dtype=np.float32)
    field = background_field(v["background"], a.shape[:2], rng)
    a *= field[:, :, None] if a.ndim == 3 else field
    noise = rng.standard_normal(a.shape[:2], dtype=np.float32) * np.float32(v["noise"])
    a += noise[:, :, None] if a.ndim == 3 else noise
    if a.ndim == 3:  # a little chroma noise too
        a += rng.standard_normal(a.shape, dtype=np.float32) * np.float32(v["noise"] / 3)
    if v["dust"]:
        h, w = a.shape[:2]
        ys = rng.integers(0, h - 2, v["dust"])
        xs = rng.integers(0, w - 2, v["dust"])
        sizes = rng.integers(1, 3, v["dust"])
        darkness = rng.uniform(0.25, 0.7, v["dust"]).astype(np.float32)
        for y, x, s, k in zip(ys, xs, sizes, darkness):
            a[y:y + s, x:x + s] *= k
    return Image.fromarray(np.clip(a + 0.5, 0, 255).astype(np.uint8), mode)


# ---------------------------------------------------------------------------------------------
# Driver


def stamp_of(args, samples):
    h = hashlib.sha256()
    with open(__file__, "rb") as f:
        h.update(f.read())
    for pdf in samples:
        with open(pdf, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    h.update(",".join(args.variants).encode())
    h.update(np.__version__.encode() + Image.__version__.encode())
    return h.hexdigest()


def make_variant(name, samples, rendered, out):
    v = VARIANTS[name]
    seed_name = v["seed_of"] or name
    made = []
    for pdf in samples:
        sample = os.path.splitext(os.path.basename(pdf))[0]
        if v["only"] and sample != v["only"]:
            continue
        pages = rendered[pdf]
        seal_page = len(pages)
        seal_at = None
        if v["seal"]:
            seal_at = seal_centre(pdf, seal_page)
        folder = os.path.join(out, name, sample)
        os.makedirs(folder, exist_ok=True)
        pngs, embedded = [], []
        for i, grey in enumerate(pages, start=1):
            rng = np.random.default_rng(seed_for(seed_name, sample, i))
            img = degrade(grey, v, rng, seal_at if i == seal_page else None)
            if v["turn"]:
                img = img.transpose(Image.ROTATE_270 if v["turn"] == 90 else Image.ROTATE_90)
            png = os.path.join(folder, f"p{i}.png")
            dpi = (v["dpi"], v["dpi"])
            if v["jpeg"]:
                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=v["jpeg"], dpi=dpi, optimize=False)
                jpg = os.path.join(folder, f"p{i}.jpg")
                with open(jpg, "wb") as f:
                    f.write(buf.getvalue())
                Image.open(jpg).save(png, dpi=dpi, compress_level=1)  # the decoded pixels, for tesseract
                embedded.append(jpg)
            else:
                img.save(png, dpi=dpi, compress_level=1)
                embedded.append(png)
            pngs.append(png)
        target = os.path.join(out, name, sample + ".pdf")
        with open(target + ".tmp", "wb") as f:
            f.write(img2pdf.convert(embedded, nodate=True, engine=img2pdf.Engine.internal))
        os.replace(target + ".tmp", target)
        made.append(dict(variant=name, sample=sample, pdf=target, pages=pngs, dpi=v["dpi"],
                         colour=v["colour"], seal_page=seal_page if v["seal"] else None))
        log(f"scan {name}/{sample}: {len(pngs)} pages at {v['dpi']} dpi")
    return made


def make_born_digital(samples, out):
    """The samples concatenated with qpdf, repeatedly, to exactly BORN_DIGITAL_PAGES pages."""
    counts = []
    for pdf in samples:
        info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
        counts.append(int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)))
    args, total, k = [], 0, 0
    while total < BORN_DIGITAL_PAGES:
        pdf, n = samples[k % len(samples)], counts[k % len(samples)]
        take = min(n, BORN_DIGITAL_PAGES - total)
        args += [pdf, f"1-{take}"]
        total += take
        k += 1
    target = os.path.join(out, f"born-digital-{BORN_DIGITAL_PAGES}.pdf")
    subprocess.run(["qpdf", "--empty", "--deterministic-id", "--pages", *args, "--",
                    target + ".tmp"], check=True)
    os.replace(target + ".tmp", target)
    log(f"born-digital: {total} pages")
    return dict(variant="born-digital", sample=f"samples x{BORN_DIGITAL_PAGES}p", pdf=target,
                pages=total)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--samples", required=True, help="folder of the sample PDFs")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--variants", default=",".join(DEFAULT_VARIANTS),
                   help="comma-separated, from: " + ", ".join(VARIANTS))
    p.add_argument("--force", action="store_true", help="remake even when up to date")
    args = p.parse_args()
    args.variants = [v for v in args.variants.split(",") if v]
    args.out = os.path.abspath(args.out)
    args.samples = os.path.abspath(args.samples)
    for v in args.variants:
        if v not in VARIANTS:
            p.error(f"unknown variant {v!r}; known: {', '.join(VARIANTS)}")
    samples = sorted(os.path.join(args.samples, f) for f in os.listdir(args.samples)
                     if f.endswith(".pdf"))
    if not samples:
        p.error(f"no PDF in {args.samples}")
    os.makedirs(args.out, exist_ok=True)
    manifest_path = os.path.join(args.out, "manifest.json")
    stamp_hex = stamp_of(args, samples)
    if not args.force and os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            old = json.load(f)
        files = [s["pdf"] for s in old["scans"]] + [old["born_digital"]["pdf"]]
        files += [png for s in old["scans"] for png in s["pages"]]
        if old.get("stamp") == stamp_hex and all(os.path.exists(x) for x in files):
            log(f"scans up to date in {args.out}")
            return
    for v in args.variants:
        shutil.rmtree(os.path.join(args.out, v), ignore_errors=True)
    scans = []
    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        rendered = {}
        for i, pdf in enumerate(samples):
            work = os.path.join(tmp, str(i))
            os.makedirs(work)
            rendered[pdf] = render_pages(pdf, work)
        for v in args.variants:
            scans += make_variant(v, samples, rendered, args.out)
    born = make_born_digital(samples, args.out)
    with open(manifest_path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(dict(stamp=stamp_hex, scans=scans, born_digital=born), f, indent=1,
                  ensure_ascii=False)
    os.replace(manifest_path + ".tmp", manifest_path)


if __name__ == "__main__":
    main()
