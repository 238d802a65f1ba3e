"""The officer's precedent library as the chat UI manages it: upload, list, remove.

An upload is checked before anything is written (type by extension, size), stored in the
corpus folder under a safe name (the base name only, no path parts, no control or
reserved characters; Vietnamese letters and spaces are kept), then indexed like
``assistant ingest`` does. A removed document leaves the index and its file moves to
``data/removed/``: nothing the officer gave is deleted. Parsing lives in
``parse/readers.py``, indexing in ``index/indexer.py``; this module only handles files and names.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from assistant.errors import UploadError
from assistant.index.indexer import IngestReport, ingest_paths

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_RESERVED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')


@dataclass
class UploadResult:
    report: IngestReport
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)

    @property
    def messages(self) -> list[str]:
        lines = [f"✔ {name}" for name in self.report.added + self.report.updated]
        lines += [f"= {name} (đã có, không đổi / unchanged)" for name in self.report.unchanged]
        lines += [f"✘ {Path(name).name}: {reason}" for name, reason in self.rejected + self.report.failed]
        return lines


def safe_name(name: str) -> str:
    """The file name to store an upload under: no folders, no reserved characters, no leading dot."""
    base = PureWindowsPath(PurePosixPath(str(name)).name).name  # "..\\..\\x.txt" and "../x.txt" → "x.txt"
    base = unicodedata.normalize("NFC", base)
    base = _RESERVED.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip(" .")
    stem, suffix = Path(base).stem.strip(" ."), Path(base).suffix.lower()
    if not stem or stem in (".", ".."):
        raise UploadError(f"tên tệp không hợp lệ / invalid file name: {name!r}")
    return f"{stem[:120]}{suffix}"


def check_upload(path: Path, name: str, max_bytes: int) -> str:
    """The safe name of an acceptable upload, or ``UploadError`` saying why it is refused."""
    stored = safe_name(name)
    if Path(stored).suffix not in ALLOWED_SUFFIXES:
        raise UploadError(f"chỉ nhận {', '.join(ALLOWED_SUFFIXES)} / unsupported file type")
    size = Path(path).stat().st_size
    if size > max_bytes:
        raise UploadError(f"tệp quá lớn ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB) / file too large")
    if size == 0:
        raise UploadError("tệp rỗng / empty file")
    return stored


def _digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _place(source: Path, stored: str, corpus_dir: Path) -> tuple[Path, bool]:
    """Copy into the corpus folder (and say whether the copy is new); the same name with other
    content gets " (2)", " (3)" …"""
    target = corpus_dir / stored
    number = 2
    while target.exists() and _digest(target) != _digest(source):
        target = corpus_dir / f"{Path(stored).stem} ({number}){Path(stored).suffix}"
        number += 1
    if target.exists():
        return target, False
    corpus_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target, True


def add_uploads(uploads: list[tuple[Path, str]], store: Any, corpus_dir: Path, chunk_chars: int, max_bytes: int,
                on_start: Callable[[int], None] | None = None,
                on_progress: Callable[[int], None] | None = None) -> UploadResult:
    """Store the acceptable uploads (path on disk, name the browser gave) and index them."""
    accepted, copies, rejected = [], [], []
    for path, name in uploads:
        try:
            target, new = _place(Path(path), check_upload(Path(path), name, max_bytes), Path(corpus_dir))
        except UploadError as exc:
            rejected.append((name, str(exc)))
            continue
        except OSError as exc:
            rejected.append((name, f"không lưu được / cannot store: {exc.strerror or exc}"))
            continue
        if target not in accepted:  # the same file twice in one batch is one upload
            accepted.append(target)
        if new:
            copies.append(target)
    report = ingest_paths(accepted, store, chunk_chars, on_start, on_progress, max_bytes) if accepted \
        else IngestReport()
    indexed = set(report.added + report.updated + report.unchanged)
    for copy in copies:  # a file that could not be read is not kept in the corpus (the officer still has it)
        if copy.name not in indexed:
            copy.unlink(missing_ok=True)
    return UploadResult(report, rejected)


def documents(store: Any) -> list[dict[str, Any]]:
    """The indexed documents, newest year first: source, kind, year, unit, title, passages."""
    rows = [{"source": d.source, "kind": d.kind, "year": d.year if d.year > 0 else "", "unit":
             " ".join(p for p in (d.level, d.place) if p), "title": d.title, "chunks": d.chunks}
            for d in store.documents().values()]
    return sorted(rows, key=lambda r: (-(r["year"] or 0), r["source"]))


def remove_document(store: Any, source: str, corpus_dir: Path, removed_dir: Path) -> int:
    """Take ``source`` out of the index; its file in the corpus folder moves to ``removed_dir``."""
    name = Path(source).name  # a name in the index, never a path
    if name not in store.documents():
        raise UploadError(f"không có trong kho / not in the index: {name}")
    with store.write_lock():
        count = int(store.remove([name]))
    original = Path(corpus_dir) / name
    if original.is_file():
        removed_dir.mkdir(parents=True, exist_ok=True)
        target, number = removed_dir / name, 2
        while target.exists():  # an earlier removal of the same name is kept too
            target, number = removed_dir / f"{Path(name).stem} ({number}){Path(name).suffix}", number + 1
        shutil.move(str(original), target)
    return count


class Library:
    """The precedent library of one running program: every index read or write under one lock, and
    the drafters told when the corpus changed (their precedents and other units' names are read again)."""

    def __init__(self, parts: Any, index_lock: Any):
        self.parts, self.index_lock = parts, index_lock

    def documents(self) -> list[dict[str, Any]]:
        with self.index_lock:
            return documents(self.parts.store)

    def upload(self, uploads: list[tuple[Path, str]], on_start: Callable[[int], None] | None = None,
               on_progress: Callable[[int], None] | None = None) -> UploadResult:
        """Store and index uploads (path on disk, name the browser gave); drafts then read them."""
        settings = self.parts.settings
        with self.index_lock:  # a drafter built after the upload reads the new names with the new passages
            result = add_uploads(uploads, self.parts.store, settings.corpus_dir, settings.chunk_chars,
                                 settings.upload_max_mb * 1024 * 1024, on_start, on_progress)
            self.parts.corpus_changed()
        return result

    def remove(self, source: str) -> int:
        """Take a document out of the index; its file moves to the data folder's removed/."""
        settings = self.parts.settings
        with self.index_lock:
            count = remove_document(self.parts.store, source, settings.corpus_dir, Path(settings.data_dir) / "removed")
            self.parts.corpus_changed()
        return count

    def search(self, query: str, k: int = 6) -> list[Any]:
        with self.index_lock:
            return list(self.parts.retriever.search(query, k=k))
