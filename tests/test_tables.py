from assistant.parse.tables import parse_table_lines, render_table


def test_flattened_table_from_pdf_extraction():
    lines = ["Số người tham giaSTT Hoạt động Số cuộc/ ", "Đoàn Nam Nữ", "", "Cấp triển", "khai", "",
             "1 Lễ phát động 01 98 97 Xã", "2 Hội thi tìm hiểu pháp luật 02 40 55 Xã"]
    table = parse_table_lines(lines)
    assert table.header == ["STT", "Hoạt động", "Số cuộc/Đoàn", "Nam", "Nữ", "Cấp triển khai"]
    assert table.rows == [["1", "Lễ phát động", "01", "98", "97", "Xã"],
                          ["2", "Hội thi tìm hiểu pháp luật", "02", "40", "55", "Xã"]]


def test_flattened_rows_that_wrap_and_miss_figures():
    lines = ["Số người tiếp cậnSTT Sản phẩm Số lượng", "Nam Nữ", "Cấp triển khai",
             "1 Kế hoạch 01 Xã", "2 Bài tuyên truyền ở ", "", "trường THCS", "01 Xã"]
    table = parse_table_lines(lines)
    assert table.header == ["STT", "Sản phẩm", "Số lượng", "Nam", "Nữ", "Cấp triển khai"]
    assert table.rows[1] == ["2", "Bài tuyên truyền ở trường THCS", "01", "", "", "Xã"]


def test_tab_separated_table():
    lines = ["STT\tHoạt động\tSố cuộc\tNam\tNữ\tCấp triển khai", "1\tTọa đàm\t2\t30\t45\tXã"]
    table = parse_table_lines(lines)
    assert table.rows == [["1", "Tọa đàm", "2", "30", "45", "Xã"]]
    assert "Tọa đàm | 2 | 30 | 45" in render_table(table)
