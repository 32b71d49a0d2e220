"""Models: forward compatibility, the strict drift catcher, parsing robustness,
request validation and secret redaction."""

from __future__ import annotations

import datetime as dt
import enum
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from telnyx_sip import (
    UNSET,
    AmbiguousOutcomeError,
    AsyncTelnyxSIP,
    InvalidArgumentError,
    ResponseValidationError,
)
from telnyx_sip._converter import CONVERTER, make
from telnyx_sip._types import REDACTED
from telnyx_sip.models import (
    REQUEST_MODELS,
    RESPONSE_MODELS,
    AccessIpRange,
    CallingWindowParams,
    Connection,
    CreateCredentialConnectionRequest,
    CreateIpRequest,
    CreateOutboundVoiceProfileRequest,
    CredentialConnection,
    CredentialInboundParams,
    CredentialOutboundParams,
    Fqdn,
    FqdnConnection,
    FqdnConnectionTransportProtocol,
    Ip,
    IpConnection,
    JitterBufferParams,
    NoiseSuppressionDetailsParams,
    OutboundFqdnParams,
    OutboundVoiceProfile,
    RegistrationStatus,
    UpdateCredentialConnectionRequest,
    UpdateFqdnRequest,
)

from ._support.fake_api import FakeAPI, Reply
from .services import _data

STRICT = make(strict=True)
SECRET_NAMES = ("password", "token", "secret")
MARKER = "s3cr3t-Marker-value-0042"


def _union_args(hint: object) -> tuple[Any, ...]:
    return typing.get_args(hint) if typing.get_args(hint) else (hint,)


def _nested_class(hint: object) -> type[Any] | None:
    for arg in _union_args(hint):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


def _enum_class(hint: object) -> type[enum.Enum] | None:
    for arg in _union_args(hint):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return arg
    return None


def _payload_for(cls: type[Any]) -> dict[str, Any]:
    """A full payload for top-level models, an empty one for nested objects."""
    factory = _data.FACTORIES.get(cls)
    return factory() if factory is not None else {}


# --------------------------------------------------------------------------
# Forward compatibility.


@pytest.mark.parametrize("cls", list(_data.FACTORIES), ids=lambda c: c.__name__)
def test_unknown_top_level_keys_land_in_extra(cls: type[Any]) -> None:
    base = _data.FACTORIES[cls]()
    added = {"brand_new_flag": True, "brand_new_object": {"a": [1, 2]}}
    obj = CONVERTER.structure({**base, **added}, cls)
    assert obj.extra == added
    _data.assert_matches(attrs.evolve(obj, extra={}), base)


def _nested_fields(cls: type[Any]) -> Iterator[tuple[str, type[Any]]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        nested = _nested_class(hints[field.name])
        if nested is not None:
            yield field.name, nested


NESTING = [
    (cls, name, nested)
    for cls in _data.FACTORIES
    for name, nested in _nested_fields(cls)
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
            enum_cls = _enum_class(hints[field.name])
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
    payload = {**_payload_for(cls), name: "value-from-the-future"}
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


# --------------------------------------------------------------------------
# The strict converter: a drift catcher for tests.


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
        nested = _nested_class(hints[field.name])
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
        for _, nested in _nested_fields(cls):
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


# --------------------------------------------------------------------------
# Parsing never lets an unexpected exception escape (hypothesis).

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
    responses = spec["paths"][op.path][op.method.lower()]["responses"]
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
    spec: Mapping[str, Any], schema: Mapping[str, Any], *, swap: bool
) -> st.SearchStrategy[tuple[dict[str, Any], bool]]:
    """Objects following ``schema``; with ``swap``, some values are random JSON.

    Draws ``(payload, swapped)`` where ``swapped`` says whether any value was
    replaced by random JSON.
    """
    node = _deref(spec, schema)
    required = set(node.get("required", ()))

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
        _STRATEGIES[key] = _object_strategy(spec_view.doc, schema, swap=True)
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


# --------------------------------------------------------------------------
# Request models check their fields when built.


def _invalid(build: Callable[[], object]) -> InvalidArgumentError:
    with pytest.raises(InvalidArgumentError) as info:
        build()
    error = info.value
    assert isinstance(error, ValueError)
    assert str(error).startswith(f"{error.field}: ")
    return error


def test_bool_is_not_an_int() -> None:
    error = _invalid(lambda: CreateIpRequest(ip_address="198.51.100.7", port=True))
    assert error.field == "port"
    assert "expected an int, got bool" in str(error)
    error = _invalid(lambda: UpdateFqdnRequest(port=False))
    assert error.field == "port"


def test_int_is_not_a_bool() -> None:
    error = _invalid(lambda: UpdateCredentialConnectionRequest(active=1))
    assert error.field == "active"
    assert "expected a bool, got int" in str(error)


def test_enum_message_lists_the_allowed_values() -> None:
    error = _invalid(lambda: UpdateCredentialConnectionRequest(dtmf_type="rfc2833"))
    assert error.field == "dtmf_type"
    assert "'RFC 2833', 'Inband', 'SIP INFO'" in str(error)
    assert "'rfc2833'" in str(error)
    # Members and their plain values are both accepted.
    UpdateCredentialConnectionRequest(dtmf_type="Inband")


def test_enum_of_the_wrong_type_names_the_field() -> None:
    error = _invalid(lambda: NoiseSuppressionDetailsParams(engine=3))
    assert error.field == "engine"
    assert "'denoiser'" in str(error)


@pytest.mark.parametrize(
    ("value", "text"), [(39, "must be >= 40, got 39"), (401, "must be <= 400, got 401")]
)
def test_minimum_and_maximum(value: int, text: str) -> None:
    JitterBufferParams(jitterbuffer_msec_min=40)
    JitterBufferParams(jitterbuffer_msec_min=400)
    error = _invalid(lambda: JitterBufferParams(jitterbuffer_msec_min=value))
    assert error.field == "jitterbuffer_msec_min"
    assert text in str(error)


def test_multiple_of() -> None:
    NoiseSuppressionDetailsParams(attenuation_limit=90)
    error = _invalid(lambda: NoiseSuppressionDetailsParams(attenuation_limit=95))
    assert error.field == "attenuation_limit"
    assert "multiple of 10" in str(error)


def test_min_length() -> None:
    CreateOutboundVoiceProfileRequest(name="abc")
    error = _invalid(lambda: CreateOutboundVoiceProfileRequest(name="ab"))
    assert error.field == "name"
    assert "at least 3 characters" in str(error)


@pytest.mark.parametrize(
    "bad",
    ["1234", "6a09cdc3-8948-47f0-aa62-74ac943d6c5", "6a09cdc3894847f0aa6274ac943d6c58"],
)
def test_uuid(bad: str) -> None:
    CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=_data.UUID)
    CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=None)
    error = _invalid(
        lambda: CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=bad)
    )
    assert error.field == "billing_group_id"
    assert "UUID" in str(error)


@pytest.mark.parametrize("bad", ["8", "8:00", "25:00", "08:60", "08:00 PM"])
def test_time_of_day(bad: str) -> None:
    CallingWindowParams(start_time="08:00", end_time="20:00:00.00Z")
    error = _invalid(lambda: CallingWindowParams(start_time=bad))
    assert error.field == "start_time"


def test_nested_params_must_be_their_class() -> None:
    required = {"connection_name": "c", "user_name": "u", "password": "p"}
    error = _invalid(
        lambda: CreateCredentialConnectionRequest(
            **required, inbound=CredentialOutboundParams()
        )
    )
    assert error.field == "inbound"
    assert "expected a CredentialInboundParams, got CredentialOutboundParams" in str(
        error
    )
    error = _invalid(
        lambda: CreateCredentialConnectionRequest(
            **required, outbound={"channel_limit": 1}
        )
    )
    assert error.field == "outbound"
    assert "got dict" in str(error)


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("office", "tags"),
        (b"office", "tags"),
        ({"office"}, "tags"),
        (["office", 7], "tags[1]"),
        (("a", "b", None), "tags[2]"),
    ],
)
def test_sequence_items(value: object, field: str) -> None:
    UpdateCredentialConnectionRequest(tags=("a", "b"))
    UpdateCredentialConnectionRequest(tags=[])
    error = _invalid(lambda: UpdateCredentialConnectionRequest(tags=value))
    assert error.field == field


def test_nested_sequence_items() -> None:
    error = _invalid(lambda: CredentialInboundParams(codecs=["G722", 711]))
    assert error.field == "codecs[1]"


def test_none_only_where_nullable() -> None:
    assert CONVERTER.unstructure(UpdateFqdnRequest(port=None)) == {"port": None}
    error = _invalid(lambda: UpdateFqdnRequest(fqdn=None))
    assert error.field == "fqdn"
    assert "must not be None" in str(error)


def test_required_fields_need_a_value() -> None:
    with pytest.raises(TypeError):
        CreateIpRequest()  # type: ignore[call-arg]
    error = _invalid(lambda: CreateIpRequest(ip_address=UNSET))
    assert error.field == "ip_address"
    assert "is required" in str(error)


def test_unset_fields_are_left_out() -> None:
    assert CONVERTER.unstructure(UpdateFqdnRequest()) == {}
    assert CONVERTER.unstructure(
        UpdateCredentialConnectionRequest(inbound=CredentialInboundParams(codecs=()))
    ) == {"inbound": {"codecs": []}}


def test_messages_never_echo_string_values() -> None:
    error = _invalid(lambda: CreateIpRequest(ip_address="198.51.100.7", port=MARKER))
    assert MARKER not in str(error)
    error = _invalid(
        lambda: CreateOutboundVoiceProfileRequest(name="abc", billing_group_id=MARKER)
    )
    assert MARKER not in str(error)


# --------------------------------------------------------------------------
# Secrets never show in reprs.


def _is_secret(name: str) -> bool:
    return any(word in name for word in SECRET_NAMES)


def _required_value(hint: object) -> object:
    for arg in _union_args(hint):
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
    assert f"={REDACTED}" in text
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
