"""Loads the Vietnamese domain vocabulary from ``data/domain.yaml`` (kinds, levels,
slogan groups, table columns, bodies abolished in 2025) and the known Action Month
themes from ``data/themes.yaml``. Data only; parsing lives in ``parse/structure.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from assistant.data import DATA_DIR


@dataclass(frozen=True)
class SloganGroup:
    id: str
    title: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class DefunctBody:
    name: str
    since: int  # the first year in which this body no longer exists
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Domain:
    kinds: dict[str, str]  # name -> abbreviation
    levels: tuple[str, ...]
    sublevels: tuple[str, ...]  # below a commune: "thôn", "tổ dân phố"
    level_lookalikes: tuple[str, ...]  # "mạng xã hội", "nông thôn": no place
    signature_prefixes: tuple[str, ...]
    slogan_groups: tuple[SloganGroup, ...]
    slogan_section_keywords: tuple[str, ...]
    table_columns: tuple[str, ...]
    table_level_words: tuple[str, ...]
    defunct_bodies: tuple[DefunctBody, ...] = ()
    campaign_dates: tuple[str, ...] = ()
    other_units: tuple[str, ...] = ()
    injection: re.Pattern[str] | None = None
    stopwords: frozenset[str] = frozenset()
    phrases: dict[str, str] = field(default_factory=dict)  # wording around the officer's figures
    ordinals: dict[str, int] = field(default_factory=dict)
    type_abbreviations: tuple[str, ...] = ()
    issuer_abbreviations: tuple[str, ...] = ()
    closing_cues: tuple[str, ...] = ()  # a question that asks for a document's closing ("câu kết")
    closing_openings: tuple[str, ...] = ()  # a precedent's closing formula ("Trên đây là …"): never a section's
    dangling_endings: frozenset[str] = frozenset()  # "… ngày", "… trong": a sentence cut mid-way, unpunctuated
    funds_words: tuple[str, ...] = ()  # folded: a note that speaks of funds, with or without an amount
    # What a figure table's column shows, by words in its name: role -> cues ("nam" -> male count).
    table_column_roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    table_column_groups: tuple[str, ...] = ()  # folded starts of header cells that only group others
    table_subcolumns: tuple[str, ...] = ()  # folded starts of the cells found under such a group
    # folded names of count columns where each row counts its own thing: no total
    mixed_count_columns: tuple[str, ...] = ()

    def sums_counts(self, column: str) -> bool:
        """Does a count column's total mean something? "Số cuộc/Đoàn" counts one kind of thing on every
        row; "Số lượng" counts 25 banners on one row and 800 leaflets on the next."""
        from assistant.vn.normalize import fold

        return not fold(" ".join(column.split())).startswith(self.mixed_count_columns)

    def column_role(self, column: str) -> str:
        """The role of a table column ("number", "name", "count", "male", "female", "people", "level"),
        "" when none fits: the cell is left for the officer to fill."""
        from assistant.vn.normalize import fold

        # "Số người tham gia - Nam": the last part names the column, the first groups it
        parts = [p.strip() for p in re.split(r"\s[-–]\s|[()/]", fold(" ".join(column.split()))) if p.strip()]
        for part in reversed(parts):
            for role, cues in self.table_column_roles.items():
                if any(re.match(rf"{re.escape(cue)}(?!\w)", part) for cue in cues):
                    return role
        return ""

    def is_injection(self, text: str) -> bool:
        """A sentence that reads like an order to a machine (corpus text stays data)."""
        return bool(self.injection and self.injection.search(text))

    def kind_of_line(self, line: str) -> str | None:
        """The kind name when ``line`` is a document-type line ("BÁO CÁO", "ĐỀ CƯƠNG BÁO CÁO")."""
        text = " ".join(line.split())
        if _ANNEX_LABEL.fullmatch(text):  # "Phụ lục", "Phụ lục 02" standing alone label an attachment
            text = text.upper()
        if not text or text != text.upper():
            return None
        for name in sorted(self.kinds, key=len, reverse=True):
            if text == name or (text.startswith(name + " ") and len(text) <= len(name) + 20):
                return name
        return None

    def canonical_kind(self, value: str) -> str:
        """Accept "bao-cao", "báo cáo", "BC" … and return "BÁO CÁO"; unknown values unchanged."""
        from assistant.vn.normalize import fold

        key = fold(value.replace("-", " ").replace("_", " "))
        for name, abbr in self.kinds.items():
            if key in (fold(name), abbr.lower()) or key == _ascii(fold(name)):
                return name
        return value.upper()


_ANNEX_LABEL = re.compile(r"Phụ lục(?:\s+(?:số\s+)?[0-9IVX]{1,4})?\.?")


def _ascii(text: str) -> str:
    import unicodedata

    text = text.replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def load_domain() -> Domain:
    raw = yaml.safe_load((DATA_DIR / "domain.yaml").read_text(encoding="utf-8"))
    from assistant.vn.normalize import fold, normalize_text

    return Domain(
        kinds={normalize_text(k["name"]): k["abbr"] for k in raw["kinds"]},
        levels=tuple(raw["levels"]),
        sublevels=tuple(raw["sublevels"]),
        level_lookalikes=tuple(raw["level_lookalikes"]),
        signature_prefixes=tuple(raw["signature_prefixes"]),
        slogan_groups=tuple(
            SloganGroup(g["id"], g["title"], tuple(g["keywords"])) for g in raw["slogan_groups"]
        ),
        slogan_section_keywords=tuple(raw["slogan_section_keywords"]),
        table_columns=tuple(raw["table_columns"]),
        table_level_words=tuple(raw["table_level_words"]),
        # a body's name starts a word: "huyện" is not the end of "nói chuyện"
        defunct_bodies=tuple(DefunctBody(b["name"], int(b["since"]), re.compile(rf"(?<!\w)(?:{b['pattern']})",
                                                                              re.IGNORECASE))
                             for b in raw.get("defunct_bodies") or []),
        campaign_dates=tuple(raw.get("campaign_dates") or []),
        other_units=tuple(raw.get("other_units") or []),
        injection=re.compile("|".join(f"(?:{p})" for p in raw["injection_patterns"]), re.IGNORECASE)
        if raw.get("injection_patterns") else None,
        stopwords=frozenset(raw.get("stopwords") or []),
        phrases={k: normalize_text(v) for k, v in (raw.get("draft_phrases") or {}).items()},
        ordinals={normalize_text(k): int(v) for k, v in (raw.get("ordinals") or {}).items()},
        type_abbreviations=tuple(normalize_text(a) for a in raw.get("type_abbreviations") or []),
        issuer_abbreviations=tuple(normalize_text(a) for a in raw.get("issuer_abbreviations") or []),
        closing_cues=tuple(fold(c) for c in raw.get("closing_cues") or []),
        closing_openings=tuple(fold(c) for c in raw.get("closing_openings") or []),
        dangling_endings=frozenset(fold(c) for c in raw.get("dangling_endings") or []),
        funds_words=tuple(fold(c) for c in raw.get("funds_words") or []),
        table_column_roles={role: tuple(fold(c) for c in cues)
                            for role, cues in (raw.get("table_column_roles") or {}).items()},
        table_column_groups=tuple(fold(c) for c in raw.get("table_column_groups") or []),
        table_subcolumns=tuple(fold(c) for c in raw.get("table_subcolumns") or []),
        mixed_count_columns=tuple(fold(c) for c in raw.get("mixed_count_columns") or []),
    )


@lru_cache(maxsize=1)
def known_themes() -> dict[int, str]:
    """Action Month themes of past years (a suggestion only; never guessed for a new year)."""
    from assistant.vn.normalize import normalize_text

    raw = yaml.safe_load((DATA_DIR / "themes.yaml").read_text(encoding="utf-8")) or {}
    return {int(year): normalize_text(theme) for year, theme in raw.items()}


@lru_cache(maxsize=1)
def reflective_families() -> tuple[tuple[str, ...], ...]:
    """The cue words of evaluations and of proposals (``data/mandate.yaml``), folded: such a section is
    of one reflection with the precedents' sections of its family, never with sections of what was done."""
    from assistant.vn.normalize import fold

    raw = yaml.safe_load((DATA_DIR / "mandate.yaml").read_text(encoding="utf-8")) or {}
    return tuple(tuple(fold(cue) for cue in family) for family in raw["reflective_families"])


@lru_cache(maxsize=2)
def thesaurus(search: bool = False) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The everyday words and the administrative wording for each (``data/thesaurus.yaml``), folded;
    with ``search``, also the broader words searched for only (``data/search_thesaurus.yaml``)."""
    from assistant.vn.normalize import fold

    raw = yaml.safe_load((DATA_DIR / "thesaurus.yaml").read_text(encoding="utf-8")) or {}
    if search:
        raw |= yaml.safe_load((DATA_DIR / "search_thesaurus.yaml").read_text(encoding="utf-8")) or {}
    return tuple((fold(k), tuple(fold(v) for v in values)) for k, values in raw.items())


def expand_query(query: str) -> str:
    """The query plus the administrative wording of the everyday words it holds ("bạo hành" →
    "bạo lực", ``data/thesaurus.yaml``); the query unchanged when it holds none. A query typed
    without diacritics ("bao hanh trong nha") finds its everyday words without theirs."""
    from assistant.vn.normalize import fold, is_unmarked, plain

    key_of = plain if is_unmarked(query) else (lambda words: words)
    words = f" {key_of(fold(query))} "
    extra = [v for key, values in thesaurus(search=True) if f" {key_of(key)} " in words or f" {key_of(key)}," in words
             for v in values]
    return f"{query} {' '.join(dict.fromkeys(extra))}" if extra else query
