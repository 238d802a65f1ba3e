"""The format checker: the real defects of the seeds, none in the project's own exports, one case each."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import get_outline
from assistant.documents.docx_export import export_docx
from assistant.documents.layout import layout
from assistant.documents.lint import check_document
from assistant.documents.whole import draft_document
from assistant.draft.drafter import Drafter

from .test_document import HEADER
from .test_drafting_logic import FACTS, PASSAGES, ListRetriever

GOOD = """ỦY BAN NHÂN DÂN
XÃ HOÀ AN
Số: 05/BC-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hoà An, ngày 05 tháng 02 năm 2025
BÁO CÁO
Kết quả thực hiện Tháng hành động vì bình đẳng giới năm 2025
I. TỔ CHỨC THỰC HIỆN
1. Công tác chỉ đạo
Nội dung.
2. Phát động
Nội dung.
II. ĐÁNH GIÁ CHUNG
Nội dung.
III. TỔNG HỢP SỐ LIỆU
Nội dung.
Trên đây là báo cáo./.
Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn A
"""


def _check(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.severity, f.what) for f in check_document(path)]


def test_a_well_formed_text_has_no_finding(tmp_path):
    assert _check(tmp_path, GOOD) == []


@pytest.mark.parametrize("old, new, message", [
    ("Số: 05/BC-UBND", "Số: 5/BC-UBND", "not zero-padded"),
    ("Số: 05/BC-UBND", "Số: 05/XX-UBND", "not in the official list"),
    ("Số: 05/BC-UBND", "Số: 05/KH-UBND", "takes 'BC'"),
    ("Số: 05/BC-UBND", "Số: /UBND - LĐT BXH", "spaces inside"),  # as typed in a real file
    ("Số: 05/BC-UBND", "Số: 05/UBND-LĐTBXH", "lacks the type of document 'BC'"),  # a công văn's symbol
    ("ngày 05 tháng 02", "ngày 5 tháng 02", "day 5"),
    ("ngày 05 tháng 02", "ngày 05 tháng 2", "month 2 is not zero-padded"),
    ("ngày 05 tháng 02", "ngày 05 tháng 03", "must not be zero-padded"),
    ("II. ĐÁNH GIÁ CHUNG", "IV. ĐÁNH GIÁ CHUNG", "breaks the numbering"),
    ("2. Phát động", "3. Phát động", "breaks the numbering"),
    ("báo cáo./.", "báo cáo.", "./."),
    ("- Lưu: VT.", "- Lưu trữ.", "Lưu: VT"),
    ("TM. ỦY BAN", "TM.ỦY BAN", "signature prefix"),
    ("CHỦ TỊCH\nNguyễn", "PHÓ CHỦ TỊCH\nNguyễn", "KT. CHỦ TỊCH"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆTNAM", "misspelt"),
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc", "standard form"),
    ("II. ĐÁNH GIÁ CHUNG\nNội dung.\nIII", "III", "mandatory section"),
])
def test_each_defect_is_named_with_where_and_a_fix(tmp_path, old, new, message):
    assert old in GOOD
    findings = check_document(_write(tmp_path, GOOD.replace(old, new)))
    hit = [f for f in findings if message in f.what]
    assert hit, [f.what for f in findings]
    assert hit[0].fix and hit[0].where


def _write(tmp_path, text):
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_defects_of_the_seeds(corpus_dir):
    found = {p.name[:3]: [f.what for f in check_document(p)] for p in corpus_dir.glob("*.txt")}
    assert any("Quốc hiệu is missing" in w for w in found["000"])
    assert any('"Nơi nhận" does not end' in w for w in found["000"])  # "Lưu VT." without the colon
    assert any("misspelt" in w and "VIỆTNAM" in w for w in found["001"])
    assert any("KT. CHỦ TỊCH" in w for w in found["003"])  # a deputy signs under "TM." alone
    assert any("number and symbol" in w for w in found["004"])


@pytest.mark.parametrize("kind", ["bao-cao-thang-hanh-dong", "ke-hoach-thang-hanh-dong",
                                  "bao-cao-binh-dang-gioi-nam", "ke-hoach-binh-dang-gioi-nam"])
def test_no_error_in_the_projects_own_exports(tmp_path, kind):
    facts = facts_from_dict({**FACTS.to_dict(), **HEADER})
    record = draft_document(Drafter(get_outline(kind), ListRetriever(PASSAGES)), facts)
    path = export_docx(layout(record, get_outline(kind)), tmp_path / f"{kind}.docx")
    assert [f for f in check_document(path) if f.severity == "error"] == []


def test_what_the_assistant_left_to_do_is_found_in_the_export_and_in_the_file(tmp_path):
    """A document that still holds blanks, lines to confirm or names to check is not ready to sign: the
    export says where, and so does `check` on the file."""
    bare = facts_from_dict({**FACTS.to_dict(), **HEADER, "notes": "", "figures": []})
    outline = get_outline("bao-cao-thang-hanh-dong")
    record = draft_document(Drafter(outline, ListRetriever(PASSAGES)), bare)
    pages = layout(record, outline)
    left = [w.message for w in pages.warnings if w.code == "unfinished"]
    assert any(m.startswith("mục I.3:") and "[nếu có] cần xác nhận" in m and "[…] cần điền" in m for m in left)
    findings = check_document(export_docx(pages, tmp_path / "bc.docx"))
    whats = [f.what for f in findings if f.severity == "warning"]
    assert any("[nếu có]" in w and "Đài truyền thanh" in w for w in whats)
    assert any("left to fill" in w for w in whats) and any("[kiểm tra: …]" in w for w in whats)
    assert _check(tmp_path, GOOD) == []  # a finished document has none


def test_check_command_json_and_exit_codes(tmp_path, corpus_dir):
    runner = CliRunner()
    good = _write(tmp_path, GOOD)
    assert runner.invoke(cli, ["check", str(good)]).exit_code == 0
    result = runner.invoke(cli, ["check", str(corpus_dir / "000_1829f18dbada4b21.txt"), "--json"])
    assert result.exit_code == 1
    assert {"severity", "where", "what", "fix"} <= set(json.loads(result.output)[0])
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    result = runner.invoke(cli, ["check", str(junk)])
    assert result.exit_code != 0 and "(lỗi)" in result.output and "Traceback" not in result.output
