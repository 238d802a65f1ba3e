"""The chat workspace in the browser (Gradio): it receives a ``Workspace`` and only lays out and wires.

Drafting tab: the document panel (kind, header facts, the figures table, saved documents),
the outline navigator with each section's state, the chat with the current draft, its warnings
and actions (accept, regenerate, diff, edit by hand), and the sources panel. The slogans,
precedent library and export tabs are in ``ui_tabs.py``. The open document's id is kept in
the browser (``BrowserState``), the document itself on disk: a reload or a restart finds the
work as it was. Errors from the core are shown as one-line messages, never tracebacks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.app.shelf import HEADER_KEYS
from assistant.app.workspace import Workspace
from assistant.documents.records import DocumentRecord
from assistant.errors import AssistantError
from assistant.ui import format as fmt
from assistant.ui.errors import friendly
from assistant.ui.tabs import corpus_tab, export_tab, slogans_tab
from assistant.vn.domain import load_domain

log = logging.getLogger(__name__)
CSS = """
.sources {max-height: 70vh; overflow-y: auto}
.src {border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; margin-bottom: 8px; font-size: 0.9em}
.src-head {color: #555; margin-bottom: 4px}
.src mark {background: #fff3a3; padding: 0}
.src:target {border-color: #d97706; box-shadow: 0 0 0 2px #fbbf24}
#figures *, #corpus-list * {font-family: ui-sans-serif, system-ui, "DejaVu Sans", sans-serif !important}
"""
HINT = ("Chọn loại văn bản, điền thông tin đầu văn bản rồi bấm **Văn bản mới** (hoặc mở một văn bản đã lưu). "
        "Sau đó gõ yêu cầu, ví dụ: *soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí*.")


def build_app(ws: Workspace) -> gr.Blocks:
    kinds = [(o.name.removesuffix(" năm"), o.id) for o in ws.outlines.values()]  # "… năm" awaits a year
    with gr.Blocks(title="Trợ lý soạn thảo văn bản bình đẳng giới") as app:
        saved = gr.BrowserState({"doc_id": "", "form": {}}, storage_key="tro-ly-soan-thao")
        doc_id = gr.State("")
        gr.Markdown("## Trợ lý soạn thảo kế hoạch, báo cáo về bình đẳng giới")
        status = gr.Markdown(HINT, elem_id="status")
        for warning in ws.startup_warnings:
            gr.Markdown(f"⚙ {warning.message}")
        with gr.Tab("Soạn thảo", id="draft"), gr.Row():
            with gr.Column(scale=3, min_width=300):
                kind = gr.Dropdown(kinds, value=kinds[0][1], label="Loại văn bản", elem_id="kind")
                form = {
                    "issuer": gr.Textbox(label="Cơ quan ban hành", placeholder="Ủy ban nhân dân xã Hòa An",
                                         elem_id="f-issuer"),
                    "place": gr.Textbox(label="Địa phương", placeholder="Hòa An", elem_id="f-place"),
                    "level": gr.Dropdown(["", *load_domain().levels], value="", label="Cấp", elem_id="f-level"),
                    "year": gr.Textbox(label="Năm", placeholder="2026", elem_id="f-year"),
                    "signer": gr.Textbox(label="Người ký", elem_id="f-signer"),
                    "theme": gr.Textbox(label="Chủ đề năm (nếu có)", elem_id="f-theme"),
                    "plan": gr.Textbox(label="Kế hoạch thực hiện (số, ngày)", elem_id="f-plan"),
                    "notes": gr.Textbox(label="Ghi chú, kết quả (kèm số liệu)", lines=3, elem_id="f-notes"),
                }
                with gr.Row():
                    new_btn = gr.Button("Văn bản mới", variant="primary", elem_id="new-doc")
                    save_btn = gr.Button("Lưu thông tin", elem_id="save-header")
                figures = gr.Dataframe(headers=fmt.FIGURE_HEADERS, value=[], type="array", interactive=True,
                                       label="Bảng số liệu (sửa như bảng tính)", elem_id="figures",
                                       datatype=["str", "number", "number", "number", "str", "str"])
                with gr.Row():
                    documents = gr.Dropdown([], label="Văn bản đã lưu", elem_id="documents", scale=3)
                    open_btn = gr.Button("Mở", elem_id="open-doc", scale=1)
                progress = gr.Markdown(elem_id="progress")
                navigator = gr.Radio([], label="Dàn ý (○ trống, ✎ nháp, ✔ đã duyệt)", elem_id="outline")
            with gr.Column(scale=5, min_width=360):
                chatbot = gr.Chatbot(label="Trò chuyện", height=430, elem_id="chat", buttons=["copy"])
                with gr.Row():
                    message = gr.Textbox(placeholder="soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí",
                                         show_label=False, scale=5, elem_id="message", submit_btn=False)
                    send = gr.Button("Gửi", variant="primary", scale=1, elem_id="send")
                warnings = gr.Markdown(elem_id="warnings")
                draft_box = gr.Textbox(label="Bản nháp của mục đang chọn (sửa tay được)", lines=10,
                                       elem_id="draft", interactive=True)
                with gr.Row():
                    accept_btn = gr.Button("✔ Duyệt vào văn bản", variant="primary", elem_id="accept")
                    regen_btn = gr.Button("↻ Soạn lại", elem_id="regenerate")
                    diff_btn = gr.Button("± So sánh bản trước", elem_id="diff")
                    edit_btn = gr.Button("💾 Lưu bản sửa tay", elem_id="save-edit")
                diff_view = gr.Code(label="Khác biệt với bản trước", language=None, visible=False,
                                    elem_id="diff-view")
            with gr.Column(scale=3, min_width=280):
                gr.Markdown("**Văn bản mẫu được dùng / sources**")
                sources = gr.HTML(fmt.sources_html([], [], ""), elem_id="sources")
        slogans_tab(ws, doc_id, status)
        listing, listing_outputs = corpus_tab(ws, status)
        export_tab(ws, doc_id, status)

        fields: list[Any] = list(form.values())
        view = [doc_id, saved, kind, *fields, figures, documents, progress, navigator, chatbot, draft_box, warnings,
                sources, status]

        def show(key: str, record: DocumentRecord | None, note: str = "", section: str | None = None,
                 draft: Any = None, found: Any = None, form_values: dict[str, Any] | None = None,
                 listing: bool = False) -> dict[Any, Any]:
            """The view of a document; ``listing`` also reads the saved documents again (every record
            on disk: only when the list can have changed)."""
            outline = ws.outline(record.kind) if record else ws.outline(kind.value or kinds[0][1])
            section = record.focus if record and section is None else section
            latest = record.latest_draft(section, "") if record and section else None
            draft = draft or latest
            values = ({k: _form_value(record, k) for k in HEADER_KEYS} if record else form_values) or {}
            out: dict[Any, Any] = {doc_id: key, saved: {"doc_id": key, "form": values},
                                   progress: fmt.progress_line(record, outline) if record else "",
                                   navigator: gr.update(choices=fmt.outline_choices(record, outline),
                                                        value=section or None),
                                   chatbot: fmt.chat_history(record),
                                   draft_box: draft.text if draft else "",
                                   warnings: fmt.warnings_markdown(draft),
                                   sources: fmt.draft_sources(draft, found or [])}
            if listing:
                out[documents] = gr.update(choices=_document_choices(ws), value=key or None)
            if record:
                out[kind] = record.kind
                out[figures] = fmt.figure_table(record.facts.figures)
            if record or values:  # the header on disk, or what was typed before "Văn bản mới"
                out.update({component: values.get(k, "") for k, component in form.items()})
            if note:
                out[status] = note
            return out

        @friendly
        def on_load(memory: dict[str, Any]) -> dict[Any, Any]:
            key = (memory or {}).get("doc_id") or ""
            try:
                record = ws.load(key) if key else None
            except AssistantError:  # a record gone or damaged since: start afresh
                log.warning("reopening %s failed", key, exc_info=True)
                record, key = None, ""
            typed = (memory or {}).get("form") or {}
            return show(key, record, HINT if record is None else "Đã mở lại văn bản / reopened.", form_values=typed,
                        listing=True)

        @friendly
        def on_new(kind_id: str, *values: Any) -> dict[Any, Any]:
            key, record = ws.create(kind_id, dict(zip(form, values, strict=True)))
            return show(key, record, f"Đã tạo văn bản mới / new document: {key}", listing=True)

        @friendly
        def on_open(key: str) -> dict[Any, Any]:
            if not key:
                raise gr.Error("Chọn một văn bản đã lưu / choose a saved document")
            return show(key, ws.load(key), f"Đã mở / opened: {key}", listing=True)

        @friendly
        def on_save(key: str, table: Any, *values: Any) -> dict[Any, Any]:
            """Only the status line and the browser's copy change: what the officer types meanwhile stays."""
            typed = dict(zip(form, values, strict=True))
            if not key:
                return {saved: {"doc_id": "", "form": typed}}
            record = ws.set_header(key, typed, fmt.table_rows(table))
            return {saved: {"doc_id": key, "form": typed}, status: "Đã lưu thông tin / saved.",
                    progress: fmt.progress_line(record, ws.outline(record.kind))}

        @friendly
        def on_send(text: str, key: str, focus: str | None) -> Iterator[dict[Any, Any]]:
            if not key:
                raise gr.Error("Hãy tạo hoặc mở một văn bản trước / create or open a document first")
            history = fmt.chat_history(ws.load(key)) + [fmt.user_message(text)]
            for reply in ws.chat(key, text, focus or ""):
                shown = fmt.draft_message(reply.message, reply.text)
                if reply.stage != "final":
                    yield {message: "", chatbot: history + [{"role": "assistant", "content": shown}],
                           navigator: gr.update(value=reply.section_id or None),
                           draft_box: reply.text, warnings: fmt.warnings_markdown(reply.draft),
                           sources: fmt.draft_sources(reply.draft, reply.sources)}
                else:
                    yield {message: "", **show(key, ws.load(key), section=reply.section_id or None,
                                               draft=reply.draft, found=reply.sources)}

        @friendly
        def on_pick(section: str, key: str) -> dict[Any, Any]:
            if not key or not section:
                return {}
            with ws.lock(key):
                record = ws.load(key)
                record.focus = section
                ws.save(key, record)
            return show(key, record, section=section)

        @friendly
        def on_accept(section: str, shown: str, key: str) -> dict[Any, Any]:
            _need_section(key, section)
            record = ws.accept(key, section, shown)
            return show(key, record, f"Đã duyệt mục {section} / accepted.", section=section, listing=True)

        @friendly
        def on_regenerate(section: str, key: str) -> Iterator[dict[Any, Any]]:
            _need_section(key, section)
            for reply in ws.regenerate(key, section):
                if reply.stage == "final":
                    yield show(key, ws.load(key), section=section, draft=reply.draft, found=reply.sources)
                else:
                    yield {draft_box: reply.text, status: "Đang soạn lại… / regenerating"}

        @friendly
        def on_diff(section: str, key: str) -> Any:
            record = ws.load(key) if key else None
            current = record.sections.get(section) if record and section else None
            if current is None or len(current.versions) < 2:
                return gr.update(value="(chưa có bản trước / no earlier version)", visible=True)
            return gr.update(value=current.versions[-1].diff, visible=True)

        @friendly
        def on_edit(section: str, text: str, key: str) -> dict[Any, Any]:
            _need_section(key, section)
            record, found = ws.edit(key, section, text)
            return show(key, record, f"Đã lưu bản sửa tay của mục {section} ({len(found)} cảnh báo).",
                        section=section)

        quiet: dict[str, Any] = {"show_progress": "hidden"}
        busy: dict[str, Any] = {"show_progress": "minimal", "show_progress_on": [chatbot, draft_box]}
        app.load(on_load, [saved], view, **quiet)
        app.load(listing, None, listing_outputs)
        new_btn.click(on_new, [kind, *fields], view, api_name="new_document", **quiet)
        open_btn.click(on_open, [documents], view, **quiet)
        saving = [saved, status, progress]
        save_btn.click(on_save, [doc_id, figures, *fields], saving, **quiet)
        for field in fields:
            field.blur(on_save, [doc_id, figures, *fields], saving, **quiet)
        figures.input(on_save, [doc_id, figures, *fields], saving, **quiet)
        send.click(on_send, [message, doc_id, navigator], [message, *view], api_name="chat", concurrency_id="chat",
                   concurrency_limit=8, **busy)
        message.submit(on_send, [message, doc_id, navigator], [message, *view], api_visibility="private",
                       concurrency_id="chat", concurrency_limit=8, **busy)
        navigator.input(on_pick, [navigator, doc_id], view, api_name="focus_section", **quiet)
        accept_btn.click(on_accept, [navigator, draft_box, doc_id], view, api_name="accept", **quiet)
        regen_btn.click(on_regenerate, [navigator, doc_id], view, concurrency_limit=8, **busy)
        diff_btn.click(on_diff, [navigator, doc_id], diff_view, **quiet)
        edit_btn.click(on_edit, [navigator, draft_box, doc_id], view, **quiet)
    return app


def _need_section(key: str, section: str) -> None:
    if not key or not section:
        raise gr.Error("Chọn một mục ở dàn ý / choose a section in the outline")


def _form_value(record: DocumentRecord, key: str) -> Any:
    value = getattr(record.facts, key)
    return "" if value is None else str(value)


def _document_choices(ws: Workspace) -> list[tuple[str, str]]:
    return [(f"{d['kind']} — {d['unit']} {d['year']} ({d['accepted']} duyệt) [{d['id']}]", d["id"])
            for d in ws.list_documents()]


def serve(ws: Workspace, host: str, port: int, auth: str | None = None, max_file_mb: int = 20,
          block: bool = True) -> Any:
    """Start the server (127.0.0.1 unless told otherwise); ``auth`` is "user:password"."""
    app = build_app(ws)
    app.queue(default_concurrency_limit=4)
    user, _, password = (auth or "").partition(":")
    credentials = (user, password) if auth else None
    ws.exports_dir.mkdir(parents=True, exist_ok=True)
    app.launch(server_name=host, server_port=port, auth=credentials, max_file_size=f"{max_file_mb}mb",
               allowed_paths=[str(ws.exports_dir.resolve())], prevent_thread_lock=not block, quiet=True, css=CSS,
               footer_links=[], ssr_mode=False, show_error=True)
    return app
