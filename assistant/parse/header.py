"""The parts around a document's body: header block, title (trích yếu), unit and
date, and the closing parts (closing formula, Nơi nhận, signature block).

Pure functions on normalised text lines. Two-column layouts flattened into one
line by extraction ("Nơi nhận:   KT. CHỦ TỊCH") are split on runs of spaces, and
those copied from a web page's table ("BỘ NỘI VỤ | CỘNG HÒA …") on the bars.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.schema import Closing, Signature
from assistant.vn.domain import load_domain
from assistant.vn.normalize import is_structural, should_join

_COLUMN_SPLIT = re.compile(r"\s{3,}|\t+|\s*\|\s*")
_NUMBER_RE = re.compile(r"Số\s*:\s*([0-9]*\s*/\s*[\wĐđ&.]+(?:\s*-\s*[\wĐđ&.]+)*)", re.IGNORECASE)
_DATE_RE = re.compile(
    r"(?:(?P<place>[^\d,]{2,40}),\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
# "năm 2025", not the end of a plan's period ("đến năm 2030", "tầm nhìn đến năm 2045")
_YEAR_RE = re.compile(r"(?<!đến )(?<!tới )\bnăm\s+(20\d{2}|19\d{2})\b", re.IGNORECASE)
_TITLE_STOP = re.compile(r"^(căn cứ|thực hiện|kính gửi|theo|\(kèm theo)", re.IGNORECASE)
_BODY_START = re.compile(r"^(căn cứ|kính gửi|\(kèm theo)", re.IGNORECASE)
_NAME_WORD = r"[A-ZĐÀ-Ỹ][^\s,.;:()/]*"


@dataclass
class HeaderInfo:
    governing_body: str = ""
    issuer: str = ""
    number: str = ""
    date: str = ""
    year: int | None = None
    date_place: str = ""


def split_columns(line: str) -> list[str]:
    return [part.strip() for part in _COLUMN_SPLIT.split(line.strip()) if part.strip()]


def parse_header(lines: list[str]) -> HeaderInfo:
    """Header block before the document type: issuing body, number, place and date."""
    info = HeaderInfo()
    left: list[str] = []
    for line in _rejoin(lines):
        columns = split_columns(line)
        if not columns:
            continue
        joined = " ".join(columns)
        number = _NUMBER_RE.search(joined)
        if number and not info.number:
            info.number = re.sub(r"\s+", "", number.group(1))
        date = next((d for d in map(_DATE_RE.search, columns) if d), None)  # per column: the place is its own
        if date and not info.date:
            info.date = f"{date['y']}-{int(date['m']):02d}-{int(date['d']):02d}"
            info.year = int(date["y"])
            place = (date["place"] or "").strip()
            info.date_place = re.sub(r"^.*?\d+/[\w-]+\s*", "", place).strip()
        first = columns[0]
        if first.isupper() and not first.startswith(("CỘNG HÒA", "CỘNG HOÀ", "ĐỘC LẬP")):
            left.append(first)
    left = _rejoin_words(left)
    if left:
        if len(left) >= 2 and left[0].startswith(("UỶ BAN", "ỦY BAN")) and _starts_with_level(left[1]):
            info.issuer = f"{left[0]} {left[1]}"
            info.governing_body = " ".join(left[2:])
        elif len(left) >= 2:
            info.governing_body, info.issuer = left[0], " ".join(left[1:])
        else:
            info.issuer = left[0]
    return info


def _rejoin(lines: list[str]) -> list[str]:
    """A place-date line broken after its day ("Tây Ninh, ngày 21" / "tháng 5 năm 2021") made whole."""
    out: list[str] = []
    for line in lines:
        if out and re.search(r"ngày\s+\d{1,2}\s*$", out[-1], re.IGNORECASE) and \
                re.match(r"\s*tháng\s+\d", line, re.IGNORECASE):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _rejoin_words(parts: list[str]) -> list[str]:
    """An issuing body's name broken inside a word pair ("ỦY BAN NHÂN" / "DÂN" / "TỈNH TRÀ VINH")."""
    out: list[str] = []
    for part in parts:
        if out and (out[-1].endswith(("NHÂN", "ỦY BAN", "UỶ BAN", "HỘI ĐỒNG")) or part in ("DÂN", "NHÂN DÂN")):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _starts_with_level(text: str) -> bool:
    lowered = text.lower()
    return any(lowered.startswith(level + " ") for level in load_domain().levels)


def find_unit(text: str) -> tuple[str, str]:
    """(level, place) of the first "xã Thanh Xá"-like mention in ``text``, else ("", "")."""
    levels = "|".join(re.escape(level) for level in load_domain().levels)
    pattern = re.compile(rf"(?<!\w)({levels})\s+((?:{_NAME_WORD}\s?){{1,4}})", re.IGNORECASE)
    for match in pattern.finditer(text):
        words = match.group(2).split()
        # Keep capitalised words only; stop at "năm" or a lower-case word.
        kept: list[str] = []
        for word in words:
            if not word[0].isupper() or word.isupper() and len(word) > 1 and len(words) > 1 and kept:
                break
            kept.append(word)
        if kept and not all(w.isupper() for w in kept):
            return match.group(1).lower(), " ".join(kept)
    return "", ""


def level_of(text: str) -> str:
    lowered = f" {text.lower()} "
    for level in load_domain().levels:
        if f" {level} " in lowered:
            return level
    return ""


def year_of(*texts: str) -> int | None:
    """The first year named in the first text that names one: a report "năm 2022, phương hướng nhiệm
    vụ năm 2023" is the 2022 report (the end of a period, "đến năm 2030", is never the year)."""
    for text in texts:
        years = _YEAR_RE.findall(text or "")
        if years:
            return int(years[0])
    return None


def extract_title(lines: list[str]) -> tuple[str, int]:
    """The summary line(s) after the document type; returns (title, lines consumed)."""
    parts: list[str] = []
    consumed = 0
    for raw in lines:
        line = " ".join(raw.split())
        consumed += 1
        if not line:
            continue
        if parts and (is_structural(line) or _TITLE_STOP.match(line)):
            consumed -= 1
            break
        if not parts:
            if is_structural(line) or _BODY_START.match(line):
                consumed -= 1
                break
            parts.append(line)
            continue
        prev = parts[-1]
        if line[0].islower() or should_join(prev, line, width=10_000):
            parts.append(line)
        else:
            consumed -= 1
            break
    return " ".join(parts), consumed


def is_signature_line(line: str) -> bool:
    return line.strip().upper().startswith(load_domain().signature_prefixes)


def parse_closing(lines: list[str]) -> Closing:
    """Nơi nhận and the signature block, from the "Nơi nhận" line to the end."""
    closing = Closing()
    sig_lines: list[str] = []
    for line in lines:
        columns = split_columns(line)
        if not columns:
            continue
        for column in columns:
            text = column.strip()
            if text.lower().startswith("nơi nhận"):
                continue
            if text.startswith(("-", "+", "•")):
                closing.recipients.append(text.lstrip("-+• ").strip())
            else:
                sig_lines.append(text)
    closing.signature = parse_signature(sig_lines)
    return closing


def parse_signature(lines: list[str]) -> Signature:
    signature = Signature()
    for line in lines:
        if is_signature_line(line):
            signature.authority.append(line)
        elif line.isupper():
            signature.title = f"{signature.title} {line}".strip()
        elif re.fullmatch(rf"(?:{_NAME_WORD}\s*){{2,6}}", line):
            signature.name = line
    return signature


