"""Tests for assistant.vn.numbers: finding and classifying numbers in Vietnamese text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.vn.numbers import KINDS, NumberMention, find_numbers, parse_vietnamese_number, same_figure


def only(text: str) -> NumberMention:
    mentions = find_numbers(text)
    assert len(mentions) == 1, mentions
    return mentions[0]


def summary(text: str) -> list[tuple[str, str, float | None, str]]:
    return [(m.text, m.kind, m.value, m.unit) for m in find_numbers(text)]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("30.000.000", 30_000_000),
        ("99,5", 99.5),
        ("99.5", 99.5),
        ("03", 3),
        ("1.200", 1200),
        ("2.500", 2500),
        ("1,5", 1.5),
        ("1.200,5", 1200.5),
        ("12 triệu", 12_000_000),
        ("4,5 tỷ", 4_500_000_000),
        ("hai", 2),
        ("năm", 5),
        ("mười", 10),
        ("mười hai", 12),
        ("hai mươi", 20),
        ("hai mươi lăm", 25),
        ("ba mươi mốt", 31),
        ("một trăm", 100),
        ("ba trăm linh năm", 305),
        ("hai trăm ba mươi", 230),
        ("một nghìn hai trăm", 1200),
        ("hai triệu", 2_000_000),
        ("Mười Hai", 12),
        ("5tr", 5_000_000),
        ("12k", 12_000),
        ("2tỷ", 2_000_000_000),
        ("1,200,000", 1_200_000),
        ("1,200.5", 1200.5),
    ],
)
def test_parse_vietnamese_number(token: str, expected: float) -> None:
    assert parse_vietnamese_number(token) == pytest.approx(expected)


@pytest.mark.parametrize(
    "token",
    ["", "abc", "số", "không", "hai ba", "năm năm", "1.20.000", "1.2.3,4,5", "mươi", "hai mươi ba mươi", "12G"],
)
def test_parse_vietnamese_number_rejects(token: str) -> None:
    assert parse_vietnamese_number(token) is None


MIXED = (
    "Tổ chức 12 cuộc truyền thông với 1.250 lượt người tham gia (nữ 700 người), kinh phí 30.000.000đ, "
    "đạt 99,5% kế hoạch, 9/27 thôn có mô hình, theo Nghị định 48/2009/NĐ-CP, từ ngày 15/11 đến 15/12/2024."
)


def test_mixed_sentence() -> None:
    mentions = find_numbers(MIXED)
    assert [(m.kind, m.value) for m in mentions] == [
        ("count", 12),
        ("count", 1250),
        ("count", 700),
        ("money", 30_000_000),
        ("percentage", 99.5),
        ("ratio", pytest.approx(9 / 27)),
        ("legal_ref", None),
        ("date", None),
        ("date", None),
    ]
    assert [m.text for m in mentions] == [
        "12 cuộc", "1.250 lượt người", "700 người", "30.000.000đ", "99,5%", "9/27 thôn", "48/2009/NĐ-CP",
        "15/11", "15/12/2024",
    ]
    assert [m.unit for m in mentions[:6]] == ["cuộc", "lượt người", "người", "đồng", "%", "thôn"]
    assert [m.raw_number for m in mentions[3:6]] == ["30.000.000", "99,5", "9/27"]
    for m in mentions:
        assert MIXED[m.start:m.end] == m.text
        assert m.kind in KINDS


def test_mentions_sorted_and_non_overlapping() -> None:
    text = "1. Ngày 05/02/2024, UBND xã ban hành Kế hoạch số 05/KH-UBND; 03 khóm, hai buổi, 2.500 lượt, năm 2024."
    mentions = find_numbers(text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))
    assert [m.kind for m in mentions] == ["numbering", "date", "legal_ref", "count", "count", "count", "year"]


@pytest.mark.parametrize(
    ("text", "span", "value", "raw"),
    [
        ("kinh phí 30.000.000đ", "30.000.000đ", 30_000_000, "30.000.000"),
        ("kinh phí 30.000.000 đ.", "30.000.000 đ", 30_000_000, "30.000.000"),
        ("hỗ trợ 12 triệu đồng", "12 triệu đồng", 12_000_000, "12 triệu"),
        ("tổng 4,5 tỷ đồng", "4,5 tỷ đồng", 4_500_000_000, "4,5 tỷ"),
        ("tổng 4,5 tỉ đ", "4,5 tỉ đ", 4_500_000_000, "4,5 tỉ"),
        ("là 4.267.000.000 đồng", "4.267.000.000 đồng", 4_267_000_000, "4.267.000.000"),
        ("500 nghìn đồng", "500 nghìn đồng", 500_000, "500 nghìn"),
        ("500 ngàn đồng", "500 ngàn đồng", 500_000, "500 ngàn"),
        ("1.000.000 VNĐ", "1.000.000 VNĐ", 1_000_000, "1.000.000"),
        ("1.000.000 VND", "1.000.000 VND", 1_000_000, "1.000.000"),
        ("hai triệu đồng", "hai triệu đồng", 2_000_000, "hai triệu"),
        ("chi 30.000.000VNĐ", "30.000.000VNĐ", 30_000_000, "30.000.000"),
        ("hỗ trợ 5tr đồng", "5tr đồng", 5_000_000, "5tr"),
        ("hỗ trợ 5tr cho mỗi hộ", "5tr", 5_000_000, "5tr"),  # "tr" = triệu: money even without đồng
        ("mỗi suất 5trđ", "5trđ", 5_000_000, "5tr"),
        ("giá 12k đồng", "12k đồng", 12_000, "12k"),
        ("giá 12kđ", "12kđ", 12_000, "12k"),
        ("tổng 2 tỷ đồng", "2 tỷ đồng", 2_000_000_000, "2 tỷ"),
        ("tổng 2tỷ đồng", "2tỷ đồng", 2_000_000_000, "2tỷ"),
    ],
)
def test_money(text: str, span: str, value: float, raw: str) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value, m.unit, m.raw_number) == (span, "money", value, "đồng", raw)


def test_scale_without_dong_is_a_count() -> None:
    m = only("thu hút 2 triệu lượt xem")
    assert (m.kind, m.value, m.unit, m.raw_number) == ("count", 2_000_000, "lượt xem", "2 triệu")
    assert only("đạt 2 triệu lượt").unit == "lượt"


def test_glued_scale_without_dong() -> None:
    assert summary("đạt 12k lượt xem") == [("12k lượt xem", "count", 12_000, "lượt xem")]  # "k" alone: not money
    assert summary("khoảng 12k") == [("12k", "count", 12_000, "")]
    assert summary("đạt 5tr lượt xem") == [("5tr lượt xem", "count", 5_000_000, "lượt xem")]
    assert summary("đạt 2tỷ") == [("2tỷ", "money", 2_000_000_000, "đồng")]  # as officers write amounts
    assert same_figure(_first("5tr"), _first("5.000.000 đồng"))


def test_millions_without_dong_are_money_unless_a_counting_noun_follows() -> None:
    """Seen in a walk: "ngân sách xã chi 6 triệu" was read as a count and never reached the funds section."""
    assert summary("ngân sách xã chi 6 triệu, không có nguồn huy động") == [("6 triệu", "money", 6_000_000, "đồng")]
    assert same_figure(_first("6 triệu"), _first("6.000.000 đồng"))
    assert summary("đạt 1 triệu lượt xem") == [("1 triệu lượt xem", "count", 1_000_000, "lượt xem")]


def test_dong_chi_is_not_money() -> None:
    m = only("có 30 đồng chí tham dự")
    assert (m.kind, m.unit) == ("count", "đồng chí")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [("đạt 99,5%", "99,5%", 99.5), ("đạt 99.5%", "99.5%", 99.5), ("đạt 100 %", "100 %", 100),
     ("đạt 99,9 phần trăm", "99,9 phần trăm", 99.9), ("tăng 12.5% so với", "12.5%", 12.5)],
)
def test_percentage(text: str, span: str, value: float) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value, m.unit) == (span, "percentage", pytest.approx(value), "%")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("9/27 thôn có mô hình", "ratio"),
        ("có 9/27 xã đạt chuẩn", "ratio"),
        ("đạt 10/12 chỉ tiêu", "ratio"),
        ("11/11 xã", "ratio"),
        ("15/11", "date"),  # a > b, b <= 12, a <= 31 standing alone
        ("ngày 15/11", "date"),
        ("từ 15/11", "date"),
        ("đến 15/12", "date"),
        ("15/11 - 15/12", "date"),
        ("20/10", "date"),
        ("kỷ niệm 20/10 năm nay", "date"),
        ("ngày 9/12", "date"),
    ],
)
def test_ratio_or_date(text: str, kind: str) -> None:
    assert find_numbers(text)[0].kind == kind


def test_ratio_value_and_raw() -> None:
    m = only("9/27 thôn")
    assert m.value == pytest.approx(1 / 3)
    assert (m.raw_number, m.unit) == ("9/27", "thôn")


def test_date_range() -> None:
    assert summary("từ 15/11 đến 15/12/2024") == [("15/11", "date", None, ""), ("15/12/2024", "date", None, "")]
    assert [m.kind for m in find_numbers("15/11-15/12")] == ["date", "date"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("ngày 05/02/2024", "05/02/2024"),
        ("hạn 15/11/2024.", "15/11/2024"),
        ("ngày 31 tháng 10 năm 2024", "31 tháng 10 năm 2024"),
        ("ngày 5 tháng 2", "5 tháng 2"),
        ("tháng 11/2024", "11/2024"),
        ("tháng 11 năm 2024", "11 năm 2024"),
        ("trong tháng 11", "11"),
        ("Tháng 3", "3"),
        ("quý 3/2024", "3/2024"),
        ("ngày 8 hằng tháng", "8"),
    ],
)
def test_date(text: str, span: str) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value) == (span, "date", None)


@pytest.mark.parametrize(
    ("text", "years"),
    [("năm 2025", [2025]), ("Năm 2024 xã đã", [2024]), ("trong 2023, xã", [2023]),
     ("giai đoạn 2021-2030", [2021, 2030]), ("giai đoạn 2021 – 2025", [2021, 2025]),
     ("năm học 2023/2024", [2023, 2024])],
)
def test_year(text: str, years: list[int]) -> None:
    mentions = find_numbers(text)
    assert [(m.kind, m.value, m.text) for m in mentions] == [("year", y, str(y)) for y in years]


def test_four_digit_count_is_not_a_year() -> None:
    m = only("có 2000 người tham gia")
    assert (m.kind, m.value, m.unit) == ("count", 2000, "người")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("theo Nghị định 48/2009/NĐ-CP", "48/2009/NĐ-CP"),
        ("Quyết định 2282/QĐ-TTg của Thủ tướng", "2282/QĐ-TTg"),
        ("Báo cáo 236/BC-UBND", "236/BC-UBND"),
        ("Luật số 73/2006/QH11", "73/2006/QH11"),
        ("Nghị quyết số 73/2001/QH10", "73/2001/QH10"),
        ("Nghị định 30/2020/NĐ-CP", "30/2020/NĐ-CP"),
        ("Quyết định số 1790/QĐ-UBND ngày", "1790/QĐ-UBND"),
        ("Thông tư 01/2024/TT-BLĐTBXH", "01/2024/TT-BLĐTBXH"),
        ("Số: 05/KH-UBND", "05/KH-UBND"),
        ("Nghị quyết 12/NQ-HĐND", "12/NQ-HĐND"),
        ("Nghị quyết số 11-NQ/TW", "11-NQ/TW"),
        ("Chỉ thị 21-CT/TW ngày", "21-CT/TW"),
        ("Kế hoạch 24a/KH-UBND", "24a/KH-UBND"),
        ("Nghị định số 125/2021/NĐ - \nCP", "125/2021/NĐ - \nCP"),  # hyphen split by PDF extraction
        ("Quyết định số 1790/QĐ -TTg ngày", "1790/QĐ -TTg"),
        ("Kế hoạch số 37/KH- UBND ngày", "37/KH- UBND"),
        ("số 05/KH-UBND - Kế hoạch", "05/KH-UBND"),
    ],
)
def test_legal_ref(text: str, span: str) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value, m.raw_number) == (span, "legal_ref", None, span)


def test_legal_ref_with_date() -> None:
    assert [m.kind for m in find_numbers("Kế hoạch số 05/KH-UBND ngày 05/02/2024 của UBND")] == ["legal_ref", "date"]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("1. Mục tiêu", "1.", 1),
        ("  2) Nội dung", "2)", 2),
        ("I. KẾT QUẢ", "I.", 1),
        ("IV. Kiến nghị", "IV.", 4),
        ("a) Tuyên truyền", "a)", None),
        ("1.2 Kết quả", "1.2", None),
        ("2.1. Truyền thông", "2.1.", None),
        ("Điều 5", "5", 5),
        ("theo khoản 2", "2", 2),
        ("mục 3", "3", 3),
        ("Chương II", "II", 2),
        ("lần thứ 3", "3", 3),
        ("1 | Lễ phát động", "1", 1),
        ("3\tHội nghị", "3", 3),
    ],
)
def test_numbering(text: str, span: str, value: float | None) -> None:
    m = find_numbers(text)[0]
    assert (m.text, m.kind, m.value) == (span, "numbering", value)


def test_numbering_only_at_line_start() -> None:
    text = "Kết quả:\n1. Tổ chức 2. hội nghị"
    assert [(m.text, m.kind) for m in find_numbers(text)] == [("1.", "numbering"), ("2", "count")]
    assert only("1.200 người tham gia").kind == "count"


def test_table_row() -> None:
    assert summary("1 | Lễ phát động | 01 | 98 | 97 | Xã") == [
        ("1", "numbering", 1, ""), ("01", "count", 1, ""), ("98", "count", 98, ""), ("97", "count", 97, "")]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [("lúc 8 giờ 30", "8 giờ 30", 8.5), ("14h00", "14h00", 14), ("từ 7h30'", "7h30", 7.5),
     ("bắt đầu 8 giờ 15 phút", "8 giờ 15 phút", 8.25), ("lúc 8 giờ", "8 giờ", 8)],
)
def test_time(text: str, span: str, value: float) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value) == (span, "time", pytest.approx(value))


def test_hours_as_duration_is_a_count() -> None:
    m = only("tập huấn 40 giờ")
    assert (m.kind, m.unit) == ("count", "giờ")


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "raw"),
    [
        ("150 người", "150 người", 150, "người", "150"),
        ("03 khóm", "03 khóm", 3, "khóm", "03"),
        ("12 cuộc", "12 cuộc", 12, "cuộc", "12"),
        ("01 hội nghị", "01 hội nghị", 1, "hội nghị", "01"),
        ("2.500 lượt", "2.500 lượt", 2500, "lượt", "2.500"),
        ("05 câu lạc bộ", "05 câu lạc bộ", 5, "câu lạc bộ", "05"),
        ("20 băng rôn", "20 băng rôn", 20, "băng rôn", "20"),
        ("30 hộ gia đình", "30 hộ gia đình", 30, "hộ gia đình", "30"),
        ("02 tháng", "02 tháng", 2, "tháng", "02"),
        ("5 năm", "5 năm", 5, "năm", "5"),
        ("tăng 1,5 lần", "1,5 lần", 1.5, "lần", "1,5"),
        ("có 12 mô hình", "12 mô hình", 12, "mô hình", "12"),
        ("có 45 vận động viên", "45 vận", 45, "vận", "45"),  # not a known noun: the next lower-case word
        ("có 45 thanh niên", "45 thanh niên", 45, "thanh niên", "45"),
        ("150người", "150người", 150, "người", "150"),  # glued counting noun
        ("có 30hộ gia đình", "30hộ gia đình", 30, "hộ gia đình", "30"),
        ("tổng 45.", "45", 45, "", "45"),
        ("có 15 HĐND", "15", 15, "", "15"),
        ("hai buổi", "hai buổi", 2, "buổi", "hai"),
        ("hai ngày", "hai ngày", 2, "ngày", "hai"),
        ("năm người", "năm người", 5, "người", "năm"),
        ("Ba lớp tập huấn", "Ba lớp", 3, "lớp", "Ba"),
        ("mười hai người", "mười hai người", 12, "người", "mười hai"),
        ("hai mươi năm", "hai mươi năm", 20, "năm", "hai mươi"),
        ("ba năm", "ba năm", 3, "năm", "ba"),
        ("một lần", "một lần", 1, "lần", "một"),
        ("một hội nghị", "một hội nghị", 1, "hội nghị", "một"),
        ("bảy tờ rơi", "bảy tờ rơi", 7, "tờ rơi", "bảy"),
        # two or more number words are unambiguous: any word after them is the unit
        ("có hai mươi thanh niên tham gia", "hai mươi thanh niên", 20, "thanh niên", "hai mươi"),
        ("mười lăm chị em", "mười lăm chị em", 15, "chị em", "mười lăm"),
        ("ba trăm hộ", "ba trăm hộ", 300, "hộ", "ba trăm"),
        ("một nghìn hai trăm người", "một nghìn hai trăm người", 1200, "người", "một nghìn hai trăm"),
        ("hai mươi bạn trẻ", "hai mươi bạn", 20, "bạn", "hai mươi"),
        ("tổng cộng hai mươi.", "hai mươi", 20, "", "hai mươi"),
        ("Mười lăm thanh niên", "Mười lăm thanh niên", 15, "thanh niên", "Mười lăm"),
        ("mười năm qua", "mười năm", 10, "năm", "mười"),  # "mười năm" = ten years, not 15 ("mười lăm")
        ("một trăm năm", "một trăm năm", 100, "năm", "một trăm"),
        ("ba trăm linh năm người", "ba trăm linh năm người", 305, "người", "ba trăm linh năm"),
        ("mỗi năm hai mươi hộ", "hai mươi hộ", 20, "hộ", "hai mươi"),  # "năm" = year, then a number
        ("5 chị em", "5 chị em", 5, "chị em", "5"),
    ],
)
def test_count(text: str, span: str, value: float, unit: str, raw: str) -> None:
    m = only(text)
    assert (m.text, m.kind, m.value, m.unit, m.raw_number) == (span, "count", value, unit, raw)


@pytest.mark.parametrize(
    "text",
    [
        "một số hoạt động",
        "một cách hiệu quả",
        "mỗi người",
        "nhắc lại một lần nữa",
        "hằng năm xã tổ chức",
        "trong năm tổ chức hội thi",
        "năm nay",
        "hai giới",
        "ba mẹ",
        "thứ hai buổi sáng",
        "hàng trăm người",
        "không người nào",
        "bình đẳng giới",
        "liên hệ abc2024@gmail.com",
        "dịch COVID-19",
        "mạng 5G",
        "video 4K",
        "diện tích 5ha",
        "quãng đường 10km",
        "một vài người",
        "chắc mười mươi",
        "lần thứ hai mươi",
        "tư nhân",
        "tiếng Việt",
    ],
)
def test_no_mention(text: str) -> None:
    assert find_numbers(text) == []


def test_unit_on_next_line_and_function_words() -> None:
    assert summary("họp 1 \nlần/quý") == [("1 \nlần", "count", 1, "lần")]
    assert summary("từ 15 đến 40 tuổi") == [("15", "count", 15, ""), ("40 tuổi", "count", 40, "tuổi")]
    assert summary("có 137 lao động nữ") == [("137 lao động", "count", 137, "lao động")]


def test_long_text_is_fast() -> None:
    mentions = find_numbers(MIXED * 300)
    assert len(mentions) == 9 * 300


def test_year_then_words() -> None:
    assert summary("năm 2024, hai buổi") == [("2024", "year", 2024, ""), ("hai buổi", "count", 2, "buổi")]


def test_duration_month_not_date() -> None:
    assert summary("kéo dài 02 tháng 5 năm") == [("02 tháng", "count", 2, "tháng"), ("5 năm", "count", 5, "năm")]


def test_offsets_match_text() -> None:
    text = "Năm 2024, xã tổ chức hai buổi, 03 khóm, chi 12 triệu đồng; Điều 5 Luật số 73/2006/QH11."
    for m in find_numbers(text):
        assert text[m.start:m.end] == m.text


def test_empty_text() -> None:
    assert find_numbers("") == []


def _first(text: str) -> NumberMention:
    return find_numbers(text)[0]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("12 triệu đồng", "12.000.000đ", True),
        ("4,5 tỷ đồng", "4.500.000.000 đồng", True),
        ("30.000.000đ", "30 triệu đồng", True),
        ("30.000.000đ", "3.000.000đ", False),
        ("150 người", "150 người", True),
        ("150 người", "150", False),  # by meaning: a bare number is not "150 người"
        ("150 người", "150 lượt", False),
        ("hai buổi", "02 buổi", True),
        ("năm người", "5 người", True),
        ("99,5%", "99.5%", True),
        ("99,5%", "99,9%", False),
        ("9/27 thôn", "9/27 thôn", True),
        ("9/27 thôn", "1/3 thôn", False),
        ("năm 2024", "năm 2024", True),
        ("năm 2024", "năm 2025", False),
        ("ngày 15/11/2024", "ngày 15 tháng 11 năm 2024", True),
        ("ngày 15/11/2024", "ngày 16/11/2024", False),
        ("Nghị định 48/2009/NĐ-CP", "Nghị định 48/2009/NĐ-CP", True),
        ("Nghị định 48/2009/NĐ-CP", "Nghị định 30/2020/NĐ-CP", False),
        ("lúc 8 giờ 30", "8h30", True),
        ("12 triệu đồng", "12 triệu lượt", False),
        ("2024 người", "năm 2024", False),
        ("hai mươi thanh niên", "20 thanh niên", True),
        ("5tr đồng", "5.000.000đ", True),
        ("150người", "150 người", True),
    ],
)
def test_same_figure(a: str, b: str, same: bool) -> None:
    assert same_figure(_first(a), _first(b)) is same
    assert same_figure(_first(b), _first(a)) is same


def test_number_words_beside_digits_and_words() -> None:
    text = "Tổ chức hai mươi buổi với ba trăm hộ, 150người và 5tr đồng; 12k lượt xem, mạng 5G."
    assert summary(text) == [
        ("hai mươi buổi", "count", 20, "buổi"), ("ba trăm hộ", "count", 300, "hộ"),
        ("150người", "count", 150, "người"), ("5tr đồng", "money", 5_000_000, "đồng"),
        ("12k lượt xem", "count", 12_000, "lượt xem")]
    for m in find_numbers(text):
        assert text[m.start:m.end] == m.text


def test_word_lists_come_from_yaml() -> None:
    path = Path(__file__).parents[1] / "assistant" / "data" / "numbers.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert {"counting_nouns", "digit_words", "idioms", "year_context", "not_units", "scales"} <= set(data)
    assert {"người", "thanh niên", "chị em"} <= set(data["counting_nouns"])
    assert "một số" in data["idioms"]
