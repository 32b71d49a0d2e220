"""Forward compatibility: unknown keys land in ``extra``, unknown enum values
stay strings, and neither shows in reprs or changes equality."""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import cattrs
import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import RESPONSE_MODELS, FqdnConnectionTransportProtocol, Ip
from tests._support.fake_api import FakeAPI
from tests._support.models import STRICT, enum_class, nested_fields, payload_for
from tests.services import _data


@pytest.mark.parametrize("cls", list(_data.FACTORIES), ids=lambda c: c.__name__)
def test_unknown_top_level_keys_land_in_extra(cls: type[Any]) -> None:
    base = _data.FACTORIES[cls]()
    added = {"brand_new_flag": True, "brand_new_object": {"a": [1, 2]}}
    obj = CONVERTER.structure({**base, **added}, cls)
    assert obj.extra == added
    _data.assert_matches(attrs.evolve(obj, extra={}), base)


NESTING = [
    (cls, name, nested)
    for cls in _data.FACTORIES
    for name, nested in nested_fields(cls)
]


@pytest.mark.parametrize(
    ("cls", "name", "nested"),
    NESTING,
    ids=[f"{c.__name__}.{n}" for c, n, _ in NESTING],
)
def test_unknown_nested_keys_land_in_the_nested_extra(
    cls: type[Any], name: str, nested: type[Any]
) -> None:
    payload = _data.FACTORIES[cls]()
    payload[name] = {**(payload[name] or {}), "added_later": {"x": 1}}
    obj = CONVERTER.structure(payload, cls)
    inner = getattr(obj, name)
    assert type(inner) is nested
    assert inner.extra == {"added_later": {"x": 1}}
    assert obj.extra == {}
    with pytest.raises(cattrs.BaseValidationError):
        STRICT.structure(payload, cls)


def _enum_fields() -> Iterator[tuple[type[Any], str, type[enum.Enum]]]:
    for cls in RESPONSE_MODELS:
        hints = typing.get_type_hints(cls)
        for field in attrs.fields(cls):
            enum_cls = enum_class(hints[field.name])
            if enum_cls is not None:
                yield cls, field.name, enum_cls


ENUM_FIELDS = list(_enum_fields())


@pytest.mark.parametrize(
    ("cls", "name", "enum_cls"),
    ENUM_FIELDS,
    ids=[f"{c.__name__}.{n}" for c, n, _ in ENUM_FIELDS],
)
def test_unknown_enum_values_stay_strings(
    cls: type[Any], name: str, enum_cls: type[enum.Enum]
) -> None:
    payload = {**payload_for(cls), name: "value-from-the-future"}
    value = getattr(CONVERTER.structure(payload, cls), name)
    assert value == "value-from-the-future"
    assert type(value) is str
    with pytest.raises(cattrs.BaseValidationError):
        STRICT.structure(payload, cls)
    known = next(iter(enum_cls))
    payload[name] = known.value
    assert getattr(CONVERTER.structure(payload, cls), name) is known


async def test_new_fields_and_values_arrive_through_the_client(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    payload = _data.fqdn_connection(
        transport_protocol="QUIC", hologram_mode={"level": 3}
    )
    payload["inbound"]["sip_region"] = "Antarctica"
    payload["inbound"]["new_codec_policy"] = "strict"
    fake_api.data(payload)
    conn = await client.fqdn_connections.retrieve("1")
    assert conn.transport_protocol == "QUIC"
    assert not isinstance(conn.transport_protocol, FqdnConnectionTransportProtocol)
    assert conn.extra == {"hologram_mode": {"level": 3}}
    assert conn.inbound is not None
    assert conn.inbound.sip_region == "Antarctica"
    assert conn.inbound.extra == {"new_codec_policy": "strict"}


def test_extra_is_not_in_the_repr() -> None:
    obj = CONVERTER.structure({**_data.ip(), "brand_new_field": "visible?"}, Ip)
    assert obj.extra == {"brand_new_field": "visible?"}
    text = repr(obj)
    assert "extra" not in text
    assert "brand_new_field" not in text
    assert "visible?" not in text
    assert "198.51.100.17" in text


def test_extra_does_not_change_equality_of_known_fields() -> None:
    plain = CONVERTER.structure(_data.ip(), Ip)
    assert plain == CONVERTER.structure(_data.ip(), Ip)
    assert plain.extra == {}
