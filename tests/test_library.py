"""Uploads into the precedent library: safe names, type and size limits, indexing, removal that
deletes nothing; on a real Chroma store with the light e5 model."""

from __future__ import annotations

import pytest

from assistant.app.library import UploadError, add_uploads, check_upload, documents, remove_document, safe_name

TEXT = ("ỦY BAN NHÂN DÂN XÃ AN BÌNH\nBÁO CÁO\nKết quả thực hiện Tháng hành động vì bình đẳng giới năm 2024\n"
        "I. TỔ CHỨC THỰC HIỆN\n1. Công tác chỉ đạo\nỦy ban nhân dân xã ban hành kế hoạch triển khai Tháng hành động "
        "và giao các ban, ngành đoàn thể phối hợp tuyên truyền tại các thôn.\n")


@pytest.mark.parametrize(("given", "stored"), [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("..\\..\\Windows\\báo cáo.docx", "báo cáo.docx"),
    ("Kế hoạch  tháng hành động 2024.PDF", "Kế hoạch tháng hành động 2024.pdf"),
    ("a<b>:c|d?.txt", "a_b__c_d_.txt"),
    (".hidden.txt", "hidden.txt"),
])
def test_uploads_are_stored_under_safe_names_with_their_vietnamese_letters(given, stored):
    assert safe_name(given) == stored


def test_unsupported_types_empty_and_oversized_files_are_refused(tmp_path):
    exe = tmp_path / "x.exe"
    exe.write_bytes(b"MZ" * 10)
    with pytest.raises(UploadError, match="unsupported"):
        check_upload(exe, "x.exe", 1000)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    with pytest.raises(UploadError, match="too large"):
        check_upload(big, "big.txt", 1000)
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    with pytest.raises(UploadError, match="empty"):
        check_upload(empty, "e.txt", 1000)
    with pytest.raises(UploadError):
        safe_name("../..")


@pytest.mark.slow
def test_uploads_are_indexed_bad_ones_named_and_removal_keeps_the_file(e5_settings, e5, tmp_path):
    from assistant.index.store import Store

    store = Store(e5_settings, e5)
    good = tmp_path / "upload" / "tmp123.txt"
    good.parent.mkdir()
    good.write_text(TEXT, encoding="utf-8")
    junk = tmp_path / "upload" / "junk.pdf"
    junk.write_bytes(b"\x00\x01 not a pdf")
    corpus = tmp_path / "corpus"
    result = add_uploads([(good, "Báo cáo An Bình 2024.txt"), (junk, "hỏng.pdf"), (good, "../evil.sh")],
                         store, corpus, 600, 10_000_000)
    assert result.report.added == ["Báo cáo An Bình 2024.txt"] and (corpus / "Báo cáo An Bình 2024.txt").is_file()
    assert [name for name, _ in result.rejected] == ["../evil.sh"]
    assert any("hỏng.pdf" in line and "✘" in line for line in result.messages)
    assert not (corpus / "hỏng.pdf").exists()  # what could not be read is not kept
    listed = documents(store)
    assert listed[0]["source"] == "Báo cáo An Bình 2024.txt" and listed[0]["year"] == 2024
    again = add_uploads([(good, "Báo cáo An Bình 2024.txt")], store, corpus, 600, 10_000_000)
    assert again.report.unchanged == ["Báo cáo An Bình 2024.txt"]
    assert remove_document(store, "Báo cáo An Bình 2024.txt", corpus, tmp_path / "removed") == 1
    assert documents(store) == [] and (tmp_path / "removed" / "Báo cáo An Bình 2024.txt").is_file()
