"""The real language models: llama.cpp in-process (the local backend) and the same GGUF served by
`python -m llama_cpp.server` on 127.0.0.1 behind langchain-openai (the openai backend)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from assistant.core.facts import facts_from_dict
from assistant.core.outlines import get_outline
from assistant.draft.drafter import Drafter
from assistant.draft.guards import inspect_text, make_context
from assistant.draft.llm import make_chat_model
from assistant.draft.slogans import model_candidates

from .servers import free_port, wait_for_port
from .test_drafting import FACTS

pytestmark = [pytest.mark.slow, pytest.mark.llm]


@pytest.fixture(scope="module")
def gguf_settings(gemma_settings):
    if not gemma_settings.gguf_path.is_file():
        pytest.fail("Qwen2.5-Coder GGUF is not prepared: run `make models` (the test command does)")
    return gemma_settings


def _stream(drafter: Drafter, section: str):
    events = list(drafter.stream(section, facts_from_dict(FACTS)))
    stages = [e.stage for e in events]
    return stages, events[-1].draft


def test_local_backend_streams_a_polished_draft_that_passes_the_guards(gemma_index, gguf_settings):
    store, retriever = gemma_index
    model = make_chat_model(gguf_settings, "local")
    drafter = Drafter(get_outline("bao-cao-thang-hanh-dong"), retriever, model, "local",
                      tuple(store.known_names()))
    stages, draft = _stream(drafter, "II.1")
    assert stages[0] == "extractive" and "token" in stages and stages[-1] == "final"
    assert draft.text.strip() and draft.backend in ("local", "extractive")
    assert inspect_text(draft.text, make_context(facts_from_dict(FACTS), store.known_names())).ok


@pytest.fixture(scope="module")
def llama_server(gguf_settings):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf_settings.gguf_path), "--host", "127.0.0.1",
         "--port", str(port), "--n_ctx", "4096", "--n_threads", "2", "--model_alias", "qwen"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_for_port(port, process, 180):
        process.kill()
        pytest.fail("llama_cpp.server did not start")
    yield f"http://127.0.0.1:{port}/v1"
    process.terminate()
    process.wait(timeout=30)


def test_openai_backend_against_a_real_llama_cpp_server(gemma_index, gguf_settings, llama_server):
    store, retriever = gemma_index
    settings = gguf_settings.with_overrides(openai_base_url=llama_server, openai_model="qwen", llm_timeout=120.0)
    model = make_chat_model(settings, "openai")
    drafter = Drafter(get_outline("ke-hoach-thang-hanh-dong"), retriever, model, "openai",
                      tuple(store.known_names()))
    stages, draft = _stream(drafter, "I.2")
    assert "token" in stages and draft.text.strip()
    assert not [w for w in draft.warnings if "không phản hồi" in w.message]  # the endpoint answered
    assert inspect_text(draft.text, make_context(facts_from_dict(FACTS), store.known_names())).ok
    lines = model_candidates(model, "huy-dong-nam-gioi", 2025, "", ["Việc nhà không của riêng ai"], 3)
    assert lines and all(isinstance(line, str) and line for line in lines)


def test_llama_cpp_is_built_without_its_amx_kernels():
    """ggml's AMX kernels crash on Q4_K_M models on Sapphire Rapids-class CPUs (llama.cpp issue 20824,
    seen on a machine here): `make install` builds llama.cpp for the CPU without them."""
    import llama_cpp

    info = llama_cpp.llama_print_system_info().decode()
    assert "AVX" in info and "AMX_INT8 = 1" not in info, info
