"""Where a document stands, as the chat answers "còn mục nào chưa viết?" or "xem dàn ý": every section
of the outline with its state (accepted, drafted, empty), and the first empty sections offered as
choices to write next. Pure: a record and its outline in, words and choices out."""

from __future__ import annotations

from assistant.app.section_words import choices_of
from assistant.core.outlines import Outline
from assistant.documents.records import DocumentRecord
from assistant.documents.states import STATE_MARKS, STATE_WORDS, section_states

OFFERED = 4  # empty sections offered as choices


def progress_answer(record: DocumentRecord, outline: Outline) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The outline with each section's state, a count of its leaves by state, and the choices."""
    states = section_states(record, outline)
    leaves = [s for s in outline.all_sections() if not s.children]
    count = {state: sum(states[s.id] == state for s in leaves) for state in STATE_MARKS}
    written = count["draft"] + count["covered"]
    lines = [f"{'  ' * s.depth}- {STATE_MARKS[states[s.id]]} {s.id} {s.title} ({STATE_WORDS[states[s.id]]})"
             for s in outline.all_sections()]
    empty = [s for s in leaves if states[s.id] == "empty"]
    head = (f"**{outline.name}**: {count['accepted']}/{len(leaves)} mục đã duyệt, {written} bản nháp, "
            f"{len(empty)} mục còn trống / {count['accepted']} accepted, {written} drafted, {len(empty)} empty.")
    tail = ("Chọn một mục còn trống để soạn tiếp / pick an empty section to write next." if empty else
            "Mọi mục đều đã có bản nháp: duyệt từng mục rồi xuất văn bản / every section has a draft.")
    return "\n\n".join([head, "\n".join(lines), tail]), choices_of(empty[:OFFERED])
