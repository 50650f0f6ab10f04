#!/usr/bin/python3
"""Draws a one-page report at 300 dpi whose signer block ("KT: GIÁM ĐỐC" with a colon, "PHÓ GIÁM
ĐỐC", the name) has a red seal stamped over the left part of the title and the name, as a seal
is put; the signer's name is also written once in the body. For tests/signer_test.cpp.

The seal is bench/make_scans.py's (rings, ring text, star, uneven inking), in a dark red ink so
that it still breaks the letters it crosses after the OCR stage fades red.

Usage: make_signer_scan.py OUT.png [--seed N]
"""

import argparse
import os
import sys
import tempfile

import numpy as np
from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
import make_scans  # noqa: E402  (the bench's seal)

DPI = 300
# A dark, heavily inked stamp pad: the bench's bright red (0.80, 0.13, 0.17) fades away entirely
# in the OCR stage's page preparation, this one still breaks the letters under it.
INK = (0.30, 0.05, 0.05)
FONT = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"


def pt(points):
    return int(round(points / 72.0 * DPI))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--variant", default="mild300", choices=sorted(make_scans.VARIANTS))
    args = parser.parse_args()

    width, height = pt(595), pt(842)
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    body = ImageFont.truetype(FONT, pt(13))
    bold = ImageFont.truetype(BOLD, pt(13))
    small = ImageFont.truetype(FONT, pt(12))
    left, right = pt(85), pt(540)

    def centred(text, font, y, x0, x1):
        w = draw.textlength(text, font=font)
        draw.text(((x0 + x1 - w) / 2, y), text, font=font, fill=0)

    y = pt(50)
    centred("SỞ CÔNG THƯƠNG ĐỒNG THÁP", body, y, left, pt(280))
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold, y, pt(280), right)
    y += pt(18)
    centred("PHÒNG QUẢN LÝ CÔNG NGHIỆP", bold, y, left, pt(280))
    centred("Độc lập - Tự do - Hạnh phúc", bold, y, pt(280), right)
    y += pt(26)
    centred("Số: 08/BC-QLCN", body, y, left, pt(280))
    centred("Đồng Tháp, ngày 27 tháng 8 năm 2021", body, y, pt(280), right)
    y += pt(44)
    centred("BÁO CÁO", bold, y, left, right)
    y += pt(20)
    centred("Kết quả thực hiện công tác văn thư năm 2021", bold, y, left, right)
    y += pt(40)
    for line in ["Phòng Quản lý công nghiệp giao đồng chí Nguyễn Quốc Bảo, Phó Giám đốc",
                 "Sở, theo dõi việc thực hiện công tác văn thư, lưu trữ của Phòng.",
                 "Trong năm, Phòng tiếp nhận và xử lý đúng hạn các văn bản đến."]:
        draw.text((left, y), line, font=body, fill=0)
        y += pt(20)
    y += pt(30)
    top = y
    draw.text((left, y), "Nơi nhận:", font=bold, fill=0)
    draw.text((left, y + pt(18)), "- Như trên;", font=small, fill=0)
    draw.text((left, y + pt(34)), "- Lưu: VT.", font=small, fill=0)
    column = (pt(320), right)
    centred("KT: GIÁM ĐỐC", bold, top, *column)
    centred("PHÓ GIÁM ĐỐC", bold, top + pt(18), *column)
    name_y = top + pt(90)
    centred("Nguyễn Quốc Bảo", bold, name_y, *column)

    # The bench's degradation of a scan, its red seal over the left part of the title and the
    # name, as a seal is put.
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as workdir:
        grey = os.path.join(workdir, "page.png")
        page.save(grey)
        variant = make_scans.VARIANTS[args.variant]
        make_scans.SEAL_INK = INK
        out = make_scans.degrade(grey, variant, rng, seal_at=(pt(395), top + pt(70)))
    out.save(args.out, dpi=(variant["dpi"], variant["dpi"]))

if __name__ == "__main__":
    main()
