"""Export, dump and load: an account's own document plans no change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from telnyx_sip import state
from telnyx_sip.state import schema
from telnyx_sip.testing import Sandbox

from .seed import PASSWORD, TOKEN, seed

SCHEMA = (
    Path(__file__).resolve().parents[2] / "docs" / "reference" / "state-schema.json"
)


async def test_export_then_plan_finds_nothing_to_change(sandbox: Sandbox) -> None:
    await seed(sandbox.client)
    doc = await state.export(sandbox.client)
    sandbox.stats.clear()
    plan = await state.plan(sandbox.client, doc)
    assert not plan.has_changes, str(plan)
    assert plan.counts["no-op"] == 7
    # One listing per resource, never one request per object.
    assert all(n == 1 for n in sandbox.stats.by_operation.values())
    assert set(sandbox.stats.by_operation) == {
        f"{r}.list" for r in state.json_schema()["properties"] if r != "version"
    }


async def test_export_names_references_and_omits_secrets(sandbox: Sandbox) -> None:
    await seed(sandbox.client)
    doc = await state.export(sandbox.client)
    (ip,) = doc.objects["ips"]
    assert ip["connection"] == "pbx"
    assert "connection_id" not in ip
    (pbx,) = doc.objects["ip_connections"]
    assert pbx["outbound"]["outbound_voice_profile"] == "main"
    assert pbx["inbound"]["sip_subdomain"] == "pbx-acme"
    assert pbx["rtcp_settings"]["capture_enabled"] is True
    (office,) = doc.objects["credential_connections"]
    assert "password" not in office
    assert doc.omitted == (
        "credential_connections[0].password",
        "fqdn_connections[0].outbound.ip_authentication_token",
    )
    for fmt in ("yaml", "json"):
        text = state.dump(doc, format=fmt)
        assert PASSWORD not in text
        assert TOKEN not in text


@pytest.mark.parametrize("fmt", ["yaml", "json"])
async def test_dump_and_loads_round_trip(sandbox: Sandbox, fmt: state.Format) -> None:
    await seed(sandbox.client)
    doc = await state.export(sandbox.client)
    text = state.dump(doc, format=fmt)
    again = state.loads(text, format=fmt)
    assert again.to_data() == doc.to_data()
    assert not (await state.plan(sandbox.client, again)).has_changes
    if fmt == "yaml":
        assert "# password: write-only, not exported" in text
        assert "# outbound.ip_authentication_token: write-only" in text


def test_yaml_dump_quotes_what_would_read_as_another_type() -> None:
    doc = state.Document.from_data(
        {
            "version": 1,
            "outbound_voice_profiles": [
                {"name": "yes", "tags": ["on", "5060", "a b", "x:y", ""]}
            ],
            "ips": [{"connection": "null", "ip_address": "10.0.0.1", "port": 5060}],
        }
    )
    text = state.dump(doc)
    assert state.loads(text).to_data() == doc.to_data()


def test_a_document_repr_shows_counts_only() -> None:
    doc = state.loads(
        "version: 1\ncredential_connections:\n"
        f"  - {{connection_name: o, user_name: u1, password: {PASSWORD}}}\n"
    )
    assert repr(doc) == "Document(credential_connections=1)"


def test_the_published_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == schema.render(), (
        "regenerate: python -m telnyx_sip.state.schema"
        " > docs/reference/state-schema.json"
    )


def test_the_schema_describes_fields_references_and_keys() -> None:
    props = state.json_schema()["properties"]
    ips = props["ips"]["items"]
    assert ips["required"] == ["ip_address"]
    assert ips["properties"]["port"] == {"type": "integer"}
    assert ips["properties"]["connection"]["type"] == "string"
    assert ips["additionalProperties"] is False
    outbound = props["ip_connections"]["items"]["properties"]["outbound"]
    assert "outbound_voice_profile" in outbound["properties"]
    recording = props["outbound_voice_profiles"]["items"]["properties"][
        "call_recording"
    ]
    assert set(recording["properties"]["call_recording_format"]["enum"]) == {
        "wav",
        "mp3",
    }
    assert "connections" not in props
    json.dumps(state.json_schema())
