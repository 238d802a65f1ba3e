"""What every command shares: one-line messages for the error family, the store flags, the parts.

Errors of the ``AssistantError`` family become one line here ("(lỗi) …"), with the traceback in
the log (``assistant --verbose …`` shows it); anything else is our own bug and is not disguised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from assistant.config import Settings
from assistant.errors import AssistantError, one_line

log = logging.getLogger(__name__)


def friendly(func: Callable) -> Callable:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except AssistantError as exc:
            log.error("%s failed", func.__name__, exc_info=True)
            raise click.ClickException(f"(lỗi) {one_line(exc, 300)}") from exc
    return wrapper


def store_options(func: Callable) -> Callable:
    func = click.option("--index", "index_dir", type=click.Path(path_type=Path),
                        help="Index folder (default: index/).")(func)
    func = click.option("--chroma-url", help="Use a Chroma server (chroma run) instead of a local folder.")(func)
    func = click.option("--embeddings", "embedding_backend", type=click.Choice(["auto", "gemma", "e5"]),
                        help="Embedding backend (default auto: EmbeddingGemma, else e5-small).")(func)
    func = click.option("--model", "embedding_model", help="A sentence-transformers folder or hub name.")(func)
    return func


def result_line(rank: int, source: str, section: str, title: str, text: str, width: int, sep: str = " ") -> str:
    return f"{rank}. [{source} § {section} {title}]{sep}{' '.join(text.split())[:width]}"


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def parts(settings: Settings, **given: Any) -> Any:
    """The composition root for a command (``app/factory.py``); warnings go to stderr."""
    from assistant.app.factory import Assistant

    return Assistant(settings, warn=echo_err, **given)
