"""Parse a document's blocks into its structure: kind, title, unit, date, number,
a section tree by Vietnamese numbering (Phần, Mục, I., 1., a)), tables, slogans,
closing parts, and attachments (an ĐỀ CƯƠNG after the signature is its own part).

Pure: takes ``Block``s (lines of a text/PDF file, or paragraphs and tables of a
.docx) and returns a ``ParsedDocument``. Reading files is ``readers.py``'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.schema import Block, Closing, ParsedDocument, Section, Slogan, Table
from assistant.parse import header as hdr
from assistant.parse.opening import find_block, join_broken_kind, read_opening, unfold_closing_tables
from assistant.parse.tables import grid_table, is_layout_header_line, is_table_start, parse_table_lines, render_table
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, join_lines, normalize_text

_ROMAN = re.compile(r"^(?=[IVXLC])(X{0,3})(IX|IV|V?I{0,3})$")
_HEADINGS: list[tuple[str, int, re.Pattern[str]]] = [
    ("phan", 0, re.compile(r"^(?:PHẦN|Phần)\s+((?:THỨ|thứ)\s+\w+|[IVXLC\d]+)\s*[.:\-–]?\s*(.*)$")),
    ("muc", 1, re.compile(r"^(?:MỤC|Mục)\s+([IVXLC\d]+)\s*[.:\-–]?\s*(.*)$")),
    ("roman", 2, re.compile(r"^([IVXLC]+)\s*[.\-–)]\s*(\S.*)$")),
    ("part", 1, re.compile(r"^([A-ZĐ])\.\s+(\S.*)$")),  # "A. KẾT QUẢ …", "B. PHƯƠNG HƯỚNG …" (title in capitals)
    # "1.", "1)", "1.2."; as some offices write them, "1/" and "1-" ("1/ Công tác chỉ đạo")
    ("arabic", 3, re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s*(?:[.)]|/(?!\d)|-(?=\s))\s*(\D.*)$")),
    ("letter", 5, re.compile(r"^([a-zđ])(?:\)|/(?!\w))\s*(\S.*)$")),
]
_STYLE_LEVEL = {"heading 1": 2, "heading 2": 3, "heading 3": 5, "title": 0}
_BULLET = re.compile(r"^[-+•–*]\s*")
_TABLE_MARK = "\x00table:"
_CONTAINERS = ("PHỤ LỤC", "ĐỀ CƯƠNG")  # kinds that only carry what is attached


@dataclass
class _Heading:
    kind: str
    level: int
    number: str
    title: str
    text: str


def match_heading(paragraph: str, style: str = "") -> _Heading | None:
    """Classify a paragraph as a heading and split it into number, title and inline text."""
    for kind, level, pattern in _HEADINGS:
        match = pattern.match(paragraph)
        if not match:
            continue
        number, rest = match.group(1), match.group(2).strip()
        if kind == "roman" and not _ROMAN.match(number):
            continue
        if kind == "part" and rest != rest.upper():
            continue  # "A. Nguyễn …" is no part of an outline
        if kind == "arabic":
            level += number.count(".")
        title, text = _split_title(rest, kind)
        return _Heading(kind, level, number, title, text)
    style_level = _STYLE_LEVEL.get(style.lower())
    if style_level is not None and paragraph:
        return _Heading("style", style_level, "", paragraph.rstrip(":"), "")
    return None


def _split_title(rest: str, kind: str) -> tuple[str, str]:
    # "PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024 (Nêu các nhiệm vụ …)": the bracket is what to write, not the title
    bracket = re.search(r"\s\((?=[A-ZĐÀ-Ỹ][^)]{15,})", rest)
    if bracket and len(rest[:bracket.start()].split()) >= 2 and ":" not in rest[:bracket.start()]:
        return rest[:bracket.start()].strip().rstrip(":"), rest[bracket.start():].strip()
    colon = rest.find(":")
    if 0 < colon <= 120 and colon < len(rest) - 1:
        return rest[:colon].strip(), rest[colon + 1 :].strip()
    rest = rest.rstrip(":").strip()
    if kind in ("phan", "muc", "roman") or len(rest) <= 160:
        return rest, ""
    words = rest.split()
    return " ".join(words[:12]) + " …", rest





def parse_document(blocks: list[Block], source: str) -> ParsedDocument:
    normalized = [
        Block(text=normalize_text(b.text), style=b.style, rows=b.rows) for b in blocks
    ]
    return _parse_part(unfold_closing_tables(normalized), source)


def _parse_part(blocks: list[Block], source: str, parent_year: int | None = None,
                attached: bool = False) -> ParsedDocument:
    domain = load_domain()
    doc = ParsedDocument(source=source)
    blocks = join_broken_kind(blocks)
    info, body_start = read_opening(blocks, doc)
    doc.governing_body, doc.issuer, doc.number = info.governing_body, info.issuer, info.number
    doc.date = info.date

    closing_at = find_block(blocks, body_start, lambda t: fold(t).startswith("nơi nhận"))
    if closing_at < 0:
        closing_at = find_block(blocks, body_start, hdr.is_signature_line)
    attach_at = -1
    if closing_at >= 0:
        attach_at = find_block(blocks, closing_at + 1, lambda t: domain.kind_of_line(t) is not None)
    # a plan attached to a decision may run straight into its own outline ("PHỤ LỤC", "ĐỀ CƯƠNG BÁO CÁO")
    # with no closing of its own between them: the outline is an attachment all the same
    inner = find_block(blocks, body_start + 1, lambda t: domain.kind_of_line(t) in _CONTAINERS) \
        if parent_year is not None or attached else -1
    if inner >= 0 and (closing_at < 0 or inner < closing_at):
        closing_at, attach_at = -1, inner
    body_end = closing_at if closing_at >= 0 else (attach_at if attach_at >= 0 else len(blocks))
    formula_at = -1
    for index in range(body_end - 1, body_start - 1, -1):
        if blocks[index].rows is None and fold(blocks[index].text).startswith("trên đây"):
            formula_at = index
            break

    closing_end = attach_at if attach_at >= 0 else len(blocks)
    if closing_at >= 0:
        doc.closing = hdr.parse_closing([b.text for b in blocks[closing_at:closing_end] if b.rows is None])
    else:
        doc.closing = Closing()
    if formula_at >= 0:
        formula_end = closing_at if closing_at >= 0 else body_end
        lines = [b.text for b in blocks[formula_at:formula_end] if b.rows is None]
        doc.closing.formula = " ".join(join_lines(lines))
        body_end = min(body_end, formula_at)

    paragraphs, tables = _body_paragraphs(blocks[body_start:body_end])
    doc.preamble, doc.sections = _build_tree(paragraphs, tables)
    doc.tables = tables
    _fill_unit(doc, info)
    doc.year = doc.year or parent_year
    doc.slogans = _slogans(doc)
    if attach_at >= 0:
        doc.attachments.append(_parse_part(blocks[attach_at:], source, doc.year, attached=True))
    if not doc.sections and not doc.preamble:
        doc.warnings.append("no body text found")
    return doc


def _is_heading_line(text: str) -> bool:
    heading = match_heading(text)
    return heading is not None and heading.kind != "style"


def _body_paragraphs(blocks: list[Block]) -> tuple[list[tuple[str, str]], list[Table]]:
    """(paragraph, style) pairs with tables replaced by markers, and the tables."""
    out: list[tuple[str, str]] = []
    tables: list[Table] = []
    pending: list[str] = []

    def flush() -> None:
        out.extend((p, "") for p in join_lines(pending))
        pending.clear()

    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.rows is not None:
            flush()
            rows = [[normalize_text(c).strip() for c in row] for row in block.rows]
            tables.append(grid_table(rows))
            out.append((f"{_TABLE_MARK}{len(tables) - 1}", ""))
            index += 1
        elif block.style == "line" and is_table_start(block.text):
            end = _table_end(blocks, index)
            above = _header_above(pending, block.text)
            lines = above + [b.text for b in blocks[index:end]]
            table = parse_table_lines(lines)
            if not table.rows and (len(table.header) < 2 or any(len(line.strip()) > 100 for line in lines)):
                pending.extend([*above, block.text])  # prose with "STT"; a web page's "Chia sẻ: Facebook | Zalo"
                index += 1
                continue
            flush()
            tables.append(table)
            out.append((f"{_TABLE_MARK}{len(tables) - 1}", ""))
            index = end
        elif block.style == "line":
            pending.append(block.text)
            index += 1
        else:
            flush()
            if block.text.strip():
                out.append((" ".join(block.text.split()), block.style))
            index += 1
    flush()
    return out, tables


def _header_above(pending: list[str], start_line: str) -> list[str]:
    """The lines of a header laid out with spaces that stand above its "STT" line ("Số vụ   Nạn nhân"),
    taken from the text before it."""
    if not re.search(r"\S\s{3,}\S", start_line.strip()):
        return []
    taken: list[str] = []
    while pending and len(taken) < 3 and pending[-1].strip() and is_layout_header_line(pending[-1]) \
            and not _is_heading_line(pending[-1].strip()):
        taken.insert(0, pending.pop())
    return taken


def _table_end(blocks: list[Block], start: int) -> int:
    """Where a table that starts at ``start`` ends: tab rows stop at the first line without tabs;
    flattened rows at a heading, the closing parts, or a long line of prose."""
    tabbed = blocks[start].text.count("\t") >= 2
    end = start + 1
    while end < len(blocks) and blocks[end].rows is None:
        text = blocks[end].text.strip()
        if text:
            if tabbed and "\t" not in blocks[end].text:
                break
            if _is_heading_line(text) or _is_closing_start(text):
                break
            if not tabbed and len(text) > 100 and not text[:1].isdigit():
                break
        end += 1
    return end


def _is_closing_start(text: str) -> bool:
    return fold(text).startswith(("trên đây", "nơi nhận"))


def _build_tree(paragraphs: list[tuple[str, str]], tables: list[Table]) -> tuple[str, list[Section]]:
    roots: list[Section] = []
    stack: list[Section] = []
    preamble: list[str] = []
    counters: dict[int, int] = {}
    untitled: Section | None = None
    for paragraph, style in paragraphs:
        if paragraph.startswith(_TABLE_MARK):
            table = tables[int(paragraph[len(_TABLE_MARK):])]
            if stack:
                table.section = stack[-1].path
                table.title = table.title or stack[-1].title
                _append_text(stack[-1], render_table(table))
            else:
                preamble.append(render_table(table))
            continue
        heading = match_heading(paragraph, style)
        if heading is None and untitled is not None and paragraph.isupper():
            untitled.title, untitled = paragraph.rstrip(":"), None  # "Phần thứ nhất" / "KẾT QUẢ …"
            continue
        untitled = None
        if heading is None:
            if stack:
                _append_text(stack[-1], paragraph)
            else:
                preamble.append(paragraph)
            continue
        while stack and stack[-1].level >= heading.level:
            stack.pop()
        counters[heading.level] = counters.get(heading.level, 0) + 1
        number = heading.number or str(counters[heading.level])
        parent = stack[-1] if stack else None
        if parent is not None and number.startswith(parent.number + "."):  # "1.2." under "1.": its path is 1.2
            path = f"{parent.path}.{number[len(parent.number) + 1:]}"
        else:
            path = f"{parent.path}.{number}" if parent else number
        section = Section(number=number, title=heading.title, text=heading.text,
                          level=heading.level, path=path)
        (stack[-1].children if stack else roots).append(section)
        stack.append(section)
        if heading.kind in ("phan", "muc") and not (heading.title or heading.text):
            untitled = section  # its title is on the next line
        for deeper in [lvl for lvl in counters if lvl > heading.level]:
            counters[deeper] = 0
    return "\n".join(preamble), roots


def _append_text(section: Section, text: str) -> None:
    section.text = f"{section.text}\n{text}" if section.text else text


def _fill_unit(doc: ParsedDocument, info: hdr.HeaderInfo) -> None:
    candidates = [doc.issuer, doc.title, doc.closing.formula, " ".join(doc.closing.signature.authority)]
    for text in candidates:
        level, place = hdr.find_unit(text or "")
        if place:
            doc.level, doc.place = level, place
            break
    if not doc.level:
        doc.level = next((hdr.level_of(t) for t in candidates if t and hdr.level_of(t)), "")
    if not doc.place and info.date_place:  # "Hà Giang, ngày 18 tháng 07 năm 2016"
        doc.place = info.date_place
    if not doc.issuer and doc.place:
        doc.issuer = f"Uỷ ban nhân dân {doc.level} {doc.place}"
    doc.year = hdr.year_of(doc.title) or info.year or hdr.year_of(doc.closing.formula, doc.preamble)


def _slogans(doc: ParsedDocument) -> list[Slogan]:
    domain = load_domain()
    slogans: list[Slogan] = []
    done: set[int] = set()
    for section in doc.all_sections():
        if id(section) in done:
            continue
        if not any(k in fold(section.title) for k in domain.slogan_section_keywords):
            continue
        done.update(id(s) for s in section.walk())
        for group in section.children or [section]:
            title = fold(group.title)
            scored = [(sum(k in title for k in g.keywords), g) for g in domain.slogan_groups]
            best_score, best = max(scored, key=lambda pair: pair[0])
            group_id = best.id if best_score else "khac"
            for line in group.text.split("\n"):
                if _BULLET.match(line):
                    text = _BULLET.sub("", line).strip().rstrip(".").strip()
                    if text:
                        slogans.append(Slogan(group_id, group.title, text, doc.year))
    return slogans
