"""Render a document record as a Word file in the national format (Nghị định 30/2020, Phụ lục I).

A4 portrait; margins 20 / 20 / 30 / 15 mm; Times New Roman. The header is a borderless two-column
table: governing body over the issuing body (bold) and its short rule, then "Số: …" / Quốc hiệu
and Tiêu ngữ (bold) with its rule, then the place-date line in italics. Then the type and summary,
centred and bold; headings by level; justified body with a first-line indent; tables with
borders; the closing formula ending "./."; "Nơi nhận" and the signature block side by side; page
numbers centred at the top from page 2. Only layout here: the words come from ``document.layout``.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from assistant.documents.layout import Layout
from assistant.errors import ExportError
from assistant.vn.domain import load_domain

FONT = "Times New Roman"
BODY_PT = 14


def _run(paragraph, text: str, size: float = BODY_PT, bold: bool = False, italic: bool = False):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return run


def _para(container, text: str = "", size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align=WD_ALIGN_PARAGRAPH.CENTER, after: float = 0, indent: float | None = None):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = Cm(indent)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _rule(cell, width_cm: float) -> None:
    """A short centred horizontal rule under the line above: the bottom border of a tiny empty
    paragraph indented to the rule's width (drawn the same by Word and LibreOffice)."""
    paragraph = _para(cell)
    _run(paragraph, " ", 3)
    cell_width = cell.width.cm if cell.width else 8.0
    side = max(0.0, (cell_width - width_cm) / 2)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_after = Pt(4)
    paragraph.paragraph_format.line_spacing = Pt(3)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _widths(table, *widths_cm: float) -> None:
    """Column widths that Word and LibreOffice both honour (the grid and every cell)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


def _borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = _run(paragraph, "", 13)
    for tag, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if tag:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), tag)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)


def _issuer_lines(issuer: str) -> list[str]:
    """"ỦY BAN NHÂN DÂN XÃ HOÀ AN" → two lines, broken before the level ("XÃ HOÀ AN"), as usual."""
    for level in sorted(load_domain().levels, key=len, reverse=True):
        marker = f" {level.upper()} "
        if len(issuer) > 22 and marker in issuer:
            head, tail = issuer.split(marker, 1)
            return [head, f"{level.upper()} {tail}"]
    return [issuer]


def _header(document, parts: Layout) -> None:
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, 6.2, 10.3)
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if parts.governing_body:
        _para(left, parts.governing_body, 13)
    for line in _issuer_lines(parts.issuer):
        _para(left, line, 13, bold=True)
    _rule(left, 2.2)
    _para(left, parts.number_line, 13, after=0)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    _rule(right, 5.8)
    _para(right, parts.place_date, 14, italic=True)


def _table(document, rows: list[list[str]]) -> None:
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c in range(width):
            cell = table.cell(r, c)
            cell.paragraphs[0].text = ""
            _run(cell.paragraphs[0], row[c] if c < len(row) else "", 12, bold=r == 0)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 or c != 1 else WD_ALIGN_PARAGRAPH.LEFT


def _signature(document, parts: Layout) -> None:
    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    _widths(table, 7.5, 9.0)
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:cantSplit"))  # the signature block never breaks across pages
    left, right = table.rows[0].cells
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _run(first, "Nơi nhận:", 12, bold=True, italic=True)
    for recipient in parts.recipients:
        _para(left, f"- {recipient}", 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    head = right.paragraphs[0]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, parts.authority[0] if parts.authority else "", 13, bold=True)
    for line in [*parts.authority[1:], parts.signer_title]:
        _para(right, line, 13, bold=True)
    for _ in range(3):
        _para(right, "")
    _para(right, parts.signer, 14, bold=True)


def build_docx(parts: Layout):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(BODY_PT)
    _page_number_header(section)
    _header(document, parts)
    _para(document, "", after=6)
    _para(document, parts.kind, 14, bold=True)
    _para(document, parts.title, 14, bold=True)
    body_rule = document.add_table(rows=1, cols=1)
    _borderless(body_rule)
    body_rule.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(body_rule, 16.5)
    cell = body_rule.rows[0].cells[0]
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    _rule(cell, 3.0)
    for block in parts.body:
        if block.kind == "heading":
            upper = block.level == 1
            _para(document, block.text.upper() if upper else block.text, BODY_PT, bold=block.level <= 2,
                  align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=1.0)
        elif block.kind == "table":
            _table(document, block.rows)
        else:
            paragraph = _para(document, block.text, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=1.0)
            paragraph.paragraph_format.line_spacing = 1.15
    closing = _para(document, parts.closing, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=12, indent=1.0)
    closing.paragraph_format.keep_with_next = True  # the closing formula stays with the signature
    _signature(document, parts)
    return document


def export_docx(parts: Layout, path: Path) -> Path:
    path = Path(path)
    document = build_docx(parts)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        document.save(str(tmp))
        tmp.replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
