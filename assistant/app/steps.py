"""What a step through the outline asks ("mục tiếp theo", "quay lại mục trước", "tiếp, 24 tin bài …", "Next one
please, 45 women came"): the section it lands on (``outline_moves.step_from``), drafted, shown again or asked
about, with her words after the step as the wish; a name after the step wins over the step ("mục sau, phần
khen thưởng …"). Pure; the vocabulary and the wish reader are parameters. None when the message takes no step."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.app.chatwords import MessageText, SectionMatch, Vocabulary, figure_clause, plain
from assistant.app.intent import Intent
from assistant.app.outline_moves import leaves, related, step_from
from assistant.app.section_words import choices_of
from assistant.app.wishes import WishReader
from assistant.core.outlines import Outline

_CLAUSE_ENDS = (",", ";", ":", ".", " - ", " – ")  # "Mục tiếp. Vận động được 7.500.000 đồng …": her facts


@dataclass(frozen=True)
class Stepping:
    """A message as the reader has read it so far: the names found (``matches``), where the request proper
    starts (``body``), whether a verb was typed (``said``), and its words besides fillers (``rest``)."""
    original: str
    text: MessageText
    matches: list[SectionMatch]
    outline: Outline
    focus: str
    drafted: Sequence[str]
    body: int
    said: bool
    rest: set[str]


def read_step(words: Vocabulary, wishes: WishReader, message: Stepping) -> Intent | None:
    """The intent of a step forward or back, or None when the message takes none."""
    original, text, matches, outline = message.original, message.text, message.matches, message.outline
    focus, drafted, body, said, rest = message.focus, message.drafted, message.body, message.said, message.rest
    for direction, step in (("next", 1), ("previous", -1)):
        found = words.navigation[direction].search_loose(text)  # only moves: a missing mark is safe
        lead = words.navigation[direction + "_alone"].search(text, 0, body + 1) if found is None else None
        found = lead if lead is not None and re.match(r"\s*[,.:;–-]", text.key[lead.end():]) else found  # "tiếp, …"
        alone = (words.navigation[direction + "_alone"].search(text) is not None
                 and not rest - words.navigation_words)
        # "bỏ qua mục này, viết mục sau đi", "sang mục sau, nhớ nêu khen thưởng": names before the move
        # are the section left, names after it the wish for the next one; names after a mark of a
        # wish ("nhớ nêu khen thưởng … tiêu biểu") are the wish itself, table words there too
        mark = words.wish_marks.search(text, found.end()) if found is not None else None
        table = words.table.search(text)
        table_asked = table is not None and (mark is None or table.start() < mark.start())
        target = step_from(outline, focus, drafted, step, tables=table_asked) if found or alone else None
        # "mục sau viết lại cho chị, thêm khẩu hiệu '…'": a name after a word of change is the wish's too
        cues = words.cues_in(words.refine, text, found.end()) if found is not None else []
        change_at = cues[0].start() if cues else None
        wished_at = min((at for at in (mark.start() if mark else None, change_at) if at is not None), default=None)
        after = [m for m in matches if found is not None and m.start >= found.end()
                 and not (wished_at is not None and m.start >= wished_at)
                 and not (target is not None and related(m.section, target))]
        grouped = found is not None and re.search(r"nhom|group|diem|point", plain(found.group(0))) is not None
        if (found or alone) and (not matches or (found is not None and not after
                                                 and (text.marked or mark is not None or grouped)
                                                 and all(m.start >= found.end() or m.section.id == focus
                                                         or m.end <= found.start() for m in matches))):
            if target is None:  # "làm cái bảng trước đi" with nothing on screen: which table first?
                table_sections = [s for s in outline.all_sections() if s.table] if table_asked else []
                return Intent("ask", question=words.questions["no_section_there"],
                              choices=choices_of(table_sections or leaves(outline)[:6]))
            # "quay lại mục trước cho chị xem" shows it; "quay lại mục trước viết lại ngắn hơn" redrafts it
            skipped = [(m.start(), m.end()) for m in words.done.of(text).finditer(text.key)]  # "bỏ qua"
            after_move = found.end() if found is not None else len(text.key)
            change = [c for c in cues if not any(a <= c.start() < b for a, b in skipped)]
            redo_it = words.redo.search(text, after_move) is not None  # "go back … and redo it …"
            if words.navigation["show"].search(text) and not (said or change or redo_it) and target.id in drafted:
                return Intent("show", target.id)
            named = [m for m in matches if found is not None and m.start >= found.end()  # "next group of
                     and not (wished_at is not None and m.start >= wished_at)  # slogans": the part, not its whole
                     and not (grouped and target.id.startswith(m.section.id + "."))]
            # "mục kế đi, lễ mít tinh tối 17/11 …": the next section's words with no noun before them are hers
            # ("tiếp, lễ mít tinh hưởng ứng làm sáng 16/11 …" too, the event her sentence tells, running on from the
            # name; "ok next, phương hướng năm tới" and "Tiếp theo: kinh tế - lao động, 85 …" name the section)
            told_on = re.match(r"[^,;:.]*\d", original[named[-1].end:]) is not None if named else False
            hers = found is not None and bool(named) and named[-1].section.id == target.id \
                and words.section_nouns.search(text, found.end(), named[-1].start) is None \
                and (found is not lead or told_on)
            if named and not hers:  # "mục sau, phần khen thưởng …", "bắt đầu với phần mục đích": the name wins
                wish = wishes.after_name(original, text, named[-1], outline)
                return Intent("draft", named[-1].section.id, wish)
            if mark is not None:
                return Intent("draft", target.id, original[mark.start():].strip())
            told = original[found.end():] if found is not None else ""  # "…, tổ chức 4 buổi", "…, có khen …"
            clause = re.match(r"[^,;:.]*[,;:.]\s*", told)
            opened = clause is not None and words.stated_openers.match(MessageText.of(told[clause.end():])) is not None
            facts = figure_clause(original, found.end(), _CLAUSE_ENDS) >= 0 if found is not None else False
            wish = wishes.after_move(told) if found is not None and (matches or change or facts or opened) else ""
            named_words = {w for m in matches for w in re.findall(r"\w+", plain(text.key[m.start:m.end]))}
            # "of slogans": its whole; "… mục sau đi em": the step's own words
            loose = words.fillers | words.navigation_words | words.request_words | named_words
            content = [w for w in re.findall(r"\w+", plain(wish)) if w not in loose]
            return Intent("draft", target.id, wish if content else "")
    return None
