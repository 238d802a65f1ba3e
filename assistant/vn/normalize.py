"""Vietnamese text normalisation: decoding, Unicode form, tone-mark placement,
legacy-encoding detection, and re-joining lines broken by PDF extraction.

Pure functions on bytes and strings; no file I/O.

What it does not do: convert legacy 8-bit encodings (TCVN3/ABC, VNI). Those are
recognised and reported with ``LegacyEncodingError`` so the officer can convert
the file (e.g. with Unikey) instead of indexing mojibake.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.errors import EncodingProblem

# Tone marks as combining characters (NFD).
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_TONE_RE = re.compile(f"[{_TONES}]")
_WORD_RE = re.compile(r"\w+")
# Open syllables whose tone sits on the second vowel in the modern style ("hoá", "khoẻ", "thuỷ").
_MOVABLE = re.compile(r"([bcdđghklmnprstvx]*)(oa|oe|uy)")

# Characters that never occur in Vietnamese Unicode text but fill legacy files read as cp1258.
_TCVN3_MARKERS = set("¸µ¶·¹¨©ª«¬®§¡¢£¤¥¦¼½¾")
_VNI_MARKERS = set("øöäïûëüåÖÄÏÛËÜÅØ")


class LegacyEncodingError(EncodingProblem):
    def __init__(self, encoding: str):
        super().__init__(
            f"legacy Vietnamese encoding ({encoding}) detected; convert the file to Unicode "
            "(e.g. Unikey's converter) and add it again"
        )
        self.encoding = encoding


def decode_bytes(data: bytes) -> str:
    """Decode a text file: BOM-marked UTF-8/UTF-16, UTF-8, else Windows-1258.

    Raises ``LegacyEncodingError`` for TCVN3/VNI text and ``EncodingProblem``
    for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258", errors="replace")
    if "\x00" in text or _control_share(text) > 0.01:
        raise EncodingProblem("binary content, not text")
    legacy = detect_legacy(text)
    if legacy:
        raise LegacyEncodingError(legacy)
    return text


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f\v")
    bad += sample.count("\ufffd")
    return bad / len(sample)


def detect_legacy(text: str) -> str | None:
    """Return "TCVN3 (ABC)" or "VNI" when the text looks like a legacy encoding read as 8-bit."""
    sample = text[:50000]
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    tcvn = sum(1 for ch in sample if ch in _TCVN3_MARKERS)
    vni = sum(1 for ch in sample if ch in _VNI_MARKERS)
    if max(tcvn, vni) < 5 or max(tcvn, vni) / letters < 0.01:
        return None
    return "TCVN3 (ABC)" if tcvn >= vni else "VNI"


def _retone_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = _TONE_RE.findall(decomposed)
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", _TONE_RE.sub("", decomposed))
    match = _MOVABLE.fullmatch(bare.lower())
    if not match or match.group(1).endswith(("q", "gi")):
        return word
    target = len(match.group(1)) + 1  # the second vowel of the pair
    rebuilt = bare[: target + 1] + tones[0] + bare[target + 1 :]
    return unicodedata.normalize("NFC", rebuilt)


def normalize_tones(text: str) -> str:
    """One tone placement: the modern style, tone on the main vowel ("hoá", "uỷ", "khoẻ")."""
    return _WORD_RE.sub(lambda m: _retone_word(m.group(0)), text)


def normalize_text(text: str) -> str:
    """NFC, modern tone placement, unified dashes/spaces; keeps line structure."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    return normalize_tones(text)


def fold(text: str) -> str:
    """Comparison key: normalised, lower-case, single spaces. Diacritics are kept."""
    return re.sub(r"\s+", " ", normalize_text(text)).strip().lower()


def plain(text: str) -> str:
    """Lower-case, without diacritics, one character for one: "Kinh phí" → "kinh phi" (same length)."""
    return "".join("d" if char == "đ" else unicodedata.normalize("NFD", char)[0]
                   for char in unicodedata.normalize("NFC", text).lower())


def is_unmarked(text: str) -> bool:
    """Typed without diacritics ("kinh phi to chuc"): letters, and not one of them marked."""
    lowered = unicodedata.normalize("NFC", text).lower()
    return bool(re.search(r"[a-z]", lowered)) and plain(lowered) == lowered


# ---- re-joining broken lines -------------------------------------------------

# a heading, a bullet, a signature block; "Phần I", "Chương II" with their number ("chương trình …" wraps on)
_STRUCTURAL = re.compile(
    r"^(?:[IVXLC]+\s*[.\-–)]|\d{1,2}(?:\.\d{1,2})*\s*(?:[.)]|/(?!\d)|-(?=\s))\s|[a-zđ](?:\)|/)\s|[-+•–*]\s?|"
    r"(?:phần|chương)\s+(?:[\dIVXLC]+\b|thứ\s)|mục\s+[\dIVX]|nơi nhận|tm\.|kt\.|q\.\s|tl\.|tuq\.|trên đây)",
    re.IGNORECASE,
)
_CONNECTORS = {
    "và", "của", "với", "về", "cho", "trong", "trên", "vì", "các", "những", "theo", "ngày",
    "để", "đến", "từ", "là", "có", "được", "hoặc", "nhằm", "đối", "số", "tháng", "năm",
}
_SPLIT_SYLLABLE = re.compile(r"(?<=\w) ([bcdghklmnpqrstvx]{1,2})\b(?!\w)")


def is_structural(line: str) -> bool:
    return bool(_STRUCTURAL.match(line.strip()))


def _is_upper_line(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines if len(line) > 20)
    if len(lengths) < 5:
        return 80
    return lengths[int(len(lengths) * 0.9) - 1]


def should_join(prev: str, nxt: str, width: int) -> bool:
    """Does ``nxt`` continue the paragraph that ``prev`` ends? (Both stripped.)"""
    if not prev or not nxt:
        return False
    dash = re.match(r"[-–]\s*(\w)", nxt)  # "… phát triển kinh tế" then "- xã hội của địa phương": a compound's dash,
    if dash and dash.group(1).islower() and prev[-1].isalnum():  # not a bullet (those open with a capital)
        return True
    if is_structural(nxt):
        return False
    first = nxt[0]
    if prev.endswith(("...", "…", ".")):  # "… thiểu số…." then "để lan tỏa …": a sentence goes on in lower case
        return first.islower()
    if prev.endswith((";", "!", "?", ":")):
        return False
    if first.islower():
        return True
    if prev.endswith((",", "-", "–", "/", "(")):
        return True
    last_word = prev.split()[-1].lower() if prev.split() else ""
    if last_word in _CONNECTORS and not is_structural(prev):
        return True
    if _is_upper_line(prev) and _is_upper_line(nxt):
        return True
    return len(prev) >= 0.75 * width and not _is_upper_line(nxt)


def repair_split_syllables(line: str) -> str:
    """Glue a stray consonant split off a syllable by PDF extraction ("lự c" → "lực")."""
    return _SPLIT_SYLLABLE.sub(r"\1", line)


def join_lines(lines: list[str]) -> list[str]:
    """Re-join hard-wrapped lines into paragraphs; blank lines alone do not end one."""
    stripped = [re.sub(r"[ \t]+", " ", line).strip() for line in lines]
    width = _typical_width([s for s in stripped if s])
    paragraphs: list[str] = []
    for line in stripped:
        if not line:
            continue
        line = repair_split_syllables(line)
        if paragraphs and should_join(paragraphs[-1], line, width):
            glue = "" if paragraphs[-1].endswith("/") else " "
            paragraphs[-1] = paragraphs[-1] + glue + line
        else:
            paragraphs.append(line)
    return paragraphs
