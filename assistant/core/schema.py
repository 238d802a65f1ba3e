"""Plain dataclasses passed between stages: parsed documents, chunks, search results; and the marks a
draft leaves for the officer (a blank "[…]", a line to confirm "[nếu có]", a name to check), with
the small text functions that set, find and count them, which every stage from drafting to the UI reads.

No other behaviour beyond conversion to JSON-ready dicts.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

PLACEHOLDER = "[…]"  # a figure or fact the officer must fill; shown as it is in every draft
# Before a line another unit's precedent says was done, lent where the officer has said nothing of the
# section: the officer keeps the line (deleting the mark) only if the unit did the same, else deletes it.
CONFIRM = "[nếu có]"
FLAG = "[kiểm tra:"  # opens a name to check ("[kiểm tra: Phòng Lao động - Thương binh và Xã hội]")


_BULLET = re.compile(r"^(\s*(?:[-–•+]\s+)?)")


def mark_to_confirm(line: str) -> str:
    """The line with "[nếu có]" at its start, after a bullet ("- [nếu có] Đài truyền thanh …")."""
    if is_marked(line):
        return line
    bullet = _BULLET.match(line)
    lead = bullet.group(1) if bullet else ""
    return f"{lead}{CONFIRM} {line[len(lead):]}"


def is_marked(line: str) -> bool:
    """Does the line start (after a bullet) with the mark "[nếu có]"?"""
    return line[len(_BULLET.match(line).group(1)):].startswith(CONFIRM)  # type: ignore[union-attr]


def unmark(line: str) -> str:
    """The line without its "[nếu có]" marks, wherever a model put them, spaces tidied."""
    text = re.sub(r"\s*" + re.escape(CONFIRM) + r"\s*", " ", line)
    return re.sub(r"\s+([.,;:])", r"\1", text).strip() if text != line else line


def unfinished(text: str) -> dict[str, int]:
    """What a text still asks of the officer: slots to fill, lines to confirm, names to check."""
    return {"placeholder": text.count(PLACEHOLDER), "confirm": text.count(CONFIRM), "flag": text.count(FLAG)}


@dataclass
class Block:
    """One unit read from a file: a paragraph (with its Word style if any) or a table."""

    text: str = ""
    style: str = ""  # e.g. "Heading 1", "List Number" for .docx; "" for plain text
    rows: list[list[str]] | None = None  # set for a table


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    section: str = ""  # section path the table belongs to, e.g. "III.1"


@dataclass
class Slogan:
    group: str  # a slogan group id from data/domain.yaml, or "khac"
    group_title: str
    text: str
    year: int | None = None


@dataclass
class Signature:
    authority: list[str] = field(default_factory=list)  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    title: str = ""  # "PHÓ CHỦ TỊCH"
    name: str = ""


@dataclass
class Closing:
    formula: str = ""  # "Trên đây là báo cáo …./."
    recipients: list[str] = field(default_factory=list)
    signature: Signature = field(default_factory=Signature)


@dataclass
class Section:
    number: str  # "I", "1", "a", "Phần I"
    title: str
    text: str = ""
    level: int = 0
    path: str = ""  # "I.3" or "II.3.a"
    children: list[Section] = field(default_factory=list)

    def walk(self) -> list[Section]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title,
            "path": self.path,
            "text": self.text,
            "children": [c.to_dict() for c in self.children],
        }


@dataclass
class ParsedDocument:
    source: str
    kind: str = ""  # "BÁO CÁO", "KẾ HOẠCH", "ĐỀ CƯƠNG", …
    title: str = ""
    issuer: str = ""
    governing_body: str = ""
    level: str = ""  # xã, phường, thị trấn, huyện, thị xã, thành phố, tỉnh, quận
    place: str = ""
    date: str = ""  # ISO yyyy-mm-dd when known
    year: int | None = None
    number: str = ""  # "236/BC-UBND"
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    slogans: list[Slogan] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    closing: Closing = field(default_factory=Closing)
    attachments: list[ParsedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def all_sections(self) -> list[Section]:
        out: list[Section] = []
        for s in self.sections:
            out.extend(s.walk())
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "title": self.title,
            "issuer": self.issuer,
            "governing_body": self.governing_body,
            "level": self.level,
            "place": self.place,
            "date": self.date,
            "year": self.year,
            "number": self.number,
            "preamble": self.preamble,
            "sections": [s.to_dict() for s in self.sections],
            "slogans": [asdict(s) for s in self.slogans],
            "tables": [asdict(t) for t in self.tables],
            "closing": asdict(self.closing),
            "attachments": [a.to_dict() for a in self.attachments],
            "warnings": list(self.warnings),
        }


@dataclass
class Chunk:
    id: str
    text: str  # what is shown: the passage itself
    embed_text: str  # what is searched by BM25: heading path + passage
    metadata: dict[str, Any]
    units: list[str] = field(default_factory=list)  # paragraphs embedded one by one (dense side)


@dataclass
class SearchResult:
    id: str
    source: str
    section: str
    title: str
    text: str
    score: float
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "score": round(float(self.score), 6),
        }


@dataclass(frozen=True)
class DraftWarning:
    """Something the officer must look at: an unsupported figure, a stale name, a placeholder."""
    code: str  # figure / stale-name / stale-year / defunct-body / placeholder / fallback / instruction / …
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Citation:
    """A precedent passage a draft used, cited in the text as [n]."""
    number: int
    source: str
    section: str
    title: str
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.number, "source": self.source, "section": self.section, "title": self.title}


@dataclass
class Draft:
    kind: str
    section: str
    title: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    warnings: list[DraftWarning] = field(default_factory=list)
    backend: str = "extractive"
    instruction: str = ""
    # The precedent passages the draft was made from (shown beside it); not kept in the record.
    sources: list[SearchResult] = field(default_factory=list, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "warnings": [w.to_dict() for w in self.warnings],
            "backend": self.backend,
            "instruction": self.instruction,
        }
