"""Scale: a synthetic corpus of N chunks (seed paragraphs recombined), warm hybrid query
latency p50/p95 (query embedding included), index size, peak RAM, and the ingest
throughput of the default model.

Embedding 100k chunks with EmbeddingGemma on 2 cores would take hours, so the
synthetic chunks' vectors are the normalised mean of their paragraphs' real
vectors (each seed paragraph is embedded once, for real). That gives the store
and the BM25 side realistic sizes and contents; ingest throughput is measured
separately on real synthetic chunks with the real model.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 10000 100000] [--queries 50]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.config import load_settings
from assistant.core.schema import Chunk
from assistant.index.chunking import chunk_document, dense_units
from assistant.index.embeddings import make_embeddings
from assistant.index.evaluate import load_devset
from assistant.index.retrieve import Retriever
from assistant.index.store import Store
from assistant.parse.readers import parse_file

ROOT = Path(__file__).resolve().parent.parent
BATCH = 1000


def add_precomputed(store: Store, chunks: list[Chunk], vectors: list[list[float]]) -> None:
    """Bulk insert of chunks already embedded, straight into the store's collections (no
    per-document swap): benchmark scaffolding, not a way the program writes."""
    store._begin_write()
    for start in range(0, len(chunks), BATCH):
        part = chunks[start:start + BATCH]
        ids, texts, metas = [c.id for c in part], [c.embed_text for c in part], [c.metadata for c in part]
        part_vectors = vectors[start:start + BATCH]
        store._upsert(store.collection, ids, part_vectors, texts, metas)
        store._upsert(store.units_collection, [f"{i}~0" for i in ids], part_vectors, texts,
                      [{**m, "chunk_id": i} for i, m in zip(ids, metas, strict=True)])
        store.lexical.add(ids, texts, metas)
    store.flush()


def seed_paragraphs() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((ROOT / "corpus").glob("*")):
        for chunk in chunk_document(parse_file(path)):
            for paragraph in chunk.text.split("\n"):
                if len(paragraph) > 40:
                    out.append((paragraph, chunk.metadata))
    return out


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    settings = load_settings(env={}, models_dir=ROOT / "models")
    embeddings = make_embeddings(settings)
    paragraphs = seed_paragraphs()
    vectors = np.asarray(embeddings.embed_documents([p for p, _ in paragraphs]), dtype=np.float32)
    rng = random.Random(7)

    questions = [q.query for q in load_devset()][: args.queries]
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(settings.with_overrides(index_dir=Path(tmp)), embeddings)
            start = time.perf_counter()
            for first in range(0, size, 5000):
                chunks, chunk_vectors = [], []
                for i in range(first, min(size, first + 5000)):
                    picks = [rng.randrange(len(paragraphs)) for _ in range(rng.choice((2, 3)))]
                    text = "\n".join(paragraphs[p][0] for p in picks)
                    meta = {**paragraphs[picks[0]][1], "source": f"synthetic-{i // 40:05d}.txt",
                            "chunk_index": i % 40, "n_chunks": 40}
                    vector = vectors[picks].mean(axis=0)
                    chunks.append(Chunk(id=f"s{i:07d}", text=text, embed_text=f"tổng hợp\n{text}", metadata=meta))
                    chunk_vectors.append((vector / np.linalg.norm(vector)).tolist())
                add_precomputed(store, chunks, chunk_vectors)
            build = time.perf_counter() - start
            retriever = Retriever(store, settings)
            for query in questions[:5]:  # warm up
                retriever.search(query, k=5)
            latencies = []
            for query in questions:
                start = time.perf_counter()
                retriever.search(query, k=5)
                latencies.append((time.perf_counter() - start) * 1000)
            latencies.sort()
            print(json.dumps({
                "chunks": size, "store_write_s": round(build, 1),
                "query_p50_ms": round(latencies[len(latencies) // 2], 1),
                "query_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
                "index_mb": round(folder_size(Path(tmp)) / 1e6, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            }), flush=True)

    # Ingest throughput of the real model on recombined chunks of about 600 characters (the default
    # size), embedded as the indexer does: one vector per paragraph unit, the heading trail in the
    # title slot. Against torch int8 (the fallback runtime) in the same run; each timed on a second
    # pass, after one pass that warms the runtime's memory for these shapes. Last, so that the
    # second model does not count in the peak memory of the index rows.
    sample = ["\n".join(paragraphs[rng.randrange(len(paragraphs))][0] for _ in range(3)) for _ in range(48)]
    units = [f"BÁO CÁO Kết quả thực hiện > I. TỔ CHỨC THỰC HIỆN\n{u}" for c in sample for u in dense_units(c)]
    rates = {}
    for name, model in (("torch_int8", make_embeddings(settings.with_overrides(embedding_runtime="torch"))),
                        ("default", embeddings)):
        model.embed_documents(units)
        start = time.perf_counter()
        model.embed_documents(units)
        rates[name] = len(sample) / (time.perf_counter() - start)
    print(json.dumps({"ingest_chunks_per_s_default_model": round(rates["default"], 2),
                      "ingest_chunks_per_s_torch_int8": round(rates["torch_int8"], 2),
                      "ratio": round(rates["default"] / rates["torch_int8"], 2), "units": len(units),
                      "mean_chunk_chars": round(statistics.mean(map(len, sample)))}), flush=True)


if __name__ == "__main__":
    main()
