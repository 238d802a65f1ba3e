"""Errors in the browser: the ``AssistantError`` family becomes a one-line message; anything else is
our bug, logged with its traceback and shown as an internal error (never a raw traceback, never
disguised as the officer's mistake)."""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import gradio as gr

from assistant.errors import AssistantError, one_line

log = logging.getLogger(__name__)


def _message(exc: Exception, where: str) -> gr.Error:
    if isinstance(exc, AssistantError):
        log.warning("%s: %s", where, one_line(exc, 300), exc_info=True)
        return gr.Error(f"(lỗi) {one_line(exc, 300)}", print_exception=False)
    log.exception("%s: internal error", where)
    return gr.Error(f"(lỗi nội bộ / internal error: {one_line(exc)}) — đã ghi vào nhật ký / logged",
                    print_exception=False)


def friendly(func: Callable) -> Callable:
    """Wrap a UI handler (a function or a generator, which Gradio streams)."""
    if inspect.isgeneratorfunction(func):  # Gradio streams only what it sees is a generator
        @wraps(func)
        def stream(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from func(*args, **kwargs)
            except gr.Error:
                raise
            except Exception as exc:
                raise _message(exc, func.__name__) from exc
        return stream

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            raise _message(exc, func.__name__) from exc
    return wrapper
