"""Chat-model factories behind LangChain's ``BaseChatModel`` interface.

- ``local``: ``LlamaCppChat``, llama-cpp-python running a GGUF file in-process
  (the embedded default: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, prepared by
  ``index/prepare.py``), low temperature, capped tokens, streaming.
- ``openai``: ``langchain_openai.ChatOpenAI`` against any OpenAI-compatible
  endpoint (vLLM, Ollama, a llama.cpp server, a hosted model).
- ``extractive``: no model at all (``None``): the drafter adapts precedents itself.

Tests pass langchain-core's ``FakeListChatModel`` through the same seam. The
model file is loaded on first use, never at import.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

from assistant.config import Settings
from assistant.errors import LLMError

GGUF_MAGIC = b"GGUF"
_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def check_gguf(path: Path) -> None:
    """Raise ``LLMError`` with how to fix it when ``path`` is not a usable GGUF file."""
    how = "run `make models` (or `assistant prepare-models`) to prepare it, or set ASSISTANT_LLM_MODEL_PATH"
    if not path.is_file():
        raise LLMError(f"model file not found: {path}; {how}")
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic != GGUF_MAGIC or path.stat().st_size < 1024 * 1024:
        raise LLMError(f"model file {path.name} is not a valid GGUF file (corrupt or incomplete); {how}")


class LlamaCppChat(BaseChatModel):
    """A llama.cpp model in this process, as a LangChain chat model with token streaming."""

    model_path: str
    n_ctx: int = 4096
    n_threads: int | None = None
    temperature: float = 0.2
    max_tokens: int = 400
    repeat_penalty: float = 1.1
    seed: int = 7
    _llama: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def load(self) -> Any:
        if self._llama is None:
            check_gguf(Path(self.model_path))
            try:
                from llama_cpp import Llama
            except ImportError as exc:
                raise LLMError("llama-cpp-python is not installed; run `make install`") from exc
            try:
                threads = self.n_threads or os.cpu_count() or 1  # llama.cpp's own default is half the cores
                self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, n_threads=threads,
                                    n_threads_batch=threads, seed=self.seed, verbose=False)
            except (ValueError, RuntimeError, OSError) as exc:
                raise LLMError(f"cannot load {Path(self.model_path).name}: {exc}; re-run `make models`") from exc
        return self._llama

    def _payload(self, messages: list[BaseMessage], stop: list[str] | None) -> dict[str, Any]:
        return {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
            "temperature": self.temperature, "max_tokens": self.max_tokens,
            "repeat_penalty": self.repeat_penalty, "stop": stop or None,
        }

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        result = self.load().create_chat_completion(**self._payload(messages, stop))
        text = result["choices"][0]["message"].get("content") or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for part in self.load().create_chat_completion(stream=True, **self._payload(messages, stop)):
            delta = part["choices"][0].get("delta", {}).get("content") or ""
            if delta:
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk


def make_chat_model(settings: Settings, backend: str | None = None) -> BaseChatModel | None:
    """The chat model of a backend; ``None`` for the extractive backend."""
    backend = backend or settings.draft_backend
    if backend == "extractive":
        return None
    if backend == "local":
        check_gguf(settings.gguf_path)
        return LlamaCppChat(model_path=str(settings.gguf_path), n_ctx=settings.llm_context,
                            n_threads=settings.llm_threads, temperature=settings.llm_temperature,
                            max_tokens=settings.llm_max_tokens)
    if backend == "openai":
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise LLMError("langchain-openai is not installed; run `make install`") from exc
        return ChatOpenAI(base_url=settings.openai_base_url, model=settings.openai_model,
                          api_key=settings.openai_api_key or "not-needed",  # type: ignore[arg-type]
                          timeout=settings.llm_timeout, max_retries=0,
                          temperature=settings.llm_temperature, max_completion_tokens=settings.llm_max_tokens)
    raise LLMError(f"unknown backend {backend!r}")


def chat_model_or_fallback(settings: Settings, backend: str | None = None) -> tuple[BaseChatModel | None, list[Any]]:
    """The backend's chat model, or ``None`` (the extractive writer) with a warning that says how to
    fix it: a model that cannot be loaded never costs the officer a draft."""
    from assistant.core.schema import DraftWarning

    try:
        return make_chat_model(settings, backend), []
    except LLMError as exc:
        return None, [DraftWarning("fallback", f"{exc} — dùng bản trích xuất (extractive draft instead)")]
