"""Outlines built from a higher level's documents (issue 15): read, stored, listed and used like the
built-in ones; the report built on the unit's own plan; ``check --outline``.

The plans under ``tests/data/mandates/`` were written after published layouts (a 2025 plan with a new
outline, a 2024 plan as a PDF gives it, a standalone ĐỀ CƯƠNG with "Phần thứ nhất", a Word file with
real tables); ``expected.yaml`` says what a careful reader builds from each. The embedding model's
part is tested in ``test_mandate_model`` below (slow); the rest reads titles by shared syllables.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import load_outline, load_outlines, save_outline
from assistant.documents.mandate import outline_parts, read_outline
from assistant.documents.plan_basis import find_own_plan, read_plan_basis, with_plan
from assistant.draft.extractive import planned_lines
from assistant.draft.placement import planned_sections
from assistant.draft.summary_table import table_text
from assistant.errors import OutlineError
from assistant.parse.readers import parse_file
from assistant.vn.normalize import fold

MANDATES = Path(__file__).parent / "data" / "mandates"
CORPUS_REPORT = Path(__file__).parent.parent / "corpus" / "000_1829f18dbada4b21.txt"  # an Action Month report
SETS = [MANDATES, *(MANDATES.parent / f"mandates_untouched{n}" for n in ("", "_2", "_3", "_4", "_5"))]
EXPECTED = {folder / name: want for folder in SETS
            for name, want in yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8")).items()}
FILES = sorted(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_an_outline_is_read_with_the_documents_ids_titles_guidance_and_tables(path):
    expected = EXPECTED[path]
    outline, _ = read_outline(path, load_outlines())
    assert outline.kind == expected["kind"] and not outline.builtin
    assert outline.year == expected["year"] or not expected.get("year")
    if "title_has" in expected:
        assert fold(expected["title_has"]) in fold(outline.title_template.format(year=expected["year"]))
    got = {s.id: s for s in outline.all_sections()}
    assert list(got) == [s["id"] for s in expected["sections"]]
    for want in expected["sections"]:
        section = got[want["id"]]
        assert fold(section.title) == fold(" ".join(want["title"].split())), want["id"]
        if "guidance_has" in want:
            assert fold(want["guidance_has"]) in fold(section.contains), (want["id"], section.contains)
        if "guidance_lacks" in want:
            assert fold(want["guidance_lacks"]) not in fold(section.contains), want["id"]
        if "table_columns" in want:
            grid = [c for c in want["table_columns"] if c not in (want.get("column_groups") or {})]
            assert section.table is not None, want["id"]
            assert [fold(c) for c in section.table.columns] == [fold(c) for c in grid], want["id"]
        else:
            assert section.table is None, want["id"]


def test_a_plan_offers_its_attached_outline_first_and_itself_as_another_part():
    doc = parse_file(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt")
    parts = outline_parts(doc)
    assert [p.index for p in parts] == [1, 0] and parts[0].attached
    plan_outline, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", load_outlines(), part_index=0)
    assert plan_outline.kind == "KẾ HOẠCH"
    with pytest.raises(OutlineError, match="không có phần số 7"):
        read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", load_outlines(), part_index=7)


def test_a_document_without_numbered_sections_is_a_clear_error():
    with pytest.raises(OutlineError, match="no numbered structure"):
        read_outline(MANDATES / "no_structure.txt", load_outlines())


def test_new_sections_get_flags_and_lent_contents_and_the_formulas_of_the_nearest_builtin():
    outline, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", load_outlines())
    builtin = load_outlines()["bao-cao-thang-hanh-dong"]
    assert outline.closing_formula == builtin.closing_formula and outline.title_keywords == builtin.title_keywords
    assert outline.section("I.5").money and outline.section("I.5.b").money and not outline.section("II.1").money
    assert outline.section("III.2").table.category == "media"
    assert outline.section("III.3").table.category == "products"
    assert outline.section("I.5.a").contains == builtin.section("I.4.a").contains  # no guidance of its own: lent
    assert "215/KH-UBND" in outline.name and outline.id == "bao-cao-thang-hanh-dong-2025-ninh-hoa"


def test_a_stored_outline_reads_back_the_same_and_ids_are_guarded(tmp_path):
    known = load_outlines()
    outline, _ = read_outline(MANDATES / "de_cuong_bao_cao_nam.txt", known)
    path = save_outline(outline, tmp_path, known)
    again = load_outline(path, builtin=False)
    assert again == outline
    mine = load_outlines(user_folder=tmp_path)
    assert outline.id in mine and not mine[outline.id].builtin and mine["bao-cao-thang-hanh-dong"].builtin
    with pytest.raises(OutlineError, match="--replace"):
        save_outline(outline, tmp_path, mine)
    save_outline(outline, tmp_path, mine, replace=True)
    with pytest.raises(OutlineError, match="có sẵn"):
        save_outline(replace(outline, id="bao-cao-thang-hanh-dong"), tmp_path, mine, replace=True)
    with pytest.raises(OutlineError, match="chữ thường"):
        save_outline(replace(outline, id="Báo cáo"), tmp_path, mine)
    (tmp_path / "broken.yaml").write_text("id: [", encoding="utf-8")
    assert outline.id in load_outlines(user_folder=tmp_path)  # one bad file hides nothing else


def test_a_table_of_other_columns_is_filled_by_what_each_column_names():
    outline, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", load_outlines())
    facts = facts_from_dict({"place": "Hòa An", "level": "xã", "year": 2025, "figures": [
        {"activity": "Trang Facebook của xã", "count": 12, "male": 300, "female": 500, "level": "Xã",
         "category": "media"}]})
    lines = table_text(outline.section("III.2"), facts).split("\n")
    assert lines[0] == "STT | Nền tảng số | Số tin, bài | Lượt tiếp cận | Cấp triển khai"
    assert lines[1] == "1 | Trang Facebook của xã | 12 | 800 | Xã"
    assert lines[2].split(" | ")[2:4] == ["12", "800"]


PLAN_TEXT = """ỦY BAN NHÂN DÂN
XÃ HÒA AN
Số: 65/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hòa An, ngày 05 tháng 11 năm 2025
KẾ HOẠCH
Triển khai Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ và nhân dân về bình đẳng giới.
II. NỘI DUNG
1. Chủ đề
“Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số”.
2. Các hoạt động trọng tâm
- Tổ chức Lễ phát động Tháng hành động lồng ghép hội nghị của xã.
- Tuyên truyền trên đài truyền thanh xã: phát tin, bài về chủ đề của năm.
- Tổ chức tọa đàm về an toàn cho trẻ em gái trên mạng.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Bình
"""


def test_the_report_uses_the_units_own_plan_as_lines_to_confirm(tmp_path):
    path = tmp_path / "kh_hoa_an_2025.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    plan = parse_file(path)
    basis = read_plan_basis(plan)
    assert basis.reference.startswith("Kế hoạch số 65/KH-UBND ngày 05/11/2025")
    assert basis.theme == "Bình đẳng giới và an toàn cho phụ nữ và trẻ em gái trong kỷ nguyên số"
    assert [fold(a) for a in basis.activities] == [fold(a) for a in (
        "Tổ chức Lễ phát động Tháng hành động lồng ghép hội nghị của xã", "Tuyên truyền trên đài truyền thanh xã",
        "Tổ chức tọa đàm về an toàn cho trẻ em gái trên mạng")]
    outlines = load_outlines()
    report = outlines["bao-cao-thang-hanh-dong"]
    facts = facts_from_dict({"place": "Hòa An", "level": "xã", "year": 2025})

    class Doc:  # what the store lists of an indexed file
        def __init__(self, **kw):
            self.__dict__.update(kw)
    listed = [Doc(source=path.name, kind=plan.kind, year=plan.year, level=plan.level, place=plan.place,
                  title=plan.title),
              Doc(source="other.txt", kind="KẾ HOẠCH", year=2025, level="xã", place="Thanh Xá", title=plan.title)]
    assert find_own_plan(listed, report, facts) == path.name
    assert find_own_plan(listed, report, replace(facts, year=2024)) is None
    assert find_own_plan(listed, outlines["bao-cao-binh-dang-gioi-nam"], facts) is None  # another campaign
    built = with_plan(facts, basis)
    assert built.plan == basis.reference and built.theme == basis.theme
    typed = with_plan(replace(facts, theme="Chủ đề do cán bộ nhập"), basis)
    assert typed.theme == "Chủ đề do cán bộ nhập"  # the officer's own words win
    placed = planned_sections(report, built)
    assert list(placed) == ["I.3"] and len(placed["I.3"]) == 3  # the built-in outline's activities section
    lines = planned_lines(placed["I.3"], ["- Đã tọa đàm về an toàn cho trẻ em gái trên mạng, 40 người."], [])
    assert lines == ["- Theo kế hoạch: Tổ chức Lễ phát động Tháng hành động lồng ghép hội nghị của xã; kết quả: […].",
                     "- Theo kế hoạch: Tuyên truyền trên đài truyền thanh xã; kết quả: […]."]  # the third was reported
    # the province's outline has a section per kind of activity: each activity goes where it fits
    province, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", outlines)
    spread = planned_sections(province, built)
    assert any("phát động" in fold(a) for a in spread.get("I.2", []))
    assert sum(len(v) for v in spread.values()) == 3 and not set(spread) & {"II.1", "II.2", "II.3", "I.5.a"}


def _run(args, env):
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result


def test_outlines_add_list_and_remove_through_the_cli(tmp_path):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path), "ASSISTANT_EMBEDDING_BACKEND": "e5",
           "ASSISTANT_MODELS_DIR": str(tmp_path / "no-models")}
    added = _run(["outlines", "add", str(MANDATES / "tinh_2024_kehoach_pdf_layout.txt"), "--id", "bc-tinh-2024",
                  "--name", "Báo cáo theo đề cương tỉnh 2024", "--json"], env)
    assert added.exit_code == 0, added.output
    shown = json.loads(added.stdout)
    assert shown["id"] == "bc-tinh-2024" and shown["parts"][0]["index"] == 1
    assert (tmp_path / "outlines" / "bc-tinh-2024.yaml").is_file()
    listed = json.loads(_run(["outlines", "--json"], env).stdout)
    assert [o["id"] for o in listed][-1] == "bc-tinh-2024" and listed[-1]["name"] == "Báo cáo theo đề cương tỉnh 2024"
    again = _run(["outlines", "add", str(MANDATES / "tinh_2024_kehoach_pdf_layout.txt"), "--id", "bc-tinh-2024"], env)
    assert again.exit_code == 1 and "--replace" in again.output
    bad = _run(["outlines", "add", str(MANDATES / "no_structure.txt")], env)
    assert bad.exit_code == 1 and "no numbered structure" in bad.output and "Traceback" not in bad.output
    assert _run(["outlines", "remove", "bc-tinh-2024"], env).exit_code == 0
    assert "bc-tinh-2024" not in _run(["outlines"], env).stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", ["tinh_2025_kehoach.docx", "tinh_2025_kehoach_thang_hanh_dong.txt"])
def test_a_report_on_a_new_outline_is_composed_exported_and_passes_its_check(name, gemma_index, gemma_settings,
                                                                              tmp_path):
    """The whole job on an outline never seen before: add it, draft every section against the real
    index (new sections get related wording or a placeholder, never another unit's facts), export the
    national format, and `check --outline` finds no error."""
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_EMBEDDING_BACKEND": "gemma",
           "ASSISTANT_MODELS_DIR": str(gemma_settings.models_dir), "ASSISTANT_INDEX_DIR": str(gemma_settings.index_dir)}
    added = _run(["outlines", "add", str(MANDATES / name), "--id", "bc-tinh", "--json"], env)
    assert added.exit_code == 0, added.output
    outline = load_outlines(user_folder=tmp_path / "data" / "outlines")["bc-tinh"]
    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump({
        "issuer": "Ủy ban nhân dân xã Hòa An", "place": "Hòa An", "level": "xã", "year": 2025, "signer": "Lê Thị Hoa",
        "signer_title": "PHÓ CHỦ TỊCH", "number": "12", "date": "2025-12-16",
        "notes": "Xã tổ chức lễ phát động ngày 15/11/2025 với 180 người tham dự.",
        "figures": [{"activity": "Lễ phát động", "count": 1, "male": 70, "female": 110, "level": "Xã"}]},
        allow_unicode=True), encoding="utf-8")
    record = tmp_path / "doc.json"
    composed = _run(["compose", "--kind", "bc-tinh", "--facts", str(facts), "--backend", "extractive", "-o",
                     str(record)], env)
    assert composed.exit_code == 0, composed.output
    saved = json.loads(record.read_text(encoding="utf-8"))
    leaves = [s for s in outline.all_sections() if not s.children]
    assert list(saved["sections"]) == [s.id for s in leaves]
    other_units = [n for n in gemma_index[0].known_names() if fold(n) not in ("hòa an", "lê thị hoa")]
    for section in leaves:
        text = saved["sections"][section.id]["versions"][-1]["text"]
        assert text.strip(), section.id
        leaked = [n for n in other_units if len(n) > 4 and fold(n) in fold(text)]
        assert not leaked, (section.id, leaked)
    new = next(s for s in leaves if "môi trường số" in fold(s.title) or "mạng xã hội" in fold(s.title)
               or "nền tảng" in fold(s.title))
    draft = saved["sections"][new.id]["versions"][-1]
    codes = {w["code"] for w in draft["warnings"]}
    assert "[…]" in draft["text"] or codes & {"related", "placeholder"}, draft
    docx = tmp_path / "bc.docx"
    assert _run(["export", str(record), "--docx", str(docx)], env).exit_code == 0
    checked = _run(["check", str(docx), "--outline", "bc-tinh", "--json"], env)
    errors = [f for f in json.loads(checked.stdout) if f["severity"] == "error"]
    assert checked.exit_code == 0 and not errors, errors
    # last year's report of another unit follows the old outline: the new sections are missing, as errors
    old = _run(["check", str(CORPUS_REPORT), "--outline", "bc-tinh", "--json"], env)
    missing = [f["what"] for f in json.loads(old.stdout) if "is missing" in f["what"]]
    assert old.exit_code == 1 and any(new.id in m for m in missing), missing


def test_a_chat_request_for_the_kind_and_year_opens_the_outline_of_the_higher_level(tmp_path):
    from assistant.app.reader import ChatReader

    known = load_outlines()
    outline, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", known)
    save_outline(outline, tmp_path, known)
    outlines = load_outlines(user_folder=tmp_path)
    assert outlines[outline.id].based_on == "bao-cao-thang-hanh-dong" and outlines[outline.id].year == 2025
    reader = ChatReader(tuple(outlines.values()), None)
    assert reader.kinds_asked("soạn báo cáo tháng hành động năm 2025")[0] == [outline.id]
    assert reader.kinds_asked("soạn báo cáo tháng hành động năm 2024")[0] == ["bao-cao-thang-hanh-dong"]
    assert reader.kinds_asked("soạn kế hoạch tháng hành động năm 2025")[0] == ["ke-hoach-thang-hanh-dong"]


def test_a_replaced_outline_keeps_the_sections_already_drafted(tmp_path):
    from assistant.app.shelf import Shelf
    from assistant.config import load_settings
    from assistant.core.schema import Draft

    settings = load_settings(env={}, data_dir=tmp_path)
    known = load_outlines()
    first, _ = read_outline(MANDATES / "tinh_2025_kehoach_thang_hanh_dong.txt", known, outline_id="bc-tinh")
    save_outline(first, settings.outlines_dir, known)
    shelf = Shelf(settings)
    doc_id, record = shelf.create("bc-tinh", {"place": "Tân Lập", "level": "phường", "year": "2025"})
    for section_id in ("I.2", "I.3", "I.4"):
        record.add_draft(section_id, Draft("bc-tinh", section_id, "", f"Nội dung {section_id}.", [], [], "extractive"))
    shelf.save(doc_id, record)
    # the province sends a corrected outline: "Tổ chức lễ phát động" is gone, the digital section is now I.2
    sections = list(first.sections)
    top = sections[0]
    kept = tuple(c for c in top.children if c.id != "I.2")
    renumbered = tuple(replace(c, id=f"I.{n}", children=()) for n, c in enumerate(kept, start=1))
    changed = replace(first, sections=(replace(top, children=renumbered), *sections[1:]))
    save_outline(changed, settings.outlines_dir, load_outlines(user_folder=settings.outlines_dir), replace=True)
    left = shelf.follow_outline(first, changed)
    again = shelf.load(doc_id)
    assert again.sections["I.2"].versions[-1].text == "Nội dung I.3."  # "Truyền thông trên môi trường số"
    assert again.sections["I.3"].versions[-1].text == "Nội dung I.4."
    assert left == [f"{doc_id}: I.2"]  # "Tổ chức lễ phát động" has no place now: its draft is kept, listed
    assert again.sections["I.2~"].versions[-1].text == "Nội dung I.2."


def test_an_outline_labelled_phu_luc_takes_its_title_from_the_line_after_de_cuong():
    """"Phụ lục" / "ĐỀ CƯƠNG BÁO CÁO" / "Kết quả thực hiện Tháng hành động … năm 2025" / "(Kèm theo …)":
    the title is the third line, so the outline is the Action Month report's (the chat opens it for
    "soạn báo cáo tháng hành động năm 2025"), not the annual one's."""
    outline, _ = read_outline(MANDATES.parent / "mandates_untouched_4" / "qd_tuyen_quang_2025.docx", load_outlines())
    assert outline.based_on == "bao-cao-thang-hanh-dong" and outline.year == 2025
    assert "Tháng hành động" in outline.title_template and "Kèm theo" not in outline.title_template


def test_an_outline_numbered_1_1_keeps_its_numbering_and_its_tables_take_the_notes_that_fit():
    """Seen in a walk on the Word decision's outline: "1.1." was exported as "1." (and `check` found the
    numbering broken), and notes of activities and funds went to recommendations for want of a
    narrative section: the tables take them, below the grid."""
    from assistant.core.facts import facts_from_dict
    from assistant.draft.placement import note_sections

    outline, _ = read_outline(MANDATES.parent / "mandates_untouched_4" / "qd_tuyen_quang_2025.docx", load_outlines())
    assert outline.section("1.2").heading().startswith("1.2. Tổ chức lễ phát động")
    assert outline.section("1.3.a").heading().startswith("a) ") and outline.section("2").heading().startswith("2. ")
    facts = facts_from_dict({"issuer": "Ủy ban nhân dân xã Minh Quang", "place": "Minh Quang", "level": "xã",
                             "year": 2025, "notes": "trong tháng không phát hiện vụ bạo lực nào\n"
                                                    "ngân sách xã chi 6 triệu, không có nguồn huy động"})
    placed = note_sections(outline, facts)
    assert placed["1.4"] == ["Trong tháng không phát hiện vụ bạo lực nào."]
    # words of funds go to the funds table, with no amount too (the walk saw it go to the launch's)
    assert placed["2"] == ["Ngân sách xã chi 6 triệu.", "Không có nguồn huy động."]


def test_the_parts_of_a_section_of_proposals_are_proposals():
    """"ĐỀ XUẤT, KIẾN NGHỊ" / "Đối với Bộ Nội vụ": the part was lent the contents of next year's directions
    and drafted with them, and "Đối với Uỷ ban nhân dân tỉnh" was taken for a section of what was done."""
    outline, _ = read_outline(MANDATES.parent / "mandates_untouched_4" / "qd_tuyen_quang_2025.docx", load_outlines())
    for part in outline.section("4").children:
        assert not part.details and part.contains.startswith("Đề xuất, kiến nghị: đối với")
    assert outline.section("4").contains == "Nội dung về đề xuất, kiến nghị."  # not "đỀ XUẤT"
    assert outline.section("3.2").contains.startswith("Những khó khăn")  # a part of the evaluation still lent


def test_the_parts_of_a_heading_of_results_that_names_tasks_still_report_what_was_done(tmp_path):
    """"KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ" holds "nhiệm vụ", a cue of the year's directions: its parts are
    still sections of what was done (found in review: they lost their 'details' and a precedent's
    sentence came through unmarked)."""
    path = tmp_path / "de_cuong.txt"
    lines = ["ỦY BAN NHÂN DÂN TỈNH HÀ NAM", "ĐỀ CƯƠNG BÁO CÁO", "Kết quả thực hiện công tác bình đẳng giới năm 2025",
             "I. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ", "1. Công tác tuyên truyền về bình đẳng giới",
             "2. Công tác kiểm tra, giám sát", "II. ĐỀ XUẤT, KIẾN NGHỊ", "1. Đối với Ủy ban nhân dân tỉnh"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outline, _ = read_outline(path, load_outlines())
    assert outline.section("I.1").reports and outline.section("I.2").reports
    assert not outline.section("II.1").reports
