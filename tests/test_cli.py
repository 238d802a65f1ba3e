"""The command line, driven with click's CliRunner, on the real Chroma store and the real
e5-small model (fast); the default model is exercised in test_search.py."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from assistant.cli.main import cli


@pytest.fixture
def run(tmp_path):
    runner = CliRunner()
    index = str(tmp_path / "index")

    def invoke(*args: str):
        extra = ["--index", index, "--embeddings", "e5"] if args[0] in {"ingest", "search", "stats", "remove"} else []
        return runner.invoke(cli, [*args, *extra], catch_exceptions=False)

    return invoke


def test_ingest_search_stats_remove(run, corpus_dir):
    result = run("ingest", str(corpus_dir))
    assert result.exit_code == 0, result.output
    assert "added 4, updated 0, unchanged 0, failed 0" in result.output
    assert "unchanged 4" in run("ingest", str(corpus_dir)).output
    stats = json.loads(run("stats", "--json").output)
    assert stats["documents"] == 4 and stats["chunks"] > 40
    out = run("search", "--json", "--k", "3", "thông điệp về nam giới chia sẻ việc nhà",
              "kinh phí công tác bình đẳng giới", "--kind", "KẾ HOẠCH")
    entries = json.loads(out.output)
    assert [e["query"] for e in entries] == ["thông điệp về nam giới chia sẻ việc nhà",
                                               "kinh phí công tác bình đẳng giới"]
    for entry in entries:
        assert len(entry["results"]) == 3
        assert set(entry["results"][0]) == {"source", "section", "title", "text", "score"}
    assert entries[0]["results"][0]["source"] == "004_4333a43d0b92bd6e.txt"
    assert run("remove", "004_4333a43d0b92bd6e.txt").exit_code == 0
    assert json.loads(run("stats", "--json").output)["documents"] == 3
    missing = run("remove", "nope.txt")
    assert missing.exit_code == 1 and "not in the index" in missing.output


def test_parse_json_shape(corpus_dir):
    result = CliRunner().invoke(cli, ["parse", str(corpus_dir / "004_4333a43d0b92bd6e.txt"), "--json"])
    doc = json.loads(result.output)
    assert {"source", "kind", "title", "issuer", "level", "place", "date", "year", "number",
            "sections", "slogans", "tables"} <= set(doc)
    assert doc["sections"][0]["number"] == "I" and doc["sections"][0]["children"][0]["number"] == "1"
    assert {"group", "text"} <= set(doc["slogans"][0])
    assert doc["attachments"][0]["kind"] == "ĐỀ CƯƠNG"


def bad_inputs(folder):
    (folder / "rỗng.txt").write_bytes(b"")
    (folder / "rác.pdf").write_bytes(bytes(range(256)) * 40)
    (folder / "hỏng.docx").write_bytes(b"PK\x03\x04 this is not really a zip")
    with zipfile.ZipFile(folder / "nén.docx", "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    (folder / "ảnh.png").write_bytes(b"\x89PNG\r\n")
    (folder / "tcvn3.txt").write_bytes("Céng hoµ x· héi chñ nghÜa ViÖt Nam B¸o c¸o kÕt qu¶ ".encode("cp1252") * 5)
    big = folder / "quá lớn.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB of zeros


def test_bad_files_are_named_and_skipped_the_rest_goes_in(run, tmp_path, corpus_dir):
    folder = tmp_path / "mixed files"
    folder.mkdir()
    shutil.copy(corpus_dir / "000_1829f18dbada4b21.txt", folder / "báo cáo tháng hành động 2023.txt")
    bad_inputs(folder)
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    out = result.output
    for name, reason in [("rỗng.txt", "empty file"), ("rác.pdf", "not a readable PDF"),
                         ("hỏng.docx", "not a valid Word"), ("nén.docx", "zip archive but not a Word"),
                         ("tcvn3.txt", "TCVN3"), ("quá lớn.txt", "too large")]:
        line = next(line for line in out.splitlines() if name in line)
        assert reason in line, line
    assert "skipped" in out and "ảnh.png" in out
    assert "added 1" in out and "failed 6" in out
    stats = json.loads(run("stats", "--json").output)
    assert stats == {"documents": 1, "chunks": stats["chunks"], "incomplete": 0}


def test_unsupported_file_named_explicitly_fails_clearly(run, tmp_path):
    odd = tmp_path / "ghi chú.rtf"
    odd.write_text("x")
    result = run("ingest", str(odd))
    assert result.exit_code == 1 and "unsupported file type .rtf" in result.output
    result = run("ingest", str(tmp_path / "không có.txt"))
    assert result.exit_code == 1 and "no such file" in result.output


def test_folder_of_thousands_of_files(run, tmp_path):
    folder = tmp_path / "nhiều tệp"
    folder.mkdir()
    for i in range(2000):
        (folder / f"tệp {i}.tmp").write_text("x")
    for i in range(3):
        (folder / f"báo cáo {i}.txt").write_text(
            f"BÁO CÁO\nKết quả năm 202{i} của xã Số {i}\nI. KẾT QUẢ\nĐã tổ chức tuyên truyền lần {i}.\n",
            encoding="utf-8")
    result = run("ingest", str(folder))
    assert result.exit_code == 0, result.output[-500:]
    assert "added 3" in result.output and "skipped 2000" in result.output
    assert "and 1980 more" in result.output


def test_bad_settings_are_reported_without_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CHUNK_CHARS", "lots")
    result = CliRunner().invoke(cli, ["stats", "--index", str(tmp_path)])
    assert result.exit_code != 0 and "ASSISTANT_CHUNK_CHARS" in result.output
    monkeypatch.delenv("ASSISTANT_CHUNK_CHARS")
    broken = tmp_path / "broken-model"
    broken.mkdir()
    result = CliRunner().invoke(cli, ["search", "kinh phí", "--index", str(tmp_path / "i"), "--model", str(broken)])
    assert result.exit_code != 0 and "make models" in result.output and "Traceback" not in result.output


def test_search_on_an_empty_index_says_what_to_do(run):
    result = run("search", "kinh phí")
    assert result.exit_code == 0 and "assistant ingest" in result.output
