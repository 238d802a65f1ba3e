"""Retrieval quality on a dev set: hit@1, hit@5 and MRR for BM25, dense and hybrid.

A question is answered at rank r when the r-th result comes from the expected
source and contains the expected phrase (both normalised). Query embeddings are
computed once (``retrieve.query_vectors``) and shared by the dense and hybrid runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.data import DATA_DIR
from assistant.errors import DevsetError
from assistant.index.retrieve import Retriever, query_vectors
from assistant.vn.normalize import fold

DEFAULT_DEVSET = DATA_DIR / "devset.yaml"
SECOND_DEVSET = DATA_DIR / "devset_second.yaml"  # written independently; read untouched once, then tuned on
UNTOUCHED_DEVSET = DATA_DIR / "devset_untouched.yaml"  # from the corpus alone; read untouched once, then tuned on
UNTOUCHED_2_DEVSET = DATA_DIR / "devset_untouched_2.yaml"  # the same, later; read once (BENCHMARKS.md §17)
UNTOUCHED_3_DEVSET = DATA_DIR / "devset_untouched_3.yaml"  # the same, session 11; read once, then tuned on (§19)
UNTOUCHED_4_DEVSET = DATA_DIR / "devset_untouched_4.yaml"  # the same, session 12; read once (BENCHMARKS.md §19)


@dataclass
class Question:
    id: str
    query: str
    source: str
    phrase: str
    paraphrase: bool


def load_devset(path: Path = DEFAULT_DEVSET) -> list[Question]:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [Question(str(q["id"]), q["query"], q["source"], q["phrase"], bool(q.get("paraphrase")))
                for q in raw]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise DevsetError(f"cannot read the questions in {path}: {type(exc).__name__} {exc}") from exc


def _words(text: str) -> str:
    """Words only: a phrase that runs from a heading into its text ("Thời gian thực hiện: Từ ngày …")
    or across table cells is found in the passage that holds it."""
    return " ".join(re.findall(r"\w+(?:[/.,]\w+)*", fold(text)))


def _passage(result) -> str:
    """A result's heading and text, table cells joined by spaces as in the original line."""
    return _words(f"{result.title}\n{result.text}")


def _rank(results, question: Question) -> int | None:
    phrase = _words(question.phrase)
    for rank, result in enumerate(results, start=1):
        if result.source == question.source and phrase in _passage(result):
            return rank
    return None


def _metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / n,
        "hit@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r is not None) / n,
        "n": len(ranks),
    }


def evaluate(retriever: Retriever, questions: list[Question], modes=("bm25", "dense", "hybrid"),
             k: int = 10, fusion: str | None = None) -> dict:
    """{"mode": {"all": metrics, "paraphrase": metrics, "misses": [ids]}}."""
    vectors = query_vectors(retriever.store.embeddings, [q.query for q in questions])
    report: dict = {}
    for mode in modes:
        ranks = []
        for question, vector in zip(questions, vectors, strict=True):
            results = retriever.search(question.query, k=k, mode=mode, query_vector=vector, fusion=fusion)
            ranks.append(_rank(results, question))
        para = [r for r, q in zip(ranks, questions, strict=True) if q.paraphrase]
        close = [r for r, q in zip(ranks, questions, strict=True) if not q.paraphrase]
        report[mode] = {
            "all": _metrics(ranks),
            "wording": _metrics(close),
            "paraphrase": _metrics(para),
            "misses": [q.id for r, q in zip(ranks, questions, strict=True) if r != 1],
        }
    return report


def format_report(report: dict) -> str:
    lines = [f"{'mode':8} {'subset':11} {'hit@1':>6} {'hit@5':>6} {'MRR':>6} {'n':>4}"]
    for mode, parts in report.items():
        for subset in ("all", "wording", "paraphrase"):
            m = parts[subset]
            lines.append(f"{mode:8} {subset:11} {m['hit@1']:6.3f} {m['hit@5']:6.3f} {m['mrr']:6.3f} {m['n']:4d}")
    return "\n".join(lines)
