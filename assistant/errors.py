"""One family of named errors: everything the officer may cause or meet is an ``AssistantError``.

Each stage raises the subclass that names its trouble; the CLI and the UI turn exactly this family
into one-line messages (and log the traceback). Any other exception is our own bug: it is logged
and shown as an internal error, never dressed up as "the model did not answer".

This module imports nothing heavy, so ``assistant --help`` and the error handling stay light.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the program explains to its user in one line."""


class ConfigError(AssistantError, ValueError):
    """A setting has a value the program cannot use."""


class EncodingProblem(AssistantError, ValueError):
    """Text that cannot be decoded into Vietnamese Unicode."""


class IngestError(AssistantError):
    """A file could not be read as a precedent; the message is one line for the officer."""


class StoreError(AssistantError, RuntimeError):
    """The store cannot be opened or reached; the message is for the officer."""


class EmbeddingModelError(AssistantError, RuntimeError):
    """The embedding model cannot be loaded; the message says how to prepare it."""


class OnnxExportError(AssistantError, RuntimeError):
    """The ONNX export or its check failed; the message says why in one line."""


class ModelPreparationError(AssistantError, RuntimeError):
    """A model could not be fetched, assembled or verified."""


class DevsetError(AssistantError, ValueError):
    """The questions file cannot be read."""


class FactsError(AssistantError, ValueError):
    """The facts are missing, unreadable or contradict themselves."""


class OutlineError(AssistantError, ValueError):
    """An outline file is malformed, or a kind or section does not exist."""


class LLMError(AssistantError, RuntimeError):
    """The language model cannot be loaded or reached."""


class PromptError(AssistantError, ValueError):
    """A prompt template is missing, or was rendered with the wrong variables."""


class SloganError(AssistantError, ValueError):
    """An unknown slogan group."""


class RecordError(AssistantError, ValueError):
    """A document record cannot be read, or does not hold what it must."""


class ExportError(AssistantError, OSError):
    """The Word file cannot be written."""


class UploadError(AssistantError, ValueError):
    """An uploaded file is refused (type, size, name)."""


def one_line(exc: BaseException, limit: int = 160) -> str:
    """The first line of an exception's message (its type's name when it has none), cut to ``limit``."""
    text = str(exc).strip()
    return (text.splitlines()[0] if text else type(exc).__name__)[:limit]
