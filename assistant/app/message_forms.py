"""The message as the chat reader reads it: its words normalised, chat shorthand written out ("trc" →
"trước", "3tr" → "3 triệu"), section numbers written the outline's way ("I-3" → "I.3", "khoản 2 điều
II" → "mục 2 phần II"), and the small talk around the request left out ("Em chào anh, …. Anh soạn …").

What is shorthand is data (``shorthand`` in ``data/chat.yaml``); single letters a-h stay, they are
points. Pure functions; the reader (``reader.py``) reads what this returns.
"""

from __future__ import annotations

import re

from assistant.app.chatwords import MessageText, Vocabulary, plain
from assistant.app.number_forms import canonical_numbers
from assistant.app.small_talk import without_small_talk
from assistant.vn.normalize import normalize_text

_MILLIONS = re.compile(r"(\d)\s?tr\b", re.IGNORECASE)  # "3tr", "8 tr": millions of đồng
_WORD = re.compile(r"(?<![/\-\w])[^\W\d_]+(?![/\-\w])")  # not inside "45/KH-UBND", "12/HD-UBND"


def without_shorthand(message: str, words: Vocabulary) -> str:
    """The message with each shorthand word written out, as typed otherwise; in a message typed without
    diacritics, written out without them too ("ko lam pano" → "khong lam pano")."""
    marked = MessageText.of(message).marked
    table = {k: v if marked else plain(v) for k, v in words.shorthand.items()}
    text = _MILLIONS.sub(r"\1 triệu" if marked else r"\1 trieu", message)
    return _WORD.sub(lambda m: table.get(m.group(0).lower(), m.group(0)) if len(m.group(0)) > 1
                     or m.group(0).lower() not in "abcdefgh" else m.group(0), text)


def request_text(message: str, words: Vocabulary) -> str:
    """The message, normalised, as the reader reads it (see the module's docstring)."""
    text = without_shorthand(" ".join(normalize_text(message).split()), words)
    return without_small_talk(canonical_numbers(text), words)
