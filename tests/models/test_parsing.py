"""Parsing never lets an unexpected exception escape (hypothesis): random
bodies and spec-shaped ones with values of the wrong type."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telnyx_sip import AsyncTelnyxSIP, ResponseValidationError
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
from tests._support.fake_api import FakeAPI, Reply
from tests._support.spec import spec_op
from tests.services import _data

_json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
JSON = st.recursive(
    _json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)

# (service, method, model, answer under ``data``): the calls that return one
# object.
SINGLE_OBJECT_CALLS: list[tuple[str, str, type[Any], bool]] = [
    ("access_ip_ranges", "delete", AccessIpRange, False),
    ("connections", "retrieve", Connection, True),
    ("credential_connections", "retrieve", CredentialConnection, True),
    ("credential_connections", "check_registration_status", RegistrationStatus, True),
    ("fqdn_connections", "retrieve", FqdnConnection, True),
    ("fqdns", "retrieve", Fqdn, True),
    ("ip_connections", "retrieve", IpConnection, True),
    ("ips", "retrieve", Ip, True),
    ("outbound_voice_profiles", "retrieve", OutboundVoiceProfile, True),
]
CALL_IDS = [f"{s}.{m}" for s, m, _, _ in SINGLE_OBJECT_CALLS]

# One server and client serve every example of a test; each example queues
# its own reply, so sharing them is safe.
SHARED_FIXTURES = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


async def _fetch(
    client: AsyncTelnyxSIP, service: str, method: str, model: type[Any]
) -> Any:
    """Call the API and insist on a model or a ResponseValidationError."""
    try:
        result = await getattr(getattr(client, service), method)("obj-1")
    except ResponseValidationError as exc:
        return exc
    assert type(result) is model
    return result


@SHARED_FIXTURES
@given(
    call=st.sampled_from(SINGLE_OBJECT_CALLS),
    body=JSON | st.builds(lambda d: {"data": d}, JSON),
    raw=st.none() | st.binary(max_size=40),
)
async def test_random_bodies_give_a_model_or_a_validation_error(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    call: tuple[str, str, type[Any], bool],
    body: Any,
    raw: bytes | None,
) -> None:
    service, method, model, _ = call
    fake_api.replies.append(Reply(200, body, raw=raw))
    await _fetch(client, service, method, model)


class SpecView:
    """The spec with a short repr: hypothesis prints every argument of a
    failing case, and the whole document would drown it."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc

    def __repr__(self) -> str:
        return "SpecView(...)"


@pytest.fixture
def spec_view(spec: dict[str, Any]) -> SpecView:
    return SpecView(spec)


def _deref(spec: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _spec_data_schema(
    spec: Mapping[str, Any], service: str, method: str
) -> Mapping[str, Any]:
    """The response object schema of one of the single-object calls."""
    module = __import__(f"telnyx_sip.services.{service}", fromlist=["_"])
    op = getattr(module, f"_{method.upper()}")
    responses = spec_op(spec, op)["responses"]
    code = next(c for c in sorted(responses) if c.startswith("2"))
    schema = _deref(
        spec, _deref(spec, responses[code])["content"]["application/json"]["schema"]
    )
    return _deref(spec, schema["properties"]["data"]) if op.envelope else schema


def _valid_value(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Any:
    node = _deref(spec, schema)
    types_ = node.get("type", [])
    types_ = [types_] if isinstance(types_, str) else list(types_)
    nullable = "null" in types_ or None in node.get("enum", [])
    kinds = [t for t in types_ if t != "null"]
    strategy: st.SearchStrategy[Any]
    if "enum" in node:
        strategy = st.sampled_from([v for v in node["enum"] if v is not None])
    elif "properties" in node:
        strategy = _object_strategy(spec, node, swap=False).map(lambda pair: pair[0])
    elif kinds == ["string"] and node.get("format") == "date-time":
        strategy = st.datetimes(timezones=st.just(dt.timezone.utc)).map(
            lambda d: d.isoformat()
        )
    elif kinds == ["string"]:
        strategy = st.text(max_size=20)
    elif kinds == ["integer"]:
        strategy = st.integers(node.get("minimum"), node.get("maximum"))
    elif kinds == ["number"]:
        strategy = st.floats(allow_nan=False, allow_infinity=False)
    elif kinds == ["boolean"]:
        strategy = st.booleans()
    elif kinds == ["array"]:
        strategy = st.lists(_valid_value(spec, node["items"]), max_size=3)
    else:
        strategy = st.dictionaries(st.text(max_size=5), JSON, max_size=2)
    return strategy | st.none() if nullable else strategy


def _object_strategy(
    spec: Mapping[str, Any],
    schema: Mapping[str, Any],
    *,
    swap: bool,
    identity: frozenset[str] = frozenset(),
) -> st.SearchStrategy[tuple[dict[str, Any], bool]]:
    """Objects following ``schema``; with ``swap``, some values are random JSON.

    Draws ``(payload, swapped)`` where ``swapped`` says whether any value was
    replaced by random JSON. ``identity`` names fields always drawn besides
    the spec's required ones (a resource object's ``id`` and ``record_type``).
    """
    node = _deref(spec, schema)
    required = set(node.get("required", ())) | identity

    @st.composite
    def build(draw: Callable[..., Any]) -> tuple[dict[str, Any], bool]:
        out: dict[str, Any] = {}
        swapped = False
        for name, sub in node["properties"].items():
            if name not in required and not draw(st.booleans()):
                continue
            if swap and draw(st.integers(0, 3)) == 0:
                out[name] = draw(JSON)
                swapped = True
            else:
                out[name] = draw(_valid_value(spec, sub))
        return out, swapped

    return build()


_STRATEGIES: dict[str, st.SearchStrategy[tuple[dict[str, Any], bool]]] = {}


@pytest.mark.parametrize(
    ("service", "method", "model", "wrapped"), SINGLE_OBJECT_CALLS, ids=CALL_IDS
)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_spec_shaped_bodies_with_swapped_types(
    spec_view: SpecView,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    service: str,
    method: str,
    model: type[Any],
    wrapped: bool,
    data: st.DataObject,
) -> None:
    key = f"{service}.{method}"
    if key not in _STRATEGIES:
        schema = _spec_data_schema(spec_view.doc, service, method)
        identity = frozenset(
            a.name for a in attrs.fields(model) if a.default is attrs.NOTHING
        )
        _STRATEGIES[key] = _object_strategy(
            spec_view.doc, schema, swap=True, identity=identity
        )
    payload, swapped = data.draw(_STRATEGIES[key], label="payload")
    fake_api.reply(200, {"data": payload} if wrapped else payload)
    result = await _fetch(client, service, method, model)
    if not swapped:
        # Everything followed the spec: it must parse, and exactly.
        assert not isinstance(result, ResponseValidationError), result
        _data.assert_matches(result, payload)


# One strategy per JSON kind, to draw a value of a kind a field does not take.
_BY_KIND: Mapping[str, st.SearchStrategy[Any]] = {
    "null": st.none(),
    "boolean": st.booleans(),
    "integer": st.integers(),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "string": st.text(max_size=10),
    "array": st.lists(_json_leaf, max_size=3),
    "object": st.dictionaries(st.text(max_size=6), _json_leaf, max_size=3),
}


def _allowed_kinds(node: Mapping[str, Any], *, required: bool) -> set[str]:
    """The JSON kinds a field takes. ``null`` is taken by every optional
    field (an absent and a null property mean the same to a client)."""
    types_ = node.get("type", [])
    kinds = {types_} if isinstance(types_, str) else set(types_)
    if "enum" in node:
        kinds |= {"string"} | ({"null"} if None in node["enum"] else set())
    if "properties" in node:
        kinds.add("object")
    if "number" in kinds:
        kinds.add("integer")
    if not required:
        kinds.add("null")
    return kinds


def _leaves(
    spec: Mapping[str, Any], schema: Mapping[str, Any], path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Mapping[str, Any], bool]]:
    """Every property of ``schema`` (nested objects and array items too),
    and whether it is required."""
    node = _deref(spec, schema)
    required = set(node.get("required", ()))
    for name, sub in node["properties"].items():
        child = _deref(spec, sub)
        yield (*path, name), child, name in required
        if "properties" in child:
            yield from _leaves(spec, child, (*path, name))
        elif "items" in child:
            yield (*path, name, "[]"), _deref(spec, child["items"]), True


def _put(payload: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    *parents, last = path
    target = payload
    for name in parents:
        target = target[name]
    target[last] = value


@pytest.mark.parametrize(
    ("service", "method", "model", "wrapped"), SINGLE_OBJECT_CALLS, ids=CALL_IDS
)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
async def test_values_of_the_wrong_json_type_are_refused(
    spec_view: SpecView,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    service: str,
    method: str,
    model: type[Any],
    wrapped: bool,
    data: st.DataObject,
) -> None:
    spec = spec_view.doc
    schema = _spec_data_schema(spec, service, method)
    leaves = list(_leaves(spec, schema))
    path, node, required = data.draw(st.sampled_from(leaves), label="where")
    allowed = _allowed_kinds(node, required=required)
    wrong = data.draw(
        st.one_of([s for kind, s in _BY_KIND.items() if kind not in allowed]),
        label="value",
    )
    payload = _data.FACTORIES[model]()
    if path[-1] == "[]":
        _put(payload, path[:-1], [wrong])
    else:
        _put(payload, path, wrong)
    fake_api.reply(200, {"data": payload} if wrapped else payload)
    result = await _fetch(client, service, method, model)
    assert isinstance(result, ResponseValidationError), (path, wrong, result)
