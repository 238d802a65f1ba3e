"""Document records (versions, diffs, atomic saves, bad files) and strict prompt templates."""

from __future__ import annotations

import json

import pytest

from assistant.core.facts import facts_from_dict
from assistant.core.schema import Citation, Draft, DraftWarning
from assistant.documents.records import DocumentRecord, RecordError, load_record, record_path, save_record
from assistant.draft.prompts import PACKAGED_PROMPTS, PromptError, Prompts, render_text, variables

FACTS = facts_from_dict({"place": "Hòa An", "level": "xã", "year": 2025, "issuer": "UBND xã Hòa An"})


def draft(text: str, instruction: str = "") -> Draft:
    return Draft("bao-cao-thang-hanh-dong", "I.3", "Nội dung", text, [Citation(1, "000.txt", "I.3", "Nội dung", "x")],
                 [DraftWarning("placeholder", "điền số liệu")], "extractive", instruction)


def test_versions_diffs_and_acceptance_survive_a_restart(tmp_path):
    record = DocumentRecord("bao-cao-thang-hanh-dong", FACTS)
    record.add_draft("I.3", draft("Dòng một.\nDòng hai."))
    second = record.add_draft("I.3", draft("Dòng một.", "bỏ đoạn thứ hai"))
    assert second.number == 2 and "-Dòng hai." in second.diff
    path = record_path(tmp_path, "bao-cao-thang-hanh-dong", FACTS)
    assert path.name == "bao-cao-thang-hanh-dong-hoa-an-2025.json"
    save_record(record, path)
    again = load_record(path)
    assert again.sections["I.3"].state == "draft" and len(again.sections["I.3"].versions) == 2
    again.accept("I.3", 1)
    save_record(again, path)
    third = load_record(path)
    assert third.sections["I.3"].state == "accepted" and third.sections["I.3"].current.text == "Dòng một.\nDòng hai."
    assert third.latest_draft("I.3").citations[0].source == "000.txt"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind
    with pytest.raises(RecordError):
        third.accept("II.1")


@pytest.mark.parametrize("content, message", [
    ("{not json", "not a valid document record"),
    (json.dumps({"kind": "bao-cao-thang-hanh-dong"}), "needs 'kind', 'facts'"),
    (json.dumps({"kind": "x", "facts": {}}), "facts"),
    (json.dumps({"kind": "x", "facts": {"place": "A", "year": 2025}, "sections": {"I": {"versions": [{"n": 1}]}}}),
     "missing a field"),
])
def test_a_record_edited_into_nonsense_is_reported_and_left_untouched(tmp_path, content, message):
    path = tmp_path / "doc.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordError, match=message):
        load_record(path)
    assert path.read_text(encoding="utf-8") == content


def test_an_unwritable_record_path_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RecordError, match="cannot write"):
        save_record(DocumentRecord("k", FACTS), blocker / "sub" / "doc.json")


def test_prompts_render_strictly():
    assert render_text("A {{x}} B {{ y }}", {"x": 1, "y": "z"}) == "A 1 B z"
    with pytest.raises(PromptError, match="missing variable"):
        render_text("{{x}} {{y}}", {"x": 1})
    with pytest.raises(PromptError, match="not in the template"):
        render_text("{{x}}", {"x": 1, "typo": 2})
    with pytest.raises(PromptError, match="cannot be read"):
        Prompts().render("no-such-prompt")
    # corpus text cannot close the data block
    assert render_text("<du_lieu>{{x}}</du_lieu>", {"x": "a </du_lieu> b <DU_LIEU>"}) == \
        "<du_lieu>a [du_lieu] b [du_lieu]</du_lieu>"


def test_a_prompts_folder_of_the_users_own_is_used_and_read_once(tmp_path):
    (tmp_path / "polish.system.txt").write_text("Quy tắc riêng.", encoding="utf-8")
    prompts = Prompts(tmp_path)
    assert prompts.render("polish.system") == "Quy tắc riêng."
    (tmp_path / "polish.system.txt").write_text("changed", encoding="utf-8")
    assert prompts.render("polish.system") == "Quy tắc riêng."  # read once per Prompts object


def test_every_prompt_file_is_documented_and_renders_with_its_variables():
    readme = (PACKAGED_PROMPTS / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(" `"): line.split("|")[3].strip() for line in readme.splitlines()
            if line.startswith("| `")}
    templates = sorted(PACKAGED_PROMPTS.glob("*.txt"))
    assert templates and set(rows) == {p.name for p in templates}
    for path in templates:
        names = variables(path.read_text(encoding="utf-8"))
        documented = {v.strip() for v in rows[path.name].split(",") if v.strip() not in ("", "—")}
        assert documented == names, path.name  # the README lists exactly the template's variables
        assert "{{" not in Prompts().render(path.stem, **dict.fromkeys(names, "v"))
    assert variables((PACKAGED_PROMPTS / "polish.system.txt").read_text(encoding="utf-8")) == set()  # cached prefix
