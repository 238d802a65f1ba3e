"""A whole document drafted at once: every leaf section of an outline, in order, into one record.

Summary tables are computed from the facts' rows by the drafter, never generated; a section
without facts gets placeholders. Rendering is ``layout.py``; the record is ``records.py``.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.core.facts import Facts
from assistant.core.outlines import OutlineSection
from assistant.documents.records import DocumentRecord
from assistant.draft.drafter import Drafter


def draft_document(drafter: Drafter, facts: Facts,
            on_section: Callable[[OutlineSection], None] | None = None) -> DocumentRecord:
    """Draft every leaf section of the outline, in order, into a new record."""
    record = DocumentRecord(drafter.outline.id, facts)
    for section in drafter.outline.all_sections():
        if section.children:
            continue
        record.add_draft(section.id, drafter.draft(section.id, facts))
        if on_section:
            on_section(section)
    return record
