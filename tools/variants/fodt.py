"""ODF flat XML (.fodt) of a report: the typography of its house style (font, size, spacing,
indents, heading emphasis), numbering written as text or as automatic lists, and the letterhead,
records and signer tables. LibreOffice converts these files to every other format."""

from xml.sax.saxutils import escape

from .axes import LETTERS, ROMAN
from .wording import vn_int

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


def write_fodt(doc, path):
    """Writes the document's .fodt; the records tables' column styles, made while writing the
    body, join the automatic styles."""
    text = fodt(doc)
    if doc.extra_styles:
        text = text.replace("</office:automatic-styles>",
                            "".join(doc.extra_styles) + "</office:automatic-styles>", 1)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
