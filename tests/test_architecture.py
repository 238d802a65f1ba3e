"""The house: stages as subpackages with dependencies pointing one way, no import cycle, light imports.

Reads the package's source (no import needed): every ``import`` of an ``assistant`` module, also
inside functions, must go to the same stage or one below (ARCHITECTURE.md).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assistant"
# The stages, lowest first; the CLI is the outermost edge (its `serve` starts the UI).
RANK = {"errors": 0, "config": 0, "data": 0, "logs": 0, "prompts": 0, "vn": 1, "core": 2, "parse": 3, "index": 4,
        "draft": 5, "documents": 6, "app": 7, "ui": 8, "cli": 9}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(module imported, at module level?) for every import of an ``assistant`` module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue  # annotations only: never executed
        for inner in ast.walk(node):
            top.add(id(inner))
    out = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("assistant"):
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names if a.name.startswith("assistant")]
        out += [(name, id(node) in top) for name in names]
    return out


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "root"


def test_every_module_belongs_to_a_stage():
    assert {_stage(m) for m in _modules()} - {"root"} <= set(RANK)


def test_dependencies_point_one_way():
    wrong = []
    for module, path in _modules().items():
        here = _stage(module)
        if here == "root":
            continue
        for target, _ in _imports(path):
            there = _stage(target)
            if there in ("root",) or there == here:
                continue
            if RANK[there] > RANK[here]:
                wrong.append(f"{module} → {target}")
    assert not wrong, "imports against the stages:\n" + "\n".join(sorted(set(wrong)))


def test_no_import_cycle_at_module_level():
    modules = _modules()
    graph = {m: {t for t, top in _imports(p) if top and t in modules and t != m} for m, p in modules.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle.extend(trail[trail.index(nxt):] + [node, nxt] if nxt in trail else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, node]):
                return True
        state[node] = 2
        return False

    for module in sorted(graph):
        if state.get(module) is None and visit(module, []):
            break
    assert not cycle, " → ".join(cycle)


def test_modules_stay_near_300_lines():
    long = {m: n for m, p in _modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 330}
    assert not long, long


@pytest.mark.parametrize("module", ["assistant.cli.main", "assistant.errors", "assistant.config"])
def test_the_command_line_and_errors_import_nothing_heavy(module):
    """`assistant --help` and `assistant outlines` pay for no model library."""
    code = (f"import sys, {module}; heavy = [m for m in ('torch', 'chromadb', 'gradio', 'langchain_core', "
            "'sentence_transformers', 'llama_cpp', 'docx', 'scipy') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
