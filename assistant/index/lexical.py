"""BM25 over Vietnamese tokens, kept in step with the vector store.

Tokens are syllables and syllable bigrams of the normalised, lower-cased text,
diacritics kept ("năm" ≠ "nam"), and the same without diacritics in a space of their own, searched
only by a question typed without any. The index is a sparse term-count matrix that is
updated incrementally as documents are added or removed, persisted next to the
store, and checked against the store's ids when opened: it is never rebuilt per
query. This module knows nothing about Chroma; ``store.py`` feeds it.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from assistant.vn.normalize import fold, is_unmarked, plain

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W_]+(?:[/.,][^\W_]+)*")
FORMAT_VERSION = 3  # 3: terms without diacritics too


def syllables(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def tokenize(text: str) -> list[str]:
    """Syllables plus adjacent-syllable bigrams ("bình", "đẳng", "bình_đẳng")."""
    syl = syllables(text)
    return syl + [f"{a}_{b}" for a, b in zip(syl, syl[1:], strict=False)]


def index_terms(text: str) -> list[str]:
    """What a passage is indexed by: its tokens with their diacritics, and the same without them
    (marked "~"), for questions typed without diacritics ("kinh phi to chuc")."""
    return tokenize(text) + [f"~{t}" for t in tokenize(plain(text))]


def query_terms(query: str) -> list[str]:
    """A question's tokens with their diacritics ("năm" is not "nam"); typed without any, also in the
    unmarked space ("nam" finds "nam" first, and "năm" too)."""
    terms = tokenize(query)
    return terms + [f"~{t}" for t in terms] if is_unmarked(query) else terms


def matches(meta: Mapping[str, Any], where: Mapping[str, Any] | None) -> bool:
    """Equality filters, with a list meaning "any of"."""
    if not where:
        return True
    for key, wanted in where.items():
        value = meta.get(key)
        if isinstance(wanted, (list, tuple, set)):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


class LexicalIndex:
    def __init__(self, k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.vocab: dict[str, int] = {}
        self.ids: list[str] = []
        self.metas: list[dict[str, Any]] = []
        self.rows: list[tuple[np.ndarray, np.ndarray]] = []  # (term ids, counts) per chunk
        self._row_of: dict[str, int] = {}
        self._weights: sparse.csc_matrix | None = None
        self._idf: np.ndarray | None = None  # set with the weights

    def __len__(self) -> int:
        return len(self.ids)

    # ---- updates ---------------------------------------------------------
    def add(self, ids: Iterable[str], texts: Iterable[str], metas: Iterable[Mapping[str, Any]]) -> None:
        ids, texts, metas = list(ids), list(texts), list(metas)
        self.remove(ids)
        for chunk_id, text, meta in zip(ids, texts, metas, strict=True):
            counts = Counter(index_terms(text))
            terms = np.fromiter((self.vocab.setdefault(t, len(self.vocab)) for t in counts),
                                dtype=np.int32, count=len(counts))
            values = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
            self._row_of[chunk_id] = len(self.ids)
            self.ids.append(chunk_id)
            self.metas.append(dict(meta))
            self.rows.append((terms, values))
        self._weights = None

    def remove(self, ids: Iterable[str]) -> None:
        doomed = {self._row_of[i] for i in ids if i in self._row_of}
        if not doomed:
            return
        keep = [r for r in range(len(self.ids)) if r not in doomed]
        self.ids = [self.ids[r] for r in keep]
        self.metas = [self.metas[r] for r in keep]
        self.rows = [self.rows[r] for r in keep]
        self._row_of = {chunk_id: r for r, chunk_id in enumerate(self.ids)}
        self._weights = None

    # ---- scoring ---------------------------------------------------------
    def _matrix(self) -> sparse.csc_matrix:
        if self._weights is not None:
            return self._weights
        n_docs, n_terms = len(self.rows), max(len(self.vocab), 1)
        if n_docs == 0:
            self._weights = sparse.csc_matrix((0, n_terms), dtype=np.float32)
            return self._weights
        lengths = np.array([vals.sum() for _, vals in self.rows], dtype=np.float32)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        indptr[1:] = np.cumsum([len(t) for t, _ in self.rows])
        indices = np.concatenate([t for t, _ in self.rows])
        tf = np.concatenate([v for _, v in self.rows])
        doc_len = np.repeat(lengths, np.diff(indptr))
        avg = lengths.mean() or 1.0
        df = np.bincount(indices, minlength=n_terms).astype(np.float32)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        self._idf = idf
        weights = tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * doc_len / avg))
        weights *= idf[indices]
        matrix = sparse.csr_matrix((weights, indices, indptr), shape=(n_docs, n_terms))
        self._weights = matrix.tocsc()
        return self._weights

    def search(self, query: str, k: int, where: Mapping[str, Any] | None = None) -> list[tuple[str, float]]:
        terms = [self.vocab[t] for t in set(query_terms(query)) if t in self.vocab]
        if not terms or not self.ids:
            return []
        scores = np.asarray(self._matrix()[:, terms].sum(axis=1)).ravel()
        if where:
            mask = np.fromiter((matches(m, where) for m in self.metas), dtype=bool, count=len(self.metas))
            scores = np.where(mask, scores, 0.0)
        k = min(k, int((scores > 0).sum()))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[r], float(scores[r])) for r in top]

    def coverage(self, query: str, chunk_id: str) -> float:
        """How much of the question's wording stands in a passage: the share of its syllable pairs found
        there, each weighed by its rarity (IDF; a pair the index never saw weighs as the rarest).
        A question in the documents' own words covers its answer well; one in everyday words does not,
        whatever passage BM25 ranks first."""
        pairs = {t for t in query_terms(query) if "_" in t and (t.startswith("~") or not is_unmarked(query))}
        row = self._row_of.get(chunk_id)
        if not pairs or row is None:
            return 0.0
        self._matrix()  # computes the weights and the IDF they use, once per change of the index
        idf = self._idf if self._idf is not None else np.zeros(0)
        unseen = float(np.log1p((len(self.ids) + 0.5) / 0.5))  # a pair no passage holds: the rarest
        present = set(self.rows[row][0].tolist())
        total = found = 0.0
        for pair in pairs:
            term = self.vocab.get(pair)
            weight = float(idf[term]) if term is not None and term < len(idf) else unseen
            total += weight
            found += weight if term is not None and term in present else 0.0
        return found / total if total else 0.0

    def meta(self, chunk_id: str) -> dict[str, Any] | None:
        row = self._row_of.get(chunk_id)
        return None if row is None else self.metas[row]

    # ---- persistence -----------------------------------------------------
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        state = {"version": FORMAT_VERSION, "vocab": self.vocab, "ids": self.ids,
                 "metas": self.metas, "rows": self.rows}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexical-")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(state, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LexicalIndex:
        index = cls()
        try:
            with path.open("rb") as handle:
                state = pickle.load(handle)
        except FileNotFoundError:
            return index  # a new index: built from the store
        except Exception:  # damaged or from other library versions: rebuilt from the store
            log.warning("the BM25 cache %s cannot be read; rebuilding it from the store", path, exc_info=True)
            return index
        if not isinstance(state, dict) or state.get("version") != FORMAT_VERSION:
            return index
        index.vocab, index.ids, index.metas, index.rows = (
            state["vocab"], state["ids"], state["metas"], state["rows"])
        index._row_of = {chunk_id: r for r, chunk_id in enumerate(index.ids)}
        return index

