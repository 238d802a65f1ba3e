"""The drafting workspace behind the chat UI: documents on disk, chat requests, accept/edit/export.

One ``Workspace`` serves every browser session. Its documents are record files kept by ``Shelf``
(``shelf.py``), read fresh and saved atomically on every change, so a reload, a second tab or a
restart finds the work as it was. A chat message is read by
``intent.py`` (which section, which wish, which figures), drafted by a ``Drafter`` (extractive at
once, then the chat model's polish, streamed), and every version is kept. The local model runs
one request at a time (llama.cpp is not re-entrant); the extractive draft never waits for it.
The UI (``ui/``) only formats what these methods return; the precedent library lives in
``library.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.app import conversation
from assistant.app.conversation import Reply
from assistant.app.library import Library
from assistant.app.outline_moves import leaves
from assistant.app.shelf import Shelf
from assistant.app.turns import Ticket, Turns
from assistant.core.schema import CONFIRM, Draft, DraftWarning
from assistant.documents.records import DocumentRecord, RecordError
from assistant.documents.states import split_whole
from assistant.draft.drafter import Drafter
from assistant.draft.guards import inspect_text
from assistant.draft.refine import parse_instruction
from assistant.errors import OutlineError

if TYPE_CHECKING:
    from assistant.app.factory import Assistant


class Workspace(Shelf):
    """The chat workspace of one running program; ``parts`` is the composition root (``factory.py``)."""

    def __init__(self, parts: Assistant):
        super().__init__(parts.settings)
        self.parts = parts
        self.index_lock = threading.RLock()  # BM25 and Chroma: no search while a batch is written
        self.library = Library(parts, self.index_lock)
        # the local model's turn: llama.cpp serves one request at a time; other backends need no turn
        self._llm_lock: AbstractContextManager[Any] = threading.Lock() if parts.backend == "local" else nullcontext()
        self.turns = Turns(on_failure=lambda ticket, exc: conversation.answer_failed(self, ticket, exc))
        self._writing: set[tuple[str, str]] = set()  # (document, section) whose draft is being written

    @property
    def backend(self) -> str:
        return self.parts.backend

    @property
    def startup_warnings(self) -> list[DraftWarning]:
        return self.parts.warnings

    # ---- drafting ----------------------------------------------------------------
    def drafter(self, kind: str) -> Drafter:
        with self.index_lock:  # a new drafter reads other units' names from the index
            return self.parts.drafter(self.outline(kind))

    def reader(self) -> Any:
        """The reader of chat messages (outline sections embedded once; ``intent.py``)."""
        return self.parts.chat_reader(tuple(self.outlines.values()))

    def default_kind(self, today: date | None = None) -> str:
        """The kind a new document starts as: the one worked on in the last weeks, else the season's."""
        from assistant.app.chatwords import default_kind

        today = today or date.today()
        listed = self.list_documents()
        last, days = "", None
        if listed:
            last = listed[0]["kind_id"]
            try:
                days = (today - datetime.fromisoformat(str(listed[0]["updated"])).date()).days
            except ValueError:
                days = None
        return default_kind(tuple(self.outlines), today, last, days)

    def submit(self, doc_id: str, message: str, focus: str | None = None) -> Ticket:
        """Write the message into the document's conversation at once and queue its answer."""
        return conversation.submit(self, doc_id, message, focus)

    def chat(self, doc_id: str, message: str, focus: str | None = None) -> Iterator[Reply]:
        """Answer one chat message (queued behind the document's earlier ones), streamed."""
        if message.strip():
            yield from self.submit(doc_id, message, focus).updates()

    def live(self, doc_id: str) -> dict[str, str | None]:
        """The document's requests still waiting or running: ticket id → the text written so far."""
        return self.turns.live(doc_id)

    def regenerate(self, doc_id: str, section_id: str) -> Iterator[Reply]:
        """A new draft of the section, queued like a chat message."""
        message = f"(soạn lại mục {section_id} / regenerate)"

        def work(ticket: Ticket) -> Iterator[Reply]:
            return self.draft_section(ticket, section_id, "", message, refine=False)

        yield from conversation.enqueue(self, doc_id, message, work).updates()

    def draft_section(self, ticket: Ticket, section_id: str, instruction: str, message: str,
                      refine: bool, new_facts: bool = False) -> Iterator[Reply]:
        """Draft (or refine) one section: the extractive draft at once, then the model's text as it
        comes; the version and the answer are saved at the end (in the request's own turn). Meanwhile
        the section cannot be accepted (the screen shows the text so far)."""
        self._writing.add((ticket.doc_id, section_id))
        try:
            for reply in self._draft_section(ticket, section_id, instruction, message, refine, new_facts):
                if reply.stage == "final":  # saved: it may be accepted as soon as it is shown
                    self._writing.discard((ticket.doc_id, section_id))
                yield reply
        finally:
            self._writing.discard((ticket.doc_id, section_id))

    def _draft_section(self, ticket: Ticket, section_id: str, instruction: str, message: str,
                       refine: bool, new_facts: bool) -> Iterator[Reply]:
        doc_id = ticket.doc_id
        with self.lock(doc_id):  # a part of a section drafted whole: the whole is split into its parts first
            record = self.load(doc_id)
            drafter = self.drafter(record.kind)
            section = drafter.outline.section(section_id)
            if split_whole(record, drafter.outline, section.id):
                self.save(doc_id, record)
        order = parse_instruction(instruction)
        notes = [order.figures_text] if order.figures else []
        facts = self.parts.report_facts(drafter.outline, record.facts_with_notes(record.facts))
        for note in notes:
            facts = facts.with_note(note)
        previous = record.latest_draft(section.id, section.title) if refine else None
        # a draft that comes out as the one there (a refinement, or new facts that change nothing) is no version
        latest = previous or (record.latest_draft(section.id, section.title) if new_facts else None)
        caption = f"**{section.heading()}**"
        result: Draft | None = None
        with self.index_lock:  # the extractive draft and its precedents: no index write meanwhile
            events = drafter.stream(section.id, facts, instruction, previous, order=order)
            first = next(events)  # the extractive draft: shown before waiting for the model
        assert first.draft is not None
        sources = first.draft.sources  # the very passages the draft was made from
        shown = f"{caption} — bản trích xuất / extractive draft"
        self.turns.show(ticket, f"{shown}\n\n{first.text}")
        yield Reply(shown, section.id, first.draft, "extractive", sources, text=first.text)
        with self._llm_lock:
            for event in events:
                if event.stage == "token":
                    shown = f"{caption} — đang viết… / writing"
                    self.turns.show(ticket, f"{shown}\n\n{event.text}")
                    yield Reply(shown, section.id, first.draft, "token", sources, text=event.text)
                result = event.draft or result
        assert result is not None
        with self.lock(doc_id):
            record = self.load(doc_id)  # the header may have changed meanwhile
            record.notes_added.extend(n for n in notes if n not in record.notes_added)
            record.focus = section.id
            if latest is not None and _same_text(latest.text, result.text):  # nothing to keep as a version
                said = conversation.FACTS_KEPT.format(facts=message) if new_facts else \
                    conversation.UNCHANGED.format(wish=instruction or message)
                text = f"{caption}\n\n{said}"
                number = len(record.sections[section.id].versions) if section.id in record.sections else 0
                result = replace(latest, warnings=result.warnings, sources=sources)
            else:
                number = record.add_draft(section.id, result).number
                text = f"{caption} (v{number}, {result.backend})\n\n{result.text}"
            choices = conversation.SETTLE_MARKED if CONFIRM in result.text else ()
            conversation.record_answer(record, ticket.id, text, choices)
            self.save(doc_id, record)
        yield Reply(text, section.id, result, "final", sources, number, result.text, choices)

    def accept(self, doc_id: str, section_id: str, shown: str | None = None) -> DocumentRecord:
        """Accept the text on the officer's screen: if it differs from the latest version (edited by
        hand, or a newer version came from elsewhere), it is saved as a version first. One lock holds
        from reading to saving, so a draft that finishes meanwhile is never the one accepted."""
        if (doc_id, section_id) in self._writing:  # what the screen shows is the model's text so far
            raise RecordError(f"mục {section_id} đang được viết, chờ viết xong rồi duyệt / still being written, "
                              "accept it when it is done")
        with self.lock(doc_id):
            record = self.load(doc_id)
            latest = record.latest_draft(section_id, "")
            if shown is not None and shown.strip() and (latest is None or shown.strip() != latest.text.strip()):
                self._add_edit(record, section_id, shown)
            parts = [s.id for s in leaves(self.outline(record.kind)) if s.id.startswith(f"{section_id}.")
                     and record.latest_draft(s.id) is not None] if record.latest_draft(section_id) is None else []
            for part in parts:  # "III" with no draft of its own: its drafted parts, as written
                record.accept(part)
            if not parts:
                record.accept(section_id)
            self.save(doc_id, record)
            return record

    def edit(self, doc_id: str, section_id: str, text: str) -> tuple[DocumentRecord, list[DraftWarning]]:
        """The officer's own wording becomes a new version; figures and names are flagged, not changed."""
        with self.lock(doc_id):
            record = self.load(doc_id)
            warnings = self._add_edit(record, section_id, text)
            self.save(doc_id, record)
            return record, warnings

    def _add_edit(self, record: DocumentRecord, section_id: str, text: str) -> list[DraftWarning]:
        if not text.strip():
            raise RecordError("bản sửa trống: gõ nội dung hoặc soạn lại mục / the edited text is empty")
        outline = self.outline(record.kind)
        section = outline.section(section_id)
        report = inspect_text(text, self.drafter(record.kind).context(record.facts_with_notes(record.facts)))
        warnings = [DraftWarning("unsupported-figure", f"“{m.text}” không có trong dữ kiện — kiểm tra lại "
                                                       "(not in the facts)") for m in report.figures]
        warnings += [DraftWarning(code, f"“{name}”: tên của văn bản khác? (stale name)") for code, name in report.stale]
        previous = record.latest_draft(section.id, section.title)
        draft = Draft(outline.id, section.id, section.title, text.strip(),
                      previous.citations if previous else [], warnings, "officer", "sửa tay / edited by hand")
        record.add_draft(section.id, draft)
        record.focus = section.id
        return warnings

    def add_lines(self, doc_id: str, section_id: str, lines: list[str]) -> DocumentRecord:
        """Append bullet lines (picked slogans) to a section's current text, as a new version."""
        with self.lock(doc_id):
            record = self.load(doc_id)
            section = self.outline(record.kind).section(section_id)
            current = record.latest_draft(section.id, section.title)
            old = current.text.split("\n") if current else []
            new = list(dict.fromkeys(f"- {line.strip().lstrip('-– ').strip()}" for line in lines if line.strip()))
            text = "\n".join(old + [n for n in new if n not in old])
            draft = Draft(record.kind, section.id, section.title, text, current.citations if current else [], [],
                          "officer", "thêm khẩu hiệu / slogans picked")
            record.add_draft(section.id, draft)
            self.save(doc_id, record)
            return record

    # ---- slogans and export ----------------------------------------------------------
    def slogan_section(self, kind: str, group: str) -> str:
        """The section of ``kind``'s outline that holds the slogans of ``group`` ("" if none)."""
        from assistant.vn.domain import load_domain

        domain = load_domain()
        keywords = next((g.keywords for g in domain.slogan_groups if g.id == group), ())
        for holder in self.outline(kind).all_sections():
            if any(k in holder.title.lower() for k in domain.slogan_section_keywords):
                for part in holder.walk():
                    if not part.children and any(k in part.title.lower() for k in keywords):
                        return part.id
        return ""

    def slogans(self, group: str, year: int, theme: str, count: int) -> Any:
        from assistant.draft.slogans import suggest

        return suggest(self.parts.store, self.parts.chat_model, group, year, theme, count,
                       self.settings.slogan_duplicate_threshold, index_lock=self.index_lock, model_lock=self._llm_lock)

    # ---- outlines from a higher level's documents ------------------------------------------
    def read_outline(self, path: Path, outline_id: str | None = None, name: str | None = None,
                     part_index: int | None = None) -> tuple[Any, list[Any]]:
        """The outline a document gives (``documents/mandate.py``) and the parts that could give one;
        nothing is stored. An upload is checked like a precedent's (type, size)."""
        from assistant.app.library import ALLOWED_SUFFIXES
        from assistant.documents.mandate import read_outline
        from assistant.errors import UploadError

        if path.suffix.lower() not in ALLOWED_SUFFIXES:
            raise UploadError(f"{path.name}: chỉ nhận {', '.join(ALLOWED_SUFFIXES)} / type not accepted")
        if path.stat().st_size > self.settings.upload_max_mb * 1024 * 1024:
            raise UploadError(f"{path.name}: tệp lớn hơn {self.settings.upload_max_mb} MB / file too large")
        with self.index_lock:  # the embedding model is shared with searches
            similarity = self.parts.title_similarity()
            return read_outline(path, self.outlines, part_index=part_index, outline_id=outline_id or None,
                                name=name or None, similarity=similarity)

    def add_outline(self, path: Path | None, outline_id: str | None = None, name: str | None = None,
                    part_index: int | None = None, replace_own: bool = False,
                    text: str = "") -> tuple[Any, list[str]]:
        """Store the outline of a document (or ``text``: its YAML as the officer corrected it) beside the
        built-in ones; it is offered as a kind at once. Replacing one of the officer's outlines keeps the
        documents drafted with it: their sections follow their titles to new numbers; the drafts of a
        section it no longer has stay in the record (returned as "doc-id: I.4")."""
        from assistant.core.outlines import outline_from_yaml, save_outline

        if text.strip():
            outline = outline_from_yaml(text, "dàn ý đã sửa / the corrected outline")
            outline = replace(outline, id=outline_id or outline.id, name=name or outline.name)
        elif path is not None:
            outline, _ = self.read_outline(path, outline_id, name, part_index)
        else:
            raise OutlineError("chưa có văn bản hay dàn ý nào / no document or outline given")
        old = self.outlines.get(outline.id)
        save_outline(outline, self.settings.outlines_dir, self.outlines, replace=replace_own)
        self.reload_outlines()
        return outline, (self.follow_outline(old, outline) if old is not None else [])

    def export(self, doc_id: str, folder: Path | None = None) -> tuple[Path, str, list[Any], list[DraftWarning]]:
        """The DOCX (national format), its Markdown preview, the format check's findings, the warnings."""
        from assistant.documents.docx_export import export_docx
        from assistant.documents.layout import layout, to_markdown
        from assistant.documents.lint import check_document

        with self.lock(doc_id):  # one export of a document at a time (same file name)
            record = self.load(doc_id)
            outline = self.outline(record.kind)
            parts = layout(record, outline)
            folder = Path(folder or self.exports_dir)
            folder.mkdir(parents=True, exist_ok=True)
            path = export_docx(parts, folder / f"{doc_id}.docx")
        # a document of the officer's own outline (a higher level's ĐỀ CƯƠNG) is checked against it
        mandated = None if outline.builtin else outline
        return path, to_markdown(record, outline), check_document(path, mandated, self.outlines), parts.warnings


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())
