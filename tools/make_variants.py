#!/usr/bin/python3
"""Makes the variation corpus of issue 20: unit reports (BÁO CÁO of a unit to its Sở) in many
house styles, each with its truth beside it, and the inspection plan they answer.

Every report is written as ODF flat XML (.fodt, by this script, so every style is exact), then
converted by LibreOffice headless to PDF, DOCX and ODT; "scan" variants are 300-dpi degraded page
images of some of the PDFs, made with bench/make_scans.py's mild300 degradation (red seal over
the signer). Beside every output file: NAME.truth.json (fields, section labels, metrics, the
document's axis values, planted defects). DIR/plan.json is the plan (schemas/plan.schema.json).

Deterministic: the same arguments give the same .fodt, truth and plan (fixed seed; no clock).

Axes (issue 20, point 1); a covering design gives every value of every axis to at least two base
documents of the CI subset, and every base document is written in each of pdf, docx, odt:
    spacing 0/2/6/12 pt; indent 0/1/1.27 cm (headings too); size 13/14 pt; font serif/sans;
    heading bold/plain/upper/italic; numbering (num_top I./Phần I/none, num_l2 1./1),
    num_l3 1.1/1.1., num_items a)/-/+/*, num_bullets -/+/*) written as text or as automatic list
    numbering (list_mode text/auto); item_layout runin/own; letterhead (lh_issuer_lines 1/2/3,
    lh_number cell/row/draft); figures prose/bullets/table/table-t; phrasing p0..p3 (each metric
    has at least three phrasings; a document starts at phrasing pN and turns per metric);
    signer KT./KT:/TL./TM./Q./none; sig_page same/alone (signature block alone on the last page).

Planted defects (one per planted document, never in a unit's first report nor the aggregate):
    sum_mismatch, percent_mismatch, missing_criterion, reference_year_mismatch,
    claim_contradiction, date_out_of_period (codes of pipeline/finding.h).

Sources of the word lists (none tuned to the parser):
    provinces   the provincial-level units of Vietnam (Danh mục đơn vị hành chính Việt Nam,
                Tổng cục Thống kê), those named "tỉnh";
    Sở          the specialised agencies of a provincial People's Committee listed in Nghị định
                24/2014/NĐ-CP, art. 8 (amended by Nghị định 107/2020/NĐ-CP); their units
                (Văn phòng, Thanh tra, phòng chuyên môn, chi cục, trung tâm) follow the same decrees'
                structure, named by the team;
    persons     the most common Vietnamese family names (Wikipedia, "Vietnamese name": Nguyễn, Trần,
                Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô, Dương, Lý) and
                common middle and given names chosen by the team;
    wording     the team's own, in the genre of /work/shared/reference (Decree 30/2020 layout).

Usage: make_variants.py --out DIR [--subset ci|full] [--formats pdf,docx,odt,scan] [--seed N]
"""

import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal, ROUND_HALF_UP
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# ---------------------------------------------------------------------------------------------
# Word lists (sources in the module docstring)

PROVINCES = ["Đồng Tháp", "An Giang", "Bến Tre", "Long An", "Tiền Giang", "Vĩnh Long", "Trà Vinh",
             "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Kiên Giang", "Tây Ninh", "Bình Dương",
             "Bình Phước", "Đồng Nai", "Lâm Đồng", "Đắk Lắk", "Gia Lai", "Kon Tum", "Quảng Nam",
             "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận",
             "Nghệ An", "Hà Tĩnh", "Thanh Hóa", "Nam Định", "Thái Bình", "Ninh Bình", "Hưng Yên",
             "Bắc Ninh", "Bắc Giang", "Thái Nguyên", "Phú Thọ", "Yên Bái", "Lào Cai"]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Thị Thu", "Hoàng", "Công"]
GIVEN = ["An", "Bảo", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hiếu", "Hòa", "Hùng", "Hương",
         "Khoa", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phúc", "Quang", "Sơn",
         "Tâm", "Thảo", "Thắng", "Trí", "Trung", "Tuấn", "Vinh", "Yến"]

# kind -> (head title, deputy title)
TITLES = {
    "phong": ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    "vanphong": ("CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"),
    "thanhtra": ("CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA"),
    "chicuc": ("CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"),
    "trungtam": ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
}
# Sở: (name, abbreviation, units [(name, short, kind)], fields of procedures)
SO = [
    ("Sở Công Thương", "SCT", [
        ("Thanh tra Sở", "TTr", "thanhtra"),
        ("Phòng Kế hoạch - Tài chính - Tổng hợp", "KHTCTH", "phong"),
        ("Phòng Quản lý thương mại", "QLTM", "phong"),
        ("Phòng Quản lý công nghiệp", "QLCN", "phong"),
        ("Phòng Quản lý năng lượng", "QLNL", "phong"),
        ("Trung tâm Khuyến công và Tư vấn phát triển công nghiệp", "TTKC", "trungtam"),
        ("Trung tâm Xúc tiến thương mại", "TTXTTM", "trungtam"),
    ], ["Điện lực", "Hóa chất", "Thương mại quốc tế", "An toàn thực phẩm", "Kinh doanh khí",
        "Lưu thông hàng hóa"]),
    ("Sở Tài nguyên và Môi trường", "STNMT", [
        ("Thanh tra Sở", "TTr", "thanhtra"),
        ("Phòng Quản lý đất đai", "QLĐĐ", "phong"),
        ("Phòng Tài nguyên nước", "TNN", "phong"),
        ("Phòng Khoáng sản", "KS", "phong"),
        ("Chi cục Bảo vệ môi trường", "CCBVMT", "chicuc"),
        ("Trung tâm Quan trắc tài nguyên và môi trường", "TTQT", "trungtam"),
        ("Trung tâm Công nghệ thông tin", "TTCNTT", "trungtam"),
    ], ["Đất đai", "Môi trường", "Tài nguyên nước", "Khoáng sản", "Đo đạc và bản đồ"]),
    ("Sở Nông nghiệp và Phát triển nông thôn", "SNN", [
        ("Thanh tra Sở", "TTr", "thanhtra"),
        ("Phòng Kế hoạch - Tài chính", "KHTC", "phong"),
        ("Phòng Quản lý xây dựng công trình", "QLXDCT", "phong"),
        ("Chi cục Trồng trọt và Bảo vệ thực vật", "CCTTBVTV", "chicuc"),
        ("Chi cục Chăn nuôi và Thú y", "CCCNTY", "chicuc"),
        ("Chi cục Thủy lợi", "CCTL", "chicuc"),
        ("Trung tâm Khuyến nông", "TTKN", "trungtam"),
    ], ["Trồng trọt", "Bảo vệ thực vật", "Chăn nuôi", "Thú y", "Thủy lợi", "Lâm nghiệp"]),
]

AXES = {
    "spacing": ["0", "2", "6", "12"],
    "indent": ["0", "1", "1.27"],
    "size": ["13", "14"],
    "font": ["serif", "sans"],
    "heading": ["bold", "plain", "upper", "italic"],
    "num_top": ["I.", "Phần I", "none"],
    "num_l2": ["1.", "1)"],
    "num_l3": ["1.1", "1.1."],
    "num_items": ["a)", "-", "+", "*"],
    "num_bullets": ["-", "+", "*"],
    "list_mode": ["text", "auto"],
    "item_layout": ["runin", "own"],
    "lh_issuer_lines": ["1", "2", "3"],
    "lh_number": ["cell", "row", "draft"],
    "figures": ["prose", "bullets", "table", "table-t"],
    "phrasing": ["p0", "p1", "p2", "p3"],
    "signer": ["KT.", "KT:", "TL.", "TM.", "Q.", "none"],
    "sig_page": ["same", "alone"],
}
DEFECTS = ["sum_mismatch", "percent_mismatch", "missing_criterion", "reference_year_mismatch",
           "claim_contradiction", "date_out_of_period"]
SUBSETS = {"ci": dict(bases=24, scans=6, defects=8), "full": dict(bases=110, scans=24, defects=30)}
FORMATS = ["pdf", "docx", "odt", "scan"]
ROMAN = ["I", "II", "III", "IV", "V", "VI"]
LETTERS = "abcdeghik"

# The plan's criteria (as samples/plan-2021.json) and the report's headings.
CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành", []),
    ("2", "Triển khai thực hiện cải cách hành chính", [
        ("2.1", "Cải cách thể chế", []),
        ("2.2", "Cải cách thủ tục hành chính", [
            ("a", "Công bố, công khai TTHC", []),
            ("b", "Thực hiện cơ chế một cửa, một cửa liên thông",
             ["records_received", "records_on_time", "records_late", "records_online"]),
            ("c", "Rà soát, đơn giản hóa TTHC",
             ["procedures_reviewed", "procedures_simplified", "procedures_kept",
              "simplification_rate_pct"]),
            ("d", "Tuyên truyền CCHC, kiểm soát TTHC", ["publications"]),
            ("e", "Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", ["complaints_received"]),
        ]),
        ("2.3", "Cải cách tổ chức bộ máy", []),
        ("2.4", "Xây dựng, nâng cao chất lượng đội ngũ CBCCVC", []),
        ("2.5", "Cải cách tài chính công", []),
        ("2.6", "Hiện đại hóa hành chính", []),
    ]),
]


# ---------------------------------------------------------------------------------------------
# Vietnamese figures

def vn_int(n, pad=False):
    s = f"{n:,}".replace(",", ".")
    return f"{n:02d}" if pad and 0 < n < 10 else s


def rate(part, whole):
    if whole == 0:
        return 0.0
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def vn_pct(x):
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.1f}".replace(".", ",")


def vn_date(d):
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def vn_date_short(d):
    return f"{d.day:02d}/{d.month}/{d.year}"


def upper(s):
    return s.upper()


# ---------------------------------------------------------------------------------------------
# Phrasings of the metrics: our own wording, at least three per metric. Each returns
# (text, metrics stated) ; `bullet` forms are label-colon-count lines.

def ph_received(i, R):
    return [f"tiếp nhận {vn_int(R)} hồ sơ",
            f"Tổng số hồ sơ tiếp nhận: {vn_int(R)} hồ sơ",
            f"số hồ sơ tiếp nhận trong kỳ là {vn_int(R)} hồ sơ",
            f"đã tiếp nhận tổng cộng {vn_int(R)} hồ sơ thủ tục hành chính"][i % 4]


def ph_online(i, O, r):
    return [f"trong đó trực tuyến {vn_int(O)} hồ sơ, chiếm {vn_pct(r)}%",
            f"Số hồ sơ nộp trực tuyến: {vn_int(O)} hồ sơ (chiếm {vn_pct(r)}%)",
            f"hồ sơ tiếp nhận qua dịch vụ công trực tuyến là {vn_int(O)}, chiếm tỷ lệ {vn_pct(r)}%",
            f"{vn_int(O)} hồ sơ được nộp trực tuyến (chiếm {vn_pct(r)}%)"][i % 4]


def ph_on_time(i, T, p, R):
    return [f"giải quyết đúng hạn {vn_int(T)} hồ sơ (đạt {vn_pct(p)}%)",
            f"Số hồ sơ giải quyết đúng hạn: {vn_int(T)} hồ sơ, đạt tỷ lệ {vn_pct(p)}%",
            f"số hồ sơ giải quyết sớm và đúng hạn là {vn_int(T)}, chiếm {vn_pct(p)}%",
            f"đã giải quyết trước và đúng hạn {vn_int(T)}/{vn_int(R)} hồ sơ, tỷ lệ {vn_pct(p)}%"][i % 4]


def ph_late(i, L):
    if L == 0 and i % 4 == 3:
        return "không có hồ sơ trễ hạn"
    return [f"trễ hạn {vn_int(L, True)} hồ sơ",
            f"Số hồ sơ trễ hạn: {vn_int(L, True)} hồ sơ",
            f"số hồ sơ giải quyết quá hạn là {vn_int(L, True)}",
            f"{vn_int(L, True)} hồ sơ giải quyết trễ hạn"][i % 4]


def ph_review(i, P, S, K, s):
    return [[f"rà soát {vn_int(P)} TTHC", f"kiến nghị đơn giản hóa {vn_int(S, True)} TTHC, chiếm {vn_pct(s)}%",
             f"giữ nguyên {vn_int(K, True)} TTHC"],
            [f"Tổng số TTHC được rà soát: {vn_int(P)} thủ tục",
             f"Số TTHC kiến nghị đơn giản hóa: {vn_int(S, True)} thủ tục (chiếm {vn_pct(s)}%)",
             f"Số TTHC giữ nguyên: {vn_int(K, True)} thủ tục"],
            [f"số thủ tục được rà soát là {vn_int(P)}",
             f"số thủ tục đề xuất đơn giản hóa là {vn_int(S, True)} (tỷ lệ {vn_pct(s)}%)",
             f"số thủ tục giữ nguyên là {vn_int(K, True)}"],
            [f"đã rà soát {vn_int(P)}/{vn_int(P)} TTHC thuộc phạm vi quản lý",
             f"{vn_int(S, True)} TTHC được kiến nghị đơn giản hóa, đạt tỷ lệ {vn_pct(s)}%",
             f"{vn_int(K, True)} TTHC giữ nguyên"]][i % 4]


def ph_publications(i, N, split):
    a, b = split
    return [f"đăng {vn_int(N, True)} tin, bài trên Trang thông tin điện tử của Sở",
            f"Số tin, bài tuyên truyền về CCHC: {vn_int(N, True)} tin, bài",
            f"số tin, bài tuyên truyền đã đăng tải là {vn_int(N, True)}",
            f"đăng {vn_int(a, True)} tin, bài trên Trang thông tin điện tử của Sở và "
            f"{vn_int(b, True)} tin, bài trên Trang thông tin CCHC của Tỉnh"][i % 4]


def ph_complaints(i, C):
    if C == 0:
        return ["không phát sinh phản ánh, kiến nghị về quy định hành chính",
                "Số phản ánh, kiến nghị tiếp nhận: 0",
                "số phản ánh, kiến nghị của tổ chức, cá nhân về TTHC là 0",
                "trong kỳ không có phản ánh, kiến nghị"][i % 4]
    return [f"tiếp nhận {vn_int(C, True)} phản ánh, kiến nghị về quy định hành chính, đã xử lý xong",
            f"Số phản ánh, kiến nghị tiếp nhận: {vn_int(C, True)}",
            f"số phản ánh, kiến nghị của tổ chức, cá nhân về TTHC là {vn_int(C, True)}, đã xử lý xong",
            f"có {vn_int(C, True)} phản ánh, kiến nghị được tiếp nhận và xử lý đúng quy định"][i % 4]


def cap(s):
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# The document model: a list of blocks
#   ("p", role, runs, opts)   role: body|head|item|bullet|center|plain ; runs [(text, fmt)]
#   ("table", kind, rows)     kind: records|letterhead|letterhead2|signer
#   ("break",)                page break before the next block

def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def split_lines(words, n):
    """Splits a phrase into n lines of about equal length (n >= 1)."""
    ws = words.split()
    if n <= 1 or len(ws) < n:
        return [words]
    total = sum(len(w) for w in ws)
    lines, cur, acc, k = [], [], 0, 1
    for j, w in enumerate(ws):
        cur.append(w)
        acc += len(w)
        left_words = len(ws) - j - 1
        if k < n and acc >= total * k / n and left_words >= n - k:
            lines.append(" ".join(cur))
            cur, k = [], k + 1
    if cur:
        lines.append(" ".join(cur))
    return lines


class Doc:
    def __init__(self, name, ax, ctx, rng, defect, aggregate):
        self.name, self.ax, self.ctx, self.rng = name, ax, ctx, rng
        self.defect, self.aggregate = defect, aggregate
        self.blocks = []
        self.sections = []  # [label, title, level]
        self.metrics = {}
        self.phr = {}


def heading_text(title, style):
    return upper(title) if style == "upper" else title


def build(doc):
    """Fills doc.blocks, doc.sections, doc.metrics and returns the truth fields."""
    ax, c, rng = doc.ax, doc.ctx, doc.rng
    unit = c["unit"]
    head, deputy = TITLES[unit["kind"]]
    year = c["period"][1].year
    # --- letterhead
    parent = upper(c["so"]) + " " + upper(c["province"])
    issuer_upper = upper(unit["letterhead"])
    lines = split_lines(issuer_upper, int(ax["lh_issuer_lines"]))
    symbol = f"BC-{unit['short']}"
    draft = ax["lh_number"] == "draft"
    number = None if draft else str(doc.number)
    d = c["date"]
    date_line = f"{c['province']}, ngày {d.day:02d} tháng {d.month} năm {d.year}"
    so_line = f"Số:      /{symbol}" if draft else f"Số: {number}/{symbol}"
    doc.blocks.append(("table", "letterhead",
                       dict(parent=parent, issuer=lines, so=so_line, date=date_line,
                            own_row=ax["lh_number"] == "row")))
    # --- type and subject
    p0, p1 = c["period"]
    span = "6 tháng đầu năm" if p1.month == 6 else ("9 tháng đầu năm" if p1.month == 9 else "năm")
    subj1 = "Kết quả thực hiện cải cách hành chính,"
    subj2 = f"kiểm soát thủ tục hành chính {span} {year}"
    subj3 = f"(từ {vn_date(p0)} đến {vn_date(p1)})"
    doc.blocks.append(("p", "center", [("BÁO CÁO", "b")], {}))
    doc.blocks.append(("p", "center", [(subj1, "b"), ("\n", ""), (subj2, "b"), ("\n", ""),
                                        (subj3, "b")], {"after": "6"}))
    subject = f"{subj1} {subj2} {subj3}"
    # --- opening
    req = c["request"]
    who = "Văn phòng Sở" if doc.aggregate else unit["name"]
    doc.blocks.append(("p", "body", [(
        f"Thực hiện Công văn số {req['number_symbol']} ngày {vn_date_short(req['date'])} của "
        f"{c['so']} về việc báo cáo kết quả cải cách hành chính (CCHC), kiểm soát thủ tục hành "
        f"chính (TTHC) {span} {year}, {who} báo cáo như sau:", "")], {}))
    figures = make_figures(doc)
    write_sections(doc, figures, head)
    doc.blocks.append(("p", "body", [(
        f"Trên đây là báo cáo kết quả thực hiện CCHC, kiểm soát TTHC {span} {year} của {who}./.",
        "")], {}))
    # --- signer
    name = c["signer_name"]
    s = ax["signer"]
    if s in ("KT.", "KT:"):
        auth_line, title_line = f"KT{s[2]} {head}", deputy
        authority, title = f"KT. {head}", deputy
    elif s == "TL.":
        auth_line, title_line = "TL. GIÁM ĐỐC", head
        authority, title = "TL. GIÁM ĐỐC", head
    elif s == "TM.":
        body = "TM. BAN GIÁM ĐỐC" if unit["kind"] == "trungtam" else "TM. LÃNH ĐẠO ĐƠN VỊ"
        auth_line, title_line = body, head
        authority, title = body, head
    elif s == "Q.":
        auth_line, title_line = None, f"Q. {head}"
        authority, title = None, f"Q. {head}"
    else:
        auth_line, title_line = None, head
        authority, title = None, head
    recipients = [f"{c['so']} (để báo cáo)", "Văn phòng Sở (tổng hợp)" if not doc.aggregate
                  else "Lãnh đạo Sở", f"Lưu: VT, {unit['short']}"]
    if ax["sig_page"] == "alone":
        doc.blocks.append(("break",))
    doc.blocks.append(("table", "signer", dict(recipients=recipients, auth=auth_line,
                                               title=title_line, name=name)))
    return dict(doc_type="BÁO CÁO", number=number, symbol=symbol,
                number_symbol=None if draft else f"{number}/{symbol}", date=d.isoformat(),
                place=c["province"], issuer=" ".join(lines), parent_issuer=parent,
                subject=subject, signer=dict(authority=authority, title=title, name=name),
                recipients=recipients)


def make_figures(doc):
    rng, c = doc.rng, doc.ctx
    if doc.aggregate:
        f = copy.deepcopy(c["aggregate_figures"])
    else:
        R = rng.choice([rng.randint(40, 400), rng.randint(300, 2500), rng.randint(1500, 9800)])
        late = 0 if rng.random() < 0.35 else rng.randint(1, max(1, R // 60))
        O = rng.randint(R // 5, R * 9 // 10)
        P = rng.randint(12, 140)
        S = rng.randint(1, P // 3)
        pubs = rng.randint(3, 40)
        a = rng.randint(1, pubs - 1)
        f = dict(R=R, L=late, T=R - late, O=O, P=P, S=S, K=P - S, N=pubs, split=(a, pubs - a),
                 C=rng.choice([0, 0, rng.randint(1, 9)]))
        fields = rng.sample(c["fields"], rng.randint(2, 4))
        f["fields"] = fields
    if doc.defect == "claim_contradiction":  # "100%" while a few are late
        R = max(f["R"], 400)
        late = rng.randint(1, 3)
        f.update(R=R, L=late, T=R - late, O=min(f["O"], R))
    return f


def split_counts(rng, total, k):
    if k == 1 or total < k:
        return [total] + [0] * (k - 1)
    cuts = sorted(rng.sample(range(1, total), k - 1)) if total > k else list(range(1, k))
    parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
    return parts


def write_sections(doc, f, head_title):
    ax, c, rng = doc.ax, doc.ctx, doc.rng
    top = ax["num_top"] != "none"
    base = 1 if top else 0
    sty = ax["heading"]
    item_bullet = ax["num_items"] != "a)"
    pi = int(ax["phrasing"][1])
    R, L, T, O = f["R"], f["L"], f["T"], f["O"]
    online_r, on_time_r = rate(O, R), rate(T, R)
    P, S, K = f["P"], f["S"], f["K"]
    simp_r = rate(S, P)
    stated_T, stated_online_r, stated_on_time_r = T, online_r, on_time_r
    if doc.defect == "sum_mismatch":
        stated_T = T - rng.randint(2, 9)  # received != on time + late
        stated_on_time_r = rate(stated_T, R)
    if doc.defect == "percent_mismatch":
        stated_online_r = float(Decimal(str(online_r + rng.choice([-1, 1]) * rng.randint(4, 9)))
                                .quantize(Decimal("0.1")))
        if stated_online_r < 0 or stated_online_r > 100:
            stated_online_r = float(Decimal(str(online_r - 6 if online_r > 50 else online_r + 6)))
    if doc.defect == "claim_contradiction":
        stated_on_time_r = 100.0
    m = doc.metrics
    m.update(records_received=R, records_on_time=stated_T, records_late=L, records_online=O,
             online_rate_pct=stated_online_r, on_time_rate_pct=stated_on_time_r,
             procedures_reviewed=P, procedures_simplified=S, procedures_kept=K,
             simplification_rate_pct=simp_r, publications=f["N"], complaints_received=f["C"])

    def heading(level, label_text, truth_label, title, kind, runin_text=None):
        """kind: top|l2|l3|item|bullet. level: truth level."""
        shown = title
        if kind == "top":
            shown = upper(title)
            fmt = "" if sty == "plain" else ("i" if sty == "italic" else "b")
            if sty == "upper":
                fmt = "b"
        elif kind in ("l2", "l3"):
            shown = heading_text(title, sty)
            fmt = {"bold": "b", "plain": "", "upper": "", "italic": "i"}[sty]
        else:  # items: run-in title italic (or bold when headings are bold)
            fmt = {"bold": "b", "plain": "", "upper": "", "italic": "i"}[sty]
            shown = heading_text(title, sty)
        doc.sections.append([truth_label, shown if kind != "bullet" else None, level])
        runs = [(shown + (":" if runin_text is not None else ""), fmt)]
        if runin_text is not None:
            runs.append((" " + runin_text, ""))
        doc.blocks.append(("p", "head", runs, dict(kind=kind, label=label_text)))

    def body(text):
        doc.blocks.append(("p", "body", [(text, "")], {}))

    def bullet(level, text, char, parent_kind="l2"):
        doc.sections.append(["-", None, level])
        doc.blocks.append(("p", "bullet", [(text, "")], dict(kind="bullet", label=char,
                                                             depth=parent_kind)))

    def top_label(i):
        return f"Phần {ROMAN[i]}." if ax["num_top"] == "Phần I" else f"{ROMAN[i]}."

    def l2_label(n):
        return f"{n}." if ax["num_l2"] == "1." else f"{n})"

    def l3_label(a, b):
        return f"{a}.{b}" + ("." if ax["num_l3"] == "1.1." else "")

    def item_label(k):
        return f"{LETTERS[k]})" if not item_bullet else ax["num_items"]

    sub_bullet = ax["num_bullets"]
    if item_bullet and sub_bullet == ax["num_items"]:
        sub_bullet = {"-": "+", "+": "*", "*": "-"}[sub_bullet]
    if top:
        heading(1, top_label(0), "I", "Kết quả thực hiện", "top")
    lv2, lv3, lvi = base + 1, base + 2, base + 3
    # 1.
    heading(lv2, l2_label(1), "1", "Công tác chỉ đạo, điều hành", "l2")
    body(f"Lãnh đạo đơn vị quán triệt kế hoạch CCHC năm {c['period'][1].year} của "
         f"{c['so']} đến toàn thể công chức, viên chức; phân công {vn_int(rng.randint(1, 3), True)} "
         f"công chức theo dõi, tổng hợp công tác CCHC. Kết quả cụ thể:")
    plan_no = rng.randint(3, 60)
    d0 = c["period"][0] + timedelta(days=rng.randint(10, 40))
    bullet(lv2 + 1, f"Ban hành Kế hoạch số {plan_no}/KH-{c['unit']['short']} ngày "
           f"{vn_date_short(d0)} về thực hiện CCHC năm {c['period'][1].year};", sub_bullet)
    bullet(lv2 + 1, f"Tham gia đầy đủ {vn_int(rng.randint(2, 6), True)} cuộc họp giao ban "
           f"CCHC do Sở tổ chức.", sub_bullet)
    # 2.
    heading(lv2, l2_label(2), "2", "Triển khai thực hiện cải cách hành chính", "l2")
    heading(lv3, l3_label(2, 1), "2.1", "Cải cách thể chế", "l3")
    ref_y = c["period"][1].year - rng.randint(1, 3)
    ref_date = date(ref_y, rng.randint(1, 12), rng.randint(1, 28))
    ref_no = rng.randint(10, 60)
    shown_date = ref_date
    if doc.defect == "reference_year_mismatch":
        shown_date = date(ref_y + 1, ref_date.month, ref_date.day)
    body(f"Đơn vị phối hợp rà soát {vn_int(rng.randint(2, 9), True)} văn bản quy phạm pháp luật "
         f"thuộc lĩnh vực quản lý, trong đó có Quyết định số {ref_no}/{ref_y}/QĐ-UBND ngày "
         f"{vn_date_short(shown_date)} của Ủy ban nhân dân Tỉnh; kiến nghị sửa đổi, bổ sung "
         f"phù hợp với quy định hiện hành.")
    heading(lv3, l3_label(2, 2), "2.2", "Cải cách thủ tục hành chính", "l3")
    runin = ax["item_layout"] == "runin"
    items = [("Công bố, công khai TTHC",
              f"công khai đầy đủ {vn_int(rng.randint(10, 90))} TTHC thuộc thẩm quyền giải quyết tại "
              f"Bộ phận Tiếp nhận và Trả kết quả và trên Cổng dịch vụ công của Tỉnh.")]
    for k, (title, key) in enumerate([("Công bố, công khai TTHC", "a"),
                                      ("Thực hiện cơ chế một cửa, một cửa liên thông", "b"),
                                      ("Rà soát, đơn giản hóa TTHC", "c"),
                                      ("Tuyên truyền CCHC, kiểm soát TTHC", "d"),
                                      ("Tiếp nhận, xử lý phản ánh, kiến nghị về TTHC", "e")]):
        truth_label = "-" if item_bullet else key
        lead = None
        if key == "a":
            lead = items[0][1]
        sentences = []  # prose for this item
        bullets = []    # label-colon-count lines
        tables = []
        if key == "b":
            iR, iO, iT, iL = pi, pi + 1, pi + 2, pi + 3
            doc.phr.update(records_received=iR % 4, records_online=iO % 4,
                           records_on_time=iT % 4, records_late=iL % 4)
            t_received = ph_received(iR, R)
            t_online = ph_online(iO, O, stated_online_r)
            t_on_time = ph_on_time(iT, stated_T, stated_on_time_r, R)
            t_late = ph_late(iL, L)
            if doc.defect == "claim_contradiction":
                t_on_time = (f"giải quyết {vn_int(stated_T)} hồ sơ, 100% hồ sơ được giải quyết "
                             f"đúng hạn")
                doc.phr["records_on_time"] = "claim"
            if ax["figures"] == "prose":
                lead_in = "Trong kỳ, đơn vị " if iR % 4 in (0, 3) else "Trong kỳ, "
                sentences.append(f"{lead_in}{t_received[0].lower() + t_received[1:]}; "
                                 f"{t_online[0].lower() + t_online[1:]}; "
                                 f"{t_on_time[0].lower() + t_on_time[1:]}; {t_late}.")
            elif ax["figures"] == "bullets":
                bullets += [cap(t_received) + ";", cap(t_online) + ";", cap(t_on_time) + ";",
                            cap(t_late) + "."]
            else:
                fields = f["fields"]
                Rs = split_counts(rng, R, len(fields))
                Ls = split_counts(rng, L, len(fields))
                Ls = [min(a, b) for a, b in zip(Ls, Rs)]
                Ls[-1] += L - sum(Ls)
                if Ls[-1] > Rs[-1]:
                    Rs, Ls = Rs, [0] * (len(fields) - 1) + [L]
                Ts = [a - b for a, b in zip(Rs, Ls)]
                if doc.defect == "sum_mismatch":
                    Ts[0] -= T - stated_T
                rows = [(fl, Rs[j], Ts[j], Ls[j]) for j, fl in enumerate(fields)]
                rows.append(("Tổng cộng", R, stated_T, L))
                tables.append(("records", ax["figures"], rows))
                # rates in a sentence after the table
                doc.phr.update(records_received="table", records_on_time="table",
                               records_late="table")
                sentences.append(cap(t_online) + "; tỷ lệ hồ sơ giải quyết đúng hạn đạt "
                                 f"{vn_pct(stated_on_time_r)}%.")
                if doc.defect == "claim_contradiction":
                    sentences[-1] = cap(t_online) + "; 100% hồ sơ được giải quyết đúng hạn."
                lead = "kết quả tiếp nhận, giải quyết hồ sơ theo lĩnh vực như sau:"
        elif key == "c":
            doc.phr.update(procedures_reviewed=pi % 4)
            parts = ph_review(pi, P, S, K, simp_r)
            if ax["figures"] == "bullets":
                bullets += [cap(x) + (";" if j < 2 else ".") for j, x in enumerate(parts)]
            else:
                sentences.append(cap(parts[0]) + "; " + parts[1] + "; " + parts[2] + ".")
        elif key == "d":
            doc.phr.update(publications=(pi + 2) % 4)
            sentences.append(cap(ph_publications(pi + 2, f["N"], f["split"])) + "; hướng dẫn tổ "
                             "chức, cá nhân sử dụng dịch vụ công trực tuyến.")
        elif key == "e":
            doc.phr.update(complaints_received=(pi + 1) % 4)
            sentences.append(cap(ph_complaints(pi + 1, f["C"])) + ".")
        # write the item
        text_first = lead if lead is not None else (sentences.pop(0) if sentences else "")
        if runin:
            heading(lvi, item_label(k), truth_label, title, "item",
                    runin_text=text_first if text_first else None)
        else:
            heading(lvi, item_label(k), truth_label, title, "item")
            if text_first:
                body(cap(text_first))
        for t in tables:
            doc.blocks.append(("table",) + t)
        for sline in sentences:
            body(sline)
        for b in bullets:
            bullet(lvi + 1, b, sub_bullet)
    later = [("Cải cách tổ chức bộ máy",
              f"Đơn vị có {vn_int(rng.randint(5, 30), True)} công chức, viên chức, được bố trí "
              "đúng vị trí việc làm; không phát sinh thay đổi về tổ chức."),
             ("Xây dựng, nâng cao chất lượng đội ngũ CBCCVC",
              f"Cử {vn_int(rng.randint(2, 12), True)} lượt công chức, viên chức tham gia các lớp "
              "bồi dưỡng chuyên môn, nghiệp vụ."),
             ("Cải cách tài chính công",
              "Thực hiện tiết kiệm chi thường xuyên theo Quy chế chi tiêu nội bộ; công khai "
              "dự toán ngân sách đúng quy định."),
             ("Hiện đại hóa hành chính",
              f"100% văn bản đi, đến được xử lý trên hệ thống quản lý văn bản; duy trì "
              f"{vn_int(rng.randint(3, 15), True)} quy trình ISO.")]
    if doc.defect == "missing_criterion":
        later = [x for x in later if x[0] != "Cải cách tài chính công"]
    for j, (title, text) in enumerate(later):
        heading(lv3, l3_label(2, 3 + j), f"2.{3 + j}", title, "l3")
        body(text)
    # problems and proposals
    if top:
        heading(1, top_label(1), "II", "Tồn tại, hạn chế", "top")
    else:
        heading(lv2, l2_label(3), "3", "Tồn tại, hạn chế", "l2")
    body("Việc số hóa hồ sơ, kết quả giải quyết TTHC còn chậm; một số hồ sơ phải bổ sung "
         "nhiều lần do thành phần hồ sơ chưa đầy đủ.")
    if top:
        heading(1, top_label(2), "III", "Đề xuất, kiến nghị", "top")
    else:
        heading(lv2, l2_label(4), "4", "Đề xuất, kiến nghị", "l2")
    body("Đề nghị Sở tiếp tục tổ chức tập huấn kỹ năng sử dụng dịch vụ công trực tuyến cho công "
         "chức, viên chức làm công tác tiếp nhận hồ sơ.")


# ---------------------------------------------------------------------------------------------
# ODF flat XML

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"')


def x(s):
    """Escapes text; runs of spaces become text:s."""
    out, i = [], 0
    s = escape(s)
    while i < len(s):
        if s[i] == " " and i + 1 < len(s) and s[i + 1] == " ":
            j = i
            while j < len(s) and s[j] == " ":
                j += 1
            out.append(f' <text:s text:c="{j - i - 1}"/>')
            i = j
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def runs_xml(runs):
    out = []
    for text, fmt in runs:
        if text == "\n":
            out.append("<text:line-break/>")
        elif fmt:
            out.append(f'<text:span text:style-name="T{fmt}">{x(text)}</text:span>')
        else:
            out.append(x(text))
    return "".join(out)


def list_style(name, level_styles, indent_cm):
    """level_styles: list of dicts (per level from 1): num_format, prefix, suffix, display, bullet."""
    out = [f'<text:list-style style:name="{name}">']
    for lv, st in enumerate(level_styles, start=1):
        props = ('<style:list-level-properties text:list-level-position-and-space-mode='
                 '"label-alignment"><style:list-level-label-alignment text:label-followed-by='
                 f'"space" fo:text-indent="{indent_cm}cm" fo:margin-left="0cm"/>'
                 '</style:list-level-properties>')
        if st.get("bullet"):
            out.append(f'<text:list-level-style-bullet text:level="{lv}" text:bullet-char='
                       f'"{escape(st["bullet"])}">{props}</text:list-level-style-bullet>')
        else:
            attrs = f'style:num-format="{st.get("num_format", "")}"'
            if st.get("prefix"):
                attrs += f' style:num-prefix="{escape(st["prefix"])}"'
            if st.get("suffix"):
                attrs += f' style:num-suffix="{escape(st["suffix"])}"'
            if st.get("display"):
                attrs += f' text:display-levels="{st["display"]}"'
            out.append(f'<text:list-level-style-number text:level="{lv}" {attrs}>{props}'
                       '</text:list-level-style-number>')
    out.append("</text:list-style>")
    return "".join(out)


def fodt(doc):
    ax = doc.ax
    font = "Liberation Serif" if ax["font"] == "serif" else (
        "Liberation Sans" if doc.ctx["sans_pick"] == 0 else "DejaVu Sans")
    generic = "roman" if ax["font"] == "serif" else "swiss"
    size = ax["size"]
    after = ax["spacing"]
    indent = ax["indent"]
    small = str(int(size) - 1)
    auto = ax["list_mode"] == "auto"
    head_fmt = ""
    styles = []
    styles.append(f'''<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0pt" fo:margin-bottom="0pt" fo:line-height="115%"/><style:text-properties style:font-name="F1" fo:font-size="{size}pt" fo:language="vi" fo:country="VN" style:font-name-asian="F1" style:font-name-complex="F1"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="justify" fo:text-indent="{indent}cm" fo:margin-bottom="{after}pt"/></style:style>
<style:style style:name="Head" style:family="paragraph" style:parent-style-name="Body"><style:paragraph-properties fo:keep-with-next="always"/>{head_fmt}</style:style>
<style:style style:name="Center" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0pt"/></style:style>
<style:style style:name="CenterAfter" style:family="paragraph" style:parent-style-name="Center"><style:paragraph-properties fo:margin-bottom="12pt"/></style:style>
<style:style style:name="Cell" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:line-height="100%"/><style:text-properties fo:font-size="{small}pt"/></style:style>
<style:style style:name="CellL" style:family="paragraph" style:parent-style-name="Cell"><style:paragraph-properties fo:text-align="start"/></style:style>
<style:style style:name="LH" style:family="paragraph" style:parent-style-name="Cell"><style:text-properties fo:font-size="12pt"/></style:style>
<style:style style:name="Rcp" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="start" fo:line-height="100%"/><style:text-properties fo:font-size="11pt"/></style:style>
<style:style style:name="Sig" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:text-align="center" fo:line-height="100%"/></style:style>''')
    # list styles (auto numbering)
    top_style = [dict(num_format="I", prefix="Phần " if ax["num_top"] == "Phần I" else "",
                      suffix=".")]
    l2_style = [dict(num_format="1", suffix="." if ax["num_l2"] == "1." else ")")]
    # "2.1": the parent's number as the prefix (a nested list whose outer item is empty loses
    # its start value in LibreOffice)
    l3_style = [dict(num_format="1", prefix="2.", suffix="." if ax["num_l3"] == "1.1." else "")]
    item_style = ([dict(num_format="a", suffix=")")] if ax["num_items"] == "a)"
                  else [dict(bullet=ax["num_items"])])
    lists = [list_style("LTop", top_style, indent), list_style("LL2", l2_style, indent),
             list_style("LL3", l3_style, indent), list_style("LItem", item_style, indent)]
    for ch in "-+*":
        lists.append(list_style(f"LB{'dps'['-+*'.index(ch)]}", [dict(bullet=ch)], indent))
    auto_styles = [f'''<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="1.5cm"/></style:page-layout>
<style:style style:name="Tb" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" style:font-weight-complex="bold"/></style:style>
<style:style style:name="Ti" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic" style:font-style-complex="italic"/></style:style>
<style:style style:name="Tbi" style:family="text"><style:text-properties fo:font-weight="bold" fo:font-style="italic"/></style:style>
<style:style style:name="TabLH" style:family="table"><style:table-properties style:width="16.5cm" table:align="left"/></style:style>
<style:style style:name="TabLHb" style:family="table"><style:table-properties style:width="16.5cm" table:align="left" fo:break-before="page"/></style:style>
<style:style style:name="TabRec" style:family="table"><style:table-properties style:width="16.5cm" table:align="left" fo:margin-bottom="6pt"/></style:style>
<style:style style:name="ColA" style:family="table-column"><style:table-column-properties style:column-width="6.6cm"/></style:style>
<style:style style:name="ColB" style:family="table-column"><style:table-column-properties style:column-width="9.9cm"/></style:style>
<style:style style:name="ColS" style:family="table-column"><style:table-column-properties style:column-width="7.4cm"/></style:style>
<style:style style:name="ColT" style:family="table-column"><style:table-column-properties style:column-width="9.1cm"/></style:style>
<style:style style:name="CellN" style:family="table-cell"><style:table-cell-properties fo:padding="0.05cm" fo:border="none"/></style:style>
<style:style style:name="CellB" style:family="table-cell"><style:table-cell-properties fo:padding="0.08cm" fo:border="0.5pt solid #000000"/></style:style>''']
    body = []
    break_next = False
    for blk in doc.blocks:
        if blk[0] == "break":
            break_next = True
            continue
        if blk[0] == "p":
            _, role, runs, opts = blk
            if role == "center":
                style = "CenterAfter" if opts.get("after") else "Center"
                body.append(f'<text:p text:style-name="{style}">{runs_xml(runs)}</text:p>')
            elif role == "body":
                body.append(f'<text:p text:style-name="Body">{runs_xml(runs)}</text:p>')
            else:
                body.append(para_with_label(doc, role, runs, opts, auto))
        elif blk[0] == "table":
            body.append(table_xml(doc, blk, break_next))
            break_next = False
    return f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document {NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="F1" svg:font-family="&apos;{font}&apos;" style:font-family-generic="{generic}" style:font-pitch="variable"/></office:font-face-decls>
<office:styles>{"".join(styles)}{"".join(lists)}</office:styles>
<office:automatic-styles>{"".join(auto_styles)}</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"/></office:master-styles>
<office:body><office:text>
{chr(10).join(body)}
</office:text></office:body></office:document>
'''


def para_with_label(doc, role, runs, opts, auto):
    ax = doc.ax
    label = opts["label"]
    kind = opts["kind"]
    style = "Head" if role == "head" else "Body"
    if not auto:
        sep = " "
        lab_fmt = runs[0][1] if kind in ("top", "l2", "l3", "item") else ""
        lead = [(label + sep, lab_fmt)]
        return f'<text:p text:style-name="{style}">{runs_xml(lead + list(runs))}</text:p>'
    p = f'<text:p text:style-name="{style}">{runs_xml(runs)}</text:p>'
    if kind == "bullet":
        name = f"LB{'dps'['-+*'.index(label)]}"
        return f'<text:list text:style-name="{name}"><text:list-item>{p}</text:list-item></text:list>'
    if kind == "top":
        n = ROMAN.index(label.replace("Phần ", "").rstrip(".")) + 1
        return (f'<text:list text:style-name="LTop"><text:list-item text:start-value="{n}">{p}'
                '</text:list-item></text:list>')
    if kind == "l2":
        n = int(label.rstrip(".)"))
        return (f'<text:list text:style-name="LL2"><text:list-item text:start-value="{n}">{p}'
                '</text:list-item></text:list>')
    if kind == "l3":
        a, b = label.rstrip(".").split(".")
        return (f'<text:list text:style-name="LL3"><text:list-item text:start-value="{b}">{p}'
                '</text:list-item></text:list>')
    if kind == "item":
        if ax["num_items"] == "a)":
            n = LETTERS.index(label.rstrip(")")) + 1
            return (f'<text:list text:style-name="LItem"><text:list-item text:start-value="{n}">'
                    f'{p}</text:list-item></text:list>')
        return f'<text:list text:style-name="LItem"><text:list-item>{p}</text:list-item></text:list>'
    raise ValueError(kind)


def cell(text_runs, style="Cell", cstyle="CellN"):
    if isinstance(text_runs, str):
        text_runs = [(text_runs, "")]
    return (f'<table:table-cell table:style-name="{cstyle}" office:value-type="string">'
            f'<text:p text:style-name="{style}">{runs_xml(text_runs)}</text:p></table:table-cell>')


def table_xml(doc, blk, page_break):
    kind = blk[1]
    if kind == "letterhead":
        o = blk[2]
        left = [(o["parent"], "")]
        for ln in o["issuer"]:
            left += [("\n", ""), (ln, "b")]
        left += [("\n", ""), ("———", "")]
        right = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "b"), ("\n", ""),
                 ("Độc lập - Tự do - Hạnh phúc", "b"), ("\n", ""), ("———————", "")]
        rows = []
        if o["own_row"]:
            rows.append(cell(left, "LH") + cell(right, "LH"))
            rows.append(cell(o["so"], "LH") + cell([(o["date"], "i")], "LH"))
        else:
            left += [("\n", ""), (o["so"], "")]
            right += [("\n", ""), (o["date"], "i")]
            rows.append(cell(left, "LH") + cell(right, "LH"))
        return ('<table:table table:name="Letterhead" table:style-name="TabLH">'
                '<table:table-column table:style-name="ColA"/><table:table-column table:style-name="ColB"/>'
                + "".join(f"<table:table-row>{r}</table:table-row>" for r in rows)
                + "</table:table>")
    if kind == "signer":
        o = blk[2]
        left = "".join(
            [f'<text:p text:style-name="Rcp"><text:span text:style-name="Tbi">Nơi nhận:</text:span></text:p>']
            + [f'<text:p text:style-name="Rcp">- {x(r)}{";" if j < len(o["recipients"]) - 1 else "."}</text:p>'
               for j, r in enumerate(o["recipients"])])
        right = []
        if o["auth"]:
            right.append(f'<text:p text:style-name="Sig"><text:span text:style-name="Tb">{x(o["auth"])}</text:span></text:p>')
        right.append(f'<text:p text:style-name="Sig"><text:span text:style-name="Tb">{x(o["title"])}</text:span></text:p>')
        right += ['<text:p text:style-name="Sig"/>'] * 4
        right.append(f'<text:p text:style-name="Sig"><text:span text:style-name="Tb">{x(o["name"])}</text:span></text:p>')
        style = "TabLHb" if page_break else "TabLH"
        return (f'<table:table table:name="Signer" table:style-name="{style}">'
                '<table:table-column table:style-name="ColS"/><table:table-column table:style-name="ColT"/>'
                '<table:table-row><table:table-cell table:style-name="CellN" office:value-type="string">'
                f'{left}</table:table-cell><table:table-cell table:style-name="CellN" office:value-type="string">'
                f'{"".join(right)}</table:table-cell></table:table-row></table:table>')
    if kind == "records":
        layout, rows = blk[2], blk[3]
        heads = ["Lĩnh vực", "Tiếp nhận", "Đúng hạn", "Trễ hạn"]
        if layout == "table":
            grid = [heads] + [[r[0], vn_int(r[1]), vn_int(r[2]), vn_int(r[3], True)] for r in rows]
        else:  # transposed: a row per count, a column per field
            grid = [["Nội dung"] + [r[0] for r in rows]]
            for j, h in enumerate(heads[1:], start=1):
                grid.append([h] + [vn_int(r[j], j == 3) for r in rows])
        ncol = len(grid[0])
        first_w = 5.0 if layout == "table" else 3.5
        other = (16.5 - first_w) / (ncol - 1)
        cols = (f'<table:table-column table:style-name="RcA{doc.tcount}"/>'
                f'<table:table-column table:style-name="RcB{doc.tcount}" table:number-columns-repeated="{ncol - 1}"/>')
        doc.extra_styles.append(
            f'<style:style style:name="RcA{doc.tcount}" style:family="table-column"><style:table-column-properties style:column-width="{first_w}cm"/></style:style>'
            f'<style:style style:name="RcB{doc.tcount}" style:family="table-column"><style:table-column-properties style:column-width="{other:.2f}cm"/></style:style>')
        doc.tcount += 1
        out = []
        for i, row in enumerate(grid):
            bold = i == 0 or row[0] == "Tổng cộng" or (layout != "table" and False)
            cells = []
            for j, v in enumerate(row):
                b = bold or (layout != "table" and grid[0][j] == "Tổng cộng")
                cells.append(cell([(v, "b" if b else "")], "CellL" if j == 0 and i > 0 else "Cell",
                                  "CellB"))
            out.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        return ('<table:table table:name="Records" table:style-name="TabRec">' + cols + "".join(out)
                + "</table:table>")
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# Covering design and the corpus

def design(n, rng):
    """n axis dicts: each axis's values cycled over a shuffled order of the bases, so every value
    appears floor(n / len) or more times."""
    rows = [dict() for _ in range(n)]
    for axis, values in AXES.items():
        order = list(range(n))
        rng.shuffle(order)
        offset = rng.randrange(len(values))
        for k, i in enumerate(order):
            rows[i][axis] = values[(k + offset) % len(values)]
    return rows


def make_corpus(args):
    rng = random.Random(args.seed)
    sub = SUBSETS[args.subset]
    n = sub["bases"]
    so_name, so_abbr, so_units, fields = SO[rng.randrange(len(SO))]
    province = rng.choice(PROVINCES)
    year = rng.choice([2020, 2021, 2022, 2023, 2024])
    end_month = rng.choice([6, 8, 9])
    p0 = date(year, 1, 1)
    p1 = date(year, end_month, 30 if end_month in (6, 9) else 31)
    grace = 30
    req_date = p1 - timedelta(days=rng.randint(3, 12))
    request = dict(number_symbol=f"{rng.randint(300, 2900)}/{so_abbr}-VP", date=req_date)
    units = [dict(id="vp", name="Văn phòng Sở", letterhead="Văn phòng", short="VP",
                  kind="vanphong", aliases=["Văn phòng"])]
    for j, (uname, short, kind) in enumerate(so_units):
        units.append(dict(id=f"u{j + 1}", name=uname, letterhead=uname, short=short, kind=kind,
                          aliases=[]))
    rows = design(n, rng)
    # base 0 is the aggregate (Văn phòng Sở); the others cycle over the units
    ordinary = units[1:]
    plan_bases = []
    for i in range(n):
        unit = units[0] if i == 0 else ordinary[(i - 1) % len(ordinary)]
        first_of_unit = i == 0 or (i - 1) < len(ordinary)
        plan_bases.append(dict(i=i, unit=unit, first=first_of_unit))
    # planted defects on non-first reports, each code in turn
    candidates = [b["i"] for b in plan_bases if not b["first"]]
    rng.shuffle(candidates)
    defects = {}
    for k, i in enumerate(sorted(candidates[:sub["defects"]])):
        defects[i] = DEFECTS[k % len(DEFECTS)]
    docs = []
    first_figures = {}
    for b in plan_bases[1:] + plan_bases[:1]:  # the aggregate last: it sums the first reports
        i = b["i"]
        drng = random.Random(f"{args.seed}/{i}")
        ax = rows[i]
        defect = defects.get(i)
        if i == 0:
            ax = dict(ax)
        d = max(p1, req_date) + timedelta(days=drng.randint(2, grace - 6))
        if defect == "date_out_of_period":
            d = p1 + timedelta(days=grace + drng.randint(25, 70))
        head = drng.choice([person(drng)])
        ctx = dict(so=so_name, so_abbr=so_abbr, province=province, period=(p0, p1), date=d,
                   request=request, unit=b["unit"], fields=fields, signer_name=head,
                   sans_pick=i % 2)
        if i == 0:
            agg = dict(R=0, L=0, T=0, O=0, P=0, S=0, K=0, N=0, C=0)
            for f in first_figures.values():
                for k2 in agg:
                    agg[k2] += f[k2]
            agg["split"] = (max(1, agg["N"] // 2), agg["N"] - max(1, agg["N"] // 2))
            agg["fields"] = drng.sample(fields, 3)
            ctx["aggregate_figures"] = agg
        name = f"v{i:03d}-{b['unit']['short'].lower()}"
        name = name.replace("đ", "d")
        doc = Doc(name, ax, ctx, drng, defect, i == 0)
        doc.number = drng.randint(2, 98)
        doc.extra_styles, doc.tcount = [], 0
        truth = build(doc)
        if b["first"] and i != 0:
            f = doc.metrics
            first_figures[b["unit"]["id"]] = dict(
                R=f["records_received"], L=f["records_late"], T=f["records_on_time"],
                O=f["records_online"], P=f["procedures_reviewed"], S=f["procedures_simplified"],
                K=f["procedures_kept"], N=f["publications"], C=f["complaints_received"])
        docs.append((i, doc, truth))
    docs.sort(key=lambda t: t[0])
    plan = make_plan(so_name, so_abbr, province, units, (p0, p1), grace, request, rng)
    return docs, plan


def make_plan(so_name, so_abbr, province, units, period, grace, request, rng):
    def crit(items):
        out = []
        for label, title, children in items:
            c = dict(label=label, title=title, required=True)
            if children and isinstance(children[0], str):
                c["metrics"] = list(children)
            elif children:
                c["children"] = crit(children)
            out.append(c)
        return out
    year = period[1].year
    return {
        "schema_version": 1,
        "number_symbol": f"{rng.randint(100, 2999)}/KH-{so_abbr}",
        "date": date(year - 1, 12, rng.randint(10, 30)).isoformat(),
        "issuer": {"parent_issuer": f"UBND TỈNH {upper(province)}", "issuer": upper(so_name),
                   "issuer_name": so_name},
        "subject": f"Kiểm tra công tác cải cách hành chính năm {year}",
        "period": {"from": period[0].isoformat(), "to": period[1].isoformat(),
                   "grace_days": grace},
        "request": {"number_symbol": request["number_symbol"], "date": request["date"].isoformat()},
        "units": [dict(id=u["id"], name=u["name"], short_names=[u["short"]], aliases=u["aliases"])
                  for u in units],
        "criteria": crit(CRITERIA),
        "tolerances": {"percent_points": 1.0, "min_confidence": 0.6},
        "notice": {"symbol": f"TB-{so_abbr}", "place": province,
                   "subject": f"Kết quả kiểm tra cải cách hành chính năm {year}",
                   "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC",
                              "name": "Trần Minh Khoa"},
                   "recipients": ["Lãnh đạo Sở", "Các Phòng, đơn vị thuộc Sở", "Lưu: VT, VP"]},
    }


# ---------------------------------------------------------------------------------------------
# Rendering

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
            box = ms.signer_block(pdf, len(pages))
            px = ms.RENDER_DPI / 72.0
            if box is None:
                seal_at = (0.62 * 595 * px, 0.62 * 842 * px)
            else:
                x0, y0, x1, y1 = box
                seal_at = ((x0 + 0.3 * (x1 - x0)) * px, (y0 + 0.55 * (y1 - y0)) * px)
            jpgs = []
            for i, grey in enumerate(pages, start=1):
                rng = np.random.default_rng(ms.seed_for("variants", name, i))
                img = ms.degrade(grey, v, rng, seal_at if i == len(pages) else None)
                jpg = os.path.join(work, f"p{i}.jpg")
                img.save(jpg, "JPEG", quality=v["jpeg"], dpi=(v["dpi"], v["dpi"]))
                jpgs.append(jpg)
            with open(os.path.join(outdir, name + ".pdf"), "wb") as f:
                f.write(img2pdf.convert(jpgs, nodate=True, engine=img2pdf.Engine.internal))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--subset", choices=sorted(SUBSETS), default="ci")
    p.add_argument("--formats", default="pdf,docx,odt,scan")
    p.add_argument("--seed", type=int, default=20)
    p.add_argument("--fodt-only", action="store_true", help="write the sources and truth only")
    args = p.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    for f in formats:
        if f not in FORMATS:
            p.error(f"unknown format {f!r}")
    out = os.path.abspath(args.out)
    docs, plan = make_corpus(args)
    src = os.path.join(out, "src")
    for sub in ["src"] + FORMATS:
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    os.makedirs(src)
    truths = {}
    for i, doc, truth in docs:
        text = fodt(doc)
        if doc.extra_styles:
            text = text.replace("</office:automatic-styles>",
                                "".join(doc.extra_styles) + "</office:automatic-styles>", 1)
        with open(os.path.join(src, doc.name + ".fodt"), "w", encoding="utf-8") as f:
            f.write(text)
        truth.update(schema_version=1, name=doc.name, unit=doc.ctx["unit"]["id"],
                     aggregate=doc.aggregate, sections=doc.sections, metrics=doc.metrics,
                     axes=doc.ax, phrasings=doc.phr,
                     planted_defects=[] if not doc.defect else [dict(
                         code=doc.defect, criterion={
                             "sum_mismatch": "2.2.b", "percent_mismatch": "2.2.b",
                             "claim_contradiction": "2.2.b", "missing_criterion": "2.5",
                             "reference_year_mismatch": None,
                             "date_out_of_period": None}[doc.defect])])
        truths[doc.name] = truth
    with open(os.path.join(out, "plan.json"), "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False, indent=1)
    scan_names = [doc.name for i, doc, _ in docs][1::max(1, len(docs) // SUBSETS[args.subset]["scans"])]
    scan_names = scan_names[:SUBSETS[args.subset]["scans"]]
    manifest = dict(seed=args.seed, subset=args.subset, formats=formats, documents=[])
    if not args.fodt_only:
        sources = sorted(os.path.join(src, n + ".fodt") for n in truths)
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
    for fmt in formats:
        names = scan_names if fmt == "scan" else sorted(truths)
        ext = "pdf" if fmt == "scan" else fmt
        for n in names:
            target = os.path.join(out, fmt, f"{n}.{ext}")
            if not args.fodt_only and not os.path.exists(target):
                sys.exit(f"make_variants: {target} was not made")
            t = dict(truths[n], format=fmt)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(os.path.join(out, fmt, f"{n}.truth.json"), "w", encoding="utf-8") as f:
                json.dump(t, f, ensure_ascii=False, indent=1)
            manifest["documents"].append(dict(format=fmt, file=os.path.relpath(target, out),
                                              truth=os.path.relpath(target, out).rsplit(".", 1)[0]
                                              + ".truth.json"))
    with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    print(f"make_variants: {len(manifest['documents'])} documents in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
