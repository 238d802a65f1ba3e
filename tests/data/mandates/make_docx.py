"""Build the fixture tinh_2025_kehoach.docx: a 2025 province plan for the Action Month with the
national header laid out as a borderless two-column Word table, and an attached ĐỀ CƯƠNG BÁO CÁO
(after a page break) whose sections are plain paragraphs with the numbering typed as text and whose
two figure tables are real Word tables (first row: the column names).

Run from anywhere:  /work/main/.venv/bin/python tests/data/mandates/make_docx.py
The result is deterministic apart from the core properties' timestamps, which are fixed below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).with_name("tinh_2025_kehoach.docx")
FONT = "Times New Roman"


def _font(run, size: float = 14, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)


def para(doc_or_cell, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
         align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, after: float = 6):
    p = doc_or_cell.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.27)
    _font(p.add_run(text), size, bold, italic)
    return p


def cell_para(cell, text: str, *, first: bool = False, size: float = 13, bold: bool = False, italic: bool = False):
    p = cell.paragraphs[0] if first else cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), size, bold, italic)
    return p


def no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def figure_table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for j, name in enumerate(header):
        cell_para(table.rows[0].cells[j], name, first=True, bold=True)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            p = cell_para(table.rows[i].cells[j], value, first=True)
            if j == 1:
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT


def build() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    core = doc.core_properties
    core.author = "Sở Nội vụ tỉnh Khánh Linh"
    core.title = "Kế hoạch Tháng hành động năm 2025"
    core.created = core.modified = dt.datetime(2025, 10, 15, 8, 0, 0)

    # National header: borderless two-column table.
    header = doc.add_table(rows=1, cols=2)
    no_borders(header)
    left, right = header.rows[0].cells
    left.width, right.width = Cm(6.0), Cm(10.5)
    cell_para(left, "ỦY BAN NHÂN DÂN", first=True)
    cell_para(left, "TỈNH KHÁNH LINH", bold=True)
    cell_para(left, "Số: 88/KH-UBND")
    cell_para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", first=True, bold=True)
    cell_para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    cell_para(right, "Khánh Linh, ngày 15 tháng 10 năm 2025", size=14, italic=True)

    para(doc, "", after=0)
    para(doc, "KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(doc, "Tổ chức Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực "
              "trên cơ sở giới năm 2025 trên địa bàn tỉnh Khánh Linh",
         bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    para(doc, "Thực hiện hướng dẫn của Bộ Nội vụ về tổ chức Tháng hành động vì bình đẳng giới và phòng "
              "ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025, Ủy ban nhân dân tỉnh Khánh Linh ban hành "
              "Kế hoạch thực hiện trên địa bàn tỉnh như sau:", indent=True)
    para(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True)
    para(doc, "Lan tỏa chủ đề “Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số” đến "
              "từng thôn, tổ dân phố; nâng cao kỹ năng tự bảo vệ của phụ nữ, trẻ em gái khi sử dụng mạng "
              "xã hội. Các hoạt động được tổ chức gọn nhẹ, phù hợp với chính quyền địa phương hai cấp.",
         indent=True)
    para(doc, "II. NỘI DUNG VÀ THỜI GIAN", bold=True)
    para(doc, "Tháng hành động diễn ra từ ngày 15/11/2025 đến ngày 15/12/2025. Ủy ban nhân dân các xã, "
              "phường tổ chức phát động, truyền thông trên nền tảng số và hệ thống truyền thanh cơ sở, "
              "rà soát các trường hợp phụ nữ, trẻ em có nguy cơ bị bạo lực để hỗ trợ kịp thời.", indent=True)
    para(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True)
    para(doc, "Sở Nội vụ chủ trì, hướng dẫn, theo dõi việc thực hiện Kế hoạch. Ủy ban nhân dân các xã, "
              "phường báo cáo kết quả theo Đề cương kèm theo về Sở Nội vụ trước ngày 18/12/2025 để tổng "
              "hợp, báo cáo Ủy ban nhân dân tỉnh và Bộ Nội vụ./.", indent=True)

    para(doc, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    for line in ("- Bộ Nội vụ (b/c);", "- Chủ tịch, các PCT UBND tỉnh;", "- Các sở, ban, ngành tỉnh;",
                 "- UBND các xã, phường;", "- Lưu: VT, KGVX."):
        para(doc, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        para(doc, line, bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    for _ in range(3):
        para(doc, "", after=0)
    para(doc, "Võ Minh Trí", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)

    # The attachment, on a new page.
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    para(doc, "ĐỀ CƯƠNG BÁO CÁO", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(doc, "Kết quả thực hiện Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực "
              "trên cơ sở giới năm 2025", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    para(doc, "(Kèm theo Kế hoạch số 88/KH-UBND ngày 15/10/2025 của Ủy ban nhân dân tỉnh Khánh Linh)",
         italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)

    para(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    para(doc, "1. Công tác chỉ đạo, triển khai", bold=True)
    para(doc, "(Nêu số, ngày các văn bản chỉ đạo, kế hoạch của địa phương; việc phân công thực hiện.)",
         italic=True, indent=True)
    para(doc, "2. Tổ chức các hoạt động hưởng ứng", bold=True)
    para(doc, "- Nêu hình thức phát động, các hoạt động truyền thông trực tiếp và trên nền tảng số; số người "
              "tham gia chia theo nam, nữ.", italic=True, indent=True)
    para(doc, "3. Kinh phí", bold=True)
    para(doc, "a) Ngân sách nhà nước")
    para(doc, "b) Nguồn xã hội hóa")
    para(doc, "II. ĐÁNH GIÁ, KIẾN NGHỊ", bold=True)
    para(doc, "1. Kết quả, hạn chế và nguyên nhân", bold=True)
    para(doc, "2. Đề xuất, kiến nghị", bold=True)
    para(doc, "III. SỐ LIỆU TỔNG HỢP", bold=True)
    para(doc, "1. Các hoạt động hưởng ứng", bold=True)
    figure_table(doc, ["STT", "Hoạt động", "Số cuộc", "Nam", "Nữ", "Cấp triển khai"],
                 [["1", "Lễ phát động", "", "", "", ""],
                  ["2", "Tập huấn, tọa đàm", "", "", "", ""],
                  ["…", "", "", "", "", ""]])
    para(doc, "2. Truyền thông trên mạng xã hội", bold=True)
    figure_table(doc, ["STT", "Nội dung", "Số lượng", "Lượt tiếp cận", "Cấp triển khai"],
                 [["1", "Tin, bài", "", "", ""],
                  ["2", "Video ngắn", "", "", ""],
                  ["…", "", "", "", ""]])
    para(doc, "", after=0)  # Word wants a paragraph after the last table
    doc.save(OUT)


if __name__ == "__main__":
    build()
    print(OUT)
