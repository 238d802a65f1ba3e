"""One settings object: defaults, overridden by ``ASSISTANT_*`` environment variables,
then by CLI flags. This is the only module that reads the environment.

Nothing here loads a model or opens a store; it only says where things are.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from assistant.errors import ConfigError

EMBEDDING_BACKENDS = ("auto", "gemma", "e5")
EMBEDDING_RUNTIMES = ("onnx", "torch")
FUSION_METHODS = ("rrf", "weighted")
DRAFT_BACKENDS = ("extractive", "local", "openai")


@dataclass(frozen=True)
class Settings:
    # Where things live. Relative defaults (and relative ASSISTANT_* paths) are resolved against
    # ``home`` (ASSISTANT_HOME, default: the folder the program starts in) once, when the settings load.
    home: Path = Path(".")
    index_dir: Path = Path("index")
    models_dir: Path = Path("models")
    chroma_url: str | None = None  # e.g. http://127.0.0.1:8000 for a `chroma run` server
    collection: str = "precedents"

    # Embeddings: "auto" uses EmbeddingGemma when prepared, else e5-small (with a warning).
    embedding_backend: str = "auto"
    embedding_model: str | None = None  # a sentence-transformers folder or hub name
    embedding_dim: int | None = None  # Matryoshka truncation (768, 512, 256, 128)
    embedding_quantize: bool = True  # int8 weights for the Linear layers (CPU speed)
    # "onnx": the folder's int8 ONNX export when there is one (else torch int8); "torch". The export is
    # int8 only, so embedding_quantize=False means torch fp32 either way.
    embedding_runtime: str = "onnx"
    max_seq_length: int = 512
    batch_size: int = 4  # passages per call, sorted by length: fastest with ONNX (BENCHMARKS.md)
    threads: int | None = None

    # Chunking and retrieval.
    chunk_chars: int = 600  # measured: better hit@5 and faster than 1200 (BENCHMARKS.md)
    fusion: str = "weighted"  # measured best on the dev set (BENCHMARKS.md)
    rrf_k: int = 60
    dense_weight: float = 0.45  # measured with the query thesaurus (BENCHMARKS.md section 9)
    # A question whose wording its best lexical match barely holds (less than this share of its word
    # pairs, by rarity) is in everyday words: the dense side then weighs this much (BENCHMARKS.md §17).
    lexical_trust: float = 0.2
    paraphrase_dense_weight: float = 0.7
    candidates: int = 40
    mmr: bool = False
    mmr_lambda: float = 0.7

    # Drafting: "local" (llama.cpp, the embedded default), "openai" (any compatible endpoint),
    # "extractive" (no LLM; also the fallback of the other two).
    draft_backend: str = "local"
    data_dir: Path = Path("data")  # document records and their draft history (git-ignored)
    llm_model_path: Path | None = None  # a GGUF file; default: the prepared Qwen2.5-Coder-1.5B
    llm_threads: int | None = None
    llm_context: int = 4096
    llm_max_tokens: int = 320  # about 25 s of generation on 2 cores (BENCHMARKS.md)
    llm_temperature: float = 0.2
    llm_timeout: float = 60.0  # seconds, for the OpenAI-compatible endpoint
    openai_base_url: str = "http://127.0.0.1:8080/v1"
    openai_model: str = "qwen2.5-coder-1.5b-instruct"
    openai_api_key: str = "not-needed"
    prompts_dir: Path | None = None  # a folder of prompt templates of one's own; default: the packaged ones
    draft_chars: int = 1100  # about the length of a precedent section
    llm_polish_chars: int = 500  # the local model rewrites about this much of a draft (time cap, BENCHMARKS.md)
    # The chat UI (`assistant serve`): local only unless the officer's IT sets a host and a login.
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_auth: str | None = None  # "user:password" for a shared server
    corpus_dir: Path = Path("corpus")  # where uploaded precedents are kept (then indexed)
    upload_max_mb: int = 20
    slogan_duplicate_threshold: float = 0.92  # cosine, EmbeddingGemma: distinct max 0.90, rewordings min 0.95

    @property
    def gemma_path(self) -> Path:
        return self.models_dir / "embeddinggemma-300m"

    @property
    def outlines_dir(self) -> Path:
        """The officer's own outlines (built from higher-level documents), beside the document records."""
        return self.data_dir / "outlines"

    @property
    def gguf_path(self) -> Path:
        return self.llm_model_path or self.models_dir / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

    def validate(self) -> Settings:
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ConfigError(
                f"embedding backend must be one of {', '.join(EMBEDDING_BACKENDS)}, "
                f"not {self.embedding_backend!r}"
            )
        if self.embedding_runtime not in EMBEDDING_RUNTIMES:
            raise ConfigError(f"embedding runtime must be one of {', '.join(EMBEDDING_RUNTIMES)}, "
                              f"not {self.embedding_runtime!r}")
        if self.fusion not in FUSION_METHODS:
            raise ConfigError(f"fusion must be one of {', '.join(FUSION_METHODS)}")
        if self.chunk_chars < 200:
            raise ConfigError("chunk_chars must be at least 200")
        if self.embedding_dim is not None and self.embedding_dim < 32:
            raise ConfigError("embedding_dim must be at least 32")
        if not 0.0 <= self.dense_weight <= 1.0 or not 0.0 <= self.paraphrase_dense_weight <= 1.0:
            raise ConfigError("dense_weight and paraphrase_dense_weight must be between 0 and 1")
        if self.draft_backend not in DRAFT_BACKENDS:
            raise ConfigError(f"draft backend must be one of {', '.join(DRAFT_BACKENDS)}, not {self.draft_backend!r}")
        if not 0.0 <= self.llm_temperature <= 2.0:
            raise ConfigError("llm_temperature must be between 0 and 2")
        if self.llm_max_tokens < 16 or self.llm_timeout <= 0:
            raise ConfigError("llm_max_tokens must be at least 16 and llm_timeout positive")
        if not self.openai_base_url.startswith(("http://", "https://")):
            raise ConfigError(f"openai_base_url must look like http://host:port/v1, not {self.openai_base_url!r}")
        if self.chroma_url and not self.chroma_url.startswith(("http://", "https://")):
            raise ConfigError(f"chroma_url must look like http://host:port, not {self.chroma_url!r}")
        user, _, password = (self.ui_auth or "").partition(":")
        if self.ui_auth is not None and not (user and password):
            raise ConfigError("ui_auth must look like user:password (both non-empty)")
        if not 1 <= self.ui_port <= 65535 or self.upload_max_mb < 1:
            raise ConfigError("ui_port must be 1-65535 and upload_max_mb at least 1")
        return self

    def with_overrides(self, **overrides: Any) -> Settings:
        """Apply CLI flags; a ``None`` value means the flag was not given."""
        given: dict[str, Any] = {k: Path(v) if k in _PATHS and isinstance(v, str) else v
                                 for k, v in overrides.items() if v is not None}
        return replace(self, **given).validate()


def _convert(kind: str, raw: str) -> Any:
    if "bool" in kind:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if "int" in kind:
        return int(raw)
    if "float" in kind:
        return float(raw)
    if "Path" in kind:
        return Path(raw).expanduser()
    return raw


_PATHS = ("index_dir", "models_dir", "data_dir", "corpus_dir", "llm_model_path", "prompts_dir")


def _anchored(settings: Settings) -> Settings:
    """The folders as absolute paths under ``home``: a service or shortcut started from another
    folder finds the same index and documents."""
    home = settings.home.expanduser().resolve()
    moved: dict[str, Any] = {name: home / path for name in _PATHS
             if isinstance(path := getattr(settings, name), Path) and not path.is_absolute()}
    return replace(settings, home=home, **moved)


def load_settings(env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """Defaults, then ``ASSISTANT_<FIELD>`` variables (both resolved against ``home``), then
    ``overrides`` (CLI flags: a relative path there is relative to the current folder)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = env.get(f"ASSISTANT_{f.name.upper()}")
        if raw is None or raw == "":
            continue
        try:
            values[f.name] = _convert(str(f.type), raw)
        except ValueError as exc:
            raise ConfigError(f"ASSISTANT_{f.name.upper()}={raw!r}: {exc}") from exc
    if "home" in overrides and overrides["home"] is not None:
        values["home"] = Path(overrides.pop("home"))
    return _anchored(Settings(**values)).with_overrides(**overrides)
