"""Where the officer's facts go in an outline: each sentence of the notes in the one leaf section it
fits best, each activity of the unit's own plan in the section that lists activities (or the
reporting section whose words fit it). Pure functions; no precedent is read here.
"""

from __future__ import annotations

import re

from assistant.core.facts import Facts
from assistant.core.outlines import Outline, OutlineSection
from assistant.draft.adapt import split_sentences
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers


def words_of(text: str) -> set[str]:
    stop = load_domain().stopwords
    return {w for w in fold(text).replace(",", " ").replace(".", " ").split() if w not in stop and len(w) > 1}


_NEGATED_CLAUSE = re.compile(r",\s+(?=(?:không|chưa)\s)")


def note_sections(outline: Outline, facts: Facts) -> dict[str, list[str]]:
    """Each sentence of the officer's notes, assigned to the one leaf section it fits best, or to the
    section it was typed on in the chat (``facts.pinned``) when it may go there."""
    # an outline from a higher level's document may report activities and funds in tables only
    # ("1.2 Tổ chức lễ phát động" | STT | Hoạt động | …): its tables take the notes that fit them, below
    # the grid; a built-in outline's tables are filled from the figures table, its notes go to the text
    leaves = [s for s in outline.all_sections() if not s.children and (not s.table or not outline.builtin)]
    out: dict[str, list[str]] = {}
    # "ngân sách xã chi 6 triệu, không có nguồn huy động": what did not happen is a fact of its own
    clauses = [c.strip() for s in split_sentences(facts.notes) for c in _NEGATED_CLAUSE.split(s) if c.strip()]
    for sentence in clauses:
        kinds = {m.kind for m in find_numbers(sentence)}
        # an amount or words of funds ("không có nguồn huy động") go to a section of funds, a count to one
        # that reports what was done (never to the recommendations); any other sentence may go anywhere
        # words of funds count only without a count: "3 buổi … với sự tài trợ của nhà hảo tâm" is an activity
        funds = "money" in kinds or ("count" not in kinds and any(
            re.search(rf"(?<!\w){re.escape(w)}(?!\w)", fold(sentence)) for w in load_domain().funds_words))
        candidates = ([s for s in leaves if s.money] or leaves) if funds else \
            ([s for s in leaves if s.reports and not s.money] or leaves) if "count" in kinds else leaves
        # the unit's level word says nothing of the section ("ngân sách xã" is no "xã hội" of the sponsors)
        words = words_of(sentence) - set(load_domain().levels)

        def fit(section: OutlineSection, words: set[str] = words) -> tuple[int, int]:
            keys = words_of(" ".join([section.title, section.contains, *section.aliases,
                                      *(section.table.columns if section.table else ())]))
            return (len(words & keys) + 2 * section.figures, -leaves.index(section))
        pin = next((section for note, section in facts.pinned.items() if fold(sentence) in fold(note)), "")
        pinned = next((s for s in candidates if s.id == pin and not s.money), None)  # funds go by their rules
        best = pinned or max(candidates, key=fit)
        # typed in the chat as said: "ngân sách xã chi 6 triệu"; a clause cut at ";" stands as a sentence
        line = sentence[:1].upper() + sentence[1:].rstrip(";")
        out.setdefault(best.id, []).append(line if line.endswith((".", ":")) else line + ".")
    return out


def planned_sections(outline: Outline, facts: Facts) -> dict[str, list[str]]:
    """Where each activity of the unit's own plan is listed to confirm: the section that lists the
    activities done ("rows: activities"); in an outline with none (a higher level's, with a section
    per kind of activity) the reporting section whose words fit it best."""
    leaves = [s for s in outline.all_sections() if not s.children and not s.table]
    listing = next((s for s in leaves if s.rows == "activities"), None)
    if listing is not None or not facts.planned:
        return {listing.id: list(facts.planned)} if listing is not None and facts.planned else {}
    reporting = [s for s in leaves if s.reports and not s.money]
    if not reporting:
        return {}
    out: dict[str, list[str]] = {}
    for activity in facts.planned:
        words = words_of(activity) - set(load_domain().levels)

        def fit(section: OutlineSection, words: set[str] = words) -> tuple[int, int]:
            keys = words_of(" ".join([section.title, section.contains, *section.aliases]))
            return len(words & keys), -reporting.index(section)
        out.setdefault(max(reporting, key=fit).id, []).append(activity)
    return out
