"""How the chat reads an officer's message (``app/reader.py``): the rules on their own (numbers,
navigation, kinds of document, wishes, messages without diacritics), and the whole chat set read
with the real embedding model, on its dev half and on the half nobody tuned on."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.app.chat_eval import evaluate_chat, format_chat_report, load_chatset, split_of
from assistant.app.chatwords import default_kind, plain
from assistant.core.outlines import load_outlines

from .test_workspace import READER

OUTLINES = load_outlines()
AM_REPORT, AM_PLAN = OUTLINES["bao-cao-thang-hanh-dong"], OUTLINES["ke-hoach-thang-hanh-dong"]
ANNUAL_REPORT = OUTLINES["bao-cao-binh-dang-gioi-nam"]


def reading(message, outline=AM_REPORT, focus="", drafted=()):
    intent = READER.read(message, outline, focus, drafted)
    return intent.action, intent.section_id


@pytest.mark.parametrize(("message", "focus", "expected"), [
    ("soạn mục I.3", "", ("draft", "I.3")),
    ("soan muc i.3", "", ("draft", "I.3")),  # no diacritics, lower case
    ("viết mục 3 phần I", "", ("draft", "I.3")),
    ("điểm b mục I.4", "", ("draft", "I.4.b")),
    ("mục 2", "II.1", ("draft", "II.2")),  # counted from the section on screen
    ("điểm b", "I.4.a", ("draft", "I.4.b")),
    ("mục tiếp theo", "I.3", ("draft", "I.4.a")),  # the next section to write is a leaf
    ("tiếp", "I.4.b", ("draft", "II.1")),
    ("mục trước", "II.1", ("draft", "I.4.b")),
    ("quay lại mục kinh phí", "II.1", ("show", "I.4")),
    ("cho mình bản nháp phần kinh phí từ ngân sách nhà nước", "", ("draft", "I.4.a")),  # the part, not its parent
    ("lập bảng tổng hợp số liệu hoạt động hưởng ứng", "", ("draft", "III.1")),
    ("chuyển sang mục kinh phí tổ chức", "II.2", ("draft", "I.4")),
    ("thêm nội dung về kinh phí hạn hẹp", "II.2", ("refine", "II.2")),  # a wish on the draft on screen
    ("viet gon lai, bo doan cuoi di", "II.1", ("refine", "II.1")),
    ("giúp tôi viết đoạn về lễ mít tinh hưởng ứng", "", ("draft", "I.2")),  # "mít tinh" is the launch
    ("phần 2", "", ("draft", "II")),  # "phần" with a digit is a part: II
    ("kp", "II.1", ("draft", "I.4")),  # a short form, through the thesaurus
    ("qua bang ke tiep", "II.2", ("draft", "III.1")),  # the next table, skipping the sections between
    ("mục kinh phí này viết gọn lại", "I.4", ("refine", "I.4")),  # the section on screen, pointed at
    ("Can you make this less generic?", "II.2", ("refine", "II.2")),  # "can" typed bare is not "cần"
    # facts stated with no request: kept, and the draft on screen written again with them
    ("đài truyền thanh phát 30 tin bài, loa các thôn 45 lượt", "I.3", ("figures", "I.3")),
    ("ngan sach xa chi 15.000.000d", "I.4.a", ("figures", "I.4.a")),  # "ngan sach" is no "ngắn"
    ("năm nay xã không có vụ bạo lực gia đình nào", "II.1", ("figures", "II.1")),
    ("năm nay xã chưa phát hiện vụ bạo lực nào qua mạng", "I.3", ("figures", "I.3")),  # "qua" moves nowhere
    ("xã không vận động được nguồn xã hội hóa", "I.4.b", ("figures", "I.4.b")),  # nothing raised: a fact
    # who is in charge: a fact with no figure (the session-13 walk read it as a change of the draft)
    ("người phụ trách là đồng chí Trần Thị Mai, chủ tịch Hội LHPN xã, SĐT 0912 345 678", "II.3",
     ("figures", "II.3")),
    ("thêm câu: người phụ trách là đồng chí Mai", "II.3", ("refine", "II.3")),  # asked as a change
    ("Hạn nộp báo cáo lên tỉnh là ngày nào vậy em?", "I.3", ("ask", "")),  # not the drafting's to answer
    # facts after "số liệu …:" with no section named: kept, and the draft on screen written again with them
    ("Số liệu tháng này: 14 buổi truyền thông trực tiếp, 1.050 lượt người", "I.3", ("figures", "I.3")),
    ("thêm số liệu tập huấn 2 lớp 150 lượt", "I.3", ("refine", "I.3")),  # a wish with figures
    ("viết mục I.2 ngắn gọn trong 3 đoạn", "", ("draft", "I.2")),
    ("kinh phi ngan sach 20 trieu", "I.4.a", ("figures", "I.4.a")),  # "20 triệu" is an amount
    ("viết phần kinh phí dự kiến 20 triệu", "I.3", ("draft", "I.4")),  # asked for: a draft, with a wish
    ("Sang mục tiêp theo nhé", "I.3", ("draft", "I.4.a")),  # a move with one mark missing
    ("thoi de mai lam tiep nhe", "I.3", ("ask", "")),  # nothing now, though "làm tiếp" is in it
    ("Cảm ơn em nhiều nhé", "I.3", ("ask", "")),
    ("ok được rồi, sang cái tiếp", "I.3", ("draft", "I.4.a")),  # thanks, then a move
])
def test_the_rules_read_numbers_navigation_parts_and_wishes(message, focus, expected):
    assert reading(message, focus=focus) == expected


def test_the_wish_is_what_remains_after_the_sections_own_words():
    assert READER.read("soạn mục chỉ đạo, ban hành kế hoạch", AM_REPORT).instruction == ""  # its own title
    assert READER.read("kiến nghị lên trên", AM_REPORT, "II.2").instruction == ""  # "lên trên" is no wish (seen
    # in a walk: the model wrote "Đề nghị … lên trên." as a line of its own)
    intent = READER.read("soạn mục Đánh giá chung, nhấn mạnh khó khăn về kinh phí", AM_REPORT)
    assert (intent.section_id, intent.instruction) == ("II", "nhấn mạnh khó khăn về kinh phí")  # not II.2


def test_a_wish_is_marked_by_nho_neu_or_a_figure_and_not_by_the_parts_of_a_whole():
    annual_plan = OUTLINES["ke-hoach-binh-dang-gioi-nam"]
    drafted = ("I.1", "I.2", "II.1", "II.2", "II.3")
    # after a move, names that follow "nhớ" are the wish ("tiêu biểu" holds no table word there)
    intent = READER.read("Sang mục sau, nhớ nêu khen thưởng tập thể, cá nhân tiêu biểu", annual_plan, "II.3", drafted)
    assert (intent.action, intent.section_id) == ("draft", "II.4") and "khen thưởng" in intent.instruction
    intent = READER.read("bo qua muc nay, sang muc sau, nho ghi ro cong an xa", AM_PLAN, "III.1", ("III.1",))
    assert (intent.action, intent.section_id) == ("draft", "III.2") and "cong an xa" in intent.instruction
    # "cả phần IV" then what its parts hold: the whole, no wish; "tính cả …" after the name is one
    assert READER.read("Viết cả phần IV, giao việc lẫn theo dõi tổng hợp", annual_plan, "III").instruction == ""
    funds = READER.read("Viết phần kinh phí, tính cả tiền chi cho Tháng hành động", ANNUAL_REPORT, "I.3")
    assert "Tháng hành động" in funds.instruction
    # a skipped section is left behind ("bỏ qua"), as one said done
    skipped = READER.read("Kinh phí chưa có số, bỏ qua nhé, viết mục kết quả đạt được, bài học kinh nghiệm luôn",
                          AM_REPORT, "I.4.b")
    assert (skipped.action, skipped.section_id) == ("draft", "II.1")


def test_the_wish_leaves_out_section_numbers_request_words_and_particles():
    assert READER.read("Viết điểm b mục 3 phần II ạ", AM_PLAN).instruction == ""
    assert READER.read("mục 1 phần III làm bảng giúp em", AM_REPORT).instruction == ""
    facts = READER.read("Soạn phần kinh phí tổ chức: ngân sách xã chi 15 triệu, vận động được 8 triệu", AM_REPORT)
    assert facts.section_id == "I.4" and "15 triệu" in facts.instruction  # after a colon: facts, not a part


def test_a_kind_named_after_its_campaign_words_is_opened():
    assert READER.kinds_asked("Open the annual gender equality report instead", AM_REPORT.id)[0] == [ANNUAL_REPORT.id]


def test_a_cue_with_diacritics_is_never_matched_without_them():
    # "chính sách" is not "chỉnh" (a wish): matched with its diacritics, the message names II.3.a
    assert reading("nhóm khẩu hiệu về luật pháp chính sách", AM_PLAN) == ("draft", "II.3.a")
    assert plain("Kinh phí Đoàn") == "kinh phi doan" and len(plain("Tổ chức")) == len("Tổ chức")


def test_the_kind_asked_for_and_the_kind_of_the_season():
    assert READER.kinds_asked("soạn báo cáo tháng hành động năm 2025") == (["bao-cao-thang-hanh-dong"], 2025)
    assert READER.kinds_asked("open the action month plan")[0] == ["ke-hoach-thang-hanh-dong"]
    assert READER.kinds_asked("lam bao cao giup em")[0] == ["bao-cao-thang-hanh-dong", "bao-cao-binh-dang-gioi-nam"]
    assert READER.kinds_asked("phần mình làm kế hoạch này nhằm để làm gì")[0] == []  # this plan, no other
    kinds = tuple(OUTLINES)
    assert default_kind(kinds, date(2026, 10, 20)) == "ke-hoach-thang-hanh-dong"
    assert default_kind(kinds, date(2026, 12, 2)) == "bao-cao-thang-hanh-dong"
    assert default_kind(kinds, date(2026, 12, 2), "ke-hoach-binh-dang-gioi-nam", 3) == "ke-hoach-binh-dang-gioi-nam"
    assert default_kind(kinds, date(2026, 12, 2), "ke-hoach-binh-dang-gioi-nam", 90) == "bao-cao-thang-hanh-dong"


def test_the_chat_set_is_split_before_tuning_and_covers_every_kind_and_action():
    cases = load_chatset()
    assert len(cases) >= 150 and {c["split"] for c in cases} == {"dev", "held-out"}
    # the first batch (c…) was split by a hash before any tuning; every later batch is dev
    assert all(c["split"] == (split_of(c["id"]) if c["id"].startswith("c") else "dev") for c in cases)
    assert {c["kind"] for c in cases} >= set(OUTLINES)
    assert {c["expect"]["action"] for c in cases} == {"draft", "refine", "show", "figures", "open", "ask"}
    for case in cases:
        outline = OUTLINES.get(case["kind"])
        if outline and case["expect"].get("section"):
            outline.section(case["expect"]["section"])  # every expected section exists


@pytest.mark.slow
def test_the_chat_set_is_read_as_meant_with_the_real_embedding_model(gemma_settings):
    from assistant.app.factory import Assistant

    reader = Assistant(gemma_settings).chat_reader(tuple(OUTLINES.values()))
    report = evaluate_chat(reader, OUTLINES, load_chatset())
    print(format_chat_report(report, "all"))
    # 0.959 measured in session 20 (6008 messages: its sixteen new writers' batches read 0.60 to 0.98 after their
    # fixes, the hardest a writer who judges the last draft and puts sections off before asking; the 4408 before
    # them at 0.972); a guard against regressions
    assert report["splits"]["dev"]["accuracy"] >= 0.95
    # the half nobody tuned on: 0.967 measured (BENCHMARKS.md §13), the goal 0.95
    assert report["splits"]["held-out"]["accuracy"] >= 0.95


HIGHER_LEVELS_OUTLINE = """
id: bc-theo-de-cuong-tinh
kind: BÁO CÁO
name: Báo cáo theo đề cương của tỉnh
title_template: Kết quả công tác bình đẳng giới năm {year}
closing_formula: Trên đây là báo cáo./.
sections:
  - {id: "1", title: KINH PHÍ THỰC HIỆN, contains: Kinh phí đã chi theo nguồn., figures: true}
  - {id: "2", title: "Khó khăn, hạn chế và nguyên nhân", contains: Những khó khăn và nguyên nhân.}
  - id: "3"
    title: "ĐỀ XUẤT, KIẾN NGHỊ"
    contains: Nội dung về đề xuất, kiến nghị.
    children:
      - {id: "3.1", title: Đối với Bộ Nội vụ, contains: Kiến nghị với Bộ Nội vụ.}
      - {id: "3.2", title: "Đối với Uỷ ban nhân dân tỉnh và các sở, ngành", contains: Kiến nghị với tỉnh.}
"""


def test_an_outline_from_a_higher_level_is_named_by_the_parts_of_its_titles():
    """Such an outline has no written aliases: "kiến nghị" names "ĐỀ XUẤT, KIẾN NGHỊ" (seen in a walk:
    "kiến nghị với tỉnh, nhớ nêu xin thêm kinh phí …" drafted the funds section)."""
    from assistant.app.reader import ChatReader
    from assistant.core.outlines import outline_from_yaml

    outline = outline_from_yaml(HIGHER_LEVELS_OUTLINE)
    reader = ChatReader((*OUTLINES.values(), outline))
    intent = reader.read("kiến nghị với tỉnh, nhớ nêu xin thêm kinh phí tập huấn cho cán bộ xã", outline, "2")
    assert (intent.action, intent.section_id) == ("draft", "3.2") and "kinh phí tập huấn" in intent.instruction
    assert reading("viết phần hạn chế", outline) == ("draft", "2")
    assert reading("đề xuất với Bộ Nội vụ hỗ trợ tài liệu", outline, "2")[1] == "3.1"


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # the name of the part on screen, then a change: that draft refined, not a sibling drafted
    ("khau hieu hoi dai, viet gon lai, moi cau mot dong", AM_PLAN, "II.3.b", ("II.3.a", "II.3.b"),
     ("refine", "II.3.b")),
    ("đoạn chỉ đạo này thêm câu giao Hội phụ nữ phối hợp", ANNUAL_REPORT, "I.1", ("I.1",), ("refine", "I.1")),
    ("tong hop so lieu, lam ca 3 bang luon", AM_REPORT, "II.3", ("II.3",), ("draft", "III")),  # the tables' part
    ("quay lai muc truoc cho chi xem", AM_REPORT, "I.3", ("I.1", "I.2", "I.3"), ("show", "I.2")),
    ("em ơi cho chị hỏi năm nay lương cơ sở tăng lên bao nhiêu thế", ANNUAL_REPORT, "", (), ("ask", "")),
])
def test_batch_k_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


ANNUAL_PLAN = OUTLINES["ke-hoach-binh-dang-gioi-nam"]


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    ("Chuyển qua mục 4 phần I nhé, làm điểm a trước giúp em", AM_REPORT, "I.3", ("I.3",), ("draft", "I.4.a")),
    ("nhom tiep theo luon em nhe", AM_PLAN, "II.3.b", ("II.3.a", "II.3.b"), ("draft", "II.3.c")),
    # back, then a word of change: a new draft of that section, not a look at it
    ("Quay lại mục trước viết lại giúp chị với", AM_PLAN, "III.3", ("III.2", "III.3"), ("draft", "III.2")),
    ("Làm mục trước đi em, phần đó hôm qua chị bỏ qua", ANNUAL_PLAN, "IV.1", ("IV.1",), ("draft", "III")),
    # "bố trí" typed bare holds "bỏ" (remove): a lookalike, so the message only states figures
    ("nam 2026 du kien bo tri 18 trieu dong tu ngan sach xa", ANNUAL_PLAN, "", (), ("figures", "")),
    ("viết giúp chị một nhóm thông điệp trước đã", AM_PLAN, "", (), ("ask", "")),  # which of the three?
    ("lam 1 cai bang so lieu di em", AM_REPORT, "", (), ("ask", "")),
    ("Draft the slogans group on law and policy please", AM_PLAN, "", (), ("draft", "II.3.a")),
])
def test_batch_l_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_batch_l_wishes_and_kinds():
    # the back move's wish is the change asked for
    assert READER.read("quay lại mục trước, viết lại ngắn hơn giúp chị", ANNUAL_PLAN, "IV.2",
                       ("IV.1", "IV.2")).instruction.startswith("viết lại ngắn hơn")
    # typed without diacritics, the contents' phrases ("tập thể, cá nhân" holds the fillers "the", "ca") are no wish
    intent = READER.read("viet doan ve viec kiem tra, khen thuong tap the ca nhan tieu bieu giup em", ANNUAL_PLAN)
    assert (intent.section_id, intent.instruction) == ("II.4", "")
    assert READER.read("Please draft the part about lessons learned for me", AM_REPORT).instruction == ""
    # "mục số 3" with nothing on screen: which part's?
    assert READER.read("viet giup chi muc so 3 voi", ANNUAL_REPORT).choices[0][1] == "soạn mục I.3"
    # the kind said to be done is not the one asked; "làm thêm kế hoạch …" asks for one
    assert READER.kinds_asked("Báo cáo xong rồi, giờ em làm giúp chị kế hoạch tháng hành động năm 2026 nhé",
                              AM_REPORT.id) == (["ke-hoach-thang-hanh-dong"], 2026)
    assert READER.kinds_asked("Chị cần làm thêm kế hoạch công tác bình đẳng giới năm 2026, em mở mẫu đó giúp chị",
                              AM_PLAN.id)[0] == ["ke-hoach-binh-dang-gioi-nam"]
    # … but "thêm"/"viết thêm" a plan into the draft on screen adds to it
    assert reading("viết thêm kế hoạch của xã vào đây", AM_PLAN, "II.2", ("II.2",)) == ("refine", "II.2")
    assert reading("thêm kế hoạch vào đoạn này", AM_PLAN, "II.2", ("II.2",)) == ("refine", "II.2")


def test_a_point_beside_a_section_name_and_an_item_number_in_english():
    assert reading("Làm điểm c phần thông điệp trước cho chị", AM_PLAN, "II.2", ("II.2",)) == ("draft", "II.3.c")
    assert reading("phần thông điệp, điểm a nhé", AM_PLAN) == ("draft", "II.3.a")
    assert [c[1] for c in READER.read("Write item 2", AM_REPORT).choices] == ["soạn mục I.2", "soạn mục II.2",
                                                                             "soạn mục III.2"]


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    ("con muc nao chua viet?", AM_REPORT, "I.2", ("I.1", "I.2"), ("show", "")),  # where the document stands
    ("xem dàn ý", ANNUAL_PLAN, "II.1", ("II.1",), ("show", "")),
    ("làm bảng số 3 phần III", AM_REPORT, "", ("III.1", "III.2"), ("draft", "III.3")),
    ("bảng 2", AM_REPORT, "", (), ("draft", "III.2")),  # the one table numbered 2
    ("viêt phần nâng cao nang lưc quan lý nhà nươc", ANNUAL_PLAN, "", (), ("draft", "II.2")),  # marks missing
    ("ý 2 viết lại cho cụ thể hơn", ANNUAL_REPORT, "IV", ("IV",), ("refine", "IV")),  # a place, not a figure
    ("đoạn 3 bỏ đi", ANNUAL_REPORT, "IV", ("IV",), ("refine", "IV")),
    ("viết giúp bài phát biểu khai mạc cho đồng chí chủ tịch", ANNUAL_REPORT, "", (), ("ask", "")),
    ("viet giao nhiem vu cho mat tran to quoc va cac doan the", ANNUAL_PLAN, "", (), ("draft", "IV.1")),
    ("viet phan cac hoat dong", AM_REPORT, "", (), ("ask", "")),  # I.3 or the table III.1
    ("Soạn phần tổ chức đi em", ANNUAL_PLAN, "I.2", ("I.1", "I.2"), ("ask", "")),  # "tổ" is no "to"
])
def test_batch_m_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_batch_m_wishes_and_choices():
    assert [c[1] for c in READER.read("viet phan cac hoat dong", AM_REPORT).choices] == ["soạn mục I.3",
                                                                                       "soạn mục III.1"]
    assert [c[1] for c in READER.read("Soạn phần tổ chức đi em", ANNUAL_PLAN).choices] == ["soạn mục II.3",
                                                                                          "soạn mục IV"]
    # the contents' or the thesaurus's words are no wish; "để trống", "focusing on" and a figure mark one
    assert READER.read("viet doan ve chi em vay von ngan hang chinh sach", ANNUAL_REPORT).instruction == ""
    assert READER.read("Draft section IV.2 - who follows up and compiles", ANNUAL_PLAN).instruction == ""
    assert "để trống" in READER.read("viết cả phần II, số liệu để trống cho tôi điền sau", ANNUAL_REPORT).instruction
    assert "domestic violence" in READER.read("Write part II, the key tasks, focusing on domestic violence "
                                              "prevention.", ANNUAL_PLAN).instruction
    assert "8 trieu" in READER.read("viet phan tien du kien, ngan sach xa 8 trieu", ANNUAL_PLAN).instruction


def test_a_paragraph_named_after_its_number_is_removed():
    from assistant.draft.refine import parse_instruction
    assert [parse_instruction(t).remove_paragraph for t in ("đoạn 3 bỏ đi", "đoạn thứ hai xóa đi", "bỏ đoạn 2")] == \
        [3, 2, 2]


def test_a_part_by_its_ordinal_and_one_beyond_the_last_asks_which():
    assert reading("viết nhóm khẩu hiệu thứ hai", AM_PLAN) == ("draft", "II.3.b")
    assert reading("khẩu hiệu nhóm thứ 3", AM_PLAN) == ("draft", "II.3.c")
    asked = READER.read("làm giúp chị nhóm khẩu hiệu thứ tư", AM_PLAN)  # there are three
    assert asked.action == "ask" and [c[1] for c in asked.choices] == ["soạn mục II.3.a", "soạn mục II.3.b",
                                                                       "soạn mục II.3.c"]
    assert reading("cho chị coi lại phần tiền vận động", AM_REPORT, "I.3", ("I.3", "I.4.b")) == ("show", "I.4.b")


def test_a_table_by_its_number_whatever_is_on_screen():
    """Seen in the session-12 walk: "bảng 1" with I.3 on screen drafted the whole part III."""
    assert reading("bảng 1", AM_REPORT, "I.3", ("I.3",)) == ("draft", "III.1")
    assert reading("mục 2", AM_REPORT, "I.3", ("I.3",)) == ("draft", "I.2")  # "mục" still counts from the focus


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    ("soạn giúp tôi giấy mời dự lễ phát động", AM_REPORT, "I.2", ("I.1", "I.2"), ("ask", "")),  # another writing
    ("ok phần này được rồi, chuyển sang phần phối hợp", ANNUAL_REPORT, "II.1", ("II.1",), ("draft", "I.2")),
    ("trong đoạn này bỏ câu nói về phối hợp với Mặt trận đi, trùng với mục trước rồi", ANNUAL_REPORT, "I.3",
     ("I.1", "I.2", "I.3"), ("refine", "I.3")),
    ("what's left to write?", ANNUAL_REPORT, "", ("I.1", "I.2"), ("show", "")),
    ("sang ý thứ hai của phần nhiệm vụ", ANNUAL_PLAN, "II.1", ("I.1", "I.2", "II.1"), ("draft", "II.2")),
])
def test_batch_n_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # facts announced before a colon, nothing named: kept (was: "ghi" read as a request for I.4)
    ("Chị ghi số liệu trước nhé: treo 18 băng rôn, phát 500 tờ rơi, tổ chức 4 buổi tọa đàm ở 4 thôn", AM_REPORT, "",
     ("I.1", "I.2"), ("figures", "")),
    ("Keep these facts: the province plan is No. 215/KH-UBND dated 28 October 2025", AM_PLAN, "", (), ("figures", "")),
    # a name after "đừng" is what not to write: the wish on the draft on screen, no other section
    ("Viết lại đoạn đầu cho mềm hơn, đừng liệt kê khô khan quá nhé em.", ANNUAL_REPORT, "II.3",
     ("II.1", "II.2", "II.3"), ("refine", "II.3")),
    # the kind typed with marks on some words only
    ("mo giup chị kế hoach triển khai tháng hanh động", ANNUAL_REPORT, "", ("I.1",), ("open", "")),
    # the kind named first, "a new one" asked after it
    ("Sang năm 2026 phải có kế hoạch công tác bình đẳng giới, em tạo giúp chị cái mới", ANNUAL_REPORT, "", ("I.1",),
     ("open", "")),
    ("cho chi xêm lại nhóm thông điep về nam giới", AM_PLAN, "III.2", ("II.3.c", "III.2"), ("show", "II.3.c")),  # typo
])
def test_batch_o_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # a move before the figures asks for the section moved to; the figures are its wish
    ("Xong rồi, sang phần kiểm tra nhé, trong năm dự kiến kiểm tra 2 đợt vào quý II và quý IV.", ANNUAL_PLAN, "II.3",
     ("draft", "II.4", "2 đợt vào quý II và quý IV")),
    # "ổn rồi": that section is behind her; the theme she states is the wish for the next
    ("Phần yêu cầu ổn rồi. Giờ qua phần chủ đề, chủ đề năm nay là 'Bình đẳng giới trong kỷ nguyên số'.", AM_PLAN,
     "I.2", ("draft", "II.1", "Bình đẳng giới trong kỷ nguyên số")),
    ("qua mạng xã hội phát 30 tin bài", AM_REPORT, "I.3", ("figures", "I.3", None)),  # "qua mạng" moves nowhere
    ("Please draft the section on the launch ceremony of the Action Month.", AM_REPORT, "", ("draft", "I.2", None)),
    # a sentence of her own after the name says what to write
    ("Tiếp đến phần đề xuất, kiến nghị với cấp trên. Xã muốn kiến nghị tỉnh mở lớp tập huấn cho cán bộ kiêm nhiệm.",
     ANNUAL_REPORT, "III.2", ("draft", "IV", "mở lớp tập huấn cho cán bộ kiêm nhiệm")),
])
def test_batch_p_readings_that_were_missed_untouched(message, outline, focus, expected):
    intent = READER.read(message, outline, focus, ())
    action, section, wish = expected  # None: no wish at all
    assert (intent.action, intent.section_id) == (action, section)
    assert intent.instruction == "" if wish is None else wish in intent.instruction


def test_chat_shorthand_for_people_opens_a_document():
    assert READER.kinds_asked("e mở giúp c kế hoặch bình đẳng giới cả năm vs", "bao-cao-thang-hanh-dong")[0] == [
        "ke-hoach-binh-dang-gioi-nam"]


@pytest.mark.parametrize(("message", "outline", "section", "wish"), [
    ("Quay lại mục trước viết giúp chị, phần khó khăn chị chưa làm.", AM_REPORT, "II.2", ""),
    ("Draft the funding part of the plan for me, please.", AM_PLAN, "II.5", ""),
    ("điểm c em viết nốt giúp chị", AM_PLAN, "II.3.c", ""),
    # a date she types is hers, even in the section's own words ("hạn gửi", "báo cáo")
    ("viet muc che do bao cao, han gui truoc ngay 20/12", AM_PLAN, "III.4", "han gui truoc ngay 20/12"),
    ("Soạn phần mục đích, yêu cầu của kế hoạch năm 2025", ANNUAL_PLAN, "I", ""),  # the year is the document's
    ("phan cong chuc phu trach theo doi tong hop bao cao", ANNUAL_PLAN, "IV.2", ""),  # two names of one section
    ("viết phần kinh phí trong báo cáo năm, em làm giúp chị bản nháp nhé", ANNUAL_REPORT, "I.4", ""),  # the document
])
def test_words_that_ask_nothing_more_are_no_wish_and_a_date_is_one(message, outline, section, wish):
    focus = {"II.2": "II.1", "II.3.c": "II.3"}.get(section, "")
    intent = READER.read(message, outline, focus, ())
    assert (intent.section_id, intent.instruction) == (section, wish)


def test_a_question_about_the_section_on_screen_is_asked_back_not_a_refinement():
    assert reading("Chủ đề năm nay là gì vậy em?", AM_PLAN, "II.1", ("II.1",)) == ("ask", "")
    assert reading("chủ đề viết ngắn lại", AM_PLAN, "II.1", ("II.1",)) == ("refine", "II.1")


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # a short topic that two sections' contents speak of, and no section's name: which one?
    ("Soạn phần lồng ghép giới giúp chị", ANNUAL_PLAN, "", ("I.1", "I.2", "II.1"), ("ask", "")),
    # a report's text section and its table named by the same words: which one, when no table is asked?
    ("Draft giúp chị phần kiểm tra, giám sát", AM_REPORT, "", ("I.1", "I.2"), ("ask", "")),
    ("Em viết phần phát động cho chị.", AM_REPORT, "", ("I.1",), ("ask", "")),
    ("lập bảng kiểm tra, giám sát", AM_REPORT, "", ("I.1",), ("draft", "III.1")),  # the table asked
    ("viết phần lễ phát động", AM_REPORT, "", ("I.1",), ("draft", "I.2")),  # not the table's name
    # the words "tiếp theo" after the name of the whole on screen: its next part
    ("nhóm thông điệp tiếp theo em ơi", AM_PLAN, "II.3.a", ("II.3.a",), ("draft", "II.3.b")),
    # "viết lại đoạn này …": the draft on screen, whatever section its wish names
    ("Viết lại đoạn này theo hướng nêu bật kết quả đạt được, đừng liệt kê khô khan quá", AM_REPORT, "I.3",
     ("I.1", "I.2", "I.3"), ("refine", "I.3")),
    # a plan cited by its number is a fact, not a request to open a plan; "nhầm rồi" opens the request
    ("Kế hoạch số 45/KH-UBND ngày 12/3/2025 của UBND xã về công tác BĐG năm 2025", ANNUAL_REPORT, "I.1", ("I.1",),
     ("figures", "I.1")),
    ("Nhầm rồi em, chị cần kế hoạch triển khai Tháng hành động chứ ko phải báo cáo", AM_REPORT, "", (), ("open", "")),
    # a detail of her own after its label, or who is in charge: facts with no figure
    ("dia diem le phat dong: san van dong thon Phu Loc, sang ngay 18/11", AM_PLAN, "II.4", ("II.4",),
     ("figures", "II.4")),
    ("Người phụ trách: anh Nguyễn Văn Hùng, công chức Văn hóa - Xã hội, sđt 0914 222 333", AM_PLAN, "III.1",
     ("III.1",), ("figures", "III.1")),
    ("Next: the part for the Fatherland Front and mass organisations, please", AM_PLAN, "III.1", ("III.1",),
     ("draft", "III.2")),
])
def test_batch_q_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_a_table_named_by_words_two_sections_share_is_that_table():
    """Seen in the session-14 walk: "lập bảng hoạt động" asked between I.3 (no table) and table III.1."""
    assert reading("lập bảng hoạt động", AM_REPORT, "II.3", ("II.3",)) == ("draft", "III.1")
    assert reading("viết phần các hoạt động", AM_REPORT, "II.3", ("II.3",)) == ("ask", "")


def test_a_table_asked_first_with_nothing_on_screen_offers_the_tables():
    intent = READER.read("làm cái bảng trước đi em", AM_REPORT, "", ("I.1", "I.2", "I.3"))
    assert intent.action == "ask" and {value.rsplit(" ", 1)[-1] for _, value in intent.choices} == {
        "III.1", "III.2", "III.3"}


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # words listed with a comma in a name may be joined by "rồi", "và" ("theo dõi, tổng hợp")
    ("phan giao cong chuc van hoa xa hoi theo doi roi tong hop bao cao len tren", ANNUAL_PLAN, "", (),
     ("draft", "IV.2")),
    ("đoạn này dài quá, gom lại còn 3-4 ý chính thôi", AM_REPORT, "I.1", ("I.1",), ("refine", "I.1")),  # no figure
    # two marked words of sixteen: read as typed without marks, "phan" is "phần"
    ("phan bao nhieu chị em dc vay von uu đai, dc gioi thieu viec lam, hoc nghe", ANNUAL_REPORT, "II.1",
     ("I.1", "II.1"), ("draft", "II.2")),
    # "chị em khó khăn" are women in hardship, not the section of difficulties
    ("viet phan tien cac nha hao tam, doanh nghiep ung ho de tang qua chi em kho khan nhe", AM_REPORT, "I.3",
     ("I.1", "I.3"), ("draft", "I.4.b")),
    ("Xong báo cáo tháng hành động rồi, giờ chuyển qua báo cáo công tác BĐG, vì sự tiến bộ phụ nữ cả năm nhé",
     AM_REPORT, "", (), ("open", "")),
])
def test_batch_r_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_a_document_done_before_has_no_say_in_the_kind_opened():
    assert READER.kinds_asked("Xong báo cáo tháng hành động rồi, giờ chuyển qua báo cáo công tác BĐG cả năm nhé",
                              "bao-cao-thang-hanh-dong")[0] == ["bao-cao-binh-dang-gioi-nam"]


def test_facts_that_open_with_another_sections_name_are_that_sections_facts():
    intent = READER.read("nguồn vận động thì năm nay không vận động được", AM_REPORT, "I.4.a", ("I.4.a",))
    assert (intent.action, intent.section_id) == ("figures", "I.4.b")
    assert READER.read("ngân sách xã chi 15 triệu", AM_REPORT, "I.4.a", ("I.4.a",)).section_id == "I.4.a"


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # facts announced ("chị nói thêm, …"), or told at length with no figure and no request: facts
    ("À chị nói thêm, lễ phát động bên chị làm sáng 14/11 tại sân nhà văn hóa thôn Phú Lộc, có 120 người dự, trong "
     "đó 45 nam, do đồng chí Trần Văn Hùng, Phó Chủ tịch UBND xã chủ trì.", AM_REPORT, "I.2", ("I.2",),
     ("figures", "I.2")),
    ("Đài truyền thanh xã phát tin suốt cả tháng, Trường THCS Lê Lợi thì lồng ghép vào giờ chào cờ đầu tuần, Công an "
     "xã phối hợp với Hội Phụ nữ đi tuyên truyền ở các thôn, riêng tập huấn thì năm nay không tổ chức được.",
     AM_REPORT, "I.3", ("I.3",), ("figures", "I.3")),
    ("Kế hoạch của UBND tỉnh là số 215/KH-UBND ngày 28/10/2025, xã mình sẽ phát động vào sáng 17/11 ở hội trường "
     "UBND xã, còn tổng kết thì dự kiến ngày 18/12.", AM_PLAN, "II.4", ("II.4",), ("figures", "II.4")),
    # a table words after "xem lại" shows it
    ("Chị muốn xem lại bảng tổ chức phát động và các hoạt động hưởng ứng mà em đã lập hồi nãy.", AM_REPORT, "I.3",
     ("I.3", "III.1"), ("show", "III.1")),
    # the section on screen named with a change: a refinement, even with "viết"; "ổn rồi nhưng …" too
    ("Mục yêu cầu em viết gọn lại, tối đa 3 gạch đầu dòng thôi em nhé.", AM_PLAN, "I.2", ("I.1", "I.2"),
     ("refine", "I.2")),
    ("Đoạn mục đích này ổn rồi nhưng câu cuối hơi dài dòng, em tách làm hai câu, và thay chữ 'nạn nhân' bằng 'người "
     "bị bạo lực' giúp chị.", AM_PLAN, "I.1", ("I.1",), ("refine", "I.1")),
    # "cả cộng đồng" far after the name is the wish's words, not "the whole"
    ("Em làm nhóm khẩu hiệu kêu gọi nam giới chia sẻ việc nhà, cả cộng đồng cùng hành động giúp chị nhé.", AM_PLAN,
     "", ("I.1",), ("draft", "II.3.c")),
    # a section put off ("… để sau cũng được") is not asked now
    ("Giờ em soạn giúp chị phần phương hướng, nhiệm vụ năm tới trước, kiến nghị để sau cũng được.", ANNUAL_REPORT,
     "III.2", ("III.2",), ("draft", "V")),
    ("liệt kê các hoạt động chính trong tháng: lễ phát động, treo băng rôn, tọa đàm", AM_PLAN, "", (),
     ("draft", "II.4")),  # "liệt kê" asks
])
def test_batch_s_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_a_kind_named_then_opened_by_a_later_verb():
    assert READER.kinds_asked("Chị phải nộp báo cáo công tác bình đẳng giới và vì sự tiến bộ của phụ nữ cả năm cho "
                              "cấp trên, mình bắt đầu nhé.")[0] == ["bao-cao-binh-dang-gioi-nam"]
    assert READER.kinds_asked("phần kinh phí như báo cáo năm ngoái, em làm giúp", "ke-hoach-thang-hanh-dong")[0] == []


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # "và" left out of a name ("giáo dục và đào tạo"), typed without diacritics
    ("viet muc giao duc dao tao", ANNUAL_REPORT, "", (), ("draft", "II.5")),
    # the parent's word and the words only one part's name holds: that part
    ("viet phan kinh phi van dong", AM_REPORT, "", ("I.1",), ("draft", "I.4.b")),
    ("viết đoạn tổng số tiền đã chi cho tháng hành động", AM_REPORT, "", (), ("draft", "I.4")),  # one syllable
    # the facts, then the section they are for asked in a clause of its own: kept, and that section written
    ('Chủ đề năm nay là "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số", viết mục chủ đề',
     AM_PLAN, "", (), ("figures", "II.1")),
    ("năm nay xã tổ chức mít tinh 200 người, em viết phần lễ phát động nhé", AM_REPORT, "I.1", ("I.1",),
     ("figures", "I.2")),
])
def test_batch_t_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_batch_t_wishes_and_kinds():
    assert READER.kinds_asked("Open the Action Month results report")[0] == ["bao-cao-thang-hanh-dong"]
    # a mark that opens the words after the name makes them a wish, even in the section's own contents
    assert "tỷ số giới tính khi sinh" in READER.read("soạn phần y tế, chú ý tỷ số giới tính khi sinh",
                                                     ANNUAL_REPORT).instruction
    assert "Party committee" in READER.read("Draft the part on women in politics, with the share of women in the "
                                            "Party committee and the People's Council", ANNUAL_REPORT).instruction
    assert READER.read("soạn mục chỉ đạo, ban hành kế hoạch", AM_REPORT).instruction == ""


def test_batch_u_readings_that_were_missed_untouched():
    """Batch u (session 15): a southern ward officer's brisk words and abbreviations."""
    assert reading("KH cấp trên: số 112/KH-UBND ngày 05/11/2025 của UBND Thành phố", AM_PLAN, "I.1",
                   ("I.1",)) == ("figures", "I.1")  # a plan cited after a label: a fact
    assert READER.kinds_asked("Mở kế hoạch TTHĐ vì BĐG năm 2025")[0] == ["ke-hoach-thang-hanh-dong"]
    assert reading("rut lai con 1 doan thoi", ANNUAL_REPORT, "II.6", ("II.6",)) == ("refine", "II.6")
    assert READER.read("Viết lại phần khó khăn, tồn tại từ đầu nha", AM_REPORT).instruction == ""
    # a clause put off asks nothing now
    assert READER.read("Giờ em soạn giúp chị phần phương hướng, nhiệm vụ năm tới trước, kiến nghị để sau cũng được.",
                       ANNUAL_REPORT, "III.2", ("III.2",)).instruction == ""


@pytest.mark.parametrize(("message", "focus", "drafted", "expected"), [
    # seen in the session-15 walk: "khẩu hiệu nhóm 1" drafted all three groups, "nhóm cuối" refined another section
    ("khẩu hiệu nhóm 1", "II.2", ("II.1", "II.2"), ("draft", "II.3.a")),
    ("nhóm 2 khẩu hiệu", "II.2", ("II.1", "II.2"), ("draft", "II.3.b")),
    ("nhóm khẩu hiệu cuối cùng", "II.2", ("II.1", "II.2"), ("draft", "II.3.c")),
    ("nhóm cuối", "II.3.b", ("II.3.a", "II.3.b"), ("draft", "II.3.c")),
    ("nhóm đầu", "II.3.b", ("II.3.a", "II.3.b"), ("draft", "II.3.a")),
    ("the last group", "II.3.a", ("II.3.a",), ("draft", "II.3.c")),
    # batch v (session 15), read untouched: "mục 4" on a point counts the items of its part
    ("mục 4", "II.3.c", ("II.3.a", "II.3.b", "II.3.c"), ("draft", "II.4")),
])
def test_groups_by_their_number_or_the_last_one(message, focus, drafted, expected):
    assert reading(message, AM_PLAN, focus, drafted) == expected
    assert READER.read("nhóm khẩu hiệu cuối cùng", AM_PLAN, "II.2", ()).instruction == ""


def test_a_change_asked_of_a_whole_whose_parts_are_drafted_asks_which_part():
    """Batch v (session 15), read untouched: "shorten the assigning tasks part" drafted the whole anew."""
    intent = READER.read("shorten the assigning tasks part", ANNUAL_PLAN, "", ("IV.1", "IV.2"))
    assert intent.action == "ask" and [v.rsplit(" ", 1)[-1] for _, v in intent.choices] == ["IV.1", "IV.2"]
    assert reading("sửa lại phần ngân sách, số tiền chưa đúng", AM_REPORT, "", ("I.4.a", "I.4.b")) == ("ask", "")
    assert reading("viết phần kinh phí", AM_REPORT, "", ("I.4.a", "I.4.b")) == ("draft", "I.4")  # no change asked


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    # batch w (session 15: shows and asks), read untouched: a number only one section has, nothing on screen
    ("Viết mục 6 giúp chị.", ANNUAL_REPORT, "", (), ("draft", "II.6")),
    ("Mở lại mục 5 cho chị xem.", AM_PLAN, "", ("I.1", "I.2", "II.5"), ("show", "II.5")),
    # "cho chị xem" shows; the noun of "mục trước" asks nothing to be written
    ("Mục trước đó em mở lại cho chị xem với.", ANNUAL_PLAN, "II.4", ("II.1", "II.2", "II.3", "II.4"),
     ("show", "II.3")),
    ("Open the time frame section again, I just want to read it.", AM_PLAN, "III.4", ("II.2", "III.4"),
     ("show", "II.2")),
    # a text section and its table named alike, both drafted: which one to show?
    ("Cho chị xem lại phần phát động.", AM_REPORT, "II.1", ("I.2", "II.1", "III.1"), ("ask", "")),
    ("Cho chị xem lại phần phát động.", AM_REPORT, "II.1", ("I.2", "II.1"), ("show", "I.2")),
])
def test_batch_w_readings_that_were_missed_untouched(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_a_move_that_opens_the_message_asks_for_another_section_not_a_change():
    """Seen in the session-15 final walk: "giờ tới các hoạt động trong tháng", with the launch on screen,
    was read as a change of the launch's draft."""
    assert reading("giờ tới các hoạt động trong tháng", AM_REPORT, "I.2", ("I.1", "I.2"))[0] != "refine"
    assert reading("giờ tới phần kinh phí", AM_REPORT, "I.2", ("I.1", "I.2")) == ("draft", "I.4")
