"""The shelf of documents being written: one JSON record per document under ``data/documents/``.

Ids are safe file names ("bao-cao-thang-hanh-dong-hoa-an-2025", "-2" … for another of the same kind,
unit and year), never paths; two sessions creating at once never get the same id; a damaged record
is reported and left on disk untouched, never offered or overwritten. Records themselves are
``documents/records.py``; this module only names, lists, creates and locks them.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any

from assistant.core.facts import facts_from_dict
from assistant.core.outlines import Outline, load_outlines
from assistant.documents.records import DocumentRecord, RecordError, load_record, save_record, slug
from assistant.documents.states import accepted_leaves
from assistant.vn.normalize import fold

log = logging.getLogger(__name__)

_DOC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
HEADER_KEYS = ("issuer", "place", "level", "year", "signer", "theme", "plan", "notes")


class Shelf:
    def __init__(self, settings: Any):
        self.settings = settings
        self.outlines: dict[str, Outline] = {}
        self.reload_outlines()
        self._doc_locks: dict[str, threading.Lock] = {}
        self._create_lock = threading.Lock()

    def reload_outlines(self) -> None:
        """The built-in outlines and the officer's own, read again (one was added, replaced or removed)."""
        self.outlines = load_outlines(user_folder=self.settings.outlines_dir)

    @property
    def documents_dir(self) -> Path:
        return Path(self.settings.data_dir) / "documents"

    @property
    def exports_dir(self) -> Path:
        """Where exported Word files go (the only folder the UI serves files from)."""
        return Path(self.settings.data_dir) / "exports"

    def _path(self, doc_id: str) -> Path:
        if not _DOC_ID.match(doc_id or ""):
            raise RecordError(f"mã văn bản không hợp lệ / invalid document id: {doc_id!r}")
        return self.documents_dir / f"{doc_id}.json"

    def lock(self, doc_id: str) -> threading.Lock:
        with self._create_lock:
            return self._doc_locks.setdefault(doc_id, threading.Lock())

    def load(self, doc_id: str) -> DocumentRecord:
        return load_record(self._path(doc_id))

    def save(self, doc_id: str, record: DocumentRecord) -> None:
        save_record(record, self._path(doc_id))

    def list_documents(self) -> list[dict[str, Any]]:
        """Saved documents, last changed first: id, kind (name and id), unit, place, issuer, year,
        sections done, updated."""
        found = []
        for path in sorted(self.documents_dir.glob("*.json")):
            outline = None
            try:
                record = load_record(path)
                outline = self.outlines[record.kind] if _DOC_ID.match(path.stem) else None
            except (RecordError, KeyError, TypeError, ValueError):
                log.warning("document record %s cannot be read; not offered", path.name, exc_info=True)
            if outline is None:
                continue  # a damaged or foreign file stays on disk untouched; it is not offered
            done, total = accepted_leaves(record, outline)
            found.append({"id": path.stem, "kind": outline.name, "kind_id": outline.id,
                          "unit": record.facts.unit or record.facts.issuer, "place": record.facts.place,
                          "issuer": record.facts.issuer,
                          "year": record.facts.year, "accepted": f"{done}/{total}", "updated": record.updated})
        return sorted(found, key=lambda d: str(d["updated"]), reverse=True)

    def create(self, kind: str, header: dict[str, Any]) -> tuple[str, DocumentRecord]:
        """A new document of ``kind`` for the header facts, under a new id (never over another's)."""
        outline = self.outline(kind)
        facts = facts_from_dict(_header(header))
        base = f"{outline.id}-{slug(facts.place or facts.issuer)}-{facts.year}"
        with self._create_lock:  # two sessions creating at once never get the same id
            doc_id, number = base, 2
            while self._path(doc_id).exists():
                doc_id, number = f"{base}-{number}", number + 1
            record = DocumentRecord(outline.id, facts)
            self.save(doc_id, record)
        return doc_id, record

    def outline(self, kind: str) -> Outline:
        if kind not in self.outlines:
            raise RecordError(f"loại văn bản không có / unknown kind: {kind}")
        return self.outlines[kind]

    def follow_outline(self, old: Outline, new: Outline) -> list[str]:
        """After an outline of the officer's was replaced: the drafts of a section whose number changed
        move to the section of the same title; those the new outline has no place for stay in the
        record untouched (listed, "doc-id: I.4"), never deleted."""
        new_titles = {s.id: fold(s.title) for s in new.all_sections()}
        by_title = {title: section_id for section_id, title in new_titles.items()}
        old_titles = {s.id: fold(s.title) for s in old.all_sections()}
        left: list[str] = []
        for path in sorted(self.documents_dir.glob("*.json")):
            if not _DOC_ID.match(path.stem):
                continue
            with self.lock(path.stem):
                try:
                    record = load_record(path)
                except RecordError:
                    continue  # reported where documents are listed
                if record.kind != new.id:
                    continue
                moved: dict[str, Any] = {}
                homeless = []
                for section_id, drafted in record.sections.items():
                    title = old_titles.get(section_id, "")
                    target = section_id if new_titles.get(section_id) == title else by_title.get(title)
                    if target is None or target in moved:
                        homeless.append((section_id, drafted))
                    else:
                        moved[target] = drafted
                for section_id, drafted in homeless:  # no place in the new outline: kept, listed, never lost
                    left.append(f"{path.stem}: {section_id}")
                    key = section_id
                    while key in moved:
                        key += "~"
                    moved[key] = drafted
                if list(moved) != list(record.sections):
                    record.sections = moved
                    save_record(record, path)
        return left

    def set_header(self, doc_id: str, header: dict[str, Any], rows: list[dict[str, Any]]) -> DocumentRecord:
        """New header facts and figures table; invalid ones raise ``FactsError`` and change nothing."""
        with self.lock(doc_id):
            record = self.load(doc_id)
            keep = {k: v for k, v in record.facts.to_dict().items() if k not in HEADER_KEYS and k != "figures"}
            record.facts = facts_from_dict({**keep, **_header(header), "figures": rows})
            self.save(doc_id, record)
            return record


def _header(header: dict[str, Any]) -> dict[str, Any]:
    """The header form's values as facts keys (empty strings dropped, year as typed)."""
    out = {k: (str(v).strip() if v is not None else "") for k, v in header.items() if k in HEADER_KEYS}
    if out.get("year", "").endswith(".0"):  # a number field sends 2025.0
        out["year"] = out["year"][:-2]
    return {k: v for k, v in out.items() if v}
