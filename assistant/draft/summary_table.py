"""The summary tables of a document, computed from the officer's figure rows, never generated.

Each column shows what its name says (``Domain.column_role``), so a higher level's table with other
columns or another order ("Nền tảng số | Số tin, bài | Lượt tiếp cận") is filled as well; a column
no fact fills is "[…]" for the officer. Totals are sums of the rows; a column nobody filled stays
blank in the total, and so does a "Số lượng" whose rows count unlike things (banners, leaflets).
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.facts import Facts, FigureRow
from assistant.core.outlines import OutlineSection
from assistant.core.schema import PLACEHOLDER
from assistant.vn.domain import load_domain


def table_text(section: OutlineSection, facts: Facts) -> str:
    """A summary table from the facts' rows, totals computed; one placeholder row when none.

    Each column shows what its name says (``Domain.column_role``): a higher level's table may order
    the columns otherwise or add one ("Lượt tiếp cận" = men and women together); a column no fact
    fills is "[…]" in every row, for the officer to fill.
    """
    assert section.table is not None
    domain = load_domain()
    columns = list(section.table.columns)
    roles = [domain.column_role(c) for c in columns]
    lines = [" | ".join(columns)]
    rows = [r for r in facts.figures if r.category == section.table.category]

    def people(row: FigureRow) -> int | None:
        return None if row.male is None or row.female is None else row.male + row.female

    values: dict[str, Callable[[FigureRow], int | None]] = {
        "count": lambda r: r.count, "male": lambda r: r.male, "female": lambda r: r.female, "people": people}
    for number, row in enumerate(rows, start=1):
        cells = []
        for role in roles:
            if role == "number":
                cells.append(str(number))
            elif role == "name":
                cells.append(row.activity)
            elif role == "level":
                cells.append(row.level)
            elif role in values:
                value = values[role](row)
                cells.append("" if value is None else str(value))
            else:
                cells.append(PLACEHOLDER)
        lines.append(" | ".join(cells))
    if rows:
        # a column no row fills stays blank in the total (0 would be a figure nobody gave)
        total = []
        for column, role in zip(columns, roles, strict=True):
            summed = role in values and (role != "count" or domain.sums_counts(column))
            got = [values[role](r) for r in rows] if summed else []
            total.append(str(sum(v or 0 for v in got)) if any(v is not None for v in got) else "")
        label = next((i for i, role in enumerate(roles) if role == "name"), 1 if len(roles) > 1 else 0)
        total[label] = domain.phrases["total"]
        lines.append(" | ".join(total))
    else:
        lines.append(" | ".join("1" if role == "number" else PLACEHOLDER for role in roles))
    return "\n".join(lines)
