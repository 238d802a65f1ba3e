"""Moving through an outline: its leaves (the sections written one by one) in order, the next or
previous one to write from the section on screen, and how sections relate (one is part of the
other, a parent that fits nearly as well as its best part). Pure; reads ``Outline``s only."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.outlines import Outline, OutlineSection


def general(scored: list[tuple[float, OutlineSection]], margin: float) -> OutlineSection:
    """The best section, or its parent when the parent fits nearly as well ("the funding section"
    is the whole of "Kinh phí", not one of its sources)."""
    best_score, best = scored[0]
    parent = best.id.rsplit(".", 1)[0] if "." in best.id else ""
    return next((s for score, s in scored[1:] if s.id == parent and best_score - score < margin), best)


def get(outline: Outline, section_id: str) -> OutlineSection | None:
    return next((s for s in outline.all_sections() if s.id == section_id), None)


def related(a: OutlineSection, b: OutlineSection | None) -> bool:
    """One is the other, or a part of it."""
    if b is None:
        return False
    return a.id == b.id or a.id.startswith(b.id + ".") or b.id.startswith(a.id + ".")


def leaves(outline: Outline) -> list[OutlineSection]:
    return [s for s in outline.all_sections() if not s.children]


def step_from(outline: Outline, focus: str, drafted: Sequence[str], step: int,
          tables: bool = False) -> OutlineSection | None:
    """The next (``step`` 1) or previous (-1) section to write, a leaf; from nowhere, the first not
    drafted. With ``tables`` ("bảng kế tiếp"), the next or previous leaf that is a table."""
    in_order = leaves(outline)
    ids = [s.id for s in in_order]
    if not focus:
        found = [s for s in in_order if s.id not in drafted and (s.table is not None or not tables)]
        return (found[0] if found else in_order[0]) if step > 0 else None
    inside = [i for i, sid in enumerate(ids) if sid == focus or sid.startswith(focus + ".")]
    if not inside:
        return None
    index = inside[-1] + 1 if step > 0 else inside[0] - 1
    while tables and 0 <= index < len(in_order) and in_order[index].table is None:
        index += step
    if step > 0 and not tables:  # the next one to write: a part already drafted is passed over
        index = next((i for i in range(index, len(in_order)) if in_order[i].id not in drafted), index)
    return in_order[index] if 0 <= index < len(in_order) else None
