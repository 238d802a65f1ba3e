from assistant.parse.tables import grid_table, parse_table_lines, render_table


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


def test_a_header_flattened_one_cell_per_line_puts_the_lower_row_under_its_group():
    lines = ["STT", "Chỉ tiêu", "Đơn vị", "tính", "Kết quả năm 2023", "Ghi chú", "Tổng số", "Nữ", "Tỷ lệ nữ",
             "(%)", "1", "Số đại biểu Hội đồng nhân dân cấp xã", "Người"]
    table = parse_table_lines(lines)
    assert table.header == ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nữ", "Tỷ lệ nữ (%)", "Ghi chú"]


def test_a_year_under_its_word_is_one_header_cell():
    lines = ["STT", "Nội dung", "Đơn vị", "tính", "Năm", "2023", "Năm", "2024", "So sánh", "(%)", "1",
             "Số vụ bạo lực gia đình", "Vụ"]
    assert parse_table_lines(lines).header == ["STT", "Nội dung", "Đơn vị tính", "Năm 2023", "Năm 2024", "So sánh (%)"]


def test_a_money_table_flattened_with_tt_and_a_cell_broken_over_lines():
    lines = ["TT", "Nguồn kinh phí", "Số tiền", "(đồng)", "Ghi chú", "1", "Ngân sách nhà nước", "2",
             "Huy động, xã hội hóa"]
    assert parse_table_lines(lines).header == ["TT", "Nguồn kinh phí", "Số tiền (đồng)", "Ghi chú"]


def test_a_layout_header_over_several_lines_with_a_centred_group_and_broken_cells():
    lines = ["                    Số vụ                  Nạn nhân",
             "STT       Nội dung                                                  Ghi chú",
             "                     việc      Tổng số       Nữ       Trẻ em dưới",
             "                                                         16 tuổi",
             " 1    Bạo lực gia đình",
             " 2    Quấy rối tình dục nơi làm",
             "      việc, nơi công cộng",
             "                Cộng"]
    table = parse_table_lines(lines)
    assert table.header == ["STT", "Nội dung", "Số vụ việc", "Tổng số", "Nữ", "Trẻ em dưới 16 tuổi", "Ghi chú"]
    assert table.rows[1][1] == "Quấy rối tình dục nơi làm việc, nơi công cộng"
    assert [row[1] for row in table.rows] == ["Bạo lực gia đình", "Quấy rối tình dục nơi làm việc, nơi công cộng",
                                              "Cộng"]


def test_a_layout_cell_standing_over_its_second_line_is_no_group():
    lines = ["                           Dự toán giao       Thực hiện        Tỷ lệ thực",
             "TT      Nguồn kinh phí",
             "                           (triệu đồng)      (triệu đồng)        hiện (%)",
             " 1      Ngân sách nhà nước"]
    assert parse_table_lines(lines).header == ["TT", "Nguồn kinh phí", "Dự toán giao (triệu đồng)",
                                               "Thực hiện (triệu đồng)", "Tỷ lệ thực hiện (%)"]


def test_a_word_grid_with_merged_group_cells_takes_the_sub_columns():
    rows = [["STT", "Hoạt động", "Số cuộc", "Số người tham gia", "", "Đơn vị chủ trì"],
            ["STT", "Hoạt động", "Số cuộc", "Nam", "Nữ", "Đơn vị chủ trì"],
            ["1", "Lễ phát động", "1", "40", "60", "Xã"]]
    table = grid_table(rows)
    assert table.header == ["STT", "Hoạt động", "Số cuộc", "Nam", "Nữ", "Đơn vị chủ trì"]
    assert table.rows == [["1", "Lễ phát động", "1", "40", "60", "Xã"]]
    # a first row of figures is no header: "Nam = Nữ" stays two cells
    plain = grid_table([["STT", "Hoạt động", "Nam", "Nữ"], ["1", "Tọa đàm", "40", "40"]])
    assert plain.header == ["STT", "Hoạt động", "Nam", "Nữ"] and plain.rows == [["1", "Tọa đàm", "40", "40"]]
