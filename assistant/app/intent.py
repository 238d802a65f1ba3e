"""What a chat message asks for (``Intent``, read by ``reader.py``), and the figures it carries.

"số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tọa đàm: 3 buổi …" gives rows for the figures table;
a clause the table has no column for (money, a percentage) stays a note. Pure functions; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.facts import FigureRow
from assistant.draft.specifics import PLACE, find_specifics
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import NumberMention, find_numbers

# Figures typed in the chat: "số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tọa đàm: 3 buổi …"
FIGURES_CUE = re.compile(r"(?:(?:s[ốo] li[ệe]u|d[ữu] ki[ệe]n)(?: [^:\n]{1,24}?)?|figures?|facts?)\s*:\s*",
                         re.IGNORECASE)  # "số liệu tháng này:"
_COUNT_UNITS = ("cuộc", "buổi", "lớp", "đợt", "lần", "hội nghị", "chuyến", "đoàn", "tin", "bài", "tin bài",
                "băng rôn", "pano", "khẩu hiệu", "tờ rơi", "ấn phẩm", "sản phẩm", "áp phích", "cái", "chiếc", "bản")
_MEASURES = ("cuộc", "buổi", "lớp", "đợt", "lần", "chuyến", "cái", "chiếc", "bản")  # counted, not the activity
# who took part: a total ("220 người"), women, men; the words that join them to the event before
_PEOPLE = ("người", "lượt người", "lượt", "đại biểu", "hội viên", "học viên", "cán bộ", "đoàn viên", "học sinh",
           "thành viên", "thanh niên", "người dân")
_WOMEN = ("nữ", "phụ nữ")
_MEN = ("nam",)
_PEOPLE_LINKS = {"trong", "đó", "có", "gồm", "với", "tổng", "số", "là", "khoảng", "hơn", "trên", "nữ", "nam"}
_TRAILING_LINKS = re.compile(r"(?:[\s,]+(?:với|có|thu hút|cho|gồm|trong đó|tổng số|khoảng|hơn|trên|gần|được|và"
                             r"|nam|nữ))+$", re.IGNORECASE)
_MONEY = re.compile(r"kinh phí|triệu|đồng|tỷ|\bđ\b|vnđ|ngân sách")
# as the report's tables divide them: news on radio, loudspeakers and sites; products made and handed out or hung
_MEDIA = ("tin bài", "loa", "phát thanh", "truyền thanh", "mạng xã hội", "zalo", "facebook", "cổng thông tin",
          "trang thông tin", "báo")
_PRODUCTS = ("tờ rơi", "tờ gấp", "ấn phẩm", "sổ tay", "tài liệu", "áp phích", "sản phẩm", "video", "clip", "băng rôn",
             "pano", "khẩu hiệu")


@dataclass(frozen=True)
class Intent:
    """What a message asks: ``action`` is "draft" a section, "refine" the draft on screen, "show" a
    section again, "open" another kind of document, "figures" (facts stated with no request: kept,
    then the draft on screen written again with them: "redraft", or "refine" when the officer shaped
    it), or "ask" back (with ``choices``)."""
    action: str
    section_id: str = ""
    instruction: str = ""  # the officer's wishes, passed on to the drafter
    question: str = ""  # what to ask back (action "ask")
    choices: tuple[tuple[str, str], ...] = ()  # (label, the message a click sends) offered with a question
    kind: str = ""  # the outline id asked for (action "open")
    year: int | None = None  # the year asked for with it


def _clean(message: str) -> str:
    return re.sub(r"\s+", " ", normalize_text(message)).strip()


def _level(activity: str) -> str:
    """The level where her sentence says the activity was held: a place below the commune it names ("tọa
    đàm ở các thôn" → "Thôn"), else a unit's level word in it ("đài truyền thanh xã" → "Xã"), else ""."""
    domain = load_domain()
    low = fold(activity)
    for lookalike in domain.level_lookalikes:
        low = low.replace(lookalike, " ")
    for word in (*domain.sublevels, *domain.levels):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", low):
            return word[:1].upper() + word[1:]
    return ""


def _category(activity: str) -> str:
    low = fold(activity)
    if any(word in low for word in _PRODUCTS):
        return "products"
    return "media" if any(word in low for word in _MEDIA) else "activities"


def figure_rows(message: str, stated: bool = False) -> tuple[list[FigureRow], str]:
    """Rows for the figures table from "số liệu: A: 2 cuộc, nam 120, nữ 180; B: …", and the clauses
    that are no row (returned as text, for the notes). After an explicit "số liệu:" cue, or in the
    whole message when it only states facts (``stated``: "đài truyền thanh phát 30 tin bài")."""
    text = _clean(message)
    cue = FIGURES_CUE.search(text)
    if not cue and not stated:
        return [], ""
    rows, rest = [], []
    for clause in re.split(r"\s*[;\n]\s*", text[cue.end():] if cue else text):
        row = _row(clause)
        if row is None:
            if clause.strip(" .,"):
                rest.append(clause.strip())
        else:
            rows.append(row)
    return rows, "; ".join(rest)


def counted_rows(note: str) -> list[FigureRow]:
    """Rows for the tables from facts stated in a sentence ("treo 25 băng rôn, phát 800 tờ rơi, loa phát
    thanh 30 tin bài"), one per counted thing; the sentence itself stays a note in the officer's words.
    "Tên: …" clauses are the table's own syntax (``figure_rows``) and are left to it."""
    rows = []
    for clause in re.split(r"\s*[;\n]\s*|(?<=[.!?])\s+", _clean(note)):
        if ":" in clause:
            continue
        events: list[str] = []
        for part in clause.split(","):
            if events and _adds_people(part):  # "…với 220 người tham dự, trong đó 130 nữ": one event
                events[-1] += "," + part
            else:
                events.append(part)
        rows += [row for event in events if (row := _counted(event) or _event(event)) is not None]
    return rows


def _figures(text: str) -> list[NumberMention]:
    """The numbers of a clause that count, not those of a place's name ("ở nhà văn hóa thôn 2": no 2 events)."""
    names = [(s.start, s.end) for s in find_specifics(text) if s.kind == PLACE]
    return [m for m in find_numbers(text) if not any(a <= m.start < b for a, b in names)]


def _counted(part: str) -> FigureRow | None:
    """A row from a part of a sentence that counts one thing ("treo 25 băng rôn", "tổ chức 4 buổi sinh hoạt
    ở các thôn"): the words around the number as the activity, a measure word ("buổi", "lớp") left out.
    ``None`` for money, people ("180 người dự"), or more than one figure (those stay notes only)."""
    found = _figures(part)
    if len(found) != 1 or _MONEY.search(fold(part)):
        return None
    mention, value = found[0], found[0].value
    noun = fold(mention.unit)  # find_numbers reads the unit with the number: "25 băng rôn"
    if mention.kind != "count" or value is None or noun not in _COUNT_UNITS or value != int(value) or value <= 0:
        return None
    kept = "" if noun in _MEASURES else mention.unit
    activity = " ".join(f"{part[:mention.start]} {kept} {part[mention.end:]}".split()).strip(" .;:-–")
    if len(activity.split()) < 2:
        return None
    return FigureRow(activity[:1].upper() + activity[1:], int(value), None, None, level=_level(activity),
                     category=_category(activity))


def _people_slot(part: str, mention: NumberMention) -> str:
    """Which people column a number fills: "female" ("130 nữ", "nữ 130"), "male", "people" (a total:
    "220 người", "150 đại biểu"), or "" when it counts no people."""
    unit, before = fold(mention.unit), fold(part[max(0, mention.start - 8):mention.start]).rstrip()
    if before.endswith(("nam", "nữ")):  # "(nam 70 nữ 110)": the word before names it, not the one after
        return "male" if before.endswith("nam") else "female"
    if unit in _WOMEN:
        return "female"
    if unit in _MEN:
        return "male"
    return "people" if unit in _PEOPLE else ""


def _adds_people(part: str) -> bool:
    """A part of a sentence that only gives more people of the event before it ("trong đó 130 nữ")."""
    found = _figures(part)
    return bool(found) and all(_people_slot(part, m) for m in found) and set(
        fold(part[:found[0].start]).split()) <= _PEOPLE_LINKS


def _event(text: str) -> FigureRow | None:
    """A row from a sentence about one event with its people ("3 buổi tọa đàm 150 người", "tổ chức lễ
    phát động với 220 người tham dự, trong đó 130 nữ"): the count, the men and women (men = the total
    less the women when only those two are given); a total alone has no column, so no row. The words
    before the people are the activity. ``None`` for money, dates, or two figures of one kind."""
    found = _figures(text)
    if not found or _MONEY.search(fold(text)):
        return None
    slots: dict[str, int] = {}
    count_mention, people_start = None, len(text)
    for mention in found:
        value = mention.value
        if mention.kind in ("date", "time"):  # when it was held: the activity's words, no column
            continue
        if mention.kind != "count" or value is None or value != int(value) or value <= 0:
            return None
        slot = _people_slot(text, mention)
        if not slot and (fold(mention.unit) in _COUNT_UNITS or not mention.unit):
            slot, count_mention = "count", mention
        if not slot or slot in slots:
            return None
        slots[slot] = int(value)
        if slot != "count":
            people_start = min(people_start, mention.start)
    male, female, total = slots.get("male"), slots.get("female"), slots.get("people")
    if total is not None and (male is None) != (female is None) and total > (male or female or 0):
        male, female = (total - female, female) if female is not None else (male, total - (male or 0))
    if "count" not in slots and male is None and female is None:
        return None
    words = text[:people_start]
    if count_mention is not None and count_mention.start < people_start:
        kept = "" if fold(count_mention.unit) in _MEASURES else count_mention.unit
        words = f"{text[:count_mention.start]} {kept} {text[count_mention.end:people_start]}"
    activity = _TRAILING_LINKS.sub("", " ".join(words.split()).strip(" .;:-–,")).strip(" .;:-–,")
    if len(activity.split()) < 2:
        return None
    return FigureRow(activity[:1].upper() + activity[1:], slots.get("count"), male, female, level=_level(activity),
                     category=_category(activity))


# A document's reference: "Kế hoạch số 112/KH-UBND ngày 12/11/2025", "số 65/KH-UBND" (Nghị định 30 symbols)
DOCUMENT_NUMBER = re.compile(r"\b\d{1,4}/[A-ZĐ][A-ZĐa-zđ]{0,5}(?:-[A-ZĐ][A-ZĐa-zđ&]*)+")
PLAN_REFERENCE = re.compile(r"(?:kế hoạch|ke hoach)\s+(?:số|so)\s+\d{1,4}/[^\s,;]+"
                            r"(?:\s+(?:ngày|ngay)\s+\d{1,2}/\d{1,2}/\d{4})?", re.IGNORECASE)


def plan_reference(message: str) -> str:
    """The plan a message names ("xã ban hành Kế hoạch số 112/KH-UBND ngày 12/11/2025 …"), as written."""
    found = PLAN_REFERENCE.search(message)
    return found.group().strip() if found else ""


QUOTED = re.compile(r'["“«]([^"”»]*)["”»]')  # a text in quotes, the quotes included


def quoted(message: str) -> str:
    """The first text in quotes of eight characters or more ("chủ đề năm nay: “…”"), or ""."""
    found = next((q for q in QUOTED.finditer(message) if len(q.group(1)) >= 8), None)
    return found.group(1).strip() if found else ""


def _row(clause: str) -> FigureRow | None:
    """A table row from "Hội nghị: 2 cuộc, nam 40, nữ 50"; ``None`` when the clause holds a figure
    the table has no column for (money, a total of participants, a percentage): it stays a note."""
    name, sep, figures = clause.partition(":")
    if not sep or not name.strip() or find_numbers(name) or _MONEY.search(fold(figures)):
        return None
    count = male = female = None
    for mention in find_numbers(figures):
        if mention.value is None or mention.kind not in ("count", "numbering") or mention.value != int(mention.value):
            return None  # money, percentages, dates: a sentence for the notes, not a table cell
        before = fold(figures[max(0, mention.start - 6):mention.start]).rstrip()
        unit = fold(mention.unit)
        value = int(mention.value)
        if (unit == "nữ" or before.endswith("nữ")) and female is None:
            female = value
        elif (unit == "nam" or before.endswith("nam")) and male is None:
            male = value
        elif count is None and (unit in _COUNT_UNITS or not unit):
            count = value
        else:
            return None  # "150 người tham dự": no column for it; the whole clause goes to the notes
    if count is None and male is None and female is None:
        return None
    activity = name.strip(" -–•+")
    return FigureRow(activity[:1].upper() + activity[1:], count, male, female, category=_category(activity))
