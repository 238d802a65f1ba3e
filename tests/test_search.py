"""The real thing: EmbeddingGemma (the default model), a persistent Chroma index of
corpus/ built once per session, hybrid search, and a real `chroma run` server."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from assistant.cli.main import cli
from assistant.index.evaluate import evaluate, load_devset

from .servers import free_port, wait_for_port

pytestmark = pytest.mark.slow


def test_default_model_finds_paraphrased_passages(gemma_index):
    store, retriever = gemma_index
    results = retriever.search("cách nói về việc đàn ông san sẻ công việc nội trợ", k=5)
    assert results[0].source == "004_4333a43d0b92bd6e.txt"
    assert "Chia sẻ việc nhà" in " ".join(r.text for r in results[:3])
    # tone-mark variants find each other
    a = retriever.search("Uỷ ban nhân dân xã ban hành kế hoạch", k=3, mode="bm25")
    b = retriever.search("Ủy ban nhân dân xã ban hành kế hoạch", k=3, mode="bm25")
    assert [r.id for r in a] == [r.id for r in b]


def test_dev_set_quality_floor(gemma_index):
    """A regression guard well below the measured figures (BENCHMARKS.md)."""
    _, retriever = gemma_index
    report = evaluate(retriever, load_devset())
    hybrid = report["hybrid"]["all"]
    assert hybrid["hit@5"] >= 0.80
    assert hybrid["mrr"] >= report["bm25"]["all"]["mrr"] - 0.02
    assert hybrid["mrr"] >= report["dense"]["all"]["mrr"] - 0.02


def test_mmr_gives_diverse_results(gemma_index):
    _, retriever = gemma_index
    plain = retriever.search("tuyên truyền bình đẳng giới", k=5)
    diverse = retriever.search("tuyên truyền bình đẳng giới", k=5, mmr=True)
    assert len(diverse) == 5
    assert len({r.source for r in diverse}) >= len({r.source for r in plain}) - 1


@pytest.fixture
def chroma_server(tmp_path):
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    process = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"),
                                "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    if not wait_for_port(port, process, 60):
        process.kill()
        pytest.fail("chroma run did not start")
    yield url
    process.terminate()
    process.wait(timeout=30)


@pytest.mark.server
def test_against_a_real_chroma_server(chroma_server, tmp_path, corpus_dir):
    folder = tmp_path / "two"
    folder.mkdir()
    for name in ("000_1829f18dbada4b21.txt", "004_4333a43d0b92bd6e.txt"):
        shutil.copy(corpus_dir / name, folder / name)
    runner = CliRunner()
    common = ["--chroma-url", chroma_server, "--index", str(tmp_path / "cache"), "--embeddings", "e5"]
    result = runner.invoke(cli, ["ingest", str(folder), *common])
    assert result.exit_code == 0, result.output
    stats = json.loads(runner.invoke(cli, ["stats", "--json", *common]).output)
    assert stats["documents"] == 2
    out = json.loads(runner.invoke(cli, ["search", "--json", "--k", "2", "thông điệp nam giới", *common]).output)
    assert out[0]["results"][0]["source"] == "004_4333a43d0b92bd6e.txt"


def test_unreachable_chroma_server_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["stats", "--chroma-url", f"http://127.0.0.1:{free_port()}",
                                      "--index", str(tmp_path), "--embeddings", "e5"])
    assert result.exit_code != 0 and "cannot open the Chroma store" in result.output
