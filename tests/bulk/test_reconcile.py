"""Natural keys, and finding what a create made, against the sandbox."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

from telnyx_sip import (
    AsyncTelnyxSIP,
    AuthenticationError,
    InternalServerError,
    TelnyxSIPError,
)
from telnyx_sip._operations import NaturalKey
from telnyx_sip.bulk._reconcile import (
    NATURAL_KEYS,
    find,
    natural_key,
    search_filters,
)
from telnyx_sip.testing import FaultConfig, Sandbox
from tests._support.fake_api import FakeAPI, Reply
from tests._support.ip_plans import ip_row


def _keywords(method: object) -> set[str]:
    assert callable(method)
    return {
        name
        for name, p in inspect.signature(method).parameters.items()
        if p.kind is p.KEYWORD_ONLY
    }


@pytest.mark.parametrize("resource", sorted(NATURAL_KEYS))
def test_each_key_names_create_fields_and_list_filters(
    sandbox: Sandbox, resource: str
) -> None:
    spec = NATURAL_KEYS[resource]
    service = getattr(sandbox.client, resource)
    assert spec.fields
    assert set(spec.fields) <= _keywords(service.create)
    assert [field for field, _ in spec.filters] == list(spec.fields)
    assert {argument for _, argument in spec.filters} <= _keywords(service.list)


def test_the_key_of_a_create_is_its_field_values_in_order() -> None:
    args = {"ip_address": "198.51.100.1", "port": 5060, "connection_id": "c1"}
    assert natural_key("ips", args) == ("c1", "198.51.100.1")
    assert natural_key("ips", {"ip_address": "198.51.100.1"}) == (
        None,
        "198.51.100.1",
    )
    assert natural_key("connections", {"connection_name": "x"}) is None


def test_a_key_value_of_none_filters_nothing() -> None:
    spec = NaturalKey(
        fields=("connection_id", "ip_address"),
        filters=(
            ("connection_id", "filter_connection_id"),
            ("ip_address", "filter_ip_address"),
        ),
    )
    assert search_filters(spec, ("c1", "198.51.100.1")) == {
        "filter_connection_id": "c1",
        "filter_ip_address": "198.51.100.1",
    }
    assert search_filters(spec, (None, "198.51.100.1")) == {
        "filter_ip_address": "198.51.100.1"
    }
    assert search_filters(spec, (None, None)) == {}


async def test_fuzzy_filter_results_are_compared_exactly(sandbox: Sandbox) -> None:
    client = sandbox.client
    for name in ("pbx", "pbx-2", "office-pbx", "other"):
        await client.ip_connections.create(connection_name=name)
    fuzzy = [
        c.connection_name
        async for c in client.ip_connections.list(filter_connection_name_contains="pbx")
    ]
    assert sorted(map(str, fuzzy)) == ["office-pbx", "pbx", "pbx-2"]
    found = await find(client, "ip_connections", ("pbx",))
    assert [c.connection_name for c in found] == ["pbx"]
    assert await find(client, "ip_connections", ("pb",)) == []
    # A credential connection of that name is another resource's object.
    assert await find(client, "credential_connections", ("pbx",)) == []


async def test_every_resource_finds_what_its_create_made(sandbox: Sandbox) -> None:
    client = sandbox.client
    connection = await client.ip_connections.create(connection_name="pbx")
    fqdn_connection = await client.fqdn_connections.create(connection_name="trunk")
    assert connection.id is not None
    assert fqdn_connection.id is not None
    made: dict[str, Any] = {
        "ip_connections": connection,
        "fqdn_connections": fqdn_connection,
        "credential_connections": await client.credential_connections.create(
            connection_name="office", user_name="officeuser1", password="pw-secret-1"
        ),
        "ips": await client.ips.create(
            connection_id=connection.id, ip_address="198.51.100.1"
        ),
        "fqdns": await client.fqdns.create(
            connection_id=fqdn_connection.id,
            fqdn="sip.example.com",
            dns_record_type="a",
        ),
        "outbound_voice_profiles": await client.outbound_voice_profiles.create(
            name="calls"
        ),
        "access_ip_ranges": await client.access_ip_ranges.create(
            cidr_block="203.0.113.0/24"
        ),
    }
    assert set(made) == set(NATURAL_KEYS)
    for resource, obj in made.items():
        key = tuple(getattr(obj, f) for f in NATURAL_KEYS[resource].fields)
        found = await find(client, resource, key)
        assert [o.id for o in found] == [obj.id], resource


async def test_a_missing_key_value_must_be_missing_on_the_object(
    sandbox: Sandbox,
) -> None:
    client = sandbox.client
    connection = await client.ip_connections.create(connection_name="pbx")
    assert connection.id is not None
    loose = await client.ips.create(ip_address="198.51.100.5")
    bound = await client.ips.create(
        connection_id=connection.id, ip_address="198.51.100.5"
    )
    assert loose.connection_id is None
    found = await find(client, "ips", (None, "198.51.100.5"))
    assert [ip.id for ip in found] == [loose.id]
    found = await find(client, "ips", (connection.id, "198.51.100.5"))
    assert [ip.id for ip in found] == [bound.id]


async def test_a_failing_list_call_raises_rather_than_finding_nothing(
    sandbox: Sandbox,
) -> None:
    await sandbox.client.ip_connections.create(connection_name="pbx")
    async with AsyncTelnyxSIP("KEY-wrong-0123456789", base_url=sandbox.base_url) as c:
        with pytest.raises(AuthenticationError):
            await find(c, "ip_connections", ("pbx",))
    sandbox.state.faults = FaultConfig(error_500=1.0)
    async with sandbox.make_client(max_retries=0) as client:
        with pytest.raises(InternalServerError):
            await find(client, "ip_connections", ("pbx",))


async def test_a_failure_on_a_later_page_raises_too(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    # Page 1 holds no match; page 2 never comes: "absent" would be a guess.
    meta = {"page_number": 1, "page_size": 1, "total_pages": 2, "total_results": 2}
    fake_api.reply(200, {"data": [ip_row(7)], "meta": meta})
    fake_api.default = Reply(503, {"errors": []})
    with pytest.raises(TelnyxSIPError):
        await find(client, "ips", ("c1", "198.51.100.1"))
    pages = [r.query.get("page[number]") for r in fake_api.requests]
    assert pages[0] in (None, "1")
    assert set(pages[1:]) == {"2"}
