"""What varies and what is measured: the axes of the house styles and their values, the planted
defects, the CI and full subsets, the output formats, the plan's criteria, and the covering design
that spreads every axis value over the base documents."""

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
# Covering design

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
