"""The vector store: a Chroma collection (persistent folder or a `chroma run` server)
through langchain-chroma, plus the BM25 side kept consistent with it.

One collection per embedding model ("precedents--embeddinggemma-300m-full"), so
switching models never mixes vectors. Documents are replaced whole: all chunks
are embedded before the store changes, then written in one upsert, then the
leftovers of the previous version are deleted. A document whose chunks do not
agree (count or hash) is reported as incomplete and repaired by the next ingest.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.core.schema import Chunk
from assistant.errors import StoreError, one_line
from assistant.index.embeddings import embedding_id, embedding_recipe
from assistant.index.filelock import exclusive
from assistant.index.lexical import LexicalIndex

log = logging.getLogger(__name__)

BATCH = 1000


@dataclass
class DocumentInfo:
    source: str
    doc_hash: str
    chunks: int
    expected: int
    kind: str
    year: int
    level: str
    place: str
    title: str

    @property
    def complete(self) -> bool:
        return self.chunks == self.expected and self.doc_hash != "?"


def _mean(vectors: list[list[float]]) -> list[float]:
    """The normalised mean of a chunk's unit vectors (used for MMR and as the chunk's vector)."""
    import numpy as np

    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).tolist()


def _client(settings: Settings) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            client = chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                         ssl=url.scheme == "https", settings=chroma_settings)
            client.heartbeat()
            return client
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many kinds (connection, sqlite, version): all mean "cannot open"
        where = settings.chroma_url or settings.index_dir
        log.error("cannot open the Chroma store at %s", where, exc_info=True)
        raise StoreError(f"cannot open the Chroma store at {where}: {one_line(exc, 200)}") from exc


class Store:
    def __init__(self, settings: Settings, embeddings: Embeddings, client: Any = None):
        from langchain_chroma import Chroma

        self.settings = settings
        self.embeddings = embeddings
        self.client = client if client is not None else _client(settings)
        model = re.sub(r"[^a-zA-Z0-9_-]+", "-", embedding_id(embeddings))
        self.collection_name = f"{settings.collection}--{model}"[:60].strip("-_")
        self.vectorstore = Chroma(
            client=self.client, collection_name=self.collection_name,
            embedding_function=embeddings, collection_metadata={"hnsw:space": "cosine"},
        )
        # Typed as Any: chromadb's strict Literal/TypedDict stubs reject plain lists we build at run time.
        self.collection: Any = self.vectorstore._collection
        # Paragraph vectors ("units") that the dense side searches; a chunk's own vector is their mean.
        self.units = Chroma(
            client=self.client, collection_name=f"{self.collection_name}--units",
            embedding_function=embeddings, collection_metadata={"hnsw:space": "cosine"},
        )
        self.units_collection: Any = self.units._collection
        cache_root = settings.index_dir
        if settings.chroma_url:  # one BM25 cache per server
            cache_root = settings.index_dir / ("remote-" + re.sub(r"[^a-zA-Z0-9]+", "-", settings.chroma_url))
        self.lexical_path = Path(cache_root) / f"lexical--{self.collection_name}.pkl"
        self._writing = False
        self.lexical = LexicalIndex.load(self.lexical_path)
        self._sync_lexical()

    # ---- reading ---------------------------------------------------------
    def _all(self, include: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {"ids": []}
        for key in include:
            out[key] = []
        offset, total = 0, self.collection.count()
        while offset < total:
            page = self.collection.get(include=include, limit=5000, offset=offset)
            if not page["ids"]:
                break
            out["ids"].extend(page["ids"])
            for key in include:
                out[key].extend(page[key])
            offset += len(page["ids"])
        return out

    def _sync_lexical(self) -> None:
        """Make the BM25 side hold exactly the store's chunks (cheap when already in step)."""
        store_ids = set(self._all([])["ids"])
        known = set(self.lexical.ids)
        if store_ids == known:
            return
        self.lexical.remove(known - store_ids)
        missing = sorted(store_ids - known)
        for start in range(0, len(missing), BATCH):
            page = self.collection.get(ids=missing[start:start + BATCH], include=["documents", "metadatas"])
            self.lexical.add(page["ids"], page["documents"], page["metadatas"])
        self.lexical.save(self.lexical_path)

    def documents(self) -> dict[str, DocumentInfo]:
        docs: dict[str, DocumentInfo] = {}
        for meta in self._all(["metadatas"])["metadatas"]:
            source = meta.get("source", "?")
            info = docs.get(source)
            if info is None:
                docs[source] = DocumentInfo(
                    source, meta.get("doc_hash", ""), 1, int(meta.get("n_chunks", 0)),
                    meta.get("doc_kind", ""), int(meta.get("year", -1)), meta.get("level", ""),
                    meta.get("place", ""), meta.get("doc_title", ""))
            else:
                info.chunks += 1
                if info.doc_hash != meta.get("doc_hash", ""):
                    info.doc_hash = "?"  # chunks of two versions: incomplete
        return docs

    def known_names(self) -> list[str]:
        """Places and signers of the indexed documents: names a draft for another unit must not copy."""
        names: set[str] = set()
        for meta in self._all(["metadatas"])["metadatas"]:
            names.update(str(meta.get(key) or "").strip() for key in ("place", "signer"))
        return sorted(n for n in names if n)

    def metadatas_where(self, where: dict[str, Any]) -> list[dict[str, Any]]:
        """The metadata of the chunks that match a Chroma ``where`` filter (e.g. one slogan group)."""
        return list(self.collection.get(where=where, include=["metadatas"])["metadatas"])

    def stats(self) -> dict[str, int]:
        docs = self.documents()
        return {"documents": len(docs), "chunks": sum(d.chunks for d in docs.values()),
                "incomplete": sum(1 for d in docs.values() if not d.complete)}

    def get(self, ids: list[str], with_embeddings: bool = False) -> dict[str, Any]:
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        return self.collection.get(ids=ids, include=include)

    # ---- writing ---------------------------------------------------------
    def replace_document(self, source: str, chunks: list[Chunk],
                         progress: Callable[[int], None] | None = None) -> None:
        """Embed every paragraph unit not already stored for this file, then swap the document's
        units and chunks. A new version of a file re-embeds only the passages that changed."""
        units = [(c, u) for c in chunks for u in (c.units or [c.embed_text])]
        self._begin_write()
        recipe = embedding_recipe(self.embeddings)
        known = self._stored_vectors(source, recipe)
        unit_vectors: list[list[float]] = [known.get(text, []) for _, text in units]
        if progress and known:
            progress(sum(1 for vector in unit_vectors if vector))
        # Batches of similar length: a batch is padded to its longest text, and the units of a
        # document range from a short line to a packed table (measured 1.3x faster, BENCHMARKS.md).
        by_length = sorted((i for i, vector in enumerate(unit_vectors) if not vector),
                           key=lambda i: len(units[i][1]))
        step = max(1, getattr(self.embeddings, "batch_size", 16))
        for start in range(0, len(by_length), step):
            batch = by_length[start:start + step]
            for i, vector in zip(batch, self.embeddings.embed_documents([units[i][1] for i in batch]),
                                 strict=True):
                unit_vectors[i] = vector
            if progress:
                progress(len(batch))
        by_chunk: dict[str, list[list[float]]] = {}
        for (chunk, _), vector in zip(units, unit_vectors, strict=True):
            by_chunk.setdefault(chunk.id, []).append(vector)
        unit_ids = [f"{c.id}~{n}" for c in chunks for n in range(len(by_chunk[c.id]))]
        unit_metas = [{**c.metadata, "chunk_id": c.id, "embedded_by": recipe} for c in chunks for _ in by_chunk[c.id]]
        self._upsert(self.units_collection, unit_ids, unit_vectors, [u for _, u in units], unit_metas)
        ids = [c.id for c in chunks]
        texts = [c.embed_text for c in chunks]
        metas = [c.metadata for c in chunks]
        self._upsert(self.collection, ids, [_mean(by_chunk[i]) for i in ids], texts, metas)
        for collection, keep in ((self.units_collection, set(unit_ids)), (self.collection, set(ids))):
            stale = [i for i in self._ids_of(source, collection) if i not in keep]
            if stale:
                collection.delete(ids=stale)
            if collection is self.collection:
                self.lexical.remove(stale)
        self.lexical.add(ids, texts, metas)

    def _upsert(self, collection: Any, ids: list[str], vectors: list[list[float]], texts: list[str],
                metas: list[dict[str, Any]]) -> None:
        step = self._max_batch()
        for start in range(0, len(ids), step):
            end = start + step
            collection.upsert(ids=ids[start:end], embeddings=vectors[start:end],
                              documents=texts[start:end], metadatas=metas[start:end])

    def _max_batch(self) -> int:
        try:
            return max(1, min(BATCH, int(self.client.get_max_batch_size())))
        except Exception:  # older servers do not say
            log.debug("the Chroma client gives no max batch size; using %d", BATCH, exc_info=True)
            return BATCH

    def _stored_vectors(self, source: str, recipe: str) -> dict[str, list[float]]:
        """The vectors of this file's passages already in the store, by their embedded text, that
        were made the way this model makes them now (same model, runtime, cap and text format)."""
        stored = self.units_collection.get(where={"$and": [{"source": source}, {"embedded_by": recipe}]},
                                           include=["documents", "embeddings"])
        vectors = stored.get("embeddings")
        if vectors is None or not len(vectors):
            return {}
        return {text: [float(x) for x in vector] for text, vector in zip(stored["documents"], vectors, strict=True)}

    def _ids_of(self, source: str, collection: Any = None) -> list[str]:
        collection = self.collection if collection is None else collection
        return collection.get(where={"source": source}, include=[])["ids"]

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writer at a time on this machine (ingest, remove); readers are not blocked."""
        self.lexical_path.parent.mkdir(parents=True, exist_ok=True)
        with exclusive(self.lexical_path.parent / ".write.lock"):
            self._sync_lexical()  # another writer may have changed the store meanwhile
            yield

    def _begin_write(self) -> None:
        """Drop the saved BM25 cache before the store changes: if the process dies before
        ``flush``, the next open rebuilds it from the store instead of trusting stale text."""
        if not self._writing:
            self.lexical_path.unlink(missing_ok=True)
            self._writing = True

    def flush(self) -> None:
        """Save the BM25 side once a batch of writes is done."""
        self.lexical.save(self.lexical_path)
        self._writing = False

    def remove(self, sources: Iterable[str]) -> int:
        self._begin_write()
        removed = 0
        for source in sources:
            unit_ids = self._ids_of(source, self.units_collection)
            if unit_ids:
                self.units_collection.delete(ids=unit_ids)
            ids = self._ids_of(source)
            if ids:
                self.collection.delete(ids=ids)
                self.lexical.remove(ids)
                removed += 1
        self.flush()
        return removed
