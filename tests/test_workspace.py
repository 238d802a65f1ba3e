"""The workspace behind the chat UI, and how it reads chat messages: documents on disk, chat
requests (draft, refine, ask back, figures into the table), accept, edit, slogans into the plan,
export; on fixed passages (ListRetriever) with the extractive writer or FakeListChatModel.
The real index, model and browser run in test_ui_browser.py."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.app.factory import Assistant
from assistant.app.intent import counted_rows, figure_rows
from assistant.app.reader import ChatReader
from assistant.config import load_settings
from assistant.core.facts import FactsError
from assistant.core.outlines import get_outline, load_outlines
from assistant.core.schema import Citation
from assistant.documents.records import RecordError
from assistant.ui.format import outline_choices, sources_html, table_rows
from assistant.vn.normalize import fold

from .test_drafting_logic import PASSAGES, ListRetriever, passage

HEADER = {"issuer": "Ủy ban nhân dân xã Hòa An", "place": "Hòa An", "level": "xã", "year": "2025",
          "signer": "Trần Thị Bình", "notes": "Tổ chức lễ phát động có 150 người tham dự."}
REPORT = get_outline("bao-cao-binh-dang-gioi-nam")
OUTLINES = load_outlines()
READER = ChatReader(tuple(OUTLINES.values()))  # the rules alone; by meaning: the chat set (test_chat_reading.py)


@pytest.fixture
def ws(tmp_path):
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    return Assistant(settings, store=None, retriever=ListRetriever(PASSAGES), chat_model=None,
                     reader=READER).workspace()


@pytest.mark.parametrize(("message", "current", "action", "section", "wish"), [
    ("soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí", "", "draft", "III", "nhấn mạnh khó khăn về kinh phí"),
    ("Hãy viết giúp tôi phần khó khăn, hạn chế", "", "draft", "III.2", ""),
    ("soạn mục II.3", "", "draft", "II.3", ""),
    ("soạn mục II.2, nhấn mạnh khó khăn về kinh phí", "", "draft", "II.2", "nhấn mạnh khó khăn về kinh phí"),
    ("viết lại ngắn gọn hơn", "I.2", "refine", "I.2", "viết lại ngắn gọn hơn"),
    ("ngắn gọn hơn", "III", "refine", "III", "ngắn gọn hơn"),
    ("thêm nội dung về phối hợp", "I.1", "refine", "I.1", "thêm nội dung về phối hợp"),
    ("xin chào", "", "ask", "", ""),
])
def test_a_message_names_a_section_and_a_wish_or_refines_the_open_draft(message, current, action, section, wish):
    intent = READER.read(message, REPORT, current)
    assert (intent.action, intent.section_id, intent.instruction) == (action, section, wish)


def test_asking_for_another_kind_of_document_opens_it():
    intent = READER.read("soạn kế hoạch tháng hành động năm 2025", REPORT)
    assert (intent.action, intent.kind, intent.year) == ("open", "ke-hoach-thang-hanh-dong", 2025)
    # a bare kind keeps the campaign of the open document
    action_month = OUTLINES["bao-cao-thang-hanh-dong"]
    assert READER.read("giờ soạn kế hoạch", action_month).kind == "ke-hoach-thang-hanh-dong"
    assert READER.read("chuyển sang kế hoạch", REPORT).kind == "ke-hoach-binh-dang-gioi-nam"
    # "kế hoạch" inside a section's name is no request for a plan
    assert READER.read("soạn mục chỉ đạo, ban hành kế hoạch", action_month).action == "draft"


def test_a_section_of_another_kind_is_answered_with_where_it_is_and_an_offer_to_open_it():
    intent = READER.read("soạn mục Phát động Tháng hành động, nhấn mạnh thanh niên", REPORT)
    assert intent.action == "ask" and "Phát động Tháng hành động" in intent.question
    assert intent.choices == (("Mở Báo cáo kết quả Tháng hành động vì bình đẳng giới", "soạn báo cáo tháng hành động"),)
    # on an open draft, a topic that is another kind's section is still a wish for that draft
    assert READER.read("thêm ý về lễ phát động", REPORT, "I.1").action == "refine"
    assert READER.read("xin chào", REPORT).action == "ask"


def test_figures_typed_in_the_chat_become_table_rows_and_the_rest_stays_a_note():
    rows, rest = figure_rows("Số liệu: Lễ mít tinh: 2 cuộc, nam 120, nữ 180; Tin bài trên Zalo: 15 tin; "
                             "kinh phí 30 triệu đồng")
    assert [(r.activity, r.count, r.male, r.female, r.category) for r in rows] == [
        ("Lễ mít tinh", 2, 120, 180, "activities"), ("Tin bài trên Zalo", 15, None, None, "media")]
    assert rest == "kinh phí 30 triệu đồng"
    assert figure_rows("Tổ chức 2 cuộc mít tinh") == ([], "")  # no "số liệu:" cue, no rows
    rows, rest = figure_rows("số liệu: Hội thi: kinh phí 5 triệu, 80 người; Hội nghị: 2 cuộc, 150 người tham dự")
    assert rows == [] and "5 triệu" in rest and "150 người" in rest  # no column for them: kept as notes


def test_facts_stated_in_a_sentence_also_give_rows_for_the_tables_and_stay_a_note():
    """Seen in the session-12 walk: "treo 25 băng rôn, …" left the report's tables blank."""
    rows, rest = figure_rows("treo 25 băng rôn, phát 800 tờ rơi, loa phát thanh 30 tin bài", stated=True)
    assert rows == [] and rest == "treo 25 băng rôn, phát 800 tờ rơi, loa phát thanh 30 tin bài"  # her sentence
    assert [(r.activity, r.count) for r in counted_rows(rest)] == [("Treo băng rôn", 25), ("Phát tờ rơi", 800),
                                                                   ("Loa phát thanh tin bài", 30)]
    assert [(r.activity, r.count, r.category) for r in counted_rows("Hội phụ nữ tổ chức 4 buổi sinh hoạt chuyên đề "
                                                                    "ở các thôn")] == [
        ("Hội phụ nữ tổ chức sinh hoạt chuyên đề ở các thôn", 4, "activities")]  # the measure word left out
    for sentence in ("lễ phát động có 180 người dự", "ngân sách xã chi 12 triệu", "Hội nghị: 2 cuộc, 150 người tham dự",
                     "3 buổi tọa đàm cho 500 hộ"):
        assert counted_rows(sentence) == []  # a total alone, money, the table's own syntax, two counts: notes only


def test_an_event_stated_with_its_people_gives_a_row_with_the_men_and_women_she_gave():
    """Seen in the session-13 walk: "3 buổi tọa đàm 150 người" and "lễ phát động … 220 người, 130 nữ" left
    the activities table empty. A total alone has no column; men = the total less the women."""
    rows = counted_rows("Tổ chức 3 buổi tọa đàm với 150 người tham gia. Ngày 16/11 tổ chức lễ phát động tại hội "
                        "trường UBND xã với 220 người tham dự, trong đó 130 nữ; mở 3 lớp tập huấn cho 120 cán bộ")
    assert [(r.activity, r.count, r.male, r.female, r.category) for r in rows] == [
        ("Tổ chức toạ đàm", 3, None, None, "activities"),
        ("Ngày 16/11 tổ chức lễ phát động tại hội trường UBND xã", None, 90, 130, "activities"),
        ("Mở tập huấn", 3, None, None, "activities")]
    assert [(r.activity, r.count, r.male, r.female) for r in counted_rows("tổ chức 2 cuộc mít tinh, nam 120, nữ 180")] \
        == [("Tổ chức mít tinh", 2, 120, 180)]

    # the level her sentence names is the row's "Cấp triển khai": a place below the commune, or the unit's level
    levels = counted_rows("3 buổi tọa đàm ở các thôn; đài truyền thanh xã phát 20 tin bài; trên mạng xã hội đăng 30 "
                          "tin bài; treo 12 băng rôn")
    assert [r.level for r in levels] == ["Thôn", "Xã", "", ""]  # "mạng xã hội" names no place


def test_a_document_is_created_under_a_fresh_id_and_its_header_checked(ws):
    first, _ = ws.create("bao-cao-binh-dang-gioi-nam", HEADER)
    second, _ = ws.create("bao-cao-binh-dang-gioi-nam", HEADER)
    assert first == "bao-cao-binh-dang-gioi-nam-hoa-an-2025" and second == first + "-2"
    with pytest.raises(FactsError):
        ws.set_header(first, {**HEADER, "place": "Tân Phú"}, [])  # issuer and place contradict
    assert fold(ws.load(first).facts.place) == fold("Hòa An")  # nothing changed
    record = ws.set_header(first, {**HEADER, "theme": "Chủ đề mới"},
                           table_rows([["Truyền thông", 3.0, 40, 60, "Thôn", "hoạt động"], ["", "", "", "", "", ""]]))
    assert record.facts.theme == "Chủ đề mới" and record.facts.figures[0].count == 3
    with pytest.raises(FactsError):
        ws.set_header(first, HEADER, table_rows([["Truyền thông", "ba", "", "", "", ""]]))
    with pytest.raises(RecordError):
        ws.load("../../etc/passwd")
    assert sorted(d["id"] for d in ws.list_documents()) == [first, second]


def test_chat_drafts_shows_the_extractive_draft_first_then_refines_and_keeps_every_version(ws):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    replies = list(ws.chat(key, "soạn mục Phát động Tháng hành động"))
    assert [r.stage for r in replies] == ["extractive", "final"]
    final = replies[-1]
    assert final.section_id == "I.2" and final.version == 1 and final.sources
    assert "320" not in final.text and "Thanh Xá" not in final.text  # precedents lend wording, not facts
    unchanged = list(ws.chat(key, "ngắn gọn hơn"))[-1]  # one sentence: nothing to cut, and it says so
    assert unchanged.version == 1 and "không thay đổi" in unchanged.message and "bỏ đoạn 2" in unchanged.message
    refined = list(ws.chat(key, "thêm nội dung về tuyên truyền trên loa truyền thanh"))[-1]
    assert refined.section_id == "I.2" and refined.version == 2
    record = ws.load(key)
    assert record.focus == "I.2" and len(record.sections["I.2"].versions) == 2
    assert [m["role"] for m in record.chat] == ["user", "assistant"] * 3
    assert not any("ticket" in m for m in record.chat)  # every request answered in its place
    whole = list(ws.chat(key, "soạn mục kinh phí"))[-1]  # a section with parts is drafted whole
    assert whole.section_id == "I.4" and "a) Ngân sách nhà nước" in whole.text


def test_figures_in_the_chat_land_in_the_table_and_redraft_the_section_in_focus(ws):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    only = list(ws.chat(key, "số liệu: Truyền thông trực tiếp: 6 cuộc, nam 120, nữ 210"))
    assert "Truyền thông trực tiếp" in only[-1].message and ws.load(key).facts.figures[0].female == 210
    list(ws.chat(key, "soạn mục Nội dung hoạt động đã triển khai"))
    replies = list(ws.chat(key, "số liệu: Tọa đàm: 2 cuộc, nam 30, nữ 45"))
    record = ws.load(key)
    assert {fold(r.activity) for r in record.facts.figures} == {fold("Truyền thông trực tiếp"), fold("Tọa đàm")}
    assert replies[-1].section_id == "I.3" and len(record.sections["I.3"].versions) == 2


def test_facts_stated_without_a_cue_are_kept_and_the_section_in_focus_is_written_with_them(ws):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    theme = "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số"
    said = list(ws.chat(key, f"Chủ đề năm nay theo văn bản của tỉnh: “{theme}”"))[-1]
    assert ws.load(key).facts.theme == theme and theme in said.message  # kept, and said so
    list(ws.chat(key, "soạn mục Nội dung hoạt động đã triển khai"))
    replies = list(ws.chat(key, "đài truyền thanh phát 30 tin bài, loa các thôn 45 lượt"))
    record = ws.load(key)
    assert record.facts.notes.startswith(HEADER["notes"]) and record.facts.notes.endswith("loa các thôn 45 lượt")
    assert replies[-1].section_id == "I.3" and len(record.sections["I.3"].versions) == 2
    list(ws.chat(key, "đài truyền thanh phát 30 tin bài, loa các thôn 45 lượt"))  # said twice, noted once
    assert ws.load(key).facts.notes.count("30 tin bài") == 1


def test_facts_redraft_a_machine_draft_but_refine_one_the_officer_shaped(ws):
    key, _ = ws.create("bao-cao-thang-hanh-dong", {**HEADER, "notes": ""})
    list(ws.chat(key, "soạn mục Phát động Tháng hành động"))
    list(ws.chat(key, "xã tổ chức lễ phát động sáng 17/11 tại hội trường, 160 người dự, nữ 95"))
    record = ws.load(key)
    latest = record.sections["I.2"].versions[-1]
    assert latest.instruction == "" and "160 người" in latest.text  # drafted anew with the facts
    assert "Kết quả: […] cuộc" not in latest.text  # the placeholder of a draft without facts is gone
    ws.edit(key, "I.2", latest.text + "\nCâu do cán bộ viết thêm.")
    list(ws.chat(key, "có 3 tiết mục văn nghệ của hội phụ nữ"))
    shaped = ws.load(key).sections["I.2"].versions[-1].text
    assert "Câu do cán bộ viết thêm." in shaped  # the officer's own line survives: refined, not redrafted


def test_a_plan_named_in_the_chat_is_kept_as_the_documents_plan_and_the_section_redrafted_with_it(tmp_path):
    """Seen in a walk: "xã ban hành Kế hoạch số 112/KH-UBND ngày 12/11/2025 …" on the direction draft
    was read as a wish that changed nothing; it is a fact, and the draft's "Kế hoạch số […]" takes it."""
    direction = passage("p", "I.1", "Công tác chỉ đạo, ban hành kế hoạch triển khai",
                        "UBND xã Thanh Xá đã ban hành Kế hoạch số 65/KH-UBND ngày 16/11/2023 về tổ chức Tháng hành "
                        "động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2023.")
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    ws = Assistant(settings, store=None, retriever=ListRetriever([direction]), chat_model=None,
                   reader=READER).workspace()
    key, _ = ws.create("bao-cao-thang-hanh-dong", {**HEADER, "plan": ""})
    first = list(ws.chat(key, "soạn mục Công tác chỉ đạo, ban hành kế hoạch triển khai"))[-1].text
    assert "65/KH-UBND" not in first and "Kế hoạch số […]" in first  # another commune's plan is not ours
    list(ws.chat(key, "xã ban hành Kế hoạch số 112/KH-UBND ngày 12/11/2025 về tổ chức Tháng hành động"))
    record = ws.load(key)
    assert record.facts.plan == "Kế hoạch số 112/KH-UBND ngày 12/11/2025"
    latest = record.sections["I.1"].versions[-1]
    assert len(record.sections["I.1"].versions) == 2 and "112/KH-UBND ngày 12/11/2025" in latest.text


def test_a_plan_cited_with_the_request_is_the_documents_plan_drafted_as_a_sentence_not_a_bare_note(tmp_path):
    """Session-19 walk: "bắt đầu với phần chỉ đạo, xã ban hành Kế hoạch số 112/KH-UBND ngày 10/11/2025" drafted
    I.1 as the bare line "Số 112/KH-UBND ngày 10/11/2025." (the plan's words taken as the section's name)."""
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    ws = Assistant(settings, store=None, retriever=ListRetriever([]), chat_model=None, reader=READER).workspace()
    key, _ = ws.create("bao-cao-thang-hanh-dong", {**HEADER, "plan": ""})
    text = list(ws.chat(key, "bắt đầu với phần chỉ đạo, xã ban hành Kế hoạch số 112/KH-UBND ngày 10/11/2025"))[-1].text
    record = ws.load(key)
    assert record.facts.plan == "Kế hoạch số 112/KH-UBND ngày 10/11/2025"
    assert "đã ban hành Kế hoạch số 112/KH-UBND ngày 10/11/2025" in text
    assert not any(line.strip(" .") == "Kế hoạch số 112/KH-UBND ngày 10/11/2025" for line in text.split("\n"))


def test_a_part_of_a_section_drafted_whole_takes_its_share_of_the_text(ws, tmp_path):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    whole = list(ws.chat(key, "soạn mục Đánh giá chung"))[-1].text
    ws.accept(key, "II")
    list(ws.chat(key, "soạn mục Những khó khăn, tồn tại"))
    record = ws.load(key)
    assert record.sections["II.1"].current.backend == "split" and record.sections["II.1"].state == "accepted"
    assert record.sections["II.1"].current.text in whole
    _, markdown, _, _ = ws.export(key, tmp_path)
    assert markdown.count("Những khó khăn, tồn tại") == 1
    assert markdown.count("Những kết quả đã đạt được") == 1  # the whole is not printed beside its parts


def test_accept_edit_by_hand_and_slogans_picked_into_the_plan(ws):
    key, _ = ws.create("ke-hoach-thang-hanh-dong", HEADER)
    list(ws.chat(key, "soạn mục Mục đích"))
    record = ws.accept(key, "I.1", ws.load(key).sections["I.1"].current.text)
    assert record.sections["I.1"].state == "accepted" and len(record.sections["I.1"].versions) == 1
    record = ws.accept(key, "I.1", "Mục đích do cán bộ viết lại.")  # the text on screen is what is accepted
    assert record.sections["I.1"].current.text == "Mục đích do cán bộ viết lại."
    assert record.sections["I.1"].accepted == 2
    with pytest.raises(RecordError):
        ws.edit(key, "I.1", "   ")
    assert outline_choices(record, get_outline("ke-hoach-thang-hanh-dong"))[1][0].startswith("✔")
    record, warnings = ws.edit(key, "I.1", "Tổ chức 99 buổi tuyên truyền tại xã Tân Phú.")
    assert record.sections["I.1"].state == "draft" and record.sections["I.1"].current.backend == "officer"
    assert {w.code for w in warnings} == {"unsupported-figure", "stale-name"}  # flagged, the text is kept
    assert "99 buổi" in record.sections["I.1"].current.text
    section = ws.slogan_section("ke-hoach-thang-hanh-dong", "huy-dong-nam-gioi")
    record = ws.add_lines(key, section, ["Nam giới chung tay chia sẻ việc nhà", "Nam giới chung tay chia sẻ việc nhà"])
    assert record.sections[section].current.text == "- Nam giới chung tay chia sẻ việc nhà"
    assert ws.slogan_section("bao-cao-binh-dang-gioi-nam", "huy-dong-nam-gioi") == ""


def test_export_gives_a_docx_its_preview_and_the_format_findings(ws, tmp_path):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    list(ws.chat(key, "soạn mục Phát động Tháng hành động"))
    ws.accept(key, "I.2")
    list(ws.chat(key, "soạn mục Đánh giá chung"))  # drafted whole: its parts' headings come from its text
    path, markdown, findings, warnings = ws.export(key, tmp_path / "out")
    assert markdown.count("Những khó khăn, tồn tại") == 1 and "mục II.2 chưa có" not in str(warnings)
    assert path.suffix == ".docx" and path.stat().st_size > 5000
    assert fold("ỦY BAN NHÂN DÂN XÃ HÒA AN") in fold(markdown) and "Phát động Tháng hành động" in markdown
    assert any(w.code == "empty" for w in warnings)  # the sections not yet written are named
    assert all(f.severity in ("error", "warning") for f in findings)


def test_the_local_model_serves_one_request_at_a_time_and_the_extractive_draft_never_waits(tmp_path):
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    model = FakeListChatModel(responses=["Tổ chức Lễ phát động Tháng hành động tại xã Hòa An."] * 4, sleep=0.01)
    parts = Assistant(settings, store=None, retriever=ListRetriever(PASSAGES), chat_model=model, backend="local")
    ws = parts.workspace()
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    assert ws._llm_lock is not None
    ws._llm_lock.acquire()  # another officer's request holds the model
    stream = ws.chat(key, "soạn mục Phát động Tháng hành động")
    first = next(stream)
    assert first.stage == "extractive" and first.text  # shown at once
    finished = []
    worker = threading.Thread(target=lambda: finished.extend(stream))
    worker.start()
    worker.join(0.5)
    assert not finished  # waiting for the model
    ws._llm_lock.release()
    worker.join(10)
    assert finished[-1].stage == "final" and finished[-1].draft.backend in ("local", "extractive")


def test_a_damaged_record_is_reported_and_left_untouched(ws):
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    path = ws.documents_dir / f"{key}.json"
    path.write_text('{"kind": "bao-cao-thang-hanh-dong", "facts": {', encoding="utf-8")
    with pytest.raises(RecordError):
        list(ws.chat(key, "soạn mục Phát động Tháng hành động"))
    assert path.read_text(encoding="utf-8").endswith("{")
    assert ws.list_documents() == []  # not offered, not overwritten


def test_sources_panel_escapes_corpus_text_and_links_citations():
    hostile = replace(PASSAGES[0], text="<script>alert(1)</script> Lễ phát động")
    cited = Citation(1, "a.txt", "I.2", "Phát động", "<b>Lễ</b> phát động")
    html = sources_html([cited], [hostile], "phát động")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;Lễ" in html
    assert 'id="src-1"' in html and "<mark>phát</mark>" in html


def test_sessions_creating_documents_at_once_each_get_their_own(ws):
    made: list[str] = []
    threads = [threading.Thread(target=lambda: made.append(ws.create("bao-cao-thang-hanh-dong", HEADER)[0]))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(made)) == 8 and len(ws.list_documents()) == 8


def test_an_outline_corrected_by_hand_is_kept_and_a_broken_one_changes_nothing(ws):
    from pathlib import Path

    from assistant.documents.mandate import read_outline
    from assistant.errors import OutlineError

    plan = Path(__file__).parent / "data" / "mandates" / "tinh_2025_kehoach_thang_hanh_dong.txt"
    outline, _ = read_outline(plan, load_outlines())
    text = outline.to_yaml().replace("title: Truyền thông trên môi trường số", "title: Truyền thông trên nền tảng số")
    kept, left = ws.add_outline(None, "bc-sua-tay", "Báo cáo theo đề cương đã sửa", text=text)
    assert left == [] and ws.outline("bc-sua-tay").section("I.3").title == "Truyền thông trên nền tảng số"
    assert not ws.outline("bc-sua-tay").builtin and ws.outline("bc-sua-tay").name == "Báo cáo theo đề cương đã sửa"
    with pytest.raises(OutlineError):
        ws.add_outline(None, "bc-hong", None, text="id: [")
    assert "bc-hong" not in ws.outlines


def test_a_section_still_being_written_cannot_be_accepted_and_nothing_is_lost(tmp_path):
    """Seen in the session-15 walk (local model): the draft box shows the model's text so far; accepted
    then, that half sentence would have become the officer's version and gone into the export."""
    settings = load_settings(env={}, data_dir=tmp_path / "data")
    model = FakeListChatModel(responses=["Tổ chức Lễ phát động Tháng hành động tại xã Hòa An."] * 4, sleep=0.01)
    parts = Assistant(settings, store=None, retriever=ListRetriever(PASSAGES), chat_model=model, backend="local")
    ws = parts.workspace()
    key, _ = ws.create("bao-cao-thang-hanh-dong", HEADER)
    ws._llm_lock.acquire()  # the model is busy: the section stays "being written"
    stream = ws.chat(key, "soạn mục I.2")
    assert next(stream).stage == "extractive"
    with pytest.raises(RecordError, match="đang được viết"):
        ws.accept(key, "I.2", "Tổ chức Lễ phát")
    ws._llm_lock.release()
    final = next(reply for reply in stream if reply.stage == "final")
    record = ws.accept(key, "I.2", final.text)  # at once, as the officer sees it
    assert record.sections["I.2"].accepted is not None and len(record.sections["I.2"].versions) == 1


def test_accepting_a_part_with_no_draft_of_its_own_accepts_its_drafted_parts(ws):
    """Seen in the session-15 walk: "Duyệt" on "III. TỔ CHỨC THỰC HIỆN (bản nháp)", whose parts were all
    drafted, answered "mục III chưa có bản nháp để duyệt"."""
    key, _ = ws.create("ke-hoach-thang-hanh-dong", HEADER)
    for message in ("soạn mục III.1", "soạn mục III.2"):
        list(ws.chat(key, message))
    record = ws.accept(key, "III", "")
    assert record.sections["III.1"].accepted is not None and record.sections["III.2"].accepted is not None
    assert "III" not in record.sections and "III.3" not in record.sections  # nothing drafted for her
    with pytest.raises(RecordError, match="nothing to accept"):
        ws.accept(key, "I", "")  # no part drafted: nothing to accept
