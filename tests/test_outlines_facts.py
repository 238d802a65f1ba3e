"""Outlines as data files and the officer's facts record (pure, fast)."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.core.facts import FactsError, describe_figures, facts_from_dict, load_facts
from assistant.core.outlines import OUTLINES_DIR, OutlineError, get_outline, load_outlines

REQUIRED = {"bao-cao-thang-hanh-dong", "bao-cao-binh-dang-gioi-nam", "ke-hoach-thang-hanh-dong",
            "ke-hoach-binh-dang-gioi-nam"}


def test_the_four_outlines_load_with_unique_nested_ids():
    outlines = load_outlines()
    assert set(outlines) >= REQUIRED
    for outline in outlines.values():
        ids = [s.id for s in outline.all_sections()]
        assert len(ids) == len(set(ids))
        for section in outline.all_sections():
            assert section.title and section.contains
            for child in section.children:
                assert child.id.startswith(section.id + ".")


def test_report_outline_follows_the_official_de_cuong():
    outline = get_outline("bao-cao-thang-hanh-dong")
    assert [s.id for s in outline.sections] == ["I", "II", "III"]
    assert outline.section("I.4.a").title == "Ngân sách nhà nước"
    tables = [s.table for s in outline.all_sections() if s.table]
    assert [t.category for t in tables] == ["activities", "media", "products"]
    assert "Nữ" in " ".join(tables[0].columns)
    assert outline.section("i.3").id == "I.3"  # lower case and a trailing dot are accepted


def test_unknown_section_lists_the_valid_ones():
    with pytest.raises(OutlineError) as err:
        get_outline("bao-cao-thang-hanh-dong").section("IX.9")
    assert "I.3" in str(err.value) and "III.1" in str(err.value)
    with pytest.raises(OutlineError, match="ke-hoach-thang-hanh-dong"):
        get_outline("bao-cao-khong-co")


def test_a_new_kind_is_a_new_file(tmp_path):
    for path in OUTLINES_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "bao-cao-so-ket.yaml").write_text(yaml.safe_dump({
        "id": "bao-cao-so-ket", "kind": "BÁO CÁO", "abbr": "BC", "name": "Báo cáo sơ kết",
        "title_template": "Sơ kết năm {year}", "closing_formula": "Trên đây là báo cáo./.",
        "sections": [{"id": "I", "title": "KẾT QUẢ", "contains": "Kết quả đạt được.", "mandatory": True,
                      "figures": True, "aliases": ["kết quả"]}]}, allow_unicode=True), encoding="utf-8")
    assert "bao-cao-so-ket" in load_outlines(tmp_path)
    (tmp_path / "hong.yaml").write_text("id: x\nsections: [{id: I}]\n", encoding="utf-8")
    with pytest.raises(OutlineError, match="hong.yaml"):
        load_outlines(tmp_path)


def test_outlines_command_lists_kinds_as_json():
    result = CliRunner().invoke(cli, ["outlines", "--json"])
    assert result.exit_code == 0, result.output
    listed = {o["id"]: o for o in json.loads(result.output)}
    assert set(listed) >= REQUIRED
    assert listed["ke-hoach-thang-hanh-dong"]["sections"][1]["children"][2]["id"] == "II.3"


FACTS = {"issuer": "Ủy ban nhân dân xã Hòa An", "place": "Hòa An", "level": "xã", "year": 2025,
         "signer": "Trần Thị Bình", "theme": "", "notes": "Tổ chức 12 cuộc tuyên truyền với 150 người tham gia.",
         "figures": [{"activity": "Tọa đàm", "count": 2, "male": 40, "female": "65", "level": "Xã"}]}


def test_facts_from_yaml_and_supported_figures(tmp_path):
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(FACTS, allow_unicode=True), encoding="utf-8")
    facts = load_facts(path)
    assert facts.unit == "xã Hoà An" and facts.figures[0].female == 65  # one tone placement
    assert {2.0, 40.0, 65.0, 105.0} <= facts.table_values()
    assert [(m.value, m.unit) for m in facts.note_figures()] == [(12.0, "cuộc"), (150.0, "người")]
    assert facts.suggested_theme().startswith("Bình đẳng giới và an toàn")  # the known 2025 theme
    assert facts_from_dict({**FACTS, "year": 2031}).suggested_theme() == ""  # never guessed


@pytest.mark.parametrize("raw, message", [
    ({}, "empty"),
    ({"year": 2025}, "place"),
    ({**FACTS, "place": "Bình Minh"}, "contradictory"),
    ({**FACTS, "level": "phường"}, "contradictory"),
    ({**FACTS, "level": "huyện", "issuer": "UBND huyện Hòa An"}, "district"),
    ({**FACTS, "colour": "red"}, "unknown keys"),
    ({**FACTS, "figures": [{"activity": "Tọa đàm", "count": -3}]}, "negative"),
    ({**FACTS, "figures": [{"count": 3}]}, "activity"),
    ({**FACTS, "year": "năm ngoái"}, "whole number"),
])
def test_bad_facts_are_named_errors(raw, message):
    with pytest.raises(FactsError, match=message):
        facts_from_dict(raw)


def test_unreadable_facts_file(tmp_path):
    bad = tmp_path / "facts.yaml"
    bad.write_text("issuer: [unclosed", encoding="utf-8")
    with pytest.raises(FactsError, match="facts.yaml"):
        load_facts(bad)
    with pytest.raises(FactsError, match="not found"):
        load_facts(tmp_path / "none.yaml")


def test_figures_typed_in_a_sentence_are_shown_back():
    found = describe_figures("Đã tổ chức hai buổi tọa đàm, 150 người dự, kinh phí 12 triệu đồng "
                             "(30.000.000đ dự toán), đạt 99,5%, 9/27 thôn, 03 khóm.")
    kinds = [(f["kind"], f["value"]) for f in found]
    assert ("count", 2.0) in kinds and ("count", 150.0) in kinds and ("count", 3.0) in kinds
    assert ("money", 12_000_000.0) in kinds and ("money", 30_000_000.0) in kinds
    assert ("percentage", 99.5) in kinds and any(k == "ratio" for k, _ in kinds)
