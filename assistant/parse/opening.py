"""The opening of a document, as it arrives: the header lines before the type line (a Word
header table's rows read side by side), the type line (also broken in two), the title after it; a
công văn's header, "V/v" subject and addressees when it has no type line.

Pure: takes ``Block``s, writes the kind and title into a ``ParsedDocument`` and returns the
``HeaderInfo`` that ``header.parse_header`` reads from the header lines. The body is ``structure``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.core.schema import Block, ParsedDocument
from assistant.parse import header as hdr
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold


def find_block(blocks: list[Block], start: int, predicate: Callable[[str], bool]) -> int:
    """The first line block from ``start`` whose text matches; -1 when none."""
    for index in range(start, len(blocks)):
        if blocks[index].rows is None and predicate(blocks[index].text.strip()):
            return index
    return -1


def read_opening(blocks: list[Block], doc: ParsedDocument) -> tuple[hdr.HeaderInfo, int]:
    """The header before the type line ("BÁO CÁO", "KẾ HOẠCH" …), the type and the title after it,
    written into ``doc``; returns the header read and where the body starts."""
    domain = load_domain()
    kind_at = find_block(blocks[:80], 0, lambda t: domain.kind_of_line(t) is not None)
    if kind_at < 0:
        return _letter_header(blocks, doc)
    doc.kind = domain.kind_of_line(blocks[kind_at].text.strip()) or ""
    info = hdr.parse_header(_header_lines(blocks[:kind_at]))
    title_lines = [b.text if b.rows is None else "" for b in blocks[kind_at + 1 : kind_at + 12]]
    doc.title, consumed = hdr.extract_title(title_lines)
    return info, kind_at + 1 + consumed


_SUBJECT = re.compile(r"(?i)^(v/v|về việc)\b[.:]?\s*")
_GREETING = re.compile(r"(?i)^kính\s+gửi\b")


def _letter_header(blocks: list[Block], doc: ParsedDocument) -> tuple[hdr.HeaderInfo, int]:
    """A công văn has no type line: its number, date and issuer stand before its "V/v" subject and
    "Kính gửi" (the date line may follow the subject); the body starts after the addressees."""
    subject_at = find_block(blocks[:20], 0, lambda t: bool(_SUBJECT.match(t)))
    greeting_at = find_block(blocks[:25], max(subject_at, 0), lambda t: bool(_GREETING.match(t)))
    if subject_at < 0 and greeting_at < 0:
        doc.warnings.append("no document type line (BÁO CÁO, KẾ HOẠCH …) found")
        return hdr.parse_header(_header_lines(blocks[:8])), 0
    doc.kind = "CÔNG VĂN"
    end = greeting_at if greeting_at >= 0 else subject_at + 1
    subject: list[str] = []
    header: list[Block] = []
    for index, block in enumerate(blocks[:end]):
        text = block.text.strip()
        if index == subject_at:
            subject.append(_SUBJECT.sub("", text))
        elif subject and len(subject) == index - subject_at and text[:1].islower():
            subject.append(text)  # the subject wrapped onto the next line
        else:
            header.append(block)
    doc.title = " ".join(subject)
    body_start = end
    if greeting_at >= 0:  # "Kính gửi:" then the addressees, one per line ("- Ủy ban nhân dân …;")
        body_start = greeting_at + 1
        while body_start < len(blocks) and blocks[body_start].text.strip().startswith(("-", "+", "•")):
            body_start += 1
    return hdr.parse_header(_header_lines(header)), body_start


def join_broken_kind(blocks: list[Block]) -> list[Block]:
    """A type line broken in two ("QUYẾT" / "ĐỊNH") made whole, within the first 40 blocks."""
    domain, out = load_domain(), list(blocks)
    for index in range(min(len(out) - 1, 40)):
        first, second = out[index], out[index + 1]
        if first.rows is None and second.rows is None and first.text.strip().isupper() and \
                domain.kind_of_line(first.text.strip()) is None and \
                domain.kind_of_line(f"{first.text.strip()} {second.text.strip()}") is not None:
            out[index:index + 2] = [Block(text=f"{first.text.strip()} {second.text.strip()}", style=first.style)]
            break
    return out


def unfold_closing_tables(blocks: list[Block]) -> list[Block]:
    """Word files set "Nơi nhận" and the signature side by side in a borderless table (the national
    layout, and this program's own export): such a table is read as its lines, the recipients first,
    then the signature, so that the closing and what is attached after it are found as in a text file."""
    out: list[Block] = []
    for block in blocks:
        rows = block.rows or []
        cells = [cell for row in rows for cell in row if cell.strip()]
        lines = [line.strip() for cell in cells for line in cell.splitlines() if line.strip()]
        closing = len(rows) <= 3 and any(fold(line).startswith("nơi nhận") or hdr.is_signature_line(line)
                                         for line in lines)
        out.extend([Block(text=line) for line in lines] if rows and closing else [block])
    return out


def _header_lines(blocks: list[Block]) -> list[str]:
    """The header's lines; a header laid out as a (borderless) two-column table gives each row as
    its cells side by side, the way extraction flattens the national layout."""
    return ["   ".join(c for c in row if c) for b in blocks for row in (b.rows or [[b.text]])]
