"""Typed bulk calls: ``Call.to`` builds plan lines, results keep their model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from telnyx_sip import UNSET, AsyncTelnyxSIP, InvalidArgumentError, RequestOptions
from telnyx_sip.bulk import Call, run_bulk
from telnyx_sip.models import (
    CredentialConnection,
    CredentialInboundParams,
    DtmfType,
    Ip,
    IpConnection,
)
from telnyx_sip.testing import Sandbox


def _client() -> AsyncTelnyxSIP:
    return AsyncTelnyxSIP("KEY-typed-0123456789", base_url="http://127.0.0.1:9/v2")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _rewrite(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


async def test_a_built_call_is_the_plan_line_of_the_method_and_arguments() -> None:
    async with _client() as client:
        create = Call.to(
            client.ips.create, ip_address="198.51.100.7", connection_id="c1"
        )
        update = Call.to(client.ips.update, "42", ip_address="198.51.100.8", port=5061)
        by_name = Call.to(client.ips.update, id="42", ip_address="198.51.100.8")
        delete = Call.to(client.access_ip_ranges.delete, "r-1")
    assert create == Call(
        "ips", "create", {"ip_address": "198.51.100.7", "connection_id": "c1"}
    )
    assert update.to_json() == {
        "resource": "ips",
        "action": "update",
        "args": {"id": "42", "ip_address": "198.51.100.8", "port": 5061},
    }
    assert by_name.args == {"id": "42", "ip_address": "198.51.100.8"}
    assert delete == Call("access_ip_ranges", "delete", {"id": "r-1"})
    assert Call.from_json(update.to_json()) == update


async def test_nested_objects_and_enums_become_json_and_unset_is_left_out() -> None:
    async with _client() as client:
        call = Call.to(
            client.credential_connections.create,
            connection_name="office",
            user_name="office1",
            password="a-long-secret",
            dtmf_type=DtmfType.INBAND,
            inbound=CredentialInboundParams(codecs=["G722"], channel_limit=3),
            tags=["a", "b"],
            webhook_event_url=UNSET,
        )
    assert call.args == {
        "connection_name": "office",
        "user_name": "office1",
        "password": "a-long-secret",
        "dtmf_type": "Inband",
        "inbound": {"codecs": ["G722"], "channel_limit": 3},
        "tags": ["a", "b"],
    }
    json.dumps(call.args)  # a plan line as it is
    assert "a-long-secret" not in repr(call)


async def test_what_a_bulk_call_cannot_be_is_refused() -> None:
    async with _client() as client:
        with pytest.raises(InvalidArgumentError, match="options"):
            Call.to(client.ips.delete, "1", options=RequestOptions(max_retries=0))
        with pytest.raises(InvalidArgumentError, match="one object"):
            Call.to(client.ips.list, filter_port=5060)

        async def not_a_service(x: int) -> int:
            return x

        with pytest.raises(InvalidArgumentError, match="not a service method"):
            Call.to(not_a_service, 1)
        with pytest.raises(TypeError):
            Call.to(client.ips.update, ip_address="198.51.100.8")  # type: ignore[call-arg]


async def test_a_typed_job_returns_models(sandbox: Sandbox) -> None:
    async with sandbox.make_client() as client:
        pbx = await client.ip_connections.create(connection_name="pbx")
        assert pbx.id is not None
        report = await run_bulk(
            client,
            [
                Call.to(
                    client.ips.create,
                    ip_address=f"198.51.100.{i}",
                    connection_id=pbx.id,
                )
                for i in range(3)
            ],
        )
    assert report.ok
    assert all(isinstance(o.result, Ip) for o in report.outcomes)
    assert [o.result.ip_address for o in report.outcomes if o.result] == [
        "198.51.100.0",
        "198.51.100.1",
        "198.51.100.2",
    ]


async def test_resumed_results_are_the_models_of_a_fresh_run(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    async with sandbox.make_client() as client:
        calls = [
            Call.to(client.ip_connections.create, connection_name="pbx-east"),
            Call.to(
                client.credential_connections.create,
                connection_name="desk",
                user_name="desk1",
                password="a-long-secret",
            ),
        ]
        first = await run_bulk(client, calls, journal=journal)
        assert first.ok
        requests = sandbox.stats.requests
        second = await run_bulk(client, calls, journal=journal)
        assert sandbox.stats.requests == requests  # all read from the journal
    pbx, desk = (o.result for o in second.outcomes)
    assert isinstance(pbx, IpConnection)
    assert pbx == first.outcomes[0].result
    assert isinstance(desk, CredentialConnection)
    fresh = first.outcomes[1].result
    assert isinstance(fresh, CredentialConnection)
    assert fresh.password == "a-long-secret"
    # The journal never holds secrets: a resumed one shows the marker.
    assert desk.password == "[redacted]"
    assert attrs.evolve(desk, password=fresh.password) == fresh


async def test_a_journal_result_that_no_longer_fits_is_settled_again(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    async with sandbox.make_client() as client:
        pbx = await client.ip_connections.create(connection_name="pbx")
        assert pbx.id is not None
        calls = [
            Call.to(client.ip_connections.create, connection_name="pbx-west"),
            Call.to(client.ip_connections.update, pbx.id, connection_name="pbx-2"),
        ]
        first = await run_bulk(client, calls, journal=journal)
        lines = _lines(journal)
        for line in lines:
            if "result" in line:
                line["result"]["connection_name"] = 7  # not a string
        _rewrite(journal, lines)
        second = await run_bulk(client, calls, journal=journal)
    assert second.ok
    made, updated = (o.result for o in second.outcomes)
    assert isinstance(made, IpConnection)
    assert made.connection_name == "pbx-west"  # found by its name, not made again
    assert isinstance(updated, IpConnection)
    assert updated.connection_name == "pbx-2"  # sent again: harmless
    assert first.outcomes[0].result == made
    names = [row["connection_name"] for row in sandbox.rows("ip_connections")]
    assert sorted(names) == ["pbx-2", "pbx-west"]


async def test_a_delete_found_done_resumes_without_a_result(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    async with sandbox.make_client() as client:
        calls = [Call.to(client.ip_connections.delete, "1")]
        first = await run_bulk(client, calls, journal=journal)
        lines = _lines(journal)
        # As a job writes it when a resent delete finds the object gone.
        _rewrite(journal, [lines[0], {"index": 0, "status": "succeeded"}])
        second = await run_bulk(client, calls, journal=journal)
    assert first.outcomes[0].status == "failed"  # nothing to delete
    assert second.outcomes[0].status == "succeeded"
    assert second.outcomes[0].result is None
