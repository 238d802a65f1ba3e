"""Reading .docx (styles, automatic numbering, tables) and .pdf (text layer) files."""

from pathlib import Path

import pytest

from assistant.parse.readers import IngestError, parse_file

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def make_docx(path: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("Kết quả Tháng hành động năm 2025 của xã Tân Lập")
    document.add_paragraph("TỔ CHỨC THỰC HIỆN", style="Heading 1")
    document.add_paragraph("Công tác chỉ đạo", style="Heading 2")
    document.add_paragraph("Uỷ ban nhân dân xã đã ban hành kế hoạch triển khai.")
    document.add_paragraph("Tuyên truyền trên loa truyền thanh", style="List Bullet")
    document.add_paragraph("TỔNG HỢP SỐ LIỆU", style="Heading 1")
    table = document.add_table(rows=2, cols=6)
    header = ["STT", "Hoạt động", "Số cuộc", "Nam", "Nữ", "Cấp triển khai"]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Tọa đàm", "2", "30", "45", "Xã"], strict=True):
        cell.text = text
    document.add_paragraph("Trên đây là báo cáo của UBND xã Tân Lập./.")
    document.save(path)
    return path


def test_docx_headings_numbering_and_tables(tmp_path):
    doc = parse_file(make_docx(tmp_path / "báo cáo 2025.docx"))
    assert doc.kind == "BÁO CÁO" and (doc.level, doc.place, doc.year) == ("xã", "Tân Lập", 2025)
    assert [s.title for s in doc.all_sections()] == ["TỔ CHỨC THỰC HIỆN", "Công tác chỉ đạo", "TỔNG HỢP SỐ LIỆU"]
    assert "- Tuyên truyền trên loa truyền thanh" in doc.all_sections()[1].text
    (table,) = doc.tables
    assert table.header[0] == "STT" and table.rows == [["1", "Toạ đàm", "2", "30", "45", "Xã"]]  # modern tone placement
    assert doc.closing.formula.endswith("./.")


def make_pdf(path: Path, lines: list[str]) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not FONT.exists(), reason="fonts-dejavu-core is installed by the test command")
def test_pdf_text_layer_is_read_and_rejoined(tmp_path):
    pdf = make_pdf(tmp_path / "kế hoạch.pdf", [
        "KẾ HOẠCH", "Triển khai Tháng hành động năm 2025 của phường An Phú",
        "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
        "Nâng cao nhận thức của cán bộ và nhân dân về bình đẳng giới và phòng ngừa,",
        "ứng phó với bạo lực trên cơ sở giới trên địa bàn phường.",
    ])
    doc = parse_file(pdf)
    assert doc.kind == "KẾ HOẠCH" and doc.place == "An Phú"
    purpose = doc.all_sections()[1]
    assert purpose.text == ("Nâng cao nhận thức của cán bộ và nhân dân về bình đẳng giới và phòng ngừa, "
                            "ứng phó với bạo lực trên cơ sở giới trên địa bàn phường.")


def test_scanned_and_encrypted_pdfs_are_reported(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    scanned = tmp_path / "scan.pdf"
    with scanned.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(IngestError, match="no text layer"):
        parse_file(scanned)
    writer.encrypt("secret")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(IngestError, match="encrypted"):
        parse_file(locked)


def test_docx_automatic_numbering_is_rendered(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác bình đẳng giới năm 2026 của xã Tân Lập")
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Nâng cao nhận thức.")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Bám sát nhiệm vụ.")
    path = tmp_path / "numbered.docx"
    document.save(path)
    doc = parse_file(path)
    assert [(s.number, s.title, s.text) for s in doc.sections] == [
        ("1", "Mục đích", "Nâng cao nhận thức."), ("2", "Yêu cầu", "Bám sát nhiệm vụ.")]


def test_markdown_headings(tmp_path):
    path = tmp_path / "ghi chép.md"
    path.write_text("# BÁO CÁO\n**Kết quả năm 2025 của phường Bến Thành**\n\n## I. KẾT QUẢ\n"
                    "* Đã tổ chức tuyên truyền.\n", encoding="utf-8")
    doc = parse_file(path)
    assert doc.kind == "BÁO CÁO" and doc.place == "Bến Thành"
    assert doc.sections[0].title == "KẾT QUẢ" and doc.sections[0].text == "- Đã tổ chức tuyên truyền."


def test_docx_table_cells_equal_to_their_neighbour_are_kept_and_merged_cells_blank(tmp_path):
    from docx import Document

    from assistant.parse.docx_reader import read_docx_blocks

    document = Document()
    document.add_paragraph("BÁO CÁO")
    table = document.add_table(rows=3, cols=4)
    for cells, values in zip((r.cells for r in table.rows), [["Hoạt động", "Số cuộc", "Nam", "Nữ"],
                                                            ["Tọa đàm", "2", "40", "40"],
                                                            ["Tổng cộng", "", "", ""]], strict=True):
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    merged = table.rows[2].cells[0].merge(table.rows[2].cells[1])  # a label over two columns
    merged.text = "Tổng cộng"
    path = tmp_path / "bang.docx"
    document.save(str(path))
    rows = next(b.rows for b in read_docx_blocks(path) if b.rows)
    assert rows[1] == ["Tọa đàm", "2", "40", "40"]  # Nam = Nữ: both kept
    assert rows[2][:2] == ["Tổng cộng", ""] and len(rows[2]) == 4  # the merged cell once, the count kept
