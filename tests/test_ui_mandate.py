"""Issue 15 in a real browser: an officer uploads the province's plan, sees the outline of its attached
ĐỀ CƯƠNG (ids, titles, tables), renames it, keeps it, picks it as the kind, drafts a section no earlier
outline has through the chat, and exports the report; the format check against the outline finds no
missing section it was told about. Extractive writer (the model's part is tested elsewhere).
Screenshots go to test-artifacts/ui-mandate-*.png.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.app.factory import Assistant
from assistant.ui.app import serve
from assistant.vn.normalize import fold

from .conftest import ARTIFACTS
from .servers import free_port

pytestmark = [pytest.mark.slow, pytest.mark.browser]
PLAN = Path(__file__).parent / "data" / "mandates" / "tinh_2025_kehoach_thang_hanh_dong.txt"
NAME = "Báo cáo Tháng hành động 2025 theo đề cương tỉnh Ninh Hòa"


@pytest.fixture(scope="module")
def app_url(gemma_settings, gemma_index, tmp_path_factory):
    root = tmp_path_factory.mktemp("ui-mandate")
    shutil.copytree(gemma_settings.index_dir, root / "index")
    settings = gemma_settings.with_overrides(index_dir=root / "index", data_dir=root / "data",
                                             corpus_dir=root / "corpus", draft_backend="extractive")
    workspace = Assistant(settings, embeddings=gemma_index[0].embeddings, chat_model=None).workspace()
    port = free_port()
    app = serve(workspace, "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ui-mandate-{name}.png"), full_page=True)


def wait_text(page, selector: str, needle: str, timeout: float = 180) -> None:
    page.wait_for_function("([s, n]) => { const e = document.querySelector(s); return e && e.innerText.includes(n); }",
                           arg=[selector, needle], timeout=timeout * 1000)


def test_an_outline_from_the_provinces_plan_is_kept_and_drafted_in_the_browser(browser, app_url):
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(app_url)
    page.wait_for_selector("#f-issuer textarea")

    page.get_by_role("tab", name="Dàn ý từ văn bản cấp trên").click()
    page.locator("#mandate-file input[type=file]").set_input_files(str(PLAN))
    wait_text(page, "#mandate-outline", "Truyền thông trên môi trường số")
    found = page.locator("#mandate-outline").inner_text()
    assert "III.2" in found and "Nền tảng số | Số tin, bài | Lượt tiếp cận" in found and "I.5.b" in found
    assert page.locator("#mandate-id textarea, #mandate-id input").first.input_value().startswith("bao-cao-")
    page.locator("#mandate-name textarea, #mandate-name input").first.fill(NAME)
    shot(page, "1-preview")
    page.click("#mandate-keep")
    wait_text(page, "#status", "Đã lưu dàn ý")

    page.get_by_role("tab", name="Soạn thảo").click()
    assert fold(NAME) in fold(page.locator("#kind input").input_value())  # picked at once (tone marks normalised)
    for name, value in [("issuer", "Ủy ban nhân dân phường Tân Lập"), ("place", "Tân Lập"), ("year", "2025"),
                        ("signer", "Lê Thị Hoa")]:
        page.locator(f"#f-{name} textarea").fill(value)
    page.click("#new-doc")
    wait_text(page, "#status", "Đã tạo")
    assert "Truyền thông trên môi trường số" in page.locator("#outline").inner_text()
    page.locator("#message textarea").fill("viết mục truyền thông trên môi trường số")
    page.click("#send")
    wait_text(page, "#chat", "3. Truyền thông trên môi trường số")
    page.wait_for_function("() => document.querySelector('#draft textarea').value.length > 3")
    shot(page, "2-new-section")

    page.get_by_role("tab", name="Xuất văn bản").click()
    page.click("#export-btn")
    page.wait_for_selector("#download", state="visible")
    wait_text(page, "#preview", "Truyền thông trên môi trường số")
    shot(page, "3-export")
    context.close()
