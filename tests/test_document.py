"""Whole documents: compose every section, export DOCX (Nghị định 30/2020) and Markdown, render the
DOCX with LibreOffice to PDF and PNG (looked at: test-artifacts/), ingest it back, and bad records."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from docx import Document

from assistant.cli.main import cli
from assistant.core.facts import facts_from_dict
from assistant.core.outlines import get_outline
from assistant.documents.docx_export import export_docx
from assistant.documents.layout import layout, number_line, place_date, to_markdown
from assistant.documents.records import save_record
from assistant.documents.whole import draft_document
from assistant.draft.drafter import Drafter
from assistant.parse.readers import parse_file

from .conftest import ARTIFACTS
from .test_drafting_logic import FACTS, PASSAGES, ListRetriever

HEADER = {"governing_body": "UBND tỉnh Quảng Nam", "number": "5", "date": "2025-12-20", "signer_title": "PHÓ CHỦ TỊCH",
          "recipients": ["UBND tỉnh (b/c);", "Các ngành, đoàn thể xã;"]}


@pytest.fixture
def record():
    facts = facts_from_dict({**FACTS.to_dict(), **HEADER})
    drafter = Drafter(get_outline("bao-cao-thang-hanh-dong"), ListRetriever(PASSAGES))
    return draft_document(drafter, facts)


@pytest.mark.parametrize("iso, expected", [
    ("2025-02-05", "Hoà An, ngày 05 tháng 02 năm 2025"), ("2025-03-09", "Hoà An, ngày 09 tháng 3 năm 2025"),
    ("2025-12-20", "Hoà An, ngày 20 tháng 12 năm 2025"),
])
def test_place_date_follows_the_zero_padding_rule(iso, expected):
    assert place_date(facts_from_dict({**FACTS.to_dict(), "date": iso})) == expected


def test_number_line_pads_small_numbers_or_leaves_a_blank():
    outline = get_outline("bao-cao-thang-hanh-dong")
    assert number_line(outline, facts_from_dict({**FACTS.to_dict(), "number": "5"})) == "Số: 05/BC-UBND"
    short = facts_from_dict({**FACTS.to_dict(), "issuer": "UBND xã Hòa An", "number": "12"})
    assert number_line(outline, short) == "Số: 12/BC-UBND"
    assert number_line(outline, FACTS).startswith("Số: \u00a0") and number_line(outline, FACTS).endswith("/BC-UBND")


def test_compose_drafts_every_section_in_order_and_computes_tables(record):
    leaves = [s.id for s in get_outline("bao-cao-thang-hanh-dong").all_sections() if not s.children]
    assert list(record.sections) == leaves
    table = record.sections["III.1"].versions[-1].text.split("\n")
    assert table[-1].startswith(" | Tổng cộng | 6 | 120 | 210")
    assert "[…]" in record.sections["III.3"].versions[-1].text  # no products given: placeholders, no invention


def test_docx_follows_the_national_format(record, tmp_path):
    path = export_docx(layout(record, get_outline("bao-cao-thang-hanh-dong")), tmp_path / "bao-cao.docx")
    document = Document(str(path))
    section = document.sections[0]
    mm = lambda length: round(length.mm)  # noqa: E731  (stored in twips)
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert (mm(section.left_margin), mm(section.right_margin), mm(section.top_margin)) == (30, 15, 20)
    assert section.different_first_page_header_footer and "PAGE" in section.header._element.xml
    header = document.tables[0]
    assert 'w:val="nil"' in header._tbl.xml  # borderless
    left, right = (cell.text for cell in header.rows[0].cells)
    assert "UBND TỈNH QUẢNG NAM" in left and "Số: 05/BC-UBND" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "ngày 20 tháng 12 năm 2025" in right
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts and any(t.startswith("I. TỔ CHỨC THỰC HIỆN") for t in texts)
    assert any(t.endswith("./.") for t in texts)
    assert not any("[1]" in t for t in texts)  # citation marks stay in the drafts, not in the document
    runs = [r for p in document.paragraphs for r in p.runs if r.text.strip()]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    summary = document.tables[-2]  # the last summary table comes before the signature block
    assert summary.style.name == "Table Grid"
    signature = document.tables[-1].rows[0].cells
    assert signature[0].text.startswith("Nơi nhận:") and signature[0].text.rstrip().endswith("Lưu: VT.")
    assert "KT. CHỦ TỊCH" in signature[1].text and "PHÓ CHỦ TỊCH" in signature[1].text


def test_markdown_export(record):
    text = to_markdown(record, get_outline("bao-cao-thang-hanh-dong"))
    assert "## BÁO CÁO" in text and "| STT |" in text and "**Nơi nhận:**" in text


@pytest.mark.slow
def test_docx_renders_with_libreoffice_and_reads_back_the_same(record, tmp_path):
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        pytest.fail("LibreOffice and pdftoppm are needed: the test command installs libreoffice-writer, poppler-utils")
    outline = get_outline("bao-cao-thang-hanh-dong")
    path = export_docx(layout(record, outline), tmp_path / "bao-cao.docx")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("bao-cao-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "60", str(tmp_path / "bao-cao.pdf"), str(ARTIFACTS / "bao-cao")],
                   check=True, timeout=120)
    assert sorted(ARTIFACTS.glob("bao-cao-*.png"))
    parsed = parse_file(path)
    assert parsed.kind == "BÁO CÁO" and parsed.year == 2025
    ids = [s.path for s in parsed.all_sections()]
    assert [s.id for s in outline.all_sections()] == ids[:len(outline.all_sections())]
    table = next(t for t in parsed.tables if t.section == "III.1")
    assert table.rows[0][:2] == ["1", "Truyền thông trực tiếp"]


def test_bad_records_and_paths_are_clear_and_leave_the_record(record, tmp_path):
    runner = CliRunner()
    good = save_record(record, tmp_path / "doc.json")
    before = good.read_text(encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("x")
    result = runner.invoke(cli, ["export", str(good), "--docx", str(blocked / "out.docx")])
    assert result.exit_code != 0 and "cannot write" in result.output and good.read_text(encoding="utf-8") == before
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    result = runner.invoke(cli, ["export", str(bad), "--docx", str(tmp_path / "x.docx")])
    assert result.exit_code != 0 and "not a valid document record" in result.output
    raw = json.loads(before)
    raw["kind"] = "bao-cao-la"
    unknown = tmp_path / "unknown.json"
    unknown.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["export", str(unknown), "--docx", str(tmp_path / "x.docx")])
    assert result.exit_code != 0 and "bao-cao-thang-hanh-dong" in result.output
    raw = json.loads(before)
    versions = raw["sections"]["III.1"]["versions"]
    versions[-1]["text"] = versions[-1]["text"].replace("| Tổng cộng | 6 |", "| Tổng cộng | 9 |")
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(cli, ["export", str(edited), "--md", str(tmp_path / "x.md"), "--json"])
    assert result.exit_code == 0, result.output
    assert any(w["code"] == "total" for w in json.loads(result.output)["warnings"])


@pytest.mark.slow
def test_compose_and_export_commands_on_the_real_index(gemma_index, gemma_settings, tmp_path):
    import yaml

    facts = tmp_path / "facts.yaml"
    facts.write_text(yaml.safe_dump({**FACTS.to_dict(), **HEADER, "figures": [
        {"activity": "Truyền thông trực tiếp", "count": 6, "male": 120, "female": 210, "level": "Thôn"}]},
        allow_unicode=True), encoding="utf-8")
    runner = CliRunner()
    record = tmp_path / "doc.json"
    result = runner.invoke(cli, ["compose", "--kind", "bao-cao-thang-hanh-dong", "--facts", str(facts), "--backend",
                                 "extractive", "-o", str(record), "--index", str(gemma_settings.index_dir),
                                 "--embeddings", "gemma", "--model", str(gemma_settings.gemma_path)])
    assert result.exit_code == 0, result.output
    saved = json.loads(record.read_text(encoding="utf-8"))
    leaves = [s.id for s in get_outline("bao-cao-thang-hanh-dong").all_sections() if not s.children]
    assert saved["sections"]["III.1"]["state"] == "draft" and list(saved["sections"]) == leaves
    out = runner.invoke(cli, ["export", str(record), "--docx", str(tmp_path / "bc.docx"), "--md",
                              str(tmp_path / "bc.md"), "--json"])
    assert out.exit_code == 0, out.output
    assert (tmp_path / "bc.docx").stat().st_size > 10_000 and "## BÁO CÁO" in (tmp_path / "bc.md").read_text()
