"""FQDNs: every operation end to end against the loopback FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip.models import Fqdn
from tests._support.fake_api import FakeAPI

from . import _data

REQUIRED = {
    "connection_id": _data.CONNECTION_ID,
    "dns_record_type": "a",
    "fqdn": "sip.example.com",
}


async def test_list_encodes_filters_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [_data.fqdn(), _data.fqdn(id="9", fqdn="sip2.example.com", port=5061)]
    fake_api.reply(200, _data.page(items, size=100))
    page = await client.fqdns.list(
        filter_connection_id=_data.CONNECTION_ID,
        filter_dns_record_type="srv",
        filter_fqdn="sip.example.com",
        filter_port=5061,
        page_size=100,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path, req.body) == ("GET", "/v2/fqdns", b"")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            f"filter[connection_id]={_data.CONNECTION_ID}",
            "filter[dns_record_type]=srv",
            "filter[fqdn]=sip.example.com",
            "filter[port]=5061",
            "page[number]=1",
            "page[size]=100",
        ]
    )
    assert [type(f) for f in page.items] == [Fqdn, Fqdn]
    _data.assert_matches(page.items[0], items[0])
    _data.assert_matches(page.items[1], items[1])


async def test_create_sends_the_required_fields(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn(), status=201)
    created = await client.fqdns.create(**REQUIRED)
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/fqdns")
    assert req.json == REQUIRED
    assert isinstance(created, Fqdn)
    _data.assert_matches(created, _data.fqdn())


@pytest.mark.parametrize("port", [5062, None])
async def test_create_port_may_be_null(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, port: int | None
) -> None:
    fake_api.data(_data.fqdn(port=port), status=201)
    created = await client.fqdns.create(**REQUIRED, port=port)
    assert _data.single(fake_api).json == {**REQUIRED, "port": port}
    assert created.port == port


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn())
    found = await client.fqdns.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/fqdns/{_data.ODD_ID_QUOTED}"
    _data.assert_matches(found, _data.fqdn())


async def test_update_sends_only_the_given_fields(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn(fqdn="sip3.example.com", port=None))
    updated = await client.fqdns.update("1293", fqdn="sip3.example.com", port=None)
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("PATCH", "/v2/fqdns/1293")
    assert req.json == {"fqdn": "sip3.example.com", "port": None}
    assert updated.port is None
    assert updated.fqdn == "sip3.example.com"


async def test_update_with_nothing_sends_an_empty_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn())
    await client.fqdns.update("1293")
    assert _data.single(fake_api).json == {}


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.fqdn())
    deleted = await client.fqdns.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/fqdns/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(deleted, _data.fqdn())


@pytest.mark.parametrize("missing", sorted(REQUIRED))
async def test_required_fields_are_required(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, missing: str
) -> None:
    kwargs = {k: v for k, v in REQUIRED.items() if k != missing}
    with pytest.raises(TypeError, match=missing):
        await client.fqdns.create(**kwargs)
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"connection_id": None}, "connection_id"),
        ({"dns_record_type": 1}, "dns_record_type"),
        ({"fqdn": b"sip.example.com"}, "fqdn"),
        ({"port": "5060"}, "port"),
        ({"port": False}, "port"),
        ({"port": 5060.0}, "port"),
    ],
)
async def test_bad_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.fqdns.create(**{**REQUIRED, **kwargs})
    assert info.value.field == field
    with pytest.raises(InvalidArgumentError) as info:
        await client.fqdns.update("1", **kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filter_port": "5060"}, "filter_port"),
        ({"filter_dns_record_type": None}, "filter_dns_record_type"),
        ({"page_size": -5}, "page_size"),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.fqdns.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []
