"""Realistic API payloads for every response model, and a deep model check.

Each factory returns a complete object as the API sends it: every field the
model knows is present, so structuring it with the strict converter catches
drift between the models and these fixtures (see ``tests/models/test_strict.py``).
Keyword arguments replace top-level fields.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from telnyx_sip.models import (
    AccessIpRange,
    Connection,
    CredentialConnection,
    Fqdn,
    FqdnConnection,
    Ip,
    IpConnection,
    OutboundVoiceProfile,
    RegistrationStatus,
)
from tests._support.fake_api import FakeAPI, Recorded

Payload = dict[str, Any]

CONNECTION_ID = "1293384261075731499"
PROFILE_ID = "1293384261075731500"
UUID = "6a09cdc3-8948-47f0-aa62-74ac943d6c58"
CREATED = "2024-02-02T22:25:27.521Z"
UPDATED = "2024-02-03T08:00:01.000Z"
# A path value with every character that could change the path if unquoted.
ODD_ID = "id/1 ?#%é.."
ODD_ID_QUOTED = "id%2F1%20%3F%23%25%C3%A9.."


def _with(base: Payload, overrides: Mapping[str, Any]) -> Payload:
    return {**base, **overrides}


def access_ip_range(**overrides: Any) -> Payload:
    return _with(
        {
            "id": "f1c2d3e4-0000-4a5b-8c9d-0123456789ab",
            "cidr_block": "203.0.113.0/24",
            "status": "added",
            "user_id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "description": "Head office",
            "created_at": "2024-03-01T12:00:00Z",
            "updated_at": "2024-03-01T12:05:30.250000+00:00",
        },
        overrides,
    )


def connection(**overrides: Any) -> Payload:
    return _with(
        {
            "id": CONNECTION_ID,
            "record_type": "credential_connection",
            "active": True,
            "anchorsite_override": "Amsterdam, Netherlands",
            "connection_name": "office-pbx",
            "created_at": CREATED,
            "updated_at": UPDATED,
            "outbound_voice_profile_id": PROFILE_ID,
            "tags": ["office", "eu"],
            "webhook_api_version": "2",
            "webhook_event_failover_url": None,
            "webhook_event_url": "https://hooks.example.com/telnyx",
        },
        overrides,
    )


def jitter_buffer() -> Payload:
    return {
        "enable_jitter_buffer": True,
        "jitterbuffer_msec_max": 200,
        "jitterbuffer_msec_min": 60,
    }


def noise_suppression_details() -> Payload:
    return {"attenuation_limit": 80, "engine": "deep_filter_net"}


def rtcp_settings() -> Payload:
    return {"capture_enabled": True, "port": "rtcp-mux", "report_frequency_secs": 10}


def _connection_common() -> Payload:
    """Fields every connection type shares, with realistic values."""
    return {
        "id": CONNECTION_ID,
        "active": True,
        "anchorsite_override": "Latency",
        "android_push_credential_id": None,
        "call_cost_in_webhooks": False,
        "connection_name": "office-pbx",
        "created_at": CREATED,
        "updated_at": UPDATED,
        "default_on_hold_comfort_noise_enabled": True,
        "dtmf_type": "RFC 2833",
        "encode_contact_header_enabled": False,
        "encrypted_media": "SRTP",
        "ios_push_credential_id": "ec0c8e5d-439e-4620-a0c1-9d9c8d02a836",
        "jitter_buffer": jitter_buffer(),
        "noise_suppression": "both",
        "noise_suppression_details": noise_suppression_details(),
        "onnet_t38_passthrough_enabled": False,
        "rtcp_settings": rtcp_settings(),
        "tags": ["office"],
        "webhook_api_version": "1",
        "webhook_event_failover_url": "https://failover.example.com/telnyx",
        "webhook_event_url": "https://hooks.example.com/telnyx",
        "webhook_timeout_secs": 25,
    }


def _inbound_common() -> Payload:
    return {
        "ani_number_format": "+E.164",
        "channel_limit": 10,
        "codecs": ["G722", "OPUS"],
        "default_routing_method": "sequential",
        "dnis_number_format": "+e164",
        "generate_ringback_tone": True,
        "isup_headers_enabled": False,
        "prack_enabled": True,
        "shaken_stir_enabled": True,
        "sip_compact_headers_enabled": True,
        "timeout_1xx_secs": 3,
        "timeout_2xx_secs": 90,
    }


def _outbound_common() -> Payload:
    return {
        "ani_override": "+13125550100",
        "ani_override_type": "always",
        "call_parking_enabled": None,
        "channel_limit": 20,
        "generate_ringback_tone": False,
        "instant_ringback_enabled": True,
        "localization": "US",
        "outbound_voice_profile_id": PROFILE_ID,
        "t38_reinvite_source": "customer",
    }


def credential_connection(**overrides: Any) -> Payload:
    return _with(
        {
            **_connection_common(),
            "record_type": "credential_connection",
            "user_name": "office1",
            "password": "pw-Server-Secret-77",
            "sip_uri_calling_preference": "internal",
            "inbound": {**_inbound_common(), "simultaneous_ringing": "enabled"},
            "outbound": _outbound_common(),
        },
        overrides,
    )


def fqdn_connection(**overrides: Any) -> Payload:
    return _with(
        {
            **_connection_common(),
            "record_type": "fqdn_connection",
            "adjust_dtmf_timestamp": False,
            "call_cost_enabled": True,
            "ignore_dtmf_duration": False,
            "ignore_mark_bit": True,
            "microsoft_teams_sbc": False,
            "password": "pw-Fqdn-Secret-42",
            "user_name": "fqdn-user",
            "rtp_pass_codecs_on_stream_change": True,
            "send_normalized_timestamps": False,
            "third_party_control_enabled": False,
            "transport_protocol": "TLS",
            "txt_name": "_telnyx.sip.example.com",
            "txt_ttl": 300,
            "txt_value": "telnyx-verification=abc123",
            "inbound": {
                **_inbound_common(),
                "channel_limit": None,
                "default_primary_fqdn_id": "1293384261075731497",
                "default_secondary_fqdn_id": None,
                "default_tertiary_fqdn_id": None,
                "sip_region": "Europe",
                "sip_subdomain": "office",
                "sip_subdomain_receive_settings": "only_my_connections",
            },
            "outbound": {
                **_outbound_common(),
                "encrypted_media": None,
                "ip_authentication_method": "credential-authentication",
                "ip_authentication_token": "tok-Fqdn-Secret-9",
                "tech_prefix": "0123",
                "timeout_1xx_secs": 5,
                "timeout_2xx_secs": 60,
            },
        },
        overrides,
    )


def ip_connection(**overrides: Any) -> Payload:
    return _with(
        {
            **_connection_common(),
            "record_type": "ip_connection",
            "transport_protocol": "UDP",
            "inbound": {
                **_inbound_common(),
                "default_primary_ip_id": "192c3f9e-0000-4b6c-9a8b-000000000001",
                "default_secondary_ip_id": "192c3f9e-0000-4b6c-9a8b-000000000002",
                "default_tertiary_ip_id": "192c3f9e-0000-4b6c-9a8b-000000000003",
                "sip_region": "US",
                "sip_subdomain": "pbx1",
                "sip_subdomain_receive_settings": "from_anyone",
            },
            "outbound": {
                **_outbound_common(),
                "ip_authentication_method": "token",
                "ip_authentication_token": "tok-Ip-Secret-31",
                "tech_prefix": "9911",
            },
        },
        overrides,
    )


def fqdn(**overrides: Any) -> Payload:
    return _with(
        {
            "id": "1293384261075731501",
            "record_type": "fqdn",
            "connection_id": CONNECTION_ID,
            "fqdn": "sip.example.com",
            "dns_record_type": "a",
            "port": 5060,
            "created_at": CREATED,
            "updated_at": UPDATED,
        },
        overrides,
    )


def ip(**overrides: Any) -> Payload:
    return _with(
        {
            "id": "192c3f9e-0000-4b6c-9a8b-000000000001",
            "record_type": "ip",
            "connection_id": CONNECTION_ID,
            "ip_address": "198.51.100.17",
            "port": 5060,
            "created_at": CREATED,
            "updated_at": UPDATED,
        },
        overrides,
    )


def outbound_voice_profile(**overrides: Any) -> Payload:
    return _with(
        {
            "id": PROFILE_ID,
            "record_type": "outbound_voice_profile",
            "name": "Office calls",
            "billing_group_id": UUID,
            "call_recording": {
                "call_recording_caller_phone_numbers": ["+13125550100"],
                "call_recording_channels": "dual",
                "call_recording_format": "mp3",
                "call_recording_type": "by_caller_phone_number",
            },
            "calling_window": {
                "calls_per_cld": 5,
                "start_time": "08:00:00",
                "end_time": "20:00:00",
            },
            "concurrent_call_limit": 10,
            "connections_count": 3,
            "created_at": CREATED,
            "updated_at": UPDATED,
            "daily_spend_limit": "100.00",
            "daily_spend_limit_enabled": True,
            "enabled": True,
            "max_destination_rate": 0.25,
            "service_plan": "global",
            "tags": ["office"],
            "traffic_type": "conversational",
            "usage_payment_method": "rate-deck",
            "whitelisted_destinations": ["US", "CA"],
        },
        overrides,
    )


def registration_status(**overrides: Any) -> Payload:
    return _with(
        {
            "record_type": "registration_status",
            "ip_address": "190.106.106.121",
            "last_registration": "2024-09-28T15:11:02",
            "port": 37223,
            "sip_username": "office1",
            "status": "Registered",
            "transport": "UDP",
            "user_agent": "Z 5.4.12 v2.10.13.2-mod",
        },
        overrides,
    )


FACTORIES: Mapping[type[Any], Callable[..., Payload]] = {
    AccessIpRange: access_ip_range,
    Connection: connection,
    CredentialConnection: credential_connection,
    Fqdn: fqdn,
    FqdnConnection: fqdn_connection,
    Ip: ip,
    IpConnection: ip_connection,
    OutboundVoiceProfile: outbound_voice_profile,
    RegistrationStatus: registration_status,
}
"""A full payload for each model an operation returns."""


def page(
    items: list[Payload], *, number: int = 1, size: int = 20, total: int | None = None
) -> Payload:
    """A list response as the API sends it: ``data`` plus pagination ``meta``."""
    total = len(items) if total is None else total
    return {
        "data": items,
        "meta": {
            "page_number": number,
            "page_size": size,
            "total_pages": -(-total // size) if total else 0,
            "total_results": total,
        },
    }


def single(fake_api: FakeAPI) -> Recorded:
    """The one request the server saw (fails if it saw none or several)."""
    assert len(fake_api.requests) == 1, [r.raw_path for r in fake_api.requests]
    return fake_api.requests[0]


def raw_query(raw_path: str) -> list[str]:
    """The raw ``key=value`` pairs of a request target, sorted, undecoded."""
    _, _, query = raw_path.partition("?")
    return sorted(query.split("&")) if query else []


# -- checking a structured model against the payload it came from ----------


def _union_args(hint: object) -> tuple[object, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _enum_class(hint: object) -> type[enum.Enum] | None:
    for arg in _union_args(hint):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return arg
    return None


def _attrs_class(hint: object) -> type[Any] | None:
    for arg in _union_args(hint):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


def _parse_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _check_value(where: str, hint: object, value: object, raw: object) -> None:
    if raw is None:
        assert value is None, where
        return
    nested = _attrs_class(hint)
    if nested is not None and isinstance(raw, dict):
        assert type(value) is nested, f"{where}: {type(value).__name__}"
        assert_matches(value, raw, where=where)
        return
    enum_cls = _enum_class(hint)
    if enum_cls is not None and raw in {m.value for m in enum_cls}:
        assert type(value) is enum_cls, f"{where}: {value!r} is not {enum_cls}"
        assert value is enum_cls(raw), where
        return
    if isinstance(raw, list):
        assert isinstance(value, tuple), f"{where}: {type(value).__name__}"
        assert list(value) == raw, where
        assert all(type(v) is type(r) for v, r in zip(value, raw, strict=True))
        return
    if isinstance(value, dt.datetime):
        assert isinstance(raw, str), where
        assert value == _parse_datetime(raw), where
        assert value.tzinfo is not None, where
        return
    assert type(value) is type(raw), f"{where}: {type(value).__name__} != {raw!r}"
    assert value == raw, where


def assert_matches(model: Any, payload: Mapping[str, Any], *, where: str = "") -> None:
    """Assert ``model`` holds exactly what ``payload`` says, field by field.

    Nested objects must be their attrs classes, known enum values enum
    members, arrays tuples, date-times aware datetimes; fields the payload
    leaves out must be ``None`` and nothing may land in ``extra``.
    """
    cls = type(model)
    hints = typing.get_type_hints(cls)
    name = where or cls.__name__
    assert model.extra == {}, f"{name}: unexpected extra {sorted(model.extra)}"
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        value = getattr(model, field.name)
        if field.name not in payload:
            assert value is None, f"{name}.{field.name} should be None"
            continue
        _check_value(
            f"{name}.{field.name}", hints[field.name], value, payload[field.name]
        )
    unknown = set(payload) - {f.name for f in attrs.fields(cls)}
    assert not unknown, f"{name}: payload keys the model lacks: {sorted(unknown)}"
