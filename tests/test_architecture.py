"""The package's layers, read from the source: every import (module-level, lazy, and under
TYPE_CHECKING) points down, and the import graph has no cycle.

Layers, bottom up: `core` (settings, limits, optimizers, trainer, work model), `wire` (frames,
messages, validation, files), then `server` and `notebook` side by side (neither imports the
other); the top-level modules (`__init__`, `__main__`, `version`) join them.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import nnvisu

SRC = Path(nnvisu.__file__).parent
LAYERS = {"core": 0, "wire": 1, "server": 2, "notebook": 2}
# Leaf modules any layer may import.
SHARED = {"nnvisu.version"}


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in SRC.rglob("*.py")}


def is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def imports_of(name: str) -> set[str]:
    """Every nnvisu module `name` imports, anywhere in its body."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "nnvisu")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.split(".")[0] != "nnvisu":
                continue
            # `from pkg import mod` imports the module; `from mod import name`, the module.
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
    # `importlib.import_module(f".{x}")` in the package's lazy table: follow its targets too.
    if name == "nnvisu":
        found.update(lazy_targets(tree))
    found.discard(name)
    return {m for m in found if m in MODULES}


def lazy_targets(tree: ast.Module) -> set[str]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign | ast.Assign)
            and isinstance(node.value, ast.Dict)
            and any(isinstance(t, ast.Name) and t.id == "_LAZY" for t in _targets(node))
        ):
            return {
                f"nnvisu.{v.value}"
                for v in node.value.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            }
    raise AssertionError("nnvisu/__init__.py has no _LAZY table of lazily imported modules")


def _targets(node: ast.AnnAssign | ast.Assign) -> list[ast.expr]:
    return [node.target] if isinstance(node, ast.AnnAssign) else node.targets


GRAPH = {name: imports_of(name) for name in MODULES}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.get(parts[1]) if len(parts) > 1 else None


def test_the_walk_sees_the_imports_it_must() -> None:
    # The walk finds module-level, lazy and TYPE_CHECKING imports alike.
    assert "nnvisu.core.schema" in GRAPH["nnvisu.core.trainer"]
    assert "nnvisu.notebook.estimators" in GRAPH["nnvisu.notebook.widget"]  # lazy
    assert "nnvisu.server.app" in GRAPH["nnvisu.server.cli"]  # lazy
    assert "nnvisu.notebook.widget" in GRAPH["nnvisu"]  # the package's lazy table
    assert len(MODULES) > 25


def test_the_import_graph_has_no_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the path, 2: done
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer(n) is not None))
def test_imports_point_down(name: str) -> None:
    own = layer(name)
    assert own is not None
    upward = []
    for dep in GRAPH[name]:
        if dep in SHARED:
            continue
        theirs = layer(dep)
        if theirs is None:
            upward.append(dep)  # the package's public API sits on top of every layer
        elif theirs > own or (theirs == own and dep.split(".")[1] != name.split(".")[1]):
            upward.append(dep)
    assert not upward, f"{name} imports from a layer above or beside it: {sorted(upward)}"


def test_no_module_sits_outside_the_layers() -> None:
    top = {n for n in MODULES if layer(n) is None}
    assert top == {"nnvisu", "nnvisu.__main__", "nnvisu.version"}


# ---------------------------------------------------------------------------- sizes

REPO = SRC.parent.parent
MAX_FILE_LINES = 600
MAX_FUNCTION_LINES = 150
# Hand-written Python (js/tests/sizes.test.js checks the JavaScript and the stylesheet).
PYTHON = sorted(p for d in ("src", "tests", "bench", "scripts") for p in (REPO / d).rglob("*.py"))


def test_no_python_file_is_over_600_lines() -> None:
    assert len(PYTHON) > 50
    long = {
        str(p.relative_to(REPO)): n
        for p in PYTHON
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_FILE_LINES
    }
    assert not long


def test_no_python_function_is_over_150_lines() -> None:
    long = {}
    for p in PYTHON:
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{p.relative_to(REPO)}:{node.name}"] = lines
    assert not long
