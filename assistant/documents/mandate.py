"""An outline read from a higher level's document: the ĐỀ CƯƠNG BÁO CÁO attached to a plan, a
standalone outline, or last year's report.

The parser finds the document's parts and their numbered sections and tables, ``mandate_text.py``
what each says; this module turns one part into an ``Outline`` of the same form as the built-in ones: ids by the
document's numbering ("I", "I.2", "II.4.b"), titles as written, what each section should contain
(the outline's own guidance lines, else the most similar built-in section's), figures and money
flags, tables with their columns and the category of facts' rows they show. The most similar
built-in outline of the same kind lends what a document never says (the opening and closing
formulas, the words that find precedents of the kind).

Similarity of titles is a parameter (the embedding model's cosine, given by the composition root);
without it, shared syllables. Only ``read_outline`` reads a file (through the parser); nothing is
written here: ``core/outlines.save_outline`` stores the result.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import ParsedDocument, Section
from assistant.documents.mandate_text import (
    OutlinePart,
    document_title,
    guidance,
    has,
    mandate_cues,
    outline_kind,
    outline_parts,
    recase,
    section_ids,
    table_of,
)
from assistant.errors import OutlineError
from assistant.parse.readers import parse_file
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold

# Scores of every pair: similarity(a, b)[i][j] for a[i] and b[j], higher is closer (cosine for the model).
Similarity = Callable[[Sequence[str], Sequence[str]], Sequence[Sequence[float]]]

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _lexical(a: Sequence[str], b: Sequence[str]) -> list[list[float]]:
    common = set(mandate_cues()["common_title_words"])

    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", fold(text))) - common
    left, right = [words(t) for t in a], [words(t) for t in b]
    return [[len(x & y) / max(1, min(len(x), len(y))) if x and y else 0.0 for y in right] for x in left]


def _ascii(text: str) -> str:
    text = fold(text).replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", _ascii(text))).strip("-")[:60].strip("-")


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
    least = mandate_cues()["similar_section_min" if similarity else "similar_section_min_lexical"]
    out = []
    for row in scores:
        best = max(range(len(candidates)), key=lambda j: row[j])
        out.append(_Lent(candidates[best], float(row[best])) if row[best] >= least else _Lent(None, float(row[best])))
    return out


def _sentence(title: str) -> str:
    """"ĐỀ XUẤT, KIẾN NGHỊ" → "Đề xuất, kiến nghị"."""
    return title[:1] + title[1:].lower() if title.isupper() else title


def build_outline(part: ParsedDocument, builtins: dict[str, Outline], *, source: str,
                  outline_id: str | None = None, name: str | None = None,
                  similarity: Similarity | None = None, document: ParsedDocument | None = None) -> Outline:
    """The outline of ``part`` (one of ``outline_parts`` of ``document``), lending from the nearest
    built-in outline. The document (the plan the outline is attached to) names where it came from."""
    if not part.sections:
        raise OutlineError(f"{source}: không thấy mục đánh số (I., 1., a)) nào / no numbered structure found")
    cues = mandate_cues()
    kind = outline_kind(part)
    title = (document_title(part) or (name or "")).replace("{", "(").replace("}", ")")
    title = recase(title, [o.title_template for o in builtins.values()] + [o.name for o in builtins.values()])
    title = title[:1].upper() + title[1:]
    base = _base(kind, title, builtins)
    year = part.year or (int(m.group()) if (m := _YEAR.search(title)) else None)
    template = _YEAR.sub("{year}", title, count=1) if year and str(year) in title else title
    if "{year}" not in template and template:
        template = f"{template} năm {{year}}"
    flat = part.all_sections()
    ids = section_ids(part.sections)
    titles = [(s.title or s.text.split("\n")[0]).strip().rstrip(":").strip() or ids[id(s)] for s in flat]
    pool = [s for o in builtins.values() if o.builtin and fold(o.kind) == fold(kind) for s in o.all_sections()]
    # like lends to like: a section with a table from one with a table (its contents describe rows), a
    # part with parts from one with parts, a section to write from one to write
    def shape(has_table: bool, has_parts: bool) -> str:
        return "table" if has_table else "parts" if has_parts else "text"
    tabled = {id(s) for s in flat if any(t.section == s.path and t.header for t in part.tables)}
    lent: dict[int, _Lent] = {}
    for kind_of in ("table", "parts", "text"):
        group = [s for s in flat if shape(id(s) in tabled, bool(s.children)) == kind_of]
        like_pool = [p for p in pool if shape(p.table is not None, bool(p.children)) == kind_of]
        found = _similar([titles[flat.index(s)] for s in group], like_pool, similarity)
        lent.update({id(s): lend for s, lend in zip(group, found, strict=True)})
    aliases_min = cues["similar_aliases_min" if similarity else "similar_aliases_min_lexical"]
    titles_of = {id(s): t for s, t in zip(flat, titles, strict=True)}

    def convert(section: Section, above: str = "") -> OutlineSection:
        """``above``: the title of the reflective part this section belongs to ("ĐỀ XUẤT, KIẾN NGHỊ"):
        its parts ("Đối với Bộ Nội vụ") are proposals too, never a section of what was done, and lend
        only from a built-in section of the same reflection (a walk found "Đối với Bộ Nội vụ" lent the
        contents of the year's directions, and drafted with them)."""
        section_title = titles_of[id(section)]
        like = lent[id(section)].section
        families = [f for f in cues["reflective_families"] if has(above, f)] if above else []
        if above and like is not None and not any(has(like.title, f) for f in families):
            like = None
        table = table_of(section, part, section_title, like)
        own_guidance = guidance(section, section_title, fold(part.kind) in cues["container_kinds"]
                             or has(part.title, cues["outline_part_cues"]))
        money = has(section_title, cues["money_cues"]) or bool(like and like.money and not section.children)
        figures = bool(table) or money or has(section_title, cues["figure_cues"]) or bool(like and like.figures)
        reflective = bool(above) or has(section_title, cues["reflective_cues"])
        details = not reflective and fold(kind) == fold("BÁO CÁO") and not figures if like is None \
            else bool(like.details) and not above
        plain_title = section_title.lower() if section_title.isupper() else \
            section_title[:1].lower() + section_title[1:]
        about = f"{_sentence(above)}: {plain_title}" if above else f"Nội dung về {plain_title}"
        contains = own_guidance or (like.contains if like else f"{about}.".replace("..", "."))
        same = like is not None and lent[id(section)].score >= aliases_min
        aliases = tuple(dict.fromkeys([fold(section_title)[:80], *(like.aliases if like and same else ())]))
        return OutlineSection(
            id=ids[id(section)], title=section_title, contains=contains, mandatory=True, figures=figures,
            aliases=aliases, table=table,
            children=tuple(convert(c, above or (section_title if any(has(section_title, f) for f in
                                                                      cues["reflective_families"]) else ""))
                           for c in section.children),
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
