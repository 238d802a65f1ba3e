"""Parsing real precedents (corpus/) and synthetic ones into their structure."""

from assistant.core.schema import Block
from assistant.parse.readers import parse_file
from assistant.parse.structure import parse_document
from assistant.vn.normalize import fold


def test_report_with_full_header(corpus_dir):
    doc = parse_file(corpus_dir / "001_259a365caccb1221.txt")
    assert doc.kind == "BÁO CÁO"
    assert doc.number == "236/BC-UBND"
    assert doc.date == "2024-10-31" and doc.year == 2024
    assert doc.level == "phường" and doc.place == "Nhơn Hưng"
    assert doc.title.startswith("Kết quả thực hiện Công tác vì sự tiến bộ của phụ nữ và Bình đẳng giới năm 2024")
    assert [s.number for s in doc.sections] == ["I", "II", "III", "IV", "V"]
    assert [c.title for c in doc.sections[2].children] == ["Thuận lợi", "Khó khăn"]
    assert doc.closing.signature.authority == ["KT. CHỦ TỊCH"]
    assert doc.closing.signature.title == "PHÓ CHỦ TỊCH"
    assert doc.closing.signature.name == "Lê Thị Kim Sa"
    assert doc.closing.recipients[-1].startswith("Lưu")
    # the closing formula is not glued into the last section
    assert "Trên đây" not in doc.sections[-1].walk()[-1].text
    assert doc.closing.formula.startswith("Trên đây là báo cáo")


def test_report_without_header_gets_unit_from_closing_and_tables(corpus_dir):
    doc = parse_file(corpus_dir / "000_1829f18dbada4b21.txt")
    assert (doc.kind, doc.level, doc.place, doc.year) == ("BÁO CÁO", "xã", "Thanh Xá", 2023)
    paths = [s.path for s in doc.all_sections()]
    assert paths[:4] == ["I", "I.1", "I.2", "I.3"]
    assert "III.2" in paths
    activities, media = doc.tables
    assert activities.section == "III.1"
    assert activities.rows == [["1", "Lễ phát động", "01", "98", "97", "Xã"]]
    assert len(media.rows) == 5 and media.rows[4][1] == "Bài tuyên truyền ở trường THCS"
    assert doc.closing.signature.name == "Nguyễn Thị Thuý"


def test_plan_with_slogans_and_attached_outline(corpus_dir):
    doc = parse_file(corpus_dir / "004_4333a43d0b92bd6e.txt")
    assert (doc.kind, doc.level, doc.place, doc.year) == ("KẾ HOẠCH", "huyện", "Tam Đường", 2024)
    groups = {s.group for s in doc.slogans}
    assert groups == {"luat-phap-chinh-sach", "phong-ngua-ung-pho-bao-luc", "huy-dong-nam-gioi"}
    texts = [s.text for s in doc.slogans]
    assert "Chia sẻ việc nhà, gia đình hạnh phúc" in texts
    assert len(texts) == len(set(texts)) == 25
    assert all(s.year == 2024 for s in doc.slogans)
    assert doc.closing.signature.authority == ["TM. UỶ BAN NHÂN DÂN", "KT. CHỦ TỊCH"]
    (outline,) = doc.attachments
    assert outline.kind == "ĐỀ CƯƠNG"
    assert [s.path for s in outline.all_sections()][:6] == ["I", "I.1", "I.2", "I.3", "I.4", "I.4.a"]
    assert len(outline.tables) == 3
    assert outline.tables[0].header[-1] == "Cấp triển khai"
    # nothing of the attachment leaks into the plan's last section
    assert "ĐỀ CƯƠNG" not in doc.sections[-1].walk()[-1].text


def test_annual_plan_title_and_unit(corpus_dir):
    doc = parse_file(corpus_dir / "003_f870b3ad9160d750.txt")
    assert doc.kind == "KẾ HOẠCH"
    assert doc.title.endswith("phụ nữ xã Thanh Xá năm 2023")
    assert (doc.level, doc.place) == ("xã", "Thanh Xá")
    assert [s.title for s in doc.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM",
                                               "KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN"]


def test_phan_muc_and_deep_numbering_from_synthetic_lines():
    text = """KẾ HOẠCH
Công tác bình đẳng giới năm 2026 của phường Hoà Bình
Phần I. KẾT QUẢ
1. Tuyên truyền
a) Hình thức
- Treo băng rôn.
+ Tại trụ sở.
b) Nội dung
Nội dung tuyên truyền về luật.
Phần II. NHIỆM VỤ
1. Tổ chức hội nghị.
Nơi nhận:
- Lưu: VT.
TM. UỶ BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn An"""
    doc = parse_document([Block(text=line, style="line") for line in text.split("\n")], "x.txt")
    assert [s.path for s in doc.all_sections()] == ["I", "I.1", "I.1.a", "I.1.b", "II", "II.1"]
    assert doc.all_sections()[2].text == "- Treo băng rôn.\n+ Tại trụ sở."
    assert (doc.level, doc.place, doc.year) == ("phường", "Hoà Bình", 2026)
    assert doc.closing.signature.name == "Trần Văn An"


def _lines(text: str) -> list[Block]:
    return [Block(text=line, style="line") for line in text.split("\n")]


def test_prose_mentioning_stt_is_not_swallowed_as_a_table():
    text = ("BÁO CÁO\nKết quả năm 2025\nI. KẾT QUẢ\n"
            "Theo bảng kèm theo, cột STT ghi số thứ tự các hoạt động đã tổ chức trong năm tại địa bàn "
            "xã, mỗi hoạt động một dòng và ghi rõ số người tham gia.\nĐoạn thứ hai vẫn được giữ lại.")
    doc = parse_document(_lines(text), "x.txt")
    assert not doc.tables
    assert "cột STT ghi số thứ tự" in doc.sections[0].text and "Đoạn thứ hai" in doc.sections[0].text


def test_tab_table_ends_where_the_prose_starts():
    text = ("BÁO CÁO\nKết quả năm 2025\nI. SỐ LIỆU\nSTT\tHoạt động\tSố cuộc\n1\tToạ đàm\t2\n"
            "Nhìn chung các hoạt động được tổ chức đúng kế hoạch.")
    doc = parse_document(_lines(text), "x.txt")
    assert doc.tables[0].rows == [["1", "Toạ đàm", "2"]]
    assert doc.sections[0].text.endswith("Nhìn chung các hoạt động được tổ chức đúng kế hoạch.")


def test_attachment_slogans_take_the_document_year():
    text = ("KẾ HOẠCH\nTháng hành động năm 2026\nI. NỘI DUNG\n1. Chủ đề\nBình đẳng giới.\nNơi nhận:\n- Lưu: VT.\n"
            "TM. UỶ BAN NHÂN DÂN\nCHỦ TỊCH\nTrần Văn An\nPHỤ LỤC\nThông điệp tuyên truyền\n"
            "I. THÔNG ĐIỆP\na) Nhóm thông điệp về nam giới\n- Việc nhà không của riêng ai.")
    doc = parse_document(_lines(text), "x.txt")
    (annex,) = doc.attachments
    assert [(s.group, s.text, s.year) for s in annex.slogans] == [
        ("huy-dong-nam-gioi", "Việc nhà không của riêng ai", 2026)]


def _parsed(lines):
    return parse_document([Block(text=line) for line in lines], "x.txt")


def test_a_header_copied_from_a_web_pages_table_keeps_its_number_date_and_issuer():
    doc = _parsed(["BỘ NỘI VỤ | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |", "| Độc lập - Tự do - Hạnh phúc |",
                   "Số: 739/BNV-CTTN&BĐG | Hà Nội, ngày 28 tháng 3 năm 2025 |",
                   "V/v hướng dẫn tổ chức Tháng hành động vì bình đẳng giới năm 2025",
                   "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
                   "Thực hiện Chương trình quốc gia về bình đẳng giới, Bộ Nội vụ hướng dẫn như sau:"])
    assert (doc.number, doc.date, doc.issuer) == ("739/BNV-CTTN&BĐG", "2025-03-28", "BỘ NỘI VỤ")


def test_a_header_laid_out_as_a_two_column_table_in_word(tmp_path):
    from docx import Document

    from assistant.parse.docx_reader import read_docx_blocks

    document = Document()
    table = document.add_table(rows=3, cols=2)  # the national layout (and this project's export)
    for row, (left, right) in zip(table.rows, [("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                                               ("XÃ HÒA AN", "Độc lập - Tự do - Hạnh phúc"),
                                               ("Số: 05/BC-UBND", "Hòa An, ngày 15 tháng 12 năm 2025")], strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    for line in ("BÁO CÁO", "Kết quả Tháng hành động vì bình đẳng giới năm 2025", "I. TỔ CHỨC THỰC HIỆN",
                 "Ủy ban nhân dân xã ban hành kế hoạch."):
        document.add_paragraph(line)
    path = tmp_path / "bao-cao.docx"
    document.save(str(path))
    doc = parse_document(read_docx_blocks(path), path.name)
    assert (fold(doc.issuer), doc.number, doc.date, fold(doc.place)) == (fold("ỦY BAN NHÂN DÂN XÃ HÒA AN"),
                                                                        "05/BC-UBND", "2025-12-15", fold("Hòa An"))


def test_the_end_of_a_plans_period_is_not_its_year_and_the_place_comes_from_the_date_line():
    doc = _parsed(["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Số: 12/KH-SLĐTBXH", "Hà Giang, ngày 18 tháng 07 năm 2016",
                   "KẾ HOẠCH", "Thực hiện Chiến lược quốc gia về bình đẳng giới giai đoạn 2011 - 2020, định hướng "
                   "đến năm 2030", "I. MỤC ĐÍCH, YÊU CẦU", "Nâng cao nhận thức."])
    assert doc.year == 2016 and doc.place == "Hà Giang" and doc.number == "12/KH-SLĐTBXH"


def test_header_words_and_the_date_broken_across_lines_are_read_whole():
    doc = _parsed(["ỦY BAN NHÂN", "DÂN", "TỈNH TRÀ VINH", "Số: 1234/QĐ-UBND", "Trà Vinh, ngày 21", "tháng 5 năm 2021",
                   "QUYẾT", "ĐỊNH", "Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2021",
                   "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch."])
    assert doc.kind == "QUYẾT ĐỊNH" and fold(doc.issuer) == fold("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH")
    assert doc.date == "2021-05-21" and doc.number == "1234/QĐ-UBND"


def test_a_word_closing_table_ends_a_decision_and_its_plan_and_outline_follow_as_attachments():
    """Word sets "Nơi nhận" beside the signature in a borderless table; the plan after it, and the
    outline after a bare "Phụ lục" label, are attachments, not more sections of the decision."""
    header = Block(rows=[["ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\nSố: 1874/QĐ-UBND",
                          "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTuyên Quang, ngày 30 tháng 10 năm 2025"]])
    blocks = [header, Block("QUYẾT ĐỊNH"), Block("Ban hành Kế hoạch tổ chức Tháng hành động năm 2025"),
              Block("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch."),
              Block(rows=[["Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nHoàng Việt Phương"]]),
              Block("KẾ HOẠCH"), Block("Tổ chức Tháng hành động năm 2025"),
              Block("I. MỤC ĐÍCH, YÊU CẦU"), Block("1. Mục đích"), Block("III. TỔ CHỨC THỰC HIỆN"),
              Block("1. Sở Nội vụ"), Block("Phụ lục"), Block("ĐỀ CƯƠNG BÁO CÁO"),
              Block("Kết quả thực hiện Tháng hành động năm 2025"), Block("1. CÔNG TÁC CHỈ ĐẠO"),
              Block("1.1. Ban hành kế hoạch")]
    decision = parse_document(blocks, "qd.docx")
    assert decision.kind == "QUYẾT ĐỊNH" and not decision.sections
    assert decision.closing.signature.name == "Hoàng Việt Phương"
    plan = decision.attachments[0]
    assert plan.kind == "KẾ HOẠCH" and [s.number for s in plan.sections] == ["I", "III"]
    assert "Phụ lục" not in plan.sections[-1].walk()[-1].text
    outline = plan.attachments[0]
    assert outline.kind == "PHỤ LỤC" and "ĐỀ CƯƠNG BÁO CÁO" in f"{outline.title} {outline.preamble}"
    assert outline.sections[0].children[0].title == "Ban hành kế hoạch"
