"""Find and classify every number mentioned in a Vietnamese (NFC) text.

What it does: ``find_numbers`` returns non-overlapping ``NumberMention``s, sorted by offset, each classified
as one of ``KINDS`` (counts with their counting noun, money in đồng, percentages, ratios such as "9/27",
dates, years, legal document references, list/section numbering, clock times).  Digits follow the
Vietnamese convention ("." thousands, "," decimals; a lone "." before 1-2 digits is a decimal); numbers
written in words ("hai buổi", "mười hai người") are read when a counting noun, "%" or đồng follows.
``same_figure`` says whether two mentions state the same figure ("12 triệu đồng" == "12.000.000đ").

What it does not do: no parsing of grammar or meaning.  Kinds come from fixed, local heuristics (the
words around a number), so ambiguous text may be misread ("năm người dân" is five people even where "năm"
means "year"; "10/12 xã" is a ratio).  Ranges are two mentions; no currency other than đồng; no arithmetic
or checks of totals.  Leading context words ("ngày", "năm", "Điều") are never part of a mention's span.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

KINDS = ("count", "money", "percentage", "ratio", "date", "year", "legal_ref", "numbering", "time")


@dataclass(frozen=True)
class NumberMention:
    text: str  # the exact matched span, e.g. "30.000.000đ", "150 người", "hai buổi"
    start: int
    end: int
    kind: str  # one of KINDS
    value: float | None  # None for legal_ref, date and some numbering
    unit: str  # normalised unit after the number: "người", "đồng", "%", "" if none
    raw_number: str  # the number part as written: "30.000.000", "12 triệu", "hai", "9/27"


_DIGIT_WORDS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
                "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
_STARTERS = {"một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười"}


def _phrases(listing: str) -> frozenset[str]:
    return frozenset(p.strip() for p in listing.split("|"))


_COUNT_NOUNS = _phrases("""buổi|cuộc|cuộc thi|người|lượt|lượt người|lượt xem|lớp|lớp học|hội nghị|hội thảo|hội thi|
xã|phường|thị trấn|huyện|tỉnh|thôn|khóm|ấp|bản|làng|tổ|tổ dân phố|đợt|tin|tin bài|bài|bài viết|pano|pa nô|
băng rôn|khẩu hiệu|áp phích|tờ|tờ rơi|tờ gấp|cuốn|sổ tay|tài liệu|ấn phẩm|trường|hộ|hộ gia đình|gia đình|
câu lạc bộ|clb|đoàn|đoàn viên|hội viên|phóng sự|chương trình|chuyên đề|lần|ngày|tháng|năm|tuần|giờ|học viên|
đại biểu|cán bộ|lao động|đồng chí|thành viên|mô hình|nhóm|điểm|cơ sở|đơn vị|cơ quan|doanh nghiệp|hợp tác xã|chi hội|
trẻ|trẻ em|em|học sinh|phụ nữ|nữ|nam|vụ|vụ việc|trường hợp|cặp|video|clip|sản phẩm|phiên|kỳ|cụm|tuyến|
nạn nhân|cháu""")
# Two-word phrases that begin with a counting noun but are not one ("tổ chức" = organise, "xã hội" = society).
_NOT_NOUNS = _phrases("tổ chức|xã hội|lần lượt|ngày càng|tin tưởng|cuộc sống|đoàn kết|người ta|năm nay")
# Words that never serve as a unit ("từ 15 đến 40 tuổi").
_NOT_UNITS = _phrases("đến|tới|và|hoặc|là|có|so|trở|trên|dưới|với|của|trong|cho|được|đã|thì|mà|từ|đạt")
# "năm" after these words means "year", not "five" ("hằng năm xã tổ chức…").
_YEAR_CONTEXT = _phrases("hằng|hàng|trong|mỗi|cả|các|những|cuối|đầu|giữa|qua|của|nhiều|từng|sang|vào|này|thứ")

_SYMBOL = r"[A-ZĐ][^\W_]*(?:-[^\W_]+|\s*-\s*[A-ZĐ][A-ZĐ0-9]*[a-z]?(?![^\W_]))*"  # NĐ-CP, QĐ-TTg, "NĐ - CP"
_LEGAL = re.compile(rf"(?<![\w/.,])\d+[a-z]?(?:(?:/\d{{2,4}})?/{_SYMBOL}|-{_SYMBOL}(?:/{_SYMBOL})+)")
_TIME = re.compile(r"(?<![\w.,/])(\d{1,2})(h|\s*giờ)(?:\s*(\d{2})(?:\s*phút)?)?(?!\w)")
_DATE_WORDS = re.compile(
    r"(?<![\w/.,])(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,?\s*năm\s+(\d{4})|\s*/\s*(\d{4}))?(?!\w|[/.,]\d)", re.I)
_DATE_DMY = re.compile(r"(?<![\w/.,])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\w|[/.,]\d)")
_DATE_MONTH = re.compile(r"(?<!\w)(?i:tháng)\s+(\d{1,2})(?:\s*/\s*(\d{4})|\s+(?i:năm)\s+(\d{4}))?(?!\w|[/.,]\d)")
_DATE_MY = re.compile(r"(?<![\w/.,])(\d{1,2})/(\d{4})(?!\w|[/.,]\d)")
_LINE_NUM = re.compile(
    r"^[ \t]*(?:\|[ \t]*)?(?:(\d{1,2}(?:\.\d{1,2})*)[.)]|(\d{1,2}(?:\.\d{1,2})+)(?!\s*(?:%|phần|triệu|tỷ|tỉ|nghìn|"
    r"ngàn|đ))|([IVX]+)[.)]|([a-zđ])\)|(\d{1,3})(?=[ \t]*[|\t]|[ \t]+[A-ZĐ]))(?=\s|$)", re.M)
_KEY_NUM = re.compile(r"(?<!\w)(?i:điều|khoản|mục|chương|phần|tiết|thứ)\s+(\d{1,3}|[IVXLC]+)(?!\w|[.,/]\d|\s*%)")
_SLASH = re.compile(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(?![\w/]|[.,]\d)")
_NUM = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*")
_W = "(?:" + "|".join(sorted({*_DIGIT_WORDS, *_SCALES, "mười", "mươi", "trăm", "linh", "lẻ"}, key=len,
                             reverse=True)) + r")(?!\w)"
_WORDS = re.compile(rf"(?<!\w){_W}(?:\s+{_W})*", re.I)
_PCT = re.compile(r"\s*%|\s+phần\s+trăm(?!\w)", re.I)
_SCALE = re.compile(r"\s*(nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)", re.I)
_MONEY = re.compile(r"\s*(?:đồng(?!\s+chí)|đ|vnđ|vnd)(?!\w)", re.I)
_NEXT_WORD = re.compile(r"(?=\s)[ \t]*\n?[ \t]*([^\W\d_]+)")  # the next word, on this line or the next
_DATE_BEFORE = re.compile(r"(?:(?<!\w)(?:ngày|từ|đến|tới|hôm)|[-–—])\s*$", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:[-–—]|đến|tới)\s*\d", re.I)


def parse_vietnamese_number(token: str) -> float | None:
    """Value of a number written in digits ("1.200", "99,5", "12 triệu") or words ("mười hai"); else None."""
    token = token.strip()
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)(?:\s+(nghìn|ngàn|triệu|tỷ|tỉ))?", token, re.I)
    if m:
        value = _parse_digits(m.group(1))
        return None if value is None else value * (_SCALES[m.group(2).lower()] if m.group(2) else 1)
    return _parse_words(token.lower().split())


def _parse_digits(s: str) -> float | None:
    if "." in s and "," in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        if s.count(dec) > 1:
            return None
        whole, frac = s.split(dec)
        thousands = "," if dec == "." else "."
    elif "." in s or "," in s:
        sep = "." if "." in s else ","
        parts = s.split(sep)
        if len(parts) == 2 and (sep == "," or len(parts[1]) != 3):
            return float(f"{parts[0]}.{parts[1]}")
        whole, frac, thousands = s, "", sep
    else:
        return float(s)
    groups = whole.split(thousands)
    if len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return float("".join(groups) + ("." + frac if frac else ""))


def _parse_words(words: list[str]) -> float | None:
    total, group, pending = 0.0, 0, -1  # pending: a digit word waiting for mươi/trăm/scale (-1: none)
    for word in words:
        if word in _DIGIT_WORDS:
            if pending >= 0:
                return None
            pending = _DIGIT_WORDS[word]
        elif word == "mười" and pending < 0 and group % 100 == 0:
            group += 10
        elif word == "mươi" and pending > 1:
            group, pending = group + pending * 10, -1
        elif word == "trăm" and group % 1000 == 0:
            group, pending = group + max(pending, 1) * 100, -1
        elif word in ("linh", "lẻ") and pending < 0:
            continue
        elif word in _SCALES:
            total += (group + max(pending, 0) or 1) * _SCALES[word]
            group, pending = 0, -1
        else:
            return None
    return total + group + max(pending, 0) if words else None


def _roman(s: str) -> int:
    values = [{"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}[c] for c in s.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)\s*$", text[max(0, start - 24):start])
    return m.group(1).lower() if m else ""


def _unit_after(text: str, pos: int, strict: bool) -> tuple[str, int]:
    """Counting noun after pos (longest of up to 3 words); unless strict, else the next lower-case word."""
    words: list[tuple[str, int]] = []
    while len(words) < 3 and (m := _NEXT_WORD.match(text, words[-1][1] if words else pos)):
        words.append((m.group(1), m.end()))
    lows = [w.lower() for w, _ in words]
    if " ".join(lows[:2]) in _NOT_NOUNS:
        return ("", pos) if strict else (" ".join(lows[:2]), words[1][1])
    for n in (3, 2, 1):
        if len(lows) >= n and " ".join(lows[:n]) in _COUNT_NOUNS:
            return " ".join(lows[:n]), words[n - 1][1]
    if not strict and words and words[0][0].islower() and lows[0] not in _NOT_UNITS:
        return words[0][0], words[0][1]
    return "", pos


def _amount(text: str, start: int, num_end: int, value: float, strict: bool) -> NumberMention | None:
    """Percentage, money or count for the number at text[start:num_end]; None if strict and no noun follows."""
    raw, pos = text[start:num_end], num_end
    if m := _PCT.match(text, pos):
        return NumberMention(text[start:m.end()], start, m.end(), "percentage", value, "%", raw)
    if m := _SCALE.match(text, pos):
        value, pos = value * _SCALES[m.group(1).lower()], m.end()
        raw = text[start:pos]
    if m := _MONEY.match(text, pos):
        return NumberMention(text[start:m.end()], start, m.end(), "money", value, "đồng", raw)
    unit, end = _unit_after(text, pos, strict)
    if strict and not unit:
        return None
    return NumberMention(text[start:end], start, end, "count", value, unit, raw)


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[NumberMention] = []
        self.taken = bytearray(len(text))  # 1 where an earlier mention lies

    def free(self, start: int, end: int) -> bool:
        return not any(self.taken[start:end])

    def keep(self, mention: NumberMention) -> None:
        self.found.append(mention)
        self.taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)

    def add(self, start: int, end: int, kind: str, value: float | None = None, unit: str = "",
            raw: str | None = None) -> None:
        span = self.text[start:end]
        if self.free(start, end):
            self.keep(NumberMention(span, start, end, kind, value, unit, span if raw is None else raw))

    def duration(self, m: re.Match[str]) -> bool:
        """A month-like match with no year that a counting noun follows ("tháng 5 năm" = month, five years)."""
        return not (m.group(m.re.groups) or m.group(m.re.groups - 1)) and bool(_unit_after(self.text, m.end(), True)[0])

    def structured(self) -> None:
        text = self.text
        for m in _LEGAL.finditer(text):
            self.add(m.start(), m.end(), "legal_ref")
        for m in _TIME.finditer(text):
            hours, minutes = int(m.group(1)), int(m.group(3) or 0)
            clock = m.group(2) == "h" or m.group(3) or _prev_word(text, m.start()) in ("lúc", "từ", "đến", "vào")
            if clock and hours <= 24 and minutes < 60:
                self.add(m.start(), m.end(), "time", hours + minutes / 60)
        for m in _DATE_WORDS.finditer(text):  # "02 tháng 5 năm" is two durations, not a date
            if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12 and not self.duration(m):
                self.add(m.start(), m.end(), "date")
        for m in _DATE_DMY.finditer(text):
            if 1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(3)) <= 12:
                self.add(m.start(), m.end(), "date")
        for m in _DATE_MONTH.finditer(text):
            if 1 <= int(m.group(1)) <= 12 and not self.duration(m):
                self.add(m.start(1), m.end(), "date")
        for m in _DATE_MY.finditer(text):
            if 1 <= int(m.group(1)) <= 12 and 1900 <= int(m.group(2)) <= 2100:
                self.add(m.start(), m.end(), "date")
        for m in _LINE_NUM.finditer(text):
            start = next(m.start(i) for i in range(1, 6) if m.group(i) is not None)
            number = next(g for g in m.groups() if g is not None)
            value = float(number) if number.isdigit() else float(_roman(number)) if m.group(3) else None
            self.add(start, m.end(), "numbering", value, raw=number)
        for m in _KEY_NUM.finditer(text):
            number = m.group(1)
            self.add(m.start(1), m.end(1), "numbering", float(number) if number.isdigit() else float(_roman(number)))

    def slashes(self) -> None:
        text = self.text
        for m in _SLASH.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if all(len(g) == 4 and 1900 <= int(g) <= 2100 for g in m.groups()):
                self.add(m.start(1), m.end(1), "year", a)
                self.add(m.start(2), m.end(2), "year", b)
                continue
            is_dm = 1 <= a <= 31 and 1 <= b <= 12
            before = text[max(0, m.start() - 12):m.start()]
            noun, end = _unit_after(text, m.end(), True)
            after_ngay = re.search(r"(?<!\w)ngày\s*$", before, re.I)
            in_range = _DATE_BEFORE.search(before) or _RANGE_AFTER.match(text, m.end())
            if is_dm and (after_ngay or (not noun and (in_range or a > b))):
                self.add(m.start(), m.end(), "date")
            else:
                self.add(m.start(), end, "ratio", a / b if b else None, noun, m.group(0))

    def digits(self) -> None:
        text = self.text
        for m in _NUM.finditer(text):
            start, end, raw = m.start(), m.end(), m.group(0)
            value = _parse_digits(raw)
            if value is None or not self.free(start, end) or re.search(r"[^\W\d_]-$", text[max(0, start - 2):start]):
                continue
            if end < len(text) and (text[end] == "@" or text[end].isalpha() and not _MONEY.match(text, end)):
                continue  # inside a word, code or e-mail address
            mention = _amount(text, start, end, value, strict=False)
            if mention and mention.kind == "count" and mention.raw_number == raw:
                noun = _unit_after(text, end, True)[0]
                prev = _prev_word(text, start)
                if raw.isdigit() and len(raw) == 4 and (prev == "năm" or (1945 <= value <= 2100 and not noun)):
                    mention = NumberMention(raw, start, end, "year", value, "", raw)
                elif prev == "ngày" and raw.isdigit() and 1 <= value <= 31 and not noun:
                    mention = NumberMention(raw, start, end, "date", None, "", raw)
            if mention and self.free(mention.start, mention.end):
                self.keep(mention)

    def words(self) -> None:
        text = self.text
        for m in _WORDS.finditer(text):
            tokens = list(re.finditer(r"\S+", m.group(0)))
            first = tokens[0].group(0).lower()
            prev = _prev_word(text, m.start())
            if first not in _STARTERS or prev == "thứ" or (first == "năm" and prev in _YEAR_CONTEXT):
                continue
            for k in range(len(tokens), 0, -1):
                end = m.start() + tokens[k - 1].end()
                value = _parse_words([t.group(0).lower() for t in tokens[:k]])
                if value is None:
                    continue
                if first == "một" and re.match(r"\s+lần\s+nữa(?!\w)", text[end:], re.I):
                    break
                mention = _amount(text, m.start(), end, value, strict=True)
                if mention and self.free(mention.start, mention.end):
                    self.keep(mention)
                    break


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mentioned in text: non-overlapping mentions sorted by start offset."""
    finder = _Finder(text)
    for step in (finder.structured, finder.slashes, finder.digits, finder.words):
        step()  # earlier steps claim their spans first
    return sorted(finder.found, key=lambda mention: mention.start)


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def same_figure(a: NumberMention, b: NumberMention) -> bool:
    """Same kind and same figure, whatever the writing ("12 triệu đồng" == "12.000.000đ")."""
    if a.kind != b.kind:
        return False
    if a.kind == "count":
        return _close(a.value, b.value) and (a.unit == b.unit or not a.unit or not b.unit)
    if a.kind in ("ratio", "date"):  # "9/27" is not "1/3"; "15/11/2024" is "15 tháng 11 năm 2024"
        return [int(n) for n in re.findall(r"\d+", a.raw_number)] == [int(n) for n in re.findall(r"\d+", b.raw_number)]
    if a.value is None or b.value is None:
        return re.sub(r"\s+", "", a.raw_number).upper() == re.sub(r"\s+", "", b.raw_number).upper()
    return _close(a.value, b.value)
