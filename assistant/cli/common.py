"""What every command shares: friendly errors, store flags, opening the store.

Named errors from the core become one-line messages here, never tracebacks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from assistant.config import ConfigError, Settings
from assistant.core.facts import FactsError
from assistant.core.outlines import OutlineError
from assistant.documents.docx_export import ExportError
from assistant.documents.records import RecordError
from assistant.draft.llm import LLMError
from assistant.draft.prompts import PromptError
from assistant.draft.slogans import SloganError
from assistant.index.embeddings import EmbeddingModelError
from assistant.index.evaluate import DevsetError
from assistant.index.store import StoreError
from assistant.parse.readers import IngestError

FRIENDLY = (ConfigError, EmbeddingModelError, IngestError, StoreError, DevsetError, FactsError, OutlineError,
            LLMError, PromptError, RecordError, SloganError, ExportError)


def _friendly(func: Callable) -> Callable:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except FRIENDLY as exc:
            raise click.ClickException(f"(lỗi) {exc}") from exc
    return wrapper


def store_options(func: Callable) -> Callable:
    func = click.option("--index", "index_dir", type=click.Path(path_type=Path),
                        help="Index folder (default: index/).")(func)
    func = click.option("--chroma-url", help="Use a Chroma server (chroma run) instead of a local folder.")(func)
    func = click.option("--embeddings", "embedding_backend", type=click.Choice(["auto", "gemma", "e5"]),
                        help="Embedding backend (default auto: EmbeddingGemma, else e5-small).")(func)
    func = click.option("--model", "embedding_model", help="A sentence-transformers folder or hub name.")(func)
    return func


def _result_line(rank: int, source: str, section: str, title: str, text: str, width: int,
                 sep: str = " ") -> str:
    return f"{rank}. [{source} § {section} {title}]{sep}{' '.join(text.split())[:width]}"


def _open(settings: Settings):
    from assistant.index.embeddings import make_embeddings
    from assistant.index.retrieve import Retriever
    from assistant.index.store import Store

    embeddings = make_embeddings(settings, warn=lambda m: click.echo(m, err=True))
    store = Store(settings, embeddings)
    return store, Retriever(store, settings)


