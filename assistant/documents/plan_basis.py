"""The report built on the officer's own plan: when the unit's plan of the same campaign and year is in
the corpus, its reference, its theme and its planned activities feed the report.

``find_own_plan`` picks the plan among the indexed documents (same place and level, same year, a
plan whose title the report's outline recognises as the same campaign); ``read_plan_basis`` reads
its number, date, title, theme and planned activities from the parsed file; ``with_plan`` gives the
facts the report is drafted from: the plan's reference and theme where the officer gave none, and
the planned activities, which the drafter lists as lines to confirm ("Theo kế hoạch: …; kết quả:
[…]"), never as facts done. Reads no file itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from assistant.core.facts import Facts
from assistant.core.outlines import Outline
from assistant.core.schema import ParsedDocument, Section
from assistant.vn.normalize import fold

PLAN_KIND = "KẾ HOẠCH"
MAX_ACTIVITY_CHARS = 180
# The sections of a plan that list what the unit will do, by words of their titles.
ACTIVITY_SECTION_CUES = ("hoạt động trọng tâm", "các hoạt động", "nội dung hoạt động", "nhiệm vụ trọng tâm",
                         "nhiệm vụ và giải pháp", "nội dung thực hiện", "nội dung triển khai")
THEME_SECTION_CUES = ("chủ đề",)
_QUOTED = re.compile(r"[“\"]([^”\"]{12,})[”\"]")


@dataclass(frozen=True)
class PlanBasis:
    source: str
    reference: str  # "Kế hoạch số 65/KH-UBND ngày 01/11/2025 của Ủy ban nhân dân xã Hòa An"
    theme: str
    activities: tuple[str, ...]


def find_own_plan(documents: Iterable[Any], report: Outline, facts: Facts) -> str | None:
    """The source of the unit's own plan of the report's campaign and year among the indexed
    documents (each with ``source``, ``kind``, ``year``, ``level``, ``place``, ``title``), or None."""
    if fold(report.kind) != fold("BÁO CÁO") or not facts.place or facts.year is None:
        return None
    found = []
    for doc in documents:
        title = fold(doc.title)
        if (fold(doc.kind) == fold(PLAN_KIND) and doc.year == facts.year and fold(doc.place) == fold(facts.place)
                and (not doc.level or not facts.level or fold(doc.level) == fold(facts.level))
                and (not report.title_keywords or any(k in title for k in report.title_keywords))
                and not any(k in title for k in report.exclude_keywords)):
            found.append(doc.source)
    return sorted(found)[-1] if found else None


def _date(iso: str) -> str:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})$", iso or "")
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else ""


def _activities(section: Section) -> list[str]:
    items = []
    for child in section.children:
        items.append(child.title or child.text.split("\n")[0])
    if not section.children:
        for line in section.text.split("\n"):
            text = line.strip().lstrip("-–•+ ").strip()
            if len(text) < 12 or "|" in text:
                continue
            text = text.split(":")[0].strip() if ":" in text[:MAX_ACTIVITY_CHARS] else text
            if len(text) > MAX_ACTIVITY_CHARS:
                text = text[:MAX_ACTIVITY_CHARS].rsplit(" ", 1)[0] + " …"
            items.append(text.rstrip(".;"))
    return [i for i in (" ".join(x.split()) for x in items) if i]


def read_plan_basis(plan: ParsedDocument) -> PlanBasis:
    """What a report takes from its unit's plan: the reference, the theme, the planned activities."""
    date = _date(plan.date)
    number = plan.number if plan.number and not plan.number.startswith("/") else ""
    reference = "Kế hoạch" + (f" số {number}" if number else "") + (f" ngày {date}" if date else "")
    if plan.issuer:
        reference += f" của {plan.issuer}"
    if not number and plan.title:
        reference += f" về {plan.title[:1].lower()}{plan.title[1:]}"
    theme, activities = "", []
    for section in plan.all_sections():
        title = fold(section.title)
        if not theme and any(cue in title for cue in THEME_SECTION_CUES):
            quoted = _QUOTED.search(section.text)
            theme = (quoted.group(1) if quoted else section.text.split("\n")[0]).strip().strip("“”\".")
        if any(cue in title for cue in ACTIVITY_SECTION_CUES):
            activities.extend(_activities(section))
    return PlanBasis(plan.source, reference, theme, tuple(dict.fromkeys(activities)))


def with_plan(facts: Facts, basis: PlanBasis | None) -> Facts:
    """The facts a report is drafted from: the plan's reference and theme where the officer gave none,
    and its planned activities (lines to confirm)."""
    if basis is None:
        return facts
    return replace(facts, plan=facts.plan or basis.reference, theme=facts.theme or basis.theme,
                   planned=list(basis.activities))
