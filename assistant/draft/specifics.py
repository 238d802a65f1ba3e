"""A precedent sentence's specifics: the facts of the unit that wrote it, which no other unit may sign.

``find_specifics`` returns the spans of a sentence that state such facts: figures of its results,
dates of its own events and documents, its local document references, people, places below the
commune, named institutions, units named as places (its own, retargetable where it names the
writer, or another), and results claimed for the whole unit. ``local_conditions`` finds a sentence
that describes the unit's own circumstances (population, languages, terrain: "đồng bào dân tộc
thiểu số", "vùng cao"): not a fact of an event, but not another unit's to sign either. A sentence
without spans is *general*: any unit could reuse it (aims, evaluations, difficulties, standard
phrases, generic bodies, national references, the campaign's dates and year). Measured on a
labelled set of real and adversarial precedent sentences (``benchmarks/bench_specifics.py``, BENCHMARKS.md).

The cues (family names, place and institution nouns, generic bodies, national issuers, event
verbs) are data: ``data/specifics.yaml``. Pure functions of the text; no retrieval, no model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import yaml

from assistant.data import DATA_DIR
from assistant.vn.domain import load_domain
from assistant.vn.normalize import normalize_text
from assistant.vn.numbers import find_numbers

FIGURE = "figure"  # a count, amount, percentage or ratio of the unit's results
DATE = "date"  # a date (or time) of the unit's own event, deadline or document
LOCAL_REF = "local-ref"  # a local document's number and symbol ("65/KH-UBND", "15/KH-BCĐ")
PERSON = "person"
PLACE = "place"  # below the commune: "thôn Nà Khương", "tổ dân phố số 5"
INSTITUTION = "institution"  # "trường THCS Thanh Xá", "Hợp tác xã chè Đoàn Kết"
OWN_UNIT = "own-unit"  # the precedent's own unit: the officer's where it names the writer
OTHER_UNIT = "other-unit"  # another commune, district or province named
RESULT = "result"  # a result claimed for the whole unit ("không xảy ra vụ việc …")
OWN_PROGRAMME = "own-programme"  # the unit's own programme by title and period ("Kế hoạch … xã Thanh Xá giai đoạn …")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_EVENT_DATE_CUE = re.compile(r"(?:(?<!\w)(?:ngày|sáng|chiều|tối|trưa|vào)\s*(?:ngày\s*)?)$", re.IGNORECASE)
_RANGE_CUE = re.compile(r"(?:(?<!\w)(?:từ|đến|tới|kéo dài)\s+(?:ngày\s+)?)$", re.IGNORECASE)
_NUMBERED_PLACE_TAIL = r"\s+(?:số\s+)?\d{1,3}(?![\d/.,]\d)"
_NATIONAL_DATE = re.compile(r"\S+\s+ngày\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Specific:
    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class _Cues:
    surnames: frozenset[str]
    middle_names: frozenset[str]
    honorifics: re.Pattern[str]
    place: re.Pattern[str]  # a place noun at the end of the text before a name
    numbered_place: re.Pattern[str]
    institution: re.Pattern[str]
    lead: re.Pattern[str]  # a place or institution noun written with a capital, at the start of a run
    level: re.Pattern[str]
    not_names: frozenset[str]
    generic: tuple[str, ...]
    event_verbs: re.Pattern[str]
    result_claims: re.Pattern[str]
    situation: re.Pattern[str]
    conditions: re.Pattern[str]
    plan_subjects: tuple[str, ...]
    programme: re.Pattern[str]  # a programme's title word, not a numbered reference's ("Kế hoạch số …")
    self_scope: re.Pattern[str]  # "trên địa bàn xã" with no name after it: the writing unit itself
    plan_framing: frozenset[str]
    national: frozenset[str]
    frequency: re.Pattern[str]
    phone: re.Pattern[str]
    self_level: re.Pattern[str]  # a self-reference cue at the end of the text before a level word
    same_tier: frozenset[str]
    urban: frozenset[str]
    village_words: tuple[tuple[re.Pattern[str], str], ...]
    quarter_words: tuple[tuple[re.Pattern[str], str], ...]
    subordinate_words: re.Pattern[str]  # a district's communes, in its own words ("UBND các xã, thị trấn")
    subordinate_units: dict[str, str]  # the officer's units below her, by her level ("xã": "các thôn")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def cues() -> _Cues:
    raw = yaml.safe_load((DATA_DIR / "specifics.yaml").read_text(encoding="utf-8"))
    fixed_names = "".join(rf"(?<!{re.escape(str(w))} )" for w in raw["village_word_not_after"])  # "nông thôn mới"
    tail = r"\s+(?:[^\W\d_]+\s+){0,2}$"  # "hợp tác xã chè Đoàn Kết": up to two words between noun and name
    return _Cues(
        surnames=frozenset(normalize_text(s) for s in raw["surnames"]),
        middle_names=frozenset(normalize_text(s) for s in raw["middle_names"]),
        honorifics=re.compile(rf"(?<!\w)(?:{_alternation(raw['honorifics'])})\s+$", re.IGNORECASE),
        place=re.compile(rf"(?<!\w)(?:{_alternation(raw['place_nouns'])})\s+(?:số\s+)?$", re.IGNORECASE),
        numbered_place=re.compile(rf"(?<!\w)(?:{_alternation(raw['place_nouns'])}){_NUMBERED_PLACE_TAIL}",
                                  re.IGNORECASE),
        institution=re.compile(rf"(?<!\w)(?:{_alternation(raw['institution_nouns'])}){tail}", re.IGNORECASE),
        lead=re.compile(rf"(?:(?P<institution>{_alternation(raw['institution_nouns'])})|"
                        rf"(?P<place>{_alternation(raw['place_nouns'])}))\s+(?:số\s+)?", re.IGNORECASE),
        level=re.compile(rf"(?<!\w)(?:{_alternation(raw['levels'])})\s+$", re.IGNORECASE),
        not_names=frozenset(normalize_text(s) for s in raw["not_names"]),
        generic=tuple(sorted((normalize_text(s) for s in raw["generic_bodies"]), key=len, reverse=True)),
        event_verbs=re.compile(rf"(?<!\w)(?:{_alternation(raw['event_verbs'])})(?!\w)", re.IGNORECASE),
        result_claims=re.compile(rf"(?<!\w)(?:{_alternation(raw['result_claims'])})", re.IGNORECASE),
        situation=re.compile(rf"(?<!\w)(?:{_alternation(normalize_text(c) for c in raw['situation_cues'])})(?!\w)",
                             re.IGNORECASE),
        plan_subjects=tuple(normalize_text(w).lower() for w in raw["plan_subjects"]),
        programme=re.compile(rf"(?<!\w)(?:{_alternation(raw['programme_titles'])})(?!\w)(?!\s+số)"),
        self_scope=re.compile(rf"trên\s+địa\s+bàn\s+(?:{_alternation(raw['levels'])})(?!\s*[A-ZĐÀ-Ỹ])"),
        plan_framing=frozenset(w for phrase in raw["plan_framing"] for w in normalize_text(phrase).lower().split()),
        conditions=re.compile(rf"(?<!\w)(?:{_alternation(normalize_text(c) for c in raw['local_conditions'])})(?!\w)",
                              re.IGNORECASE),
        national=frozenset(raw["national_issuers"]),
        frequency=re.compile(rf"^\s*(?:{_alternation(raw['frequency_words'])})", re.IGNORECASE),
        same_tier=frozenset(raw["same_tier_levels"]),
        urban=frozenset(raw["urban_levels"]),
        village_words=tuple((re.compile(rf"(?<!\w){fixed_names}{re.escape(old)}(?!\w)(?!\s+(?:số\s+)?[A-ZĐ\d])"), new)
                            for old, new in raw["village_words"]),
        quarter_words=tuple((re.compile(rf"(?<!\w){re.escape(old)}(?!\w)(?!\s+(?:số\s+)?[A-ZĐ\d])"), new)
                            for old, new in raw["quarter_words"]),
        subordinate_words=re.compile(rf"(?<!\w)(?:{_alternation(str(w) for w in raw['subordinate_words'])})(?!\w)",
                                     re.IGNORECASE),
        subordinate_units={str(k): str(v) for k, v in raw["subordinate_units"].items()},
        self_level=re.compile(rf"(?<!\w)(?:{_alternation(raw['self_reference_before_level'])})\s+$", re.IGNORECASE),
        phone=re.compile(rf"(?<!\w)(?:{_alternation(raw['not_figures_after'])})(?:\s+[^\W\d_]+){{0,6}}\s*:?\s*$",
                         re.IGNORECASE),
    )


def national_reference(reference: str) -> bool:
    """"48/2009/NĐ-CP", "2282/QĐ-TTg", "NQ/TW" yes; "65/KH-UBND", "15/KH-BCĐ" (local bodies) no."""
    symbol = reference.replace(" ", "").rsplit("/", 1)[-1].rsplit("-", 1)[-1]
    return re.sub(r"\d+$", "", symbol) in cues().national


def _after_national(text: str, start: int) -> bool:
    """The reference just before a date ("… 48/2009/NĐ-CP ngày 19/5/2009") is a national document's."""
    before = [m for m in find_numbers(text[:start]) if m.kind == "legal_ref"]
    return bool(before) and national_reference(before[-1].text) and start - before[-1].end <= 12


_HONORIFIC_WORDS = re.compile(r"đồng chí|ông|bà|anh|chị|cô|thầy|cụ|em|cháu")


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised words in a row ("Nguyễn Thị Hoa", "THCS Thanh Xá"), single spaces between."""
    runs: list[tuple[int, int]] = []
    for word in _WORD.finditer(text):
        if not word.group(0)[0].isupper():
            continue
        if runs and text[runs[-1][1]:word.start()] == " ":
            runs[-1] = (runs[-1][0], word.end())
        else:
            runs.append((word.start(), word.end()))
    return runs


def _generic_at(text: str, start: int) -> int:
    """The end of a generic body's name that covers ``start`` ("Đoàn TNCS Hồ Chí Minh"), else -1."""
    for body in cues().generic:
        for match in re.finditer(re.escape(body), text):
            if match.start() <= start < match.end() + 1:
                return match.end()
    return -1


def _is_person(words: list[str], before: str) -> bool:
    c = cues()
    if not 2 <= len(words) <= 4 or words[0] not in c.surnames or any(w.isupper() and len(w) > 1 for w in words):
        return False
    return bool(c.honorifics.search(before)) or any(w in c.middle_names for w in words[1:]) or len(words) >= 3


def _names(text: str, own_place: str, results: bool) -> list[Specific]:
    c = cues()
    found: list[Specific] = []
    for start, end in _runs(text):
        lead = re.match(rf"(?:{_HONORIFIC_WORDS.pattern})\s+", text[start:end], re.IGNORECASE)
        if lead:  # "Bà Huỳnh Thị Thu" at a sentence start: the honorific is not part of the name
            start += lead.end()
        before = text[:start]
        words = text[start:end].split()
        generic_end = _generic_at(text, start)
        if generic_end >= end:
            continue  # "Hội Liên hiệp Phụ nữ", "Đoàn TNCS Hồ Chí Minh": every unit has one
        noun = c.lead.match(text, start, end)
        rest = text[noun.end():end].split() if noun else []
        if noun and any(not w.isupper() for w in rest):  # "Trường THCS Lê Lợi", "Thôn Nà Khương" (capitalised)
            found.append(Specific(start, end, INSTITUTION if noun.group("institution") else PLACE, text[start:end]))
            continue
        institution = c.institution.search(before)
        place = c.place.search(before)
        level = c.level.search(before)
        name = " ".join(words)
        if level and not institution and name not in c.not_names and words[0] not in c.not_names:
            kind = OWN_UNIT if own_place and name == own_place else OTHER_UNIT  # "Tân An Hội" is not "Tân An"
            found.append(Specific(level.start(), end, kind, text[level.start():end]))
        elif institution and not (start == 0 or text[:start].rstrip().endswith((".", ";", ":"))):
            found.append(Specific(institution.start(), end, INSTITUTION, text[institution.start():end]))
        elif place:
            found.append(Specific(place.start(), end, PLACE, text[place.start():end]))
        elif _is_person(words, before):
            found.append(Specific(start, end, PERSON, name))
        elif own_place and own_place in name and results:
            found.append(Specific(start, end, OTHER_UNIT, name))  # the unit's name alone, as a place
    return found


def _numbers(text: str, results: bool) -> list[Specific]:
    c = cues()
    found: list[Specific] = []
    campaign = load_domain().campaign_dates
    event = bool(c.event_verbs.search(text))
    for m in find_numbers(text):
        if m.kind in ("count", "money", "percentage", "ratio"):
            if c.frequency.match(text[m.end:]) or c.frequency.match(text[m.start + len(m.raw_number):]):
                continue  # how often, not how many
            if c.phone.search(text[max(0, m.start - 60):m.start]):
                continue  # a hotline
            found.append(Specific(m.start, m.end, FIGURE, m.text))
        elif m.kind == "legal_ref" and not national_reference(m.text):
            found.append(Specific(m.start, m.end, LOCAL_REF, m.text))
        elif m.kind in ("date", "time"):
            compact = m.text.replace(" ", "")
            if _NATIONAL_DATE.search(text[max(0, m.start - 40):m.start]) and _after_national(text, m.start):
                continue  # the date of a national document ("Nghị định số 48/2009/NĐ-CP ngày 19/5/2009")
            if not results and m.kind == "date" and not re.search(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]|ngày", m.text):
                continue  # a month of a national campaign in a plan ("tháng 6/2023")
            if any(compact.startswith(d) for d in campaign):
                before = text[max(0, m.start - 16):m.start]
                dated_event = results and event and _EVENT_DATE_CUE.search(before) and not _RANGE_CUE.search(before)
                if not dated_event:
                    continue  # 15/11, 15/12, 25/11: the campaign's own dates
            found.append(Specific(m.start, m.end, DATE, m.text))
    for place in c.numbered_place.finditer(text):
        found.append(Specific(place.start(), place.end(), PLACE, place.group(0)))
    return found


_PERIOD = re.compile(r"giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}")


def _programmes(text: str, own_place: str) -> list[Specific]:
    """The unit's own programmes named by title and period: "Kế hoạch tuyên truyền … trên địa bàn xã Thanh Xá
    giai đoạn 2022- 2030" (its name) or "… trên địa bàn xã giai đoạn …" (itself by its level). A national one
    ("Kế hoạch Phòng ngừa và ứng phó với bạo lực trên cơ sở giới giai đoạn 2021 - 2025") names no unit."""
    found = []
    for period in _PERIOD.finditer(text):
        clause = re.split(r"[.;:]", text[:period.start()])[-1]  # the title is in the period's clause
        titles = list(cues().programme.finditer(clause))
        if not titles:
            continue
        start = period.start() - len(clause) + titles[-1].start()
        title = text[start:period.end()]
        if (own_place and re.search(rf"(?<!\w){re.escape(own_place)}(?!\w)", title)) or cues().self_scope.search(title):
            found.append(Specific(start, period.end(), OWN_PROGRAMME, title))
    return found


def local_conditions(text: str) -> list[str]:
    """The circumstances of the writing unit a sentence describes ("tiếng phổ thông", "vùng cao")."""
    return [m.group(0) for m in cues().conditions.finditer(text)]


def states_situation(text: str) -> bool:
    """Does an evaluation sentence state its unit's particular situation ("tiêu biểu là …", "vẫn do Hội
    Phụ nữ thực hiện là chủ yếu", "chưa phân công cán bộ chuyên trách")? Then it is that unit's fact."""
    return cues().situation.search(text) is not None


def find_specifics(text: str, own_place: str = "", results: bool = False,
                   known_names: Iterable[str] = ()) -> list[Specific]:
    """The specifics of a sentence, in order, without overlaps (the longest span wins).

    ``own_place``: the precedent's own unit ("Thanh Xá"); ``results``: the sentence is in a section that
    reports what was done (a date there dates an event); ``known_names``: other units' names and
    signers found in the corpus, matched case-sensitively."""
    found = _numbers(text, results) + _names(text, own_place, results) + _programmes(text, own_place)
    for claim in cues().result_claims.finditer(text) if results else ():
        found.append(Specific(claim.start(), claim.end(), RESULT, claim.group(0)))

    for name in known_names:
        if len(name) >= 3 and name != own_place:
            for match in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                found.append(Specific(match.start(), match.end(), OTHER_UNIT, name))
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Specific] = []
    for span in found:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept
