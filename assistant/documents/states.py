"""Where a document stands: the state of each section (empty, draft, accepted, or covered by a
section drafted whole), and splitting a whole into its parts before a part gets its own draft.

Pure functions of a record and its outline; no drafting, no rendering.
"""

from __future__ import annotations

from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import Draft
from assistant.documents.records import DocumentRecord

STATE_MARKS = {"empty": "○", "draft": "✎", "accepted": "✔", "covered": "◐"}
STATE_WORDS = {"empty": "trống", "draft": "bản nháp", "accepted": "đã duyệt", "covered": "trong mục trên"}


def drafted_whole(record: DocumentRecord, section: OutlineSection) -> bool:
    """A section with parts drafted whole: it has versions, none of its parts has."""
    parts = section.walk()[1:]
    current = record.sections.get(section.id)
    return bool(parts and current and current.versions and not any(p.id in record.sections for p in parts))


def section_states(record: DocumentRecord | None, outline: Outline) -> dict[str, str]:
    """empty / draft / accepted for every section; a part of a section drafted whole takes the state
    "covered" (or "accepted" when the whole was accepted); a heading with no text of its own takes
    "accepted" when all its parts are, "draft" when some are written."""
    states: dict[str, str] = {}
    for section in outline.all_sections():
        if section.id in states:
            continue
        current = record.sections.get(section.id) if record else None
        states[section.id] = current.state if current else "empty"
        if record and drafted_whole(record, section):
            for part in section.walk()[1:]:
                states[part.id] = "accepted" if states[section.id] == "accepted" else "covered"
    for section in reversed(outline.all_sections()):  # a heading written part by part takes its parts' state
        parts = [states[child.id] for child in section.children]
        if parts and states[section.id] == "empty" and all(p == "accepted" for p in parts):
            states[section.id] = "accepted"
        elif parts and states[section.id] == "empty" and any(p != "empty" for p in parts):
            states[section.id] = "draft"
    return states


def leaf_states(record: DocumentRecord | None, outline: Outline) -> list[str]:
    """The state of every leaf section, in outline order."""
    states = section_states(record, outline)
    return [states[s.id] for s in outline.all_sections() if not s.children]


def accepted_leaves(record: DocumentRecord, outline: Outline) -> tuple[int, int]:
    """(accepted, all) leaf sections."""
    leaves = leaf_states(record, outline)
    return leaves.count("accepted"), len(leaves)


def split_whole(record: DocumentRecord, outline: Outline, section_id: str) -> bool:
    """Before a part of a section drafted whole gets its own draft, the whole's text is split into
    its parts (by their headings), so no text is lost or printed twice. True if it split."""
    for parent in outline.all_sections():
        if section_id == parent.id or not section_id.startswith(parent.id + ".") or not drafted_whole(record, parent):
            continue
        whole = record.sections[parent.id]
        version = whole.current
        assert version is not None
        leaves = {p.heading(): p for p in parent.walk()[1:] if not p.children}
        chunks: dict[str, list[str]] = {}
        target = next(iter(leaves.values())).id
        for line in version.text.split("\n"):
            if line.strip() in leaves:
                target = leaves[line.strip()].id
                continue
            if line.strip() and not any(line.strip() == p.heading() for p in parent.walk()):
                chunks.setdefault(target, []).append(line)
        citations = record.draft_of(parent.id, version).citations  # the [n] of the very text being split
        for leaf in leaves.values():
            text = "\n".join(chunks.get(leaf.id, []))
            if text:
                record.add_draft(leaf.id, Draft(record.kind, leaf.id, leaf.title, text, citations, [], "split",
                                                f"tách từ mục {parent.id} / split from {parent.id}"))
                if whole.accepted is not None:
                    record.accept(leaf.id)
        return True
    return False
