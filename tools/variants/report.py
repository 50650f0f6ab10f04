"""The report as a list of blocks (letterhead, subject, numbered sections in the document's
numbering and heading style, figures as prose, bullets or tables, signer), with its truth: the
fields, the section labels and levels, the metrics as stated, the phrasings used and any planted
defect's traces."""

import copy
from datetime import date, timedelta
from decimal import Decimal

from .axes import LETTERS, ROMAN
from .wording import (TITLES, cap, ph_complaints, ph_late, ph_on_time, ph_online, ph_publications,
                      ph_received, ph_review, rate, upper, vn_date, vn_date_short, vn_int, vn_pct)


# ---------------------------------------------------------------------------------------------
# The document model: a list of blocks
#   ("p", role, runs, opts)   role: body|head|item|bullet|center|plain ; runs [(text, fmt)]
#   ("table", kind, rows)     kind: records|letterhead|letterhead2|signer
#   ("break",)                page break before the next block


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
