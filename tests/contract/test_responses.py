"""Responses: every property of every response schema is a field of the model
with a compatible type, the model has no field the spec lacks, and every
spec enum value structures to its member."""

from __future__ import annotations

import datetime as dt
import typing
from typing import Any

import attrs
import cattrs
import pytest

from telnyx_sip._converter import CONVERTER
from telnyx_sip.models import RESPONSE_MODELS, Ip
from tests._support.models import STRICT
from tests._support.operations import (
    OFFLINE,
    OPERATIONS,
    attrs_class,
    enum_class,
    return_model,
    union_args,
)
from tests._support.spec import Schema, deref, is_nullable, json_kind, response_schema
from tests.services import _data

IDENTITY = ("id", "record_type")
"""Required on a resource object's model, whatever the spec's ``required``."""


def _walk_response(
    spec: Schema,
    model: type[Any],
    schema: Schema,
    where: str,
    out: dict[type[Any], list[tuple[str, Schema]]],
) -> None:
    node = deref(spec, schema)
    out.setdefault(model, []).append((where, node))
    hints = typing.get_type_hints(model)
    for name, sub in node.get("properties", {}).items():
        child = deref(spec, sub)
        nested = attrs_class(hints[name]) if name in hints else None
        if "properties" in child and nested is not None:
            _walk_response(spec, nested, child, f"{where}.{name}", out)


def _response_schemas(spec: Schema) -> dict[type[Any], list[tuple[str, Schema]]]:
    out: dict[type[Any], list[tuple[str, Schema]]] = {}
    for resource, op in OPERATIONS:
        model = return_model(OFFLINE, resource, op)
        _walk_response(spec, model, response_schema(spec, op), op.name, out)
    return out


def _check_type(spec: Schema, where: str, hint: object, schema: Schema) -> None:
    node = deref(spec, schema)
    args = set(union_args(hint))
    if is_nullable(node):
        assert type(None) in args, f"{where}: the spec allows null, the model not"
    args.discard(type(None))
    if "enum" in node:
        enum_cls = enum_class(hint)
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
    kind = json_kind(node)
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
        # An operation's own object (``ips.create``, not ``ips.create.inbound``)
        # with an ``id`` is a resource object: its identity is always there.
        resource_object = "id" in props and where.count(".") == 1
        for name, prop in props.items():
            _check_type(spec, f"{where}.{name}", hints[name], prop)
            if resource_object and name in IDENTITY:
                assert fields[name].default is attrs.NOTHING, f"{where}.{name}"
            elif name not in required:
                # An answer may leave it out, so the model needs a default.
                assert fields[name].default is None, f"{where}.{name}"


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
            node = deref(spec, prop)
            if "enum" not in node:
                continue
            enum_cls = enum_class(hints[name])
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
    enums_in_model = [n for n, h in hints.items() if enum_class(h) is not None]
    assert (checked > 0) == bool(enums_in_model)


def test_strict_converter_rejects_what_the_lenient_one_keeps() -> None:
    # The drift checks above rely on this difference.
    payload = {**_data.ip(), "surprise": 1}
    assert CONVERTER.structure(payload, Ip).extra == {"surprise": 1}
    with pytest.raises(cattrs.BaseValidationError):
        STRICT.structure(payload, Ip)
