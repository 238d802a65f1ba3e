"""A new version of a precedent file: re-ingest time after a one-phrase edit, against the file's
first ingest in the same run (the default model, loaded once, outside the timings).

    .venv/bin/python benchmarks/bench_update.py
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from assistant.config import load_settings
from assistant.index.embeddings import make_embeddings, warm_up
from assistant.index.indexer import ingest_paths
from assistant.index.store import Store

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = load_settings(env={}, index_dir=folder / "index", models_dir=ROOT / "models")
        embeddings = make_embeddings(settings)
        warm_up(embeddings)
        embeddings.embed_documents([p.read_text(encoding="utf-8")[:2000] for p in (ROOT / "corpus").glob("*.txt")])
        store = Store(settings, embeddings)
        for source in sorted((ROOT / "corpus").glob("*.txt")):
            copy = folder / source.name
            shutil.copy(source, copy)
            start = time.perf_counter()
            first = ingest_paths([copy], store, settings.chunk_chars)
            first_s = time.perf_counter() - start
            text = copy.read_text(encoding="utf-8")
            edited = text.replace("tập huấn", "tập huấn, bồi dưỡng", 1)
            copy.write_text(edited if edited != text else text + "\nGhi chú bổ sung.", encoding="utf-8")
            start = time.perf_counter()
            again = ingest_paths([copy], store, settings.chunk_chars)
            again_s = time.perf_counter() - start
            print(json.dumps({"file": source.name, "chunks": first.chunks, "first_ingest_s": round(first_s, 2),
                              "after_edit_s": round(again_s, 2), "ratio": round(first_s / again_s, 1),
                              "updated": again.updated == [source.name]}), flush=True)


if __name__ == "__main__":
    main()
