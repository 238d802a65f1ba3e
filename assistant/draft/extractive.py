"""The extractive writer: a section's text from precedent wording and the officer's facts, no LLM.

For one outline section: the officer's own note sentences that belong to it
come first; then the best precedent sentences, retargeted to the officer's
unit and year (``adapt.py``) and guarded (``guards.py``): a sentence that names
another unit or signer, or reads like an order to a machine, is dropped; a
figure that is not the officer's becomes "[…]". Figures sections list the
officer's table rows, or a visible placeholder when none were given; table
sections are computed from the rows, never generated. Each precedent run ends
with its citation mark [n].

Deterministic and instant; also the fallback of the LLM backends.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.facts import FIGURE_KINDS, Facts, FigureRow
from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import PLACEHOLDER, Citation, DraftWarning, SearchResult
from assistant.draft.adapt import Precedent, retarget, similar, split_sentences
from assistant.draft.guards import GuardContext, fix_stale, guard_figures, stale_mentions, unsupported_numbers
from assistant.vn.domain import load_domain
from assistant.vn.normalize import fold
from assistant.vn.numbers import find_numbers


@dataclass
class CitationBook:
    """Numbers precedent passages [1], [2] … in order of first use."""
    citations: list[Citation] = field(default_factory=list)
    _by_id: dict[str, int] = field(default_factory=dict)

    def number(self, result: SearchResult) -> int:
        if result.id not in self._by_id:
            self._by_id[result.id] = len(self.citations) + 1
            self.citations.append(Citation(self._by_id[result.id], result.source, result.section,
                                           result.title, result.text))
        return self._by_id[result.id]


def _words(text: str) -> set[str]:
    stop = load_domain().stopwords
    return {w for w in fold(text).replace(",", " ").replace(".", " ").split() if w not in stop and len(w) > 1}


def note_sections(outline: Outline, facts: Facts) -> dict[str, list[str]]:
    """Each sentence of the officer's notes, assigned to the one leaf section it fits best."""
    leaves = [s for s in outline.all_sections() if not s.children and not s.table]
    out: dict[str, list[str]] = {}
    for sentence in split_sentences(facts.notes):
        money = any(m.kind == "money" for m in find_numbers(sentence))
        candidates = [s for s in leaves if s.money == money] or leaves
        words = _words(sentence)

        def fit(section: OutlineSection, words: set[str] = words) -> tuple[int, int]:
            keys = _words(" ".join([section.title, section.contains, *section.aliases]))
            return (len(words & keys) + 2 * section.figures, -leaves.index(section))
        best = max(candidates, key=fit)
        out.setdefault(best.id, []).append(sentence if sentence.endswith((".", ";", ":")) else sentence + ".")
    return out


def _row_line(row: FigureRow) -> str:
    phrase = load_domain().phrases
    shown = lambda v: str(v) if v is not None else PLACEHOLDER  # noqa: E731
    parts = [phrase["count"].format(count=f"{row.count:02d}" if row.count is not None else PLACEHOLDER)]
    if row.male is not None or row.female is not None:
        parts.append(phrase["people"].format(total=(row.male or 0) + (row.female or 0), male=shown(row.male),
                                             female=shown(row.female)))
    level = phrase["level"].format(level=row.level) if row.level else ""
    return phrase["row"].format(activity=row.activity, parts=", ".join(parts), level=level)


def table_text(section: OutlineSection, facts: Facts) -> str:
    """A summary table from the facts' rows, totals computed; one placeholder row when none."""
    assert section.table is not None
    columns = list(section.table.columns)
    lines = [" | ".join(columns)]
    rows = [r for r in facts.figures if r.category == section.table.category]
    for number, row in enumerate(rows, start=1):
        figures = (str(v) if v is not None else "" for v in (row.count, row.male, row.female))
        cells = [str(number), row.activity, *figures, row.level]
        lines.append(" | ".join(cells))
    if rows:
        total = [sum(getattr(r, c) or 0 for r in rows) for c in ("count", "male", "female")]
        lines.append(" | ".join(["", load_domain().phrases["total"], *map(str, total), ""]))
    else:
        lines.append(" | ".join(["1", PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER, PLACEHOLDER][:len(columns)]))
    return "\n".join(lines)


def _usable(sentence: str, title: str) -> bool:
    text = sentence.strip()
    if len(text) < 15 or "|" in text or fold(text.rstrip(":.")) == fold(title):
        return False
    return not load_domain().is_injection(text)


def extract_section(section: OutlineSection, notes: list[str], facts: Facts, ctx: GuardContext,
                    passages: list[SearchResult], book: CitationBook, max_chars: int = 1100,
                    topic: str = "") -> tuple[str, list[DraftWarning]]:
    """The extractive text of one leaf section (``notes``: the officer's sentences that belong to it,
    from ``note_sections``), and its warnings."""
    warnings: list[DraftWarning] = []
    if section.table:
        return table_text(section, facts), warnings
    lines: list[str] = list(notes)
    officer_lines = len(lines)
    rows = [r for r in facts.figures if section.rows and r.category == section.rows]
    dropped = with_placeholders = 0
    used_chars = sum(len(x) for x in lines)
    topic_words = _words(topic)
    for passage in passages:
        precedent = Precedent.from_metadata(passage.metadata)
        run: list[str] = []
        for sentence in split_sentences(passage.text):
            if used_chars >= max_chars:
                break
            if not _usable(sentence, passage.title):
                if load_domain().is_injection(sentence):
                    warnings.append(DraftWarning("injection", f"bỏ câu có dạng chỉ dẫn trong {passage.source}"))
                continue
            if topic_words and not topic_words & _words(sentence):
                continue
            text = retarget(sentence, precedent, facts)
            if any(code == "stale-name" for _, _, code, _ in stale_mentions(text, ctx)):
                dropped += 1
                continue
            missing = {m.kind for m in unsupported_numbers(text, ctx)}
            if missing:
                # Another unit's figures: only where figures are expected and the officer gave none;
                # a document number or date left to fill is fine anywhere (at most two such sentences).
                figures_missing = bool(missing & set(FIGURE_KINDS))
                if with_placeholders >= 2 or (figures_missing and (not section.figures or officer_lines or rows)):
                    dropped += 1
                    continue
                with_placeholders += 1
            text, _figure_warnings = guard_figures(text, ctx)
            if any(similar(text, other) for other in lines + run):
                continue
            text, stale = fix_stale(text, ctx)
            warnings.extend(stale)
            run.append(text)
            used_chars += len(text)
        if run:
            run[-1] = f"{run[-1]} [{book.number(passage)}]"
            lines.extend(run)
    lines.extend(_row_line(r) for r in rows)
    if section.figures and not officer_lines and not rows:
        phrase = "money_missing" if section.money else "result_missing"
        lines.append(load_domain().phrases[phrase].format(placeholder=PLACEHOLDER))
        warnings.append(DraftWarning("placeholder", f"mục {section.id}: chưa có số liệu trong dữ kiện, "
                                                    f"điền vào các ô {PLACEHOLDER} (figures to fill)"))
    if dropped:
        warnings.append(DraftWarning("dropped", f"mục {section.id}: bỏ {dropped} câu mang số liệu hoặc tên của "
                                                "đơn vị khác (precedent facts not copied)"))
    if not lines:
        lines.append(f"{PLACEHOLDER} ({section.contains})")
        warnings.append(DraftWarning("placeholder", f"mục {section.id}: không tìm thấy văn bản mẫu phù hợp; "
                                                    "cần viết nội dung (no precedent found)"))
    if lines and lines[-1].rstrip().endswith(":"):
        lines[-1] = lines[-1].rstrip()[:-1] + "."
    return "\n".join(lines), warnings
