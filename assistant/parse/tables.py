"""Summary tables (STT / Hoạt động / Số cuộc / Nam / Nữ / Cấp triển khai …) from text lines.

Two shapes arrive from real files: tab-separated rows, and columns flattened
into lines by PDF extraction ("Số người tham giaSTT Hoạt động Số cuộc/ Đoàn Nam Nữ",
then "1 Lễ phát động 01 98 97 Xã"). Both come out as a header plus rows of cells.
Pure functions; tables from .docx are already cells and skip this module.
"""

from __future__ import annotations

import re

from assistant.core.schema import Table
from assistant.vn.domain import load_domain

_NUMBER = re.compile(r"^\d[\d.,]*%?$")
_ROW_START = re.compile(r"^(\d{1,3})\s+(?=\D)")


def is_table_start(line: str) -> bool:
    return bool(re.search(r"STT(?![^\W\d_])", line)) or line.count("\t") >= 2 or line.count(" | ") >= 2


def _header_columns(header_text: str) -> list[str]:
    """The columns of a flattened header, in reading order: known column names (the longest that fits
    first, ``domain.yaml``), and any other words between them as a column of their own."""
    # PDF extraction glues the group header to the first cell: "Số người tham giaSTT Hoạt động …"
    squeezed = re.sub(r"\s+", " ", re.sub(r"(?<=\w)STT", " STT", header_text).replace("/ ", "/")).strip()
    lowered = squeezed.lower()
    spans: list[tuple[int, int, str]] = []
    for name in sorted(load_domain().table_columns, key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lowered):
            if all(match.end() <= a or match.start() >= b for a, b, _ in spans):
                spans.append((match.start(), match.end(), name))
    spans.sort()
    found, position = [], 0
    for start, end, name in [*spans, (len(squeezed), len(squeezed), "")]:
        between = squeezed[position:start].strip(" /|")
        if 3 <= len(between) <= 40 and re.search(r"[^\W\d_]{2}", between):
            found.append(between)  # a column no list names: kept as written
        if name:
            found.append(name)
        position = end
    # "Số người tham gia/tiếp cận", "Chia theo giới tính" only group Nam and Nữ, which flattening moves
    # anywhere (the group glued before "STT", the genders after the level): they are placed below.
    genders = [c for c in found if c in ("Nam", "Nữ")]
    if not genders:
        return found
    rest = [c for c in found if c not in genders and not c.startswith(("Số người", "Chia theo"))]
    domain = load_domain()
    # before the columns that describe a row rather than count it ("Cấp triển khai", "Ghi chú"), else last
    at = next((i for i, c in enumerate(rest) if i > 1 and domain.column_role(c) in ("level", "note")), len(rest))
    return rest[:at] + genders + rest[at:]


_GAP = re.compile(r"\S+(?: \S+)*")  # a cell of a table laid out with spaces: words one space apart


def aligned_columns(lines: list[str]) -> bool:
    """Is this a table laid out in columns with spaces (a PDF read with its layout)?"""
    return len(_GAP.findall(lines[0].strip())) >= 3 if lines and "  " in lines[0].strip() else False


def _aligned_rows(lines: list[str], first: str, names: list[str], subcolumns: dict[int, list[str]],
                  title: str) -> Table:
    """The header with each group replaced by its sub-columns; each row's cells, left to right."""
    header = [n for i, name in enumerate(names) for n in subcolumns.get(i, [name])]
    rows = []
    for line in lines:
        cells = [m.group() for m in _GAP.finditer(line)]
        if cells:
            rows.append((cells + [""] * len(header))[:len(header)])
    return Table(title=title, header=header, rows=rows)


def parse_aligned(lines: list[str], title: str = "") -> Table:
    """A table laid out in columns with spaces: the columns start where the header's cells start; a
    header cell broken over two lines ("Số cuộc/" over "buổi") is joined; each row's cells go to the
    column they stand under."""
    rows_at = next((i for i, line in enumerate(lines) if i and _ROW_START.match(line.strip())), len(lines))
    header_lines = [line for line in lines[:rows_at] if line.strip()]
    starts = [m.start() for m in _GAP.finditer(header_lines[0])]
    names = [m.group() for m in _GAP.finditer(header_lines[0])]

    def column(position: int) -> int:
        return max(i for i, start in enumerate([-1, *starts[1:]]) if start <= position + 1)

    subcolumns: dict[int, list[str]] = {}
    for line in header_lines[1:]:
        pieces: dict[int, list[str]] = {}
        for match in _GAP.finditer(line):
            pieces.setdefault(column(match.start()), []).append(match.group())
        for i, found in pieces.items():
            if len(found) > 1:  # "Nam   Nữ" under "Số người tham gia": the group's sub-columns
                subcolumns[i] = found
            else:
                names[i] += ("" if names[i].endswith("/") else " ") + found[0]
    if subcolumns:  # rows put their cells by position: the sub-columns share their group's span
        return _aligned_rows(lines[rows_at:], header_lines[0], names, subcolumns, title)
    rows = []
    for line in lines[rows_at:]:
        if not line.strip():
            continue
        cells = [""] * len(names)
        for match in _GAP.finditer(line):
            i = column(match.start())
            cells[i] = f"{cells[i]} {match.group()}".strip()
        rows.append(cells)
    return Table(title=title, header=names, rows=rows)


def _split_row(cells_text: str, n_numbers: int) -> list[str]:
    tokens = cells_text.split()
    level_words = load_domain().table_level_words
    level = ""
    for word in sorted(level_words, key=lambda w: -len(w.split())):
        size = len(word.split())
        if len(tokens) > size and " ".join(tokens[-size:]).lower() == word.lower():
            level, tokens = word, tokens[:-size]
            break
    numbers: list[str] = []
    while tokens and _NUMBER.match(tokens[-1]) and len(numbers) < n_numbers:
        numbers.insert(0, tokens.pop())
    return [" ".join(tokens), *numbers, level]


def parse_flattened(lines: list[str], title: str = "") -> Table:
    """Parse a table whose header and rows were flattened into text lines."""
    stripped = [re.sub(r"\s+", " ", line).strip() for line in lines if line.strip()]
    header_parts: list[str] = []
    index = 0
    while index < len(stripped) and not _ROW_START.match(stripped[index]) and stripped[index] != "1":
        header_parts.append(stripped[index])
        index += 1
    header = _header_columns(" ".join(header_parts)) or ["STT", "Nội dung"]
    rows_text: list[str] = []
    expected = 1
    for line in stripped[index:]:
        match = _ROW_START.match(line)
        if match and int(match.group(1)) == expected:
            rows_text.append(line)
            expected += 1
        elif rows_text:
            rows_text[-1] += " " + line
    n_numbers = max(0, len(header) - 3) if "Cấp triển khai" in header else max(0, len(header) - 2)
    rows = []
    for row_text in rows_text:
        number, rest = row_text.split(" ", 1)
        name, *values = _split_row(rest, n_numbers)
        level = values.pop() if "Cấp triển khai" in header else ""
        values += [""] * (n_numbers - len(values))
        # A row with fewer figures than columns keeps them left-aligned (count first).
        row = [number, name, *values]
        if "Cấp triển khai" in header:
            row.append(level)
        rows.append(row[: len(header)] + [""] * (len(header) - len(row)))
    return Table(title=title, header=header, rows=rows)


def parse_tab_separated(lines: list[str], title: str = "", separator: str = "\t") -> Table:
    """A table whose cells are separated by tabs (or by "|", as a web page or Markdown gives them)."""
    if separator == "|":
        lines = [line.strip().removeprefix("|").removesuffix("|") for line in lines
                 if not re.fullmatch(r"[\s|:\-]+", line)]  # no "|---|---|" rule line
    cells = [[c.strip() for c in line.split(separator)] for line in lines if line.strip()]
    header = cells[0] if cells else []
    rows = cells[1:]
    below = rows[0] if rows else []
    # A header on two lines: "Số người tham gia" over "Nam | Nữ" (no row number, no figure below it).
    if below and not below[0] and any(below) and not any(ch.isdigit() for cell in below for ch in cell):
        rows = rows[1:]
        width = max(len(header), len(below))
        merged = []
        for i in range(width):
            above, under = (header[i] if i < len(header) else ""), (below[i] if i < len(below) else "")
            # a sub-column under a group ("Nam" under "Số người tham gia") takes its place; the rest of a
            # header cell broken over two rows ("Đơn vị" / "tính") joins it
            grouped = not above or (i + 1 < width and not (header[i + 1] if i + 1 < len(header) else "")
                                    and (below[i + 1] if i + 1 < len(below) else ""))
            merged.append(under if under and (grouped or not above) else f"{above} {under}".strip())
        header = [h for h in merged if h]
    return Table(title=title, header=header, rows=rows)


def parse_table_lines(lines: list[str], title: str = "") -> Table:
    filled = len([x for x in lines if x.strip()])
    tabbed = sum(1 for line in lines if line.count("\t") >= 2)
    if tabbed >= max(2, filled // 2):
        return parse_tab_separated([x for x in lines if "\t" in x], title)
    if aligned_columns([x for x in lines if x.strip()]):
        return parse_aligned(lines, title)
    piped = sum(1 for line in lines if line.count("|") >= 2)
    if piped >= max(2, filled // 2):
        return parse_tab_separated([x for x in lines if "|" in x], title, "|")
    return parse_flattened(lines, title)


def render_table(table: Table) -> str:
    """Text form used for chunks and search: one row per line, cells joined by " | "."""
    lines = [table.title] if table.title else []
    lines.append(" | ".join(table.header))
    lines.extend(" | ".join(cell for cell in row) for row in table.rows)
    return "\n".join(lines)
