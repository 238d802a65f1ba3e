"""Small talk around a request: the sentences that open a message with greetings, thanks, praise of the
last draft or news of the day ("Em chào anh, chiều nay văn phòng mất điện nên em làm muộn ạ. Anh soạn giúp
em …"), and the closing clause of thanks or of the boss waiting ("… mỗi sáng thứ hai cảm ơn chị nhiều").
They ask nothing and are no wish; the request is read without them.

What is small talk is data (``small_talk`` in ``data/chat.yaml``). A sentence with a figure, one the
request points back to ("… phần kiến nghị … . Anh hiện lại giúp em phần đó nhé"), and anything a request
follows are kept. Pure functions.
"""

from __future__ import annotations

import re

from assistant.app.chatwords import MessageText, Vocabulary

_SENTENCE_END = re.compile(r"[.!?]+\s+")


def _asks(text: MessageText, words: Vocabulary) -> bool:
    """Does the text hold a request: a verb of request, a move or a section's noun?"""
    return any(found is not None for found in (
        words.draft.search(text), words.section_nouns.search(text), words.table.search(text),
        *(words.navigation[d].search_loose(text) for d in ("show", "next", "previous", "move"))))


def _points_back(text: MessageText, words: Vocabulary) -> bool:
    """"phần đó", "mục ấy": a section named before (not "năm nay", whose "nay" is no pointer)."""
    return any(words.deictic.match(text, noun.end() + 1) is not None
               for noun in words.section_nouns.of(text).finditer(text.key))


def without_small_talk(message: str, words: Vocabulary) -> str:
    """The message without its opening sentences of small talk (when a later one asks, without pointing back
    to them: "phần đó", "that one") and without a closing clause of it (when nothing asked follows)."""
    start = 0
    for cut in (m.end() for m in _SENTENCE_END.finditer(message)):
        sentence, rest = MessageText.of(message[start:cut]), MessageText.of(message[cut:])
        if words.small_talk.search(sentence) is None or re.search(r"\d", sentence.key) \
                or not _asks(rest, words) or _points_back(rest, words) \
                or (_points_back(sentence, words) and words.cues_in(words.refine, sentence)):  # "Chủ tịch bảo
            # đoạn này nên tách …": her change of this draft, told as the boss's
            break
        start = cut
    message = message[start:]
    text = MessageText.of(message)
    for cue in words.small_talk.of(text).finditer(text.key):
        after = MessageText.of(message[cue.start():])
        if cue.start() > 0 and not re.search(r"\d", after.key) and not _asks(after, words) \
                and _asks(MessageText.of(message[:cue.start()]), words):
            clause = max(message.rfind(",", 0, cue.start()), message.rfind(".", 0, cue.start()))
            # the clause the cue ends, when short ("…, chiều nay em phải nộp cho chủ tịch rồi")
            short = clause >= 0 and message[clause:cue.start()].strip(" ,.").count(" ") <= 3
            return message[:clause if short else cue.start()].rstrip(" ,.;:–-")
    return message
