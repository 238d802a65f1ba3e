"""The chat UI's other tabs: slogans, the precedent library (upload, list, remove, search), export.

What each event does is a plain function at the top (the workspace and the values on the screen in,
the outputs' values out: tested without a browser); the tabs below only lay out and wire. The work
is done by ``Workspace`` and its ``Library``; uploads are checked and stored under safe names there
(type, size, no path parts); text from documents is escaped by ``format.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app.library import ALLOWED_SUFFIXES
from assistant.app.workspace import Workspace
from assistant.ui import format as fmt
from assistant.ui import views
from assistant.ui.errors import friendly
from assistant.vn.domain import load_domain

CORPUS_HEADERS = ["Tệp", "Loại", "Năm", "Đơn vị", "Trích yếu", "Đoạn"]


@friendly
def find_slogans(ws: Workspace, group_id: str, year_value: float, theme_text: str, n: float) -> tuple[Any, Any, str]:
    """The official slogans of a group and new candidates: two lists to pick from, and notes."""
    found = ws.slogans(group_id, int(year_value or datetime.date.today().year), theme_text, int(n))
    closest = "\n".join(f"- {c.text} — gần nhất: “{c.closest}” ({c.similarity})" for c in found.candidates)
    alerts = "\n".join(f"- ⚙ {w.message}" for w in found.warnings)
    return (gr.update(choices=[(f"{s.text} ({s.year})", s.text) for s in found.official], value=[]),
            gr.update(choices=[c.text for c in found.candidates], value=[]),
            "\n".join(part for part in (closest, alerts) if part))


@friendly
def pick_slogans(ws: Workspace, key: str, group_id: str, chosen_official: list[str], chosen_new: list[str]) -> str:
    """The slogans picked, appended to the open plan's slogan section; the status line."""
    if not key:
        raise gr.Error("Hãy tạo hoặc mở một kế hoạch trước / open a plan first")
    record = ws.load(key)
    section = ws.slogan_section(record.kind, group_id)
    if not section:
        raise gr.Error("Văn bản đang mở không có mục thông điệp / this document has no slogan section")
    texts = list(chosen_official) + list(chosen_new)
    if not texts:
        raise gr.Error("Chưa chọn thông điệp nào / nothing picked")
    ws.add_lines(key, section, texts)
    return f"Đã thêm {len(texts)} thông điệp vào mục {section} / added."


@friendly
def library_listing(ws: Workspace) -> tuple[list[list[Any]], Any]:
    """The library's table and the choices of the remove list."""
    rows = ws.library.documents()
    return ([[r["source"], r["kind"], r["year"], r["unit"], r["title"], r["chunks"]] for r in rows],
            gr.update(choices=[r["source"] for r in rows], value=None))


@friendly
def upload_files(ws: Workspace, paths: list[Any] | None, progress: Callable[..., Any]) -> tuple[str, Any, Any]:
    """Files into the library (``progress(fraction, desc=…)`` told as they are indexed); the log and the listing."""
    if not paths:
        raise gr.Error("Chưa chọn tệp / no file chosen")
    uploads = [(Path(str(p)), Path(str(p)).name) for p in paths]
    total = {"n": 1, "done": 0}

    def start(n: int) -> None:
        total["n"] = max(n, 1)
        progress(0, desc="Đang đưa vào kho / indexing")

    def step(n: int) -> None:
        total["done"] += n
        progress(total["done"] / total["n"], desc="Đang đưa vào kho / indexing")

    result = ws.library.upload(uploads, start, step)
    rows, choices = library_listing(ws)
    return "\n".join(f"- {line}" for line in result.messages) or "(không có gì mới)", rows, choices


@friendly
def remove_file(ws: Workspace, source: str) -> tuple[str, Any, Any]:
    if not source:
        raise gr.Error("Chọn văn bản cần gỡ / choose a document")
    ws.library.remove(source)
    rows, choices = library_listing(ws)
    return f"Đã gỡ {source} (tệp chuyển vào data/removed/) / removed.", rows, choices


@friendly
def search_library(ws: Workspace, text: str) -> str:
    if not text.strip():
        return ""
    return fmt.search_html(ws.library.search(text), text)


@friendly
def export_document(ws: Workspace, key: str) -> tuple[Any, str, str]:
    """The Word file to download, the format check's findings, the Markdown preview."""
    if not key:
        raise gr.Error("Hãy tạo hoặc mở một văn bản trước / open a document first")
    path, markdown, found, warnings = ws.export(key)
    return gr.update(value=str(path), visible=True), fmt.findings_markdown(found, warnings), markdown


@friendly
def preview_outline(ws: Workspace, path: Any, outline_id: str, name: str, part: str) -> tuple[Any, ...]:
    """The outline a higher level's document gives, shown before it is kept: the summary, its id and
    name (editable), the parts to choose from, and its YAML text (correctable by hand)."""
    if not path:
        raise gr.Error("Chưa chọn tệp / no file chosen")
    index = int(part) if str(part or "").strip().isdigit() else None
    outline, parts = ws.read_outline(Path(str(path)), outline_id or None, name or None, index)
    choices = [(p.label, str(p.index)) for p in parts]
    chosen = str(index) if index is not None else (choices[0][1] if choices else None)
    return (fmt.outline_markdown(outline), gr.update(value=outline.id), gr.update(value=outline.name),
            gr.update(choices=choices, value=chosen), gr.update(value=outline.to_yaml()))


@friendly
def keep_outline(ws: Workspace, path: Any, outline_id: str, name: str, part: str, replace_own: bool,
                 text: str = "") -> tuple[str, Any]:
    """Store the outline (as corrected in the text box, when it was read first); the kind picker offers
    it at once."""
    if not path and not text.strip():
        raise gr.Error("Chưa chọn tệp / no file chosen")
    index = int(part) if str(part or "").strip().isdigit() else None
    outline, left = ws.add_outline(Path(str(path)) if path else None, outline_id or None, name or None, index,
                                   replace_own, text)
    kinds = views.kinds(ws)
    kept = (f" Bản nháp của {len(left)} mục không còn trong dàn ý mới vẫn được giữ trong hồ sơ: "
            + ", ".join(left) + ".") if left else ""
    return (f"Đã lưu dàn ý **{fmt.safe_markdown(outline.name)}** ({outline.id}); chọn nó ở “Loại văn bản” / saved."
            + kept, gr.update(choices=kinds, value=outline.id))


def outline_tab(ws: Workspace, kind: gr.Dropdown, status: gr.Markdown) -> None:
    """Dàn ý từ văn bản cấp trên: upload the higher level's plan, see the outline it gives, correct,
    rename, keep."""
    with gr.Tab("Dàn ý từ văn bản cấp trên", id="mandate"):
        gr.Markdown("Tải lên kế hoạch của cấp trên (có ĐỀ CƯƠNG BÁO CÁO kèm theo), một đề cương, hoặc báo cáo "
                    "năm trước: trợ lý đọc các mục đánh số, bảng và hướng dẫn của từng mục thành một dàn ý mới.")
        upload = gr.File(file_types=list(ALLOWED_SUFFIXES), label="Văn bản cấp trên", elem_id="mandate-file")
        with gr.Row():
            part = gr.Dropdown([], label="Phần dùng làm dàn ý", elem_id="mandate-part", scale=3)
            read = gr.Button("Đọc dàn ý", variant="primary", elem_id="mandate-read", scale=1)
        with gr.Row():
            outline_id = gr.Textbox(label="Mã dàn ý", elem_id="mandate-id")
            name = gr.Textbox(label="Tên hiển thị", elem_id="mandate-name", scale=3)
            replace_own = gr.Checkbox(label="Thay dàn ý cùng mã", elem_id="mandate-replace")
        found = gr.Markdown(elem_id="mandate-outline")
        with gr.Accordion("Sửa dàn ý (YAML): mục, tiêu đề, hướng dẫn, bảng", open=False):
            text = gr.Code(language="yaml", label="Dàn ý", elem_id="mandate-yaml", interactive=True)
        keep = gr.Button("Lưu dàn ý", elem_id="mandate-keep")

    outputs = [found, outline_id, name, part, text]

    def on_read(path: Any, chosen_id: str, chosen_name: str, chosen_part: str) -> tuple[Any, ...]:
        return preview_outline(ws, path, chosen_id, chosen_name, chosen_part)

    def on_keep(path: Any, chosen_id: str, chosen_name: str, chosen_part: str, again: bool,
                corrected: str) -> tuple[str, Any]:
        return keep_outline(ws, path, chosen_id, chosen_name, chosen_part, again, corrected or "")

    def on_upload(path: Any) -> tuple[Any, ...]:
        return preview_outline(ws, path, "", "", "")

    upload.upload(on_upload, [upload], outputs, concurrency_limit=1)
    read.click(on_read, [upload, outline_id, name, part], outputs, concurrency_limit=1)
    keep.click(on_keep, [upload, outline_id, name, part, replace_own, text], [status, kind], concurrency_limit=1)


def slogans_tab(ws: Workspace, doc_id: gr.State, status: gr.Markdown) -> None:
    groups = [(g.title, g.id) for g in load_domain().slogan_groups]
    with gr.Tab("Thông điệp, khẩu hiệu", id="slogans"):
        with gr.Row():
            group = gr.Dropdown(groups, value=groups[0][1], label="Nhóm thông điệp", elem_id="s-group")
            year = gr.Number(value=datetime.date.today().year, precision=0, label="Năm", elem_id="s-year")
            theme = gr.Textbox(label="Chủ đề năm", elem_id="s-theme")
            count = gr.Slider(1, 10, value=5, step=1, label="Số đề xuất mới")
        find = gr.Button("Tìm thông điệp", variant="primary", elem_id="s-find")
        official = gr.CheckboxGroup([], label="Thông điệp chính thức (mới nhất trước)", elem_id="s-official")
        candidates = gr.CheckboxGroup([], label="Đề xuất mới (không trùng thông điệp chính thức)",
                                      elem_id="s-candidates")
        notes = gr.Markdown(elem_id="s-notes")
        pick = gr.Button("Đưa các thông điệp đã chọn vào kế hoạch", elem_id="s-pick")

    def on_find(group_id: str, year_value: float, theme_text: str, n: float) -> tuple[Any, Any, str]:
        return find_slogans(ws, group_id, year_value, theme_text, n)

    def on_pick(key: str, group_id: str, chosen_official: list[str], chosen_new: list[str]) -> str:
        return pick_slogans(ws, key, group_id, chosen_official, chosen_new)

    find.click(on_find, [group, year, theme, count], [official, candidates, notes])
    pick.click(on_pick, [doc_id, group, official, candidates], status)


def corpus_tab(ws: Workspace, status: gr.Markdown) -> tuple[Any, list[Any]]:
    """The library tab; returns its listing function and outputs, for the page load."""
    with gr.Tab("Kho văn bản mẫu", id="corpus"):
        files = gr.File(file_count="multiple", file_types=list(ALLOWED_SUFFIXES), label="Tải lên (.docx, .pdf, "
                        f".txt, .md; tối đa {ws.settings.upload_max_mb} MB mỗi tệp)", elem_id="upload")
        upload = gr.Button("Đưa vào kho", variant="primary", elem_id="upload-btn")
        log = gr.Markdown(elem_id="upload-log")
        table = gr.Dataframe(headers=CORPUS_HEADERS, value=[], interactive=False, label="Văn bản trong kho",
                             elem_id="corpus-list")
        with gr.Row():
            chosen = gr.Dropdown([], label="Gỡ một văn bản khỏi kho", elem_id="remove-choice", scale=3)
            remove = gr.Button("Gỡ", variant="stop", elem_id="remove-btn", scale=1)
        with gr.Row():
            query = gr.Textbox(label="Tìm trong văn bản mẫu", elem_id="search-box", scale=4)
            search = gr.Button("Tìm", elem_id="search-btn", scale=1)
        results = gr.HTML(elem_id="search-results")

    def listing() -> tuple[list[list[Any]], Any]:
        return library_listing(ws)

    def on_upload(paths: list[Any] | None, progress: gr.Progress = gr.Progress()) -> tuple[str, Any, Any]:  # noqa: B008
        return upload_files(ws, paths, progress)

    def on_remove(source: str) -> tuple[str, Any, Any]:
        return remove_file(ws, source)

    def on_search(text: str) -> str:
        return search_library(ws, text)

    upload.click(on_upload, [files], [log, table, chosen], concurrency_limit=1)
    remove.click(on_remove, [chosen], [status, table, chosen], concurrency_limit=1)
    search.click(on_search, [query], results, api_name="search")
    query.submit(on_search, [query], results, api_visibility="private")
    return listing, [table, chosen]


def export_tab(ws: Workspace, doc_id: gr.State, status: gr.Markdown) -> None:
    with gr.Tab("Xuất văn bản", id="export"):
        run = gr.Button("Tạo tệp Word (Nghị định 30/2020)", variant="primary", elem_id="export-btn")
        download = gr.DownloadButton("Tải tệp .docx", visible=False, elem_id="download")
        findings = gr.Markdown(elem_id="findings")
        preview = gr.Markdown(elem_id="preview", label="Xem trước", line_breaks=True)

    def on_export(key: str) -> tuple[Any, str, str]:
        return export_document(ws, key)

    run.click(on_export, [doc_id], [download, findings, preview])
