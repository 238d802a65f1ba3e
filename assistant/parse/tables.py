"""Summary tables (STT / Hoạt động / Số cuộc / Nam / Nữ / Cấp triển khai …) from text lines.

Two shapes arrive from real files: tab-separated rows, and columns flattened
into lines by PDF extraction ("Số người tham giaSTT Hoạt động Số cuộc/ Đoàn Nam Nữ",
then "1 Lễ phát động 01 98 97 Xã"). Both come out as a header plus rows of cells.
Pure functions; tables from .docx are already cells and skip this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.schema import Table
from assistant.vn.domain import load_domain

_NUMBER = re.compile(r"^\d[\d.,]*%?$")
_ROW_START = re.compile(r"^(\d{1,3})\s+(?=\D)")


_NUMBER_COLUMN = re.compile(r"^\s*S?TT(?:\s{2,}|\t|\s*$)")  # "TT" alone, or before the next cell of a header


def is_table_start(line: str) -> bool:
    return bool(re.search(r"STT(?![^\W\d_])", line) or _NUMBER_COLUMN.match(line)) or line.count("\t") >= 2 \
        or line.count(" | ") >= 2


def is_layout_header_line(line: str) -> bool:
    """A line of a header laid out with spaces above its "STT" line ("Số vụ      Nạn nhân"): short cells
    far apart, no sentence."""
    cells = _GAP.findall(line.strip())
    return bool(re.search(r"\S\s{3,}\S", line.strip())) and all(len(c) <= 30 for c in cells) \
        and not line.strip().endswith((".", ";", ":"))


def _cell_lines(parts: list[str]) -> list[str]:
    """A header flattened one cell per line, with a cell broken over lines made whole."""
    cells: list[str] = []
    for part in parts:
        # "Số tiền" / "(đồng)", "Đơn vị" / "tính", "Năm" / "2023": the rest of the cell above
        if cells and (part[:1] in "(/" or part[:1].islower() or cells[-1].endswith("/") or part.isdigit()):
            cells[-1] = f"{cells[-1]}{'' if cells[-1].endswith('/') else ' '}{part}"
        else:
            cells.append(part)
    return cells


def _known_names(text: str) -> list[tuple[int, int, str]]:
    """The known column names in a header's text (``domain.yaml``), the longest that fits first."""
    lowered = text.lower()
    spans: list[tuple[int, int, str]] = []
    for name in sorted(load_domain().table_columns, key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", lowered):
            if all(match.end() <= a or match.start() >= b for a, b, _ in spans):
                spans.append((match.start(), match.end(), name))
    return sorted(spans)


def _header_columns(parts: list[str]) -> list[str]:
    """The columns of a flattened header, in reading order: known column names (the longest that fits
    first, ``domain.yaml``), and any other words between them as a column of their own (one per line
    when the cells came one per line)."""
    # PDF extraction glues the group header to the first cell: "Số người tham giaSTT Hoạt động …"
    lines = [re.sub(r"\s+", " ", re.sub(r"(?<=\w)STT", " STT", p).replace("/ ", "/")).strip() for p in parts]
    cells = _cell_lines([line for line in lines if line])
    # one cell per line (no line holds two known names: "Tỷ lệ nữ (%)" is one): each line is a column
    if len(cells) >= 3 and all(len(cell) <= 40 and len(_known_names(cell)) <= 1 for cell in cells):
        return _under_groups(cells)
    squeezed = "\n".join(cells)
    spans = _known_names(squeezed)
    found, position = [], 0
    for start, end, name in [*spans, (len(squeezed), len(squeezed), "")]:
        for between in (piece.strip(" /|") for piece in squeezed[position:start].split("\n")):
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


def _under_groups(cells: list[str]) -> list[str]:
    """A header read one cell per line, the upper row first: the cells of the lower row, at the end
    ("Tổng số", "Nữ", "Tỷ lệ nữ (%)"), take the place of the group above them ("Kết quả năm 2023")."""
    from assistant.vn.normalize import fold

    domain = load_domain()
    run = 0
    while run < len(cells) and fold(cells[len(cells) - 1 - run]).startswith(domain.table_subcolumns):
        run += 1
    under = cells[len(cells) - run:]
    group = next((i for i, c in enumerate(cells[:len(cells) - run]) if fold(c).startswith(domain.table_column_groups)
                  and i > 0), None) if run >= 2 else None
    if group is None:
        return cells
    return cells[:group] + under + cells[group + 1:len(cells) - run]


_GAP = re.compile(r"\S+(?: \S+)*")  # a cell of a table laid out with spaces: words one space apart


def aligned_columns(lines: list[str]) -> bool:
    """Is this a table laid out in columns with spaces (a PDF read with its layout)?"""
    return any(len(_GAP.findall(line.strip())) >= 3 and "  " in line.strip() for line in lines[:4])


@dataclass(frozen=True)
class _Span:
    line: int
    start: int
    end: int
    text: str

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


def _spans(lines: list[str]) -> list[_Span]:
    return [_Span(i, m.start(), m.end(), m.group()) for i, line in enumerate(lines) for m in _GAP.finditer(line)]


def _is_group(span: _Span, spans: list[_Span]) -> bool:
    """A header cell centred over two or more cells of a line below it ("Nạn nhân" over "Tổng số  Nữ
    Trẻ em"): it only names its sub-columns. A cell with one of about its width below it is the top
    of a cell broken over lines ("Thực hiện" over "(triệu đồng)"), however it is centred."""
    width = span.end - span.start
    if any(o.line > span.line and o.start < span.end and span.start < o.end and o.end - o.start >= 0.6 * width
           for o in spans):
        return False
    below = [s for s in spans if s.line == span.line + 1]  # "Số người tham gia" over "Nam   Nữ", set left
    if sum(1 for s in below if span.start - width / 2 <= s.center <= span.end + width / 2) >= 2:
        return True
    for line in sorted({s.line for s in spans if s.line > span.line}):
        row = sorted((s for s in spans if s.line == line), key=lambda s: s.start)
        for i in range(len(row)):
            for j in range(i + 1, len(row)):
                group = row[i:j + 1]
                centre = sum(s.center for s in group) / len(group)
                if group[0].start <= span.start + 1 and group[-1].end >= span.end - 1 and \
                        abs(centre - span.center) <= max(3.0, 0.1 * (group[-1].end - group[0].start)):
                    return True
    return False


def _layout_columns(header_lines: list[str]) -> list[tuple[int, int, str]]:
    """The columns of a header laid out with spaces over several lines: cells that stand over one
    another are one column, read top to bottom ("Tỷ lệ thực" / "hiện (%)"); a group header is left
    out for its sub-columns. Each column as (start, end, name)."""
    spans = _spans(header_lines)
    leaves = [s for s in spans if not _is_group(s, spans)]
    columns: list[list[_Span]] = []
    for span in sorted(leaves, key=lambda s: (s.start, s.line)):
        home = next((c for c in columns if any(span.start < o.end + 1 and o.start < span.end + 1 for o in c)
                     and all(o.line != span.line for o in c)), None)
        if home is None:
            columns.append([span])
        else:
            home.append(span)
    out = []
    for column in sorted(columns, key=lambda c: min(s.start for s in c)):
        name = ""
        for span in sorted(column, key=lambda s: s.line):
            name += ("" if not name or name.endswith("/") else " ") + span.text
        out.append((min(s.start for s in column), max(s.end for s in column), name))
    return out


def parse_aligned(lines: list[str], title: str = "") -> Table:
    """A table laid out in columns with spaces (a PDF read with its layout): the header may take
    several lines, with groups over sub-columns and cells broken over lines; each row's cells go to
    the column they stand under, a cell broken onto the next line ("Quấy rối … nơi làm" / "việc")
    joined to it."""
    # the rows start at row 1 ("16 tuổi" under "Trẻ em dưới" is the header still)
    rows_at = next((i for i, line in enumerate(lines) if i and (m := _ROW_START.match(line.strip()))
                    and m.group(1).lstrip("0") == "1"), len(lines))
    columns = _layout_columns([line for line in lines[:rows_at] if line.strip()])

    def column(span: _Span) -> int:
        inside = [i for i, (a, b, _) in enumerate(columns) if a - 1 <= span.center <= b + 1]
        if inside:
            return inside[0]
        return min(range(len(columns)),
                   key=lambda i: min(abs(span.start - columns[i][0]), abs(span.end - columns[i][1])))

    rows: list[list[str]] = []
    for line in lines[rows_at:]:
        if not line.strip():
            continue
        cells = [""] * len(columns)
        for span in _spans([line]):
            i = column(span)
            cells[i] = f"{cells[i]} {span.text}".strip()
        wrapped = len(cells) > 1 and cells[1][:1].islower() and not cells[0] and not any(cells[2:])
        if rows and wrapped:  # the name cell went on onto this line ("… nơi làm" / "việc, nơi công cộng")
            rows[-1][1] = f"{rows[-1][1]} {cells[1]}"
        else:
            rows.append(cells)
    return Table(title=title, header=[name for _, _, name in columns], rows=rows)



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
    header = _header_columns(header_parts) or ["STT", "Nội dung"]
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


def grid_table(rows: list[list[str]], title: str = "") -> Table:
    """A table read as a grid of cells (a Word table). A second header row under merged group cells
    ("Số người tham gia" over "Nam | Nữ", "Trong đó" over "Nữ | Trẻ em gái") gives the sub-columns;
    Word repeats a cell merged down both rows, and one merged across is blank after its first column."""
    header, body = (rows[0], rows[1:]) if rows else ([], [])
    below = body[0] if body else []
    continues = bool(below) and len(below) == len(header) and below[0] in ("", header[0]) \
        and not any(ch.isdigit() for cell in below for ch in cell) \
        and any(b and b != a for a, b in zip(header, below, strict=True))
    if continues:
        header, body = [b if b and b != a else a for a, b in zip(header, below, strict=True)], body[1:]
    return Table(title=title, header=[h for h in header if h], rows=body)


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
