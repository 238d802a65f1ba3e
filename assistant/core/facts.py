"""The officer's facts for one document: who issues it, where, which year, who
signs, which plan it implements, the year's theme, and the figures (free-text
notes plus table rows). Drafts may state a figure only when it is here.

Loads the CLI's YAML form, checks it (empty or contradictory facts are named
errors), and pulls figures typed in a sentence into the record with the
rule-based Vietnamese number reader (``vn/numbers.py``). No I/O beyond reading
the YAML file; no model.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.core.schema import PLACEHOLDER
from assistant.errors import FactsError, one_line
from assistant.vn.domain import known_themes, load_domain
from assistant.vn.normalize import fold, normalize_text
from assistant.vn.numbers import NumberMention, find_numbers

FACT_KEYS = ("issuer", "place", "level", "year", "signer", "plan", "theme", "notes", "figures", "replacements",
             # header and signature of a whole document (all optional)
             "governing_body", "number", "date", "signer_title", "authority", "recipients", "planned", "pinned")
_LIST_KEYS = ("figures", "replacements", "authority", "recipients", "planned", "pinned")
ROW_KEYS = ("activity", "count", "male", "female", "level", "category")
FIGURE_KINDS = ("count", "money", "percentage", "ratio")  # kinds that must come from the facts


@dataclass
class FigureRow:
    """One row of the summary tables: an activity (or media item, or product) and its figures."""
    activity: str
    count: int | None = None
    male: int | None = None
    female: int | None = None
    level: str = ""
    category: str = "activities"  # activities / media / products (outline table categories)


@dataclass
class Facts:
    issuer: str = ""  # "Ủy ban nhân dân xã Hòa An"
    place: str = ""  # "Hòa An"
    level: str = ""  # "xã", "phường", …
    year: int | None = None
    signer: str = ""
    plan: str = ""  # the plan this document implements ("Kế hoạch số 120/KH-UBND ngày …")
    theme: str = ""  # the Action Month theme, set by the officer
    notes: str = ""  # free text: what was done, with its figures
    figures: list[FigureRow] = field(default_factory=list)
    replacements: dict[str, str] = field(default_factory=dict)  # defunct body -> what replaces it
    governing_body: str = ""  # the line above the issuer in the header ("UBND HUYỆN …"), if any
    number: str = ""  # "15" of "Số: 15/BC-UBND"; empty: left blank for the clerk
    date: str = ""  # ISO "2025-12-20"; empty: "ngày … tháng … năm <year>"
    signer_title: str = ""  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    authority: list[str] = field(default_factory=list)  # ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    recipients: list[str] = field(default_factory=list)  # Nơi nhận, one per line
    # The activities of the unit's own plan of this campaign (read from the corpus, documents/plan_basis.py):
    # a report lists them as lines to confirm ("Theo kế hoạch: …; kết quả: […]"), never as done.
    planned: list[str] = field(default_factory=list)
    # A note typed in the chat while a section was on screen -> that section: its activities belong
    # there even when their words fit another ("loa phát thanh 24 buổi …" typed on "Nội dung hoạt động").
    pinned: dict[str, str] = field(default_factory=dict)

    @property
    def unit(self) -> str:
        """"xã Hòa An": the level and place, as documents name a unit."""
        return " ".join(p for p in (self.level, self.place) if p)

    def note_figures(self) -> list[NumberMention]:
        """Figures typed in the notes, as the number reader found them."""
        return [m for m in find_numbers(self.notes) if m.kind in FIGURE_KINDS]

    def table_values(self) -> set[float]:
        """The counts of the figure rows, their male + female sums and the column totals.

        (Figures typed in the notes are matched with their unit by the guards.)"""
        values: set[float] = set()
        for row in self.figures:
            for number in (row.count, row.male, row.female):
                if number is not None:
                    values.add(float(number))
            if row.male is not None and row.female is not None:
                values.add(float(row.male + row.female))
        categories = {r.category for r in self.figures}
        for category in [None, *categories] if self.figures else []:  # table totals: computed, never generated
            rows = [r for r in self.figures if category in (None, r.category)]
            for column in ("count", "male", "female"):
                values.add(float(sum(getattr(r, column) or 0 for r in rows)))
            values.add(float(sum((r.male or 0) + (r.female or 0) for r in rows)))
        return values

    def suggested_theme(self) -> str:
        """The officer's theme, else the known theme of that year (past years only), else ""."""
        if self.theme:
            return self.theme
        return known_themes().get(self.year or 0, "")

    def with_note(self, text: str) -> Facts:
        """A copy with ``text`` appended to the notes (new figures typed in a follow-up)."""
        notes = f"{self.notes}\n{text}".strip() if self.notes else text.strip()
        return replace(self, notes=normalize_text(notes))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _int(value: Any, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FactsError(f"{where}: expected a whole number, got {value!r}")
    if isinstance(value, int):
        number = value
    else:
        mentions = find_numbers(str(value))
        if len(mentions) != 1 or mentions[0].value is None or mentions[0].value != int(mentions[0].value):
            raise FactsError(f"{where}: expected a whole number, got {value!r}")
        number = int(mentions[0].value)
    if number < 0:
        raise FactsError(f"{where}: a figure cannot be negative ({number})")
    return number


def _row(raw: Any, index: int) -> FigureRow:
    where = f"figures[{index}]"
    if not isinstance(raw, dict):
        raise FactsError(f"{where}: each figure row is a mapping with keys {', '.join(ROW_KEYS)}")
    unknown = set(raw) - set(ROW_KEYS)
    if unknown:
        raise FactsError(f"{where}: unknown keys {', '.join(sorted(unknown))}; allowed: {', '.join(ROW_KEYS)}")
    activity = normalize_text(str(raw.get("activity") or "")).strip()
    if not activity:
        raise FactsError(f"{where}: 'activity' is required")
    category = str(raw.get("category") or "activities")
    if category not in ("activities", "media", "products"):
        raise FactsError(f"{where}: category must be activities, media or products")
    return FigureRow(activity, _int(raw.get("count"), f"{where}.count"), _int(raw.get("male"), f"{where}.male"),
                     _int(raw.get("female"), f"{where}.female"), normalize_text(str(raw.get("level") or "")),
                     category)


def facts_from_dict(raw: Any) -> Facts:
    """Build and check a facts record from the YAML/JSON form."""
    if raw is None or raw == {}:
        raise FactsError("the facts are empty: give at least 'year' and 'place' or 'issuer' "
                         "(dữ kiện trống: cần ít nhất năm và địa phương)")
    if not isinstance(raw, dict):
        raise FactsError(f"facts must be a mapping with keys {', '.join(FACT_KEYS)}")
    unknown = set(raw) - set(FACT_KEYS)
    if unknown:
        raise FactsError(f"unknown keys {', '.join(sorted(unknown))}; allowed: {', '.join(FACT_KEYS)}")
    text = {k: normalize_text(str(raw.get(k) or "")).strip() for k in FACT_KEYS
            if k not in ("year", *_LIST_KEYS)}
    lists = {}
    for key in ("authority", "recipients", "planned"):
        value = raw.get(key) or []
        if not isinstance(value, list):
            raise FactsError(f"'{key}' must be a list of lines")
        lists[key] = [normalize_text(str(v)).strip() for v in value if str(v).strip()]
    figures = raw.get("figures") or []
    if not isinstance(figures, list):
        raise FactsError("'figures' must be a list of rows {activity, count, male, female, level}")
    replacements = raw.get("replacements") or {}
    if not isinstance(replacements, dict):
        raise FactsError("'replacements' must map an abolished body to what replaces it")
    pinned = raw.get("pinned") or {}
    if not isinstance(pinned, dict):
        raise FactsError("'pinned' must map a note to the section it was typed on")
    facts = Facts(
        issuer=text["issuer"], place=text["place"], level=fold(text["level"]) or level_of(text["issuer"]),
        year=_int(raw.get("year"), "year"),
        signer=text["signer"], plan=text["plan"], theme=text["theme"], notes=text["notes"],
        figures=[_row(r, i) for i, r in enumerate(figures)],
        replacements={normalize_text(str(k)): normalize_text(str(v)) for k, v in replacements.items() if k and v},
        governing_body=text["governing_body"], number=text["number"], date=text["date"],
        signer_title=text["signer_title"], authority=lists["authority"], recipients=lists["recipients"],
        planned=lists["planned"],
        pinned={normalize_text(str(k)).strip(): str(v) for k, v in pinned.items() if str(k).strip() and v})
    return check_facts(facts)


def level_of(issuer: str) -> str:
    """The level an issuer names: "Ủy ban nhân dân thị xã Sơn Tây" → "thị xã" ("" if none)."""
    words = f" {fold(issuer)} "
    found = [(words.find(f" {lvl} "), -len(lvl), lvl) for lvl in load_domain().levels if f" {lvl} " in words]
    return min(found)[2] if found else ""


def check_facts(facts: Facts) -> Facts:
    """Raise ``FactsError`` for facts a draft cannot be built on; return them unchanged otherwise."""
    if facts.year is None or not (facts.place or facts.issuer):
        raise FactsError("the facts need 'year' and 'place' (or 'issuer') "
                         "(cần năm và địa phương để soạn văn bản)")
    if not 1990 <= facts.year <= 2100:
        raise FactsError(f"year {facts.year} is out of range (1990-2100)")
    domain = load_domain()
    if facts.level and facts.level not in domain.levels:
        raise FactsError(f"level {facts.level!r} is not one of {', '.join(domain.levels)}")
    issuer = fold(facts.issuer)
    if facts.place and issuer and fold(facts.place) not in issuer:
        raise FactsError(f"contradictory facts: issuer {facts.issuer!r} does not name place {facts.place!r} "
                         "(cơ quan ban hành và địa phương không khớp)")
    if facts.level and issuer:
        named = [lvl for lvl in domain.levels if f"{lvl} " in issuer + " "]
        if named and facts.level not in named:
            raise FactsError(f"contradictory facts: issuer {facts.issuer!r} is not at level {facts.level!r}")
    if facts.date and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts.date):
        raise FactsError(f"date {facts.date!r} must be written YYYY-MM-DD (e.g. 2025-12-20)")
    if facts.level in ("huyện", "quận", "thị xã") and facts.year >= 2025:
        raise FactsError(f"contradictory facts: the district level ({facts.level}) no longer exists in "
                         f"{facts.year} (cấp huyện đã kết thúc hoạt động từ năm 2025)")
    for row in facts.figures:
        if row.male is not None and row.female is not None and row.count is not None and row.count == 0 \
                and row.male + row.female > 0:
            raise FactsError(f"contradictory figures: {row.activity!r} has 0 events but participants")
    return facts


def load_facts(path: Path) -> Facts:
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise FactsError(f"facts file not found: {path}") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise FactsError(f"cannot read facts file {Path(path).name}: {one_line(exc, 300)}") from exc
    return facts_from_dict(raw)


def describe_figures(text: str) -> list[dict[str, Any]]:
    """The figures a sentence holds, to show back to the officer ("150 người" → count 150 người)."""
    return [{"text": m.text, "kind": m.kind, "value": m.value, "unit": m.unit}
            for m in find_numbers(normalize_text(text)) if m.kind in FIGURE_KINDS]


def row_line(row: FigureRow) -> str:
    """The officer's row as a draft line ("- Tập huấn: 06 cuộc, 330 lượt người tham gia (nam 120, nữ 210).")."""
    phrase = load_domain().phrases
    shown = lambda v: str(v) if v is not None else PLACEHOLDER  # noqa: E731
    parts = [phrase["count"].format(count=f"{row.count:02d}" if row.count is not None else PLACEHOLDER)]
    if row.male is not None or row.female is not None:
        both = row.male is not None and row.female is not None  # a total only from both: never half a sum
        parts.append(phrase["people"].format(total=row.male + row.female if both else PLACEHOLDER,  # type: ignore[operator]
                                             male=shown(row.male), female=shown(row.female)))
    level = phrase["level"].format(level=row.level) if row.level else ""
    return phrase["row"].format(activity=row.activity, parts=", ".join(parts), level=level)
