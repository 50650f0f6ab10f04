#!/usr/bin/env python3
"""The text of a notice JSON (schemas/notice.schema.json) as pandoc Markdown.

bench/notice.sh gives this to pandoc so that pandoc and `vnotice render` write a DOCX of the same
words: the letterhead (with the Decree 30 wording vnotice adds: national name, motto, "Số:", the
place and date), type, subject, body, recipients, signer and every appendix with its tables.
Layout the Markdown cannot say (two-column letterhead without borders, page breaks, page
numbers) is left to pandoc's defaults; the comparison is about the cost of writing the text.

Usage: notice_markdown.py NOTICE.json > notice.md
"""
import json
import re
import sys

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def escape(text):
    """Markdown-safe inline text; a leading "1. " or "- " stays text, not a list marker."""
    text = re.sub(r"([\\`*_\[\]<>|#$~^])", r"\\\1", text)
    text = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text)
    text = re.sub(r"^(\s*)([-+])", r"\1\\\2", text)
    # '\n' in a notice is a line break inside the paragraph: a backslash before the newline.
    return "\\\n".join(part.replace("\t", " ") for part in text.split("\n"))


def number_and_symbol(letterhead):
    number = letterhead.get("number")
    if number is None:
        return f"      /{letterhead['symbol']}"
    if number.isdigit() and int(number) < 10:
        number = number.zfill(2)
    return f"{number}/{letterhead['symbol']}"


def date_words(letterhead):
    date = letterhead.get("date")
    if date is None:
        return f"ngày      tháng      năm {letterhead['year']}"
    year, month, day = (int(part) for part in date.split("-"))
    day_text = f"{day:02d}" if day < 10 else str(day)
    month_text = f"{month:02d}" if month <= 2 else str(month)
    return f"ngày {day_text} tháng {month_text} năm {year}"


def table(header, rows, total=None):
    lines = ["| " + " | ".join(escape(cell) for cell in header) + " |",
             "|" + "---|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(escape(cell) for cell in row) + " |")
    if total:
        lines.append("| " + " | ".join(f"**{escape(cell)}**" if cell else "" for cell in total)
                     + " |")
    return "\n".join(lines)


def paragraph(item):
    text = escape(item["text"])
    style = item["style"]
    if style in ("heading1", "heading2"):
        return f"**{text}**"
    if style == "heading3":
        return f"***{text}***"
    if style in ("heading4", "basis"):
        return f"*{text}*"
    if style == "note":
        return f"::: {{custom-style=\"Note\"}}\n*{text}*\n:::"
    if style == "centered":
        return f"::: {{custom-style=\"Centered\"}}\n{text}\n:::"
    return text


def body(items):
    blocks = []
    for item in items:
        if item["kind"] == "table":
            blocks.append(table(item["header"], item["rows"], item.get("total")))
        else:
            blocks.append(paragraph(item))
    return blocks


def recipient_lines(recipients):
    lines = []
    for i, recipient in enumerate(recipients):
        text = recipient.removeprefix("- ").rstrip(";.")
        lines.append(f"- {text}{'.' if i == len(recipients) - 1 else ';'}")
    return lines


def markdown(notice):
    letterhead = notice["letterhead"]
    blocks = [table(
        [letterhead.get("parent_issuer", ""), NATIONAL_NAME],
        [[letterhead["issuer"], MOTTO],
         [f"Số: {number_and_symbol(letterhead)}",
          f"{letterhead['place']}, {date_words(letterhead)}"]])]
    blocks.append(f"**{escape(notice['doc_type'])}**")
    blocks.append(f"**{escape(notice['subject'])}**")
    blocks += body(notice["body"])
    signer = notice["signer"]
    # The recipients become a Markdown dash list: the same "- " lines the decree prints.
    blocks.append("*Nơi nhận:*\n\n" + "\n".join("- " + escape(line[2:])
                                                for line in recipient_lines(notice["recipients"])))
    signer_lines = [signer["authority"]] if signer.get("authority") else []
    signer_lines += [signer["title"], "", signer["name"]]  # the blank: room for the signature
    blocks.append("\\\n".join(escape(line) for line in signer_lines))
    reference = (f"(Kèm theo {notice['doc_type'].capitalize()} số "
                 f"{number_and_symbol(letterhead)} {date_words(letterhead)} của "
                 f"{notice['issuer_name_in_sentence']})")
    for appendix in notice["appendices"]:
        blocks.append(f"**Phụ lục {escape(appendix['label'])}**")
        blocks.append(f"**{escape(appendix['title'])}**")
        blocks.append(f"*{escape(reference)}*")
        blocks += body(appendix["body"])
    return "\n\n".join(blocks) + "\n"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1], encoding="utf-8") as file:
        sys.stdout.write(markdown(json.load(file)))


if __name__ == "__main__":
    main()
