#!/usr/bin/env python3
"""Writes the bad-input corpus into OUTDIR: inputs that are empty, truncated, encrypted, bombs,
attacks or plain garbage, and a few good files among them. Made by this script (not committed as
binaries) so every case is readable and reproducible; the tests run vnotice on each and compare
with expected.tsv beside this script.

Usage: make_corpus.py SAMPLES_PDF_DIR OUTDIR [PLANS_DIR]
With PLANS_DIR, also writes inspection plans that are wrong (they are not documents, so they stay
out of OUTDIR, which `vnotice batch` reads whole).
"""
import json
import io
import os
import random
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib

samples, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
notice = os.path.join(samples, "notice-2021-sct.pdf")


def write(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def pdf(objects):
    """A well-formed PDF from a list of object bodies (object 1 is the catalog)."""
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        body += b"%010d 00000 n \n" % offset
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# --- PDFs -------------------------------------------------------------------------------------
write("empty.pdf", b"")
whole = open(notice, "rb").read()
write("truncated.pdf", whole[: len(whole) * 6 // 10])
write("random.bin", random.Random(1935).randbytes(64 * 1024))
write("png-named.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
write("damaged.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\ntrailer <<>>\n%%EOF\n")
write("zero-pages.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
# A page of 2 x 2 km with no text: it would go to OCR and need 10^13 pixels.
write("huge-page.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 5000000 5000000] >>"]))
pages = 2500
kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
write("many-pages.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
                            + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages))
subprocess.run(["qpdf", "--encrypt", "mật-khẩu", "chủ", "256", "--", notice,
                os.path.join(out, "encrypted.pdf")], check=True)
# Encrypted with an owner password only (printing and copying restricted): opens without one.
subprocess.run(["qpdf", "--encrypt", "", "chủ", "256", "--", notice,
                os.path.join(out, "owner-password-only.pdf")], check=True)
# Good files with awkward names: they must be read like any other.
shutil.copy(notice, os.path.join(out, "báo cáo tháng 9 (bản chính).pdf"))

# --- images -----------------------------------------------------------------------------------
# 30000 x 30000 grey: 900 megapixels. Only the header is ever read.
ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 0, 0, 0, 0)
write("pixel-bomb.png", b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
      + png_chunk(b"IDAT", zlib.compress(b"\0" * 30001)) + png_chunk(b"IEND", b""))
jpeg = subprocess.run(["pdftoppm", "-r", "100", "-jpeg", "-f", "1", "-l", "1", notice],
                      check=True, capture_output=True).stdout
write("corrupt.jpg", jpeg[: len(jpeg) // 2])
# A TIFF header whose first directory has no entries: no image in it.
write("zero-frames.tif", b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", 0) + struct.pack("<I", 0))

# --- office files -----------------------------------------------------------------------------
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(name, document_xml, extra=()):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml)
        for entry, data in extra:
            z.writestr(entry, data)
    write(name, buffer.getvalue())


def paragraph(text):
    return b"<w:p><w:r><w:t>" + text.encode() + b"</w:t></w:r></w:p>"


good_body = b"<w:body>" + paragraph("SỞ CÔNG THƯƠNG") + paragraph("Số: 12/BC-VP") + b"</w:body>"
docx("xxe.docx", b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     b"<w:document " + W + b"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
laughs = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
                  for i in range(1, 10))
docx("billion-laughs.docx", b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">' + laughs
     + b"]><w:document " + W + b"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>")
docx("path-traversal.docx", b"<w:document " + W + b">" + good_body + b"</w:document>",
     extra=[("../../evil.txt", b"outside"), ("/abs.txt", b"absolute")])
# 600 MB of spaces inside document.xml, about 600 KB packed.
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b"<w:document " + W + b"><w:body>" + paragraph("x"))
        chunk = b" " * (1 << 20)
        for _ in range(600):
            f.write(chunk)
        f.write(b"</w:body></w:document>")
write("zip-bomb.docx", buffer.getvalue())


def one_letter_bomb(name, part, head, tail, megabytes, first=()):
    """Issue 22's bomb: one run of one letter, under the unpacked-size limits, about 1000:1."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in first:  # "mimetype" stored, as ODF requires
            z.writestr(entry, data, zipfile.ZIP_STORED if entry == "mimetype" else zipfile.ZIP_DEFLATED)
        with z.open(part, "w", force_zip64=True) as f:
            f.write(head)
            chunk = b"a" * (1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
            f.write(tail)
    write(name, buffer.getvalue())


one_letter_bomb("zip-bomb-one-run.docx", "word/document.xml",
                b"<w:document " + W + b"><w:body><w:p><w:r><w:t>", b"</w:t></w:r></w:p></w:body></w:document>",
                100, first=[("[Content_Types].xml", CONTENT_TYPES)])
one_letter_bomb("zip-bomb.odt", "content.xml",
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:p>',
                b"</text:p></office:text></office:body></office:document-content>", 100,
                first=[("mimetype", b"application/vnd.oasis.opendocument.text")])

# --- text ---------------------------------------------------------------------------------------
# TCVN3 bytes ("Cộng hoà xã hội" in .VnTime) are not UTF-8.
write("tcvn3.txt", "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n".encode("cp1252"))
# Windows Notepad's "Unicode" (UTF-16 with a byte order mark), both byte orders.
write("utf16le.txt", "Báo cáo số 12/BC-VP ngày 15/10/2021\n".encode("utf-16"))
write("utf16be.txt", b"\xfe\xff" + "Báo cáo số 12/BC-VP ngày 15/10/2021\n".encode("utf-16-be"))
# Latin-1 bytes of a French note, and NUL-riddled binary that merely starts like text.
write("latin1.txt", "Note: résumé des activités, été 2021.\n".encode("latin-1"))
write("text-then-binary.txt", b"B\xc3\xa1o c\xc3\xa1o\n" + bytes(range(256)) * 16)

# --- plans --------------------------------------------------------------------------------------
if len(sys.argv) > 3:
    plans = sys.argv[3]
    os.makedirs(plans, exist_ok=True)
    with open(os.path.join(plans, "wrong-types.json"), "w", encoding="utf-8") as f:
        json.dump({"schema_version": "1", "number_symbol": 2532, "units": "all of them"}, f)
    with open(os.path.join(plans, "not-json.json"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
print(out)

# --- issue 22's hostile corpus: sizes and counts at the edges of the limits --------------------
# 10,000 blank pages: refused by --max-pages before any page is looked at.
pages = 10000
kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
write("blank-10000.pdf", pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                              b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
                             + [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages))


def tiff_frames(count):
    """A little-endian TIFF of `count` 1 x 1 grey frames, each IFD pointing to the next."""
    entries = 8
    ifd_size = 2 + 12 * entries + 4
    data = bytearray(b"II*\0" + struct.pack("<I", 8))
    for k in range(count):
        start = len(data)
        pixel = start + ifd_size  # the frame's one byte follows its IFD
        following = pixel + 1 if k + 1 < count else 0
        tags = [(256, 3, 1, 1), (257, 3, 1, 1), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
                (273, 4, 1, pixel), (278, 3, 1, 1), (279, 4, 1, 1)]
        data += struct.pack("<H", entries)
        for tag, kind, n, value in tags:
            data += struct.pack("<HHII", tag, kind, n, value)
        data += struct.pack("<I", following) + b"\x80"
    return bytes(data)


write("frames-5000.tif", tiff_frames(5000))

# A package of 100,000 entries (a real DOCX has a few dozen).
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    z.writestr("word/document.xml", b"<w:document " + W + b">" + good_body + b"</w:document>")
    for k in range(100000):
        z.writestr("customXml/item%d.xml" % k, b"")
write("entries-100k.docx", buffer.getvalue())
# XML nested 100,000 deep: refused by --max-xml-depth before libxml2 builds a tree.
docx("deep-100k.docx", b"<w:document " + W + b"><w:body>" + b"<w:sdt><w:sdtContent>" * 50000
     + paragraph("x") + b"</w:sdtContent></w:sdt>" * 50000 + b"</w:body></w:document>")
# One paragraph of 50 MB of words in runs of about 500 bytes: a genuine (if absurd) document,
# which must be read whole within the memory bound.
words = ["cải", "cách", "hành", "chính", "năm", "2022", "đơn", "vị", "thủ", "tục", "hồ", "sơ",
         "giải", "quyết", "đúng", "hạn", "trực", "tuyến", "kiểm", "tra", "công", "khai", "Sở"]
rng = random.Random(22)
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CONTENT_TYPES)
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b"<w:document " + W + b"><w:body><w:p>")
        written = 0
        while written < 50 * 1024 * 1024:
            run = " ".join(rng.choice(words) for _ in range(100)).encode() + b" "
            f.write(b'<w:r><w:t xml:space="preserve">' + run + b"</w:t></w:r>")
            written += len(run)
        f.write(b"</w:p></w:body></w:document>")
write("paragraph-50mb.docx", buffer.getvalue())

# A long but genuine report: 290,000 words (about 580 pages) in paragraphs of 60, just under the
# --max-words default; read whole, within 400 MiB, in text and in JSON.
rng = random.Random(290)
body = b"".join(paragraph(" ".join(rng.choice(words) for _ in range(60)))
                for _ in range(290000 // 60))
docx("words-290k.docx", b"<w:document " + W + b">" + b"<w:body>" + body + b"</w:body></w:document>")

# Every sample cut in half, and with bytes flipped where the structure is (a PDF's header and
# cross-reference table; a package's whole length), reproducibly.
sample_root = os.path.dirname(os.path.abspath(samples))
for folder in ("pdf", "docx", "odt"):
    for name in sorted(os.listdir(os.path.join(sample_root, folder))):
        with open(os.path.join(sample_root, folder, name), "rb") as f:
            whole = f.read()
        write("truncated-" + name, whole[: len(whole) // 2])
        flipped = bytearray(whole)
        rng = random.Random(name)
        spans = [(0, 2048), (len(whole) - 2048, len(whole))] if folder == "pdf" else [(0, len(whole))]
        for _ in range(16):
            lo, hi = spans[rng.randrange(len(spans))]
            at = rng.randrange(max(lo, 0), hi)
            flipped[at] ^= 1 << rng.randrange(8)
        write("flipped-" + name, bytes(flipped))
