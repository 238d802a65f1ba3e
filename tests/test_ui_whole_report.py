"""The whole job in a real browser: an officer writes a complete Action Month report only through the
chat, in plain words, sending the next request while the model still writes the last (as people
do), with one figures message, one refinement and one question answered by a click; accepts every
section; exports the DOCX; reloads and finds the whole conversation. Run with the extractive writer
and with the real local model (llama.cpp) on the real index; the time from the first message to the
exported report is written to test-artifacts/whole-report-<backend>.json (BENCHMARKS.md section 13).
"""

from __future__ import annotations

import json
import time

import pytest

from assistant.app.factory import Assistant
from assistant.core.outlines import get_outline
from assistant.ui.app import serve
from assistant.vn.normalize import fold

from .conftest import ARTIFACTS
from .servers import free_port
from .test_ui_browser import field, shot, wait_text

pytestmark = [pytest.mark.slow, pytest.mark.browser]
OUTLINE = get_outline("bao-cao-thang-hanh-dong")
HEADER = [("issuer", "Ủy ban nhân dân phường Tân An"), ("place", "Tân An"), ("year", "2025"),
          ("signer", "Lê Văn Tâm"), ("plan", "Kế hoạch số 95/KH-UBND ngày 05/11/2025"),
          ("notes", "Lễ mít tinh hưởng ứng ngày 21/11/2025 tại Nhà văn hóa phường có 300 người tham dự.")]
FIGURES = ("số liệu: Lễ mít tinh hưởng ứng: 1 cuộc, nam 120, nữ 180; Tọa đàm tại các khu phố: 3 cuộc, nam 40, "
           "nữ 75; Tin bài trên trang thông tin điện tử: 6 tin")
# (message, the section it must draft, sent while the one before is still being written?)
SCRIPT = [
    ("viết phần chỉ đạo triển khai", "I.1", False),
    ("giờ đến lễ phát động", "I.2", True),
    ("mục tiếp theo", "I.3", True),
    (FIGURES, "I.3", False),  # the table's rows, and the section on screen drafted again with them
    ("phần kinh phí nhà nước cấp", "I.4.a", False),
    ("tiếp theo là nguồn vận động", "I.4.b", True),
    ("viết đoạn kết quả đạt được và bài học", "II.1", False),
    ("khó khăn", "II.2", True),
    ("kiến nghị", "II.3", True),
    ("ngắn gọn hơn", "II.3", True),  # a refinement of the draft the request before it opened
    ("lập bảng hoạt động hưởng ứng", "III.1", False),
    ("bảng sản phẩm truyền thông", "III.3", True),
]
ASKED = "bảng truyền thông"  # III.2 or III.3? the assistant asks; the officer clicks III.2


@pytest.fixture(params=["extractive", "local"])
def whole_app(request, gemma_settings, gemma_index, tmp_path):
    backend = request.param
    if backend == "local" and not gemma_settings.gguf_path.is_file():
        pytest.fail("Qwen2.5-Coder GGUF is not prepared: run `make models` (the test command does)")
    settings = gemma_settings.with_overrides(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                                             draft_backend="local")
    given = {"chat_model": None} if backend == "extractive" else {}
    workspace = Assistant(settings, embeddings=gemma_index[0].embeddings, **given).workspace()
    port = free_port()
    app = serve(workspace, "127.0.0.1", port, block=False)
    yield backend, f"http://127.0.0.1:{port}/", workspace
    app.close()


def wait_idle(page, workspace, sent: int, timeout: float = 600) -> None:
    """Until the document's conversation holds ``sent`` messages, each answered in its place, and
    the page shows none waiting or being written."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        listed = workspace.list_documents()
        chat = workspace.load(listed[0]["id"]).chat if listed else []
        users = sum(m["role"] == "user" for m in chat)
        if users >= sent and not any("ticket" in m for m in chat) and "⏳" not in page.locator("#chat").inner_text():
            return
        time.sleep(0.5)
    raise AssertionError(f"the chat did not settle: {page.locator('#chat').inner_text()[-800:]}")


def send(page, message: str) -> None:
    box = page.locator("#message textarea")
    box.fill(message)
    box.press("Enter")


def test_an_officer_writes_a_whole_action_month_report_through_the_chat(browser, whole_app, tmp_path):
    backend, url, workspace = whole_app
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(300_000)
    page.goto(url)
    page.wait_for_selector("#f-issuer textarea")
    for name, value in HEADER:
        field(page, name).fill(value)

    started = time.time()
    send(page, "soạn báo cáo tháng hành động năm 2025")  # no document yet: the message opens it
    wait_text(page, "#chat", "Văn bản đang mở")
    sent = 1
    for message, _, overlap in SCRIPT:
        if not overlap:
            wait_idle(page, workspace, sent)
        send(page, message)  # an overlapping one goes while the model still writes the one before
        sent += 1
        wait_text(page, "#chat", message[:20])  # shown at once (as waiting, if a draft is being written)
    wait_idle(page, workspace, sent)
    shot(page, f"whole-{backend}-1-drafted")

    send(page, ASKED)
    page.get_by_role("button", name="III.2 Kết quả truyền thông").click()  # the choice, clicked
    wait_idle(page, workspace, sent + 2)

    key = workspace.list_documents()[0]["id"]
    record = workspace.load(key)
    drafted = {sid for sid, section in record.sections.items() if section.versions}
    leaves = [s for s in OUTLINE.all_sections() if not s.children]
    assert {s.id for s in leaves} <= drafted, f"not drafted: {[s.id for s in leaves if s.id not in drafted]}"
    assert record.facts.plan.startswith("Kế hoạch số 95") and "300 người" in record.facts.notes  # the typed header
    sent_texts = [m["content"] for m in record.chat if m["role"] == "user"]
    assert sent_texts == ["soạn báo cáo tháng hành động năm 2025", *(m for m, _, _ in SCRIPT), ASKED, "soạn mục III.2"]
    assert not any("ticket" in m for m in record.chat) and len(record.chat) == 2 * len(sent_texts)
    for message, section, _ in SCRIPT:  # each request drafted the section it asked for
        index = 2 * sent_texts.index(message) + 1
        answer = record.chat[index]["content"]
        title = OUTLINE.section(section).title
        assert title in answer or title.upper() in answer, (message, section, answer[:200])
    assert [fold(r.activity) for r in record.facts.figures][:2] == [fold("Lễ mít tinh hưởng ứng"),
                                                                     fold("Tọa đàm tại các khu phố")]

    for section in leaves:  # accept each, as shown in the outline
        page.locator("#outline label").filter(has_text=section.title).first.click()
        latest = record.sections[section.id].versions[-1].text
        page.wait_for_function("(t) => document.querySelector('#draft textarea').value === t", arg=latest)
        page.click("#accept")
        wait_text(page, "#status", f"Đã duyệt mục {section.id}")
    page.get_by_role("tab", name="Xuất văn bản").click()
    page.click("#export-btn")
    page.wait_for_selector("#download", state="visible")
    with page.expect_download() as download:
        page.click("#download")
    saved = tmp_path / "report.docx"
    download.value.save_as(saved)
    elapsed = time.time() - started
    shot(page, f"whole-{backend}-2-exported")
    from docx import Document

    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    assert all(s.title in text for s in leaves) and "Tân An" in text

    page.reload()
    page.wait_for_selector("#f-issuer textarea")
    wait_text(page, "#chat", "soạn mục III.2")
    after = page.locator("#chat").inner_text()
    assert all(m[:30] in after for m in sent_texts) and "⏳" not in after  # the whole conversation, answered
    assert "11/11 mục đã duyệt" in page.locator("#progress").inner_text()
    shot(page, f"whole-{backend}-3-reloaded")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"whole-report-{backend}.json").write_text(json.dumps({
        "backend": backend, "messages": len(sent_texts), "sections": len(leaves),
        "seconds_to_export": round(elapsed, 1), "document": key}, ensure_ascii=False, indent=1), encoding="utf-8")
    context.close()
