"""What a chat message asks for (``Intent``, read by ``reader.py``), and the figures it carries.

"số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tọa đàm: 3 buổi …" gives rows for the figures table;
a clause the table has no column for (money, a percentage) stays a note. Pure functions; no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.facts import FigureRow
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import find_numbers

# Figures typed in the chat: "số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tọa đàm: 3 buổi …"
FIGURES_CUE = re.compile(r"(?:(?:s[ốo] li[ệe]u|d[ữu] ki[ệe]n)(?: [^:\n]{1,24}?)?|figures?|facts?)\s*:\s*",
                         re.IGNORECASE)  # "số liệu tháng này:"
_COUNT_UNITS = ("cuộc", "buổi", "lớp", "đợt", "lần", "hội nghị", "chuyến", "đoàn", "tin", "bài", "tin bài",
                "băng rôn", "pano", "khẩu hiệu", "tờ rơi", "ấn phẩm", "sản phẩm", "áp phích", "cái", "chiếc", "bản")
_MEASURES = ("cuộc", "buổi", "lớp", "đợt", "lần", "chuyến", "cái", "chiếc", "bản")  # counted, not the activity
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
    return [row for clause in re.split(r"\s*[;\n]\s*", _clean(note)) if ":" not in clause
            for part in clause.split(",") if (row := _counted(part)) is not None]


def _counted(part: str) -> FigureRow | None:
    """A row from a part of a sentence that counts one thing ("treo 25 băng rôn", "tổ chức 4 buổi sinh hoạt
    ở các thôn"): the words around the number as the activity, a measure word ("buổi", "lớp") left out.
    ``None`` for money, people ("180 người dự"), or more than one figure (those stay notes only)."""
    found = find_numbers(part)
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
    return FigureRow(activity[:1].upper() + activity[1:], int(value), None, None, category=_category(activity))


# A document's reference: "Kế hoạch số 112/KH-UBND ngày 12/11/2025", "số 65/KH-UBND" (Nghị định 30 symbols)
DOCUMENT_NUMBER = re.compile(r"\b\d{1,4}/[A-ZĐ][A-ZĐa-zđ]{0,5}(?:-[A-ZĐ][A-ZĐa-zđ&]*)+")
PLAN_REFERENCE = re.compile(r"(?:kế hoạch|ke hoach)\s+(?:số|so)\s+\d{1,4}/[^\s,;]+"
                            r"(?:\s+(?:ngày|ngay)\s+\d{1,2}/\d{1,2}/\d{4})?", re.IGNORECASE)


def plan_reference(message: str) -> str:
    """The plan a message names ("xã ban hành Kế hoạch số 112/KH-UBND ngày 12/11/2025 …"), as written."""
    found = PLAN_REFERENCE.search(message)
    return found.group().strip() if found else ""


def quoted(message: str) -> str:
    """The first text in quotes ("chủ đề năm nay: “…”"), or ""."""
    found = re.search(r'["“«]([^"”»]{8,})["”»]', message)
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
