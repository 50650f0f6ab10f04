#!/usr/bin/python3
"""Draws the last page of a report that holds only its closing block: "Nơi nhận" with three
recipients on the left, the signer's authority, title and name on the right, and nothing below.
It is degraded by bench/make_scans.py's hard150 recipe (150 dpi, blur, noise, dust, uneven
background, grey) turned by --angle degrees. For tests/ocr_extract_test.cpp: such a page is mostly
empty paper, and a page read whole at one threshold loses it when anything else on it (the
corners a deskew brings in, a shadow) outweighs its few lines of ink.

Usage: make_closing_page_scan.py OUT.png [--seed N] [--angle DEGREES]
"""

import argparse
import os
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import make_scans  # noqa: E402  (the bench's degradation)

DPI = 300  # drawn at the bench's rendering resolution, then brought down to 150 by the recipe
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"
ITALIC = "/usr/share/fonts/truetype/liberation2/LiberationSerif-BoldItalic.ttf"


def pt(points):
    return int(round(points / 72.0 * DPI))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--angle", type=float, default=3.0)
    args = parser.parse_args()

    width, height = pt(595), pt(842)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    small = ImageFont.truetype(FONT, pt(12))
    bold = ImageFont.truetype(BOLD, pt(13))
    italic = ImageFont.truetype(ITALIC, pt(12))
    left, right = pt(85), pt(540)
    column = (pt(320), right)

    def centred(text, font, y):
        w = draw.textlength(text, font=font)
        draw.text(((column[0] + column[1] - w) / 2, y), text, font=font, fill=0)

    top = pt(60)
    draw.text((left, top), "Nơi nhận:", font=italic, fill=0)
    lines = ["- Sở Nội vụ (để báo cáo);", "- Văn phòng Sở (tổng hợp);", "- Lưu: VT, KHTC."]
    for k, line in enumerate(lines):
        draw.text((left, top + pt(16) * (k + 1)), line, font=small, fill=0)
    centred("TL. GIÁM ĐỐC", bold, top)
    centred("TRƯỞNG PHÒNG", bold, top + pt(17))
    centred("Lý Hữu Hạnh", bold, top + pt(90))

    variant = dict(make_scans.VARIANTS["hard150-grey"], angle=args.angle)
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as workdir:
        grey = os.path.join(workdir, "page.png")
        page.save(grey)
        out = make_scans.degrade(grey, variant, rng)
    out.save(args.out, dpi=(variant["dpi"], variant["dpi"]))


if __name__ == "__main__":
    main()
