"""The chat workspace in the browser (Gradio): it receives a ``Workspace`` and only lays out and wires.

Drafting tab: the document panel (kind, header facts, the figures table, saved documents),
the outline navigator with each section's state, the chat with the current draft, its warnings
and actions (accept, regenerate, diff, edit by hand), and the sources panel. What each event does
is a plain function of ``views.py`` (tested without a browser); the slogans, precedent library and
export tabs are in ``tabs.py``. The open document's id is kept in the browser (``BrowserState``),
the document itself on disk: a reload or a restart finds the work as it was. Errors from the core
are shown as one-line messages, never tracebacks.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.app.workspace import Workspace
from assistant.ui import format as fmt
from assistant.ui import views
from assistant.ui.tabs import corpus_tab, export_tab, outline_tab, slogans_tab
from assistant.vn.domain import load_domain

CSS = """
.sources {max-height: 70vh; overflow-y: auto}
.src {border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; margin-bottom: 8px; font-size: 0.9em}
.src-head {color: #555; margin-bottom: 4px}
.src mark {background: #fff3a3; padding: 0}
.src:target {border-color: #d97706; box-shadow: 0 0 0 2px #fbbf24}
#figures *, #corpus-list * {font-family: ui-sans-serif, system-ui, "DejaVu Sans", sans-serif !important}
"""


def build_app(ws: Workspace) -> gr.Blocks:
    kinds = views.kinds(ws)
    with gr.Blocks(title="Trợ lý soạn thảo văn bản bình đẳng giới") as app:
        saved = gr.BrowserState({"doc_id": "", "form": {}}, storage_key="tro-ly-soan-thao")
        doc_id = gr.State("")
        gr.Markdown("## Trợ lý soạn thảo kế hoạch, báo cáo về bình đẳng giới")
        status = gr.Markdown(views.HINT, elem_id="status")
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
        outline_tab(ws, kind, status)

        fields: list[Any] = [form[key] for key in views.FORM_KEYS]  # the order the views read them in
        named: dict[str, Any] = {"doc_id": doc_id, "saved": saved, "kind": kind, **form, "figures": figures,
                                 "documents": documents, "progress": progress, "navigator": navigator,
                                 "chatbot": chatbot, "draft_box": draft_box, "warnings": warnings,
                                 "sources": sources, "status": status, "message": message, "diff_view": diff_view}
        view = [named[name] for name in views.VIEW]

        def on(name: str, handler: Callable[..., Any], form_from: int | None = None) -> Callable[..., Any]:
            return _event(ws, named, handler, name, form_from)

        quiet: dict[str, Any] = {"show_progress": "hidden"}
        busy: dict[str, Any] = {"show_progress": "minimal", "show_progress_on": [chatbot, draft_box]}
        app.load(on("on_load", views.load_page), [saved], view, **quiet)
        app.load(listing, None, listing_outputs)
        new_btn.click(on("on_new", views.new_document, 1), [kind, *fields], view, api_name="new_document", **quiet)
        open_btn.click(on("on_open", views.open_document), [documents], view, **quiet)
        saving = [saved, status, progress]
        on_save = on("on_save", views.save_header, 2)
        save_btn.click(on_save, [doc_id, figures, *fields], saving, **quiet)
        for field in fields:
            field.blur(on_save, [doc_id, figures, *fields], saving, **quiet)
        figures.input(on_save, [doc_id, figures, *fields], saving, **quiet)
        # A message sent while a draft is being written is queued by the workspace, not dropped: every
        # click and Enter starts its own event ("multiple"), and the events only wait for their turn.
        on_send = on("on_send", views.send_message, 3)
        chatting: dict[str, Any] = {"trigger_mode": "multiple", "concurrency_limit": None, **busy}
        send.click(on_send, [message, doc_id, kind, *fields], [message, *view], api_name="chat", **chatting)
        message.submit(on_send, [message, doc_id, kind, *fields], [message, *view], api_visibility="private",
                       **chatting)
        chatbot.option_select(on("on_choice", views.choose, 3), [doc_id, kind, *fields],
                              [message, *view], api_visibility="private", **chatting)
        navigator.input(on("on_pick", views.pick_section), [navigator, doc_id], view, api_name="focus_section",
                        **quiet)
        accept_btn.click(on("on_accept", views.accept_section), [navigator, draft_box, doc_id], view,
                         api_name="accept", **quiet)
        regen_btn.click(on("on_regenerate", views.regenerate_section), [navigator, doc_id], view,
                        **chatting)
        diff_btn.click(on("on_diff", views.diff_section), [navigator, doc_id], [diff_view], **quiet)
        edit_btn.click(on("on_edit", views.edit_section), [navigator, draft_box, doc_id], view, **quiet)
    return app


def _event(ws: Workspace, named: dict[str, Any], handler: Callable[..., Any], name: str,
           form_from: int | None) -> Callable[..., Any]:
    """``handler(ws, *inputs)`` as Gradio calls it: its named updates keyed by component (streamed if it
    streams); the header fields, the inputs from ``form_from`` on, passed as one dict. ``name`` is
    the event's API name when it has none of its own."""
    def arguments(values: tuple[Any, ...]) -> tuple[Any, ...]:
        if form_from is None:
            return values
        return (*values[:form_from], dict(zip(views.FORM_KEYS, values[form_from:], strict=True)))

    def by_component(update: views.Update) -> dict[Any, Any]:
        return {named[key]: value for key, value in update.items()}

    def stream(*values: Any) -> Iterator[dict[Any, Any]]:
        for update in handler(ws, *arguments(values)):
            yield by_component(update)

    def call(*values: Any) -> dict[Any, Any]:
        return by_component(handler(ws, *arguments(values)))

    event: Any = stream if inspect.isgeneratorfunction(handler) else call  # Gradio streams only a generator function
    event.__name__, event.__qualname__, event.__doc__ = name, name, handler.__doc__
    # the API's parameter names: the handler's own, less the workspace (the header fields stay positional);
    # a parameter typed ``gr.SelectData`` (first) is filled by Gradio with what was clicked
    parameters = list(inspect.signature(handler).parameters.values())[1:]
    if form_from is not None:
        parameters = [*parameters[:form_from], inspect.Parameter("values", inspect.Parameter.VAR_POSITIONAL)]
    event.__annotations__ = {name: hint for name, hint in typing.get_type_hints(handler).items()
                             if isinstance(hint, type) and issubclass(hint, gr.EventData)}
    event.__signature__ = inspect.Signature(parameters)
    return event


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
