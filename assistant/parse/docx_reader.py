"""Read a .docx into ``Block``s with python-docx: paragraphs with their style,
automatic numbering rendered back into the text ("I.", "1.", "a)", "-"), and
tables kept as tables, in document order.

Does not interpret the structure (``structure.py`` does) and writes nothing.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

from assistant.core.schema import Block

log = logging.getLogger(__name__)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(number: int, upper: bool = True) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
              (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out if upper else out.lower()


def _format(number: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(number)
    if fmt == "lowerRoman":
        return _roman(number, upper=False)
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(number - 1) % 26]
    if fmt == "upperLetter":
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(number - 1) % 26]
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


class _Numbering:
    """Renders list labels from numbering.xml, counting per list and level."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[lvl.get(f"{_W}ilvl")] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                    int(start.get(f"{_W}val")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(f"{_W}val"), {}).items():
                self.levels[(num.get(f"{_W}numId"), ilvl)] = spec

    @staticmethod
    def _num_pr(paragraph):
        """The paragraph's own numbering, else the one its style (or a base style) carries."""
        ppr = paragraph._p.pPr
        if ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            return ppr.numPr
        style = paragraph.style
        while style is not None:
            spr = style.element.pPr
            if spr is not None and spr.numPr is not None and spr.numPr.numId is not None:
                return spr.numPr
            style = style.base_style
        return None

    def label(self, paragraph) -> str:
        num_pr = self._num_pr(paragraph)
        if num_pr is None:
            return ""
        num_id = str(num_pr.numId.val)
        ilvl = str(num_pr.ilvl.val) if num_pr.ilvl is not None else "0"
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        fmt, text, start = spec
        if fmt == "bullet":
            return "-"
        counters = self.counters.setdefault(num_id, {})
        level = int(ilvl)
        counters[level] = counters.get(level, start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]
        label = text
        for index in range(level + 1):
            value = counters.get(index, 1)
            fmt_i = self.levels.get((num_id, str(index)), spec)[0]
            label = label.replace(f"%{index + 1}", _format(value, fmt_i))
        return label


def read_docx_blocks(path: Path) -> list[Block]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    from assistant.errors import IngestError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        if zipfile.is_zipfile(path):
            raise IngestError("a zip archive but not a Word document") from exc
        raise IngestError("not a valid Word (.docx) file; a .doc must be saved as .docx") from exc
    except Exception as exc:  # lxml and zip errors on damaged files
        log.warning("python-docx failed on %s", path, exc_info=True)
        raise IngestError(f"damaged Word file ({type(exc).__name__})") from exc
    numbering = _Numbering(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            label = numbering.label(item)
            if label:
                text = f"{label} {text}"
            blocks.append(Block(text=text, style=item.style.name if item.style is not None else ""))
        elif isinstance(item, DocxTable):
            rows = [row for row in (_row_texts(row) for row in item.rows) if any(row)]
            if rows:
                blocks.append(Block(rows=rows))
    if not blocks:
        raise IngestError("no text in Word file")
    return blocks


def _row_texts(row: Any) -> list[str]:
    """A table row's cell texts. python-docx repeats a horizontally merged cell (the same ``<w:tc>``
    element again): the cell count is kept and the repeats are blank. Two cells that merely hold the
    same text ("Nam 40 | Nữ 40") are two cells, both kept."""
    texts: list[str] = []
    previous = None
    for cell in row.cells:
        texts.append("" if cell._tc is previous else cell.text.strip())
        previous = cell._tc
    return texts
