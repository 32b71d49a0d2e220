"""JSON arguments into typed calls: ``bind_call`` and ``build_params``.

Plans, journals and the command line carry arguments as plain JSON; these
turn them into a service method's positional path value and keyword
arguments, nested ``*Params`` objects built recursively, and every problem
named by a dotted field before anything is sent.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from telnyx_sip import UNSET, AsyncTelnyxSIP, InvalidArgumentError, Unset
from telnyx_sip._params import bind_call, build_params
from telnyx_sip.models import CredentialInboundParams, InboundIpParams
from telnyx_sip.services.ips import AsyncIps

# Only used to reach bound service methods; it never sends.
CLIENT = AsyncTelnyxSIP("offline-key", base_url="http://127.0.0.1:9/v2")


def _positive(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not UNSET and (not isinstance(value, int) or value < 1):
        raise InvalidArgumentError(attribute.name, f"must be >= 1, got {value!r}")


def _instance_of(cls: type[Any]) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not UNSET and not isinstance(value, cls):
            reason = f"expected a {cls.__name__}, got {type(value).__name__}"
            raise InvalidArgumentError(attribute.name, reason)

    return check


# Three levels deep: the generated models nest only one, so these show that
# building recurses and that field names stay dotted all the way down.
@attrs.frozen(kw_only=True)
class Leaf:
    level: int | Unset = attrs.field(default=UNSET, validator=_positive)


@attrs.frozen(kw_only=True)
class Inner:
    leaf: Leaf | Unset = attrs.field(default=UNSET, validator=_instance_of(Leaf))
    note: str | Unset = UNSET


@attrs.frozen(kw_only=True)
class Outer:
    inner: Inner | Unset = attrs.field(default=UNSET, validator=_instance_of(Inner))


def _invalid(call: Any, *args: Any, **kwargs: Any) -> InvalidArgumentError:
    with pytest.raises(InvalidArgumentError) as info:
        call(*args, **kwargs)
    return info.value


# -- build_params -------------------------------------------------------------------


def test_a_params_class_is_built_from_json() -> None:
    data = {"codecs": ["G722"], "channel_limit": 5}
    built = build_params(CredentialInboundParams, data, where="inbound")
    assert built == CredentialInboundParams(codecs=["G722"], channel_limit=5)


def test_nested_objects_are_built_recursively() -> None:
    built = build_params(
        Outer, {"inner": {"leaf": {"level": 2}, "note": "n"}}, where="outer"
    )
    assert built == Outer(inner=Inner(leaf=Leaf(level=2), note="n"))


@pytest.mark.parametrize("data", [None, [], "text", 7])
def test_a_non_object_is_refused_where_it_is(data: object) -> None:
    error = _invalid(build_params, Outer, data, where="outer")
    assert error.field == "outer"
    assert "expected a JSON object" in str(error)
    # Inside an object, a value that is not one is the model's to judge.
    error = _invalid(build_params, Outer, {"inner": {"leaf": data}}, where="outer")
    assert error.field == "outer.inner.leaf"
    assert "expected a Leaf" in str(error)


def test_unknown_fields_are_listed_with_the_known_ones() -> None:
    error = _invalid(
        build_params, Inner, {"zeta": 1, "alpha": 2, "note": "n"}, where="inner"
    )
    assert error.field == "inner"
    assert "unknown field(s) alpha, zeta; known: leaf, note" in str(error)
    error = _invalid(build_params, Outer, {"inner": {"colour": 1}}, where="outer")
    assert error.field == "outer.inner"
    assert "colour" in str(error)


def test_field_names_in_errors_are_dotted_from_where() -> None:
    error = _invalid(
        build_params, Outer, {"inner": {"leaf": {"level": 0}}}, where="outer"
    )
    assert error.field == "outer.inner.leaf.level"
    assert str(error) == "outer.inner.leaf.level: must be >= 1, got 0"
    error = _invalid(
        build_params, CredentialInboundParams, {"timeout_1xx_secs": 0}, where="inbound"
    )
    assert error.field == "inbound.timeout_1xx_secs"
    assert str(error).startswith("inbound.timeout_1xx_secs: ")


def test_values_are_not_coerced() -> None:
    error = _invalid(
        build_params, CredentialInboundParams, {"channel_limit": "5"}, where="inbound"
    )
    assert error.field == "inbound.channel_limit"
    assert "expected an int, got str" in str(error)


# -- bind_call ------------------------------------------------------------------------


def test_id_fills_the_path_parameter() -> None:
    assert bind_call(CLIENT.ips.retrieve, {"id": "7"}) == (("7",), {})


def test_every_path_parameter_is_id_whatever_the_spec_calls_it() -> None:
    method = CLIENT.access_ip_ranges.delete  # {access_ip_range_id} in the spec
    assert bind_call(method, {"id": "r1"}) == (("r1",), {})
    error = _invalid(bind_call, method, {"access_ip_range_id": "r1", "id": "r2"})
    assert (error.field, str(error)) == (
        "access_ip_range_id",
        "access_ip_range_id: unknown argument",
    )


def test_a_missing_path_parameter_says_how_to_give_it() -> None:
    error = _invalid(bind_call, CLIENT.access_ip_ranges.delete, {})
    assert (error.field, str(error)) == ("id", "id: is required")


def test_keyword_arguments_pass_through_as_given() -> None:
    args = {"ip_address": "192.0.2.1", "port": "5060"}
    assert bind_call(CLIENT.ips.create, args) == ((), args)


@pytest.mark.parametrize("key", ["colour", "options", "self"])
def test_unknown_arguments_are_refused(key: str) -> None:
    error = _invalid(bind_call, CLIENT.ips.create, {"ip_address": "x", key: 1})
    assert error.field == key
    assert "unknown argument" in str(error)


def test_missing_required_arguments_are_refused() -> None:
    error = _invalid(bind_call, CLIENT.ips.create, {"port": 5060})
    assert error.field == "ip_address"
    assert "is required" in str(error)
    error = _invalid(
        bind_call,
        CLIENT.credential_connections.create,
        {"connection_name": "c", "password": "p"},
    )
    assert error.field == "user_name"


def test_nested_mappings_become_their_params_objects() -> None:
    args, kwargs = bind_call(
        CLIENT.ip_connections.update,
        {"id": "c1", "inbound": {"channel_limit": 5}, "active": False},
    )
    assert args == ("c1",)
    assert kwargs == {"inbound": InboundIpParams(channel_limit=5), "active": False}
    # Anything else is left for the service method to judge.
    _, kwargs = bind_call(CLIENT.ip_connections.update, {"id": "c1", "inbound": None})
    assert kwargs == {"inbound": None}


def test_nested_errors_are_named_from_the_argument() -> None:
    error = _invalid(
        bind_call,
        CLIENT.credential_connections.update,
        {"id": "c1", "inbound": {"timeout_1xx_secs": 0}},
    )
    assert error.field == "inbound.timeout_1xx_secs"
    error = _invalid(
        bind_call,
        CLIENT.credential_connections.update,
        {"id": "c1", "inbound": {"colour": "red"}},
    )
    assert error.field == "inbound"
    assert "unknown field(s) colour" in str(error)


def test_bound_and_plain_functions_bind_alike() -> None:
    args = {"id": "7"}
    assert bind_call(AsyncIps.retrieve, args) == bind_call(CLIENT.ips.retrieve, args)
