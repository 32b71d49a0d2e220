"""The generator of the straight-line structure functions (scripts/gen/hooks.py)."""

from __future__ import annotations

import copy
import subprocess
import sys
from typing import Any

from scripts.gen import driver, hooks
from scripts.gen.codegen import ROOT

HOOKS = hooks.HOOKS


def _generate(spec: dict[str, Any]) -> str:
    return driver.generate(copy.deepcopy(spec))[HOOKS]


def _function(source: str, name: str) -> str:
    return source.split(f"def {name}(", 1)[1].split("\n\n\n", 1)[0]


def test_every_response_class_gets_a_function(spec: dict[str, Any]) -> None:
    source = _generate(spec)
    for name in ("Ip", "CredentialConnection", "CredentialInbound", "AccessIpRange"):
        assert f"    {name}: {hooks.function_name(name)},\n" in source
    # A nested object is built by its own function, not by the converter.
    body = _function(source, "structure_credential_connection")
    assert "v = structure_credential_inbound(v)" in body


def test_a_map_field_leaves_its_class_and_the_classes_holding_it_to_cattrs(
    spec: dict[str, Any],
) -> None:
    changed = copy.deepcopy(spec)
    inbound = changed["components"]["schemas"]["CredentialInbound"]
    inbound["properties"]["labels"] = {"type": "object"}
    source = _generate(changed)
    assert "def structure_credential_inbound(" not in source
    assert "def structure_credential_connection(" not in source
    # Classes that share nothing with it keep theirs.
    assert "def structure_ip(" in source
    assert "def structure_credential_outbound(" in source


def test_field_kinds_read_as_the_generic_hooks_do(spec: dict[str, Any]) -> None:
    source = _generate(spec)
    ip = _function(source, "structure_ip")
    # A required key is read by indexing, an optional one with get.
    assert 'v = o["id"]\n    if type(v) is not str:\n        raise Mismatch' in ip
    assert 'v = o.get("port")\n    if type(v) is not int and v is not None:' in ip
    creds = _function(source, "structure_credential_connection")
    assert "v = _dtmf_type_values.get(v, v)" in creds
    assert "if type(v) is list:" in creds
    ranges = _function(source, "structure_access_ip_range")
    assert "v = parse_datetime(v)" in ranges
    # The required enum has no None branch.
    assert "v = _access_ip_range_status_values.get(v, v)" in ranges


def test_only_functions_ruff_finds_too_long_carry_a_waiver(
    spec: dict[str, Any],
) -> None:
    source = _generate(spec)
    waived = [line for line in source.splitlines() if "# noqa" in line]
    assert waived, "the big models need a waiver"
    assert all(line.startswith("def structure_") for line in waived)
    assert "def structure_ip(o: Any) -> Ip:\n" in source
    # Each waiver is needed: RUF100 flags any that is not.
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--stdin-filename", HOOKS, "-"],
        input=driver.codegen.ruff(source, HOOKS),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stdout


def test_kinds_of_annotations(spec: dict[str, Any]) -> None:
    registry, _ = driver.collect(driver.Spec(copy.deepcopy(spec)))
    assert hooks.kind_of("str", registry) == hooks.Kind("primitive", "str")
    assert hooks.kind_of("tuple[str, ...]", registry) == hooks.Kind(
        "primitive", "str", array=True
    )
    assert hooks.kind_of("DtmfType | str", registry) == hooks.Kind("enum", "DtmfType")
    assert hooks.kind_of("dict[str, Any]", registry) is None
    assert hooks.kind_of("tuple[tuple[str, ...], ...]", registry) is None
