"""Reading documents: formats, environment references, and every kind of error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from telnyx_sip import InvalidArgumentError, state
from telnyx_sip.testing import Sandbox

GOOD = """\
version: 1
outbound_voice_profiles:
  - name: main
    concurrent_call_limit: 10
    tags: [prod]
ip_connections:
  - connection_name: pbx
    outbound:
      outbound_voice_profile: main
    inbound: {sip_subdomain: pbx-acme}
credential_connections:
  - connection_name: office
    user_name: office1
    password: ${OFFICE_PASSWORD}
fqdn_connections:
  - connection_name: edge
    outbound: {ip_authentication_token: !env EDGE_TOKEN}
fqdns:
  - connection: edge
    fqdn: sip.example.com
    dns_record_type: a
ips:
  - connection: pbx
    ip_address: 203.0.113.7
    port: 5060
access_ip_ranges:
  - cidr_block: 203.0.113.0/24
"""


def _problems(text: str, fmt: state.Format | None = None) -> tuple[str, ...]:
    with pytest.raises(state.DocumentError) as caught:
        state.loads(text, format=fmt)
    assert isinstance(caught.value, InvalidArgumentError)
    return caught.value.problems


def test_the_contract_example_loads_with_env_refs_kept() -> None:
    doc = state.loads(GOOD)
    assert set(doc.objects) == {
        "outbound_voice_profiles",
        "ip_connections",
        "credential_connections",
        "fqdn_connections",
        "fqdns",
        "ips",
        "access_ip_ranges",
    }
    office = doc.objects["credential_connections"][0]
    assert office["password"] == state.EnvRef("OFFICE_PASSWORD")
    edge = doc.objects["fqdn_connections"][0]
    assert edge["outbound"]["ip_authentication_token"] == state.EnvRef("EDGE_TOKEN")
    assert doc.objects["ips"][0] == {
        "connection": "pbx",
        "ip_address": "203.0.113.7",
        "port": 5060,
    }


def test_json_reads_the_same_document(tmp_path: Path) -> None:
    doc = state.loads(GOOD, format="yaml")
    path = tmp_path / "sip.json"
    path.write_text(json.dumps(doc.to_data()))
    again = state.load(path)
    assert again.objects == doc.objects
    # Sniffed: JSON starts with a brace.
    assert state.loads(path.read_text()).objects == doc.objects


def test_a_yaml_file_is_read_by_its_suffix(tmp_path: Path) -> None:
    path = tmp_path / "sip.yml"
    path.write_text(GOOD)
    assert state.load(path).objects == state.loads(GOOD).objects


def test_unknown_fields_suggest_the_name_meant() -> None:
    problems = _problems(
        "version: 1\nips:\n  - {connection: pbx, ip_adress: 198.51.100.1}\n"
        "ip_connections:\n  - connection_name: pbx\n    inbound: {sip_subdomian: x}\n"
    )
    assert "ips[0].ip_adress: unknown field (did you mean 'ip_address'?)" in problems
    assert (
        "ip_connections[0].inbound.sip_subdomian: unknown field "
        "(did you mean 'sip_subdomain'?)"
    ) in problems


def test_read_only_fields_and_resources_are_named() -> None:
    problems = _problems(
        "version: 1\nconnections: []\noutbound_voice_profiles:\n"
        "  - {name: main, connections_count: 3, id: '12'}\n"
    )
    assert any(p.startswith("connections: is read-only") for p in problems)
    assert "outbound_voice_profiles[0].connections_count: is read-only" in " ".join(
        problems
    )
    assert any(
        p.startswith("outbound_voice_profiles[0].id: is read-only") for p in problems
    )


def test_wrong_types_and_bad_enums_name_their_place() -> None:
    problems = _problems(
        "version: 1\nips:\n"
        "  - {connection: pbx, ip_address: 198.51.100.1, port: '5060'}\n"
        "outbound_voice_profiles:\n  - name: main\n"
        "    call_recording: {call_recording_format: ogg}\n"
        "    tags: [1]\n"
    )
    joined = "\n".join(problems)
    assert "ips[0].port:" in joined
    assert "outbound_voice_profiles[0].call_recording.call_recording_format:" in joined
    assert "'wav'" in joined  # the allowed values are listed
    assert "outbound_voice_profiles[0].tags[0]:" in joined


def test_repeated_keys_in_one_mapping_are_refused() -> None:
    (problem,) = _problems("version: 1\nips: []\nips: []\n")
    assert "'ips' appears twice" in problem
    (problem,) = _problems('{"version": 1, "version": 1}', "json")
    assert "'version' appears twice" in problem


def test_two_objects_with_one_natural_key_are_refused() -> None:
    problems = _problems(
        "version: 1\nips:\n"
        "  - {connection: pbx, ip_address: 198.51.100.1}\n"
        "  - {connection: pbx, ip_address: 198.51.100.1, port: 5061}\n"
        "ip_connections: [{connection_name: shared}]\n"
        "fqdn_connections: [{connection_name: shared}]\n"
    )
    assert any(p.startswith("ips[1]: repeats the key of ips[0]") for p in problems)
    # Connection names are one namespace across the three types.
    assert any(
        p.startswith("fqdn_connections[0]: repeats the key of ip_connections[0]")
        for p in problems
    )


def test_missing_keys_versions_and_shapes() -> None:
    problems = _problems("ips:\n  - {port: 5060}\n  - 7\nfqdns: {}\n")
    assert any(p.startswith("version: is required") for p in problems)
    assert "ips[0].connection: is required (part of the natural key)" in problems
    assert "ips[0].ip_address: is required (part of the natural key)" in problems
    assert "ips[1]: expected an object" in problems
    assert "fqdns: expected a list of objects" in problems
    assert _problems("version: 2\n") == ("version: must be 1, got 2",)


def test_a_reference_or_a_raw_id_but_not_both() -> None:
    doc = state.loads("version: 1\nips: [{connection_id: '42', ip_address: 1.2.3.4}]\n")
    assert doc.objects["ips"][0]["connection_id"] == "42"
    problems = _problems(
        "version: 1\nips:\n"
        "  - {connection: pbx, connection_id: '42', ip_address: 1.2.3.4}\n"
    )
    assert problems == (
        "ips[0].connection: give connection or connection_id, not both",
    )


def test_unparsable_text_is_a_document_error() -> None:
    (problem,) = _problems("version: [1\n", "yaml")
    assert "not valid YAML" in problem
    (problem,) = _problems("{version: 1", "json")
    assert "not valid JSON" in problem
    with pytest.raises(InvalidArgumentError, match="format"):
        state.loads("{}", format="toml")  # type: ignore[arg-type]


async def test_errors_are_found_before_any_request(sandbox: Sandbox) -> None:
    with pytest.raises(state.DocumentError):
        state.loads("version: 1\nips: [{connection: pbx}]\n")
    assert sandbox.stats.requests == 0


async def test_an_unresolvable_reference_names_its_place(sandbox: Sandbox) -> None:
    doc = state.loads("version: 1\nips: [{connection: nowhere, ip_address: 1.2.3.4}]\n")
    with pytest.raises(state.UnresolvedReferenceError) as caught:
        await state.plan(sandbox.client, doc)
    assert caught.value.field == "ips[0].connection"
    assert "'nowhere'" in str(caught.value)
    assert sandbox.stats.rows_created == 0


async def test_a_missing_variable_stops_apply_before_any_request(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OFFICE_PASSWORD", raising=False)
    doc = state.loads(
        "version: 1\ncredential_connections:\n"
        "  - {connection_name: office, user_name: office1,"
        " password: '${OFFICE_PASSWORD}'}\n"
    )
    plan = await state.plan(sandbox.client, doc)
    sandbox.stats.clear()
    with pytest.raises(state.MissingVariableError) as caught:
        await state.apply(sandbox.client, plan)
    assert caught.value.variable == "OFFICE_PASSWORD"
    assert caught.value.field == "credential_connections[0].password"
    assert sandbox.stats.requests == 0


def test_yaml_without_pyyaml_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml fails
    with pytest.raises(ImportError, match=r"telnyx-sip\[yaml\]"):
        state.loads("version: 1\n", format="yaml")
    # JSON needs nothing extra, and neither does writing YAML.
    doc = state.loads('{"version": 1, "ips": []}')
    assert state.dump(doc) == "version: 1\nips: []\n"
