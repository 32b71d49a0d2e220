"""IP connections: every operation end to end against the FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip.models import (
    AniOverrideType,
    CreateInboundIpRequest,
    InboundIp,
    InboundIpParams,
    IpConnection,
    IpConnectionAuthenticationMethod,
    NoiseSuppression,
    OutboundIp,
    OutboundIpParams,
    SipRegion,
    SipSubdomainReceiveSettings,
)
from tests._support.fake_api import FakeAPI

from . import _data

TOKEN = "tok-Client-Secret-4242"


async def test_list_encodes_filters_sort_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    items = [_data.ip_connection(), _data.ip_connection(id="2", inbound=None)]
    fake_api.reply(200, _data.page(items, size=250))
    page = await client.ip_connections.list(
        filter_connection_name_contains="pbx",
        filter_fqdn="pbx.example.com",
        filter_outbound_voice_profile_id=_data.PROFILE_ID,
        sort="created_at",
        page_size=250,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path) == ("GET", "/v2/ip_connections")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[connection_name][contains]=pbx",
            "filter[fqdn]=pbx.example.com",
            f"filter[outbound_voice_profile_id]={_data.PROFILE_ID}",
            "sort=created_at",
            "page[number]=1",
            "page[size]=250",
        ]
    )
    assert [type(c) for c in page.items] == [IpConnection, IpConnection]
    _data.assert_matches(page.items[0], items[0])
    _data.assert_matches(page.items[1], items[1])
    assert page.items[1].inbound is None


async def test_create_with_no_fields_sends_an_empty_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip_connection(), status=201)
    conn = await client.ip_connections.create()
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/ip_connections")
    assert req.headers["Content-Type"] == "application/json"
    assert req.json == {}
    assert isinstance(conn.inbound, InboundIp)
    assert isinstance(conn.outbound, OutboundIp)
    assert conn.inbound.sip_region is SipRegion.US
    assert (
        conn.inbound.sip_subdomain_receive_settings
        is SipSubdomainReceiveSettings.FROM_ANYONE
    )
    assert (
        conn.outbound.ip_authentication_method is IpConnectionAuthenticationMethod.TOKEN
    )
    assert conn.outbound.ani_override_type is AniOverrideType.ALWAYS
    assert conn.noise_suppression is NoiseSuppression.BOTH
    _data.assert_matches(conn, _data.ip_connection())


async def test_create_with_nested_objects(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip_connection(), status=201)
    await client.ip_connections.create(
        connection_name="pbx-1",
        transport_protocol="UDP",
        tags=["pbx"],
        inbound=CreateInboundIpRequest(
            sip_region=SipRegion.EUROPE,
            sip_subdomain="pbx1",
            sip_subdomain_receive_settings="only_my_connections",
            channel_limit=30,
        ),
        outbound=OutboundIpParams(
            ip_authentication_method=IpConnectionAuthenticationMethod.TOKEN,
            ip_authentication_token=TOKEN,
            call_parking_enabled=True,
        ),
    )
    assert _data.single(fake_api).json == {
        "connection_name": "pbx-1",
        "transport_protocol": "UDP",
        "tags": ["pbx"],
        "inbound": {
            "sip_region": "Europe",
            "sip_subdomain": "pbx1",
            "sip_subdomain_receive_settings": "only_my_connections",
            "channel_limit": 30,
        },
        "outbound": {
            "ip_authentication_method": "token",
            "ip_authentication_token": TOKEN,
            "call_parking_enabled": True,
        },
    }


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip_connection())
    conn = await client.ip_connections.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/ip_connections/{_data.ODD_ID_QUOTED}"
    _data.assert_matches(conn, _data.ip_connection())


async def test_update_takes_its_own_inbound_params(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.ip_connection())
    await client.ip_connections.update(
        _data.CONNECTION_ID,
        inbound=InboundIpParams(
            default_primary_ip_id="192c3f9e-0000-4b6c-9a8b-000000000001",
            timeout_1xx_secs=10,
        ),
        outbound=OutboundIpParams(tech_prefix="9911"),
        webhook_timeout_secs=None,
        android_push_credential_id=None,
    )
    req = _data.single(fake_api)
    assert req.method == "PATCH"
    assert req.raw_path == f"/v2/ip_connections/{_data.CONNECTION_ID}"
    assert req.json == {
        "inbound": {
            "default_primary_ip_id": "192c3f9e-0000-4b6c-9a8b-000000000001",
            "timeout_1xx_secs": 10,
        },
        "outbound": {"tech_prefix": "9911"},
        "webhook_timeout_secs": None,
        "android_push_credential_id": None,
    }


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.ip_connection())
    conn = await client.ip_connections.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/ip_connections/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(conn, _data.ip_connection())


async def test_create_and_update_take_different_inbound_classes(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.create(inbound=InboundIpParams())  # type: ignore[arg-type]
    assert info.value.field == "inbound"
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.update("1", inbound=CreateInboundIpRequest())  # type: ignore[arg-type]
    assert info.value.field == "inbound"
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"connection_name": None}, "connection_name"),
        ({"connection_name": 5}, "connection_name"),
        ({"transport_protocol": "SCTP"}, "transport_protocol"),
        ({"webhook_api_version": "texml"}, "webhook_api_version"),
        ({"encrypted_media": "srtp"}, "encrypted_media"),
        ({"tags": [["nested"]]}, "tags[0]"),
        ({"outbound": {"tech_prefix": 1}}, "outbound.tech_prefix"),
        ({"outbound": {"tech_prefx": "1"}}, "outbound"),
    ],
)
async def test_bad_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.create(**kwargs)
    assert info.value.field == field
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.update("1", **kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: CreateInboundIpRequest(timeout_1xx_secs=121), "timeout_1xx_secs"),
        (lambda: CreateInboundIpRequest(sip_region="Asia"), "sip_region"),
        (lambda: InboundIpParams(default_primary_ip_id=None), "default_primary_ip_id"),
        (
            lambda: OutboundIpParams(ip_authentication_method="ip-authentication"),
            "ip_authentication_method",
        ),
        (lambda: OutboundIpParams(channel_limit="10"), "channel_limit"),
    ],
)
def test_bad_nested_values_are_refused(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    assert info.value.field == field


async def test_retrieve_needs_a_usable_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.retrieve("  ")
    assert info.value.field == "id"
    with pytest.raises(InvalidArgumentError) as info:
        await client.ip_connections.delete(7)  # type: ignore[arg-type]
    assert info.value.field == "id"
    assert fake_api.requests == []
