"""A resource object's identity (``id``, ``record_type``) is required, and its
repr is short: identity and a few key fields, never a secret."""

from __future__ import annotations

import typing
from typing import Any

import attrs
import pytest

from telnyx_sip import AsyncTelnyxSIP, ResponseValidationError
from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import (
    RESPONSE_MODELS,
    AccessIpRange,
    Connection,
    CredentialConnection,
    Fqdn,
    FqdnConnection,
    Ip,
    IpConnection,
    OutboundVoiceProfile,
    RegistrationStatus,
    RtcpSettings,
)
from tests._support.fake_api import FakeAPI
from tests._support.models import MARKER
from tests.services import _data

RESOURCE_OBJECTS = [
    AccessIpRange,
    Connection,
    CredentialConnection,
    Fqdn,
    FqdnConnection,
    Ip,
    IpConnection,
    OutboundVoiceProfile,
]


def _mandatory(cls: type[Any]) -> list[str]:
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING]


@pytest.mark.parametrize("cls", RESOURCE_OBJECTS, ids=lambda c: c.__name__)
def test_identity_fields_come_first_and_are_plain_strings(cls: type[Any]) -> None:
    names = [f.name for f in attrs.fields(cls)]
    identity = [n for n in ("id", "record_type") if n in names]
    assert names[: len(identity)] == identity
    assert set(identity) <= set(_mandatory(cls))
    for name in identity:
        assert typing.get_type_hints(cls)[name] is str


def test_objects_without_an_id_keep_every_field_optional() -> None:
    assert _mandatory(RegistrationStatus) == []
    assert CONVERTER.structure({}, RegistrationStatus).record_type is None


@pytest.mark.parametrize(
    ("missing", "expected"),
    [
        ({"id": None}, "$.id"),
        ({"record_type": None}, "$.record_type"),
        ({"id": 7}, "$.id"),
    ],
)
async def test_an_answer_without_its_identity_is_a_validation_error(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    missing: dict[str, Any],
    expected: str,
) -> None:
    payload = {**_data.ip(), **missing}
    payload = {k: v for k, v in payload.items() if v is not None}
    fake_api.reply(200, {"data": payload})
    with pytest.raises(ResponseValidationError) as info:
        await client.ips.retrieve("1")
    assert expected in str(info.value)
    assert info.value.status == 200


async def test_a_list_item_without_an_id_fails_the_page(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    good = _data.ip()
    bad = {k: v for k, v in _data.ip(id="2").items() if k != "id"}
    fake_api.reply(200, _data.page([good, bad]))
    with pytest.raises(ResponseValidationError, match="id"):
        await client.ips.list()


# -- reprs ------------------------------------------------------------------------


def _full(cls: type[Any]) -> Any:
    return CONVERTER.structure(_data.FACTORIES[cls](), cls)


def _objects(obj: Any) -> list[Any]:
    """``obj`` and every model nested in it."""
    found = [obj]
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        if attrs.has(type(value)):
            found += _objects(value)
    return found


FULL_OBJECTS = {
    type(o): o
    for cls, factory in _data.FACTORIES.items()
    for o in _objects(CONVERTER.structure(factory(), cls))
}


def test_the_full_payloads_reach_every_response_model() -> None:
    assert set(FULL_OBJECTS) == set(RESPONSE_MODELS)


@pytest.mark.parametrize("cls", RESPONSE_MODELS, ids=lambda c: c.__name__)
def test_every_response_repr_is_short(cls: type[Any]) -> None:
    text = repr(FULL_OBJECTS[cls])
    assert text.startswith(f"{cls.__name__}(")
    assert len(text) < 300, text
    assert text.count("=") <= 5


def test_a_credential_connection_shows_its_identity_and_key_fields() -> None:
    payload = _data.credential_connection(password=MARKER)
    obj = CONVERTER.structure(payload, CredentialConnection)
    assert repr(obj) == (
        f"CredentialConnection(id={payload['id']!r}, "
        f"record_type='credential_connection', active={payload['active']!r}, "
        f"connection_name={payload['connection_name']!r})"
    )


def test_small_objects_show_every_field() -> None:
    obj = CONVERTER.structure(_data.rtcp_settings(), RtcpSettings)
    fields = [f.name for f in attrs.fields(RtcpSettings) if f.name != "extra"]
    assert len(fields) <= 5
    assert all(f"{name}=" in repr(obj) for name in fields)


@pytest.mark.parametrize(
    "cls", [Fqdn, Ip, AccessIpRange, OutboundVoiceProfile], ids=lambda c: c.__name__
)
def test_what_identifies_an_object_is_in_its_repr(cls: type[Any]) -> None:
    obj = _full(cls)
    text = repr(obj)
    assert f"id={obj.id!r}" in text
    for name in ("fqdn", "ip_address", "cidr_block", "name"):
        if hasattr(obj, name):
            assert f"{name}={getattr(obj, name)!r}" in text


def test_the_repr_leaves_fields_out_of_nothing_else() -> None:
    a = _full(CredentialConnection)
    b = attrs.evolve(a, user_name="someone-else")
    assert repr(a) == repr(b)
    assert a != b  # equality still sees every field
