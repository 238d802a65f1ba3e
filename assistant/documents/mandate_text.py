"""What a higher level's document says of its outline: which of its parts holds one (the attached
ĐỀ CƯƠNG first), the kind of document it outlines, its title, the ids of its sections by their
numbering ("Phần thứ nhất" → P1, "1.2." under "1." → 1.2), each section's guidance lines and its
table's columns. Reads the parsed document only; ``mandate.py`` builds the outline from this.
Cues in ``data/mandate.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from assistant.core.outlines import OutlineSection, TableSpec
from assistant.core.schema import ParsedDocument, Section
from assistant.data import DATA_DIR
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold

_TABLE_LINE = re.compile(r"^\s*STT\b|\|")
_ID_PART = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class OutlinePart:
    """A part of a document that can become an outline, and how to name it to the officer."""

    index: int  # 0: the document itself; 1, 2 …: its attachments in order
    label: str  # "ĐỀ CƯƠNG: Kết quả thực hiện Tháng hành động … (phần đính kèm)"
    part: ParsedDocument
    attached: bool


@lru_cache(maxsize=1)
def mandate_cues() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((DATA_DIR / "mandate.yaml").read_text(encoding="utf-8"))
    return raw


def has(text: str, cues: Sequence[str]) -> bool:
    folded = fold(text)
    return any(fold(cue) in folded for cue in cues)


def outline_parts(doc: ParsedDocument) -> list[OutlinePart]:
    """The parts with a numbered structure, the attached report outline first (it is what a higher
    level's plan mandates); the plan itself after it."""
    attached: list[ParsedDocument] = []

    def collect(part: ParsedDocument) -> None:  # a decision's plan, and the plan's own outline after it
        for attachment in part.attachments:
            attached.append(attachment)
            collect(attachment)
    collect(doc)
    parts = [OutlinePart(0, f"{doc.kind or 'VĂN BẢN'}: {doc.title}".strip(), doc, False)]
    parts += [OutlinePart(i, f"{a.kind or 'PHỤ LỤC'}: {a.title} (phần đính kèm / attachment)".strip(), a, True)
              for i, a in enumerate(attached, start=1)]
    numbered = [p for p in parts if p.part.sections]
    cues = mandate_cues()["outline_part_cues"]
    mandating = fold(doc.kind) in mandate_cues()["mandating_kinds"]

    def rank(p: OutlinePart) -> tuple[bool, bool, int]:
        named = has(p.part.kind, cues) or has(p.part.title, cues) or has(p.part.preamble[:200], cues)
        return not (p.attached and named), not (p.attached and mandating), p.index
    return sorted(numbered, key=rank)


def outline_kind(part: ParsedDocument) -> str:
    """The kind of document the part outlines: a report for an ĐỀ CƯƠNG BÁO CÁO, else its own kind."""
    cues = mandate_cues()
    if fold(part.kind) not in cues["container_kinds"]:
        return part.kind
    for rule in cues["outline_kind_of_title"]:
        if fold(rule["cue"]) in fold(part.title):
            return str(rule["kind"])
    return str(cues["default_outline_kind"])


def recase(text: str, examples: Sequence[str]) -> str:
    """An upper-case title in sentence case, with the capitals the built-in outlines write inside a
    sentence ("Tháng hành động")."""
    if text != text.upper():
        return text
    capitals = {fold(w): w for example in examples for w in example.split()[1:] if w[:1].isupper()}
    words = [capitals.get(fold(w), w.lower()) for w in text.split()]
    return " ".join(words)


def document_title(part: ParsedDocument) -> str:
    """The document title the outline describes, without "ĐỀ CƯƠNG BÁO CÁO" in front."""
    title = " ".join(part.title.split())
    for prefix in mandate_cues()["title_prefixes"]:
        if fold(title) == fold(prefix) or fold(title).startswith(fold(prefix) + " "):
            title = title[len(prefix):].strip(" :-–")
            break
    if not title:  # "PHỤ LỤC" / "ĐỀ CƯƠNG BÁO CÁO" / "Kết quả thực hiện …": the title is the line after
        title = next((line.strip() for line in part.preamble.split("\n")
                      if len(line.split()) >= 3 and not line.strip().startswith("(")), "")
    title = re.split(r"\s*\((?:ban hành )?kèm theo", title, flags=re.IGNORECASE)[0].strip()  # "(Kèm theo …)"
    return title[:1].upper() + title[1:] if title else ""


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _part_number(piece: str) -> str:
    """ "Phần thứ nhất" → "1", "Phần II" → "2", "Phần 3" → "3"."""
    words = piece.split()
    if not words:
        return "X"
    ordinal = load_domain().ordinals.get(fold(words[-1]))
    if ordinal and ordinal > 0:
        return str(ordinal)
    last = _ID_PART.sub("", words[-1]).upper()
    if last and all(c in _ROMAN_VALUES for c in last):
        values = [_ROMAN_VALUES[c] for c in last]
        return str(sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)))
    return last or "X"


def section_ids(sections: Sequence[Section]) -> dict[int, str]:
    out: dict[int, str] = {}

    def visit(section: Section, parent: str) -> None:
        number = section.number.rsplit(".", 1)[-1]  # "1.2" under "1": the path is 1.2
        part = section.level == 0 or fold(number).startswith(("phần", "thứ"))  # "Phần thứ nhất", "PHẦN II"
        piece = f"P{_part_number(number)}" if part else (_ID_PART.sub("", number) or "X")
        ident = f"{parent}.{piece}" if parent else piece
        out[id(section)] = ident
        for child in section.children:
            visit(child, ident)
    for top in sections:
        visit(top, "")
    return out


def guidance(section: Section, title: str, outline_only: bool) -> str:
    """The lines under a heading that say what to write there (table lines and notes left out). In an
    ĐỀ CƯƠNG every line is guidance; in a document with its own text (last year's report) only lines
    in brackets or that start with a verb of instruction ("Nêu …")."""
    cues = mandate_cues()
    kept = []
    for line in section.text.split("\n"):
        text = line.strip().strip("-–•+ ").strip()
        if not text or _TABLE_LINE.search(text) or fold(text.strip("().…")) == fold(title.strip(".…")):
            continue
        if has(text, cues["not_guidance"]):
            continue
        bare = text.strip("()").strip()
        if outline_only or text.startswith("(") or any(fold(bare).startswith(fold(w) + " ")
                                                       for w in cues["guidance_starts"]):
            kept.append(bare.rstrip(";.") + ".")
    return " ".join(kept)


def table_of(section: Section, part: ParsedDocument, title: str, like: OutlineSection | None) -> TableSpec | None:
    table = next((t for t in part.tables if t.section == section.path and t.header), None)
    if table is None:
        return None
    cues = mandate_cues()
    names = " ".join(table.header)
    category = like.table.category if like and like.table else next(
        (str(r["category"]) for r in cues["table_category_cues"] if has(names, [r["cue"]])),
        str(cues["default_table_category"]))
    columns = tuple(" ".join(c.split()) for c in table.header if c.strip())
    return TableSpec(title=title, columns=columns, category=category)
