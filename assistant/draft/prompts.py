"""Prompt templates as files, rendered strictly.

The templates ship inside the package as ``assistant.prompts`` (their source is the top-level
``prompts/`` folder, see pyproject.toml), read with ``importlib.resources`` so a normal install
finds them; a user may point ``ASSISTANT_PROMPTS_DIR`` at a folder of their own. Each file is
read once per ``Prompts`` object.

A template names its variables as ``{{name}}``. Rendering fails with ``PromptError`` when a
variable is missing, when one is given that the template does not use (a typo would otherwise go
unnoticed), or when the file is absent. Values are inserted as they are, except that the data
markers ``<du_lieu>``/``</du_lieu>`` are neutralised inside them: corpus text cannot close the
block that tells the model it is data, never instructions.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from assistant.errors import PromptError

PACKAGED_PROMPTS = Path(str(files("assistant.prompts")))
_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_MARKER = re.compile(r"<\s*/?\s*du_lieu\s*>", re.IGNORECASE)


def variables(template: str) -> set[str]:
    return set(_VARIABLE.findall(template))


def render_text(template: str, values: dict[str, object], name: str = "prompt") -> str:
    wanted = variables(template)
    missing = wanted - set(values)
    if missing:
        raise PromptError(f"{name}: missing variable(s) {', '.join(sorted(missing))}")
    unused = set(values) - wanted
    if unused:
        raise PromptError(f"{name}: variable(s) not in the template: {', '.join(sorted(unused))}")
    return _VARIABLE.sub(lambda m: _MARKER.sub("[du_lieu]", str(values[m.group(1)])), template)


class Prompts:
    """The templates of one folder (the packaged ones by default), each read once."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder else PACKAGED_PROMPTS
        self._texts: dict[str, str] = {}
        self._lock = threading.Lock()

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.txt"

    def source(self, name: str) -> str:
        with self._lock:
            if name not in self._texts:
                path = self.path(name)
                try:
                    self._texts[name] = path.read_text(encoding="utf-8")
                except OSError as exc:
                    raise PromptError(f"prompt template {path} cannot be read: {exc}") from exc
            return self._texts[name]

    def render(self, name: str, **values: object) -> str:
        return render_text(self.source(name), values, name)


@lru_cache(maxsize=8)
def prompts_in(folder: Path | None = None) -> Prompts:
    """One shared ``Prompts`` per folder (None: the packaged templates)."""
    return Prompts(folder)
