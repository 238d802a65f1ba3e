"""How the chat reads the words around a section's name (session 18): a clause of her own content after a
comma is her wish even in the section's own contents ("Viết phần IV, đề nghị tỉnh mở lớp tập huấn …"); the
words that only say again what a section holds ("… cho năm sau", "… lấy từ nguồn nào") are none; a part
named before its whole ("mục cơ quan trong phần IV") is that part, or asks which when two parts share the
words; "bang ron" typed without marks is a banner, not a table; asked to see one of two drafts, the choices show
them. The rules alone (``READER``)."""

from __future__ import annotations

import pytest

from assistant.app.facts_words import facts_before_request
from assistant.core.outlines import load_outlines

from .test_workspace import READER

OUTLINES = load_outlines()
AM_REPORT, AM_PLAN = OUTLINES["bao-cao-thang-hanh-dong"], OUTLINES["ke-hoach-thang-hanh-dong"]
ANNUAL_REPORT, ANNUAL_PLAN = OUTLINES["bao-cao-binh-dang-gioi-nam"], OUTLINES["ke-hoach-binh-dang-gioi-nam"]


def reading(message, outline, focus="", drafted=()):
    intent = READER.read(message, outline, focus, drafted)
    return intent.action, intent.section_id, intent.instruction


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # a clause opened by words stating her content is a wish, though the section's contents list it
    ("Viết phần IV, đề nghị tỉnh mở lớp tập huấn cho cán bộ kiêm nhiệm", ANNUAL_REPORT, "III.2",
     ("draft", "IV", "đề nghị tỉnh mở lớp tập huấn cho cán bộ kiêm nhiệm")),
    ("phần IV đi, kiến nghị tập huấn kỹ năng cho cán bộ", ANNUAL_REPORT, "III.2",
     ("draft", "IV", "kiến nghị tập huấn kỹ năng cho cán bộ")),
    ("phần II mục 1 tuyên truyền, có hội thi tìm hiểu luật", ANNUAL_PLAN, "I.2",
     ("draft", "II.1", "có hội thi tìm hiểu luật")),
    ("Làm nốt phần phương hướng năm tới, ưu tiên tăng tỷ lệ nữ lãnh đạo", ANNUAL_REPORT, "IV",
     ("draft", "V", "ưu tiên tăng tỷ lệ nữ lãnh đạo")),
    # ... but not when the clause is the section's own title ("…, ưu tiên nguồn lực cho trẻ em gái" is group a's)
    ("Soạn mấy câu khẩu hiệu về tăng quyền năng cho phụ nữ, ưu tiên nguồn lực cho trẻ em gái", AM_PLAN, "II.2",
     ("draft", "II.3.a", "")),
    # the words only say again what the section holds, or what it answers: no wish
    ("doan rut ra bai hoc kinh nghiem cho nam sau", AM_REPORT, "II.1", ("draft", "II.1", "")),
    ("Chỗ nói những cái vướng, cái khó khi làm tháng hành động", AM_REPORT, "II.1", ("draft", "II.2", "")),
    ("Viết đoạn nói tiền làm kế hoạch này lấy từ nguồn nào", ANNUAL_PLAN, "I.2", ("draft", "III", "")),
    # "không có vụ nào" states a fact: a wish
    ("viết phần bạo lực gia đình, nhớ ghi năm nay không có vụ nào", ANNUAL_REPORT, "II.2",
     ("draft", "II.3", "nhớ ghi năm nay không có vụ nào")),
])
def test_the_words_after_a_sections_name(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,) if focus else ()) == expected


@pytest.mark.parametrize(("message", "outline", "choices"), [
    ("Viết mục cơ quan trong phần tổ chức thực hiện giùm tui", ANNUAL_PLAN, ["IV.1", "IV.2"]),
    ("Làm mục về cơ quan ở phần IV", ANNUAL_PLAN, ["IV.1", "IV.2"]),
    ("anh viet giup em diem ngan sach trong phan kinh phi voi a", AM_REPORT, ["I.4.a", "I.4.b"]),
])
def test_a_part_named_before_its_whole_by_words_two_parts_share_asks_which(message, outline, choices):
    intent = READER.read(message, outline, "", ())
    assert intent.action == "ask"
    assert sorted(value.rsplit(" ", 1)[-1] for _, value in intent.choices) == choices


def test_a_part_named_before_its_whole_by_its_own_words_is_that_part():
    assert reading("viết mục đơn vị cơ sở trong phần tổ chức thực hiện", AM_PLAN, "II.4", ("II.4",)) \
        == ("draft", "III.3", "")
    assert reading("viết giúp em trong phần III mục 2", AM_PLAN, "II.4", ("II.4",)) == ("draft", "III.2", "")


@pytest.mark.parametrize("message", ["bang ron 12 cai, to roi 500 to", "bang ron 10 cai, to roi 500 to, ko lam pano"])
def test_banners_typed_without_marks_are_counts_for_the_table_on_screen_not_a_table_asked(message):
    assert reading(message, AM_REPORT, "III.3", ("III.2", "III.3")) == ("figures", "III.3", "")


def test_asked_to_see_a_launch_both_drafted_the_choices_show_them_not_redraft():
    """Session 17: "cho em xem lại phần phát động" with the launch text and its table drafted asked "soạn mục
    …?" and a click redrafted the section she only wanted to see."""
    drafted = ("I.1", "I.2", "I.3", "II.1", "III.1")
    intent = READER.read("cho em xem lại phần phát động", AM_REPORT, "II.1", drafted)
    assert intent.action == "ask" and "xem lại" in intent.question
    assert [message for _, message in intent.choices] == ["xem lại mục I.2", "xem lại mục III.1"]
    assert reading("xem lại mục III.1", AM_REPORT, "II.1", drafted) == ("show", "III.1", "")


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # a clause after a dash is hers as one after a comma, also when the name runs into it
    ("Viết phần IV - đề nghị tỉnh hỗ trợ kinh phí", ANNUAL_REPORT, "III.2",
     ("draft", "IV", "đề nghị tỉnh hỗ trợ kinh phí")),
    # "có thể …" asks whether, it states nothing: the change is still her wish, not a clause of facts
    ("Viết phần IV, có thể thêm ý về kinh phí", ANNUAL_REPORT, "III.2",
     ("draft", "IV", "có thể thêm ý về kinh phí")),
    # positions counted inside a part named by "this" or by its title
    ("mục thứ hai của phần này", AM_PLAN, "II.1", ("draft", "II.2", "")),
    ("viết mục 1 của phần nội dung", AM_PLAN, "I.2", ("draft", "II.1", "")),
    # the words after a move, without the particles that close it
    ("Next one please, 45 women attended the talk", AM_REPORT, "II.1", ("draft", "II.2", "45 women attended the talk")),
    ("now the funds section", AM_REPORT, "I.3", ("draft", "I.4", "")),
    # "no need to change" it: she wants to see it
    ("phần kinh phí chưa cần sửa, cho chị xem lại", AM_REPORT, "I.4", ("show", "I.4", "")),
    ("gộp hai đoạn đầu lại", AM_REPORT, "I.4", ("refine", "I.4", "gộp hai đoạn đầu lại")),
])
def test_clauses_positions_and_moves(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,)) == expected


def test_a_hamlets_number_counts_no_events():
    """Session 18: "tổ chức sinh hoạt ở nhà văn hóa thôn 2" gave a row of 2 events; the number names the hamlet."""
    from assistant.app.intent import counted_rows

    assert [(row.count, row.level) for row in counted_rows("tổ chức 4 buổi sinh hoạt ở nhà văn hóa thôn 2")] \
        == [(4, "Thôn")]
    assert counted_rows("treo băng rôn ở tổ dân phố số 5") == []


@pytest.mark.parametrize(("message", "outline", "choices"), [
    ("Chuyển sang soạn phần tuyên truyền và phần kiểm tra cùng lúc.", ANNUAL_PLAN, ["II.1", "II.4"]),
    ("Viết phần khó khăn với kiến nghị luôn một lượt giùm tui", ANNUAL_REPORT, ["III.2", "IV"]),
])
def test_two_sections_asked_in_one_breath_ask_which_first(message, outline, choices):
    intent = READER.read(message, outline, "", ())
    assert intent.action == "ask" and "trước" in intent.question
    assert sorted(value.rsplit(" ", 1)[-1] for _, value in intent.choices) == choices


def test_parts_of_a_whole_named_first_and_names_inside_a_wish_ask_nothing():
    assert reading("Phần đánh giá chung, viết cả thuận lợi lẫn khó khăn", ANNUAL_REPORT)[:2] == ("draft", "III")
    funds = reading("Soạn phần III kinh phí thực hiện, dự kiến 40.000.000 đồng cho hoạt động tuyên truyền và kiểm tra.",
                    ANNUAL_PLAN)
    assert funds[:2] == ("draft", "III") and "40.000.000 đồng" in funds[2]


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # facts said before the request are part of what it asks: kept, and the section drafted from them
    ("Năm nay mở 3 lớp tập huấn, 210 lượt người dự. Viết mục nâng cao năng lực giùm tui", ANNUAL_REPORT, "",
     "Năm nay mở 3 lớp tập huấn, 210 lượt người dự"),
    # a mark after more of the section's own name, or before a clause she states, opens the wish there
    ("Mục tuyên truyền pháp luật nhớ có Luật Phòng, chống bạo lực gia đình 2022 nghen", ANNUAL_PLAN, "I.2",
     "nhớ có Luật Phòng, chống bạo lực gia đình 2022 nghen"),
    ("Phần thuận lợi nhớ nêu vụ cho vay vốn với khám thai, năm nay chuyển biến nhiều", ANNUAL_REPORT, "II.6",
     "nhớ nêu vụ cho vay vốn với khám thai, năm nay chuyển biến nhiều"),
    ("Lùi lại mục 4 phần II, soạn công tác kiểm tra, trọng tâm là công tác cán bộ nữ tại các cơ quan thuộc phường.",
     ANNUAL_PLAN, "II.3", "trọng tâm là công tác cán bộ nữ tại các cơ quan thuộc phường"),
])
def test_the_wish_holds_her_facts_and_marks(message, outline, focus, expected):
    intent = READER.read(message, outline, focus, (focus,) if focus else ())
    assert intent.action in ("draft", "figures") and expected in intent.instruction or (
        intent.action == "figures" and facts_before_request(READER.vocabulary, message) == expected)


def test_a_denied_mark_opens_no_wish():
    """"em không nhớ đề cương …": "nhớ" denied; the words after it are not cut to "nhớ đề cương …" (the opposite)."""
    wish = reading("anh làm giúp em phần phát động với em không nhớ đề cương bắt viết ở đâu", AM_REPORT)[2]
    assert not wish.startswith("nhớ")


@pytest.mark.parametrize(("message", "outline", "focus", "drafted", "expected"), [
    ("muc 2 phan IV", ANNUAL_PLAN, "IV.1", ("IV.1",), ("draft", "IV.2", "")),  # typed bare: a number, no count
    ("next đi, phần vận động ghi là không phát sinh", AM_REPORT, "I.4.a", ("I.4", "I.4.a"),
     ("draft", "I.4.b", "ghi là không phát sinh")),
    ("Go on to the inspection item.", ANNUAL_PLAN, "II.3", ("II.3",), ("draft", "II.4", "")),
    ("Cảm ơn nghen, bữa nay vậy được rồi, mai tui làm tiếp", AM_PLAN, "II.5", ("II.5",), ("ask", "", "")),
])
def test_numbers_moves_and_leaving_typed_the_southern_or_english_way(message, outline, focus, drafted, expected):
    assert reading(message, outline, focus, drafted) == expected


def test_a_document_said_done_is_not_the_one_asked():
    asked = READER.kinds_asked("Kế hoạch đã hoàn thiện, chuyển sang soạn thảo Báo cáo kết quả Tháng hành động nhé",
                               "ke-hoach-thang-hanh-dong")[0]
    assert asked == ["bao-cao-thang-hanh-dong"]


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # formal requests: "đề nghị soạn thảo" asks for the draft, it proposes nothing
    ("Lùi lại điểm a, nhóm thông điệp về luật pháp, chính sách, chủ trương, đề nghị soạn thảo.", AM_PLAN, "II.2",
     ("draft", "II.3.a", "")),
    ("Đề nghị soạn thảo toàn bộ phần IV Tổ chức thực hiện, gồm cả hai mục.", ANNUAL_PLAN, "III", ("draft", "IV", "")),
    # "part-time" is no section noun
    ("Now the difficulties: part-time staff, no dedicated budget.", AM_REPORT, "II.1",
     ("draft", "II.2", "part-time staff, no dedicated budget")),
])
def test_formal_requests_and_english_words_in_the_wish(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,)) == expected


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # she corrects herself: the section named after "à không" is the one asked, with no wish of the first
    ("viết phần khó khăn đi, à không, phần kinh phí trước", AM_REPORT, "", ("draft", "I.4", "")),
    ("soạn mục I.1, à nhầm, mục I.2 nhé", ANNUAL_REPORT, "", ("draft", "I.2", "")),
    # central speech: "đoạn ni" is the draft on screen, "chừ tới" a move
    ("đoạn ni dài quá, rút gọn lại chừ được không", ANNUAL_REPORT, "I.3",
     ("refine", "I.3", "đoạn này dài quá, rút gọn lại giờ được không")),
    ("Carry on with the following section.", ANNUAL_PLAN, "II.4", ("draft", "III", "")),
    ("write the advantages part", ANNUAL_REPORT, "", ("draft", "III.1", "")),
    # a clause after a dash says more than the name; one asking who does it says what the section answers
    ("Draft section IV.2 - who follows up and compiles the reports.", ANNUAL_PLAN, "IV.1", ("draft", "IV.2", "")),
])
def test_corrections_dialect_and_clauses_after_a_dash(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,) if focus else ()) == expected


@pytest.mark.parametrize("message", ["Draft the coordination part and the funding part together.",
                                     "Chuyển sang soạn tiểu mục khó khăn và mục kiến nghị."])
def test_two_sections_in_english_word_order_ask_which_first(message):
    assert READER.read(message, ANNUAL_REPORT if "coordination" in message else AM_REPORT, "", ()).action == "ask"


def test_a_place_in_a_draft_with_none_on_screen_asks_which_draft_and_offers_to_show_it():
    intent = READER.read("Đoạn 2 sửa lại cho gọn.", AM_REPORT, "", ("I.1", "I.2"))
    assert intent.action == "ask"
    assert [message for _, message in intent.choices] == ["xem lại mục I.1", "xem lại mục I.2"]


def test_walk_19_facts_keep_no_request_words_and_go_to_the_section_they_open_with():
    """Session-19 walk: "tiếp theo là lễ phát động nhé, tổ chức sáng 17/11 …" put "Tiếp theo là … nhé" in the
    report; "còn nguồn vận động thì năm nay không vận động được" went into the state budget on screen; "xã ban
    hành Kế hoạch số 112/…" after "phần chỉ đạo" kept only "số 112/…", so the plan was never the unit's."""
    from assistant.app.facts_words import without_request

    words = READER.vocabulary
    assert without_request(words, "tiếp theo là lễ phát động nhé, tổ chức sáng 17/11 tại hội trường, 160 người dự") \
        == "tổ chức sáng 17/11 tại hội trường, 160 người dự"
    assert without_request(words, "Lễ phát động làm ở hội trường xã, có 160 người dự") \
        == "Lễ phát động làm ở hội trường xã, có 160 người dự"  # a verb telling the event opens no request
    assert without_request(words, "còn nguồn vận động thì năm nay không vận động được") \
        == "nguồn vận động thì năm nay không vận động được"
    drafted = ("I.1", "I.2", "I.3", "I.4.a")
    assert reading("còn nguồn vận động thì năm nay không vận động được", AM_REPORT, "I.4.a", drafted) \
        == ("figures", "I.4.b", "")
    assert reading("bắt đầu với phần chỉ đạo, xã ban hành Kế hoạch số 112/KH-UBND ngày 10/11/2025", AM_REPORT) \
        == ("draft", "I.1", "Kế hoạch số 112/KH-UBND ngày 10/11/2025")


def test_what_the_section_must_have_is_a_wish_after_a_move():
    message = "mục tiếp theo anh làm giúp em nhé chủ tịch dặn là phải có tập huấn cho cán bộ nữ trong quy hoạch"
    intent = READER.read(message, ANNUAL_PLAN, "II.1", ("I.1", "I.2", "II.1"))
    assert (intent.action, intent.section_id) == ("draft", "II.2")
    assert intent.instruction.startswith("phải có tập huấn cho cán bộ nữ")


@pytest.mark.parametrize("message", ["check lại chính tả giúp em, hình như sai chữ phòng ngừa",
                                     "Too long. Cut it to five bullet points, one per goal, and drop the sentence "
                                     "about the budget."])
def test_spelling_and_length_are_changes_of_the_draft_on_screen(message):
    assert reading(message, ANNUAL_REPORT, "V", ("IV", "V"))[:2] == ("refine", "V")


def test_a_change_told_as_the_bosss_words_is_no_small_talk():
    """"Chủ tịch … bảo em là đoạn này nên tách …" was dropped as small talk, and the request left ("Anh làm giúp
    em được không ạ?") drafted another section."""
    message = ("Chủ tịch đọc xong bảo em là đoạn này nên tách riêng từng đoàn thể ra thành từng gạch đầu dòng. "
               "Anh làm giúp em được không ạ?")
    assert reading(message, ANNUAL_PLAN, "IV.1", ("IV.1",))[:2] == ("refine", "IV.1")


@pytest.mark.parametrize(("message", "outline", "expected"), [
    # voice-typed, no punctuation: a word that states her content opens her wish where it stands
    # (the tone mark as the reader writes it: "uỷ")
    ("viết phần thuận lợi có sự quan tâm của đảng ủy", ANNUAL_REPORT, ("draft", "III.1", "có sự quan tâm của đảng uỷ")),
    ("kiến nghị đề xuất à xin tỉnh mở lớp tập huấn cho cán bộ viết giúp chị", AM_REPORT,
     ("draft", "II.3", "xin tỉnh mở lớp tập huấn cho cán bộ viết giúp chị")),
])
def test_a_voice_typed_wish_with_no_comma_is_kept(message, outline, expected):
    assert reading(message, outline) == expected


def test_a_campaign_voice_typed_with_a_slipped_mark_is_still_that_campaign():
    assert READER.kinds_asked("mở kế hoạch tháng hành đông ra chị làm luôn")[0] == ["ke-hoach-thang-hanh-dong"]


def test_back_to_school_in_her_wish_is_no_move():
    """"… đã vận động 2 em quay lại lớp" read "quay lại" as "show again", and the shown section took no wish."""
    intent = READER.read("viết phần giáo dục, nhớ nêu có 4 em nữ bỏ học do tảo hôn, đã vận động 2 em quay lại lớp",
                         ANNUAL_REPORT, "II.4", ("II.1", "II.2", "II.3", "II.4"))
    assert intent.action != "ask" and "4 em nữ bỏ học" in intent.instruction


def test_words_typed_with_marks_are_fillers_or_requests_only_as_typed():
    """"lên án tảo hôn" was no content: bare, "an", "tao", "hon" are "an", "tạo" (a request), "hơn" (a filler)."""
    assert READER.wishes._content("khẩu hiệu lên án tảo hôn", set()) == ["khau", "hieu", "an", "tao", "hon"]
    assert READER.wishes._content("tạo giúp chị hơn", set()) == []
    assert reading("viết nhóm thông điệp phòng ngừa, ứng phó bạo lực, có khẩu hiệu lên án tảo hôn", AM_PLAN, "II.2",
                   ("II.2",)) == ("draft", "II.3.b", "có khẩu hiệu lên án tảo hôn")
