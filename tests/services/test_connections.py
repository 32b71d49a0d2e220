"""Connections (read-only, any type): both operations end to end."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip.models import AnchorsiteOverride, Connection, WebhookApiVersion
from tests._support.fake_api import FakeAPI

from . import _data


async def test_list_encodes_filters_sort_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [
        _data.connection(),
        _data.connection(
            id="1293384261075731600",
            record_type="ip_connection",
            active=False,
            anchorsite_override="Latency",
            tags=[],
            webhook_api_version="1",
        ),
    ]
    fake_api.reply(200, _data.page(items, number=3, size=25, total=52))
    page = await client.connections.list(
        filter_connection_name_contains="office pbx&co",
        filter_fqdn="sip.example.com",
        filter_outbound_voice_profile_id=_data.PROFILE_ID,
        sort="connection_name",
        page_number=3,
        page_size=25,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path, req.body) == ("GET", "/v2/connections", b"")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[connection_name][contains]=office%20pbx%26co",
            "filter[fqdn]=sip.example.com",
            f"filter[outbound_voice_profile_id]={_data.PROFILE_ID}",
            "sort=connection_name",
            "page[number]=3",
            "page[size]=25",
        ]
    )
    assert req.query["filter[connection_name][contains]"] == "office pbx&co"
    assert [type(c) for c in page.items] == [Connection, Connection]
    _data.assert_matches(page.items[0], items[0])
    _data.assert_matches(page.items[1], items[1])
    assert page.items[0].anchorsite_override is AnchorsiteOverride.AMSTERDAM_NETHERLANDS
    assert page.items[1].webhook_api_version is WebhookApiVersion.V1
    assert (page.page_number, page.total_pages, page.total_results) == (3, 3, 52)


@pytest.mark.parametrize("sort", ["created_at", "connection_name", "active"])
async def test_every_sort_value_is_sent(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, sort: Any
) -> None:
    fake_api.reply(200, _data.page([]))
    await client.connections.list(sort=sort)
    assert _data.single(fake_api).query["sort"] == sort


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.connection())
    conn = await client.connections.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/connections/{_data.ODD_ID_QUOTED}"
    assert isinstance(conn, Connection)
    assert conn.tags == ("office", "eu")
    assert conn.webhook_api_version is WebhookApiVersion.V2
    _data.assert_matches(conn, _data.connection())


async def test_retrieve_of_a_sparse_connection(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    sparse = {"id": "1", "record_type": "fqdn_connection", "active": True}
    fake_api.data(sparse)
    conn = await client.connections.retrieve("1")
    _data.assert_matches(conn, sparse)


async def test_bad_sort_lists_the_allowed_values(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.connections.list(sort="-created_at")  # type: ignore[arg-type]
    assert info.value.field == "sort"
    message = str(info.value)
    for allowed in ("'created_at'", "'connection_name'", "'active'"):
        assert allowed in message
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"filter_fqdn": 1}, "filter_fqdn"),
        ({"filter_connection_name_contains": None}, "filter_connection_name_contains"),
        ({"page_size": 251}, "page_size"),
        ({"page_size": 2.5}, "page_size"),
        ({"page_number": 0}, "page_number"),
    ],
)
async def test_bad_list_arguments_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.connections.list(**kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


async def test_retrieve_needs_an_id(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    with pytest.raises(TypeError):
        await client.connections.retrieve()  # type: ignore[call-arg]
    with pytest.raises(InvalidArgumentError) as info:
        await client.connections.retrieve("..")
    assert info.value.field == "id"
    assert fake_api.requests == []
