"""The package's import graph: no cycles, and the layers DESIGN.md draws.

Read with ``ast`` from the source files, every import counted (module level,
inside functions and under ``TYPE_CHECKING``): a cycle that only type checkers
see still ties the layers together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "telnyx_sip"
ROOT = PACKAGE.name


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str) -> Iterator[str]:
    """Every module ``module`` imports (inside the package: the exact submodule)."""
    path = MODULES[module]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            for alias in node.names:
                # ``from pkg import sub`` imports the submodule when there is one.
                full = f"{base}.{alias.name}"
                yield full if full in MODULES else base


def graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports."""
    return {
        name: {i for i in imports_of(name) if i in MODULES and i != name}
        for name in MODULES
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(edges) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_reader_sees_every_kind_of_import() -> None:
    # _client imports _core at module level and services through a package.
    seen = set(imports_of(f"{ROOT}._client"))
    assert f"{ROOT}._core" in seen
    assert f"{ROOT}.services" in seen
    assert "aiohttp" not in seen  # the transport is the only aiohttp user


def test_no_import_cycle_inside_the_package() -> None:
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" -> ".join(c) for c in found)


def _descendants(prefix: str) -> list[str]:
    return [m for m in MODULES if m == prefix or m.startswith(prefix + ".")]


# Layer -> what it may never import (prefixes), as DESIGN.md draws them.
FORBIDDEN = {
    f"{ROOT}._core": (
        "aiohttp",
        f"{ROOT}.services",
        f"{ROOT}.models",
        f"{ROOT}._client",
        f"{ROOT}._converter",
        f"{ROOT}._transport",
    ),
    f"{ROOT}._operations": (f"{ROOT}",),
    f"{ROOT}.errors": (f"{ROOT}",),
    f"{ROOT}._checks": (f"{ROOT}",),
}


# What the lowest layers may use of the package besides themselves.
BELOW = {f"{ROOT}._types", f"{ROOT}.errors", f"{ROOT}._operations"}


def _is_under(target: str, prefix: str) -> bool:
    prefix = prefix.rstrip(".")
    return target == prefix or target.startswith(prefix + ".")


def violations(layer: str, module_imports: dict[str, list[str]]) -> list[str]:
    """``module imports target`` lines breaking ``layer``'s rule in FORBIDDEN."""
    bad = []
    for module, targets in module_imports.items():
        for target in targets:
            if _is_under(target, layer) or (target in BELOW and target != layer):
                continue
            if any(_is_under(target, p) for p in FORBIDDEN[layer]):
                bad.append(f"{module} imports {target}")
    return bad


def test_the_layer_rule_flags_a_core_module_importing_the_client() -> None:
    core = f"{ROOT}._core"
    fake = {f"{core}._x": [f"{ROOT}._client", "aiohttp.web", f"{ROOT}.errors"]}
    assert violations(core, fake) == [
        f"{core}._x imports {ROOT}._client",
        f"{core}._x imports aiohttp.web",
    ]
    assert violations(f"{ROOT}._operations", {"m": [f"{ROOT}.models"]}) == [
        f"m imports {ROOT}.models"
    ]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_import_nothing_above_them(layer: str) -> None:
    found = {m: list(imports_of(m)) for m in _descendants(layer)}
    assert found, f"no module {layer}"
    assert not violations(layer, found)


def test_aiohttp_is_imported_by_the_transport_alone_in_the_core_path() -> None:
    users = {
        m
        for m in MODULES
        if any(t == "aiohttp" or t.startswith("aiohttp.") for t in imports_of(m))
    }
    core_path = {
        f"{ROOT}._client",
        f"{ROOT}._retry",
        f"{ROOT}._structure",
        f"{ROOT}._settings",
        f"{ROOT}.pagination",
        *_descendants(f"{ROOT}._core"),
        *_descendants(f"{ROOT}.services"),
        *_descendants(f"{ROOT}.models"),
    }
    assert not users & core_path, sorted(users & core_path)
    assert f"{ROOT}._transport" in users
