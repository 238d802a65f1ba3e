"""Which precedent passages a section is drafted from: the retrieval policy of the drafter.

The same section of the same kind of document first; the same section of another kind only when
that gives little (an annual plan should not borrow an Action Month plan's wording); never another
campaign's documents (the outline's excluded titles), annexes, preambles or closings. A section that
reports figures gets no passages from other sections (their figures are another unit's facts). A
topic the officer asked for is searched wherever the precedents speak of it; for a proposal or an
evaluation, only in what precedents proposed or evaluated (``data/mandate.yaml`` families).

Results are kept per section and query until the drafter is rebuilt (the factory rebuilds it when
the corpus changes). Takes the retriever as a parameter; does no drafting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.core.outlines import Outline, OutlineSection
from assistant.core.schema import SearchResult
from assistant.index.retrieve import Filters
from assistant.vn.domain import reflective_families
from assistant.vn.normalize import fold

CANDIDATES = 30  # passages asked of the retriever before the policy sorts them
PER_SECTION = 8  # passages a section is drafted from
FEW = 2  # fewer same-section passages of the same kind than this: the same section of other kinds joins
FALLBACK = 3  # no same-section passage at all: the best related ones (not for sections of figures)
_NOT_BODY = ("preamble", "closing", "opening")

SAME_SECTION_SAME_KIND, SAME_SECTION, SAME_KIND, OTHER = 0, 1, 2, 3


@dataclass
class PrecedentFinder:
    outline: Outline
    retriever: Any = None  # a Retriever, or None: no precedents (drafts from the outline and the facts)
    _cache: dict[str, list[SearchResult]] = field(default_factory=dict, repr=False)

    def find(self, section: OutlineSection, topic: str = "", k: int = PER_SECTION) -> list[SearchResult]:
        """Passages from the same section of the same kind of document first, then related sections."""
        if self.retriever is None:
            return []
        query = f"{topic}. {section.title}" if topic else f"{section.title}. {section.contains}"
        key = f"{section.id}|{query}"
        if key not in self._cache:
            found = self.retriever.search(query, k=CANDIDATES, filters=Filters(kind=self.outline.kind))
            usable = [r for r in found if not r.section.startswith("PL") and r.section not in _NOT_BODY
                      and not self._excluded(r)]
            ranked = sorted(usable, key=lambda r: (self.tier(r, section), -r.score))
            tiers = [self.tier(r, section) for r in ranked]
            same_section = [r for r, t in zip(ranked, tiers, strict=True) if t == SAME_SECTION_SAME_KIND]
            if len(same_section) < FEW:
                same_section += [r for r, t in zip(ranked, tiers, strict=True) if t == SAME_SECTION]
            if topic:  # in a proposal or an evaluation, only what precedents proposed or evaluated
                family = self.family(section.title)
                self._cache[key] = [r for r in ranked if not family
                                    or any(cue in fold(f"{r.title} {r.text}") for cue in family)][:k]
            else:
                fallback = [] if section.figures else ranked[:FALLBACK]
                self._cache[key] = same_section[:k] if same_section else fallback
        return self._cache[key]

    @staticmethod
    def family(title: str) -> tuple[str, ...]:
        """The reflection a title belongs to (evaluation, proposals), or none."""
        folded = fold(title)
        return next((f for f in reflective_families() if any(cue in folded for cue in f)), ())

    def _excluded(self, result: SearchResult) -> bool:
        """Another campaign's document (an Action Month plan, for an annual plan): never lends wording."""
        title = fold(str(result.metadata.get("doc_title", "")))
        return any(word in title for word in self.outline.exclude_keywords)

    def tier(self, result: SearchResult, section: OutlineSection) -> int:
        meta = result.metadata
        same_kind = self.outline.matches(str(meta.get("doc_kind", "")), str(meta.get("doc_title", "")))
        title = fold(result.title)
        same_section = bool(title) and (fold(section.title) in title or title in fold(section.title)
                                        or any(alias in title for alias in section.aliases))
        excluded = any(word in fold(str(meta.get("doc_title", ""))) for word in self.outline.exclude_keywords)
        if excluded:  # another campaign's document (an Action Month plan for an annual plan)
            return OTHER
        if same_section:
            return SAME_SECTION_SAME_KIND if same_kind else SAME_SECTION
        return SAME_KIND if same_kind else OTHER
