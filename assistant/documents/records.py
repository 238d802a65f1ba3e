"""The document record: one document being written, kept on disk as JSON.

It holds the kind (outline id), the header facts, and for every section its
draft versions (text, citations, warnings, backend, instruction, the diff with
the previous version) and which version was accepted. State per section:
empty / draft / accepted. Every change is saved atomically (write aside, fsync,
rename), so a crash or restart never loses a version or leaves half a file; a
record edited by hand into invalid JSON is reported, never overwritten.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.core.facts import Facts, FactsError, facts_from_dict
from assistant.core.schema import Citation, Draft, DraftWarning
from assistant.errors import RecordError

log = logging.getLogger(__name__)


@dataclass
class Version:
    number: int
    text: str
    citations: list[dict[str, Any]]
    warnings: list[dict[str, str]]
    backend: str
    instruction: str = ""
    created: str = ""
    diff: str = ""  # unified diff with the previous version


@dataclass
class SectionRecord:
    versions: list[Version] = field(default_factory=list)
    accepted: int | None = None  # the accepted version's number

    @property
    def state(self) -> str:
        if self.accepted is not None:
            return "accepted"
        return "draft" if self.versions else "empty"

    @property
    def current(self) -> Version | None:
        if self.accepted is not None:
            return next((v for v in self.versions if v.number == self.accepted), None)
        return self.versions[-1] if self.versions else None


@dataclass
class DocumentRecord:
    kind: str
    facts: Facts
    sections: dict[str, SectionRecord] = field(default_factory=dict)
    created: str = ""
    updated: str = ""
    notes_added: list[str] = field(default_factory=list)  # figures the officer gave in follow-ups
    chat: list[dict[str, Any]] = field(default_factory=list)  # the conversation {role, content[, ticket, choices]}
    focus: str = ""  # the section the chat is working on (a follow-up refines its latest draft)

    def facts_with_notes(self, facts: Facts) -> Facts:
        """``facts`` plus every figure the officer typed in a follow-up ("số liệu mới: 200 người")."""
        for note in self.notes_added:
            if note not in facts.notes:
                facts = facts.with_note(note)
        return facts

    def add_draft(self, section_id: str, draft: Draft) -> Version:
        record = self.sections.setdefault(section_id, SectionRecord())
        previous = record.versions[-1].text if record.versions else ""
        diff = "\n".join(difflib.unified_diff(previous.splitlines(), draft.text.splitlines(),
                                              f"v{len(record.versions)}", f"v{len(record.versions) + 1}",
                                              lineterm=""))
        version = Version(len(record.versions) + 1, draft.text, [c.to_dict() | {"text": c.text}
                                                                 for c in draft.citations],
                          [w.to_dict() for w in draft.warnings], draft.backend, draft.instruction, _now(), diff)
        record.versions.append(version)
        record.accepted = None  # a new version is a draft until the officer accepts it
        return version

    def accept(self, section_id: str, number: int | None = None) -> Version:
        record = self.sections.get(section_id)
        if record is None or not record.versions:
            raise RecordError(f"mục {section_id} chưa có bản nháp để duyệt / nothing to accept")
        chosen = number or record.versions[-1].number
        if not any(v.number == chosen for v in record.versions):
            raise RecordError(f"mục {section_id} không có phiên bản {chosen}")
        record.accepted = chosen
        return next(v for v in record.versions if v.number == chosen)

    def latest_draft(self, section_id: str, title: str = "") -> Draft | None:
        record = self.sections.get(section_id)
        version = record.versions[-1] if record and record.versions else None
        return None if version is None else self.draft_of(section_id, version, title)

    def draft_of(self, section_id: str, version: Version, title: str = "") -> Draft:
        """A stored version as a ``Draft`` (its citations and warnings as objects again)."""
        citations = [Citation(c["n"], c["source"], c["section"], c.get("title", ""), c.get("text", ""))
                     for c in version.citations]
        warnings = [DraftWarning(w["code"], w["message"]) for w in version.warnings]
        return Draft(self.kind, section_id, title, version.text, citations, warnings, version.backend,
                     version.instruction)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "facts": self.facts.to_dict(), "created": self.created, "updated": self.updated,
                "notes_added": list(self.notes_added), "chat": list(self.chat), "focus": self.focus,
                "sections": {sid: {"state": s.state, "accepted": s.accepted,
                                   "versions": [asdict(v) for v in s.versions]}
                             for sid, s in self.sections.items()}}


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def from_dict(raw: Any, name: str = "record") -> DocumentRecord:
    if not isinstance(raw, dict) or "kind" not in raw or "facts" not in raw:
        raise RecordError(f"{name}: a document record needs 'kind', 'facts' and 'sections'")
    try:
        facts = facts_from_dict(raw["facts"])
        sections = {}
        for sid, section in (raw.get("sections") or {}).items():
            versions = [Version(**v) for v in section.get("versions", [])]
            for version in versions:  # what latest_draft reads back
                for citation in version.citations:
                    citation["n"], citation["source"], citation["section"]  # noqa: B018
                for warning in version.warnings:
                    warning["code"], warning["message"]  # noqa: B018
            sections[str(sid)] = SectionRecord(versions, section.get("accepted"))
    except FactsError as exc:
        raise RecordError(f"{name}: facts: {exc}") from exc
    except (TypeError, AttributeError, KeyError) as exc:
        raise RecordError(f"{name}: a section or version is missing a field ({exc})") from exc
    chat = raw.get("chat") or []
    if not isinstance(chat, list) or not all(isinstance(m, dict) and {"role", "content"} <= set(m) for m in chat):
        raise RecordError(f"{name}: 'chat' must be a list of {{role, content}} messages")
    return DocumentRecord(str(raw["kind"]), facts, sections, str(raw.get("created", "")), str(raw.get("updated", "")),
                          [str(n) for n in raw.get("notes_added") or []],
                          [_message(m) for m in chat],
                          str(raw.get("focus") or ""))


def _message(raw: dict[str, Any]) -> dict[str, Any]:
    """A chat message as stored: its role and words, the request it answers while it waits
    ("ticket"), and the choices offered with a question ([label, message] pairs)."""
    message: dict[str, Any] = {"role": str(raw["role"]), "content": str(raw["content"])}
    if raw.get("ticket"):
        message["ticket"] = str(raw["ticket"])
    choices = raw.get("choices")
    if isinstance(choices, list) and all(isinstance(c, list | tuple) and len(c) == 2 for c in choices):
        message["choices"] = [[str(label), str(value)] for label, value in choices]
    return message


def load_record(path: Path) -> DocumentRecord:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RecordError(f"document record not found: {path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RecordError(f"{Path(path).name} is not a valid document record ({exc}); the file was left "
                          "untouched") from exc
    return from_dict(raw, Path(path).name)


def save_record(record: DocumentRecord, path: Path) -> Path:
    """Write atomically: a temporary file in the same folder, flushed, then renamed over the old one."""
    path = Path(path)
    record.created = record.created or _now()
    record.updated = _now()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(record.to_dict(), handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise RecordError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "van-ban"


def record_path(data_dir: Path, kind: str, facts: Facts) -> Path:
    """The default record of a kind, unit and year: data/documents/<kind>-<place>-<year>.json."""
    return Path(data_dir) / "documents" / f"{kind}-{slug(facts.place or facts.issuer)}-{facts.year}.json"
