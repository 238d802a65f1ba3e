"""An outline read from a higher level's document: the ĐỀ CƯƠNG BÁO CÁO attached to a plan, a
standalone outline, or last year's report.

The parser has already found the document's parts and their numbered sections and tables; this
module turns one part into an ``Outline`` of the same form as the built-in ones: ids by the
document's numbering ("I", "I.2", "II.4.b"), titles as written, what each section should contain
(the outline's own guidance lines, else the most similar built-in section's), figures and money
flags, tables with their columns and the category of facts' rows they show. The most similar
built-in outline of the same kind lends what a document never says (the opening and closing
formulas, the words that find precedents of the kind).

Similarity of titles is a parameter (the embedding model's cosine, given by the composition root);
without it, shared syllables. Reads no file and writes none: ``core/outlines.save_outline`` stores
the result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.core.outlines import Outline, OutlineSection, TableSpec
from assistant.core.schema import ParsedDocument, Section
from assistant.data import DATA_DIR
from assistant.errors import OutlineError
from assistant.parse.readers import parse_file
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold

# Scores of every pair: similarity(a, b)[i][j] for a[i] and b[j], higher is closer (cosine for the model).
Similarity = Callable[[Sequence[str], Sequence[str]], Sequence[Sequence[float]]]

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_TABLE_LINE = re.compile(r"^\s*STT\b|\|")
_ID_PART = re.compile(r"[^0-9A-Za-z]")


@dataclass(frozen=True)
class OutlinePart:
    """A part of a document that can become an outline, and how to name it to the officer."""

    index: int  # 0: the document itself; 1, 2 …: its attachments in order
    label: str  # "ĐỀ CƯƠNG: Kết quả thực hiện Tháng hành động … (phần đính kèm)"
    part: ParsedDocument
    attached: bool


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((DATA_DIR / "mandate.yaml").read_text(encoding="utf-8"))
    return raw


def _has(text: str, cues: Sequence[str]) -> bool:
    folded = fold(text)
    return any(fold(cue) in folded for cue in cues)


def outline_parts(doc: ParsedDocument) -> list[OutlinePart]:
    """The parts with a numbered structure, the attached report outline first (it is what a higher
    level's plan mandates); the plan itself after it."""
    parts = [OutlinePart(0, f"{doc.kind or 'VĂN BẢN'}: {doc.title}".strip(), doc, False)]
    parts += [OutlinePart(i, f"{a.kind or 'PHỤ LỤC'}: {a.title} (phần đính kèm / attachment)".strip(), a, True)
              for i, a in enumerate(doc.attachments, start=1)]
    numbered = [p for p in parts if p.part.sections]
    cues = _cues()["outline_part_cues"]
    mandating = fold(doc.kind) in _cues()["mandating_kinds"]

    def rank(p: OutlinePart) -> tuple[bool, bool, int]:
        named = _has(p.part.kind, cues) or _has(p.part.title, cues) or _has(p.part.preamble[:200], cues)
        return not (p.attached and named), not (p.attached and mandating), p.index
    return sorted(numbered, key=rank)


def outline_kind(part: ParsedDocument) -> str:
    """The kind of document the part outlines: a report for an ĐỀ CƯƠNG BÁO CÁO, else its own kind."""
    cues = _cues()
    if fold(part.kind) not in cues["container_kinds"]:
        return part.kind
    for rule in cues["outline_kind_of_title"]:
        if fold(rule["cue"]) in fold(part.title):
            return str(rule["kind"])
    return str(cues["default_outline_kind"])


def _lexical(a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
    common = set(_cues()["common_title_words"])

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", fold(text))) - common
    left, right = [words(t) for t in a], [words(t) for t in b]
    return [[len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0 for y in right] for x in left]


def _ascii(text: str) -> str:
    text = fold(text).replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", _ascii(text))).strip("-")[:60].strip("-")


def _recase(text: str, examples: Sequence[str]) -> str:
    """An upper-case title in sentence case, with the capitals the built-in outlines write inside a
    sentence ("Tháng hành động")."""
    if text != text.upper():
        return text
    capitals = {fold(w): w for example in examples for w in example.split()[1:] if w[:1].isupper()}
    words = [capitals.get(fold(w), w.lower()) for w in text.split()]
    return " ".join(words)


def _title(part: ParsedDocument) -> str:
    """The document title the outline describes, without "ĐỀ CƯƠNG BÁO CÁO" in front."""
    title = " ".join(part.title.split())
    for prefix in _cues()["title_prefixes"]:
        if fold(title).startswith(fold(prefix) + " "):
            title = title[len(prefix):].strip(" :-–")
            break
    return title[:1].upper() + title[1:] if title else ""


def _base(kind: str, title: str, builtins: dict[str, Outline]) -> Outline | None:
    """The built-in outline of the same kind whose title is nearest: it lends the formulas."""
    same = [o for o in builtins.values() if o.builtin and fold(o.kind) == fold(kind)]
    if not same:
        return None
    matching = [o for o in same if o.matches(kind, title)]
    if matching:
        return matching[0]
    scores = _lexical([title], [o.name for o in same])[0]
    return same[max(range(len(same)), key=lambda i: scores[i])]


def _part_number(piece: str) -> str:
    """ "Phần thứ nhất" → "1", "Phần II" → "II"."""
    words = piece.split()
    if not words:
        return "X"
    ordinal = load_domain().ordinals.get(fold(words[-1]))
    return str(ordinal) if ordinal and ordinal > 0 else (_ID_PART.sub("", words[-1]) or "X")


def _ids(sections: Sequence[Section]) -> dict[int, str]:
    out: dict[int, str] = {}

    def visit(section: Section, parent: str) -> None:
        number = section.number.rsplit(".", 1)[-1]  # "1.2" under "1": the path is 1.2
        piece = f"P{_part_number(number)}" if fold(number).startswith("phần") or fold(number).startswith("thứ") \
            else (_ID_PART.sub("", number) or "X")
        ident = f"{parent}.{piece}" if parent else piece
        out[id(section)] = ident
        for child in section.children:
            visit(child, ident)
    for top in sections:
        visit(top, "")
    return out


def _guidance(section: Section, title: str, outline_only: bool) -> str:
    """The lines under a heading that say what to write there (table lines and notes left out). In an
    ĐỀ CƯƠNG every line is guidance; in a document with its own text (last year's report) only lines
    in brackets or that start with a verb of instruction ("Nêu …")."""
    cues = _cues()
    kept = []
    for line in section.text.split("\n"):
        text = line.strip().strip("-–•+ ").strip()
        if not text or _TABLE_LINE.search(text) or fold(text.strip("().…")) == fold(title.strip(".…")):
            continue
        if _has(text, cues["not_guidance"]):
            continue
        bare = text.strip("()").strip()
        if outline_only or text.startswith("(") or any(fold(bare).startswith(fold(w) + " ")
                                                       for w in cues["guidance_starts"]):
            kept.append(bare.rstrip(";.") + ".")
    return " ".join(kept)


def _table(section: Section, part: ParsedDocument, title: str, like: OutlineSection | None) -> TableSpec | None:
    table = next((t for t in part.tables if t.section == section.path and t.header), None)
    if table is None:
        return None
    cues = _cues()
    names = " ".join(table.header)
    category = like.table.category if like and like.table else next(
        (str(r["category"]) for r in cues["table_category_cues"] if _has(names, [r["cue"]])),
        str(cues["default_table_category"]))
    columns = tuple(" ".join(c.split()) for c in table.header if c.strip())
    return TableSpec(title=title, columns=columns, category=category)


@dataclass
class _Lent:
    section: OutlineSection | None
    score: float


def _similar(titles: list[str], candidates: list[OutlineSection], similarity: Similarity | None) -> list[_Lent]:
    if not candidates or not titles:
        return [_Lent(None, 0.0) for _ in titles]
    keys = [c.title for c in candidates]
    lexical = _lexical(titles, keys)
    scores = lexical if similarity is None else [
        [(float(m) + x) / 2 for m, x in zip(model_row, lexical_row, strict=True)]
        for model_row, lexical_row in zip(similarity(titles, keys), lexical, strict=True)]
    least = _cues()["similar_section_min" if similarity else "similar_section_min_lexical"]
    out = []
    for row in scores:
        best = max(range(len(candidates)), key=lambda j: row[j])
        out.append(_Lent(candidates[best], float(row[best])) if row[best] >= least else _Lent(None, float(row[best])))
    return out


def build_outline(part: ParsedDocument, builtins: dict[str, Outline], *, source: str,
                  outline_id: str | None = None, name: str | None = None,
                  similarity: Similarity | None = None, document: ParsedDocument | None = None) -> Outline:
    """The outline of ``part`` (one of ``outline_parts`` of ``document``), lending from the nearest
    built-in outline. The document (the plan the outline is attached to) names where it came from."""
    if not part.sections:
        raise OutlineError(f"{source}: không thấy mục đánh số (I., 1., a)) nào / no numbered structure found")
    cues = _cues()
    kind = outline_kind(part)
    title = (_title(part) or (name or "")).replace("{", "(").replace("}", ")")
    title = _recase(title, [o.title_template for o in builtins.values()] + [o.name for o in builtins.values()])
    title = title[:1].upper() + title[1:]
    base = _base(kind, title, builtins)
    year = part.year or (int(m.group()) if (m := _YEAR.search(title)) else None)
    template = _YEAR.sub("{year}", title, count=1) if year and str(year) in title else title
    if "{year}" not in template and template:
        template = f"{template} năm {{year}}"
    flat = part.all_sections()
    ids = _ids(part.sections)
    titles = [(s.title or s.text.split("\n")[0]).strip().rstrip(":").strip() or ids[id(s)] for s in flat]
    pool = [s for o in builtins.values() if o.builtin and fold(o.kind) == fold(kind) for s in o.all_sections()]
    # a section with a table borrows from a built-in section with a table (its contents describe rows),
    # a section of text from one of text
    lent = {id(s): lend for s, lend in zip(flat, _similar(titles, [p for p in pool if not p.table], similarity),
                                           strict=True)}
    tabled = [s for s in flat if any(t.section == s.path and t.header for t in part.tables)]
    tabled_titles = [titles[flat.index(s)] for s in tabled]
    lent.update({id(s): lend for s, lend in zip(tabled, _similar(tabled_titles, [p for p in pool if p.table],
                                                                  similarity), strict=True)})
    aliases_min = cues["similar_aliases_min" if similarity else "similar_aliases_min_lexical"]
    titles_of = {id(s): t for s, t in zip(flat, titles, strict=True)}

    def convert(section: Section) -> OutlineSection:
        section_title = titles_of[id(section)]
        like = lent[id(section)].section
        table = _table(section, part, section_title, like)
        guidance = _guidance(section, section_title, fold(part.kind) in cues["container_kinds"]
                             or _has(part.title, cues["outline_part_cues"]))
        money = _has(section_title, cues["money_cues"]) or bool(like and like.money and not section.children)
        figures = bool(table) or money or _has(section_title, cues["figure_cues"]) or bool(like and like.figures)
        reflective = _has(section_title, cues["reflective_cues"])
        details = not reflective and fold(kind) == fold("BÁO CÁO") and not figures if like is None \
            else bool(like.details)
        contains = guidance or (like.contains if like else f"Nội dung về {section_title[:1].lower()}"
                                                           f"{section_title[1:]}.".replace("..", "."))
        same = like is not None and lent[id(section)].score >= aliases_min
        aliases = tuple(dict.fromkeys([fold(section_title)[:80], *(like.aliases if like and same else ())]))
        return OutlineSection(
            id=ids[id(section)], title=section_title, contains=contains, mandatory=True, figures=figures,
            aliases=aliases, table=table, children=tuple(convert(c) for c in section.children),
            rows=like.rows if like and not table else "", details=details, money_flag=money)

    sections = tuple(convert(s) for s in part.sections)
    seen: set[str] = set()
    for section in (s for top in sections for s in top.walk()):
        if section.id in seen:
            raise OutlineError(f"{source}: hai mục cùng số {section.id} / two sections numbered {section.id}")
        seen.add(section.id)
    mandating = document or part
    number = mandating.number if mandating.number and not mandating.number.startswith("/") else ""
    place = mandating.place.title() if mandating.place.isupper() else mandating.place
    issuer = (f"Ủy ban nhân dân {mandating.level} {place}" if mandating.level and place
              and ("ban nhân dân" in fold(mandating.issuer) or fold(mandating.issuer).startswith("ubnd"))
              else mandating.issuer)
    issuer = issuer[:1] + issuer[1:].lower() if issuer == issuer.upper() else issuer
    where = " ".join(p for p in (fold(mandating.kind) if mandating.kind else "", number,
                                 f"của {issuer}" if issuer else "") if p)
    kind_word = kind[:1] + kind[1:].lower()
    outline_name = name or f"{kind_word} {title[:1].lower()}{title[1:]}" + (f" (theo {where})" if where else "")
    stem = base.id if base else slug(f"{kind} {title}")[:40]
    ident = outline_id or slug(" ".join(str(p) for p in (stem, year or "", mandating.place) if p))
    abbr = base.abbr if base else next((a for n, a in load_domain().kinds.items() if n == kind), "")
    closing = base.closing_formula if base else (
        f"Trên đây là {fold(kind)} {title[:1].lower()}{title[1:]} của Ủy ban nhân dân {{unit}}./.")
    return Outline(
        id=ident, kind=kind, abbr=abbr, name=outline_name, title_template=template or (base.title_template if base
                                                                                         else kind_word),
        title_keywords=base.title_keywords if base else (fold(title)[:60],),
        exclude_keywords=base.exclude_keywords if base else (), opening=base.opening if base else "",
        closing_formula=closing,
        sections=sections, source=f"{source}: {part.kind} {part.title}".strip(), builtin=False,
        based_on=base.id if base else "", year=year)


def read_outline(path: Path, builtins: dict[str, Outline], *, part_index: int | None = None,
                 outline_id: str | None = None, name: str | None = None,
                 similarity: Similarity | None = None) -> tuple[Outline, list[OutlinePart]]:
    """The outline of a file's part (the attached ĐỀ CƯƠNG when there is one, else the document), and
    every part that could give one (a plan with its attachment offers both)."""
    document = parse_file(path)
    parts = outline_parts(document)
    if not parts:
        raise OutlineError(f"{path.name}: không thấy mục đánh số (I., 1., a)) nào / no numbered structure found")
    chosen: OutlinePart | None = parts[0]
    if part_index is not None:
        chosen = next((p for p in parts if p.index == part_index), None)
        if chosen is None:
            raise OutlineError(f"{path.name}: không có phần số {part_index}; có: "
                               + ", ".join(str(p.index) for p in parts))
    assert chosen is not None
    outline = build_outline(chosen.part, builtins, source=path.name, outline_id=outline_id, name=name,
                            similarity=similarity, document=document)
    return outline, parts
