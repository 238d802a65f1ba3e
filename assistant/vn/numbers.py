"""Find and classify every number mentioned in a Vietnamese (NFC) text.

What it does: ``find_numbers`` returns non-overlapping ``NumberMention``s, sorted by offset, each one of ``KINDS``
(counts with their counting noun, money in đồng, percentages, ratios such as "9/27", dates, years, legal document
references, list/section numbering, clock times).  Digits follow the Vietnamese convention ("." thousands, ","
decimals; a lone "." before 1-2 digits is a decimal) and may be glued to what follows: "5tr", "2tỷ đồng" are money,
"150người" a count, "12k" money only before đồng.  Number words count too: one word ("hai", "năm") only before a
counting noun, "%" or đồng; two or more ("hai mươi thanh niên") before any word.  ``same_figure`` says whether two
mentions state the same figure ("12 triệu đồng" == "12.000.000đ").  The word lists are in data/numbers.yaml.

What it does not do: no grammar or meaning.  Kinds come from local heuristics (the words around a number), so
ambiguous text may be misread ("năm người dân" is five people even where "năm" means "year"; "10/12 xã" is a ratio;
"hai ba người" is read "ba người").  Ranges are two mentions; no currency but đồng; no arithmetic or checks of
totals.  Leading context words ("ngày", "năm", "Điều") are never part of a mention's span.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from assistant.data import DATA_DIR

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


def _alt(phrases: Iterable[str]) -> str:
    """Regex alternation of phrases, longest first; a space matches any run of white space."""
    alternatives = (r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return "(?:" + "|".join(alternatives) + ")"


class _Lexicon:
    """The word lists of data/numbers.yaml (``sets`` by their key, and the numbers) and the regexes built from them."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.sets = {key: frozenset(words) for key, words in raw.items() if isinstance(words, list)}
        self.digits: dict[str, int] = raw["digit_words"]
        self.scales, self.glued = raw["scales"], raw["glued_scales"]  # glued: only right after digits ("5tr", "12k")
        number_words = {*self.digits, *self.scales, *raw["joining_words"]}
        self.sets["not_units"] |= number_words  # "hai mươi ba mươi": no unit "mươi"
        word, scale, pct = _alt(number_words) + r"(?!\w)", _alt(self.scales), _alt(raw["percent_words"])
        money = _alt(raw["money_words"])
        self.words = re.compile(rf"(?<!\w){word}(?:\s+{word})*", re.I)
        self.pct = re.compile(rf"\s*%|\s+{pct}(?!\w)", re.I)
        self.scale = re.compile(rf"\s*({scale})(?!\w)", re.I)
        self.glued_scale = re.compile(rf"({_alt(self.glued)})(?=(?i:{money})?(?!\w))")  # "5tr", "12kđ"; not "4K"
        self.money = re.compile(rf"\s*(?:{money})(?!\w)", re.I)
        self.token = re.compile(rf"(\d+(?:[.,]\d+)*)(?:\s*({scale})|({_alt(self.glued)}))?", re.I)
        self.idiom = re.compile(rf"{_alt(raw['idioms'])}(?!\w)", re.I)
        self.date_before = re.compile(rf"(?:(?<!\w){_alt(raw['date_words'])}|[-–—])\s*$", re.I)
        self.range_after = re.compile(rf"\s*(?:[-–—]|{_alt(raw['range_words'])})\s*\d", re.I)
        self.key_num = re.compile(  # "Điều 5", "Chương II"
            rf"(?<!\w)(?i:{_alt(raw['numbering_words'])})\s+(\d{{1,3}}|[IVXLC]+)(?!\w|[.,/]\d|\s*%)")
        # "1.", "2)", "1.2", "IV.", "a)", a table row's "1 |" at a line start: list shapes only ("25 Chi hội …"
        # at a line start is a count)
        self.line_num = re.compile(
            rf"^[ \t]*(?:\|[ \t]*)?(?:(\d{{1,2}}(?:\.\d{{1,2}})*)[.)]|(\d{{1,2}}(?:\.\d{{1,2}})+)(?!\s*(?:%|{pct}|"
            rf"{scale}|{money}))|([IVX]+)[.)]|([a-zđ])\)|(\d{{1,3}})(?=[ \t]*[|\t]))(?=\s|$)", re.M)


@lru_cache(maxsize=1)
def _lex() -> _Lexicon:
    return _Lexicon(yaml.safe_load((DATA_DIR / "numbers.yaml").read_text(encoding="utf-8")))


_SYMBOL = r"[A-ZĐ][^\W_]*(?:-[^\W_]+|\s*-\s*[A-ZĐ][A-ZĐ0-9]*[a-z]?(?![^\W_]))*"  # NĐ-CP, QĐ-TTg, "NĐ - CP"
_LEGAL = re.compile(rf"(?<![\w/.,])\d+[a-z]?(?:(?:/\d{{2,4}})?/{_SYMBOL}|-{_SYMBOL}(?:/{_SYMBOL})+)")
_TIME = re.compile(r"(?<![\w.,/])(\d{1,2})(h|\s*giờ)(?:\s*(\d{2})(?:\s*phút)?)?(?!\w)")
_DATE_WORDS = re.compile(
    r"(?<![\w/.,])(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s*,?\s*năm\s+(\d{4})|\s*/\s*(\d{4}))?(?!\w|[/.,]\d)", re.I)
_DATE_DMY = re.compile(r"(?<![\w/.,])(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?!\w|[/.,]\d)")
_DATE_MONTH = re.compile(r"(?<!\w)(?i:tháng)\s+(\d{1,2})(?:\s*/\s*(\d{4})|\s+(?i:năm)\s+(\d{4}))?(?!\w|[/.,]\d)")
_DATE_MY = re.compile(r"(?<![\w/.,])(\d{1,2})/(\d{4})(?!\w|[/.,]\d)")
_SLASH = re.compile(r"(?<![\w/.,])(\d{1,4})/(\d{1,4})(?![\w/]|[.,]\d)")
_NUM = re.compile(r"(?<![\w.,/])\d+(?:[.,]\d+)*")
_NEXT_WORD = re.compile(r"(?:(?<=\d)|(?=\s)[ \t]*\n?[ \t]*)([^\W\d_]+)")  # on this line or the next, or glued


def parse_vietnamese_number(token: str) -> float | None:
    """Value of a number in digits ("1.200", "99,5", "12 triệu", "5tr") or words ("mười hai"); else None."""
    if m := _lex().token.fullmatch(token.strip()):
        value, scale = _parse_digits(m.group(1)), (m.group(2) or m.group(3) or "").lower()
        return None if value is None else value * (_lex().scales | _lex().glued).get(scale, 1)
    return _parse_words(token.lower().split())


def _parse_digits(s: str) -> float | None:
    marks = re.sub(r"\d", "", s)  # "." groups thousands, "," marks decimals; so does a lone "." not before 3 digits
    lone_decimal = len(marks) == 1 and (marks == "," or len(s) - s.index(".") != 4)
    dec = marks[-1] if len(set(marks)) == 2 or lone_decimal else ""
    whole, _, frac = s.rpartition(dec) if dec else (s, "", "")
    groups = re.split(r"[.,]", whole)
    if dec and marks.count(dec) > 1 or len(groups) > 1 and (len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    return float("".join(groups) + ("." + frac if frac else ""))


def _parse_words(words: list[str]) -> float | None:
    lex, total, group, pending = _lex(), 0.0, 0, -1  # pending: a digit word waiting for mươi/trăm/scale (-1: none)
    for word in words:
        if word in lex.digits:
            if pending >= 0:
                return None
            pending = lex.digits[word]
        elif word == "mười" and pending < 0 and group % 100 == 0:
            group += 10
        elif word == "mươi" and pending > 1 and group % 100 == 0:
            group, pending = group + pending * 10, -1
        elif word == "trăm" and group % 1000 == 0:
            group, pending = group + max(pending, 1) * 100, -1
        elif word in ("linh", "lẻ") and pending < 0:
            continue
        elif word in lex.scales:
            total += (group + max(pending, 0) or 1) * lex.scales[word]
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
    """Counting noun after pos (longest of up to 3 words); unless strict, else the next lower-case word.
    A word glued to digits ("150người"; not "5G") must be a counting noun."""
    lex, words, strict = _lex(), list[tuple[str, int]](), strict or text[pos:pos + 1].isalpha()
    while len(words) < 3 and (m := _NEXT_WORD.match(text, words[-1][1] if words else pos)):
        words.append((m.group(1), m.end()))
    lows = [w.lower() for w, _ in words]
    if " ".join(lows[:2]) in lex.sets["not_nouns"]:
        return ("", pos) if strict else (" ".join(lows[:2]), words[1][1])
    for n in (3, 2, 1):
        if len(lows) >= n and " ".join(lows[:n]) in lex.sets["counting_nouns"]:
            return " ".join(lows[:n]), words[n - 1][1]
    if not strict and words and words[0][0].islower() and lows[0] not in lex.sets["not_units"]:
        return words[0][0], words[0][1]
    return "", pos


def _amount(text: str, start: int, num_end: int, value: float, strict: bool) -> NumberMention | None:
    """Percentage, money or count for the number at text[start:num_end]; None if strict and no noun follows."""
    lex, raw, pos, money = _lex(), text[start:num_end], num_end, False
    if m := lex.pct.match(text, pos):
        return NumberMention(text[start:m.end()], start, m.end(), "percentage", value, "%", raw)
    if m := lex.glued_scale.match(text, pos):  # "5tr" is money unless a counting noun follows, "12k" a count
        value, pos, money = value * lex.glued[m.group(1)], m.end(), m.group(1) in lex.sets["money_glued_scales"]
    elif m := lex.scale.match(text, pos):  # "6 triệu", "1,5 tỷ" are money unless a counting noun follows
        value, pos, money = value * lex.scales[m.group(1).lower()], m.end(), \
            m.group(1).lower() in lex.sets["money_scales"]
    raw, (unit, end) = text[start:pos], _unit_after(text, pos, strict or money)
    if (m := lex.money.match(text, pos)) and unit not in lex.sets["counting_nouns"]:  # not "30 đồng chí"
        return NumberMention(text[start:m.end()], start, m.end(), "money", value, "đồng", raw)
    if money and not unit:
        return NumberMention(raw, start, pos, "money", value, "đồng", raw)
    return NumberMention(text[start:end], start, end, "count", value, unit, raw) if unit or not strict else None


class _Finder:
    def __init__(self, text: str) -> None:
        self.text, self.found = text, list[NumberMention]()
        self.taken = bytearray(len(text))  # 1 where an earlier mention lies

    def keep(self, mention: NumberMention | None) -> bool:
        """Keep mention unless it is None or overlaps an earlier one; whether it was kept."""
        if mention is None or any(self.taken[mention.start:mention.end]):
            return False
        self.found.append(mention)
        self.taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)
        return True

    def add(self, start: int, end: int, kind: str, value: float | None = None, unit: str = "", raw: str = "") -> None:
        self.keep(NumberMention(self.text[start:end], start, end, kind, value, unit, raw or self.text[start:end]))

    def duration(self, m: re.Match[str]) -> bool:
        """A month-like match with no year that a counting noun follows ("tháng 5 năm" = month, five years)."""
        return not (m.group(m.re.groups) or m.group(m.re.groups - 1)) and bool(_unit_after(self.text, m.end(), True)[0])

    def structured(self) -> None:
        text = self.text
        for m in _LEGAL.finditer(text):
            self.add(m.start(), m.end(), "legal_ref")
        for m in _TIME.finditer(text):
            hours, minutes = int(m.group(1)), int(m.group(3) or 0)
            clock = m.group(2) == "h" or m.group(3) or _prev_word(text, m.start()) in _lex().sets["clock_words"]
            if clock and hours <= 24 and minutes < 60:
                self.add(m.start(), m.end(), "time", hours + minutes / 60)
        for rx, group, ok in (  # "02 tháng 5 năm" is two durations, not a date
                (_DATE_WORDS, 0, lambda m: int(m[1]) <= 31 and 1 <= int(m[2]) <= 12 and not self.duration(m)),
                (_DATE_DMY, 0, lambda m: int(m[1]) <= 31 and 1 <= int(m[3]) <= 12),
                (_DATE_MONTH, 1, lambda m: int(m[1]) <= 12 and not self.duration(m)),
                (_DATE_MY, 0, lambda m: int(m[1]) <= 12 and 1900 <= int(m[2]) <= 2100)):
            for m in rx.finditer(text):
                if int(m[1]) >= 1 and ok(m):
                    self.add(m.start(group), m.end(), "date")
        for m in _lex().line_num.finditer(text):
            start = next(m.start(i) for i in range(1, 6) if m.group(i) is not None)
            number = next(g for g in m.groups() if g is not None)
            value = float(number) if number.isdigit() else float(_roman(number)) if m.group(3) else None
            self.add(start, m.end(), "numbering", value, raw=number)
        for m in _lex().key_num.finditer(text):
            self.add(m.start(1), m.end(1), "numbering", float(m[1]) if m[1].isdigit() else float(_roman(m[1])))

    def slashes(self) -> None:
        text = self.text
        for m in _SLASH.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if all(len(g) == 4 and 1900 <= int(g) <= 2100 for g in m.groups()):
                for g in (1, 2):
                    self.add(m.start(g), m.end(g), "year", int(m[g]))
                continue
            before = text[max(0, m.start() - 12):m.start()]
            noun, end = _unit_after(text, m.end(), True)
            after_ngay = re.search(r"(?<!\w)ngày\s*$", before, re.I)
            in_range = _lex().date_before.search(before) or _lex().range_after.match(text, m.end())
            if 1 <= a <= 31 and 1 <= b <= 12 and (after_ngay or (not noun and (in_range or a > b))):
                self.add(m.start(), m.end(), "date")
            else:
                self.add(m.start(), end, "ratio", a / b if b else None, noun, m.group(0))

    def digits(self) -> None:
        text = self.text
        for m in _NUM.finditer(text):
            start, end, raw, value = m.start(), m.end(), m[0], _parse_digits(m[0])
            if value is None or any(self.taken[start:end]) or re.search(r"[^\W\d_]-$", text[max(0, start - 2):start]):
                continue
            mention = _amount(text, start, end, value, strict=False)
            if mention is None or text[end:end + 1] == "@" or text[end:end + 1].isalpha() and mention.end == end:
                continue  # inside a word, code or e-mail address ("5G", "abc2024@x"), unlike "5tr", "150người"
            if mention.kind == "count" and mention.raw_number == raw:
                noun, prev = _unit_after(text, end, True)[0], _prev_word(text, start)
                if raw.isdigit() and len(raw) == 4 and (prev == "năm" or (1945 <= value <= 2100 and not noun)):
                    mention = NumberMention(raw, start, end, "year", value, "", raw)
                elif prev == "ngày" and raw.isdigit() and 1 <= value <= 31 and not noun:
                    mention = NumberMention(raw, start, end, "date", None, "", raw)
            self.keep(mention)

    def words(self) -> None:
        """Number phrases: one word needs a counting noun after it ("một số", "năm nay" are none); two or more
        take any word.  A last "năm" after "mươi"/"mười" is "year" ("hai mươi năm"; 25 is "hai mươi lăm")."""
        text, lex = self.text, _lex()
        for run in lex.words.finditer(text):
            tokens = list(re.compile(r"\S+").finditer(text, run.start(), run.end()))
            for i, token in enumerate(tokens):  # a phrase inside a kept one overlaps it: not kept
                start, first, prev = token.start(), token[0].lower(), _prev_word(text, token.start())
                if first not in lex.sets["starters"] or prev in lex.sets["ordinal_words"] or (
                        first == "năm" and prev in lex.sets["year_context"]) or lex.idiom.match(text, start):
                    continue
                for k in range(len(tokens), i, -1):
                    words = [t[0].lower() for t in tokens[i:k]]
                    value = _parse_words(words)
                    if value is None or (k - i > 1 and words[-1] == "năm" and words[-2] not in ("linh", "lẻ")):
                        continue
                    if self.keep(_amount(text, start, tokens[k - 1].end(), value, strict=k - i == 1)):
                        break


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mentioned in text: non-overlapping mentions sorted by start offset."""
    finder = _Finder(text)
    for step in (finder.structured, finder.slashes, finder.digits, finder.words):
        step()  # earlier steps claim their spans first
    return sorted(finder.found, key=lambda mention: mention.start)


def same_figure(a: NumberMention, b: NumberMention) -> bool:
    """Same kind and same figure, whatever the writing ("12 triệu đồng" == "12.000.000đ")."""
    _close = lambda x, y: x is not None and y is not None and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
    if a.kind != b.kind:
        return False
    if a.kind == "count":  # by meaning: the same noun ("150 người" is not "150 cuộc"; a bare "120" only a bare one)
        return _close(a.value, b.value) and a.unit.lower() == b.unit.lower()
    if a.kind in ("ratio", "date"):  # "9/27" is not "1/3"; "15/11/2024" is "15 tháng 11 năm 2024"
        return [int(n) for n in re.findall(r"\d+", a.raw_number)] == [int(n) for n in re.findall(r"\d+", b.raw_number)]
    if a.value is None or b.value is None:
        return re.sub(r"\s+", "", a.raw_number).upper() == re.sub(r"\s+", "", b.raw_number).upper()
    return _close(a.value, b.value)


_PERIOD = re.compile(r"(?:giai đoạn|đến năm|tới năm|trước năm|đến)\s*$|\d{4}\s*[-–]\s*$", re.IGNORECASE)  # a period


def shared_year(text: str, start: int, end: int) -> bool:
    """A year that belongs to a period ("giai đoạn 2021 - 2030", "đến năm 2030") or to a legal reference
    ("Nghị quyết 28/NQ-CP năm 2021"): shared facts, never retargeted or removed."""
    before = text[max(0, start - 14):start]
    period = bool(_PERIOD.search(before)) or bool(re.match(r"\s*[-–]\s*\d", text[end:end + 4]))
    reference = re.search(r"\d+/[^\s,;]*[A-ZĐ][^\s,;]*\s+(?:năm\s+)?$", text[:start])
    return period or bool(reference)
