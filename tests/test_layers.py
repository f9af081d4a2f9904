"""The layers hold, as the README's "Layout of the code" draws them: every import in carag_tui
(at the top, in a function, or for type checking only) goes down the layers, never up."""

from __future__ import annotations

import ast
from pathlib import Path

import carag_tui

PACKAGE = Path(carag_tui.__file__).parent
#: Top-level modules that hold no layer's rules: anyone may use them, they use no layer.
BASE = {"problems", "paths", "fileio", "atomic", "names", "safetext", "config", "themes"}
#: What each layer may import of carag_tui besides BASE (and itself).
ALLOWED = {
    "guide": set(),
    "case": {"guide"},
    "qa": {"guide", "case"},
    "team": {"guide", "case"},
    "report": {"guide", "case", "qa"},
    "plain": {"guide", "case", "qa", "team"},
    "tui": {"guide", "case", "qa", "team", "report"},
    "commands": {"guide", "case", "qa", "team", "report", "plain", "tui"},
}
#: Layers that never import Textual (the headless core and the line-by-line mode).
HEADLESS = {"guide", "case", "qa", "team", "report", "plain"}
#: Known exceptions, each with why it is still there; the test fails when one goes away too,
#: so that this list stays true.
EXCEPTIONS: dict[tuple[str, str], str] = {}
#: Import cycles still there (function-level or type-checking imports), to be broken: none now
#: (the walk screen's mixins see the screen as `WalkHost`, `tui/screens/walk_host.py`).
KNOWN_CYCLES: list[set[str]] = []


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str) -> set[str]:
    """Every module `name` imports, wherever the import stands."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            found.add(module)
            found.update(
                f"{module}.{a.name}" for a in node.names if f"{module}.{a.name}" in MODULES
            )
    return found


def layer_of(name: str) -> str:
    """`case` for carag_tui.case.flow; `base:fileio` for carag_tui.fileio."""
    parts = name.split(".")
    if len(parts) == 1:
        return "base:"
    return parts[1] if (PACKAGE / parts[1]).is_dir() else f"base:{parts[1]}"


def carag_imports(name: str) -> set[str]:
    return {m for m in imports_of(name) if m in MODULES and m != name}


def test_the_module_list_is_real() -> None:
    assert "carag_tui.case.flow" in MODULES and "carag_tui.tui.screens.walk" in MODULES
    assert "carag_tui.guide.model" in carag_imports("carag_tui.case.flow")
    assert layer_of("carag_tui.case.flow") == "case"
    assert layer_of("carag_tui.fileio") == "base:fileio"


def test_every_import_goes_down_the_layers() -> None:
    wrong, excused = [], set()
    for name in sorted(MODULES):
        layer = layer_of(name)
        for target in sorted(carag_imports(name)):
            other = layer_of(target)
            if other == layer or other == "base:" or other.removeprefix("base:") in BASE:
                continue  # its own layer, the package, or a base module anyone may use
            if layer in ("base:cli", "base:"):  # the `carag` command and the package
                continue
            if not layer.startswith("base:") and other in ALLOWED[layer]:
                continue
            if (name, target) in EXCEPTIONS:
                excused.add((name, target))
                continue
            wrong.append(f"{name} -> {target} ({layer} may not import {other})")
    assert not wrong, "\n".join(wrong)
    gone = set(EXCEPTIONS) - excused
    assert not gone, f"gone, take them off EXCEPTIONS: {gone}"


def test_the_headless_layers_never_import_textual() -> None:
    wrong = [
        f"{name} imports {m}"
        for name in sorted(MODULES)
        if layer_of(name) in HEADLESS
        for m in sorted(imports_of(name))
        if m.split(".")[0] == "textual"
    ]
    assert not wrong, "\n".join(wrong)


def cycles() -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    graph = {name: carag_imports(name) for name in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(group)

    for name in sorted(MODULES):
        if name not in index:
            visit(name)
    return found


def test_no_new_import_cycle() -> None:
    found = cycles()
    new = [c for c in found if c not in KNOWN_CYCLES]
    assert not new, f"new import cycles: {new}"
    gone = [c for c in KNOWN_CYCLES if c not in found]
    assert not gone, f"broken at last, take them off KNOWN_CYCLES: {gone}"
