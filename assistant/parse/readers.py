"""Read precedent files (.txt, .md, .docx, .pdf) into ``Block``s, and parse them.

I/O lives here; every problem with a file becomes an ``IngestError`` with a
one-line reason, so callers can name the file, skip it, and go on.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.core.schema import Block, ParsedDocument
from assistant.errors import IngestError
from assistant.parse.structure import parse_document
from assistant.vn.normalize import EncodingProblem, decode_bytes

log = logging.getLogger(__name__)

SUPPORTED = (".txt", ".md", ".docx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024


def check_file(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Type, existence, emptiness and size: what can be told before reading the file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"unsupported file type {suffix or '(none)'}; use {', '.join(SUPPORTED)}")
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise IngestError("no such file or folder") from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror}") from exc
    if size == 0:
        raise IngestError("empty file")
    if size > max_bytes:
        raise IngestError(f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB limit)")


def read_blocks(path: Path, max_bytes: int = MAX_BYTES) -> list[Block]:
    check_file(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from assistant.parse.docx_reader import read_docx_blocks

        return read_docx_blocks(path)
    if suffix == ".pdf":
        return _read_pdf(path)
    try:
        text = decode_bytes(path.read_bytes())
    except EncodingProblem as exc:
        raise IngestError(str(exc)) from exc
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror}") from exc
    if suffix == ".md":
        text = _strip_markdown(text)
    return _lines_to_blocks(text)


_MD_PREFIX = re.compile(r"^\s{0,3}(#{1,6}\s+|>\s?)")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _strip_markdown(text: str) -> str:
    """Markdown headings, quotes and bold markers off; "* item" becomes "- item"."""
    lines = []
    for line in text.splitlines():
        line = _MD_EMPHASIS.sub(r"\2", _MD_PREFIX.sub("", line))
        lines.append(re.sub(r"^(\s*)\*\s+", r"\1- ", line))
    return "\n".join(lines)


def _lines_to_blocks(text: str) -> list[Block]:
    if not text.strip():
        raise IngestError("no text in file")
    return [Block(text=line, style="line") for line in text.splitlines()]


def _read_pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise IngestError("encrypted PDF: remove the password and add it again")
            except NotImplementedError as exc:
                raise IngestError("encrypted PDF: remove the password and add it again") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(f"not a readable PDF ({type(exc).__name__})") from exc
    except Exception as exc:  # pypdf raises many kinds on damaged files
        log.warning("pypdf failed on %s", path, exc_info=True)
        if "crypt" in str(exc).lower():
            raise IngestError("encrypted PDF: remove the password and add it again") from exc
        raise IngestError(f"not a readable PDF ({type(exc).__name__})") from exc
    text = "\n".join(pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise IngestError("PDF has no text layer (scanned?); run OCR first, it was not indexed")
    return _lines_to_blocks(text)


def parse_file(path: Path, max_bytes: int = MAX_BYTES) -> ParsedDocument:
    """Read and parse one file; raises ``IngestError``."""
    blocks = read_blocks(path, max_bytes)
    doc = parse_document(blocks, source=path.name)
    if not doc.sections and not doc.preamble.strip():
        raise IngestError("no usable text found in the document")
    return doc


def discover(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders; returns (files to ingest, [(path, reason)] for what is skipped).

    A file named explicitly is always returned, so an unsupported type is reported
    as a failure when it is read; inside a folder it is only skipped."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith((".", "~$")):
                    if child.suffix.lower() in SUPPORTED:
                        files.append(child)
                    else:
                        problems.append((child, f"unsupported file type {child.suffix or '(none)'}"))
        else:  # a named file, or a missing path: reading it reports the problem
            files.append(path)
    return files, problems
