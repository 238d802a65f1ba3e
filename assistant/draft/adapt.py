"""Retarget precedent wording to the officer's unit and year.

A precedent sentence speaks of its own unit ("xã Thanh Xá"), level, year and
theme. ``retarget`` swaps those for the officer's (facts): the precedent's own
names become the officer's, its year the draft's year, a known theme the
draft's theme (or a placeholder when the officer set none and none is known).
Everything it cannot map is left for the guards to replace or flag.

Pure text functions; no retrieval, no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.facts import Facts
from assistant.draft.specifics import OWN_UNIT, cues, find_specifics
from assistant.vn.domain import known_themes, load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import find_numbers, shared_year

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\"“(-])")


@dataclass(frozen=True)
class Precedent:
    """The metadata of the document a passage comes from."""
    source: str
    place: str = ""
    level: str = ""
    year: int | None = None
    issuer: str = ""

    @classmethod
    def from_metadata(cls, meta: dict) -> Precedent:
        year = meta.get("year")
        return cls(str(meta.get("source", "")), str(meta.get("place", "")), fold(str(meta.get("level", ""))),
                   int(year) if isinstance(year, int) and year > 0 else None, str(meta.get("issuer", "")))


def split_sentences(text: str) -> list[str]:
    """Paragraph lines, then sentences; bullets and table rows stay whole."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        if "|" in line:
            out.append(line)
            continue
        out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def theme_text(facts: Facts) -> str:
    theme = facts.suggested_theme()
    return f"“{theme}”" if theme else load_domain().phrases["theme_missing"].format(year=facts.year)


# "chủ đề “…”", "chủ đề năm 2024: “…”": a year's theme in quotes, whichever year (group 1: the words that
# introduce it)
QUOTED_THEME = re.compile(r"(chủ đề(?:\s+(?:của\s+)?(?:tháng hành động\s+)?năm\s+\d{4})?\s*(?:là\s*)?:?\s*)"
                          r"[“\"«][^”\"»]{8,}[”\"»]", re.IGNORECASE)
_QUOTED = re.compile(r"[“\"«]([^”\"»]{8,})[”\"»]")
_THEME_OPENING = 4  # a quote that opens with a known theme's first words is that theme, cut or reworded
_HERS = "\x00"  # the officer's theme while the precedent's are replaced: never matched, never replaced twice


def _retarget_themes(text: str, facts: Facts) -> str:
    """Every theme of a past year in the text (known, in quotes after "chủ đề", or quoted and opening with a
    known theme's words: "“Đảm bảo an sinh xã hội, tăng quyền năng cho phụ nữ và trẻ em gái”") becomes the
    officer's theme, or a slot for it; her own theme, where the precedent has it, stays whole (the 2019
    theme is inside the 2017 one)."""
    def words(theme: str) -> str:
        return r"\s+".join(re.escape(w) for w in theme.split())

    own = facts.suggested_theme()
    if own:
        text = re.sub(r"[“\"]?" + words(own) + r"[”\"]?", _HERS, text, flags=re.IGNORECASE)
    themes = sorted(set(known_themes().values()), key=len, reverse=True)
    for theme in themes:
        text = re.sub(r"[“\"]?" + words(theme) + r"[”\"]?", _HERS, text, flags=re.IGNORECASE)
    text = QUOTED_THEME.sub(lambda m: m.group(1) + _HERS, text)
    openings = {tuple(fold(t).split()[:_THEME_OPENING]) for t in themes}
    text = _QUOTED.sub(lambda m: _HERS if tuple(fold(m.group(1)).split()[:_THEME_OPENING]) in openings
                       else m.group(0), text)
    return text.replace(_HERS, theme_text(facts))


def retarget(text: str, precedent: Precedent, facts: Facts) -> str:
    """The precedent's self-references, year and theme replaced by the officer's (and, for a ward or
    township, a commune's villages by its residential groups); nothing else.

    Only where the precedent names itself: its unit ("Ủy ban nhân dân xã Thanh Xá", matched with the
    name's capitals, never inside an institution's name such as "trường THCS Thanh Xá") and its level
    after a self-reference ("trên địa bàn huyện"). Ordinary words that are also place names stay,
    institutions stay (the specifics classifier drops or slots them), level words elsewhere stay."""
    text = normalize_text(text)
    if precedent.place and facts.place:
        for span in reversed([s for s in find_specifics(text, precedent.place) if s.kind == OWN_UNIT]):
            unit = facts.unit
            unit = unit[:1].upper() + unit[1:] if span.text[:1].isupper() else unit
            text = text[:span.start] + unit + text[span.end:]
    if precedent.level and facts.level and precedent.level != facts.level:
        text = _retarget_level(text, precedent.level, facts.level)
        urban = cues().urban
        if facts.level in urban and precedent.level not in urban:  # villages → residential groups
            for pattern, words in cues().village_words:
                text = pattern.sub(words, text)
        elif facts.level == "xã" and precedent.level in urban:  # street quarters → villages
            for pattern, words in cues().quarter_words:
                text = pattern.sub(words, text)
        if precedent.level not in cues().same_tier and facts.level in cues().subordinate_units:
            units = cues().subordinate_units[facts.level]  # a district's communes → her villages
            text = cues().subordinate_words.sub(lambda m: units[:1].upper() + units[1:] if m.group(0)[:1].isupper()
                                                and m.start() == 0 else units, text)
    text = re.sub(r"\.(?:\s+\.)+(?=\s|$)", ".", text)  # ". ." left by PDF extraction
    text = text.replace("./.", ".")  # a document's end mark belongs to the closing, not to a section
    if precedent.year and facts.year and precedent.year != facts.year:
        text = _retarget_year(text, precedent.year, facts.year)
    return _retarget_themes(text, facts)


def _retarget_level(text: str, old: str, new: str) -> str:
    """The writer's level word becomes the officer's: "Công an xã" → "Công an phường" between units of
    one tier; between tiers only after a self-reference ("trên địa bàn huyện" → "trên địa bàn xã") or
    in a body every unit has ("Hội Liên hiệp Phụ nữ huyện"). Never before a name ("xã Đoàn Kết"),
    never in "xã hội" or "thị xã", never "cấp huyện" (the tier itself)."""
    c = cues()
    same_tier = old in c.same_tier and new in c.same_tier

    def swap(match: re.Match[str]) -> str:
        before, after = text[:match.start()], text[match.end():]
        if after.lstrip()[:1].isupper() or fold(after.lstrip()).startswith("hội") or before.endswith("thị "):
            return match.group(0)
        if re.search(r"(?<!\w)cấp\s+$", before, re.IGNORECASE) and not same_tier:
            return match.group(0)
        generic = any(before.rstrip().endswith(body) for body in c.generic)
        return new if same_tier or generic or c.self_level.search(before) else match.group(0)
    return re.sub(rf"(?<![\w]){re.escape(old)}(?![\w])", swap, text, flags=re.IGNORECASE)


def _retarget_year(text: str, old: int, new: int) -> str:
    """The precedent's year becomes the draft's where it is the year of the campaign or the document
    ("năm 2024", "15/12/2024"); never inside a legal reference ("02/2021/TT-BLĐTBXH") or a period
    ("giai đoạn 2021 - 2030")."""
    out = text
    for mention in reversed(find_numbers(text)):
        if mention.kind not in ("year", "date") or str(old) not in mention.text:
            continue
        if mention.kind == "year" and shared_year(text, mention.start, mention.end):
            continue
        replaced = re.sub(rf"(?<!\d){old}(?!\d)", str(new), mention.text)
        out = out[:mention.start] + replaced + out[mention.end:]
    return out


def similar(a: str, b: str, threshold: float = 0.75) -> bool:
    """Near-duplicate sentences (syllable Jaccard on folded text)."""
    sa, sb = set(fold(a).split()), set(fold(b).split())
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= threshold
