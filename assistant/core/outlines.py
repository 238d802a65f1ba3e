"""The official outlines of the document kinds, loaded from YAML data files.

One file per kind under ``assistant/data/outlines/`` (the built-in ones) and under the user's
``<data>/outlines/`` (outlines built from a higher level's document by ``documents/mandate.py``):
its sections with number-path ids ("I", "I.3", "I.4.a"), titles, what each should contain, whether
it is mandatory, whether it reports figures, money or a table, and the phrases that identify it in
precedents numbered differently. A new kind is a new file; no code changes. This module reads,
checks and writes the files; drafting lives in ``draft/drafter.py``.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.core.schema import PLACEHOLDER
from assistant.data import OUTLINES_DIR
from assistant.errors import OutlineError
from assistant.vn.normalize import fold, normalize_text

log = logging.getLogger(__name__)

TABLE_CATEGORIES = ("activities", "media", "products")


@dataclass(frozen=True)
class TableSpec:
    title: str
    columns: tuple[str, ...]
    category: str


_ROMAN = re.compile(r"[IVXLC]+")


@dataclass(frozen=True)
class OutlineSection:
    id: str
    title: str
    contains: str
    mandatory: bool
    figures: bool
    aliases: tuple[str, ...]
    table: TableSpec | None = None
    children: tuple[OutlineSection, ...] = ()
    rows: str = ""  # a table category whose facts rows this narrative section lists as bullets
    # The section states what was done or planned, with who, where and when ("details: true" in the
    # YAML; every section of figures does): a precedent's sentence with another unit's specifics may
    # be offered there as a pattern with visible slots. Elsewhere (aims, evaluations) it is left out.
    details: bool = False
    # A section about funds, where money figures belong: "money: true|false" in the YAML; when the key
    # is absent, a title or alias that speaks of kinh phí or ngân sách.
    money_flag: bool | None = None
    # Where the unit's own plan is cited ("cites_plan: true"): a report's direction section states the plan of
    # the officer's facts, in her words' stead when she gave none.
    cites_plan: bool = False

    @property
    def reports(self) -> bool:
        return self.figures or self.details

    @property
    def money(self) -> bool:
        """A section about funds (kinh phí, ngân sách): money figures belong here."""
        if self.money_flag is not None:
            return self.money_flag
        words = fold(self.title) + " " + " ".join(self.aliases)
        return "kinh phí" in words or "ngân sách" in words

    @property
    def blank(self) -> str:
        """What a section with no text shows: a slot to fill and what belongs there."""
        return f"{PLACEHOLDER} ({self.contains})"

    @property
    def contents_text(self) -> str:
        """What the section holds, in words: its title, contents and aliases."""
        return " ".join([self.title, self.contains, *self.aliases])

    @property
    def depth(self) -> int:
        return self.id.count(".")

    @property
    def number(self) -> str:
        """"3" of "II.3", "b" of "I.4.b"; a decimal path at the top or under a lettered part is written
        whole, as documents number it ("1.2" of an outline numbered "1.", "1.1.", "1.2.")."""
        parts = self.id.split(".")
        run = next((i for i, p in enumerate(reversed(parts)) if not p.isdigit()), len(parts))  # trailing digits
        before = parts[len(parts) - run - 1] if run < len(parts) else ""
        if run >= 2 and (not before or not _ROMAN.fullmatch(before)):
            return ".".join(parts[len(parts) - run:])
        return parts[-1]

    def heading(self) -> str:
        """The heading line as written in documents: "I. TITLE", "1. Title", "a) Title"."""
        sep = ")" if self.number.isalpha() and self.number.islower() else "."
        return f"{self.number}{sep} {self.title}"

    def walk(self) -> list[OutlineSection]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class Outline:
    id: str
    kind: str
    abbr: str
    name: str
    title_template: str
    title_keywords: tuple[str, ...]
    exclude_keywords: tuple[str, ...]
    opening: str
    closing_formula: str
    sections: tuple[OutlineSection, ...]
    path: Path = field(default=Path(), compare=False)
    # "" for a built-in outline; for one built from a document, that document's file name and heading
    # ("kh_215.docx: ĐỀ CƯƠNG BÁO CÁO Kết quả …"), shown beside its name.
    source: str = ""
    builtin: bool = field(default=True, compare=False)
    # For one built from a document: the built-in outline it follows in kind and campaign, and the year
    # it was issued for (a chat request for that kind and year opens a document of this outline).
    based_on: str = ""
    year: int | None = None

    def all_sections(self) -> list[OutlineSection]:
        return [s for top in self.sections for s in top.walk()]

    def section(self, section_id: str) -> OutlineSection:
        wanted = normalize_text(section_id).strip().strip(".").upper()
        for section in self.all_sections():
            if section.id.upper() == wanted:
                return section
        valid = ", ".join(s.id for s in self.all_sections())
        raise OutlineError(f"mục {section_id!r} không có trong dàn ý {self.id} / no such section; valid: {valid}")

    def matches(self, kind: str, title: str) -> bool:
        """Is a precedent with this parsed kind and title a document of this outline's kind?"""
        if fold(kind) != fold(self.kind):
            return False
        folded = fold(title)
        if any(word in folded for word in self.exclude_keywords):
            return False
        return not self.title_keywords or any(word in folded for word in self.title_keywords)

    def to_dict(self) -> dict[str, Any]:
        """What `assistant outlines --json` prints: ids, titles, contents, flags and tables."""
        return {"id": self.id, "kind": self.kind, "name": self.name, "builtin": self.builtin,
                "source": self.source, "sections": [_section_dict(s) for s in self.sections]}

    def to_yaml(self) -> str:
        """The outline as a file of the same form as the built-in ones (``load_outline`` reads it back)."""
        raw = {"id": self.id, "kind": self.kind, "abbr": self.abbr, "name": self.name,
               "title_template": self.title_template, "source": self.source, "based_on": self.based_on,
               "year": self.year,
               "match": {"kind": self.kind, "title_keywords": list(self.title_keywords),
                         "exclude_keywords": list(self.exclude_keywords)},
               "opening": self.opening, "closing_formula": self.closing_formula,
               "sections": [_section_dict(s, whole=True) for s in self.sections]}
        return yaml.safe_dump(raw, allow_unicode=True, sort_keys=False, width=110)


def _section_dict(section: OutlineSection, whole: bool = False) -> dict[str, Any]:
    """A section as JSON (``whole``: with what only the file keeps: details, rows, aliases)."""
    out: dict[str, Any] = {"id": section.id, "title": section.title, "contains": section.contains,
                           "mandatory": section.mandatory, "figures": section.figures, "money": section.money}
    if whole:
        out.update({"details": True} if section.details else {})
        out.update({"rows": section.rows} if section.rows else {})
        out.update({"cites_plan": True} if section.cites_plan else {})
        out["aliases"] = list(section.aliases)
    if section.table:
        out["table"] = {"title": section.table.title, "columns": list(section.table.columns),
                        "category": section.table.category}
    if section.children:
        out["children"] = [_section_dict(c, whole) for c in section.children]
    return out


def _text(raw: dict[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise OutlineError(f"{where}: '{key}' must be a non-empty text")
    return normalize_text(value.strip())


def _section(raw: Any, parent: str, where: str) -> OutlineSection:
    if not isinstance(raw, dict):
        raise OutlineError(f"{where}: each section must be a mapping")
    section_id = str(raw.get("id", "")).strip()
    where = f"{where} § {section_id or '?'}"
    if not section_id or (parent and not section_id.startswith(parent + ".")):
        raise OutlineError(f"{where}: id must extend its parent's id {parent!r}")
    table = None
    if raw.get("table"):
        spec = raw["table"]
        if spec.get("category") not in TABLE_CATEGORIES:
            raise OutlineError(f"{where}: table category must be one of {', '.join(TABLE_CATEGORIES)}")
        table = TableSpec(_text(spec, "title", where), tuple(normalize_text(c) for c in spec.get("columns", [])),
                          spec["category"])
    children = tuple(_section(c, section_id, where.split(" § ")[0]) for c in raw.get("children") or [])
    return OutlineSection(
        id=section_id, title=_text(raw, "title", where), contains=_text(raw, "contains", where),
        mandatory=bool(raw.get("mandatory", True)), figures=bool(raw.get("figures", False)),
        aliases=tuple(fold(a) for a in raw.get("aliases") or []), table=table, children=children,
        rows=str(raw.get("rows") or ""), details=bool(raw.get("details", False)),
        money_flag=None if raw.get("money") is None else bool(raw["money"]), cites_plan=bool(raw.get("cites_plan")))


def load_outline(path: Path, builtin: bool = True) -> Outline:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise OutlineError(f"{path.name}: cannot read outline: {exc}") from exc
    return outline_from_yaml(text, path.name, builtin, path)


def outline_from_yaml(text: str, where: str = "outline", builtin: bool = False, path: Path = Path()) -> Outline:
    """An outline from its YAML text (a file, or the text the officer corrected in the UI), checked."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OutlineError(f"{where}: cannot read outline: {exc}") from exc
    if not isinstance(raw, dict) or not raw.get("sections"):
        raise OutlineError(f"{where}: an outline needs 'id', 'kind' and 'sections'")
    match = raw.get("match") or {}
    outline = Outline(
        id=_text(raw, "id", where), kind=_text(raw, "kind", where), abbr=str(raw.get("abbr", "")),
        name=_text(raw, "name", where), title_template=_text(raw, "title_template", where),
        title_keywords=tuple(fold(k) for k in match.get("title_keywords") or []),
        exclude_keywords=tuple(fold(k) for k in match.get("exclude_keywords") or []),
        opening=normalize_text(str(raw.get("opening", ""))), closing_formula=_text(raw, "closing_formula", where),
        sections=tuple(_section(s, "", where) for s in raw["sections"]), path=path,
        source=str(raw.get("source") or ""), builtin=builtin, based_on=str(raw.get("based_on") or ""),
        year=int(raw["year"]) if str(raw.get("year") or "").isdigit() else None)
    ids = [s.id for s in outline.all_sections()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise OutlineError(f"{where}: duplicate section ids {', '.join(duplicates)}")
    return outline


def load_outlines(folder: Path | None = None, user_folder: Path | None = None) -> dict[str, Outline]:
    """The built-in outlines (or those of ``folder``), then the user's (``<data>/outlines``).

    A user's outline never hides a built-in one of the same id (``save_outline`` refuses such ids); a
    user's file that cannot be read is skipped with a log line, so one bad file does not hide the rest.
    """
    outlines = {o.id: o for o in (load_outline(p) for p in sorted((folder or OUTLINES_DIR).glob("*.yaml")))}
    for path in sorted(user_folder.glob("*.yaml")) if user_folder and user_folder.is_dir() else []:
        try:
            outline = load_outline(path, builtin=False)
        except OutlineError:
            log.exception("skipped the outline %s", path)
            continue
        outlines.setdefault(outline.id, outline)
    return outlines


def get_outline(kind: str, folder: Path | None = None, user_folder: Path | None = None) -> Outline:
    outlines = load_outlines(folder, user_folder)
    if kind in outlines:
        return outlines[kind]
    raise OutlineError(f"không có loại văn bản {kind!r} / unknown kind; known: {', '.join(outlines)}")


OUTLINE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}$")


def save_outline(outline: Outline, user_folder: Path, known: dict[str, Outline], replace: bool = False) -> Path:
    """Write a user's outline to ``<data>/outlines/<id>.yaml`` atomically; it reads back as it was.

    An id of a built-in outline is refused; an id of the user's own is replaced only when asked.
    """
    if not OUTLINE_ID.match(outline.id):
        raise OutlineError(f"mã dàn ý {outline.id!r} chỉ gồm chữ thường không dấu, số và '-' / "
                           "an outline id is lower-case ASCII letters, digits and '-'")
    existing = known.get(outline.id)
    if existing is not None and (existing.builtin or not replace):
        why = "dàn ý có sẵn" if existing.builtin else "đã có; dùng --replace để thay"
        raise OutlineError(f"mã dàn ý {outline.id!r} {why} / the outline id exists"
                           + ("" if existing.builtin else "; use --replace"))
    user_folder.mkdir(parents=True, exist_ok=True)
    path = user_folder / f"{outline.id}.yaml"
    temporary = path.with_suffix(".yaml.tmp")
    temporary.write_text(outline.to_yaml(), encoding="utf-8")
    load_outline(temporary, builtin=False)  # what is written must read back; a bad file never lands
    os.replace(temporary, path)
    return path


def remove_outline(outline_id: str, user_folder: Path, known: dict[str, Outline]) -> None:
    existing = known.get(outline_id)
    if existing is None or existing.builtin:
        raise OutlineError(f"không có dàn ý riêng {outline_id!r} / no user outline with this id")
    (user_folder / f"{outline_id}.yaml").unlink(missing_ok=True)
