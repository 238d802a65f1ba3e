"""The drafting tab's handlers as plain functions: each takes the ``Workspace`` and the values on the
officer's screen, and returns the updates to show, keyed by name (the names in ``VIEW``, ``"message"``
and ``"diff_view"``); ``app.py`` only maps the names to its components. No component is needed to
call them, so they are tested without a browser (tests/test_ui_views.py).

An update leaves out what does not change: while the model writes, a chat request sends only the
chat and the draft (the sources panel, the warnings and the outline were sent with the extractive
draft and come again with the final one). Errors become one-line messages (``friendly``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.app.conversation import Reply, start_document
from assistant.app.shelf import HEADER_KEYS
from assistant.app.workspace import Workspace
from assistant.core.schema import Draft, SearchResult
from assistant.documents.records import DocumentRecord
from assistant.errors import AssistantError
from assistant.ui import format as fmt
from assistant.ui.errors import friendly

log = logging.getLogger(__name__)
Update = dict[str, Any]  # component name → its new value (or a gr.update); a name left out is left as it is

FORM_KEYS = HEADER_KEYS  # the header fields, in the order the page lays them out
VIEW = ("doc_id", "saved", "kind", *FORM_KEYS, "figures", "documents", "progress", "navigator", "chatbot",
        "draft_box", "warnings", "sources", "status")  # the outputs of every event that shows a document
HINT = ("Chọn loại văn bản, điền thông tin đầu văn bản rồi bấm **Văn bản mới** (hoặc mở một văn bản đã lưu). "
        "Sau đó gõ yêu cầu, ví dụ: *soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí*.")


def kinds(ws: Workspace) -> list[tuple[str, str]]:
    """(label, outline id) for the kind dropdown; "… năm" drops its last word (it awaits a year)."""
    return [(o.name.removesuffix(" năm"), o.id) for o in ws.outlines.values()]


def show(ws: Workspace, key: str, record: DocumentRecord | None, note: str = "", section: str | None = None,
         draft: Draft | None = None, found: list[SearchResult] | None = None,
         form_values: dict[str, Any] | None = None, listing: bool = False, kind: str = "") -> Update:
    """The view of a document (or of none: the empty outline of ``kind``, by default the first);
    ``listing`` also reads the saved documents again (every record on disk: only when the list can
    have changed)."""
    outline = ws.outline(record.kind if record else kind or next(iter(ws.outlines)))
    section = record.focus if record and section is None else section
    latest = record.latest_draft(section, "") if record and section else None
    draft = draft or latest
    values = ({k: _form_value(record, k) for k in FORM_KEYS} if record else form_values) or {}
    out: Update = {"doc_id": key, "saved": {"doc_id": key, "form": values},
                   "progress": fmt.progress_line(record, outline) if record else "",
                   "navigator": gr.update(choices=fmt.outline_choices(record, outline), value=section or None),
                   "chatbot": fmt.chat_history(record, ws.live(key) if key else {}),
                   "draft_box": draft.text if draft else "",
                   "warnings": fmt.warnings_markdown(draft),
                   "sources": fmt.draft_sources(draft, found or [])}
    if listing:
        out["documents"] = gr.update(choices=document_choices(ws), value=key or None)
    if record:
        out["kind"] = record.kind
        out["figures"] = fmt.figure_table(record.facts.figures)
    if record or values:  # the header on disk, or what was typed before "Văn bản mới"
        out.update({k: values.get(k, "") for k in FORM_KEYS})
    if note:
        out["status"] = note
    return out


@friendly
def load_page(ws: Workspace, memory: dict[str, Any] | None) -> Update:
    """A page (re)load: the document the browser remembers, or the header typed before."""
    key = (memory or {}).get("doc_id") or ""
    try:
        record = ws.load(key) if key else None
    except AssistantError:  # a record gone or damaged since: start afresh
        log.warning("reopening %s failed", key, exc_info=True)
        record, key = None, ""
    typed = (memory or {}).get("form") or {}
    kind = ws.default_kind() if record is None else ""  # the kind of the season, or the one worked on lately
    out = show(ws, key, record, HINT if record is None else "Đã mở lại văn bản / reopened.", form_values=typed,
               listing=True, kind=kind)
    if kind:
        out["kind"] = kind
    return out


@friendly
def new_document(ws: Workspace, kind_id: str, form: dict[str, Any]) -> Update:
    key, record = ws.create(kind_id, form)
    return show(ws, key, record, f"Đã tạo văn bản mới / new document: {key}", listing=True)


@friendly
def open_document(ws: Workspace, key: str) -> Update:
    if not key:
        raise gr.Error("Chọn một văn bản đã lưu / choose a saved document")
    return show(ws, key, ws.load(key), f"Đã mở / opened: {key}", listing=True)


@friendly
def save_header(ws: Workspace, key: str, table: Any, form: dict[str, Any]) -> Update:
    """Only the status line and the browser's copy change: what the officer types meanwhile stays."""
    if not key:
        return {"saved": {"doc_id": "", "form": form}}
    record = ws.set_header(key, form, fmt.table_rows(table))
    return {"saved": {"doc_id": key, "form": form}, "status": "Đã lưu thông tin / saved.",
            "progress": fmt.progress_line(record, ws.outline(record.kind))}


@friendly
def send_message(ws: Workspace, text: str, key: str, kind_id: str = "",
                 form: dict[str, Any] | None = None) -> Iterator[Update]:
    """A chat message: written into the conversation and shown at once (as waiting, if a draft of
    this document is being written), then its answer: the extractive draft with its warnings and
    sources, the model's text as it comes, and the document as saved. With no document open, the
    message opens one (the kind it asks for, or the one chosen). The message box is cleared only
    here, at once: what the officer types meanwhile is never wiped by a draft that ends. The section
    on screen is the record's (a click in the outline saves it), never the page's copy, which may
    lag behind a draft that just ended."""
    text = (text or "").strip()
    if not text:
        yield {"status": "Tin nhắn trống / empty message"}
        return
    opened = not key
    if opened:
        key, question = start_document(ws, kind_id, form or {}, text)
        if question is not None:  # "soạn báo cáo" with nothing open: which campaign's?
            yield {"message": "", "chatbot": [fmt.user_message(text), fmt.question(question.question,
                                                                                 question.choices)]}
            return
    before = ws.load(key).facts
    ticket = ws.submit(key, text)
    view = _Conversation(ws, key)
    first: Update = {"message": "", "chatbot": view.chat()}
    if ticket.ahead:
        first["status"] = (f"⏳ Đã nhận, đang chờ lượt ({ticket.ahead} yêu cầu trước) / queued behind "
                           f"{ticket.ahead} request(s)")
    yield ({**show(ws, key, ws.load(key), listing=True), **first} if opened else first)
    for reply in ticket.updates():
        if reply.doc_id:  # another document opened: the page shows it
            yield show(ws, reply.doc_id, ws.load(reply.doc_id), reply.message, listing=True)
        elif reply.stage == "final":
            yield _answered(ws, key, reply, reply.section_id or None, before)
        elif reply.stage == "token":  # the sources, warnings and outline do not change while the model writes
            yield {"chatbot": view.chat(), "draft_box": reply.text}
        else:
            yield {"chatbot": view.chat(), "navigator": gr.update(value=reply.section_id or None),
                   "draft_box": reply.text, "warnings": fmt.warnings_markdown(reply.draft),
                   "sources": fmt.draft_sources(reply.draft, reply.sources), "status": ""}


@friendly
def choose(ws: Workspace, choice: gr.SelectData, key: str, kind_id: str, form: dict[str, Any]) -> Iterator[Update]:
    """A choice offered with a question, clicked: sent as the message it stands for."""
    yield from send_message(ws, str(choice.value), key, kind_id, form)


def _answered(ws: Workspace, key: str, reply: Reply, section: str | None, before: Any = None) -> Update:
    """The document as saved after a request, less the header: what the officer types there stays;
    but the notes, theme and plan as saved when the message added to them (``before``: the facts before
    it; "đài truyền thanh phát 30 tin bài", "chủ đề năm nay: “…”", "phường có Kế hoạch số 87/KH-UBND …")."""
    record = ws.load(key)
    update = show(ws, key, record, section=section, draft=reply.draft, found=reply.sources)
    kept = {name: getattr(record.facts, name) for name in ("notes", "theme", "plan")
            if before is not None and getattr(record.facts, name) != getattr(before, name)}
    return {k: v for k, v in update.items() if k not in FORM_KEYS} | kept


class _Conversation:
    """The chat as it stands, read from disk again only when a request was queued or ended."""

    def __init__(self, ws: Workspace, key: str):
        self.ws, self.key, self.seen = ws, key, -1
        self.record: DocumentRecord | None = None

    def chat(self) -> list[dict[str, Any]]:
        changes = self.ws.turns.changes(self.key)
        if changes != self.seen or self.record is None:
            self.record, self.seen = self.ws.load(self.key), changes
        return fmt.chat_history(self.record, self.ws.live(self.key))


@friendly
def pick_section(ws: Workspace, section: str, key: str) -> Update:
    """A section chosen in the outline becomes the record's focus."""
    if not key or not section:
        return {}
    with ws.lock(key):
        record = ws.load(key)
        record.focus = section
        ws.save(key, record)
    return show(ws, key, record, section=section)


@friendly
def accept_section(ws: Workspace, section: str, shown: str, key: str) -> Update:
    """The text on the screen (edited or not) is accepted into the document."""
    _need_section(key, section)
    record = ws.accept(key, section, shown)
    return show(ws, key, record, f"Đã duyệt mục {section} / accepted.", section=section, listing=True)


@friendly
def regenerate_section(ws: Workspace, section: str, key: str) -> Iterator[Update]:
    """A new draft of the section on screen, queued like a chat message."""
    _need_section(key, section)
    view = _Conversation(ws, key)
    for reply in ws.regenerate(key, section):
        if reply.stage == "final":
            yield _answered(ws, key, reply, section)
        elif reply.stage == "token":
            yield {"chatbot": view.chat(), "draft_box": reply.text}
        else:
            yield {"chatbot": view.chat(), "draft_box": reply.text, "status": "Đang soạn lại… / regenerating"}


@friendly
def diff_section(ws: Workspace, section: str, key: str) -> Update:
    """The change from the section's previous version (shown in a panel until then hidden)."""
    record = ws.load(key) if key else None
    current = record.sections.get(section) if record and section else None
    if current is None or len(current.versions) < 2:
        return {"diff_view": gr.update(value="(chưa có bản trước / no earlier version)", visible=True)}
    return {"diff_view": gr.update(value=current.versions[-1].diff, visible=True)}


@friendly
def edit_section(ws: Workspace, section: str, text: str, key: str) -> Update:
    """The officer's own wording, saved as a new version (its figures and names flagged)."""
    _need_section(key, section)
    record, found = ws.edit(key, section, text)
    return show(ws, key, record, f"Đã lưu bản sửa tay của mục {section} ({len(found)} cảnh báo).", section=section)


def document_choices(ws: Workspace) -> list[tuple[str, str]]:
    return [(f"{d['kind']} — {d['unit']} {d['year']} ({d['accepted']} duyệt) [{d['id']}]", d["id"])
            for d in ws.list_documents()]


def _need_section(key: str, section: str) -> None:
    if not key or not section:
        raise gr.Error("Chọn một mục ở dàn ý / choose a section in the outline")


def _form_value(record: DocumentRecord, key: str) -> Any:
    value = getattr(record.facts, key)
    return "" if value is None else str(value)
