"""The package's imports follow generator/layers.py: one way through the code."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from generator.layers import LAYERS, layer_of

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
README = PACKAGE.parent / "README.md"


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (the starter site's files are data)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        if "starter" in rel.parts or "theme" in rel.parts:
            continue
        parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
        out[".".join(parts)] = path
    return out


def imports(path: Path, known: set[str]) -> set[str]:
    """The package's modules a file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for name in names:
            if name.startswith("generator.") and name in known:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    return {name: imports(path, known) - {name} for name, path in mods.items()}


def unit(module: str) -> str:
    """The layer unit of a module: its top-level module or package under generator."""
    return module.split(".")[1]


def test_every_module_is_placed_in_a_layer() -> None:
    unplaced = sorted(
        {unit(m) for m in modules() if m != "generator"}
        - {name for names in LAYERS for name in names}
    )
    assert unplaced == [], f"add these to generator/layers.py: {unplaced}"


def test_no_import_goes_against_the_layer_order() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        if source != "generator"
        for target in targets
        if layer_of(unit(target)) > layer_of(unit(source))
    ]
    assert wrong == []


def test_there_is_no_import_cycle() -> None:
    edges = graph()
    edges.pop("generator", None)
    # Cycles between modules, and between a package's parts and the layer units they use.
    units: dict[str, set[str]] = defaultdict(set)
    for source, targets in edges.items():
        units[unit(source)].update(unit(t) for t in targets if unit(t) != unit(source))
    for g in (edges, units):
        assert_acyclic(g)


def assert_acyclic(g: dict[str, set[str]]) -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(g.get(node, ())):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " → ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in sorted(g):
        if node not in state:
            visit(node, [])


def test_the_readme_lists_the_layers_in_order() -> None:
    layout = README.read_text("utf-8").split("## Layout of the code", 1)[1].split("\n## ", 1)[0]
    positions = []
    for names in LAYERS:
        for name in names:
            match = re.search(rf"`{re.escape(name)}`", layout)
            assert match, f"README's layout section does not name `{name}`"
            positions.append((match.start(), name))
    ranks = [layer_of(name) for _, name in sorted(positions)]
    assert ranks == sorted(ranks), "README names the layers out of order"


def test_a_violation_would_be_found() -> None:
    """The checks themselves can fail: imports are read, and a cycle is reported."""
    assert layer_of("render") > layer_of("model")
    assert "generator.urls" in imports(PACKAGE / "data.py", set(modules()))
    try:
        assert_acyclic({"a": {"b"}, "b": {"a"}})
    except AssertionError as exc:
        assert "a → b → a" in str(exc)
    else:
        raise AssertionError("a cycle was not found")
