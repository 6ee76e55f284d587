"""The house: layers you can see in the folders, dependencies one way, no import cycle (not
even through imports inside functions), small modules, notebooks on the public API only."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

import backprop_widgets as bw

PACKAGE = Path(bw.__file__).parent
ROOT = PACKAGE.parent
# What each layer may import from the package (besides itself and the package's __init__).
ALLOWED = {
    "core": set(),
    "text": {"core"},
    "widgets": {"core", "text"},
    "homework": {"core", "text"},
    "lessons": {"core"},
    "cli": {"core", "text", "homework", "lessons"},
    "__main__": {"cli"},
    "__init__": {"core", "text", "widgets"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every package module this one imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("backprop_widgets")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("backprop_widgets"):
                continue
            found.add(target)
            found |= {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known}
    return {f for f in found if f in known and f != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def test_every_layer_imports_only_the_layers_below_it():
    wrong = []
    for module, targets in _graph().items():
        layer = _layer(module)
        for target in targets:
            other = _layer(target)
            if other not in (layer, "__init__") and other not in ALLOWED[layer]:
                wrong.append(f"{module} -> {target}")
            if other == "__init__" and layer != "__init__":
                wrong.append(f"{module} -> the package itself")
    assert wrong == []


def test_no_import_cycle_anywhere():
    graph = _graph()
    packages = {m for m in graph if (ROOT / m.replace(".", "/") / "__init__.py").exists()}
    # A package's __init__ runs before its modules anyway: an edge into a package __init__
    # from inside it is how Python loads it, not a cycle of the code.
    edges = {
        m: {t for t in ts if not (t in packages and m.startswith(t + "."))}
        for m, ts in graph.items()
    }
    seen, stack, cycles = set(), [], []

    def visit(module: str) -> None:
        if module in stack:
            cycles.append([*stack[stack.index(module) :], module])
            return
        if module in seen:
            return
        seen.add(module)
        stack.append(module)
        for target in sorted(edges[module]):
            visit(target)
        stack.pop()

    for module in sorted(edges):
        visit(module)
    assert cycles == []


def test_the_folders_show_the_layers():
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert folders == ["core", "homework", "text", "widgets"]
    assert {p.stem for p in (PACKAGE / "core").glob("*.py")} >= {
        "naming", "functions", "symbolic", "compiled", "network", "step", "training", "settings",
    }  # fmt: skip


@pytest.mark.parametrize(
    "path", sorted([*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.js")]), ids=lambda p: p.name
)
def test_modules_stay_under_300_lines(path):
    assert len(path.read_text().splitlines()) < 300


NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_only_the_public_api(path):
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    used = set(re.findall(r"\bbackprop_widgets(?:\.\w+)*", code))
    assert used <= {"backprop_widgets", "backprop_widgets.homework"}, used
    for name in re.findall(r"\bbw\.(\w+)", code):
        assert name in bw.__all__ or name in ("datasets",), name


def test_the_public_api_is_documented():
    for name in bw.__all__:
        value = getattr(bw, name)
        if callable(value) and not isinstance(value, type(bw.ACTIVATIONS)):
            assert (value.__doc__ or "").strip(), name


def test_the_examples_in_the_docstrings_run():
    import doctest
    import importlib

    for name in sorted(_modules()):
        if name.endswith("__main__"):
            continue  # importing it runs the command line
        module = importlib.import_module(name)
        failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failed == 0, name
