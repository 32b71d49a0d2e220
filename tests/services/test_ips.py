"""IP addresses: every operation end to end against the loopback FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip.models import Ip
from tests._support.fake_api import FakeAPI

from . import _data


async def test_list_encodes_filters_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [_data.ip(), _data.ip(id="2", ip_address="198.51.100.18", port=5070)]
    fake_api.reply(200, _data.page(items, number=2, size=2, total=4))
    page = await client.ips.list(
        filter_connection_id=_data.CONNECTION_ID,
        filter_ip_address="198.51.100.17",
        filter_port=5060,
        page_number=2,
        page_size=2,
    )
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.path == "/v2/ips"
    assert _data.raw_query(req.raw_path) == [
        f"filter[connection_id]={_data.CONNECTION_ID}",
        "filter[ip_address]=198.51.100.17",
        "filter[port]=5060",
        "page[number]=2",
        "page[size]=2",
    ]
    assert req.body == b""
    assert [type(item) for item in page.items] == [Ip, Ip]
    _data.assert_matches(page.items[0], items[0])
    _data.assert_matches(page.items[1], items[1])
    assert (page.page_number, page.page_size, page.total_pages, page.total_results) == (
        2,
        2,
        2,
        4,
    )


async def test_list_without_arguments_asks_for_the_first_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.page([]))
    page = await client.ips.list()
    req = _data.single(fake_api)
    assert _data.raw_query(req.raw_path) == ["page[number]=1"]
    assert page.items == ()


async def test_list_iterates_across_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    first = [_data.ip(id="1"), _data.ip(id="2")]
    fake_api.reply(200, _data.page(first, number=1, size=2, total=3))
    fake_api.reply(200, _data.page([_data.ip(id="3")], number=2, size=2, total=3))
    ids = [ip.id async for ip in client.ips.list(page_size=2)]
    assert ids == ["1", "2", "3"]
    assert [_data.raw_query(r.raw_path) for r in fake_api.requests] == [
        ["page[number]=1", "page[size]=2"],
        ["page[number]=2", "page[size]=2"],
    ]


async def test_create_sends_only_the_given_fields(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip(), status=201)
    ip = await client.ips.create(ip_address="198.51.100.17")
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/ips")
    assert req.headers["Content-Type"] == "application/json"
    assert req.json == {"ip_address": "198.51.100.17"}
    _data.assert_matches(ip, _data.ip())


async def test_create_with_every_field(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip(port=5061), status=201)
    ip = await client.ips.create(
        ip_address="198.51.100.17", connection_id=_data.CONNECTION_ID, port=5061
    )
    assert _data.single(fake_api).json == {
        "ip_address": "198.51.100.17",
        "connection_id": _data.CONNECTION_ID,
        "port": 5061,
    }
    assert ip.port == 5061


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip())
    ip = await client.ips.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/ips/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(ip, _data.ip())


async def test_update(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.ip(port=5080))
    ip = await client.ips.update(
        "192c3f9e-0000-4b6c-9a8b-000000000001", ip_address="198.51.100.17", port=5080
    )
    req = _data.single(fake_api)
    assert req.method == "PATCH"
    assert req.raw_path == "/v2/ips/192c3f9e-0000-4b6c-9a8b-000000000001"
    assert req.json == {"ip_address": "198.51.100.17", "port": 5080}
    _data.assert_matches(ip, _data.ip(port=5080))


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.ip())
    ip = await client.ips.delete("7")
    req = _data.single(fake_api)
    assert (req.method, req.raw_path, req.body) == ("DELETE", "/v2/ips/7", b"")
    _data.assert_matches(ip, _data.ip())


async def test_required_fields_are_required(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(TypeError, match="ip_address"):
        await client.ips.create()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="ip_address"):
        await client.ips.update("7", port=5060)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        await client.ips.retrieve()  # type: ignore[call-arg]
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ip_address": 17}, "ip_address"),
        ({"ip_address": None}, "ip_address"),
        ({"ip_address": "198.51.100.17", "port": True}, "port"),
        ({"ip_address": "198.51.100.17", "port": "5060"}, "port"),
        ({"ip_address": "198.51.100.17", "connection_id": None}, "connection_id"),
    ],
)
async def test_bad_body_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.ips.create(**kwargs)
    assert info.value.field == field
    with pytest.raises(InvalidArgumentError) as info:
        await client.ips.update("7", **kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filter_port": "5060"}, "filter_port"),
        ({"filter_port": True}, "filter_port"),
        ({"filter_ip_address": 7}, "filter_ip_address"),
        ({"page_size": 0}, "page_size"),
        ({"page_size": 251}, "page_size"),
        ({"page_number": 0}, "page_number"),
        ({"limit": 0}, "limit"),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.ips.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize("bad", ["", "  ", ".", ".."])
async def test_empty_and_dot_ids_are_refused(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, bad: str
) -> None:
    for call in (client.ips.retrieve, client.ips.delete):
        with pytest.raises(InvalidArgumentError) as info:
            await call(bad)
        assert info.value.field == "id"
    with pytest.raises(InvalidArgumentError):
        await client.ips.update(bad, ip_address="198.51.100.17")
    assert fake_api.requests == []
