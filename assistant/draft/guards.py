"""Guards: why an officer can trust a draft.

Every number in a draft is classified (``vn/numbers.py``). Counts, money,
percentages and ratios must be the officer's, by meaning: the same figure with the same noun
in the officer's notes or figure rows ("150 người" supports "150 người", never "150 cuộc";
a value that merely coincides with a row's supports nothing); the cells of a computed table
(lines with "|") may hold the rows' values and totals;
dates and times must be the campaign's or the officer's; local document
references ("37/KH-UBND") must be the officer's; national legal references
("48/2009/NĐ-CP") may come from precedents. Anything else becomes the visible
placeholder "[…]", with a warning.

Stale precedent: other units' and places' names, signers' names, other years,
and bodies that no longer exist in the draft's year are never copied silently:
replaced when the facts say what replaces them, otherwise marked "[kiểm tra: …]"
(or, for the extractive writer, the sentence is dropped).

Pure functions over text; the caller decides what to do with a failed check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.core.facts import FIGURE_KINDS, Facts, row_line
from assistant.core.schema import PLACEHOLDER, DraftWarning
from assistant.draft.specifics import PERSON, cues, find_specifics, national_reference
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import NumberMention, find_numbers, same_figure, shared_year

# The issuer part of a national document's symbol ("NĐ-CP", "QĐ-TTg", "QH11", "NQ/TW", "TT-BLĐTBXH"):
# those may be cited from any precedent; any other symbol ("KH-UBND", "BC-LĐTBXH") is a local document.
_NAME_STOP = {"hội", "hội,", "hoá", "hóa"}  # "Xã Hội" in a ministry's name is not a commune
_FLAG_RE = re.compile(r"\[kiểm tra: [^\]]*\]")


@dataclass(frozen=True)
class GuardContext:
    """What a draft may say: the officer's facts, and the names it must not copy."""
    facts: Facts
    other_names: tuple[str, ...] = ()  # places, units and signers of other documents
    allowed_text: str = ""  # the officer's own words: anything written here may be repeated
    allowed: tuple[NumberMention, ...] = ()  # every number in the officer's own words
    table_values: frozenset[float] = frozenset()  # the figure rows and their totals (unit-free counts)
    name_patterns: tuple[re.Pattern[str], ...] = ()  # other_names that are not the officer's own, compiled once

    @property
    def own_names(self) -> set[str]:
        return _own_names(self.facts)


def _own_names(facts: Facts) -> set[str]:
    return {fold(n) for n in (facts.place, facts.issuer, facts.signer, facts.unit) if n}


def make_context(facts: Facts, known_names: list[str] | tuple[str, ...] = ()) -> GuardContext:
    names = {n.strip() for n in [*known_names, *load_domain().other_units] if n and n.strip()}
    others = tuple(sorted((n for n in names if len(n) >= 3), key=len, reverse=True))  # own ones: stale_mentions
    allowed = "\n".join([facts.plan, facts.notes, facts.issuer, facts.theme, facts.signer,
                         *(row_line(r) for r in facts.figures)])
    own = _own_names(facts)
    patterns = tuple(_name_pattern(name) for name in others if not _is_own(name, own))
    return GuardContext(facts, others, allowed, tuple(find_numbers(allowed)), frozenset(facts.table_values()),
                        patterns)


@dataclass
class GuardReport:
    figures: list[NumberMention] = field(default_factory=list)  # numbers the facts do not support
    stale: list[tuple[str, str]] = field(default_factory=list)  # (code, matched text)

    @property
    def ok(self) -> bool:
        return not self.figures and not self.stale


def _officer_said(mention: NumberMention, ctx: GuardContext) -> bool:
    return any(same_figure(mention, own) for own in ctx.allowed)


def _supported(mention: NumberMention, ctx: GuardContext, text: str) -> bool:
    facts = ctx.facts
    if mention.kind in FIGURE_KINDS:
        if mention.kind == "count" and mention.value is not None and float(mention.value) in ctx.table_values:
            line = text[text.rfind("\n", 0, mention.start) + 1:text.find("\n", mention.end) % (len(text) + 1)]
            if "|" in line:  # a cell of the table computed from the officer's rows
                return True
        return _officer_said(mention, ctx)
    if mention.kind == "legal_ref":
        return national_reference(mention.text) or _officer_said(mention, ctx)
    if mention.kind == "date":
        compact = mention.text.replace(" ", "")
        campaign = any(compact.startswith(d) and (compact == d or compact.endswith(f"/{facts.year}"))
                       for d in load_domain().campaign_dates)
        return campaign or _officer_said(mention, ctx)
    if mention.kind == "year":
        if mention.value == facts.year or _officer_said(mention, ctx):
            return True
        return shared_year(text, mention.start, mention.end)
    if mention.kind == "time":
        return _officer_said(mention, ctx)
    return True  # numbering


def _placeholder(mention: NumberMention) -> str:
    if mention.kind in ("count", "money", "percentage", "ratio") and mention.raw_number:
        return mention.text.replace(mention.raw_number, PLACEHOLDER, 1)
    if mention.kind == "year":
        return f"năm {PLACEHOLDER}" if mention.text.lower().startswith("năm") else PLACEHOLDER
    return PLACEHOLDER


def _citation(mention: NumberMention, text: str) -> bool:
    """"[2]" is a citation mark, not a figure."""
    return text[mention.start - 1:mention.start] == "[" and text[mention.end:mention.end + 1] == "]"


def unsupported_numbers(text: str, ctx: GuardContext) -> list[NumberMention]:
    return [m for m in find_numbers(text) if not _citation(m, text) and not _supported(m, ctx, text)]


def guard_figures(text: str, ctx: GuardContext) -> tuple[str, list[DraftWarning]]:
    """Replace every unsupported number by a placeholder; one warning each."""
    warnings: list[DraftWarning] = []
    out = text
    for mention in sorted(unsupported_numbers(text, ctx), key=lambda m: m.start, reverse=True):
        if PLACEHOLDER in mention.text:
            continue
        replacement = _placeholder(mention)
        out = out[:mention.start] + replacement + out[mention.end:]
        code = "stale-year" if mention.kind == "year" else "figure"
        warnings.append(DraftWarning(code, f"số liệu không có trong dữ kiện: “{mention.text}” → “{replacement}” "
                                           f"({mention.kind}; unsupported figure)"))
    return out, list(reversed(warnings))


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as written, capitals included: "Đoàn Kết" the commune, never "đoàn kết" the word."""
    words = normalize_text(name).split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)")


def _is_own(name: str, own: set[str]) -> bool:
    """The officer's own name, or a whole part of it ("Hòa An" in "ủy ban nhân dân xã hòa an"); never a
    longer name that starts with it ("Tân An Hội" is another commune than "Tân An")."""
    key = fold(name)
    return any(key == o or f" {key} " in f" {o} " for o in own)


@lru_cache(maxsize=1)
def _levels_pattern() -> re.Pattern[str]:
    levels = sorted(load_domain().levels, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(lv) for lv in levels) + r")[ \t]+", re.IGNORECASE)


def _level_names(text: str) -> list[tuple[int, int, str]]:
    """Named units "xã Thanh Xá", "huyện Tam Đường": (start, end, name), within one line and clause."""
    found = []
    for match in _levels_pattern().finditer(text):
        words = re.match(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,3}", text[match.end():])
        taken: list[str] = []
        for word in words.group(0).split() if words else []:
            if not word[0].isupper() or fold(word) in _NAME_STOP or word in cues().not_names:
                break
            taken.append(word)
        if taken:
            name = " ".join(taken)
            end = match.end() + text[match.end():].index(taken[-1]) + len(taken[-1])
            found.append((match.end(), end, text[match.end():end] if name else name))
    return found


def stale_mentions(text: str, ctx: GuardContext) -> list[tuple[int, int, str, str]]:
    """(start, end, code, matched) for names of other units, other signers and abolished bodies."""
    own = ctx.own_names
    spans: list[tuple[int, int, str, str]] = []
    for pattern in ctx.name_patterns:
        for match in pattern.finditer(text):
            spans.append((match.start(), match.end(), "stale-name", match.group(0)))
    for start, end, name in _level_names(text):
        if not _is_own(name, own):
            spans.append((start, end, "stale-name", name))
    for person in find_specifics(text):
        if person.kind == PERSON and fold(person.text) not in fold(ctx.allowed_text):
            spans.append((person.start, person.end, "stale-name", person.text))  # a person the officer never named
    year = ctx.facts.year or 0
    for body in load_domain().defunct_bodies:
        if year >= body.since:
            for match in body.pattern.finditer(text):
                spans.append((match.start(), match.end(), "defunct-body", match.group(0)))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[tuple[int, int, str, str]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue
        merged.append(span)
    return [s for s in merged if not _inside_flag(text, s[0])]


def _inside_flag(text: str, position: int) -> bool:
    return any(m.start() <= position < m.end() for m in _FLAG_RE.finditer(text))


def _replacement(matched: str, ctx: GuardContext) -> str | None:
    key = fold(matched)
    for old, new in ctx.facts.replacements.items():
        if fold(old) == key or fold(old) in key or key in fold(old):
            return new
    return None


def fix_stale(text: str, ctx: GuardContext) -> tuple[str, list[DraftWarning]]:
    """Replace stale names when the facts say what replaces them; otherwise mark them visibly."""
    warnings: list[DraftWarning] = []
    out = text
    for start, end, code, matched in reversed(stale_mentions(text, ctx)):
        new = _replacement(matched, ctx)
        if new:
            out = out[:start] + new + out[end:]
            warnings.append(DraftWarning(code, f"“{matched}” → “{new}” (theo dữ kiện / from the facts)"))
        else:
            out = out[:start] + f"[kiểm tra: {matched}]" + out[end:]
            what = "cơ quan không còn tồn tại" if code == "defunct-body" else "tên đơn vị/người của văn bản khác"
            warnings.append(DraftWarning(code, f"{what}: “{matched}” — cần sửa (stale precedent name)"))
    return out, list(reversed(warnings))


def inspect_text(text: str, ctx: GuardContext) -> GuardReport:
    """Inspect a text without changing it (used on LLM output)."""
    report = GuardReport(figures=unsupported_numbers(text, ctx))
    report.stale = [(code, matched) for _, _, code, matched in stale_mentions(text, ctx)]
    return report


def apply_guards(text: str, ctx: GuardContext) -> tuple[str, list[DraftWarning]]:
    """Both guards: figures become placeholders, stale names are replaced or marked."""
    text, figure_warnings = guard_figures(text, ctx)
    text, stale_warnings = fix_stale(text, ctx)
    return text, figure_warnings + stale_warnings

