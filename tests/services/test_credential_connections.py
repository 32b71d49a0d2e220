"""Credential connections: every operation end to end against the FakeAPI."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, UnprocessableEntityError
from telnyx_sip.models import (
    AnchorsiteOverride,
    AniNumberFormat,
    CredentialConnection,
    CredentialInbound,
    CredentialInboundParams,
    CredentialOutbound,
    CredentialOutboundParams,
    DtmfType,
    EncryptedMedia,
    JitterBuffer,
    JitterBufferParams,
    NoiseSuppression,
    NoiseSuppressionDetailsParams,
    NoiseSuppressionEngine,
    RegistrationState,
    RegistrationStatus,
    RtcpPort,
    RtcpSettingsParams,
    SimultaneousRinging,
    SipUriCallingPreference,
    T38ReinviteSource,
)
from tests._support.fake_api import FakeAPI

from . import _data

PASSWORD = "pw-Client-Secret-5150"


async def test_list_encodes_filters_sort_and_pages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(200, _data.page([_data.credential_connection()], size=10))
    page = await client.credential_connections.list(
        filter_connection_name_contains="office",
        filter_fqdn="pbx.example.com",
        filter_outbound_voice_profile_id=_data.PROFILE_ID,
        sort="active",
        page_size=10,
    )
    req = _data.single(fake_api)
    assert (req.method, req.path) == ("GET", "/v2/credential_connections")
    assert _data.raw_query(req.raw_path) == sorted(
        [
            "filter[connection_name][contains]=office",
            "filter[fqdn]=pbx.example.com",
            f"filter[outbound_voice_profile_id]={_data.PROFILE_ID}",
            "sort=active",
            "page[number]=1",
            "page[size]=10",
        ]
    )
    (conn,) = page.items
    assert isinstance(conn, CredentialConnection)
    _data.assert_matches(conn, _data.credential_connection())


async def test_create_sends_only_the_required_fields(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.credential_connection(), status=201)
    conn = await client.credential_connections.create(
        connection_name="office-pbx", user_name="office1", password=PASSWORD
    )
    req = _data.single(fake_api)
    assert (req.method, req.raw_path) == ("POST", "/v2/credential_connections")
    assert req.headers["Content-Type"] == "application/json"
    assert req.json == {
        "connection_name": "office-pbx",
        "user_name": "office1",
        "password": PASSWORD,
    }
    assert isinstance(conn.inbound, CredentialInbound)
    assert isinstance(conn.outbound, CredentialOutbound)
    assert isinstance(conn.jitter_buffer, JitterBuffer)
    assert conn.inbound.codecs == ("G722", "OPUS")
    assert conn.inbound.simultaneous_ringing is SimultaneousRinging.ENABLED
    assert conn.outbound.t38_reinvite_source is T38ReinviteSource.CUSTOMER
    assert conn.noise_suppression_details is not None
    assert (
        conn.noise_suppression_details.engine is NoiseSuppressionEngine.DEEP_FILTER_NET
    )
    assert conn.rtcp_settings is not None
    assert conn.rtcp_settings.port is RtcpPort.RTCP_MUX
    assert conn.sip_uri_calling_preference is SipUriCallingPreference.INTERNAL
    _data.assert_matches(conn, _data.credential_connection())


async def test_create_with_nested_objects_and_enums(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.credential_connection(), status=201)
    await client.credential_connections.create(
        connection_name="office-pbx",
        user_name="office1",
        password=PASSWORD,
        active=False,
        anchorsite_override=AnchorsiteOverride.CHICAGO_IL,
        android_push_credential_id=None,
        call_cost_in_webhooks=True,
        default_on_hold_comfort_noise_enabled=False,
        dtmf_type="SIP INFO",
        encode_contact_header_enabled=True,
        encrypted_media=EncryptedMedia.SRTP,
        inbound=CredentialInboundParams(
            ani_number_format=AniNumberFormat.PLUS_E_164_NATIONAL,
            codecs=("G722", "PCMU"),
            timeout_1xx_secs=120,
            simultaneous_ringing="enabled",
        ),
        ios_push_credential_id="ec0c8e5d-439e-4620-a0c1-9d9c8d02a836",
        jitter_buffer=JitterBufferParams(
            enable_jitter_buffer=True, jitterbuffer_msec_min=40
        ),
        noise_suppression=NoiseSuppression.OUTBOUND,
        noise_suppression_details=NoiseSuppressionDetailsParams(
            attenuation_limit=100, engine="krisp_viva_tel"
        ),
        onnet_t38_passthrough_enabled=True,
        outbound=CredentialOutboundParams(
            call_parking_enabled=None,
            outbound_voice_profile_id=_data.PROFILE_ID,
            t38_reinvite_source=T38ReinviteSource.CALLEE_PASSTHRU,
        ),
        rtcp_settings=RtcpSettingsParams(port="rtp+1", report_frequency_secs=5),
        sip_uri_calling_preference="unrestricted",
        tags=("office", "eu"),
        webhook_api_version="texml",
        webhook_event_failover_url=None,
        webhook_event_url="https://hooks.example.com/telnyx",
        webhook_timeout_secs=None,
    )
    assert _data.single(fake_api).json == {
        "connection_name": "office-pbx",
        "user_name": "office1",
        "password": PASSWORD,
        "active": False,
        "anchorsite_override": "Chicago, IL",
        "android_push_credential_id": None,
        "call_cost_in_webhooks": True,
        "default_on_hold_comfort_noise_enabled": False,
        "dtmf_type": "SIP INFO",
        "encode_contact_header_enabled": True,
        "encrypted_media": "SRTP",
        "inbound": {
            "ani_number_format": "+E.164-national",
            "codecs": ["G722", "PCMU"],
            "timeout_1xx_secs": 120,
            "simultaneous_ringing": "enabled",
        },
        "ios_push_credential_id": "ec0c8e5d-439e-4620-a0c1-9d9c8d02a836",
        "jitter_buffer": {"enable_jitter_buffer": True, "jitterbuffer_msec_min": 40},
        "noise_suppression": "outbound",
        "noise_suppression_details": {
            "attenuation_limit": 100,
            "engine": "krisp_viva_tel",
        },
        "onnet_t38_passthrough_enabled": True,
        "outbound": {
            "call_parking_enabled": None,
            "outbound_voice_profile_id": _data.PROFILE_ID,
            "t38_reinvite_source": "callee-passthru",
        },
        "rtcp_settings": {"port": "rtp+1", "report_frequency_secs": 5},
        "sip_uri_calling_preference": "unrestricted",
        "tags": ["office", "eu"],
        "webhook_api_version": "texml",
        "webhook_event_failover_url": None,
        "webhook_event_url": "https://hooks.example.com/telnyx",
        "webhook_timeout_secs": None,
    }


async def test_retrieve_quotes_the_id(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.credential_connection())
    conn = await client.credential_connections.retrieve(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "GET"
    assert req.raw_path == f"/v2/credential_connections/{_data.ODD_ID_QUOTED}"
    assert conn.dtmf_type is DtmfType.RFC_2833
    assert conn.password == "pw-Server-Secret-77"
    _data.assert_matches(conn, _data.credential_connection())


async def test_update_sends_nulls_only_where_allowed(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.credential_connection(active=False))
    conn = await client.credential_connections.update(
        _data.CONNECTION_ID,
        active=False,
        password=PASSWORD,
        android_push_credential_id=None,
        ios_push_credential_id=None,
        encrypted_media=None,
        webhook_event_failover_url=None,
        webhook_timeout_secs=None,
        webhook_api_version="2",
        inbound=CredentialInboundParams(),
    )
    req = _data.single(fake_api)
    assert req.method == "PATCH"
    assert req.raw_path == f"/v2/credential_connections/{_data.CONNECTION_ID}"
    assert req.json == {
        "active": False,
        "password": PASSWORD,
        "android_push_credential_id": None,
        "ios_push_credential_id": None,
        "encrypted_media": None,
        "webhook_event_failover_url": None,
        "webhook_timeout_secs": None,
        "webhook_api_version": "2",
        "inbound": {},
    }
    assert conn.active is False


async def test_update_with_nothing_sends_an_empty_object(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.credential_connection())
    await client.credential_connections.update("42")
    assert _data.single(fake_api).json == {}


async def test_delete(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(_data.credential_connection())
    conn = await client.credential_connections.delete(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "DELETE"
    assert req.raw_path == f"/v2/credential_connections/{_data.ODD_ID_QUOTED}"
    assert req.body == b""
    _data.assert_matches(conn, _data.credential_connection())


async def test_check_registration_status(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.data(_data.registration_status())
    status = await client.credential_connections.check_registration_status(_data.ODD_ID)
    req = _data.single(fake_api)
    assert req.method == "POST"
    assert req.raw_path == (
        f"/v2/credential_connections/{_data.ODD_ID_QUOTED}"
        "/actions/check_registration_status"
    )
    assert req.body == b""
    assert req.headers["Content-Length"] == "0"
    assert "Content-Type" not in req.headers
    assert isinstance(status, RegistrationStatus)
    assert status.status is RegistrationState.REGISTERED
    _data.assert_matches(status, _data.registration_status())


@pytest.mark.parametrize("state", [s.value for s in RegistrationState])
async def test_every_registration_state(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, state: str
) -> None:
    fake_api.data(_data.registration_status(status=state))
    status = await client.credential_connections.check_registration_status("1")
    assert status.status is RegistrationState(state)


async def test_required_fields_are_required(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    create = client.credential_connections.create
    with pytest.raises(TypeError, match="password"):
        await create(connection_name="a", user_name="b")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="user_name"):
        await create(connection_name="a", password="p")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="connection_name"):
        await create(user_name="b", password="p")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        await client.credential_connections.check_registration_status()  # type: ignore[call-arg]
    assert fake_api.requests == []


REQUIRED = {"connection_name": "office-pbx", "user_name": "office1", "password": "p"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"password": None}, "password"),
        ({"password": 1234}, "password"),
        ({"active": None}, "active"),
        ({"active": 1}, "active"),
        ({"anchorsite_override": "Chicago"}, "anchorsite_override"),
        ({"dtmf_type": DtmfType}, "dtmf_type"),
        ({"encrypted_media": "ZRTP"}, "encrypted_media"),
        ({"webhook_timeout_secs": 31}, "webhook_timeout_secs"),
        ({"webhook_timeout_secs": -1}, "webhook_timeout_secs"),
        ({"webhook_event_url": None}, "webhook_event_url"),
        ({"tags": "office"}, "tags"),
        ({"tags": ["office", 7]}, "tags[1]"),
        # A plain dict is checked like the class, its fields named in full.
        ({"inbound": {"channel_limit": "1"}}, "inbound.channel_limit"),
        ({"inbound": {"channel_limt": 1}}, "inbound"),
        ({"inbound": ["channel_limit"]}, "inbound"),
        ({"inbound": CredentialOutboundParams()}, "inbound"),
        ({"jitter_buffer": None}, "jitter_buffer"),
    ],
)
async def test_bad_body_values_are_refused_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await client.credential_connections.create(**{**REQUIRED, **kwargs})
    assert info.value.field == field
    with pytest.raises(InvalidArgumentError) as info:
        await client.credential_connections.update("1", **kwargs)
    assert info.value.field == field
    assert fake_api.requests == []


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: CredentialInboundParams(timeout_1xx_secs=0), "timeout_1xx_secs"),
        (lambda: CredentialInboundParams(timeout_2xx_secs=601), "timeout_2xx_secs"),
        (lambda: CredentialInboundParams(codecs=[None]), "codecs[0]"),
        (
            lambda: CredentialOutboundParams(ani_override_type="never"),
            "ani_override_type",
        ),
        (
            lambda: JitterBufferParams(jitterbuffer_msec_max=401),
            "jitterbuffer_msec_max",
        ),
        (
            lambda: NoiseSuppressionDetailsParams(attenuation_limit=15),
            "attenuation_limit",
        ),
        (lambda: RtcpSettingsParams(capture_enabled="yes"), "capture_enabled"),
    ],
)
def test_bad_nested_values_are_refused(build: Any, field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    assert info.value.field == field


async def test_password_never_shows_in_errors(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(422, {"errors": [{"code": "10015", "title": "Invalid"}]})
    with pytest.raises(UnprocessableEntityError) as info:
        await client.credential_connections.create(**{**REQUIRED, "password": PASSWORD})
    assert PASSWORD not in str(info.value)
    assert PASSWORD not in repr(info.value)
    assert len(fake_api.requests) == 1
