"""The cost of reading a question in the documents' wording on the dense side: ``Retriever.search``
timed over the untouched question sets, the question embedded once as typed (session 10) against
``retrieve.query_vectors`` (the question and its thesaurus wording, one batch, averaged), alternating
in rounds within one run so that both see the same machine load.

    .venv/bin/python benchmarks/bench_query_vectors.py [--rounds 2]

Reads the index of the settings (``index/``, or ASSISTANT_INDEX_DIR); build it first with
``assistant ingest corpus``. Prints p50 and p95 per round and their ratios.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import click

from assistant.cli.common import parts
from assistant.config import load_settings
from assistant.index import evaluate as ev
from assistant.vn.domain import expand_query
from assistant.vn.normalize import normalize_text


@click.command()
@click.option("--rounds", default=2, show_default=True, type=click.IntRange(min=1))
def main(rounds: int) -> None:
    retriever = parts(load_settings()).retriever
    questions = [q.query for path in (ev.UNTOUCHED_2_DEVSET, ev.UNTOUCHED_3_DEVSET) for q in ev.load_devset(path)]
    retriever.search(questions[0])  # warm

    def as_typed(query: str) -> object:
        vector = retriever.store.embeddings.embed_query(normalize_text(query))
        return retriever.search(query, query_vector=vector)

    def percentiles(search: Callable[[str], object]) -> tuple[float, float]:
        times = []
        for query in questions:
            start = time.perf_counter()
            search(query)
            times.append(time.perf_counter() - start)
        times.sort()
        return 1000 * statistics.median(times), 1000 * times[int(0.95 * len(times))]

    click.echo(f"{len(questions)} questions, {sum(expand_query(q) != q for q in questions)} with everyday words")
    for round_number in range(1, rounds + 1):
        typed, both = percentiles(as_typed), percentiles(retriever.search)
        click.echo(f"round {round_number}: as typed p50 {typed[0]:.1f} ms p95 {typed[1]:.1f} ms; "
                   f"with the documents' wording p50 {both[0]:.1f} ms p95 {both[1]:.1f} ms; "
                   f"ratio p50 {both[0] / typed[0]:.2f}× p95 {both[1] / typed[1]:.2f}×")


if __name__ == "__main__":
    main()
