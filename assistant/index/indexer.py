"""Bring files into the store incrementally: parse, chunk, embed, replace.

An unchanged file (same content hash, same parser and chunk size) is skipped; a
changed one replaces its chunks; a document left incomplete by an interrupted
run is redone. A file that fails is named with its one-line reason and the rest
go on. Progress is reported through a callback so the CLI and UI can draw it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.core.schema import Chunk
from assistant.index.chunking import chunk_document
from assistant.index.store import Store
from assistant.parse.readers import MAX_BYTES, IngestError, check_file, discover, parse_file

log = logging.getLogger(__name__)

# 12: a year under its word ("Năm" / "2023") one header cell;
# 11: a passage for each part's header (issuer, number, place and date) and its closing with recipients
# and signature; 10: Word closing tables unfolded (what follows is attached), "Phụ lục" labels, layout headers over
# several lines, Word grids with merged group cells, headers one cell per line, "TT" tables;
# 9: a heading's bracketed guidance is no part of its title, tables with sub-columns in two header rows;
# 8: "1/" and "a/" headings, a plan's own outline attached without a closing; 7: "A." parts, "1.2." paths,
# tables by "|" or laid out with spaces; 6: công văn openings, "Phần thứ …" titles, chunk roles
PARSER_VERSION = "12"


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    chunks: int = 0

    def to_dict(self) -> dict:
        return {
            "added": len(self.added), "updated": len(self.updated),
            "unchanged": len(self.unchanged), "failed": len(self.failed),
            "chunks": self.chunks,
            "failures": [{"file": f, "reason": r} for f, r in self.failed],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
        }


def content_hash(data: bytes, chunk_chars: int) -> str:
    digest = hashlib.sha256(data)
    digest.update(f"|parser={PARSER_VERSION}|chunk={chunk_chars}".encode())
    return digest.hexdigest()[:32]


def ingest_paths(paths: list[Path], store: Store, chunk_chars: int,
                 on_start: Callable[[int], None] | None = None,
                 on_progress: Callable[[int], None] | None = None,
                 max_bytes: int | None = None) -> IngestReport:
    with store.write_lock():
        return _ingest(paths, store, chunk_chars, on_start, on_progress, max_bytes)


def _ingest(paths: list[Path], store: Store, chunk_chars: int,
            on_start: Callable[[int], None] | None, on_progress: Callable[[int], None] | None,
            max_bytes: int | None) -> IngestReport:
    report = IngestReport()
    files, skipped = discover(paths)
    report.skipped = [(str(p), reason) for p, reason in skipped]
    known = store.documents()
    planned: list[tuple[str, list[Chunk], bool]] = []
    seen: set[str] = set()
    for path in files:
        name = path.name
        if name in seen:
            report.failed.append((str(path), f"another file named {name} is in this batch; rename one"))
            continue
        seen.add(name)
        try:
            limit = max_bytes or MAX_BYTES
            check_file(path, limit)  # before reading: a 50 MB file is never read whole
            data = path.read_bytes()
            doc_hash = content_hash(data, chunk_chars)
            existing = known.get(name)
            if existing and existing.doc_hash == doc_hash and existing.complete:
                report.unchanged.append(name)
                continue
            doc = parse_file(path, limit)
            chunks = chunk_document(doc, chunk_chars, doc_hash)
            if not chunks:
                raise IngestError("no text to index")
        except IngestError as exc:
            report.failed.append((str(path), str(exc)))
            continue
        except OSError as exc:
            report.failed.append((str(path), f"cannot read file: {exc.strerror or exc}"))
            continue
        except Exception as exc:  # a parser bug must not stop the other files
            log.exception("parsing %s failed", path)
            report.failed.append((str(path), f"could not be parsed ({type(exc).__name__}: {exc})"[:300]))
            continue
        planned.append((name, chunks, existing is not None))
    if on_start:
        on_start(sum(len(c.units) or 1 for _, chunks, _ in planned for c in chunks))
    try:
        for name, chunks, existed in planned:
            try:
                store.replace_document(name, chunks, progress=on_progress)
            except Exception as exc:  # the store or the model failed on this document; keep going
                log.exception("indexing %s failed", name)
                report.failed.append((name, f"not indexed ({type(exc).__name__}: {exc})"[:300]))
                continue
            (report.updated if existed else report.added).append(name)
            report.chunks += len(chunks)
    finally:
        if planned:
            store.flush()
    return report
