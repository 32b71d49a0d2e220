"""Bulk jobs reach the client through its public surface only.

Read with ``ast`` from the sources: which package modules ``telnyx_sip.bulk``
imports, and that no private attribute is read from anything but ``self``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import telnyx_sip.bulk

BULK = Path(telnyx_sip.bulk.__file__).parent
SOURCES = sorted(BULK.glob("*.py"))
# Private helper modules bulk may use: pure helpers, no client internals.
HELPERS = {
    "telnyx_sip._checks",
    "telnyx_sip._converter",
    "telnyx_sip._core",
    "telnyx_sip._meta",
    "telnyx_sip._operations",
    "telnyx_sip._params",
    "telnyx_sip._retry",
    "telnyx_sip._signatures",
    "telnyx_sip._types",
}


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {
                f"{node.module}.{alias.name}"
                if alias.name.startswith("_")
                else node.module
                for alias in node.names
            }
    return {n for n in names if n.split(".")[0] == "telnyx_sip"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_bulk_imports_only_public_names_and_pure_helpers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = {
        name
        for name in _imported(tree)
        if any(part.startswith("_") for part in name.split(".")[1:])
    }
    assert private <= HELPERS, private - HELPERS


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_bulk_reads_private_attributes_of_itself_only(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    offending = [
        f"{path.name}:{node.lineno}: .{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
        and not (isinstance(node.value, ast.Name) and node.value.id == "self")
    ]
    assert offending == []
