"""How well each section of an outline fits a message, by meaning and by words.

The score of a section is the cosine between the message and the section's description (title,
aliases, what it contains), embedded once per outline with the embedding model the program has
loaded, plus a share of the message's words and word pairs found in that description (weighted by
how rare they are among the outline's sections, and counting the administrative words for the
officer's everyday ones: "tiền nong" → "kinh phí", ``data/thesaurus.yaml``). A table section fits
only a request for a table ("bảng …") fully. Without a model, the words alone decide.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from assistant.app.chatwords import MessageText, load_vocabulary, plain, units
from assistant.app.outline_moves import related
from assistant.core.outlines import Outline, OutlineSection
from assistant.vn.normalize import fold


class SectionScorer:
    def __init__(self, embeddings: Any = None, lexical_weight: float = 0.5):
        self.embeddings = embeddings
        self.lexical_weight = lexical_weight
        self.vocabulary = load_vocabulary()
        self._vectors: dict[str, list[list[float]]] = {}
        self._bags: dict[tuple[str, bool], tuple[list[Counter[str]], dict[str, float]]] = {}

    def scores(self, message: str, outline: Outline) -> list[tuple[float, OutlineSection]]:
        """Every section with how well it fits the message, best first: the cosine of the message and
        the section's description (title, aliases, contents) plus the share of the message's words
        (and their administrative synonyms, ``thesaurus.yaml``) found in that description."""
        sections = outline.all_sections()
        text = MessageText.of(message)
        lexical = self.lexical(text, outline)
        dense = [0.0] * len(sections)
        if self.embeddings is not None and message.strip():
            vectors = self._vectors.get(outline.id)
            if vectors is None:
                vectors = self.embeddings.embed_documents([_description(s) for s in sections])
                self._vectors[outline.id] = vectors
            query = self.embeddings.embed_query(self.expand(message))
            dense = [_cosine(query, v) for v in vectors]
        table = self.vocabulary.table.search(text) is not None  # "bảng …" asks for a table, else the text is meant
        scored = [((d + self.lexical_weight * x) * (1.0 if (s.table is not None) == table else 0.8), s)
                  for d, x, s in zip(dense, lexical, sections, strict=True)]
        return sorted(scored, key=lambda pair: -pair[0])

    def expand(self, message: str) -> str:
        """The message plus the administrative words for its everyday ones ("tiền nong" → "kinh phí")."""
        text = MessageText.of(message)
        extra = [words for phrases, words in self.vocabulary.thesaurus if phrases.search(text)]
        return " ".join([message, *extra])

    def lexical(self, text: MessageText, outline: Outline) -> list[float]:
        """Per section, the IDF-weighted share of the message's words and word pairs in its description."""
        bags, idf = self._bags_of(outline, text.marked)
        expanded = self.expand(text.key)
        found = units(expanded.lower() if text.marked else plain(expanded), self.vocabulary.fillers)
        total = sum(idf.get(u, 0.0) for u in found)
        if not total:
            return [0.0] * len(bags)
        return [sum(idf.get(u, 0.0) for u in found if u in bag) / total for bag in bags]

    def _bags_of(self, outline: Outline, marked: bool) -> tuple[list[Counter[str]], dict[str, float]]:
        key = (outline.id, marked)
        if key not in self._bags:
            form = fold if marked else plain
            bags = [Counter(units(form(_description(s)), self.vocabulary.fillers)) for s in outline.all_sections()]
            documents = Counter(u for bag in bags for u in bag)
            idf = {u: math.log(1 + len(bags) / n) for u, n in documents.items()}
            self._bags[key] = (bags, idf)
        return self._bags[key]


def _description(section: OutlineSection) -> str:
    return ". ".join([section.title, *section.aliases, section.contains or ""])


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norm = (sum(x * x for x in a) ** 0.5) * (sum(y * y for y in b) ** 0.5)
    return dot / norm if norm else 0.0


def clear_best(scored: list[tuple[float, OutlineSection]], meant: OutlineSection, least: float, ratio: float) -> bool:
    """Does the best section score ``least`` or more, with no section of another branch within ``ratio`` of it?"""
    rival = next((score for score, s in scored if not related(s, meant)), 0.0)
    return scored[0][0] >= least and rival < ratio * scored[0][0]
