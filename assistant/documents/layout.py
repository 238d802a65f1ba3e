"""A record laid out as the parts a renderer needs: header lines, title, opening, headings with
their text, tables, closing, Nơi nhận and signature; and Markdown from those parts.

``layout`` turns a record into renderer-neutral parts (``LayoutBlock``s); ``to_markdown`` renders
them as Markdown; the DOCX renderer is ``docx_export.py``. Date and number forms follow Nghị định
30/2020.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from assistant.core.facts import Facts
from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import CONFIRM, PLACEHOLDER, DraftWarning, unfinished
from assistant.documents.records import DocumentRecord
from assistant.documents.states import drafted_whole
from assistant.vn.normalize import fold

BLANK = "\u00a0" * 6  # the clerk fills the number and the day by hand
_CITATION = re.compile(r"\s*\[\d+\]")


@dataclass
class LayoutBlock:
    """One part of the body: a heading (level 1 = "I.", 2 = "1.", 3 = "a)") or a paragraph or table rows."""
    kind: str  # "heading", "paragraph", "table"
    text: str = ""
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Layout:
    governing_body: str
    issuer: str
    number_line: str
    place_date: str
    kind: str
    title: str
    body: list[LayoutBlock]
    closing: str
    recipients: list[str]
    authority: list[str]
    signer_title: str
    signer: str
    warnings: list[DraftWarning]


def number_line(outline: Outline, facts: Facts) -> str:
    folded = fold(facts.issuer)
    issuer = "UBND" if "uỷ ban nhân dân" in folded or folded.startswith("ubnd") else "UB"
    number = facts.number.strip()
    if number.isdigit():
        number = f"{int(number):02d}"
    symbol = f"{outline.abbr}-{issuer}" if outline.abbr else issuer
    return f"Số: {number or BLANK}/{symbol}"


def place_date(facts: Facts) -> str:
    """"Hoà An, ngày 05 tháng 3 năm 2025": day < 10 and months 1-2 padded, months 3-12 not."""
    if not facts.date:
        return f"{facts.place}, ngày{BLANK}tháng{BLANK}năm {facts.year}"
    day = date.fromisoformat(facts.date)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{facts.place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _table_rows(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in text.split("\n") if "|" in line]


def total_warnings(section: OutlineSection, rows: list[list[str]]) -> list[DraftWarning]:
    """A "Tổng cộng" row that disagrees with the rows above it (a hand edit) is reported."""
    totals = [r for r in rows if any(cell.lower() == "tổng cộng" for cell in r)]
    body = [r for r in rows[1:] if r not in totals]
    warnings = []
    for total in totals:
        for column in range(len(total)):
            cells = [r[column] for r in body if column < len(r)]
            if total[column].isdigit() and all(c.isdigit() or not c for c in cells):
                expected = sum(int(c) for c in cells if c)
                if expected != int(total[column]):
                    warnings.append(DraftWarning("total", f"mục {section.id}: tổng cột {rows[0][column]!r} là "
                                                          f"{total[column]}, các dòng cộng lại {expected}"))
    return warnings


def unfinished_warnings(section_id: str, text: str) -> list[DraftWarning]:
    """What a section's text still asks of the officer before signing: slots, lines to confirm, names."""
    left = unfinished(text)
    parts = [f"{left['placeholder']} ô {PLACEHOLDER} cần điền" if left["placeholder"] else "",
             f"{left['confirm']} câu {CONFIRM} cần xác nhận hoặc xóa" if left["confirm"] else "",
             f"{left['flag']} chỗ [kiểm tra: …] cần sửa" if left["flag"] else ""]
    said = ", ".join(p for p in parts if p)
    return [DraftWarning("unfinished", f"mục {section_id}: còn {said}")] if said else []


def layout(record: DocumentRecord, outline: Outline) -> Layout:
    facts = record.facts
    body: list[LayoutBlock] = []
    warnings: list[DraftWarning] = []
    plan = facts.plan.removeprefix("Kế hoạch ").removeprefix("kế hoạch ") or PLACEHOLDER
    opening = outline.opening.format(plan=plan, year=facts.year, unit=facts.unit, place=facts.place)
    if opening:
        body.append(LayoutBlock("paragraph", opening))
    covered: set[str] = set()  # parts of a section drafted whole (its text carries their headings)
    for section in outline.all_sections():
        if section.id in covered:
            continue
        body.append(LayoutBlock("heading", section.heading(), section.depth + 1))
        current = record.sections.get(section.id)
        version = current.current if current else None
        parts = {s.heading(): s for s in section.walk()[1:]}
        if version is not None and parts and not drafted_whole(record, section):
            version = None  # split into its parts, which are printed below
        if version is not None:
            warnings.extend(unfinished_warnings(section.id, version.text))
        if version is not None and parts:
            covered.update(s.id for s in parts.values())
            for line in (ln.strip() for ln in version.text.split("\n") if ln.strip()):
                part = parts.get(line)
                body.append(LayoutBlock("heading", line, part.depth + 1) if part else
                            LayoutBlock("paragraph", _CITATION.sub("", line).strip()))
            continue
        if version is None:
            if not section.children:
                body.append(LayoutBlock("paragraph", section.blank))
                warnings.append(DraftWarning("empty", f"mục {section.id} chưa có nội dung"))
            continue
        if section.table:
            rows = _table_rows(version.text)
            warnings.extend(total_warnings(section, rows))
            body.append(LayoutBlock("table", rows=rows))
            continue
        # Citation marks help while drafting; the document handed in does not carry them.
        body.extend(LayoutBlock("paragraph", _CITATION.sub("", line).strip()) for line in version.text.split("\n")
                    if line.strip())
    closing = outline.closing_formula.format(year=facts.year, unit=facts.unit, place=facts.place)
    if not closing.endswith("./."):
        closing = closing.rstrip(".") + "./."
    title_text = facts.signer_title or "CHỦ TỊCH"
    authority = facts.authority or ["TM. ỦY BAN NHÂN DÂN", *(["KT. CHỦ TỊCH"] if title_text.startswith("PHÓ") else [])]
    recipients = list(facts.recipients) or ["Như trên;"]
    if not recipients[-1].lower().startswith("lưu"):
        recipients.append("Lưu: VT.")
    return Layout(facts.governing_body.upper(), facts.issuer.upper(), number_line(outline, facts), place_date(facts),
                  outline.kind, outline.title_template.format(year=facts.year, place=facts.place, unit=facts.unit),
                  body, closing, recipients, authority, title_text.upper(), facts.signer, warnings)


def to_markdown(record: DocumentRecord, outline: Outline) -> str:
    parts = layout(record, outline)
    lines = [line for line in (parts.governing_body, f"**{parts.issuer}**", parts.number_line) if line.strip("*")]
    lines += ["", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**", "**Độc lập - Tự do - Hạnh phúc**",
              f"*{parts.place_date}*", "", f"## {parts.kind}", f"**{parts.title}**", ""]
    for block in parts.body:
        if block.kind == "heading":
            lines += ["", f"{'#' * (block.level + 2)} {block.text}"]
        elif block.kind == "table":
            header, *rows = block.rows or [[]]
            lines += ["", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
        else:
            lines.append(block.text)
    lines += ["", parts.closing, "", "**Nơi nhận:**", *(f"- {r}" for r in parts.recipients), "",
              *(f"**{a}**" for a in parts.authority), f"**{parts.signer_title}**", "", f"**{parts.signer}**"]
    return "\n".join(lines) + "\n"
