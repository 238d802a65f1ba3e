"""How other templates and people write a section's number, made the outline's way before the reader reads it
("I-3" → "I.3", "phần thứ hai" → "phần II", "ý 1 phần I" → "mục I.1", "tiểu mục b" → "điểm b"). Only beside a
section noun: a figure or a date in her words is never touched. Pure; what the numbers name is read by
``section_numbers.py``."""

from __future__ import annotations

import re

_ROMANS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")


# "mục sau" (next) is no "sáu"
_NUMBER_WORDS = {"một": 1, "mot": 1, "hai": 2, "ba": 3, "bốn": 4, "bon": 4, "tư": 4, "năm": 5, "sáu": 6}
_WORDED = "|".join(_NUMBER_WORDS)
# "phần thứ hai", "phần thứ 2": Part II; not "phần thứ hai của mục II" (a part's place, ``ordinal_before``)
_NTH_PART = re.compile(r"(?i)\b(phần|phan)\s+(?:thứ|thu)\s+(nhất|nhat|hai|ba|tư|tu|bốn|bon|năm|nam|sáu|sau|\d)\b"
                       r"(?!\s+(?:của|cua|trong|thuộc|thuoc)\b)")
_NTH = {"nhất": 1, "nhat": 1, "tu": 4, "nam": 5, "sau": 6, **_NUMBER_WORDS}
# "ý 2 mục II", "ý 1 phần I": an item of a part ("ý 2" alone is a place in the draft on screen); "ý b": a point
_IDEA_OF = re.compile(r"(?i)\b(?:ý|y)\s+(\d{1,2})(?=\s+(?:(?:của|cua)\s+)?(?:mục|muc|phần|phan)\s)")
_PART_IDEA = re.compile(r"(?i)\b((?:phần|phan)\s+[IVX]{1,4}),?\s+(?:ý|y)\s+(\d{1,2})\b")
_IDEA_LETTER = re.compile(r"(?i)\b(?:ý|y)\s+([a-h])\b(?![\'’])")
_DASHED = re.compile(r"(?<![\w/.-])([IVX]{1,4})\s*-\s*(\d{1,2})(?![\w/-])(?![.,]\d)")
_DOTTED = re.compile(r"(?i)\b(mục|muc|section|item)\s+(\d)\.(\d{1,2})(?![\d.,/])(?!\.\d)")
_YEAR_AFTER = re.compile(r"\s+(?:nay|ngoái|ngoai|trước|truoc|tới|toi|sau|\d)", re.IGNORECASE)  # "phần năm nay"
_PART_WORD = re.compile(rf"(?i)\b(?:phần|phan|chương|chuong|điều|dieu)\s+({_WORDED}|[IVX]{{1,4}}\b)(?!\w)")
_ITEM_WORD = re.compile(rf"(?i)\b(?:mục|muc|khoản|khoan)\s+(?:số\s+|so\s+)?({_WORDED})(?!\w)")
_ITEM = re.compile(r"(?i)\b(?:khoản|khoan)(?=\s+(?:số\s+|so\s+)?\d)")
_PART_ITEM = re.compile(r"(?i)\b(?:phần|phan)\s+([IVX]{1,4}),?\s+(mục|muc)\s+(\d{1,2})(?![\d.,/])")
_FIRST_TABLE = re.compile(r"(?i)\b(bảng|bang)\s+(?:đầu tiên|dau tien|thứ nhất|thu nhat|đầu|dau)\b"
                          r"|(?<=\bthe )first (table)\b")
_SUBITEM = re.compile(r"(?i)\b(?:tiểu mục|tieu muc|mục nhỏ|muc nho|nhóm|nhom|group)\s+([a-h])\b(?!['’])")  # "nhóm b"


def _the_year(m: re.Match[str]) -> bool:
    """"phần năm nay", "mục năm trước": the year, not section 5."""
    return m.group(1).lower() in ("năm", "nam") and _YEAR_AFTER.match(m.string, m.end()) is not None


def canonical_numbers(message: str) -> str:
    """The message with section numbers written the outline's way; every other word as typed."""
    def roman(value: str) -> str:
        number = _NUMBER_WORDS.get(value.lower())
        return _ROMANS[number].upper() if number else value

    def nth(m: re.Match[str]) -> str:
        number = int(m.group(2)) if m.group(2).isdigit() else _NTH[m.group(2).lower()]
        return f"{m.group(1)} {_ROMANS[number].upper()}" if 0 < number < len(_ROMANS) else m.group(0)

    text = _NTH_PART.sub(nth, message)
    text = _PART_IDEA.sub(lambda m: f"{m.group(1)}, mục {m.group(2)}", text)  # "phần III, ý 1 …": item 1 of III
    text = _IDEA_OF.sub(lambda m: f"mục {m.group(1)}", text)
    text = _IDEA_LETTER.sub(lambda m: f"điểm {m.group(1)}", text)
    text = _DASHED.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)
    text = _DOTTED.sub(lambda m: f"{m.group(1)} {_ROMANS[int(m.group(2))].upper()}.{m.group(3)}"
                       if 0 < int(m.group(2)) < len(_ROMANS) else m.group(0), text)
    # the noun as typed, marks or none: "muc 2 phan IV" stays a message typed without them
    text = _PART_WORD.sub(lambda m: m.group(0) if _the_year(m) else
                          f"{'phan' if m.group(0)[:4].lower() == 'phan' else 'phần'} {roman(m.group(1))}", text)
    text = _ITEM_WORD.sub(lambda m: m.group(0) if _the_year(m) else f"mục {_NUMBER_WORDS[m.group(1).lower()]}", text)
    text = _ITEM.sub("mục", text)
    text = _PART_ITEM.sub(lambda m: f"{m.group(2)} {m.group(1).upper()}.{m.group(3)}", text)  # "phần I mục 2": I.2
    text = _FIRST_TABLE.sub(lambda m: f"{m.group(1) or m.group(2)} 1", text)  # "bảng đầu tiên" → "bảng 1"
    return _SUBITEM.sub(lambda m: f"điểm {m.group(1)}", text)
