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
    return bool(re.search(r"STT(?![^\W\d_])", line)) or line.count("\t") >= 2


def _header_columns(header_text: str) -> list[str]:
    """Known column names found in the flattened header, in their canonical order."""
    squeezed = re.sub(r"\s+", " ", header_text.replace("/ ", "/")).lower()
    found = ["STT"] if "STT" in header_text else []
    for name in load_domain().table_columns:
        if name == "STT":
            continue
        if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", squeezed):
            found.append(name)
    # "Số người tham gia/tiếp cận" only groups Nam and Nữ; it is not a column of its own.
    if "Nam" in found or "Nữ" in found:
        found = [c for c in found if not c.startswith("Số người")]
    return found


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
    while index < len(stripped) and not _ROW_START.match(stripped[index]):
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


def parse_tab_separated(lines: list[str], title: str = "") -> Table:
    cells = [[c.strip() for c in line.split("\t")] for line in lines if line.strip()]
    header = cells[0] if cells else []
    rows = cells[1:]
    below = rows[0] if rows else []
    # A header on two lines: "Số người tham gia" over "Nam | Nữ" (no row number, no figure below it).
    if below and not below[0] and any(below) and not any(ch.isdigit() for cell in below for ch in cell):
        rows = rows[1:]
        width = max(len(header), len(below))
        merged = [(below[i] if i < len(below) else "") or (header[i] if i < len(header) else "")
                  for i in range(width)]
        header = [h for h in merged if h]
    return Table(title=title, header=header, rows=rows)


def parse_table_lines(lines: list[str], title: str = "") -> Table:
    tabbed = sum(1 for line in lines if line.count("\t") >= 2)
    if tabbed >= max(2, len([x for x in lines if x.strip()]) // 2):
        return parse_tab_separated([x for x in lines if "\t" in x], title)
    return parse_flattened(lines, title)


def render_table(table: Table) -> str:
    """Text form used for chunks and search: one row per line, cells joined by " | "."""
    lines = [table.title] if table.title else []
    lines.append(" | ".join(table.header))
    lines.extend(" | ".join(cell for cell in row) for row in table.rows)
    return "\n".join(lines)
