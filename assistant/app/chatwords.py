"""The chat's vocabulary (``data/chat.yaml``) and how a message is matched against phrases.

A message is matched lower-case with its diacritics, or without them when it was typed without
any ("soan muc kinh phi" reads as "soạn mục kinh phí"; "chính" is never "chỉnh" in a message that
has diacritics); the season's default kind of document. Pure functions and data; section numbers are
read by ``section_numbers.py``, the reading itself is ``reader.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import yaml

from assistant.core.outlines import OutlineSection
from assistant.data import DATA_DIR
from assistant.vn.domain import thesaurus
from assistant.vn.normalize import fold, plain

YEAR = re.compile(r"\b(20\d\d)\b")


_PUNCT = re.compile(r"[^\w\s]+")


_MARKED_SHARE = 0.3  # Vietnamese typed with its marks has about half of its words marked


@dataclass(frozen=True)
class MessageText:
    """A message as matched: lower-case, with its diacritics, or without when it was typed without
    any ("soan muc kinh phi"); the same length as the message, so a match's span is the message's."""
    key: str
    marked: bool

    @classmethod
    def of(cls, message: str) -> MessageText:
        """Typed with marks when a fair share of its words carry them: "phan bao nhieu chị em dc vay von"
        (two marked words of ten) is read as typed without, so that "phan" is still "phần"."""
        lower, bare = message.lower(), plain(message)
        words = re.findall(r"[^\W\d_]+", lower)
        marked = sum(plain(w) != w for w in words) >= _MARKED_SHARE * len(words) if lower != bare else False
        return cls(lower if marked and len(lower) == len(message) else bare, marked)


class Phrases:
    """Phrases matched on whole words, with diacritics (so "chính" is never "chỉnh") or, for a
    message typed without them, without; punctuation inside a phrase is free, the longest first."""

    def __init__(self, phrases: Sequence[str]):
        self.marked = _pattern([fold(p) for p in phrases])
        self.bare = _pattern([plain(p) for p in phrases])

    def of(self, text: MessageText) -> re.Pattern[str]:
        return self.marked if text.marked else self.bare

    def search(self, text: MessageText, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return self.of(text).search(text.key, start, len(text.key) if end is None else end)

    def match(self, text: MessageText, start: int = 0) -> re.Match[str] | None:
        return self.of(text).match(text.key, start)

    def search_loose(self, text: MessageText) -> re.Match[str] | None:
        """With diacritics, then without: a phrase typed with one mark missing ("mục tiêp theo")."""
        return self.search(text) or (self.bare.search(plain(text.key)) if text.marked else None)


_GAP = r"[\s,;.\-–'’]+"
# where a phrase lists with a comma, a word may join the items instead ("theo dõi rồi tổng hợp")
_LIST_GAP = rf"(?:{_GAP}(?:và|với|rồi|hoặc|cùng|va|voi|roi|hoac|cung))?{_GAP}"


_AND = ("và", "va")  # inside a name, typed or left out ("giáo dục đào tạo" for "giáo dục và đào tạo")


def _words(item: str) -> str:
    words = item.split()
    out = re.escape(words[0])  # "what's": punctuation between words is free
    for i, word in enumerate(words[1:], start=2):
        out += f"(?:{_GAP}{re.escape(word)})?" if word in _AND and i < len(words) else f"{_GAP}{re.escape(word)}"
    return out


def _pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    listed = {tuple(word for item in p.split(",") if (word := " ".join(_PUNCT.sub(" ", item).split())))
              for p in phrases}
    parts = sorted((items for items in listed if items), key=lambda items: len(" ".join(items)), reverse=True)
    alternatives = [_LIST_GAP.join(_words(item) for item in items) for items in parts]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)")


@dataclass(frozen=True)
class Vocabulary:
    draft: Phrases
    redo: Phrases  # "viết lại": a new draft of a section named, else a wish on the draft on screen
    fillers: frozenset[str]  # as typed with marks and without ("vậy" is also "vay")
    marked_fillers: frozenset[str]  # as typed with marks only: in a marked message "vay vốn" holds no filler
    generic: frozenset[str]  # words too common in titles to name a section by ("công tác", "tổ chức")
    navigation: dict[str, Phrases]
    refine: Phrases
    kinds: dict[str, Phrases]
    section_nouns: Phrases  # "phần", "đoạn", "the part on": a section is asked for
    deictic: Phrases  # "này", "đó": the draft on screen, not another section
    this_draft: Phrases  # "chỗ này": the draft on screen
    opening: Phrases  # the verbs that may open another document ("mở", "chuyển sang", "open")
    campaigns: dict[str, Phrases]
    kind_outlines: dict[str, str]
    kind_requests: dict[str, str]
    table: Phrases
    done: Phrases  # "xong phần 1 rồi": that section is behind the officer
    done_before: Phrases  # "hôm trước bỏ qua": skipped then, asked now
    season: tuple[tuple[str, str, str], ...]
    recent_days: int
    thesaurus: tuple[tuple[Phrases, str], ...]
    navigation_words: frozenset[str]  # all a message may hold to be only "next" ("tiếp đi em")
    nothing_happened: Phrases  # "không có vụ … nào": a fact stated, not a request
    theme: Phrases  # "chủ đề năm nay …": the year's theme stated
    request_words: frozenset[str]  # one-word verbs of a request and table words: no wish by themselves
    table_words: frozenset[str]  # "bảng", "table": the table words among them
    fact_openers: Phrases  # "chị nói thêm, …": facts follow, the "thêm" asks for no change
    event_words: Phrases  # "phát", "lồng ghép", "phối hợp", "chủ trì": a sentence telling what was done
    deferrals: Phrases  # "để sau", "tính sau": the section named before them is not asked now
    open_verbs: Phrases  # "mở", "bắt đầu": after a kind named, that document is opened ("… cả năm, mình bắt đầu nhé")
    not_cues: Phrases  # words that hold a cue typed without diacritics ("ngan sach" is "ngân sách", not "ngắn")
    later: Phrases  # "để mai làm tiếp", "hỏi lại đã": nothing to do now, whatever follows
    thanks: Phrases  # "cảm ơn": nothing to do, when nothing else is asked
    outside: Phrases  # "hạn nộp là ngày nào?", "in ra giúp chị": not the drafting's to answer
    whole: Phrases  # "cả 3 nhóm", "toàn bộ": the whole of a section with parts
    wish_marks: Phrases  # "nêu", "nhớ", "lưu ý": what follows is a wish, even in the section's own words
    progress: Phrases  # "còn mục nào chưa viết?", "xem dàn ý": where the document stands
    other_writings: Phrases  # "bài phát biểu", "giấy mời": not a section of any document here
    ordinal_nouns: Phrases  # "ý 2", "đoạn 3": a number after them is a place in the draft, not a figure
    negations: Phrases  # "đừng", "tránh": a section named after them is what not to write, no request
    new_document: Phrases  # "em tạo giúp chị cái mới": the kind named before is the one to open
    someone_named: Phrases  # "người phụ trách là đồng chí …", "SĐT …": a fact stated, with no figure
    fact_labels: Phrases  # "địa điểm …:", "người phụ trách:": a detail of the unit's own follows the colon
    not_names: Phrases  # "chị em khó khăn": people described, no section named
    questions: dict[str, str]  # what the chat asks back ("which section?"), by its name in chat.yaml
    small_talk: Phrases = Phrases([])  # "em chào anh", "cảm ơn chị nhiều", "chủ tịch đang đợi": no request, no wish
    shorthand: dict[str, str] = field(default_factory=dict)  # "trc": "trước", "đc": "được" (chat typing)
    unsure: Phrases = Phrases([])  # "không rõ là … hay …", "not sure if … or …": ask which of the two
    stated_openers: Phrases = Phrases([])  # "…, có hội thi …", "…, đề nghị tỉnh …": a clause of her own content
    question_words: Phrases = Phrases([])  # "… làm những gì", "… từ nguồn nào": words describing a section
    not_stated: Phrases = Phrases([])  # "có thể", "có phải": no clause of her content
    corrections: Phrases = Phrases([])  # "à không, phần kinh phí trước": the section named after it is the one
    marked_requests: frozenset[str] = frozenset()  # the request words as typed with marks ("tạo", not "tảo")
    verdicts: Phrases = Phrases([])  # "đoạn hoạt động ổn rồi", "reads well": a draft judged, nothing asked of it

    def inside_lookalike(self, text: MessageText, cue: re.Match[str]) -> bool:
        """Is the cue part of a longer lookalike ("quay lại lớp": back to school, no move)?"""
        return any(m.start() <= cue.start() and cue.end() < m.end() for m in self.not_cues.of(text).finditer(text.key))

    def cues_in(self, phrases: Phrases, text: MessageText, start: int = 0) -> list[re.Match[str]]:
        """The cues of ``phrases`` from ``start`` that are not inside a lookalike ("chinh sach" typed bare
        is "chính sách", not "chỉnh"; "ngan sach" is "ngân sách", not "ngắn")."""
        lookalikes = [(m.start(), m.end()) for m in self.not_cues.of(text).finditer(text.key)]
        return [m for m in phrases.of(text).finditer(text.key, start)
                if not any(a <= m.start() < b for a, b in lookalikes)]


@cache
def load_vocabulary() -> Vocabulary:
    raw: dict[str, Any] = yaml.safe_load((DATA_DIR / "chat.yaml").read_text(encoding="utf-8"))
    fillers = {w for f in raw["fillers"] for text in (fold(str(f)), plain(str(f))) for w in text.split()}
    synonyms = tuple((Phrases([key]), " ".join(values)) for key, values in thesaurus())
    requests = [str(w) for w in [*raw["draft_verbs"], *raw["table_words"], *raw["no_wish_words"]] if " " not in str(w)]
    return Vocabulary(Phrases(raw["draft_verbs"]), Phrases(raw["redo_verbs"]), frozenset(fillers),
                      frozenset(w for f in raw["fillers"] for w in fold(str(f)).split()),
                      frozenset(w for g in raw["generic_words"] for w in plain(str(g)).split()),
                      {k: Phrases(v) for k, v in raw["navigation"].items()}, Phrases(raw["refine_cues"]),
                      {k: Phrases(v) for k, v in raw["kinds"].items()},
                      Phrases(raw["section_nouns"]), Phrases(raw["deictic"]), Phrases(raw["this_draft"]),
                      Phrases([*raw["draft_verbs"], *raw["navigation"]["move"], *raw["open_verbs"]]),
                      {k: Phrases(v) for k, v in raw["campaigns"].items()}, dict(raw["kind_outlines"]),
                      dict(raw["kind_requests"]), Phrases(raw["table_words"]), Phrases(raw["done_words"]),
                      Phrases(raw["done_before"]), tuple((s["from"], s["to"], s["kind"]) for s in raw["season"]),
                      int(raw["recent_days"]),
                      synonyms, frozenset(plain(str(w)) for w in raw["navigation_words"]),
                      Phrases(raw["facts"]["nothing_happened"]), Phrases(raw["facts"]["theme"]),
                      frozenset(plain(w) for w in requests),
                      frozenset(plain(str(w)) for w in raw["table_words"] if " " not in str(w)),
                      Phrases(raw["facts"]["openers"]), Phrases(raw["facts"]["event_words"]),
                      Phrases(raw["deferrals"]), Phrases(raw["open_verbs"]),
                      Phrases(raw["not_cues"]), Phrases(raw["no_request"]["later"]),
                      Phrases(raw["no_request"]["thanks"]), Phrases(raw["no_request"]["outside"]),
                      Phrases(raw["whole"]), Phrases(raw["wish_marks"]), Phrases(raw["progress"]),
                      Phrases(raw["no_request"]["other_writings"]), Phrases(raw["ordinal_nouns"]),
                      Phrases(raw["negations"]), Phrases(raw["new_document"]), Phrases(raw["facts"]["someone_named"]),
                      Phrases(raw["facts"]["labels"]), Phrases(raw["not_names"]),
                      dict(raw["questions"]), Phrases(raw["small_talk"]),
                      {str(k).lower(): str(v) for k, v in raw["shorthand"].items()}, Phrases(raw["unsure"]),
                      Phrases(raw["stated_openers"]), Phrases(raw["question_words"]), Phrases(raw["not_stated"]),
                      Phrases(raw["corrections"]), frozenset(fold(w) for w in requests), Phrases(raw["verdicts"]))


@dataclass(frozen=True)
class SectionMatch:
    start: int
    end: int
    section: OutlineSection
    by_number: bool


def negated(words: Vocabulary, text: MessageText, match: SectionMatch) -> bool:
    """Is the name said after "đừng", "tránh", "don't" in its clause ("đừng liệt kê khô khan quá"), or put
    off right after it ("…, kiến nghị để sau cũng được")?"""
    clause = max(text.key.rfind(p, 0, match.start) for p in ",.;:!?\n")
    return any(clause < n.start() < match.start for n in words.negations.of(text).finditer(text.key)) or \
        words.deferrals.match(text, match.end + 1) is not None


_BUT = re.compile(r"[\s,]*(?:rồi|roi)?[\s,]*(?:nhưng|nhung|mà|but|tuy nhiên|tuy nhien)\b")


def after_done(words: Vocabulary, text: MessageText, matches: list[SectionMatch]) -> tuple[list[SectionMatch], int]:
    """Without the sections named as done ("xong phần 1 rồi, phần 2 đi"), and where the request proper
    starts after them (0 when nothing is said to be done, or "ổn rồi nhưng câu cuối …" asks a change)."""
    done = words.done.search(text)
    if done is None or _BUT.match(text.key, done.end()) or \
            words.done_before.search(text, max(0, done.start() - 12), done.start()) is not None:
        return matches, 0
    cut = done_clause_end(text, done.end()) or done.end()
    return [m for m in matches if m.start >= cut], cut


def done_clause_end(text: MessageText, start: int) -> int | None:
    """Where the clause a done word ends at ``start`` ends ("xong phần 1 rồi, …": after "rồi"), or None."""
    end = re.search(r"\b(?:roi|rồi)\b|[,;.]", text.key[start:])
    return start + end.end() if end else None


def default_kind(kinds: Sequence[str], today: date, last_used: str = "", last_days: int | None = None) -> str:
    """The kind a new document starts as: the one worked on lately, else the season's (``chat.yaml``)."""
    words = load_vocabulary()
    if last_used in kinds and last_days is not None and last_days <= words.recent_days:
        return last_used
    day = today.strftime("%m-%d")
    return next((kind for start, end, kind in words.season if start <= day <= end and kind in kinds), kinds[0])


def rest_words(text: MessageText, fillers: frozenset[str]) -> set[str]:
    return set(re.findall(r"\w+", plain(text.key))) - fillers


def units(text: str, fillers: frozenset[str]) -> list[str]:
    """The words of ``text`` that carry meaning, and their pairs ("kinh phí" as one unit)."""
    words = [w for w in re.findall(r"\w+", text) if w not in fillers and not w.isdigit()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def bare_name_ending(words: Vocabulary, text: MessageText, match: SectionMatch, body: int) -> bool:
    """A name at the end of the opening whose words are fillers only when typed bare ("viet phan chu de":
    "chu" is "chứ", "de" is "để"): in a message without marks, a name after all."""
    return not text.marked and match.end == body and any(
        w not in words.marked_fillers for w in text.key[match.start:match.end].split())


def body_start(words: Vocabulary, text: MessageText, position: int = 0) -> int:
    """Where the request proper starts: after the verbs, navigation words and fillers that open it."""
    fillers = words.marked_fillers if text.marked else words.fillers  # "gom lại" typed with marks: no "gồm"
    while True:
        rest = text.key[position:]
        position += len(rest) - len(rest.lstrip(" ,.:;!?-–"))
        match = words.draft.match(text, position) or words.navigation["move"].match(text, position)
        if match is None:
            word = re.match(r"\w+", text.key[position:])
            if word and word.group(0) in fillers:
                position += word.end()
                continue
            return position
        position = match.end()


def figure_clause(text: str, start: int = 0, separators: Sequence[str] = (",", ";", " - ", " – ")) -> int:
    """Where the clause holding the first figure after ``start`` is cut off from what comes before it
    ("viết phần kinh phí, ngắn gọn, ngân sách 10 triệu": the last comma before "10"; "… table - we printed
    2 banners"): the index of the separator's last character, -1 when there is no figure or no separator."""
    figure = re.search(r"\d", text[start:])
    found = [(at, mark) for mark in separators if (at := text.rfind(mark, start, start + figure.start())) >= 0] \
        if figure else []
    return max(at + len(mark) - 1 for at, mark in found) if found else -1


def loose_names(text: MessageText, names: Sequence[tuple[Phrases, list[OutlineSection]]],
                 found: Sequence[SectionMatch]) -> list[SectionMatch]:
    """Names of two words or more in a message typed with some marks missing or wrong ("nâng cao
    nang lưc quan lý nhà nươc"), matched without diacritics where no name was ``found`` with them.
    A name of one word is never matched so ("tiền" is not "tiến")."""
    bare = plain(text.key)
    if not text.marked or len(bare) != len(text.key):
        return []
    loose = [SectionMatch(m.start(), m.end(), s, False) for phrases, sections in names
             for m in phrases.bare.finditer(bare) if len(m.group(0).split()) >= 2 for s in sections]
    return [f for f in loose if not any(g.start < f.end and f.start < g.end for g in found)]
