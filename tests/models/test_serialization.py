"""Models as data: ``to_dict`` / ``to_json`` give the API's JSON shape, unknown
fields and secrets included, while reprs stay short and secret-free."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import attrs
import pytest

from telnyx_sip import UNSET
from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import (
    AniNumberFormat,
    CredentialConnection,
    CredentialInboundParams,
    DtmfType,
    FqdnConnection,
    Ip,
    OutboundFqdnParams,
    UpdateCredentialConnectionRequest,
)
from telnyx_sip.serialization import to_dict, to_json
from tests._support.models import MARKER
from tests.services import _data


@pytest.mark.parametrize("cls", sorted(_data.FACTORIES, key=lambda c: c.__name__))
def test_a_response_model_gives_back_the_json_it_came_from(cls: type[Any]) -> None:
    payload = _data.FACTORIES[cls]()
    model = CONVERTER.structure(payload, cls)
    plain = to_dict(model)
    assert plain == _as_written(payload, model)
    assert CONVERTER.structure(plain, cls) == model
    assert json.loads(to_json(model)) == plain


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def _as_written(payload: dict[str, Any], model: Any) -> dict[str, Any]:
    """The payload as ``to_dict`` writes it: no nulls, date-times ISO 8601."""
    out = _without_nulls(payload)
    for key in out:
        value = getattr(model, key)
        if isinstance(value, dt.datetime):  # "Z" comes back as "+00:00"
            out[key] = value.isoformat()
    return out


def test_unknown_fields_come_back_as_they_were_received() -> None:
    payload = {
        **_data.ip(),
        "brand_new": {"nested": None, "list": [1, None], "extra": "kept"},
        "flag": None,
    }
    model = CONVERTER.structure(payload, Ip)
    assert model.extra["brand_new"]["extra"] == "kept"
    plain = to_dict(model)
    assert plain["brand_new"] == {"nested": None, "list": [1, None], "extra": "kept"}
    assert "flag" in plain
    assert plain["flag"] is None
    assert "extra" not in plain


def test_secrets_are_data_in_the_dict_but_never_in_the_repr() -> None:
    payload = _data.fqdn_connection(password=MARKER)
    payload["outbound"]["ip_authentication_token"] = MARKER + "-token"
    model = CONVERTER.structure(payload, FqdnConnection)
    assert to_dict(model)["password"] == MARKER
    assert to_dict(model)["outbound"]["ip_authentication_token"] == MARKER + "-token"
    assert MARKER in to_json(model)
    assert MARKER not in repr(model)
    assert MARKER not in repr(model.outbound)


def test_values_are_json_values() -> None:
    payload = _data.credential_connection(dtmf_type="Inband", tags=["a", "b"])
    model = CONVERTER.structure(payload, CredentialConnection)
    assert model.dtmf_type is DtmfType.INBAND
    plain = to_dict(model)
    assert type(plain["dtmf_type"]) is str
    assert plain["tags"] == ["a", "b"]
    assert to_json(model, indent=2).startswith('{\n  "id": ')


def test_to_json_keeps_non_ascii_text() -> None:
    model = CONVERTER.structure(_data.ip(), Ip)
    model = attrs.evolve(model, extra={"label": "Zürich ☎"})
    assert '"label": "Zürich ☎"' in to_json(model)


def test_a_request_model_gives_its_body() -> None:
    request = UpdateCredentialConnectionRequest(
        active=True,
        android_push_credential_id=None,
        inbound=CredentialInboundParams(
            channel_limit=3, ani_number_format=AniNumberFormat.E_164
        ),
        tags=("a",),
        password=MARKER,
    )
    assert to_dict(request) == {
        "active": True,
        "android_push_credential_id": None,
        "inbound": {"ani_number_format": "E.164", "channel_limit": 3},
        "password": MARKER,
        "tags": ["a"],
    }
    assert to_dict(OutboundFqdnParams(tech_prefix=UNSET)) == {}


@pytest.mark.parametrize("value", [{"id": "1"}, 7, None, attrs.make_class("X", [])()])
def test_anything_else_is_a_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="expected a telnyx_sip model"):
        to_dict(value)
    with pytest.raises(TypeError, match="expected a telnyx_sip model"):
        to_json(value)


def test_attrs_helpers_work_on_the_frozen_models() -> None:
    model = CONVERTER.structure(_data.credential_connection(), CredentialConnection)
    renamed = attrs.evolve(model, connection_name="renamed")
    assert renamed.connection_name == "renamed"
    assert renamed.id == model.id
    assert to_dict(renamed) == {**to_dict(model), "connection_name": "renamed"}
    # attrs.asdict is the Python view: enum members and tuples, extra apart.
    python_view = attrs.asdict(model)
    assert python_view["dtmf_type"] is model.dtmf_type
    assert python_view["extra"] == {}
