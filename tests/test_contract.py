"""The SDK checked against the Telnyx OpenAPI spec, operation by operation.

Test ids come from the SDK side (its ``Operation`` constants and response
models), so they exist even without the spec; the ``spec`` fixture then
skips them, or fails them under CI, when the file is absent. A separate test
checks that the SDK and the spec list the same operations.

- requests: what the SDK sends validates against the operation's request
  schema (jsonschema, Draft 2020-12, refs resolved in the whole document) and
  carries no key or query parameter the spec lacks;
- responses: every property of every response schema is a field of the model
  with a compatible type, and the model has no field the spec lacks;
- enums: every spec value structures to the enum member and is accepted,
  as a member and as a plain string, by the request arguments;
- signatures: required body properties are required keyword-only arguments,
  the rest optional, ``None`` allowed exactly where the spec allows null;
- lists: filters, sort values and page bounds match the spec's parameters.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import pkgutil
import re
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import cattrs
import pytest
import referencing
from jsonschema import Draft202012Validator
from referencing.jsonschema import DRAFT202012

import telnyx_sip.services
from telnyx_sip import UNSET, AsyncTelnyxSIP, InvalidArgumentError, Unset
from telnyx_sip._converter import CONVERTER, make
from telnyx_sip._operations import ListOperation, Operation
from telnyx_sip.models import RESPONSE_MODELS, Ip

from ._support.fake_api import FakeAPI, Recorded, Reply
from .services import _data

Schema = dict[str, Any]
SPEC_URI = "urn:telnyx-sip:openapi"
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete"})
PATH_VALUE = "abc-123"
STRICT = make(strict=True)


# --------------------------------------------------------------------------
# The SDK side: operations, service methods, type hints.


def _sdk_operations() -> list[tuple[str, Operation]]:
    found: dict[str, tuple[str, Operation]] = {}
    for info in pkgutil.iter_modules(telnyx_sip.services.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"telnyx_sip.services.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Operation) and value.name.startswith(info.name + "."):
                found[value.name] = (info.name, value)
    return [found[name] for name in sorted(found)]


OPERATIONS = _sdk_operations()
OP_IDS = [op.name for _, op in OPERATIONS]
LIST_OPERATIONS = [(r, op) for r, op in OPERATIONS if isinstance(op, ListOperation)]
LIST_IDS = [op.name for _, op in LIST_OPERATIONS]
# Only used to look at services and their signatures; it never sends.
_OFFLINE = AsyncTelnyxSIP("offline-key", base_url="http://127.0.0.1:9/v2")


def _method_name(op: Operation) -> str:
    return op.name.split(".", 1)[1]


def _method(client: AsyncTelnyxSIP, resource: str, op: Operation) -> Any:
    return getattr(getattr(client, resource), _method_name(op))


def _takes_body(resource: str, op: Operation) -> bool:
    """Whether the method has body arguments (the signature test ties these
    to the spec's request schema)."""
    if isinstance(op, ListOperation):
        return False
    params = inspect.signature(_method(_OFFLINE, resource, op)).parameters
    return any(
        p.kind is inspect.Parameter.KEYWORD_ONLY and name != "options"
        for name, p in params.items()
    )


BODY_OPERATIONS = [(r, op) for r, op in OPERATIONS if _takes_body(r, op)]
BODY_IDS = [op.name for _, op in BODY_OPERATIONS]


def _union_args(hint: object) -> tuple[Any, ...]:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def _attrs_class(hint: object) -> type[Any] | None:
    found = [a for a in _union_args(hint) if isinstance(a, type) and attrs.has(a)]
    assert len(found) <= 1, hint
    return found[0] if found else None


def _enum_class(hint: object) -> type[enum.Enum] | None:
    for arg in _union_args(hint):
        if isinstance(arg, type) and issubclass(arg, enum.Enum) and arg is not Unset:
            return arg
    return None


def _return_model(client: AsyncTelnyxSIP, resource: str, op: Operation) -> type[Any]:
    returned = typing.get_type_hints(_method(client, resource, op))["return"]
    if isinstance(op, ListOperation):
        (returned,) = typing.get_args(returned)
    assert isinstance(returned, type)
    assert attrs.has(returned)
    return returned


# --------------------------------------------------------------------------
# The spec side.


def _deref(spec: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def _spec_op(spec: Schema, op: Operation) -> Schema:
    item = spec["paths"].get(op.path)
    assert item is not None, f"{op.path} is not in the spec"
    found = item.get(op.method.lower())
    assert found is not None, f"{op.method} {op.path} is not in the spec"
    return typing.cast(Schema, found)


def _types(node: Schema) -> list[str]:
    raw = node.get("type", [])
    return [raw] if isinstance(raw, str) else list(raw)


def _nullable(node: Schema) -> bool:
    return "null" in _types(node) or None in node.get("enum", [])


def _kind(node: Schema) -> str:
    kinds = [t for t in _types(node) if t != "null"]
    assert len(kinds) == 1, node
    return kinds[0]


def _success(spec: Schema, op: Operation) -> Schema:
    responses = _spec_op(spec, op)["responses"]
    codes = sorted(c for c in responses if c.startswith("2"))
    assert codes, f"{op.name} has no 2xx response"
    response = _deref(spec, responses[codes[0]])
    return _deref(spec, response["content"]["application/json"]["schema"])


def _response_schema(spec: Schema, op: Operation) -> Schema:
    """The object schema the SDK structures for ``op``."""
    envelope = _success(spec, op)
    if not op.envelope:
        return envelope
    data = _deref(spec, envelope["properties"]["data"])
    if data.get("type") == "array":
        data = _deref(spec, data["items"])
    return data


def _request_ref(spec: Schema, op: Operation) -> str | None:
    body = _spec_op(spec, op).get("requestBody")
    if body is None:
        return None
    body = _deref(spec, body)
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert isinstance(ref, str)
    return ref


def _validator(spec: Schema, ref: str) -> Draft202012Validator:
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        SPEC_URI, DRAFT202012.create_resource(spec)
    )
    return Draft202012Validator(
        {"$ref": SPEC_URI + ref},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def _schema_errors(spec: Schema, ref: str, body: object) -> list[str]:
    errors = _validator(spec, ref).iter_errors(body)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def _unknown_keys(spec: Schema, schema: Schema, body: object, where: str) -> list[str]:
    """Keys in ``body`` that ``schema`` does not list (the spec allows them)."""
    node = _deref(spec, schema)
    out: list[str] = []
    if isinstance(body, dict) and "properties" in node:
        for key, value in body.items():
            if key not in node["properties"]:
                out.append(f"{where}.{key}")
            else:
                out += _unknown_keys(
                    spec, node["properties"][key], value, f"{where}.{key}"
                )
    elif isinstance(body, list) and "items" in node:
        for index, value in enumerate(body):
            out += _unknown_keys(spec, node["items"], value, f"{where}[{index}]")
    return out


# --------------------------------------------------------------------------
# Building representative arguments from the spec.


def _int_sample(node: Schema) -> int:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        value = (low + high) // 2
    elif low is not None:
        value = low + 5
    elif high is not None:
        value = high - 1
    else:
        value = 7
    step = node.get("multipleOf")
    if step:
        value -= value % step
    return int(value)


def _string_sample(node: Schema, name: str) -> str:
    fmt = node.get("format")
    if fmt == "uuid":
        return _data.UUID
    if fmt == "time":
        return "08:00:00.00Z"
    if fmt == "uri":
        return f"https://hooks.example.com/{name}"
    text = f"sample {name}"
    return text.ljust(node.get("minLength", 0), "x")


def _sample(
    spec: Schema, schema: Schema, hint: object, name: str, pick: int = 0
) -> object:
    """A valid argument for a property: enums take value ``pick`` (cycled);
    odd picks pass the enum member instead of the plain string."""
    node = _deref(spec, schema)
    if "enum" in node:
        values = [v for v in node["enum"] if v is not None]
        value = values[pick % len(values)]
        enum_cls = _enum_class(hint)
        assert enum_cls is not None, f"{name}: no enum class in {hint}"
        return enum_cls(value) if pick % 2 else value
    if "properties" in node:
        cls = _attrs_class(hint)
        assert cls is not None, f"{name}: no attrs class in {hint}"
        hints = typing.get_type_hints(cls)
        return cls(
            **{
                prop: _sample(spec, sub, hints[prop], prop, pick)
                for prop, sub in node["properties"].items()
            }
        )
    kind = _kind(node)
    if kind == "string":
        if node.get("format") == "date-time":
            return dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
        return _string_sample(node, name)
    if kind == "integer":
        return _int_sample(node)
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return pick % 2 == 0
    if kind == "array":
        inner = next(
            (typing.get_args(a)[0] for a in _union_args(hint) if typing.get_args(a)),
            str,
        )
        return [_sample(spec, node["items"], inner, name, pick)]
    if kind == "object":
        return {"key": "value"}
    raise AssertionError(f"{name}: cannot sample {node}")


def _to_json(value: object) -> object:
    """What the SDK should send for an argument value."""
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {
            f.name: _to_json(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if getattr(value, f.name) is not UNSET
        }
    if isinstance(value, (list, tuple)):
        return [_to_json(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _body_kwargs(
    spec: Schema, resource: str, op: Operation, pick: int = 0
) -> dict[str, object]:
    ref = _request_ref(spec, op)
    if ref is None:
        return {}
    schema = _deref(spec, {"$ref": ref})
    hints = typing.get_type_hints(_method(_OFFLINE, resource, op))
    return {
        name: _sample(spec, sub, hints[name], name, pick)
        for name, sub in schema["properties"].items()
    }


def _enum_width(spec: Schema, schema: Schema) -> int:
    """The most values any enum in ``schema`` (nested included) has."""
    node = _deref(spec, schema)
    if "enum" in node:
        return len([v for v in node["enum"] if v is not None])
    width = 1
    for sub in node.get("properties", {}).values():
        width = max(width, _enum_width(spec, sub))
    if "items" in node:
        width = max(width, _enum_width(spec, node["items"]))
    return width


def _path_args(op: Operation) -> list[str]:
    return [PATH_VALUE for _ in re.findall(r"\{(\w+)\}", op.path)]


def _answer(model: type[Any], op: Operation) -> Reply:
    if isinstance(op, ListOperation):
        return Reply(200, _data.page([_data.FACTORIES[model]()]))
    payload = _data.FACTORIES[model]()
    return Reply(200, {"data": payload} if op.envelope else payload)


async def _send(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
    kwargs: Mapping[str, object],
) -> Recorded:
    """Call the operation with ``kwargs`` and return what the server saw."""
    model = _return_model(client, resource, op)
    fake_api.default = _answer(model, op)
    before = len(fake_api.requests)
    result = _method(client, resource, op)(*_path_args(op), **kwargs)
    if isinstance(op, ListOperation):
        page = await result
        assert all(isinstance(item, model) for item in page.items)
    else:
        assert isinstance(await result, model)
    assert len(fake_api.requests) == before + 1
    return fake_api.requests[-1]


# --------------------------------------------------------------------------
# Both sides list the same operations.


def test_the_sdk_and_the_spec_have_the_same_operations(spec: Schema) -> None:
    in_spec = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    in_sdk = {(op.method, op.path) for _, op in OPERATIONS}
    assert in_sdk == in_spec
    assert len(in_sdk) == len(OPERATIONS)
    for resource, op in OPERATIONS:
        assert callable(_method(_OFFLINE, resource, op)), op.name


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
def test_envelope_and_path_parameters_match(
    spec: Schema, resource: str, op: Operation
) -> None:
    assert ("data" in _success(spec, op).get("properties", {})) == op.envelope
    in_path = [
        p["name"]
        for p in (_deref(spec, raw) for raw in _spec_op(spec, op).get("parameters", []))
        if p["in"] == "path"
    ]
    assert sorted(in_path) == sorted(re.findall(r"\{(\w+)\}", op.path))
    signature = inspect.signature(_method(_OFFLINE, resource, op))
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    ]
    assert positional == re.findall(r"\{(\w+)\}", op.path)


# --------------------------------------------------------------------------
# (a) Requests validate against the spec.


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
async def test_request_body_validates_against_the_spec(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    kwargs = _body_kwargs(spec, resource, op)
    req = await _send(client, fake_api, resource, op, kwargs)
    assert req.method == op.method
    ref = _request_ref(spec, op)
    if ref is None:
        assert req.body == b"", f"{op.name} takes no body in the spec"
        return
    assert kwargs, f"{op.name}: the request schema lists no properties"
    body = req.json
    assert body == {name: _to_json(value) for name, value in kwargs.items()}
    assert _schema_errors(spec, ref, body) == []
    assert _unknown_keys(spec, {"$ref": ref}, body, "body") == []


def _query_node(spec: Schema, op: Operation, key: str) -> Schema:
    """The schema of one ``name[a][b]`` query parameter, per the spec."""
    match = re.fullmatch(r"(\w+)((?:\[\w+\])*)", key)
    assert match is not None, f"malformed query key {key!r}"
    name, rest = match.groups()
    params = [
        _deref(spec, raw)
        for raw in _spec_op(spec, op).get("parameters", [])
        if _deref(spec, raw)["in"] == "query"
    ]
    found = [p for p in params if p["name"] == name]
    assert found, f"{key}: the spec has no query parameter {name!r}"
    (param,) = found
    parts = re.findall(r"\[(\w+)\]", rest)
    if parts:
        assert param.get("style") == "deepObject", key
    node = _deref(spec, param["schema"])
    for part in parts:
        options = [_deref(spec, alt) for alt in node.get("oneOf", [node])]
        holders = [o for o in options if part in o.get("properties", {})]
        assert holders, f"{key}: the spec has no [{part}] here"
        node = _deref(spec, holders[0]["properties"][part])
    leaves = [
        _deref(spec, alt)
        for alt in node.get("oneOf", [node])
        if "properties" not in _deref(spec, alt)
    ]
    assert leaves, f"{key}: the spec only has an object here, not a value"
    return leaves[0]


def _typed(node: Schema, raw: str) -> object:
    kind = _kind(node)
    if kind == "integer":
        return int(raw)
    if kind == "boolean":
        assert raw in {"true", "false"}
        return raw == "true"
    if node.get("format") == "date-time":
        dt.datetime.fromisoformat(raw)
    return raw


@pytest.mark.parametrize(("resource", "op"), LIST_OPERATIONS, ids=LIST_IDS)
async def test_list_query_uses_only_spec_parameters(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: ListOperation,
) -> None:
    samples: dict[str, object] = {
        "str": "sample value",
        "int": 5060,
        "bool": True,
        "datetime": dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
    }
    kwargs: dict[str, object] = {
        name: param.choices[-1] if param.choices else samples[param.kind]
        for name, param in op.params.items()
    }
    kwargs.update(page_number=2, page_size=op.page_size_max)
    req = await _send(client, fake_api, resource, op, kwargs)
    assert len(req.query) == len(op.params) + 2
    for key, raw in req.query.items():
        node = _query_node(spec, op, key)
        value = _typed(node, raw)
        errors = sorted(
            e.message for e in Draft202012Validator(node).iter_errors(value)
        )
        assert errors == [], f"{key}={raw!r}: {errors}"


# --------------------------------------------------------------------------
# (b) Response schemas and models agree.


def _walk_response(
    spec: Schema,
    model: type[Any],
    schema: Schema,
    where: str,
    out: dict[type[Any], list[tuple[str, Schema]]],
) -> None:
    node = _deref(spec, schema)
    out.setdefault(model, []).append((where, node))
    hints = typing.get_type_hints(model)
    for name, sub in node.get("properties", {}).items():
        child = _deref(spec, sub)
        nested = _attrs_class(hints[name]) if name in hints else None
        if "properties" in child and nested is not None:
            _walk_response(spec, nested, child, f"{where}.{name}", out)


def _response_schemas(spec: Schema) -> dict[type[Any], list[tuple[str, Schema]]]:
    out: dict[type[Any], list[tuple[str, Schema]]] = {}
    for resource, op in OPERATIONS:
        model = _return_model(_OFFLINE, resource, op)
        _walk_response(spec, model, _response_schema(spec, op), op.name, out)
    return out


def _check_type(spec: Schema, where: str, hint: object, schema: Schema) -> None:
    node = _deref(spec, schema)
    args = set(_union_args(hint))
    if _nullable(node):
        assert type(None) in args, f"{where}: the spec allows null, the model not"
    args.discard(type(None))
    if "enum" in node:
        enum_cls = _enum_class(hint)
        assert enum_cls is not None, f"{where}: expected an Enum | str, got {hint}"
        assert args == {enum_cls, str}, f"{where}: expected {enum_cls} | str"
        values = {v for v in node["enum"] if v is not None}
        assert {m.value for m in enum_cls} == values, where
        return
    if "properties" in node:
        assert len(args) == 1, f"{where}: {hint}"
        (only,) = args
        assert (isinstance(only, type) and attrs.has(only)) or typing.get_origin(
            only
        ) is dict, f"{where}: an object should be an attrs class, got {hint}"
        return
    kind = _kind(node)
    if kind == "array":
        assert len(args) == 1, f"{where}: {hint}"
        (only,) = args
        assert typing.get_origin(only) is tuple, f"{where}: arrays are tuples"
        item, ellipsis = typing.get_args(only)
        assert ellipsis is Ellipsis, where
        _check_type(spec, f"{where}[]", item, node["items"])
        return
    if kind == "object":
        assert len(args) == 1, f"{where}: {hint}"
        (only,) = args
        assert typing.get_origin(only) is dict or only is dict, f"{where}: {hint}"
        return
    expected = {
        "string": dt.datetime if node.get("format") == "date-time" else str,
        "integer": int,
        "number": float,
        "boolean": bool,
    }[kind]
    assert args == {expected}, f"{where}: expected {expected.__name__}, got {hint}"


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda m: m.__name__)
def test_response_model_matches_the_spec(spec: Schema, model: type[Any]) -> None:
    schemas = _response_schemas(spec).get(model)
    assert schemas, f"{model.__name__} is not the answer of any operation"
    fields = {f.name: f for f in attrs.fields(model)}
    hints = typing.get_type_hints(model)
    assert "extra" in fields
    assert fields["extra"].repr is False
    for where, schema in schemas:
        props = schema["properties"]
        required = set(schema.get("required", ()))
        assert set(props) - set(fields) == set(), f"{where}: fields the model lacks"
        assert set(fields) - set(props) - {"extra"} == set(), (
            f"{where}: fields the spec lacks"
        )
        for name, prop in props.items():
            _check_type(spec, f"{where}.{name}", hints[name], prop)
            if name not in required:
                # An answer may leave it out, so the model needs a default.
                assert fields[name].default is None, f"{where}.{name}"


# --------------------------------------------------------------------------
# (c) Every enum value is accepted, on both sides.


def _minimal_payload(spec: Schema, model: type[Any]) -> dict[str, Any]:
    factory = _data.FACTORIES.get(model)
    return factory() if factory is not None else {}


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=lambda m: m.__name__)
def test_every_response_enum_value_structures_to_its_member(
    spec: Schema, model: type[Any]
) -> None:
    hints = typing.get_type_hints(model)
    checked = 0
    for where, schema in _response_schemas(spec)[model]:
        for name, prop in schema["properties"].items():
            node = _deref(spec, prop)
            if "enum" not in node:
                continue
            enum_cls = _enum_class(hints[name])
            assert enum_cls is not None, f"{where}.{name}"
            for value in node["enum"]:
                payload = {**_minimal_payload(spec, model), name: value}
                for converter in (CONVERTER, STRICT):
                    got = getattr(converter.structure(payload, model), name)
                    if value is None:
                        assert got is None, f"{where}.{name}"
                    else:
                        assert type(got) is enum_cls, f"{where}.{name}={value!r}"
                        assert got is enum_cls(value)
                checked += 1
    enums_in_model = [n for n, h in hints.items() if _enum_class(h) is not None]
    assert (checked > 0) == bool(enums_in_model)


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_every_request_enum_value_is_accepted(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = _request_ref(spec, op)
    assert ref is not None, f"{op.name} takes body arguments the spec lacks"
    # Call number ``pick`` sets every enum to its pick-th value (cycling),
    # alternating plain strings and enum members, so all values are sent.
    for pick in range(_enum_width(spec, {"$ref": ref})):
        kwargs = _body_kwargs(spec, resource, op, pick)
        req = await _send(client, fake_api, resource, op, kwargs)
        assert req.json == {name: _to_json(v) for name, v in kwargs.items()}
        assert _schema_errors(spec, ref, req.json) == []


# --------------------------------------------------------------------------
# (d) Signatures and nullability follow the request schema.


def _nested_classes(
    spec: Schema, schema: Schema, hints: Mapping[str, object], where: str
) -> Iterator[tuple[str, type[Any], Schema]]:
    for name, sub in schema["properties"].items():
        node = _deref(spec, sub)
        if "properties" in node:
            cls = _attrs_class(hints[name])
            assert cls is not None, f"{where}.{name}: expected a Params class"
            yield f"{where}.{name}", cls, node
            yield from _nested_classes(
                spec, node, typing.get_type_hints(cls), f"{where}.{name}"
            )


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
def test_signature_follows_the_request_schema(
    spec: Schema, resource: str, op: Operation
) -> None:
    method = _method(_OFFLINE, resource, op)
    signature = inspect.signature(method)
    keywords = {
        name: p
        for name, p in signature.parameters.items()
        if p.kind is inspect.Parameter.KEYWORD_ONLY
    }
    assert "options" in keywords
    assert keywords["options"].default is None
    if isinstance(op, ListOperation):
        return  # list arguments are checked against the query parameters
    ref = _request_ref(spec, op)
    schema = _deref(spec, {"$ref": ref}) if ref else {"properties": {}}
    props = schema["properties"]
    required = set(schema.get("required", ()))
    body_args = set(keywords) - {"options"}
    assert body_args == set(props), f"{op.name}: arguments and spec properties differ"
    for name in props:
        param = keywords[name]
        if name in required:
            assert param.default is inspect.Parameter.empty, f"{name} is required"
        else:
            assert param.default is UNSET, f"{name} should default to UNSET"
    hints = typing.get_type_hints(method)
    for where, cls, node in _nested_classes(spec, schema, hints, op.name):
        fields = {f.name: f for f in attrs.fields(cls)}
        assert set(fields) == set(node["properties"]), where
        nested_required = set(node.get("required", ()))
        for name, field in fields.items():
            if name in nested_required:
                assert field.default is attrs.NOTHING, f"{where}.{name}"
            else:
                assert field.default is UNSET, f"{where}.{name}"


def _null_kwargs(spec: Schema, schema: Schema, hints: Mapping[str, object]) -> Any:
    """Required properties sampled, nullable ones ``None``, nested recursively."""
    out: dict[str, object] = {}
    required = set(schema.get("required", ()))
    for name, sub in schema["properties"].items():
        node = _deref(spec, sub)
        if _nullable(node):
            out[name] = None
        elif "properties" in node:
            cls = _attrs_class(hints[name])
            assert cls is not None
            out[name] = cls(**_null_kwargs(spec, node, typing.get_type_hints(cls)))
        elif name in required:
            out[name] = _sample(spec, node, hints[name], name)
    return out


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_none_is_accepted_exactly_where_the_spec_allows_null(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = _request_ref(spec, op)
    assert ref is not None, f"{op.name} takes body arguments the spec lacks"
    schema = _deref(spec, {"$ref": ref})
    method = _method(client, resource, op)
    hints = typing.get_type_hints(method)
    kwargs = _null_kwargs(spec, schema, hints)
    req = await _send(client, fake_api, resource, op, kwargs)
    assert req.json == {name: _to_json(v) for name, v in kwargs.items()}
    assert _schema_errors(spec, ref, req.json) == []
    sent = len(fake_api.requests)

    base = {
        name: _sample(spec, sub, hints[name], name)
        for name, sub in schema["properties"].items()
        if name in set(schema.get("required", ()))
    }
    for name, sub in schema["properties"].items():
        if _nullable(_deref(spec, sub)):
            continue
        with pytest.raises(InvalidArgumentError) as info:
            await method(*_path_args(op), **{**base, name: None})
        assert info.value.field == name
    for where, cls, node in _nested_classes(spec, schema, hints, op.name):
        for name, sub in node["properties"].items():
            if not _nullable(_deref(spec, sub)):
                with pytest.raises(InvalidArgumentError) as info:
                    cls(**{name: None})
                assert info.value.field == name, f"{where}.{name}"
    assert len(fake_api.requests) == sent


def _limits(node: Schema) -> Iterator[tuple[str, object, object]]:
    """(label, a value just inside, one just outside) per constraint of ``node``."""
    if "enum" in node:
        return
    kind = _kind(node)
    if kind == "integer":
        step = node.get("multipleOf", 1)
        if "minimum" in node:
            yield "minimum", node["minimum"], node["minimum"] - step
        if "maximum" in node:
            yield "maximum", node["maximum"], node["maximum"] + step
        if step != 1:
            yield "multipleOf", _int_sample(node), _int_sample(node) + 1
    elif kind == "string":
        if "minLength" in node:
            length = node["minLength"]
            yield "minLength", "x" * length, "x" * (length - 1)
        if node.get("format") == "uuid":
            yield "uuid", _data.UUID, _data.UUID[:-1]


def _bounded(
    spec: Schema, schema: Schema, hints: Mapping[str, object], where: str
) -> Iterator[tuple[str, type[Any] | None, str, str, object, object]]:
    """Every constrained property: (where, nested class or None, name, ...)."""
    for name, sub in schema["properties"].items():
        for label, inside, outside in _limits(_deref(spec, sub)):
            yield where, None, name, label, inside, outside
    for nested_where, cls, node in _nested_classes(spec, schema, hints, where):
        for name, sub in node["properties"].items():
            for label, inside, outside in _limits(_deref(spec, sub)):
                yield nested_where, cls, name, label, inside, outside


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_request_limits_follow_the_spec(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = _request_ref(spec, op)
    assert ref is not None
    schema = _deref(spec, {"$ref": ref})
    method = _method(client, resource, op)
    hints = typing.get_type_hints(method)
    base = {
        name: _sample(spec, sub, hints[name], name)
        for name, sub in schema["properties"].items()
        if name in set(schema.get("required", ()))
    }
    for where, cls, name, label, inside, outside in _bounded(
        spec, schema, hints, op.name
    ):
        if cls is None:
            with pytest.raises(InvalidArgumentError) as info:
                await method(*_path_args(op), **{**base, name: outside})
        else:
            cls(**{name: inside})
            with pytest.raises(InvalidArgumentError) as info:
                cls(**{name: outside})
        assert info.value.field == name, f"{where}.{name} ({label})"
    assert fake_api.requests == []
    # Values right at the limits are sent as they are.
    inside = {
        name: value
        for where, cls, name, _, value, _ in _bounded(spec, schema, hints, op.name)
        if cls is None
    }
    if inside:
        req = await _send(client, fake_api, resource, op, {**base, **inside})
        assert req.json == {name: _to_json(v) for name, v in {**base, **inside}.items()}


# --------------------------------------------------------------------------
# (e) List arguments follow the query parameters.


def _flatten_filter(spec: Schema, schema: Schema, path: list[str]) -> Iterator[Any]:
    node = _deref(spec, schema)
    if "oneOf" in node:
        for alt in node["oneOf"]:
            yield from _flatten_filter(spec, alt, path)
    elif "properties" in node:
        for name, sub in node["properties"].items():
            yield from _flatten_filter(spec, sub, [*path, name])
    else:
        yield path, node


_KINDS = {"string": "str", "integer": "int", "boolean": "bool"}


@pytest.mark.parametrize(("resource", "op"), LIST_OPERATIONS, ids=LIST_IDS)
def test_list_arguments_follow_the_spec(
    spec: Schema, resource: str, op: ListOperation
) -> None:
    params = {
        p["name"]: p
        for p in (_deref(spec, raw) for raw in _spec_op(spec, op).get("parameters", []))
    }
    assert all(p["in"] == "query" for p in params.values())
    expected: dict[str, tuple[str, tuple[str, ...]]] = {}
    if "filter" in params:
        for path, node in _flatten_filter(spec, params["filter"]["schema"], []):
            kind = "datetime" if node.get("format") == "date-time" else None
            expected["filter" + "".join(f"[{p}]" for p in path)] = (
                kind or _KINDS[_kind(node)],
                tuple(node.get("enum", ())),
            )
    if "sort" in params:
        sort = _deref(spec, params["sort"]["schema"])
        expected["sort"] = (_KINDS[_kind(sort)], tuple(sort["enum"]))
    actual = {p.wire: (p.kind, p.choices) for p in op.params.values()}
    assert actual == expected
    # One keyword per filter, named after its wire path.
    for name, param in op.params.items():
        if param.wire != "sort":
            assert name == re.sub(r"\]\[|\[|\]", "_", param.wire).strip("_")

    page = _deref(spec, params["page"]["schema"])["properties"]
    number, size = _deref(spec, page["number"]), _deref(spec, page["size"])
    # Pages count from 1; where the spec states no minimum that still holds.
    assert op.page_number_min == number.get("minimum", 1)
    assert op.page_size_min == size.get("minimum", 1)
    assert op.page_size_max == size["maximum"]
    assert op.page_size_default == size["default"]
    assert set(params) <= {"filter", "sort", "page"}

    signature = inspect.signature(_method(_OFFLINE, resource, op))
    assert set(signature.parameters) == {
        *op.params,
        "page_number",
        "page_size",
        "limit",
        "options",
    }
    if "sort" in op.params:
        hint = typing.get_type_hints(_method(_OFFLINE, resource, op))["sort"]
        literal = next(a for a in _union_args(hint) if a is not Unset)
        assert typing.get_args(literal) == op.params["sort"].choices


@pytest.mark.parametrize(("resource", "op"), LIST_OPERATIONS, ids=LIST_IDS)
async def test_page_bounds_are_enforced(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, resource: str, op: ListOperation
) -> None:
    method = _method(client, resource, op)
    method(page_number=op.page_number_min, page_size=op.page_size_min)
    method(page_size=op.page_size_max)
    for kwargs, field in [
        ({"page_number": op.page_number_min - 1}, "page_number"),
        ({"page_size": op.page_size_min - 1}, "page_size"),
        ({"page_size": op.page_size_max + 1}, "page_size"),
    ]:
        with pytest.raises(InvalidArgumentError) as info:
            method(**kwargs)
        assert info.value.field == field
    assert fake_api.requests == []


def test_strict_converter_rejects_what_the_lenient_one_keeps() -> None:
    # The drift checks above rely on this difference.
    payload = {**_data.ip(), "surprise": 1}
    assert CONVERTER.structure(payload, Ip).extra == {"surprise": 1}
    with pytest.raises(cattrs.BaseValidationError):
        STRICT.structure(payload, Ip)
