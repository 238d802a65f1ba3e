"""Shared fixtures: the real corpus, real embedding models, a real index built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.index.prepare import is_sentence_transformers_folder

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def e5():
    from assistant.index.embeddings import E5Embeddings

    return E5Embeddings()


@pytest.fixture
def e5_settings(tmp_path):
    return load_settings(env={}, index_dir=tmp_path / "index", embedding_backend="e5")


@pytest.fixture(scope="session")
def gemma_settings(tmp_path_factory):
    settings = load_settings(env={}, index_dir=tmp_path_factory.mktemp("gemma-index"),
                             embedding_backend="gemma", models_dir=ROOT / "models")
    if not is_sentence_transformers_folder(settings.gemma_path):
        pytest.fail("EmbeddingGemma is not prepared: run `make models` (the test command does)")
    return settings


@pytest.fixture(scope="session")
def gemma_index(gemma_settings):
    """The real index of corpus/ with the default model, built once per test session."""
    from assistant.app.factory import Assistant
    from assistant.index.indexer import ingest_paths

    parts = Assistant(gemma_settings)
    report = ingest_paths([CORPUS], parts.store, gemma_settings.chunk_chars)
    assert not report.failed, report.failed
    return parts.store, parts.retriever


CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright (the browser tests)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail("Debian chromium is not installed: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()

