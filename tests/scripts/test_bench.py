"""The benchmark suite runs, and its output has the documented shape.

Timings never decide anything here: the smoke run uses tiny counts and only
the JSON's structure is checked. The bodies the benchmark server answers
with are checked against the spec and through the SDK's strict converter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.bodies import OPERATIONS, Bodies, count_fields
from bench.rows import ROWS, select
from telnyx_sip._converter import make
from telnyx_sip.models import CredentialConnection, Ip
from tests._support.spec import schema_errors
from tests.conftest import DEFAULT_SPEC, SPEC_ENV

ROOT = Path(__file__).resolve().parents[2]


def _ref(path: str, method: str, status: str) -> str:
    pointer = path.replace("~", "~0").replace("/", "~1")
    where = f"#/paths/{pointer}/{method}/responses/{status}"
    return f"{where}/content/application~1json/schema"


def test_bodies_are_valid_responses_of_the_spec(spec: dict[str, Any]) -> None:
    bodies = Bodies(spec)
    answers = {
        "ip": {"data": bodies.ip},
        "ip_created": bodies.created("ip", {"ip_address": "192.0.2.1"}),
        "ip_page": bodies.ip_page,
        "cc": {"data": bodies.cc},
        "cc_created": bodies.created("cc", {"user_name": "someone1"}),
        "cc_page": bodies.cc_page,
    }
    for name, where in OPERATIONS.items():
        assert schema_errors(spec, _ref(*where), answers[name]) == [], name
    assert len(bodies.ip_page["data"]) == len(bodies.cc_page["data"]) == 250


def test_bodies_fill_every_property(spec: dict[str, Any]) -> None:
    bodies = Bodies(spec)
    schemas = spec["components"]["schemas"]
    for data, name in ((bodies.ip, "Ip"), (bodies.cc, "CredentialConnection")):
        assert set(data) == set(schemas[name]["properties"])
        assert None not in data.values()
        assert all(value != [] for value in data.values())
    fields, nested = count_fields(bodies.cc)
    assert nested == sum(isinstance(v, dict) for v in bodies.cc.values())
    assert fields > len(bodies.cc)


def test_the_sdk_structures_the_bodies_strictly(spec: dict[str, Any]) -> None:
    bodies = Bodies(spec)
    strict = make(strict=True)
    for item in bodies.ip_page["data"]:
        assert strict.structure(item, Ip).extra == {}
    for item in bodies.cc_page["data"]:
        assert strict.structure(item, CredentialConnection).extra == {}


def test_only_selects_rows_and_groups() -> None:
    assert [r.id for r in select(["ip_list", "bulk"])] == [
        "ip_list",
        "bulk_c8",
        "bulk_c64",
    ]
    assert select(None) == list(ROWS)
    with pytest.raises(SystemExit):
        select(["no_such_row"])


def test_quick_run_writes_the_documented_json(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    del spec  # the fixture skips the test when the spec is absent
    out = tmp_path / "bench.json"
    env = {**os.environ, SPEC_ENV: os.environ.get(SPEC_ENV, str(DEFAULT_SPEC))}
    args = ["--quick", "--rounds", "1", "--scale", "0.01", "--json", str(out)]
    run = subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["quick"] is True
    assert doc["plan"]["rounds"] == 1
    assert {"python", "cpus", "commit", "packages"} <= set(doc["environment"])
    assert {"aiohttp", "attrs", "cattrs", "telnyx"} <= set(
        doc["environment"]["packages"]
    )
    assert doc["bodies"]["credential_connection"]["nested_objects"] > 0
    assert [row["id"] for row in doc["rows"]] == [row.id for row in ROWS]
    for row in doc["rows"]:
        _check_row(row, doc["plan"])
    official = doc["environment"]["packages"]["telnyx"]
    for row in doc["rows"]:
        if official is None:
            assert "official" not in row["medians"]
            assert any("official" in note for note in row["notes"]), row["id"]
        else:
            assert "official" in row["medians"], row["id"]


def _check_row(row: dict[str, Any], plan: dict[str, int]) -> None:
    rounds = plan["memory_rounds"] if row["id"] == "memory" else plan["rounds"]
    assert row["base"] in row["medians"], row["id"]
    assert set(row["rounds"]) == set(row["medians"])
    for figures in row["rounds"].values():
        assert len(figures) == rounds
        assert all(value > 0 for value in figures)
    others = set(row["medians"]) - {row["base"]}
    assert set(row["ratios"]) == others
    for ratio in row["ratios"].values():
        assert len(ratio["rounds"]) == rounds
    if row["target"] is None:
        assert row["meets_target"] is None
    else:
        assert row["target"]["column"] in row["ratios"]
        assert row["target"]["op"] in {"<=", ">="}
        assert isinstance(row["meets_target"], bool)
        assert row["earlier"]
