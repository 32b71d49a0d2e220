"""The one reader of service signatures and request models."""

from __future__ import annotations

import typing

import attrs

from telnyx_sip import AsyncTelnyxSIP, Unset
from telnyx_sip._meta import RESOURCES
from telnyx_sip._signatures import method_shape, model_fields, nested_model
from telnyx_sip.models import (
    CredentialConnection,
    CredentialInboundParams,
    Ip,
    JitterBufferParams,
    UpdateCredentialConnectionRequest,
)
from telnyx_sip.pagination import AsyncPager
from telnyx_sip.services.ips import AsyncIps

# Only used to reach bound service methods; it never sends.
CLIENT = AsyncTelnyxSIP("offline-key", base_url="http://127.0.0.1:9/v2")


def test_a_create_takes_keywords_and_no_path() -> None:
    shape = method_shape(CLIENT.ips.create)
    assert shape.path == ()
    assert list(shape.arguments) == ["ip_address", "connection_id", "port"]
    assert shape.required == ("ip_address",)
    assert shape.arguments["port"].hint == int | Unset
    assert shape.returns is Ip
    assert "options" not in shape.arguments  # per-call options are no argument


def test_an_update_has_its_path_parameter_and_nested_classes() -> None:
    shape = method_shape(CLIENT.credential_connections.update)
    assert shape.path == ("id",)
    assert shape.required == ()
    assert shape.nested["inbound"] is CredentialInboundParams
    assert shape.nested["jitter_buffer"] is JitterBufferParams
    assert shape.arguments["inbound"].nested is CredentialInboundParams
    assert shape.arguments["connection_name"].nested is None
    assert shape.returns is CredentialConnection


def test_a_list_returns_a_pager() -> None:
    shape = method_shape(CLIENT.ips.list)
    assert typing.get_origin(shape.returns) is AsyncPager
    assert typing.get_args(shape.returns) == (Ip,)
    assert {"page_number", "page_size", "limit", "filter_port"} <= set(shape.arguments)


def test_shapes_are_read_once_per_function() -> None:
    bound = method_shape(CLIENT.ips.retrieve)
    assert method_shape(AsyncIps.retrieve) is bound
    assert method_shape(CLIENT.ips.retrieve) is bound


def test_every_action_has_a_shape() -> None:
    for name, meta in RESOURCES.items():
        for action in meta.actions:
            shape = method_shape(getattr(getattr(CLIENT, name), action))
            assert len(shape.path) <= 1, f"{name}.{action}"
            assert set(shape.required) <= set(shape.arguments)
            assert set(shape.nested) <= set(shape.arguments)


def test_model_fields_follow_the_attrs_fields() -> None:
    fields = model_fields(UpdateCredentialConnectionRequest)
    assert list(fields) == [
        a.name for a in attrs.fields(UpdateCredentialConnectionRequest)
    ]
    assert fields["inbound"].nested is CredentialInboundParams
    assert fields["inbound"].name == "inbound"
    assert not any(f.required for f in fields.values())
    assert model_fields(UpdateCredentialConnectionRequest) is fields


def test_nested_model_looks_inside_unions_only() -> None:
    assert nested_model(CredentialInboundParams | Unset) is CredentialInboundParams
    assert nested_model(CredentialInboundParams) is CredentialInboundParams
    assert nested_model(str | None) is None
    assert nested_model(tuple[CredentialInboundParams, ...]) is None
