"""Wording of the variation corpus: the word lists (provinces, Sở and their units, persons,
signer titles; sources in tools/make_variants.py's docstring), Vietnamese figures and dates as
reports write them, and the phrasings of every metric (the team's own, at least three each)."""

from decimal import Decimal, ROUND_HALF_UP

# ---------------------------------------------------------------------------------------------
# Word lists (sources in tools/make_variants.py's docstring)

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


def person(rng):
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
