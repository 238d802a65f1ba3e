"""A request unsure between two sections it names as alternatives: "em không rõ là mục 3 phần II hay phần
III", "nhóm b hay nhóm c", "thứ hai hay thứ ba gì đó", "section 3 in Part I or Part II". Each alternative
is read on its own (the message with the other left out); when they name two sections, the chat asks
which, offering those two. Without a word of doubt ("không rõ", "not sure": ``unsure`` in
``data/chat.yaml``), "A hay B" is read as typed. Pure: the reading of one message is a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.app.chatwords import MessageText, Vocabulary
from assistant.app.intent import Intent
from assistant.core.outlines import Outline, OutlineSection

# one side of the alternative: a part, item, group or point by its number or letter, or an ordinal
_SIDE = (r"(?:(?:phần|phan|mục|muc|nhóm|nhom|điểm|diem|part|section|item|group|point)\s+(?:số\s+|so\s+)?"
         r"(?:[IVX]{1,4}|\d{1,2}|[a-h])|(?:thứ|thu)\s+\w+|[IVX]{1,4}|\d{1,2})")
_ALTERNATIVE = re.compile(rf"(?<!\w)({_SIDE})(?!\w)\s*,?\s+(?:hay là|hay la|hay|hoặc|hoac|or)\s+({_SIDE})(?!\w)",
                          re.IGNORECASE)


_LOOKBACK = 24  # characters before the alternative where its section noun may stand ("nhóm thông điệp thứ hai …")


def unsure_between(message: str, outline: Outline, words: Vocabulary,
                   read: Callable[[str], Intent]) -> list[OutlineSection]:
    """The two sections a doubtful request names as alternatives, or [] (no doubt, no alternative, or both
    sides read as one section)."""
    if words.unsure.search(MessageText.of(message)) is None:
        return []
    found = _ALTERNATIVE.search(message)
    if found is None:
        return []
    # each side with the words that make it a section's number ("mục 3 phần II", "nhóm thông điệp thứ hai")
    text = MessageText.of(message)  # the nouns a number after them counts ("mục", "nhóm", "part"): ``ordinal_nouns``
    noun = list(words.ordinal_nouns.of(text).finditer(text.key, max(0, found.start() - _LOOKBACK), found.start() + 1))
    start = noun[0].start() if noun else found.start()
    lead = message[start:found.start()]
    first, second = f"viết {lead}{found.group(1)}", f"viết {lead}{found.group(2)}"
    sections = [intent.section_id for intent in (read(first), read(second))
                if intent.action in ("draft", "show", "refine") and intent.section_id]
    if len(sections) != 2 or sections[0] == sections[1]:
        return []
    return [s for s in outline.all_sections() if s.id in sections]
