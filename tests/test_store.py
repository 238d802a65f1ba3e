"""The real Chroma store and the BM25 side: incremental ingest, removal, repair, filters.

Uses langchain-core's DeterministicFakeEmbedding for speed where only the logic
around the model is under test; the real models are tested in test_search.py.
"""

from __future__ import annotations

import shutil

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from assistant.config import load_settings
from assistant.index.indexer import ingest_paths
from assistant.index.lexical import LexicalIndex
from assistant.index.retrieve import Filters, Retriever, fuse_rrf, fuse_weighted
from assistant.index.store import Store


@pytest.fixture
def fake_store(tmp_path):
    settings = load_settings(env={}, index_dir=tmp_path / "index")
    return Store(settings, DeterministicFakeEmbedding(size=64)), settings


@pytest.fixture
def corpus_copy(tmp_path, corpus_dir):
    target = tmp_path / "corpus"
    shutil.copytree(corpus_dir, target)
    return target


def test_incremental_ingest_update_and_remove(fake_store, corpus_copy):
    store, settings = fake_store
    first = ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert len(first.added) == 4 and not first.failed
    total = store.stats()["chunks"]
    again = ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert len(again.unchanged) == 4 and again.chunks == 0
    target = corpus_copy / "000_1829f18dbada4b21.txt"
    target.write_text(target.read_text(encoding="utf-8").split("II. ĐÁNH GIÁ CHUNG")[0], encoding="utf-8")
    changed = ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert changed.updated == ["000_1829f18dbada4b21.txt"] and len(changed.unchanged) == 3
    docs = store.documents()
    assert docs["000_1829f18dbada4b21.txt"].complete
    assert store.stats()["chunks"] < total
    assert len(store.lexical) == store.stats()["chunks"]
    unit_chunks = {m["chunk_id"] for m in store.units_collection.get(include=["metadatas"])["metadatas"]}
    assert unit_chunks == set(store.collection.get(include=[])["ids"])  # old versions' units are gone
    assert store.remove(["000_1829f18dbada4b21.txt"]) == 1
    assert "000_1829f18dbada4b21.txt" not in store.documents()
    assert not store.units_collection.get(where={"source": "000_1829f18dbada4b21.txt"}, include=[])["ids"]
    assert len(store.lexical) == store.stats()["chunks"]


def test_interrupted_ingest_is_repaired(fake_store, corpus_copy):
    store, settings = fake_store
    ingest_paths([corpus_copy], store, settings.chunk_chars)
    ids = store.collection.get(where={"source": "001_259a365caccb1221.txt"}, include=[])["ids"]
    store.collection.delete(ids=ids[len(ids) // 2:])  # as if the process died mid-write
    assert not store.documents()["001_259a365caccb1221.txt"].complete
    assert store.stats()["incomplete"] == 1
    report = ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert report.updated == ["001_259a365caccb1221.txt"]
    assert store.stats()["incomplete"] == 0


def test_lexical_side_follows_the_store_across_processes(fake_store, corpus_copy):
    store, settings = fake_store
    ingest_paths([corpus_copy], store, settings.chunk_chars)
    store.lexical_path.unlink()  # lost cache: rebuilt from the store on open
    reopened = Store(settings, DeterministicFakeEmbedding(size=64))
    assert sorted(reopened.lexical.ids) == sorted(store.collection.get(include=[])["ids"])
    # a chunk deleted behind its back is dropped on the next open
    victim = reopened.lexical.ids[0]
    reopened.collection.delete(ids=[victim])
    again = Store(settings, DeterministicFakeEmbedding(size=64))
    assert victim not in again.lexical.ids


def test_filters_on_kind_year_level_section(fake_store, corpus_copy):
    store, settings = fake_store
    ingest_paths([corpus_copy], store, settings.chunk_chars)
    retriever = Retriever(store, settings)
    for mode in ("bm25", "dense", "hybrid"):
        plans = retriever.search("thông điệp tuyên truyền", k=5, mode=mode, filters=Filters(kind="ke-hoach"))
        assert plans and all(r.metadata["kind"] == "KẾ HOẠCH" for r in plans)
        wards = retriever.search("kinh phí", k=5, mode=mode, filters=Filters(level="phường", year=2024))
        assert wards and all(r.source == "001_259a365caccb1221.txt" for r in wards)
        part = retriever.search("khó khăn", k=5, mode=mode, filters=Filters(section="II"))
        assert part and all(r.metadata["section_top"] == "II" for r in part)


def test_bm25_keeps_diacritics(fake_store, tmp_path):
    store, settings = fake_store
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.txt").write_text("BÁO CÁO\nSố liệu\nI. SỐ LIỆU\nCó 40 nam tham gia hội thi.\n", encoding="utf-8")
    (folder / "b.txt").write_text("BÁO CÁO\nKế hoạch\nI. THỜI GIAN\nThực hiện trong năm tới.\n", encoding="utf-8")
    ingest_paths([folder], store, settings.chunk_chars)
    hits = store.lexical.search("năm tới", 5)  # a marked question: "năm" is not "nam"
    assert [store.lexical.meta(i)["source"] for i, _ in hits] == ["b.txt"]
    # typed without any diacritics, "nam" may be either: the word as typed first, then "năm"
    hits = store.lexical.search("nam", 5)
    assert [store.lexical.meta(i)["source"] for i, _ in hits] == ["a.txt", "b.txt"]


def test_fusion_functions():
    assert list(fuse_rrf([["a", "b"], ["b", "c"]])) == ["a", "b", "c"]
    scores = fuse_rrf([["a", "b"], ["b", "c"]])
    assert scores["b"] > scores["a"] > scores["c"]
    weighted = fuse_weighted({"a": 0.9, "b": 0.8, "c": 0.1}, {"a": 0.0, "b": 10.0, "c": 2.0}, dense_weight=0.5)
    assert sorted(weighted, key=weighted.get, reverse=True) == ["b", "a", "c"]
    assert weighted["b"] == pytest.approx(0.5 * 0.875 + 0.5 * 1.0)


def test_crash_between_writes_never_leaves_a_stale_bm25_cache(fake_store, corpus_copy):
    store, settings = fake_store
    ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert store.lexical_path.exists()
    target = corpus_copy / "003_f870b3ad9160d750.txt"
    target.write_text(target.read_text(encoding="utf-8").replace("Công tác kiểm tra", "Công tác giám sát"),
                      encoding="utf-8")
    from assistant.index.chunking import chunk_document
    from assistant.parse.readers import parse_file

    chunks = chunk_document(parse_file(target), settings.chunk_chars, "new-hash")
    store.replace_document(target.name, chunks)  # the process "dies" here, before flush()
    assert not store.lexical_path.exists()
    reopened = Store(settings, DeterministicFakeEmbedding(size=64))
    hits = reopened.lexical.search("công tác giám sát", 3)
    assert hits and reopened.lexical.meta(hits[0][0])["source"] == target.name


def test_a_parser_crash_is_one_failed_file_not_a_stopped_ingest(fake_store, corpus_copy, monkeypatch):
    import assistant.index.indexer as indexer

    real = indexer.parse_file

    def flaky(path, *args):
        if path.name.startswith("001"):
            raise RuntimeError("unexpected layout")
        return real(path, *args)

    monkeypatch.setattr(indexer, "parse_file", flaky)
    store, settings = fake_store
    report = ingest_paths([corpus_copy], store, settings.chunk_chars)
    assert len(report.added) == 3
    assert report.failed == [(str(corpus_copy / "001_259a365caccb1221.txt"),
                              "could not be parsed (RuntimeError: unexpected layout)")]


def test_filter_values_are_normalised_and_checked():
    from assistant.config import ConfigError

    assert Filters(section="II.").where() == {"section_top": "II"}
    assert Filters(section="II.3.a").where() == {"section": "II.3.a"}
    assert Filters(kind="bao-cao", level="Xã").where() == {"kind": "BÁO CÁO", "level": "xã"}
    with pytest.raises(ConfigError, match="unknown kind"):
        Filters(kind="thư tình").where()


def test_long_sentences_are_cut_so_nothing_goes_unembedded():
    from assistant.core.schema import ParsedDocument, Section
    from assistant.index.chunking import chunk_document

    doc = ParsedDocument(source="x.txt", kind="BÁO CÁO",
                         sections=[Section("I", "KẾT QUẢ", text="từ " * 1000, path="I")])
    chunks = chunk_document(doc, 600)
    assert len(chunks) >= 5 and all(len(c.text) <= 600 for c in chunks)
    assert sum(c.text.count("từ") for c in chunks) == 1000


def test_a_long_paragraph_is_cut_between_sentences_never_where_one_goes_on_in_lower_case():
    """Seen in the session-15 walk: "… thiểu số…. để lan tỏa …" was cut after "….", and "để lan toả …" was
    lent to a plan as a sentence of its own."""
    from assistant.core.schema import ParsedDocument, Section
    from assistant.index.chunking import chunk_document

    first = "Tăng cường số hóa trong truyền thông nhằm tiếp cận giới trẻ và đồng bào dân tộc thiểu số " * 5
    text = (f"{first.strip()}…. để lan tỏa mạnh mẽ hơn nữa bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên "
            "cơ sở giới, tăng cường quyền năng cho phụ nữ và trẻ em gái. Đẩy mạnh việc huy động các nguồn lực.")
    doc = ParsedDocument(source="x.txt", kind="KẾ HOẠCH", sections=[Section("II", "NỘI DUNG", text=text, path="II")])
    chunks = chunk_document(doc, 500)
    assert not any(c.text.startswith("để lan") for c in chunks)


def test_a_new_version_of_a_file_re_embeds_only_the_passages_that_changed(tmp_path, corpus_copy):
    embedded: list[str] = []

    class Counting(DeterministicFakeEmbedding):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            embedded.extend(texts)
            return super().embed_documents(texts)

    settings = load_settings(env={}, index_dir=tmp_path / "index")
    store = Store(settings, Counting(size=64))
    target = corpus_copy / "000_1829f18dbada4b21.txt"
    ingest_paths([target], store, settings.chunk_chars)
    first = len(embedded)
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("tập huấn", "tập huấn, bồi dưỡng", 1), encoding="utf-8")
    report = ingest_paths([target], store, settings.chunk_chars)
    assert report.updated == [target.name]
    again = embedded[first:]
    assert 1 <= len(again) <= 2 and "bồi dưỡng" in again[0]  # the changed paragraph, not the file
    stored = store.units_collection.get(where={"source": target.name}, include=["documents", "embeddings"])
    fresh = DeterministicFakeEmbedding(size=64)
    for text_, vector in zip(stored["documents"], stored["embeddings"], strict=True):
        assert list(vector) == pytest.approx(fresh.embed_documents([text_])[0])  # reused vectors are right
    assert len(store.lexical) == store.stats()["chunks"]


def test_vectors_made_another_way_are_not_reused(tmp_path, corpus_copy):
    embedded: list[str] = []

    class OtherRuntime(DeterministicFakeEmbedding):
        @property
        def recipe(self) -> str:
            return "same model, another runtime"

        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            embedded.extend(texts)
            return super().embed_documents(texts)

    settings = load_settings(env={}, index_dir=tmp_path / "index")
    target = corpus_copy / "000_1829f18dbada4b21.txt"
    ingest_paths([target], Store(settings, DeterministicFakeEmbedding(size=64)), settings.chunk_chars)
    target.write_text(target.read_text(encoding="utf-8").replace("tập huấn", "tập huấn, bồi dưỡng", 1),
                      encoding="utf-8")
    store = Store(settings, OtherRuntime(size=64))
    ingest_paths([target], store, settings.chunk_chars)
    stamps = {m["embedded_by"] for m in store.units_collection.get(include=["metadatas"])["metadatas"]}
    assert stamps == {"same model, another runtime"}
    assert len(embedded) == len(store.units_collection.get(include=[])["ids"])  # every passage again


def test_a_closing_and_an_outline_item_with_no_text_rank_below_a_passage_that_scores_as_well(fake_store, tmp_path):
    store, settings = fake_store
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "bao-cao.txt").write_text(
        "BÁO CÁO\nKết quả Tháng hành động năm 2024\nI. KINH PHÍ\na) Ngân sách vận động\n"
        "b) Ngân sách nhà nước\nNgân sách nhà nước cấp cho Tháng hành động năm 2024.\n"
        "Trên đây là báo cáo kết quả Tháng hành động năm 2024 về ngân sách nhà nước.\n", encoding="utf-8")
    ingest_paths([folder], store, settings.chunk_chars)
    roles = {store.lexical.meta(i)["section"]: store.lexical.meta(i)["role"] for i in store.lexical.ids}
    assert roles == {"I.a": "heading", "I.b": "body", "closing": "closing"}
    got = store.get([i for i in store.lexical.ids if store.lexical.meta(i)["section"] == "I.a"])
    assert got["documents"][0].split("\n")[0].endswith("a) Ngân sách vận động")  # headings as written
    retriever = Retriever(store, settings)
    assert retriever.search("ngân sách năm 2024", k=3, mode="bm25")[0].section == "I.b"
    ids = {store.lexical.meta(i)["section"]: i for i in store.lexical.ids}
    equal = dict.fromkeys(ids.values(), 1.0)
    weighed = {s: retriever._weigh_roles(equal, "ngân sách")[i] for s, i in ids.items()}
    assert weighed["I.b"] == 1.0 and weighed["I.a"] < 1.0 and weighed["closing"] < 1.0
    asked = {s: retriever._weigh_roles(equal, "câu kết của báo cáo")[i] for s, i in ids.items()}
    assert asked["closing"] == 1.0 and asked["I.a"] < 1.0  # the closing asked for is not held back


def test_a_question_typed_without_diacritics_finds_the_marked_wording():
    index = LexicalIndex()
    index.add(["a", "b"], ["Thời gian thực hiện: từ ngày 15/11 đến ngày 15/12", "Kinh phí thực hiện năm 2024"],
              [{}, {}])
    assert [i for i, _ in index.search("thoi gian thuc hien", 2)][:1] == ["a"]
    assert [i for i, _ in index.search("kinh phi", 2)] == ["b"]
    assert index.search("năm", 2)[0][0] == "b" and not index.search("nắm", 2)  # marked words stay exact


def test_coverage_tells_a_question_in_the_documents_words_from_one_in_everyday_words():
    index = LexicalIndex()
    index.add(["a", "b"], ["Tuyên truyền, phổ biến chính sách pháp luật về bình đẳng giới",
                           "Kinh phí thực hiện do ngân sách xã bảo đảm"], [{}, {}])
    assert index.coverage("phổ biến chính sách pháp luật", "a") == 1.0
    assert index.coverage("tiền do nhà hảo tâm đóng góp", "b") < 0.2
    assert index.coverage("anything", "missing") == 0.0
