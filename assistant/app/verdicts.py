"""The clauses of a chat message that look back rather than ask: a verdict on a draft ("Đoạn hoạt động ổn rồi",
"the advantages part reads well"), small talk, or a section put off ("phần đánh giá để sau", "the schools bit
can wait"). Officers open a request with them ("… ổn rồi. Giờ sang mục kinh phí, phần đánh giá để sau. Năm nay …"); the
sections they name are not the one asked. A clause that also asks (a verb of drafting or of change, the draft on
screen pointed at, a step, a show) stays.
Pure; the vocabulary (``data/chat.yaml``: ``verdicts``, ``deferrals``) is a parameter."""

from __future__ import annotations

import re

from assistant.app.chatwords import MessageText, Vocabulary

_CLAUSE = re.compile(r"[^.!?;,—–]+(?:[.!?;,—–]+\s*|$)")  # a clause with the marks that close it


def without_verdicts(words: Vocabulary, message: str) -> str:
    """The message without the clauses that look back before its request; the message itself when none does,
    or all do. After the request they are her wish's to keep ("…, chưa có số cụ thể")."""
    clauses = _CLAUSE.findall(message)
    first = next((i for i, clause in enumerate(clauses) if not _looks_back(words, clause)), len(clauses))
    return "".join(clauses[first:]).strip(" ,;") if 0 < first < len(clauses) else message


def _looks_back(words: Vocabulary, clause: str) -> bool:
    text = MessageText.of(clause)
    back = [(m.start(), m.end()) for phrases in (words.verdicts, words.deferrals, words.small_talk, words.thanks)
            for m in phrases.of(text).finditer(text.key)]
    if not back:
        return False
    asking = (words.draft, words.refine, words.this_draft, *(words.navigation[d] for d in ("next", "previous", "move",
                                                                                          "show")))
    return not any(not any(a <= m.start() < b for a, b in back)
                   for phrases in asking for m in phrases.of(text).finditer(text.key))
