"""The chat UI's handlers without a browser: the plain functions of ``ui/views.py`` and ``ui/tabs.py``
on a workspace with fixed passages (ListRetriever) and the extractive writer or FakeListChatModel,
and the wiring of ``build_app`` (its events call them and key their updates by component).
The real page runs in test_ui_browser.py."""

from __future__ import annotations

import gradio as gr
import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.app.factory import Assistant
from assistant.config import load_settings
from assistant.ui import format as fmt
from assistant.ui import tabs, views
from assistant.ui.app import build_app
from assistant.vn.normalize import fold

from .test_drafting_logic import PASSAGES, ListRetriever
from .test_workspace import HEADER, READER

KIND = "bao-cao-thang-hanh-dong"
ASK = "soạn mục Phát động Tháng hành động"
POLISHED = "Ủy ban nhân dân xã Hòa An tổ chức Lễ phát động Tháng hành động vì bình đẳng giới năm 2025."


def workspace(tmp_path, chat_model=None):
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    backend = "local" if chat_model is not None else None
    return Assistant(settings, store=None, retriever=ListRetriever(PASSAGES), chat_model=chat_model,
                     backend=backend, reader=READER).workspace()


@pytest.fixture
def ws(tmp_path):
    return workspace(tmp_path)


@pytest.fixture
def key(ws):
    return views.new_document(ws, KIND, HEADER)["doc_id"]


def labels(update):
    """The outline's labels by section id, from a navigator update."""
    return {section: label for label, section in update["choices"]}


def test_a_new_document_is_shown_with_its_header_outline_and_the_saved_list(ws):
    out = views.new_document(ws, KIND, HEADER)
    key = out["doc_id"]
    assert key == "bao-cao-thang-hanh-dong-hoa-an-2025" and set(out) == set(views.VIEW)
    assert out["status"] == f"Đã tạo văn bản mới / new document: {key}"
    assert out["kind"] == KIND and fold(out["issuer"]) == fold(HEADER["issuer"]) and out["year"] == "2025"
    assert out["saved"] == {"doc_id": key, "form": {k: out[k] for k in views.FORM_KEYS}}
    assert out["documents"]["value"] == key and [c[1] for c in out["documents"]["choices"]] == [key]
    outline = labels(out["navigator"])
    assert outline["I.2"].startswith("○") and "Phát động Tháng hành động" in outline["I.2"]
    assert "0/" in out["progress"] and out["chatbot"] == [] and out["draft_box"] == ""
    assert "no precedents yet" in out["sources"]

    opened = views.open_document(ws, key)
    assert opened["status"] == f"Đã mở / opened: {key}" and opened["issuer"] == out["issuer"]
    reloaded = views.load_page(ws, {"doc_id": key, "form": {}})
    assert reloaded["doc_id"] == key and reloaded["status"].startswith("Đã mở lại")
    typed = views.load_page(ws, {"doc_id": "", "form": {"place": "Tân Phú"}})  # the header typed before
    assert typed["doc_id"] == "" and typed["status"] == views.HINT and typed["place"] == "Tân Phú"
    assert typed["kind"] == KIND and "I.4.a" in labels(typed["navigator"])  # the kind used last, its outline
    with pytest.raises(gr.Error, match="choose a saved document"):
        views.open_document(ws, "")


def test_a_damaged_record_in_the_browser_memory_starts_afresh(ws, key):
    (ws.documents_dir / f"{key}.json").write_text("{", encoding="utf-8")
    out = views.load_page(ws, {"doc_id": key, "form": {"issuer": "Ủy ban"}})
    assert out["doc_id"] == "" and out["status"] == views.HINT and out["issuer"] == "Ủy ban"


def test_saving_the_header_changes_only_the_status_the_progress_and_the_browser_copy(ws, key):
    form = {**{k: "" for k in views.FORM_KEYS}, **HEADER, "theme": "Chủ đề mới"}
    assert views.save_header(ws, "", [], form) == {"saved": {"doc_id": "", "form": form}}
    out = views.save_header(ws, key, [["Truyền thông", 3.0, 40, 60, "Thôn", "hoạt động"]], form)
    assert set(out) == {"saved", "status", "progress"} and out["status"] == "Đã lưu thông tin / saved."
    record = ws.load(key)
    assert record.facts.theme == "Chủ đề mới" and record.facts.figures[0].count == 3


def test_a_chat_message_is_shown_at_once_then_the_extractive_draft_then_the_saved_one(ws, key):
    updates = list(views.send_message(ws, ASK, key))
    assert len(updates) == 3
    sent, first, final = updates
    assert sent["message"] == "" and sent["chatbot"][0] == {"role": "user", "content": ASK}
    # answered at once: as waiting or writing, or (on a busy machine the worker may be quicker than
    # this generator) already with the extractive draft; never an empty or missing turn
    answer = sent["chatbot"][1]["content"]
    assert answer in (fmt.WAITING, fmt.WRITING) or "bản trích xuất" in answer
    assert "message" not in first and "message" not in final  # what the officer types meanwhile stays
    assert first["navigator"] == {"__type__": "update", "value": "I.2"}
    assert "bản trích xuất" in first["chatbot"][-1]["content"] and first["draft_box"]
    assert 'class="src"' in first["sources"] and "Thanh Xá" in first["sources"]  # the passages it was made from
    record = ws.load(key)
    assert final["draft_box"] == record.sections["I.2"].current.text
    assert "(v1, extractive)" in final["chatbot"][-1]["content"] and len(final["chatbot"]) == 2
    assert final["navigator"]["value"] == "I.2"
    assert labels(final["navigator"])["I.2"].startswith("✎") and 'class="src"' in final["sources"]
    assert not set(views.FORM_KEYS) & set(final)  # the header being typed is not overwritten
    with pytest.raises(gr.Error, match="choose the kind"):
        list(views.send_message(ws, ASK, ""))


def test_a_message_with_no_document_open_opens_the_kind_it_asks_for(ws):
    with pytest.raises(gr.Error, match="fill in the issuer"):  # nothing to take the header from
        list(views.send_message(ws, "soạn kế hoạch tháng hành động năm 2025", "", KIND, {}))
    updates = list(views.send_message(ws, "soạn kế hoạch tháng hành động năm 2025", "", KIND, HEADER))
    opened = updates[0]
    assert opened["doc_id"] == "ke-hoach-thang-hanh-dong-hoa-an-2025" and opened["kind"] == "ke-hoach-thang-hanh-dong"
    assert "Văn bản đang mở là Kế hoạch triển khai Tháng hành động" in updates[-1]["chatbot"][-1]["content"]
    # with the header of the last document, a bare section request opens the kind chosen
    updates = list(views.send_message(ws, ASK, "", KIND, {}))
    assert updates[0]["doc_id"] == "bao-cao-thang-hanh-dong-hoa-an-2025" and updates[-1]["navigator"]["value"] == "I.2"


def test_while_the_model_writes_only_the_chat_and_the_draft_are_sent(tmp_path, monkeypatch):
    ws = workspace(tmp_path, FakeListChatModel(responses=[POLISHED]))
    key = views.new_document(ws, KIND, HEADER)["doc_id"]
    rendered = []
    draft_sources = fmt.draft_sources
    monkeypatch.setattr(fmt, "draft_sources", lambda *a: rendered.append(1) or draft_sources(*a))
    updates = list(views.send_message(ws, ASK, key))[1:]  # after the message shown at once
    tokens = updates[1:-1]
    assert len(tokens) > 5 and all(set(u) == {"chatbot", "draft_box"} for u in tokens)
    assert "đang viết" in tokens[-1]["chatbot"][-1]["content"]
    assert tokens[-1]["draft_box"].startswith(tokens[0]["draft_box"]) and len(tokens[-1]["draft_box"]) > 20
    assert 'class="src"' in updates[0]["sources"] and 'class="src"' in updates[-1]["sources"]
    assert "warnings" in updates[0] and "warnings" in updates[-1]
    assert len(rendered) == 2  # the sources panel: once with the extractive draft, once with the final one
    assert "(v1, local)" in updates[-1]["chatbot"][-1]["content"] and "Lễ phát động" in updates[-1]["draft_box"]
    assert tokens[-1]["draft_box"] == POLISHED  # the model's text as it came

    regenerated = list(views.regenerate_section(ws, "I.2", key))
    assert regenerated[0]["status"] == "Đang soạn lại… / regenerating" and regenerated[0]["draft_box"]
    assert all(set(u) == {"chatbot", "draft_box"} for u in regenerated[1:-1]) and len(regenerated) > 3
    assert regenerated[-1]["navigator"]["value"] == "I.2" and len(ws.load(key).sections["I.2"].versions) == 2


def test_accept_edit_and_diff_show_the_document_as_saved(ws, key):
    list(views.send_message(ws, ASK, key))
    assert views.diff_section(ws, "I.2", key)["diff_view"]["value"].startswith("(chưa có bản trước")
    out = views.accept_section(ws, "I.2", "Lễ phát động do cán bộ viết lại.", key)  # the text on screen
    assert out["status"] == "Đã duyệt mục I.2 / accepted." and out["draft_box"] == "Lễ phát động do cán bộ viết lại."
    assert labels(out["navigator"])["I.2"].startswith("✔") and "1/" in out["progress"]
    assert "(1/11 duyệt)" in out["documents"]["choices"][0][0]
    diff = views.diff_section(ws, "I.2", key)["diff_view"]
    assert diff["visible"] is True and "cán bộ viết lại" in diff["value"]

    out = views.edit_section(ws, "I.2", "Tổ chức 99 buổi tuyên truyền tại xã Tân Phú.", key)
    assert out["status"] == "Đã lưu bản sửa tay của mục I.2 (2 cảnh báo)."
    assert "99 buổi" in out["draft_box"] and "*số liệu*" in out["warnings"] and "*tên riêng*" in out["warnings"]
    assert labels(out["navigator"])["I.2"].startswith("✎") and "documents" not in out
    with pytest.raises(gr.Error, match="choose a section"):
        views.accept_section(ws, "", "text", key)

    picked = views.pick_section(ws, "I.3", key)
    assert ws.load(key).focus == "I.3" and picked["navigator"]["value"] == "I.3" and picked["draft_box"] == ""
    assert views.pick_section(ws, "", key) == {}


def test_errors_become_one_line_messages_and_bugs_an_internal_error(ws, key, monkeypatch):
    with pytest.raises(gr.Error) as bad_id:
        views.open_document(ws, "../../etc/passwd")
    assert bad_id.value.message.startswith("(lỗi) mã văn bản không hợp lệ") and "\n" not in bad_id.value.message
    with pytest.raises(gr.Error) as empty:
        views.edit_section(ws, "I.2", "   ", key)
    assert empty.value.message.startswith("(lỗi) bản sửa trống")
    (ws.documents_dir / f"{key}.json").write_text("{", encoding="utf-8")
    with pytest.raises(gr.Error) as damaged:
        list(views.send_message(ws, ASK, key))
    assert damaged.value.message.startswith("(lỗi)") and "Traceback" not in damaged.value.message

    def broken():
        raise KeyError("oops")

    monkeypatch.setattr(ws, "list_documents", broken)
    with pytest.raises(gr.Error) as bug:
        views.new_document(ws, KIND, HEADER)
    assert bug.value.message.startswith("(lỗi nội bộ / internal error: ") and "logged" in bug.value.message


def test_build_app_wires_the_events_to_the_views_by_component(ws, key):
    app = build_app(ws)
    events = {f.api_name: f for f in app.fns.values()}
    chat = events["chat"]
    by_id = {getattr(c, "elem_id", None): c for c in chat.outputs}
    updates = list(chat.fn(ASK, key, KIND, *[HEADER.get(k, "") for k in views.FORM_KEYS]))
    assert all(set(u) <= set(chat.outputs) for u in updates)
    assert by_id["message"] in updates[0] and by_id["sources"] in updates[1] and by_id["sources"] in updates[-1]
    assert "(v1, extractive)" in updates[-1][by_id["chat"]][-1]["content"]
    created = events["new_document"].fn(KIND, *[HEADER.get(k, "") for k in views.FORM_KEYS])
    outputs = {getattr(c, "elem_id", None): c for c in events["new_document"].outputs}
    assert fold(created[outputs["f-signer"]]) == fold(HEADER["signer"]) and created[outputs["status"]].endswith("-2")
    assert {"on_load", "on_open", "on_save", "on_regenerate", "on_diff", "on_edit"} <= set(events)


def test_the_other_tabs_export_search_and_pick_slogans(ws, key, tmp_path):
    list(views.send_message(ws, ASK, key))
    download, findings, preview = tabs.export_document(ws, key)
    assert download["visible"] is True and download["value"].endswith(f"{key}.docx")
    assert "Phát động Tháng hành động" in preview and findings.startswith(("**Kiểm tra", "✔"))
    with pytest.raises(gr.Error, match="open a document first"):
        tabs.export_document(ws, "")
    assert tabs.search_library(ws, "   ") == ""
    plan = views.new_document(ws, "ke-hoach-thang-hanh-dong", HEADER)["doc_id"]
    with pytest.raises(gr.Error, match="nothing picked"):
        tabs.pick_slogans(ws, plan, "huy-dong-nam-gioi", [], [])
    note = tabs.pick_slogans(ws, plan, "huy-dong-nam-gioi", ["Nam giới chung tay chia sẻ việc nhà"], [])
    assert note.startswith("Đã thêm 1 thông điệp vào mục ")
    with pytest.raises(gr.Error, match="no slogan section"):
        tabs.pick_slogans(ws, key, "huy-dong-nam-gioi", ["x"], [])


def test_a_plan_stated_in_the_chat_shows_in_its_header_box(ws, key):
    """Seen in a walk: "phường có Kế hoạch số 87/KH-UBND ngày 10/11/2025 …" was kept as the plan, but its
    box stayed empty (and saving the header would have wiped it)."""
    final = list(views.send_message(ws, "phường có Kế hoạch số 87/KH-UBND ngày 10/11/2025 triển khai Tháng "
                                        "hành động", key))[-1]
    assert final["plan"] == ws.load(key).facts.plan == "Kế hoạch số 87/KH-UBND ngày 10/11/2025"
    assert not {"issuer", "place", "signer"} & set(final)  # the rest of the header being typed stays
