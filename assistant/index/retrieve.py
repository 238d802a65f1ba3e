"""Hybrid retrieval: dense (Chroma) + BM25 over Vietnamese tokens, fused by
weighted normalised scores (default) or by reciprocal rank, with filters on kind,
year, level and section, and optional MMR for diverse results.

Reads the store; never writes it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.config import ConfigError, Settings
from assistant.core.schema import SearchResult
from assistant.index.lexical import matches
from assistant.index.store import Store
from assistant.vn.domain import expand_query, load_domain
from assistant.vn.normalize import fold, is_unmarked, normalize_text, plain

MODES = ("hybrid", "dense", "bm25")
ROLE_WEIGHTS = {"closing": 0.8, "opening": 0.8, "heading": 0.8}  # passages that answer little (_weigh_roles)


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    year: int | None = None
    level: str | None = None
    section: str | None = None  # "II" (a whole part) or "II.3"

    def where(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.kind:
            domain = load_domain()
            kind = domain.canonical_kind(self.kind)
            if kind not in domain.kinds:
                raise ConfigError(f"unknown kind {self.kind!r}; known: {', '.join(domain.kinds)}")
            out["kind"] = kind
        if self.year is not None:
            out["year"] = int(self.year)
        if self.level:
            out["level"] = fold(self.level)
        if self.section:
            section = normalize_text(self.section).strip().strip(".")
            out["section" if "." in section else "section_top"] = section
        return out


def _chroma_where(where: Mapping[str, Any]) -> dict[str, Any] | None:
    clauses = [{k: {"$eq": v}} for k, v in where.items()]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def display_text(document: str) -> str:
    """Stored documents start with their heading trail line; show the passage only."""
    return document.split("\n", 1)[1] if "\n" in document else document


def fuse_rrf(rankings: list[list[str]], k: int = 60, weights: list[float] | None = None) -> dict[str, float]:
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank + 1)
    return scores


def fuse_weighted(dense: dict[str, float], lexical: dict[str, float], dense_weight: float) -> dict[str, float]:
    def norm(scores: dict[str, float]) -> dict[str, float]:
        if not scores:
            return {}
        low, high = min(scores.values()), max(scores.values())
        if high == low:  # one candidate, or all equal: all equally good
            return dict.fromkeys(scores, 1.0)
        return {i: (s - low) / (high - low) for i, s in scores.items()}

    d, b = norm(dense), norm(lexical)
    return {i: dense_weight * d.get(i, 0.0) + (1 - dense_weight) * b.get(i, 0.0) for i in set(d) | set(b)}


def query_vectors(embeddings: Any, queries: Sequence[str],
                  expansions: Sequence[str] | None = None) -> list[list[float]]:
    """One vector per question for the dense side: the question as typed, averaged with the question
    plus the documents' wording of the everyday words it holds (``expand_query``: "chồng đánh vợ" also
    reads "bạo lực gia đình"), when it holds any. The dense model alone does not bridge such words
    (BENCHMARKS.md section 18: paraphrases hit@5 0.825 → 0.900 on an untouched set, with the search
    thesaurus). Both forms are embedded in one batch. ``expansions``: ``expand_query`` of each question,
    when the caller has it already."""
    texts = [normalize_text(q) for q in queries]
    expanded = [normalize_text(e) for e in (expansions or [expand_query(q) for q in queries])]
    extra = [i for i, (text, more) in enumerate(zip(texts, expanded, strict=True)) if more != text]
    embed_many = getattr(embeddings, "embed_queries", None)
    batch = texts + [expanded[i] for i in extra]
    found = embed_many(batch) if embed_many else [embeddings.embed_query(t) for t in batch]
    vectors = [np.asarray(v, dtype=np.float32) for v in found]
    for position, i in enumerate(extra, start=len(texts)):
        mean = vectors[i] + vectors[position]
        vectors[i] = mean / (float(np.linalg.norm(mean)) or 1.0)
    return [v.tolist() for v in vectors[:len(texts)]]


class Retriever:
    def __init__(self, store: Store, settings: Settings):
        self.store = store
        self.settings = settings

    def _dense(self, vector: list[float], n: int, where: Mapping[str, Any]) -> dict[str, float]:
        """Chunks scored by their best paragraph unit."""
        hits = self.store.units.similarity_search_by_vector_with_relevance_scores(
            vector, k=n * 3, filter=_chroma_where(where))
        scores: dict[str, float] = {}
        for doc, distance in hits:  # Chroma returns cosine distance; similarity = 1 - distance
            chunk_id = doc.metadata.get("chunk_id")
            if chunk_id:
                scores[chunk_id] = max(scores.get(chunk_id, -1.0), 1.0 - float(distance))
        return dict(sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:n])

    def search(self, query: str, k: int = 5, filters: Filters | None = None, mode: str = "hybrid",
               query_vector: list[float] | None = None, fusion: str | None = None,
               mmr: bool | None = None) -> list[SearchResult]:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        where = (filters or Filters()).where()
        n = max(self.settings.candidates, k * 4)
        dense: dict[str, float] = {}
        lexical: dict[str, float] = {}
        expanded = expand_query(query)  # everyday words also read in the documents' wording, on both sides
        if mode in ("hybrid", "dense"):
            # the same normal form as the indexed text ("Ủy" → "Uỷ"), and the documents' wording
            vector = query_vector if query_vector is not None else \
                query_vectors(self.store.embeddings, [query], [expanded])[0]
            dense = self._dense(vector, n, where)
        if mode in ("hybrid", "bm25"):  # a question typed without diacritics searches without them
            lexical = dict(self.store.lexical.search(plain(expanded) if is_unmarked(query) else expanded, n, where))
        if mode == "dense":
            scores = dense
        elif mode == "bm25":
            scores = lexical
        elif (fusion or self.settings.fusion) == "weighted":
            scores = fuse_weighted(dense, lexical, self._dense_weight(query, lexical))
        else:
            rank = lambda s: sorted(s, key=s.__getitem__, reverse=True)  # noqa: E731
            w = self.settings.dense_weight
            scores = fuse_rrf([rank(dense), rank(lexical)], self.settings.rrf_k, [2 * w, 2 * (1 - w)])
        scores = self._weigh_roles(scores, query)
        ordered = sorted(scores, key=scores.__getitem__, reverse=True)
        use_mmr = self.settings.mmr if mmr is None else mmr
        chosen = self._mmr(ordered[:max(k * 4, 20)], scores, k) if use_mmr and len(ordered) > k else ordered[:k]
        return self._results(chosen, scores, where)

    def _dense_weight(self, query: str, lexical: dict[str, float]) -> float:
        """The dense side's share: more when the best lexical match holds little of the question's
        wording (everyday words: BM25 then ranks by common words like "phụ nữ" and misleads)."""
        if not lexical:
            return self.settings.dense_weight
        best = max(lexical, key=lexical.__getitem__)
        covered = self.store.lexical.coverage(query, best)
        return self.settings.dense_weight if covered >= self.settings.lexical_trust \
            else self.settings.paraphrase_dense_weight

    def _weigh_roles(self, scores: dict[str, float], query: str) -> dict[str, float]:
        """A closing formula (it repeats the document's whole title) and an outline item with no text of
        its own match many questions and answer none: they rank below a passage that scores as well,
        unless the question asks for the closing ("câu kết báo cáo …")."""
        asked = fold(query)
        framing = any(c in asked for c in load_domain().closing_cues)
        weights = {role: (1.0 if role in ("closing", "opening") and framing else w) for role, w in ROLE_WEIGHTS.items()}
        out = {}
        for chunk_id, score in scores.items():
            meta = self.store.lexical.meta(chunk_id) or {}
            factor = weights.get(str(meta.get("role", "body")), 1.0)
            out[chunk_id] = score * factor if score > 0 else score
        return out

    def _mmr(self, candidates: list[str], scores: dict[str, float], k: int) -> list[str]:
        got = self.store.get(candidates, with_embeddings=True)
        vectors = {i: np.asarray(v, dtype=np.float32) for i, v in zip(got["ids"], got["embeddings"], strict=True)}
        pool = [c for c in candidates if c in vectors]
        if not pool:
            return candidates[:k]
        top = max(abs(scores[c]) for c in pool) or 1.0
        chosen: list[str] = []
        lam = self.settings.mmr_lambda
        while pool and len(chosen) < k:
            def value(c: str) -> float:
                redundancy = max((float(vectors[c] @ vectors[s]) for s in chosen), default=0.0)
                return lam * scores[c] / top - (1 - lam) * redundancy
            best = max(pool, key=value)
            chosen.append(best)
            pool.remove(best)
        return chosen

    def _results(self, ids: list[str], scores: dict[str, float], where: Mapping[str, Any]) -> list[SearchResult]:
        if not ids:
            return []
        got = self.store.get(ids)
        by_id = {i: (d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)}
        results = []
        for chunk_id in ids:
            if chunk_id not in by_id:
                continue
            document, meta = by_id[chunk_id]
            if not matches(meta, where):
                continue
            results.append(SearchResult(
                id=chunk_id, source=meta.get("source", ""), section=meta.get("section", ""),
                title=meta.get("title", ""), text=display_text(document or ""),
                score=scores[chunk_id], metadata=dict(meta)))
        return results
