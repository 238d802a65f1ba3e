"""The chat's vocabulary (``data/chat.yaml``) and how a message is matched against phrases.

A message is matched lower-case with its diacritics, or without them when it was typed without
any ("soan muc kinh phi" reads as "soạn mục kinh phí"; "chính" is never "chỉnh" in a message that
has diacritics). Section numbers ("mục I.3", "mục 2 phần II", "điểm b mục I.4") are read here too,
and the season's default kind of document. Pure functions and data; the reading itself is
``reader.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import yaml

from assistant.core.outlines import Outline, OutlineSection
from assistant.data import DATA_DIR
from assistant.vn.domain import load_domain, thesaurus
from assistant.vn.normalize import fold, plain

_ROMAN = r"(?:i{1,3}|iv|v|vi{1,3}|ix|x)"


_FULL_REF = re.compile(rf"(?<![\w.])({_ROMAN})(?:\.(\d{{1,2}}))?(?:\.([a-z]))?(?![\w])")


_PREFIXED = re.compile(rf"\b(?:muc|phan|section|part|diem|tieu muc)\s+({_ROMAN}(?:\.\d{{1,2}})?(?:\.[a-z])?)(?![\w])")


_NUMBER_OF = re.compile(rf"\b(?:muc|tieu muc|section|item)\s+(?:so\s+)?(\d{{1,2}})"  # "mục 2", "mục số 3"
                        rf"(?:\s+(?:cua\s+)?(?:phan|muc|part)\s+({_ROMAN}))?\b")


_TABLE_NUMBER = re.compile(rf"\b(?:bang|table)\s+(?:so\s+)?(\d{{1,2}})(?:\s+(?:cua\s+)?(?:phan|part)\s+({_ROMAN}))?\b")


_LETTER_OF = re.compile(rf"\bdiem\s+([a-h])\b(?:\s+(?:cua\s+)?(?:muc|phan)\s+({_ROMAN}(?:\.\d{{1,2}})?|\d{{1,2}}))?")


YEAR = re.compile(r"\b(20\d\d)\b")
_PART_NUMBER = re.compile(r"\b(?:phan|part)\s+(\d)(?![\w.])")  # "phần 2": Part II
_ROMANS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")


_PUNCT = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class MessageText:
    """A message as matched: lower-case, with its diacritics, or without when it was typed without
    any ("soan muc kinh phi"); the same length as the message, so a match's span is the message's."""
    key: str
    marked: bool

    @classmethod
    def of(cls, message: str) -> MessageText:
        lower, bare = message.lower(), plain(message)
        marked = lower != bare
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


def _pattern(phrases: Sequence[str]) -> re.Pattern[str]:
    parts = sorted({" ".join(_PUNCT.sub(" ", p).split()) for p in phrases if p.strip()}, key=len, reverse=True)
    alternatives = [r"[\s,;.\-–'’]+".join(re.escape(w) for w in p.split()) for p in parts if p]  # "what's"
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)")


@dataclass(frozen=True)
class Vocabulary:
    draft: Phrases
    redo: Phrases  # "viết lại": a new draft of a section named, else a wish on the draft on screen
    fillers: frozenset[str]
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
    season: tuple[tuple[str, str, str], ...]
    recent_days: int
    thesaurus: tuple[tuple[Phrases, str], ...]
    navigation_words: frozenset[str]  # all a message may hold to be only "next" ("tiếp đi em")
    nothing_happened: Phrases  # "không có vụ … nào": a fact stated, not a request
    theme: Phrases  # "chủ đề năm nay …": the year's theme stated
    request_words: frozenset[str]  # one-word verbs of a request and table words: no wish by themselves
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
    return Vocabulary(Phrases(raw["draft_verbs"]), Phrases(raw["redo_verbs"]), frozenset(fillers),
                      frozenset(w for g in raw["generic_words"] for w in plain(str(g)).split()),
                      {k: Phrases(v) for k, v in raw["navigation"].items()}, Phrases(raw["refine_cues"]),
                      {k: Phrases(v) for k, v in raw["kinds"].items()},
                      Phrases(raw["section_nouns"]), Phrases(raw["deictic"]), Phrases(raw["this_draft"]),
                      Phrases([*raw["draft_verbs"], *raw["navigation"]["move"], *raw["open_verbs"]]),
                      {k: Phrases(v) for k, v in raw["campaigns"].items()}, dict(raw["kind_outlines"]),
                      dict(raw["kind_requests"]), Phrases(raw["table_words"]), Phrases(raw["done_words"]),
                      tuple((s["from"], s["to"], s["kind"]) for s in raw["season"]), int(raw["recent_days"]),
                      synonyms, frozenset(plain(str(w)) for w in raw["navigation_words"]),
                      Phrases(raw["facts"]["nothing_happened"]), Phrases(raw["facts"]["theme"]),
                      frozenset(plain(str(w)) for w in [*raw["draft_verbs"], *raw["table_words"], *raw["no_wish_words"]]
                                if " " not in str(w)),
                      Phrases(raw["not_cues"]), Phrases(raw["no_request"]["later"]),
                      Phrases(raw["no_request"]["thanks"]), Phrases(raw["no_request"]["outside"]),
                      Phrases(raw["whole"]), Phrases(raw["wish_marks"]), Phrases(raw["progress"]),
                      Phrases(raw["no_request"]["other_writings"]), Phrases(raw["ordinal_nouns"]),
                      Phrases(raw["negations"]), Phrases(raw["new_document"]), Phrases(raw["facts"]["someone_named"]),
                      Phrases(raw["facts"]["labels"]))


@dataclass(frozen=True)
class SectionMatch:
    start: int
    end: int
    section: OutlineSection
    by_number: bool


def negated(words: Vocabulary, text: MessageText, match: SectionMatch) -> bool:
    """Is the name said after "đừng", "tránh", "don't" in its clause ("đừng liệt kê khô khan quá")?"""
    clause = max(text.key.rfind(p, 0, match.start) for p in ",.;:!?\n")
    return any(clause < n.start() < match.start for n in words.negations.of(text).finditer(text.key))


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


_ORDINAL = re.compile(r"\s*(?:(?:nhom|muc|diem|phan|so)\s+)?thu\s+(nhat|hai|ba|tu|bon|nam|sau|\d)\b")


def ordinal_after(text: str, position: int) -> tuple[int, int] | None:
    """"thứ hai", "nhóm thứ 3" right at ``position`` of a message without diacritics: (the number, where
    it ends); 0 for an ordinal word not known."""
    found = _ORDINAL.match(text, position)
    if found is None:
        return None
    return _ordinal(found.group(1)), found.end()


_ORDINAL_BEFORE = re.compile(r"\b(?:y|muc|nhom|diem|phan)\s+thu\s+(nhat|hai|ba|tu|bon|nam|sau|\d)\s+"
                             r"(?:cua|trong)\s+(?:(?:phan|muc)\s+)?$")


def ordinal_before(text: str, position: int) -> tuple[int, int] | None:
    """"ý thứ hai của phần …" right before ``position`` (where a section's name starts): (the number,
    ``position``)."""
    found = _ORDINAL_BEFORE.search(text[:position])
    return None if found is None else (_ordinal(found.group(1)), position)


def _ordinal(word: str) -> int:
    return int(word) if word.isdigit() else {plain(k): v for k, v in load_domain().ordinals.items()}.get(word, 0)


def loose_numbers(text: str, outline: Outline) -> list[OutlineSection]:
    """"mục 2" or "điểm b" with no section on screen: every section so numbered (to ask which)."""
    found = {m.group(1) for pattern in (_NUMBER_OF, _LETTER_OF) for m in pattern.finditer(text) if not m.group(2)}
    return [s for s in outline.all_sections() if s.id.rsplit(".", 1)[-1].lower() in found and "." in s.id]


def numbered_sections(text: str, outline: Outline, focus: str) -> list[SectionMatch]:
    """Section numbers in a message without diacritics: "mục I.3", "I.3", "phần II", "mục 2 phần II",
    "điểm b mục I.4"; near the section on screen, "mục 2" and "điểm b" count from its parent."""
    ids = {s.id.lower(): s for s in outline.all_sections()}
    here = ids.get(focus.lower())
    near = (here.id.lower() if here and here.children else here.id.lower().rsplit(".", 1)[0]
            if here and "." in here.id else "")
    found = [SectionMatch(m.start(), m.end(), ids[m.group(1)], True)
             for m in _PREFIXED.finditer(text) if m.group(1) in ids]
    for m in _FULL_REF.finditer(text):
        ref = ".".join(g for g in m.groups() if g)
        if "." in ref and ref in ids and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), ids[ref], True))
    for m in _PART_NUMBER.finditer(text):
        part = _ROMANS[int(m.group(1))] if m.group(1) != "0" else ""
        if part in ids and not any(f.start <= m.start() < f.end for f in found):
            found.append(SectionMatch(m.start(), m.end(), ids[part], True))
    for m in _TABLE_NUMBER.finditer(text):  # "bảng 2", "bảng số 3 phần III": the table so numbered, wherever
        tables = [s for s in ids.values() if s.table is not None and s.id.rsplit(".", 1)[-1] == m.group(1)
                  and (not m.group(2) or s.id.lower().startswith(m.group(2) + "."))]
        if len(tables) == 1:
            found.append(SectionMatch(m.start(), m.end(), tables[0], True))
    for pattern in (_NUMBER_OF, _LETTER_OF):
        for m in pattern.finditer(text):
            # "mục 4 phần I, làm điểm a trước": a point of the section just named, else of the one on screen
            named = [f.section.id.lower() for f in found if f.end <= m.start()
                     and f"{f.section.id.lower()}.{m.group(1)}" in ids]
            parent = m.group(2) or (named[-1] if named and pattern is _LETTER_OF else near)
            if parent.isdigit():  # "điểm b mục 3": the section 3 that has a point b, nearest the focus first
                owners = [sid for sid in ids if sid.endswith(f".{parent}") and f"{sid}.{m.group(1)}" in ids]
                owners.sort(key=lambda sid: not focus.lower().startswith(sid.split(".")[0] + "."))
                parent = owners[0] if owners else ""
            target = f"{parent}.{m.group(1)}" if parent else ""
            if target in ids:
                found.append(SectionMatch(m.start(), m.end(), ids[target], True))
    return found


def points_of_named(text: str, found: Sequence[SectionMatch]) -> list[SectionMatch]:
    """"điểm c phần thông điệp", "phần thông điệp, điểm c": the point of the section named right beside
    it (``found``: the names in the message)."""
    out = []
    for m in _LETTER_OF.finditer(text):
        named = [f for f in found if not m.group(2) and not f.by_number
                 and (0 <= f.start - m.end() <= 8 or 0 <= m.start() - f.end <= 8)]
        for f in named:
            child = next((c for c in f.section.children if c.id.lower().endswith(f".{m.group(1)}")), None)
            if child is not None:
                out.append(SectionMatch(min(m.start(), f.start), max(m.end(), f.end), child, True))
                break
    return out


def body_start(words: Vocabulary, text: MessageText, position: int = 0) -> int:
    """Where the request proper starts: after the verbs, navigation words and fillers that open it."""
    while True:
        rest = text.key[position:]
        position += len(rest) - len(rest.lstrip(" ,.:;!?-–"))
        match = words.draft.match(text, position) or words.navigation["move"].match(text, position)
        if match is None:
            word = re.match(r"\w+", text.key[position:])
            if word and word.group(0) in words.fillers:
                position += word.end()
                continue
            return position
        position = match.end()


def figure_clause(text: str, start: int = 0, separators: str = ",;") -> int:
    """Where the clause holding the first figure after ``start`` is cut off from what comes before it
    ("viết phần kinh phí, ngắn gọn, ngân sách 10 triệu": the last comma before "10"): the index of that
    separator, -1 when there is no figure or no separator before it."""
    figure = re.search(r"\d", text[start:])
    return max(text.rfind(mark, start, start + figure.start()) for mark in separators) if figure else -1


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
