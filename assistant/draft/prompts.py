"""Prompt templates as files in ``prompts/``, rendered strictly.

A template names its variables as ``{{name}}``. Rendering fails with
``PromptError`` when a variable is missing, when one is given that the template
does not use (a typo would otherwise go unnoticed), or when the file is absent.
Values are inserted as they are: the templates put corpus text between
explicit markers and tell the model it is data, never instructions.
"""

from __future__ import annotations

import re
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_VARIABLE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")


class PromptError(ValueError):
    """A prompt template is missing, or was rendered with the wrong variables."""


def template_path(name: str, folder: Path | None = None) -> Path:
    return (folder or PROMPTS_DIR) / f"{name}.txt"


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
    return _VARIABLE.sub(lambda m: str(values[m.group(1)]), template)


def render_source(name: str, folder: Path | None = None) -> str:
    path = template_path(name, folder)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"prompt template {path} cannot be read: {exc}") from exc


def render(name: str, folder: Path | None = None, **values: object) -> str:
    return render_text(render_source(name, folder), values, name)
