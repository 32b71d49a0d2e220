"""The strict converter, a drift catcher for tests, and what both converters
refuse: values of the wrong type, data that is not an object."""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

import attrs
import cattrs
import pytest

from telnyx_sip import AsyncTelnyxSIP, ResponseValidationError
from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import (
    RESPONSE_MODELS,
    AccessIpRange,
    Connection,
    CredentialConnection,
    Ip,
    OutboundVoiceProfile,
)
from tests._support.fake_api import FakeAPI
from tests._support.models import MARKER, STRICT, nested_class, nested_fields
from tests.services import _data


def _missing(cls: type[Any], payload: Mapping[str, Any], where: str) -> list[str]:
    """Model fields (nested included) that ``payload`` leaves out."""
    hints = typing.get_type_hints(cls)
    out = []
    for field in attrs.fields(cls):
        if field.name == "extra":
            continue
        if field.name not in payload:
            out.append(f"{where}.{field.name}")
            continue
        nested = nested_class(hints[field.name])
        value = payload[field.name]
        if nested is not None and isinstance(value, dict):
            out += _missing(nested, value, f"{where}.{field.name}")
    return out


@pytest.mark.parametrize("cls", list(_data.FACTORIES), ids=lambda c: c.__name__)
def test_full_fixture_structures_strictly(cls: type[Any]) -> None:
    payload = _data.FACTORIES[cls]()
    assert _missing(cls, payload, cls.__name__) == [], "the fixture is not complete"
    obj = STRICT.structure(payload, cls)
    _data.assert_matches(obj, payload)
    assert CONVERTER.structure(payload, cls) == obj


def test_fixtures_cover_every_response_model() -> None:
    reached: set[type[Any]] = set()

    def walk(cls: type[Any]) -> None:
        reached.add(cls)
        for _, nested in nested_fields(cls):
            walk(nested)

    for cls in _data.FACTORIES:
        walk(cls)
    assert reached == set(RESPONSE_MODELS)


def test_strict_converter_rejects_unknown_keys() -> None:
    with pytest.raises(cattrs.BaseValidationError) as info:
        STRICT.structure({**_data.ip(), "surprise": 1}, Ip)
    assert "surprise" in "\n".join(cattrs.transform_error(info.value))
    nested = _data.outbound_voice_profile()
    nested["calling_window"]["time_zone"] = "UTC"
    with pytest.raises(cattrs.BaseValidationError):
        STRICT.structure(nested, OutboundVoiceProfile)
    # The lenient converter keeps both.
    assert CONVERTER.structure({**_data.ip(), "surprise": 1}, Ip).extra == {
        "surprise": 1
    }


WRONG_TYPES = [
    (Ip, "port", True),
    (Ip, "port", "5060"),
    (Ip, "port", 50.6),
    (Ip, "ip_address", 3232235777),
    (AccessIpRange, "cidr_block", None),
    (AccessIpRange, "id", 5),
    (AccessIpRange, "created_at", "yesterday"),
    (AccessIpRange, "created_at", 1700000000),
    (AccessIpRange, "status", 1),
    (OutboundVoiceProfile, "name", 123),
    (OutboundVoiceProfile, "max_destination_rate", True),
    (OutboundVoiceProfile, "calling_window", "08:00-20:00"),
    (Connection, "tags", "office"),
    (Connection, "tags", {"office": True}),
    (Connection, "tags", ["office", 1]),
    (Connection, "tags", [None]),
    (Connection, "active", "true"),
    (Connection, "anchorsite_override", 5),
    (CredentialConnection, "rtcp_settings", ""),
    (CredentialConnection, "rtcp_settings", []),
    (CredentialConnection, "inbound", ["codecs"]),
]


@pytest.mark.parametrize(
    ("cls", "name", "value"),
    WRONG_TYPES,
    ids=[f"{c.__name__}.{n}={v!r}" for c, n, v in WRONG_TYPES],
)
def test_values_of_the_wrong_type_are_not_coerced(
    cls: type[Any], name: str, value: object
) -> None:
    payload = {**_data.FACTORIES[cls](), name: value}
    for converter in (CONVERTER, STRICT):
        with pytest.raises((cattrs.BaseValidationError, TypeError, ValueError)):
            converter.structure(payload, cls)


@pytest.mark.parametrize("data", ["", [], "ip", 7, None, True])
async def test_data_that_is_not_an_object_is_a_validation_error(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, data: object
) -> None:
    fake_api.data(data)
    with pytest.raises(ResponseValidationError) as info:
        await client.ips.retrieve("1")
    assert info.value.status == 200
    assert info.value.body


async def test_validation_errors_do_not_echo_secrets(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    payload = _data.credential_connection(password=MARKER, tags="not-a-list")
    fake_api.data(payload)
    with pytest.raises(ResponseValidationError) as info:
        await client.credential_connections.retrieve("1")
    assert "tags" in str(info.value)
    assert MARKER not in str(info.value)
    assert MARKER not in repr(info.value)
