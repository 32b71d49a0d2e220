"""Prune: only what the selector covers and the document leaves out is deleted."""

from __future__ import annotations

import pytest

from telnyx_sip import InvalidArgumentError, state
from telnyx_sip.testing import Sandbox

from .seed import seed
from .test_apply import writes


async def _account(sandbox: Sandbox) -> None:
    client = sandbox.client
    await seed(client)
    extra = await client.ip_connections.create(connection_name="old", tags=["lab"])
    keep = await client.ip_connections.create(connection_name="other", tags=["prod"])
    await client.ips.create(connection_id=extra.id, ip_address="192.0.2.10")
    await client.ips.create(connection_id=keep.id, ip_address="192.0.2.11")


async def test_nothing_is_deleted_without_prune(sandbox: Sandbox) -> None:
    await _account(sandbox)
    doc = state.loads("version: 1\nips: []\nip_connections: []\n")
    plan = await state.plan(sandbox.client, doc)
    assert plan.changes == ()
    assert not plan.has_changes


async def test_prune_deletes_the_covered_types_only(sandbox: Sandbox) -> None:
    await _account(sandbox)
    doc = state.loads(
        "version: 1\nips: [{connection: pbx, ip_address: 203.0.113.7, port: 5060}]\n"
    )
    plan = await state.plan(sandbox.client, doc, prune=state.Prune({"ips"}))
    deleted = [c for c in plan.changes if c.action == "delete"]
    assert sorted(c.key["ip_address"] for c in deleted) == ["192.0.2.10", "192.0.2.11"]
    assert {c.label for c in deleted} == {
        "ips[connection=old, ip_address=192.0.2.10]",
        "ips[connection=other, ip_address=192.0.2.11]",
    }
    sandbox.stats.clear()
    report = await state.apply(sandbox.client, plan)
    assert report.ok
    assert writes(sandbox.stats) == {"ips.delete": 2}
    assert [r["ip_address"] for r in sandbox.rows("ips")] == ["203.0.113.7"]
    assert len(sandbox.rows("ip_connections")) == 3


async def test_a_tag_narrows_prune_and_deletes_run_in_reverse_order(
    sandbox: Sandbox,
) -> None:
    await _account(sandbox)
    doc = state.loads("version: 1\n")
    prune = state.Prune({"ip_connections", "outbound_voice_profiles"}, tag="lab")
    plan = await state.plan(sandbox.client, doc, prune=prune)
    assert [c.label for c in plan.changes] == ["ip_connections[connection_name=old]"]

    everything = state.Prune(
        {"ips", "ip_connections", "fqdns", "outbound_voice_profiles"}
    )
    plan = await state.plan(sandbox.client, doc, prune=everything)
    order = [c.resource for c in plan.changes]
    assert all(c.action == "delete" for c in plan.changes)
    assert order == ["fqdns"] + ["ips"] * 3 + ["ip_connections"] * 3 + [
        "outbound_voice_profiles"
    ]
    seen: list[str] = []
    report = await state.apply(
        sandbox.client, plan, on_change=lambda c, o: seen.append(c.resource)
    )
    assert seen == order
    for resource in ("fqdns", "ips", "ip_connections"):
        assert sandbox.rows(resource) == []
    assert len(sandbox.rows("credential_connections")) == 1  # not covered
    # The profile is still used by that credential connection: the API
    # refuses, and the report says so.
    assert (report.succeeded, report.failed) == (7, 1)
    failed = report.outcomes[-1]
    assert report.changes[-1].resource == "outbound_voice_profiles"
    assert failed.status == "failed"
    assert failed.to_json()["error"]["status"] == 422


def test_a_selector_is_checked() -> None:
    with pytest.raises(InvalidArgumentError, match="did you mean 'ips'"):
        state.Prune({"ipz"})
    with pytest.raises(InvalidArgumentError, match="ips have no tags"):
        state.Prune({"ips", "ip_connections"}, tag="lab")
    assert state.Prune("ips").resources == {"ips"}
