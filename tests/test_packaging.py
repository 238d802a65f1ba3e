"""The built wheel: it carries the prompts and the data files, and a normal (non-editable) install
drafts with the local model, run from a folder that is not the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .test_drafting import FACTS

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--disable-pip-version-check", "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("assistant-*.whl"))


def test_the_wheel_carries_every_stage_the_prompts_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in (ROOT / "prompts").glob("*.txt"):
        assert f"assistant/prompts/{template.name}" in names
    for data in (ROOT / "assistant" / "data").rglob("*.yaml"):
        assert f"assistant/{data.relative_to(ROOT / 'assistant').as_posix()}" in names
    for init in (ROOT / "assistant").rglob("__init__.py"):
        assert f"assistant/{init.relative_to(ROOT / 'assistant').as_posix()}" in names  # every stage packaged


@pytest.mark.slow
@pytest.mark.llm
def test_a_non_editable_install_drafts_with_the_local_model(wheel, gemma_index, gemma_settings, tmp_path):
    if not gemma_settings.gguf_path.is_file():
        pytest.fail("Qwen2.5-Coder GGUF is not prepared: run `make models` (the test command does)")
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    facts = elsewhere / "facts.yaml"
    facts.write_text(yaml.safe_dump(FACTS, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site), "ASSISTANT_MODELS_DIR": str(gemma_settings.models_dir),
           "ASSISTANT_HOME": str(elsewhere)}
    where = subprocess.run([sys.executable, "-c", "import assistant.draft.prompts as p; print(p.PACKAGED_PROMPTS)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True)
    assert where.stdout.strip().startswith(str(site))  # the installed copy, not the source tree
    run = subprocess.run([sys.executable, "-m", "assistant.cli.main", "draft", "--kind", "bao-cao-thang-hanh-dong",
                          "--section", "II.1", "--facts", str(facts), "--backend", "local", "--json",
                          "--index", str(gemma_settings.index_dir), "--embeddings", "gemma"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    out = json.loads(run.stdout)
    assert out["backend"] == "local", out["warnings"]  # the model polished it: its prompts were found
    assert not any("prompt" in w["message"] for w in out["warnings"])
    assert Path(out["record"]).is_relative_to(elsewhere)  # the data folder follows ASSISTANT_HOME
