"""Where the log goes: nowhere for a quiet CLI, stderr for ``--verbose``, a file for the server.

Modules log through ``logging.getLogger(__name__)`` (all under "assistant"); every caught failure is
logged with its traceback, so a maintainer can see what the officer saw as one line. This is the
only module that configures handlers; it is called at the edges (CLI, server), never at import.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ROOT_LOGGER = "assistant"


def _reset(level: int) -> logging.Logger:
    logger = logging.getLogger(ROOT_LOGGER)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(level)
    logger.propagate = False  # the officer's terminal gets one-line messages, not our tracebacks
    return logger


def configure_cli(verbose: bool = False) -> None:
    """Quiet by default (the CLI prints its own one-line messages); ``--verbose`` shows everything
    on stderr, tracebacks included."""
    logger = _reset(logging.DEBUG if verbose else logging.WARNING)
    handler: logging.Handler = logging.StreamHandler(sys.stderr) if verbose else logging.NullHandler()
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)


def configure_server(data_dir: Path, verbose: bool = False) -> Path:
    """The server's log: ``<data>/logs/assistant.log`` (rotated, 5 × 2 MB), and stderr with ``--verbose``.
    Returns the file's path."""
    folder = Path(data_dir) / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "assistant.log"
    logger = _reset(logging.DEBUG if verbose else logging.INFO)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")]
    if verbose:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        logger.addHandler(handler)
    return path
