"""Indexing speed vs retrieval quality of the embedding options, on corpus/ and the dev set.

Each configuration builds its own index in a temporary folder, times the ingest
(chunks/s, model load excluded) and runs the dev-set evaluation. The first
configuration (fp32, full dimensions) is the baseline the others are compared to.

    .venv/bin/python benchmarks/bench_embeddings.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from assistant.config import load_settings
from assistant.index.embeddings import make_embeddings, warm_up
from assistant.index.evaluate import evaluate, load_devset
from assistant.index.indexer import ingest_paths
from assistant.index.retrieve import Retriever
from assistant.index.store import Store

ROOT = Path(__file__).resolve().parent.parent
TORCH = dict(embedding_backend="gemma", embedding_runtime="torch")
CONFIGS = {
    "gemma-fp32": dict(TORCH, embedding_quantize=False, chunk_chars=1200),
    "gemma-int8": dict(TORCH, embedding_quantize=True, chunk_chars=1200),
    "gemma-int8-dim256": dict(TORCH, embedding_quantize=True, embedding_dim=256, chunk_chars=1200),
    "gemma-fp32-chunk600": dict(TORCH, embedding_quantize=False, chunk_chars=600),
    "gemma-int8-chunk600": dict(TORCH, embedding_quantize=True, chunk_chars=600),
    "gemma-int8-seq256": dict(TORCH, embedding_quantize=True, max_seq_length=256, chunk_chars=1200),
    # The default: the int8 ONNX export (onnx_model.py) in ONNX Runtime.
    "gemma-onnx-int8-chunk600": dict(embedding_backend="gemma", embedding_runtime="onnx",
                                     embedding_quantize=True, chunk_chars=600),
    "gemma-onnx-int8-chunk600-batch1": dict(embedding_backend="gemma", embedding_runtime="onnx",
                                            chunk_chars=600, batch_size=1),
    "gemma-onnx-int8-chunk600-batch16": dict(embedding_backend="gemma", embedding_runtime="onnx",
                                             chunk_chars=600, batch_size=16),
    "e5-small-q4": dict(embedding_backend="e5", chunk_chars=1200),
}


def run(name: str, overrides: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, index_dir=Path(tmp), models_dir=ROOT / "models", **overrides)
        embeddings = make_embeddings(settings)
        warm_up(embeddings)  # load the model outside the timing
        store = Store(settings, embeddings)
        start = time.perf_counter()
        report = ingest_paths([ROOT / "corpus"], store, settings.chunk_chars)
        seconds = time.perf_counter() - start
        quality = evaluate(Retriever(store, settings), load_devset())
        return {
            "config": name, "chunks": report.chunks, "ingest_s": round(seconds, 1),
            "chunks_per_s": round(report.chunks / seconds, 2),
            **{f"{mode}_{subset}_{metric}": round(quality[mode][subset][metric], 3)
               for mode in ("bm25", "dense", "hybrid") for subset in ("all", "paraphrase")
               for metric in ("hit@1", "hit@5", "mrr")},
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", nargs="*", choices=list(CONFIGS))
    args = parser.parse_args()
    names = args.only or list(CONFIGS)
    print(f"# machine: {platform.machine()} {platform.processor() or ''}, python {platform.python_version()}")
    base = None
    for name in names:
        row = run(name, CONFIGS[name])
        base = base or row["chunks_per_s"]
        row["speed_vs_first"] = round(row["chunks_per_s"] / base, 2)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
