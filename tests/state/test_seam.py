"""The state package reaches the client through its public surface only.

As for bulk jobs: read with ``ast``, the package modules ``telnyx_sip.state``
imports are public ones or pure helpers (metadata, signatures, types).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import telnyx_sip.state

STATE = Path(telnyx_sip.state.__file__).parent
SOURCES = sorted(STATE.glob("*.py"))
HELPERS = {
    "telnyx_sip._meta",
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
def test_state_imports_only_public_names_and_pure_helpers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    private = {
        name
        for name in _imported(tree)
        if any(part.startswith("_") for part in name.split(".")[1:])
    }
    assert private <= HELPERS, private - HELPERS


def test_every_module_stays_small() -> None:
    for path in SOURCES:
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines < 350, f"{path.name}: {lines} lines"
