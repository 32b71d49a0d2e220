"""FQDN connections: every operation end to end against the FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, ResponseValidationError
from telnyx_sip.models import (
    DefaultRoutingMethod,
    FqdnConnection,
    FqdnConnectionAuthenticationMethod,
    FqdnConnectionTransportProtocol,
    InboundFqdn,
    InboundFqdnParams,
    OutboundFqdn,
    OutboundFqdnParams,
    SipRegion,
    SipSubdomainReceiveSettings,
)
from tests._support.fake_api import FakeAPI

from . import _data

TOKEN = "tok-Client-Secret-8080"


async def test_list_encodes_filters_sort_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.page([_data.fqdn_connection()], number=2, size=1))
    page = await client.fqdn_connections.list(
        filter_connection_name_contains="trunk/eu",
        filter_fqdn="sip.example.com",
        filter_outbound_voice_profile_id=_data.PROFILE_ID,
        sort="created_at",
        page_number=2,
        page_size=1,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path) == ("GET", "/v2/fqdn_connections")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[connection_name][contains]=trunk%2Feu",
            "filter[fqdn]=sip.example.com",
            f"filter[outbound_voice_profile_id]={_data.PROFILE_ID}",
            "sort=created_at",
            "page[number]=2",
            "page[size]=1",
        ]
    )
    (conn,) = page.items
    _data.assert_matches(conn, _data.fqdn_connection())


async def test_create_sends_only_the_given_fields(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn_connection(), status=201)
    conn = await client.fqdn_connections.create(connection_name="eu-trunk")
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/fqdn_connections")
    assert req.json == {"connection_name": "eu-trunk"}
    assert isinstance(conn, FqdnConnection)
    assert isinstance(conn.inbound, InboundFqdn)
    assert isinstance(conn.outbound, OutboundFqdn)
    assert conn.transport_protocol is FqdnConnectionTransportProtocol.TLS
    assert conn.inbound.sip_region is SipRegion.EUROPE
    assert (
        conn.inbound.sip_subdomain_receive_settings
        is SipSubdomainReceiveSettings.ONLY_MY_CONNECTIONS
    )
    assert conn.inbound.channel_limit is None
    assert (
        conn.outbound.ip_authentication_method
        is FqdnConnectionAuthenticationMethod.CREDENTIAL_AUTHENTICATION
    )
    assert conn.outbound.encrypted_media is None
    assert conn.txt_ttl == 300
    _data.assert_matches(conn, _data.fqdn_connection())


async def test_create_with_nested_objects(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn_connection(), status=201)
    await client.fqdn_connections.create(
        connection_name="eu-trunk",
        microsoft_teams_sbc=True,
        transport_protocol=FqdnConnectionTransportProtocol.TCP,
        webhook_api_version="2",
        inbound=InboundFqdnParams(
            channel_limit=None,
            default_routing_method=None,
            default_primary_fqdn_id="1293384261075731497",
            default_secondary_fqdn_id=None,
            sip_region="Australia",
            sip_subdomain=None,
            timeout_2xx_secs=600,
        ),
        outbound=OutboundFqdnParams(
            encrypted_media=None,
            ip_authentication_method="ip-authentication",
            ip_authentication_token=TOKEN,
            tech_prefix="0123",
            timeout_1xx_secs=1,
        ),
    )
    assert _data.single(fake_api).json == {
        "connection_name": "eu-trunk",
        "microsoft_teams_sbc": True,
        "transport_protocol": "TCP",
        "webhook_api_version": "2",
        "inbound": {
            "channel_limit": None,
            "default_routing_method": None,
            "default_primary_fqdn_id": "1293384261075731497",
            "default_secondary_fqdn_id": None,
            "sip_region": "Australia",
            "sip_subdomain": None,
            "timeout_2xx_secs": 600,
        },
        "outbound": {
            "encrypted_media": None,
            "ip_authentication_method": "ip-authentication",
            "ip_authentication_token": TOKEN,
            "tech_prefix": "0123",
            "timeout_1xx_secs": 1,
        },
    }


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.fqdn_connection())
    conn = await client.fqdn_connections.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/fqdn_connections/{_data.ODD_ID_QUOTED}"
    _data.assert_matches(conn, _data.fqdn_connection())


async def test_connection_name_is_required_in_answers(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    payload = _data.fqdn_connection()
    del payload["connection_name"]
    fake_api.data(payload)
    with pytest.raises(ResponseValidationError):
        await client.fqdn_connections.retrieve("1")


async def test_update(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.fqdn_connection(active=False))
    conn = await client.fqdn_connections.update(
        _data.CONNECTION_ID,
        active=False,
        connection_name="eu-trunk-2",
        inbound=InboundFqdnParams(
            default_routing_method=DefaultRoutingMethod.ROUND_ROBIN
        ),
        webhook_event_failover_url=None,
    )
    req = _data.single(fake_api)
    assert req.method == "PATCH"
    assert req.raw_path == f"/v2/fqdn_connections/{_data.CONNECTION_ID}"
    assert req.json == {
        "active": False,
        "connection_name": "eu-trunk-2",
        "inbound": {"default_routing_method": "round-robin"},
        "webhook_event_failover_url": None,
    }
    assert conn.active is False


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.fqdn_connection())
    conn = await client.fqdn_connections.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/fqdn_connections/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(conn, _data.fqdn_connection())


async def test_connection_name_is_required(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(TypeError, match="connection_name"):
        await client.fqdn_connections.create(active=True)  # type: ignore[call-arg]
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"connection_name": None}, "connection_name"),
        ({"transport_protocol": "udp"}, "transport_protocol"),
        ({"webhook_api_version": "texml"}, "webhook_api_version"),
        ({"webhook_api_version": 2}, "webhook_api_version"),
        ({"microsoft_teams_sbc": "true"}, "microsoft_teams_sbc"),
        ({"outbound": OutboundFqdnParams(), "inbound": "x"}, "inbound"),
    ],
)
async def test_bad_create_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.fqdn_connections.create(**{"connection_name": "t", **kwargs})
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"connection_name": None}, "connection_name"),
        ({"active": None}, "active"),
        ({"webhook_timeout_secs": 30.0}, "webhook_timeout_secs"),
        ({"outbound": InboundFqdnParams()}, "outbound"),
    ],
)
async def test_bad_update_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.fqdn_connections.update("1", **kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (
            lambda: InboundFqdnParams(default_routing_method="random"),
            "default_routing_method",
        ),
        (lambda: InboundFqdnParams(sip_region=None), "sip_region"),
        (
            lambda: OutboundFqdnParams(ip_authentication_method="token"),
            "ip_authentication_method",
        ),
        (lambda: OutboundFqdnParams(timeout_2xx_secs=0), "timeout_2xx_secs"),
        (
            lambda: OutboundFqdnParams(ip_authentication_token=None),
            "ip_authentication_token",
        ),
    ],
)
def test_bad_nested_values_are_refused(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    assert info.value.field == field


async def test_list_refuses_a_sort_the_api_lacks(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        client.fqdn_connections.list(sort="name")  # type: ignore[arg-type]
    assert info.value.field == "sort"
    assert fake_api.requests == []
