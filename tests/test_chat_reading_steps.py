"""How the chat reads a lone step with her words after it ("tiếp, 24 tin bài loa thôn", "Next: economy and
labour, 85 women …"), section numbers as clerks write them ("phần thứ hai", "ý 1 phần I", "tiểu mục 4.a",
"mục cuối") and numbers the open outline lacks ("mục II.5.a": which?), a document set aside while another is
asked ("Báo cáo … tạm để đấy đã. … chuyển sang làm kế hoạch …"), a change asked with no draft on screen, and a
redraft asked in words that also say "đọc lại", words after a name that another section says, and the clauses
that look back before a request ("Đoạn hoạt động ổn rồi. …") (session 20). The rules alone (``READER``)."""

from __future__ import annotations

import pytest

from .test_chat_reading_clauses import AM_PLAN, AM_REPORT, ANNUAL_PLAN, ANNUAL_REPORT, reading
from .test_workspace import READER


def sections_offered(message, outline, focus="", drafted=()):
    """The ids of the sections the reader offers when it asks back (it must ask)."""
    intent = READER.read(message, outline, focus, drafted)
    assert intent.action == "ask"
    return [value.rsplit(" ", 1)[-1] for _, value in intent.choices]


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    ("tiếp, 24 tin bài loa thôn", AM_REPORT, "III.1", ("draft", "III.2", "24 tin bài loa thôn")),
    ("tiếp, nhớ nêu trạm y tế", AM_PLAN, "III.1", ("draft", "III.2", "nhớ nêu trạm y tế")),
    # the event her sentence tells, named after the step: her whole sentence (seen in the session's walks)
    ("tiếp, lễ mít tinh hưởng ứng làm sáng 16/11 tại sân UBND xã", AM_REPORT, "I.1",
     ("draft", "I.2", "lễ mít tinh hưởng ứng làm sáng 16/11 tại sân UBND xã")),
    # something that did not happen, after the step: the next section's fact (seen in the session's second walk)
    ("tiếp, năm nay không vận động được", AM_REPORT, "I.4.a", ("draft", "I.4.b", "năm nay không vận động được")),
    ("tiep, van dong duoc 5 trieu", AM_REPORT, "I.4.a", ("draft", "I.4.b", "van dong duoc 5 trieu")),
    ("Tiếp theo: kinh tế - lao động, 85 chị em được giới thiệu việc làm.", ANNUAL_REPORT, "II.1",
     ("draft", "II.2", "85 chị em được giới thiệu việc làm")),
    ("muc sau, co khen thuong cuoi nam", ANNUAL_PLAN, "II.3", ("draft", "II.4", "co khen thuong cuoi nam")),
    # the step alone, or with the next section's own name, carries no wish
    ("viết tiếp mục sau", ANNUAL_PLAN, "II.3", ("draft", "II.4", "")),
    ("ok next, phương hướng năm tới", ANNUAL_REPORT, "IV", ("draft", "V", "")),
    # a date or a figure after it stays a fact, not a step: "Sau đó …" tells what happened
    ("Sau đó xã tổ chức 3 buổi tọa đàm, 120 người dự.", ANNUAL_REPORT, "II.1", ("figures", "II.1", "")),
])
def test_a_lone_step_then_her_words(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,)) == expected


@pytest.mark.parametrize(("message", "outline", "focus", "section"), [
    ("Sang phần thứ hai, mục 1: nữ đại biểu HĐND xã 7/25.", ANNUAL_REPORT, "I.4", "II.1"),
    ("Đề nghị soạn ý 1 phần I.", ANNUAL_PLAN, "", "I.1"),
    ("Sang ý b nhé em.", AM_REPORT, "I.4.a", "I.4.b"),
    ("Tiểu mục 4.a: ngân sách xã chi 8.000.000 đồng, em soạn giúp chị.", AM_REPORT, "I.3", "I.4.a"),
    ("Ý 2 phần III, nhớ nêu thôn Nam chưa thành lập câu lạc bộ gia đình.", AM_PLAN, "III.1", "III.2"),
    ("Phần thứ ba, ý 1 thuận lợi.", ANNUAL_REPORT, "II.6", "III.1"),
    ("Viết tiếp phần thứ tư, khoản 1.", ANNUAL_PLAN, "III", "IV.1"),
    ("Mục cuối, hạn các thôn nộp báo cáo trước ngày 10/12.", AM_PLAN, "III.3", "III.4"),
    ("mục cuối cùng, giao công chức văn hóa - xã hội", ANNUAL_PLAN, "IV.1", "IV.2"),
])
def test_section_numbers_as_clerks_write_them(message, outline, focus, section):
    action, found, _ = reading(message, outline, focus, (focus,) if focus else ())
    assert (action, found) == ("draft", section)


def test_the_thing_after_a_part_named_by_its_place_is_no_part_number():
    assert reading("Xem lại ý c mục 3 phần II cho chị.", AM_PLAN, "II.4", ("II.3.c", "II.4"))[:2] == \
        ("show", "II.3.c")


@pytest.mark.parametrize(("message", "outline", "choices"), [
    ("Điểm c mục I.4 em soạn luôn.", AM_REPORT, ["I.4.a", "I.4.b"]),
    ("Soạn khoản 5 mục III.", AM_PLAN, ["III.1", "III.2", "III.3", "III.4"]),
    ("Soạn tiếp mục II.5.a cho chị.", AM_PLAN, ["II.1", "II.2", "II.3", "II.4", "II.5"]),
    ("Tiểu mục III.3 viết tiếp đi em.", ANNUAL_PLAN, ["I", "II", "III", "IV"]),
])
def test_a_number_the_outline_lacks_asks_which(message, outline, choices):
    assert sections_offered(message, outline, "I.1", ("I.1",)) == choices


def test_a_number_the_outline_has_is_read_as_before():
    assert reading("viết mục I.2.", AM_PLAN)[:2] == ("draft", "I.2")


@pytest.mark.parametrize(("message", "open_kind", "kind"), [
    ("Báo cáo tháng hành động tạm để đấy đã. Cháu chuyển sang làm kế hoạch Tháng hành động năm sau cho bác.",
     "bao-cao-thang-hanh-dong", "ke-hoach-thang-hanh-dong"),
    ("Kế hoạch thế là xong. Cảm phiền cháu chuyển sang báo cáo tổng kết công tác bình đẳng giới năm 2025.",
     "ke-hoach-binh-dang-gioi-nam", "bao-cao-binh-dang-gioi-nam"),
    ("chuyển qua bc bình đẳng giới cả năm giùm, cái tháng hành động để sau", "ke-hoach-thang-hanh-dong",
     "bao-cao-binh-dang-gioi-nam"),
])
def test_a_document_set_aside_is_not_the_one_opened(message, open_kind, kind):
    assert READER.kinds_asked(message, open_kind)[0] == [kind]


@pytest.mark.parametrize("message", ["sửa ngắn lại", "làm ngắn lại giúp mình",
                                     "Phiền cháu sửa lại cho gọn hơn một chút, bác đọc thấy hơi dài."])
def test_a_change_with_no_draft_on_screen_asks_which_draft(message):
    intent = READER.read(message, AM_PLAN, "", ("II.4", "III.2"))
    assert intent.action == "ask"
    assert [value for _, value in intent.choices] == ["xem lại mục II.4", "xem lại mục III.2"]


def test_a_section_named_with_a_word_of_change_in_its_name_is_still_asked():
    intent = READER.read("Viết phần lồng ghép giới giúp chị", ANNUAL_PLAN, "", ("I.1",))
    assert intent.question != READER.vocabulary.questions["which_draft"]


@pytest.mark.parametrize(("message", "expected"), [
    ("Phần yêu cầu hôm trước bác đọc lại thấy chưa ưng. Phiền cháu soạn lại phần đó, nhấn mạnh tiết kiệm.",
     "draft"),
    ("Hiện lại phần yêu cầu, đừng viết lại", "show"),
    ("mở lại phần yêu cầu em xem, không cần viết lại", "show"),
])
def test_a_redraft_asked_is_no_show_unless_denied(message, expected):
    assert reading(message, AM_PLAN, "II.1", ("I.2", "II.1"))[:2] == (expected, "I.2")


@pytest.mark.parametrize(("message", "outline", "choices"), [
    ("viet phan ton tai vs kien nghi luon", AM_REPORT, ["II.2", "II.3"]),
    ("Cảm phiền cháu soạn phần y tế với giáo dục cho bác.", ANNUAL_REPORT, ["II.4", "II.5"]),
])
def test_two_sections_joined_ask_which_first(message, outline, choices):
    assert sections_offered(message, outline) == choices


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # facts before a request for a named section: that section, written with them
    ("Năm nay xã tổ chức 4 buổi tọa đàm, 260 người dự, trong đó nữ 170. Soạn mục nội dung hoạt động đã triển khai.",
     AM_REPORT, "", ("figures", "I.3")),
    # facts in a sentence after a step: the wish of the section stepped to
    ("Mục tiếp. Vận động được 7.500.000 đồng từ doanh nghiệp trên địa bàn.", AM_REPORT, "I.4.a",
     ("draft", "I.4.b")),
    # a word of change typed with marks opens the request, no "gồm": the draft on screen changed
    ("Gom lại còn 3 kiến nghị thôi em, cái nào quan trọng để trước", AM_REPORT, "II.3", ("refine", "II.3")),
    ("update số băng rôn trong bảng này thành 15 cái", AM_REPORT, "III.3", ("refine", "III.3")),
    # "đoàn thanh niên" typed bare is no paragraph ("đoạn"): her facts
    ("doan thanh nien to chuc 3 buoi tuyen truyen o truong THCS, 420 hoc sinh tham gia", AM_REPORT, "I.3",
     ("figures", "I.3")),
    # a name after a word of change following a step is the wish's, not the section asked
    ("mục sau viết lại cho chị, thêm khẩu hiệu 'Không im lặng trước bạo lực'", AM_PLAN, "II.3.a",
     ("draft", "II.3.b")),
    # a question about what the open document holds, then the request: no document opened
    ("báo cáo có phải ghi tiền chi tiêu cho tháng hành động không, phải thì soạn giúp em", AM_REPORT, "I.3",
     ("draft", "I.4")),
])
def test_facts_steps_and_changes(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,) if focus else ())[:2] == expected


def test_a_question_before_the_request_is_no_wish():
    assert reading("báo cáo có phải ghi tiền chi tiêu cho tháng hành động không, phải thì soạn giúp em",
                   AM_REPORT, "I.3", ("I.3",))[2] == ""


@pytest.mark.parametrize(("message", "outline", "drafted", "choices"), [
    ("cho chị xem lại phần kiểm tra với phần kinh phí", ANNUAL_PLAN, ("II.4", "III"),
     ["xem lại mục II.4", "xem lại mục III"]),
    ("sửa lại phần hạn chế với phần kiến nghị cho khớp nhau", ANNUAL_REPORT, ("III.2", "IV"),
     ["soạn mục III.2", "soạn mục IV"]),
])
def test_two_sections_named_to_see_or_change_ask_which(message, outline, drafted, choices):
    intent = READER.read(message, outline, "I.1", ("I.1", *drafted))
    assert intent.action == "ask"
    assert [value for _, value in intent.choices] == choices


@pytest.mark.parametrize(("message", "outline", "choices"), [
    # the words after the name are a phrase of another field's contents: the activities, or the media?
    ("viết phần tuyên truyền trên đài truyền thanh", ANNUAL_REPORT, ["I.3", "II.6"]),
    ("Viết phần tuyên truyền trên loa truyền thanh cho chị", ANNUAL_REPORT, ["I.3", "II.6"]),
])
def test_words_after_the_name_that_another_section_says_ask_which(message, outline, choices):
    assert sections_offered(message, outline) == choices


@pytest.mark.parametrize(("message", "outline", "expected"), [
    # after a comma, they are her wish
    ("viết phần tuyên truyền, nhớ nêu đài truyền thanh phát 24 tin bài", ANNUAL_REPORT,
     ("draft", "I.3", "nhớ nêu đài truyền thanh phát 24 tin bài")),
    ("viet not muc kinh phi con thieu", AM_REPORT, ("draft", "I.4", "con thieu")),
])
def test_words_after_the_name_of_no_other_section_stay_hers(message, outline, expected):
    assert reading(message, outline) == expected


@pytest.mark.parametrize(("message", "outline", "focus", "expected"), [
    # a verdict on the last draft, a section put off, then the request: the request
    ("cam on em, doan hoat dong on roi. gio sang muc kinh phi da, phan danh gia de sau. nam nay ngan sach phuong "
     "chi 12 trieu", AM_REPORT, "I.3", ("draft", "I.4")),
    ("Đoạn kết quả đạt được ổn rồi em. Phần khó khăn để chị hỏi ý lãnh đạo đã, giờ làm phần kiến nghị cho chị.",
     AM_REPORT, "II.1", ("draft", "II.3")),
    ("Thanks, the advantages part reads well. Now the recommendations to the higher level.", ANNUAL_REPORT,
     "III.1", ("draft", "IV")),
    # a clause that also asks is kept: "đoạn này nên tách riêng …" asks a change of the draft on screen
    ("Chủ tịch đọc xong bảo đoạn này nên tách riêng từng đoàn thể. Anh làm giúp em được không ạ?", ANNUAL_PLAN,
     "IV.1", ("refine", "IV.1")),
])
def test_clauses_that_look_back_before_the_request_are_left_out(message, outline, focus, expected):
    assert reading(message, outline, focus, (focus,))[:2] == expected


def test_a_clause_put_off_after_the_request_stays_her_wish():
    assert "chưa có số cụ thể" in reading("viết phần kinh phí, ghi chung là ngân sách xã bố trí trong dự toán, chưa có "
                                          "số cụ thể", ANNUAL_PLAN, "II.4", ("II.4",))[2]


@pytest.mark.parametrize(("message", "focus", "expected"), [
    # a part named as a section before her facts is the part asked
    ("mục kinh phí, phần ngân sách nhà nước: xã chi 9 triệu đồng", "I.3", ("draft", "I.4.a", "xã chi 9 triệu đồng")),
    # "trẻ em gái khó khăn" are girls in hardship, not the section of difficulties
    ("tiếp, vận động được 4 triệu từ các hộ kinh doanh để tặng quà cho 6 trẻ em gái khó khăn", "I.4.a",
     ("draft", "I.4.b", "vận động được 4 triệu từ các hộ kinh doanh để tặng quà cho 6 trẻ em gái khó khăn")),
])
def test_the_walks_messages(message, focus, expected):
    assert reading(message, AM_REPORT, focus, (focus,)) == expected
