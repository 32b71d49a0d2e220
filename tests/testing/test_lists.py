"""Filters, sort, page[number]/page[size] and the pagination meta."""

from __future__ import annotations

import datetime as dt

import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.models import OutboundIpParams
from telnyx_sip.testing import Sandbox
from tests._support.sandbox import Raw


async def _ips(client: AsyncTelnyxSIP, count: int) -> list[str]:
    conn = await client.ip_connections.create(connection_name="pbx")
    assert conn.id is not None
    ids = []
    for n in range(count):
        ip = await client.ips.create(
            ip_address=f"203.0.113.{n + 1}", connection_id=conn.id, port=5060 + n % 2
        )
        assert ip.id is not None
        ids.append(ip.id)
    return ids


async def test_pages_and_meta(sandbox: Sandbox, http: Raw) -> None:
    ids = await _ips(sandbox.client, 5)
    seen = []
    for number, expected in ((1, 2), (2, 2), (3, 1), (4, 0)):
        status, body, _ = await http.call(
            "GET", "/ips", params={"page[number]": number, "page[size]": 2}
        )
        assert status == 200
        assert body["meta"] == {
            "page_number": number,
            "page_size": 2,
            "total_pages": 3,
            "total_results": 5,
        }
        assert len(body["data"]) == expected
        seen += [item["id"] for item in body["data"]]
    assert seen == ids  # oldest first, nothing twice
    _, body, _ = await http.call("GET", "/ips")
    assert body["meta"]["page_size"] == 250  # the spec's default for /ips
    _, body, _ = await http.call("GET", "/access_ip_ranges")
    assert body["meta"] == {
        "page_number": 1,
        "page_size": 20,
        "total_pages": 0,
        "total_results": 0,
    }


async def test_the_sdk_pager_walks_every_page(sandbox: Sandbox) -> None:
    ids = await _ips(sandbox.client, 7)
    got = [ip.id async for ip in sandbox.client.ips.list(page_size=3)]
    assert got == ids
    assert sandbox.stats.by_operation["ips.list"] == 3
    capped = await sandbox.client.ips.list(page_size=3, limit=4).to_list()
    assert [ip.id for ip in capped] == ids[:4]


@pytest.mark.parametrize(
    ("path", "params", "status", "parameter"),
    [
        ("/ips", {"page[size]": "0"}, 400, "page[size]"),
        ("/ips", {"page[size]": "251"}, 400, "page[size]"),
        ("/ips", {"page[number]": "0"}, 400, "page[number]"),
        ("/ips", {"page[size]": "ten"}, 400, "page[size]"),
        ("/connections", {"page[size]": "300"}, 400, "page[size]"),
        ("/outbound_voice_profiles", {"page[size]": "251"}, 422, "page[size]"),
        ("/access_ip_ranges", {"page[size]": "0"}, 422, "page[size]"),
        ("/connections", {"sort": "-connection_name"}, 400, "sort"),
        ("/outbound_voice_profiles", {"sort": "colour"}, 422, "sort"),
        ("/ips", {"filter[port]": "high"}, 400, "filter[port]"),
        ("/access_ip_ranges", {"filter[created_at][gt]": "soon"}, 422, None),
    ],
)
async def test_bad_query_parameters_are_rejected_as_the_spec_says(
    http: Raw, path: str, params: dict[str, str], status: int, parameter: str | None
) -> None:
    got, body, _ = await http.call("GET", path, params=params)
    assert got == status
    source = body["errors"][0]["source"]
    assert source["parameter"] == (parameter or next(iter(params)))


async def test_page_size_bounds_are_accepted(http: Raw) -> None:
    for size in ("1", "250"):
        status, body, _ = await http.call("GET", "/ips", params={"page[size]": size})
        assert status == 200
        assert body["meta"]["page_size"] == int(size)


async def test_unknown_query_parameters_are_ignored(http: Raw) -> None:
    status, _, _ = await http.call("GET", "/ips", params={"colour": "blue"})
    assert status == 200


async def test_connection_filters(sandbox: Sandbox) -> None:
    c = sandbox.client
    profile = await c.outbound_voice_profiles.create(name="main")
    assert profile.id is not None
    office = await c.credential_connections.create(
        connection_name="Main Office", user_name="u-office", password="pw-long-1"
    )
    edge = await c.fqdn_connections.create(connection_name="edge office")
    pbx = await c.ip_connections.create(
        connection_name="pbx",
        outbound=OutboundIpParams(outbound_voice_profile_id=profile.id),
    )
    assert edge.id is not None
    await c.fqdns.create(
        connection_id=edge.id, fqdn="sip.example.com", dns_record_type="a"
    )

    names = await c.connections.list(filter_connection_name_contains="OFFICE").to_list()
    assert [x.id for x in names] == [office.id, edge.id]
    by_fqdn = await c.connections.list(filter_fqdn="sip.example.com").to_list()
    assert [x.id for x in by_fqdn] == [edge.id]
    fqdn_kind = await c.fqdn_connections.list(filter_fqdn="other.example.com").to_list()
    assert fqdn_kind == []
    by_profile = await c.ip_connections.list(
        filter_outbound_voice_profile_id=profile.id
    ).to_list()
    assert [x.id for x in by_profile] == [pbx.id]
    assert (
        await c.credential_connections.list(
            filter_outbound_voice_profile_id=profile.id
        ).to_list()
        == []
    )


async def test_connection_sort(sandbox: Sandbox) -> None:
    c = sandbox.client
    b = await c.ip_connections.create(connection_name="b")
    a = await c.fqdn_connections.create(connection_name="a", active=False)
    cc = await c.credential_connections.create(
        connection_name="c", user_name="u-c", password="pw-long-1"
    )
    default = await c.connections.list().to_list()
    assert [x.id for x in default] == [b.id, a.id, cc.id]  # created_at
    by_name = await c.connections.list(sort="connection_name").to_list()
    assert [x.connection_name for x in by_name] == ["a", "b", "c"]
    by_active = await c.connections.list(sort="active").to_list()
    assert [x.active for x in by_active] == [False, True, True]
    ip_only = await c.ip_connections.list(sort="connection_name").to_list()
    assert [x.id for x in ip_only] == [b.id]


async def test_profile_sort_both_ways(sandbox: Sandbox) -> None:
    c = sandbox.client
    for name in ("bravo", "alpha", "charlie"):
        await c.outbound_voice_profiles.create(name=name)
    newest_first = await c.outbound_voice_profiles.list().to_list()
    assert [p.name for p in newest_first] == ["charlie", "alpha", "bravo"]
    assert [
        p.name for p in await c.outbound_voice_profiles.list(sort="name").to_list()
    ] == [
        "alpha",
        "bravo",
        "charlie",
    ]
    assert [
        p.name for p in await c.outbound_voice_profiles.list(sort="-name").to_list()
    ] == ["charlie", "bravo", "alpha"]
    alpha = (await c.outbound_voice_profiles.list(sort="name")).items[0]
    assert alpha.id is not None
    await c.outbound_voice_profiles.update(alpha.id, name="alpha", enabled=False)
    by_enabled = await c.outbound_voice_profiles.list(sort="-enabled").to_list()
    assert [p.enabled for p in by_enabled] == [True, True, False]
    contains = await c.outbound_voice_profiles.list(filter_name_contains="AR").to_list()
    assert [p.name for p in contains] == ["charlie"]


async def test_ip_and_fqdn_filters(sandbox: Sandbox) -> None:
    c = sandbox.client
    ids = await _ips(c, 4)
    other = await c.ip_connections.create(connection_name="other")
    assert other.id is not None
    lone = await c.ips.create(ip_address="198.51.100.1", connection_id=other.id)
    assert [ip.id for ip in await c.ips.list(filter_port=5061).to_list()] == [
        ids[1],
        ids[3],
    ]
    assert [
        ip.id for ip in await c.ips.list(filter_connection_id=other.id).to_list()
    ] == [lone.id]
    assert [
        ip.id for ip in await c.ips.list(filter_ip_address="203.0.113.3").to_list()
    ] == [ids[2]]

    edge = await c.fqdn_connections.create(connection_name="edge")
    assert edge.id is not None
    one = await c.fqdns.create(
        connection_id=edge.id, fqdn="a.example.com", dns_record_type="a"
    )
    two = await c.fqdns.create(
        connection_id=edge.id, fqdn="b.example.com", dns_record_type="srv", port=5061
    )
    assert [
        f.id for f in await c.fqdns.list(filter_dns_record_type="srv").to_list()
    ] == [two.id]
    assert [
        f.id for f in await c.fqdns.list(filter_fqdn="a.example.com").to_list()
    ] == [one.id]
    assert [f.id for f in await c.fqdns.list(filter_port=5060).to_list()] == [one.id]
    assert len(await c.fqdns.list(filter_connection_id=edge.id).to_list()) == 2


async def test_access_ip_range_filters(sandbox: Sandbox) -> None:
    c = sandbox.client
    first = await c.access_ip_ranges.create(cidr_block="10.0.0.0/8")
    second = await c.access_ip_ranges.create(cidr_block="192.168.1.0/24")
    assert [
        r.id
        for r in await c.access_ip_ranges.list(filter_cidr_block="10.0.0.0/8").to_list()
    ] == [first.id]
    for kwargs in (
        {"filter_cidr_block_contains": "168"},
        {"filter_cidr_block_startswith": "192."},
        {"filter_cidr_block_endswith": "/24"},
    ):
        found = await c.access_ip_ranges.list(**kwargs).to_list()  # type: ignore[arg-type]
        assert [r.id for r in found] == [second.id]
    assert second.created_at is not None
    moment = second.created_at
    later = moment + dt.timedelta(seconds=1)
    earlier = moment - dt.timedelta(days=1)
    assert (
        len(await c.access_ip_ranges.list(filter_created_at_gt=earlier).to_list()) == 2
    )
    assert await c.access_ip_ranges.list(filter_created_at_gt=later).to_list() == []
    assert await c.access_ip_ranges.list(filter_created_at_gte=later).to_list() == []
    assert await c.access_ip_ranges.list(filter_created_at_lt=earlier).to_list() == []
    assert len(await c.access_ip_ranges.list(filter_created_at_lt=later).to_list()) == 2
    assert (
        len(await c.access_ip_ranges.list(filter_created_at_lte=later).to_list()) == 2
    )
    exact = await c.access_ip_ranges.list(filter_created_at=moment).to_list()
    assert second.id in [r.id for r in exact]
