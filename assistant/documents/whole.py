"""A whole document drafted at once: every leaf section of an outline, in order, into one record.

Summary tables are computed from the facts' rows by the drafter, never generated; a section
without facts gets placeholders. A precedent sentence an earlier section already holds is not
repeated (a new section of this year's outline borrows from related sections, which an earlier
section may have used). Rendering is ``layout.py``; the record is ``records.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from assistant.core.facts import Facts
from assistant.core.outlines import OutlineSection
from assistant.core.schema import PLACEHOLDER
from assistant.documents.records import DocumentRecord
from assistant.draft.drafter import Drafter

_CITATION = re.compile(r"\s*\[\d+\]")


def _key(line: str) -> str:
    return " ".join(_CITATION.sub("", line).split()).strip("-–+ ").lower()


def draft_document(drafter: Drafter, facts: Facts,
            on_section: Callable[[OutlineSection], None] | None = None) -> DocumentRecord:
    """Draft every leaf section of the outline, in order, into a new record."""
    record = DocumentRecord(drafter.outline.id, facts)
    seen: set[str] = set()
    for section in drafter.outline.all_sections():
        if section.children:
            continue
        draft = drafter.draft(section.id, facts)
        lines = draft.text.split("\n")
        # A line with a figure to fill or a table row may repeat; a borrowed sentence may not.
        kept = [ln for ln in lines if section.table or PLACEHOLDER in ln or len(_key(ln)) < 40 or _key(ln) not in seen]
        if len(kept) < len(lines):
            draft = replace(draft, text="\n".join(kept) if any(k.strip() for k in kept)
                            else section.blank)
        seen.update(_key(ln) for ln in kept)
        record.add_draft(section.id, draft)
        if on_section:
            on_section(section)
    return record
