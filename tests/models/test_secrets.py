"""Secrets never show in reprs or error messages."""

from __future__ import annotations

import json
import typing
from typing import Any

import attrs
import pytest

from telnyx_sip import AmbiguousOutcomeError, AsyncTelnyxSIP, _meta
from telnyx_sip._converter import CONVERTER, to_json
from telnyx_sip._types import REDACTED
from telnyx_sip.models import (
    REQUEST_MODELS,
    RESPONSE_MODELS,
    CredentialConnection,
    FqdnConnection,
    IpConnection,
    OutboundFqdnParams,
    UpdateCredentialConnectionRequest,
)
from tests._support.fake_api import FakeAPI
from tests._support.models import MARKER, union_args
from tests.services import _data

SECRET_NAMES = ("password", "token", "secret")


def _is_secret(name: str) -> bool:
    return any(word in name for word in SECRET_NAMES)


def _required_value(hint: object) -> object:
    for arg in union_args(hint):
        if arg is str:
            return "required-value"
    raise AssertionError(f"no sample for a required {hint}")


SECRET_FIELDS = [
    (cls, field.name)
    for cls in (*REQUEST_MODELS, *RESPONSE_MODELS)
    for field in attrs.fields(cls)
    if _is_secret(field.name)
]


def test_the_secret_fields_are_the_known_ones() -> None:
    names = {(cls.__name__, name) for cls, name in SECRET_FIELDS}
    assert {name for _, name in names} == {"password", "ip_authentication_token"}
    assert ("CreateCredentialConnectionRequest", "password") in names
    assert ("OutboundIpParams", "ip_authentication_token") in names
    assert ("OutboundFqdn", "ip_authentication_token") in names


@pytest.mark.parametrize(
    ("cls", "name"), SECRET_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in SECRET_FIELDS]
)
def test_secret_fields_are_redacted_in_repr(cls: type[Any], name: str) -> None:
    hints = typing.get_type_hints(cls)
    kwargs: dict[str, object] = {
        f.name: _required_value(hints[f.name])
        for f in attrs.fields(cls)
        if f.default is attrs.NOTHING
    }
    kwargs[name] = MARKER
    text = repr(cls(**kwargs))
    assert MARKER not in text
    if cls in RESPONSE_MODELS:
        # Response reprs are short: a secret is never among the fields shown.
        assert f"{name}=" not in text
    else:
        # A request shows every field, so the caller sees the secret was set.
        assert f"{name}={REDACTED}" in text


def test_unset_secrets_show_as_unset() -> None:
    assert "password=UNSET" in repr(UpdateCredentialConnectionRequest(active=True))
    assert "ip_authentication_token=UNSET" in repr(OutboundFqdnParams())


@pytest.mark.parametrize(
    "cls",
    [CredentialConnection, FqdnConnection, IpConnection],
    ids=lambda c: c.__name__,
)
def test_secrets_in_answers_are_redacted(cls: type[Any]) -> None:
    payload = _data.FACTORIES[cls]()
    if "password" in payload:
        payload["password"] = MARKER
    if (
        isinstance(payload.get("outbound"), dict)
        and "ip_authentication_token" in (payload["outbound"])
    ):
        payload["outbound"]["ip_authentication_token"] = MARKER + "-token"
    obj = CONVERTER.structure(payload, cls)
    text = repr(obj)
    assert MARKER not in text
    assert "password=" not in text
    assert "ip_authentication_token=" not in text
    # The values are still there for whoever needs them.
    assert MARKER in (getattr(obj, "password", None) or "") + str(
        getattr(obj.outbound, "ip_authentication_token", "")
    )


async def test_request_secrets_do_not_reach_error_messages(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(500, {"errors": [{"code": "10001", "title": "Server error"}]})
    with pytest.raises(AmbiguousOutcomeError) as info:
        await client.fqdn_connections.create(
            connection_name="t",
            outbound=OutboundFqdnParams(ip_authentication_token=MARKER),
        )
    assert MARKER not in str(info.value)
    assert MARKER not in repr(info.value)
    assert MARKER.encode() in fake_api.requests[0].body


def test_plain_json_shows_every_secret_as_the_marker() -> None:
    payload = _data.fqdn_connection(password=MARKER)
    payload["outbound"]["ip_authentication_token"] = MARKER + "-token"
    payload["brand_new_secret_holder"] = {"password": MARKER}  # an unknown key
    obj = CONVERTER.structure(payload, FqdnConnection)
    plain = to_json(obj)
    assert MARKER not in json.dumps(plain)
    assert plain["password"] == REDACTED
    assert plain["outbound"]["ip_authentication_token"] == REDACTED
    assert plain["brand_new_secret_holder"] == {"password": REDACTED}
    # The generated list is the models' own: every field they hide in reprs.
    assert {name for _, name in SECRET_FIELDS} == _meta.SECRET_FIELDS
    shown = to_json(obj, redact=False)
    assert shown["password"] == MARKER
    assert shown["outbound"]["ip_authentication_token"] == MARKER + "-token"
