"""Plans and apply against the sandbox: updates, creates in waves, ambiguity."""

from __future__ import annotations

from collections import Counter

import pytest

from telnyx_sip import state
from telnyx_sip.testing import Sandbox, SandboxStats

from .seed import seed


def writes(stats: SandboxStats) -> Counter[str]:
    """Requests that change something, by operation."""
    return Counter(
        {
            op: n
            for op, n in stats.by_operation.items()
            if op.rsplit(".", 1)[1] in {"create", "update", "delete"}
        }
    )


SCRATCH = (
    "version: 1\n"
    "outbound_voice_profiles: [{name: main, concurrent_call_limit: 4}]\n"
    "ip_connections:\n"
    "  - {connection_name: pbx-a, outbound: {outbound_voice_profile: main}}\n"
    "  - {connection_name: pbx-b, inbound: {sip_subdomain: acme-b}}\n"
    "ips:\n"
    + "".join(
        f"  - {{connection: pbx-{'ab'[i % 2]}, ip_address: 198.51.100.{i}, "
        "port: 5060}\n"
        for i in range(10)
    )
)


async def test_an_out_of_band_change_is_one_field_and_one_patch(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    ids = await seed(client)
    doc = await state.export(client)
    await client.ips.update(ids.ip, ip_address="203.0.113.7", port=5099)

    plan = await state.plan(client, doc)
    (change,) = [c for c in plan.changes if c.action != "no-op"]
    assert change.action == "update"
    assert change.id == ids.ip
    assert change.label == "ips[connection=pbx, ip_address=203.0.113.7]"
    assert [(f.path, f.old, f.new) for f in change.fields] == [("port", 5099, 5060)]

    sandbox.stats.clear()
    report = await state.apply(client, plan)
    assert report.ok
    assert (report.succeeded, report.failed) == (1, 0)
    assert writes(sandbox.stats) == Counter({"ips.update": 1})
    assert sandbox.rows("ips")[0]["port"] == 5060

    again = await state.plan(client, doc)
    assert not again.has_changes
    sandbox.stats.clear()
    report = await state.apply(client, again)
    assert report.ok
    assert report.changes == ()
    assert writes(sandbox.stats) == Counter()


async def test_a_nested_change_sends_the_whole_object_merged(sandbox: Sandbox) -> None:
    client = sandbox.client
    ids = await seed(client)
    doc = state.loads(
        "version: 1\nip_connections:\n"
        "  - {connection_name: pbx, inbound: {channel_limit: 20}}\n"
    )
    plan = await state.plan(client, doc)
    (change,) = plan.changes
    assert [(f.path, f.old, f.new) for f in change.fields] == [
        ("inbound.channel_limit", 10, 20)
    ]
    assert (await state.apply(client, plan)).ok
    (row,) = sandbox.rows("ip_connections")
    assert row["id"] == ids.pbx
    assert row["inbound"]["channel_limit"] == 20
    assert row["inbound"]["sip_subdomain"] == "pbx-acme"  # kept


async def test_creates_run_in_dependency_order_with_names_resolved(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    plan = await state.plan(client, state.loads(SCRATCH))
    assert [c.action for c in plan.changes] == ["create"] * 13
    assert [c.resource for c in plan.changes] == (
        ["outbound_voice_profiles"] + ["ip_connections"] * 2 + ["ips"] * 10
    )
    seen: list[str] = []
    report = await state.apply(
        client, plan, concurrency=4, on_change=lambda c, o: seen.append(c.resource)
    )
    assert report.ok, report.to_dict()
    assert seen == [c.resource for c in plan.changes]
    (profile,) = sandbox.rows("outbound_voice_profiles")
    conns = {r["connection_name"]: r for r in sandbox.rows("ip_connections")}
    assert conns["pbx-a"]["outbound"]["outbound_voice_profile_id"] == profile["id"]
    by_conn = Counter(r["connection_id"] for r in sandbox.rows("ips"))
    assert by_conn == {conns["pbx-a"]["id"]: 5, conns["pbx-b"]["id"]: 5}
    assert writes(sandbox.stats) == Counter(
        {
            "outbound_voice_profiles.create": 1,
            "ip_connections.create": 2,
            "ips.create": 10,
        }
    )
    # Rerun without a journal: a fresh plan finds everything made.
    assert not (await state.plan(client, state.loads(SCRATCH))).has_changes


async def test_two_account_objects_with_one_key_are_never_guessed(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    first = await client.outbound_voice_profiles.create(name="twin")
    second = await client.outbound_voice_profiles.create(name="twin")
    doc = state.loads("version: 1\noutbound_voice_profiles: [{name: twin}]\n")
    with pytest.raises(state.AmbiguousObjectError) as caught:
        await state.plan(client, doc)
    assert set(caught.value.ids) == {first.id, second.id}
    assert first.id in str(caught.value)
    assert second.id in str(caught.value)
    assert "outbound_voice_profiles[name=twin]" in str(caught.value)


async def test_a_reference_to_an_ambiguous_name_is_refused(sandbox: Sandbox) -> None:
    client = sandbox.client
    a = await client.outbound_voice_profiles.create(name="dup")
    b = await client.outbound_voice_profiles.create(name="dup")
    doc = state.loads(
        "version: 1\nip_connections:\n"
        "  - {connection_name: x, outbound: {outbound_voice_profile: dup}}\n"
    )
    with pytest.raises(state.AmbiguousObjectError) as caught:
        await state.plan(client, doc)
    assert set(caught.value.ids) == {a.id, b.id}


async def test_a_raw_id_reaches_an_object_outside_the_document(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    conn = await client.ip_connections.create(connection_name="outside")
    doc = state.loads(
        f"version: 1\nips: [{{connection_id: '{conn.id}', ip_address: 192.0.2.1}}]\n"
    )
    plan = await state.plan(client, doc)
    (change,) = plan.changes
    assert change.key == {"connection": "outside", "ip_address": "192.0.2.1"}
    assert (await state.apply(client, plan)).ok
    assert sandbox.rows("ips")[0]["connection_id"] == conn.id
    assert not (await state.plan(client, doc)).has_changes


async def test_a_field_the_api_cannot_change_is_a_plan_error(sandbox: Sandbox) -> None:
    client = sandbox.client
    await client.access_ip_ranges.create(cidr_block="192.0.2.0/24", description="a")
    doc = state.loads(
        "version: 1\naccess_ip_ranges: [{cidr_block: 192.0.2.0/24, description: b}]\n"
    )
    with pytest.raises(state.DocumentError) as caught:
        await state.plan(client, doc)
    assert caught.value.problems == (
        "access_ip_ranges[0].description: cannot be changed on an existing object "
        "(delete and create it again)",
    )


async def test_an_update_may_point_at_an_object_the_plan_creates(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    conn = await client.ip_connections.create(connection_name="pbx")
    doc = state.loads(
        "version: 1\noutbound_voice_profiles: [{name: fresh}]\n"
        "ip_connections:\n"
        "  - {connection_name: pbx, outbound: {outbound_voice_profile: fresh}}\n"
    )
    plan = await state.plan(client, doc)
    assert [c.action for c in plan.changes] == ["create", "update"]
    (field,) = plan.changes[1].fields
    assert (field.path, field.new) == ("outbound.outbound_voice_profile", "fresh")
    assert (await state.apply(client, plan)).ok
    (profile,) = sandbox.rows("outbound_voice_profiles")
    (row,) = sandbox.rows("ip_connections")
    assert row["id"] == conn.id
    assert row["outbound"]["outbound_voice_profile_id"] == profile["id"]
    assert not (await state.plan(client, doc)).has_changes


async def test_a_field_only_an_update_takes_is_refused_on_create(
    sandbox: Sandbox,
) -> None:
    doc = state.loads(
        "version: 1\nip_connections:\n"
        "  - {connection_name: new, inbound: {default_primary_ip_id: '7'}}\n"
    )
    with pytest.raises(state.DocumentError) as caught:
        await state.plan(sandbox.client, doc)
    (problem,) = caught.value.problems
    assert problem.startswith(
        "ip_connections[0].inbound.default_primary_ip_id: can only be set on an "
        "existing object"
    )


async def test_each_change_is_reported_as_it_settles_not_when_its_wave_ends(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    plan = await state.plan(client, state.loads(SCRATCH))
    made_so_far: list[int] = []

    def note(change: state.Change, outcome: object) -> None:
        if change.resource == "ips":
            made_so_far.append(sandbox.stats.by_operation.get("ips.create", 0))

    report = await state.apply(client, plan, concurrency=1, on_change=note)
    assert report.ok
    # One at a time: the n-th IP is reported once n creates have been made,
    # before the rest of its wave is sent.
    assert made_so_far == list(range(1, 11))
