"""Signatures: required body properties are required keyword-only arguments,
the rest optional, ``None`` allowed exactly where the spec allows null, and
the spec's limits are enforced before sending."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest

from telnyx_sip import UNSET, AsyncTelnyxSIP, InvalidArgumentError
from telnyx_sip._operations import ListOperation, Operation
from tests._support.fake_api import FakeAPI
from tests._support.operations import (
    BODY_IDS,
    BODY_OPERATIONS,
    OFFLINE,
    OP_IDS,
    OPERATIONS,
    attrs_class,
    service_method,
)
from tests._support.samples import int_sample, path_args, sample, send, to_json
from tests._support.spec import (
    Schema,
    deref,
    is_nullable,
    json_kind,
    request_ref,
    schema_errors,
)
from tests.services import _data


def _nested_classes(
    spec: Schema, schema: Schema, hints: Mapping[str, object], where: str
) -> Iterator[tuple[str, type[Any], Schema]]:
    for name, sub in schema["properties"].items():
        node = deref(spec, sub)
        if "properties" in node:
            cls = attrs_class(hints[name])
            assert cls is not None, f"{where}.{name}: expected a Params class"
            yield f"{where}.{name}", cls, node
            yield from _nested_classes(
                spec, node, typing.get_type_hints(cls), f"{where}.{name}"
            )


@pytest.mark.parametrize(("resource", "op"), OPERATIONS, ids=OP_IDS)
def test_signature_follows_the_request_schema(
    spec: Schema, resource: str, op: Operation
) -> None:
    method = service_method(OFFLINE, resource, op)
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
    ref = request_ref(spec, op)
    schema = deref(spec, {"$ref": ref}) if ref else {"properties": {}}
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
        node = deref(spec, sub)
        if is_nullable(node):
            out[name] = None
        elif "properties" in node:
            cls = attrs_class(hints[name])
            assert cls is not None
            out[name] = cls(**_null_kwargs(spec, node, typing.get_type_hints(cls)))
        elif name in required:
            out[name] = sample(spec, node, hints[name], name)
    return out


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_none_is_accepted_exactly_where_the_spec_allows_null(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = request_ref(spec, op)
    assert ref is not None, f"{op.name} takes body arguments the spec lacks"
    schema = deref(spec, {"$ref": ref})
    method = service_method(client, resource, op)
    hints = typing.get_type_hints(method)
    kwargs = _null_kwargs(spec, schema, hints)
    req = await send(client, fake_api, resource, op, kwargs)
    assert req.json == {name: to_json(v) for name, v in kwargs.items()}
    assert schema_errors(spec, ref, req.json) == []
    sent = len(fake_api.requests)

    base = {
        name: sample(spec, sub, hints[name], name)
        for name, sub in schema["properties"].items()
        if name in set(schema.get("required", ()))
    }
    for name, sub in schema["properties"].items():
        if is_nullable(deref(spec, sub)):
            continue
        with pytest.raises(InvalidArgumentError) as info:
            await method(*path_args(op), **{**base, name: None})
        assert info.value.field == name
    for where, cls, node in _nested_classes(spec, schema, hints, op.name):
        for name, sub in node["properties"].items():
            if not is_nullable(deref(spec, sub)):
                with pytest.raises(InvalidArgumentError) as info:
                    cls(**{name: None})
                assert info.value.field == name, f"{where}.{name}"
    assert len(fake_api.requests) == sent


def _limits(node: Schema) -> Iterator[tuple[str, object, object]]:
    """(label, a value just inside, one just outside) per constraint of ``node``."""
    if "enum" in node:
        return
    kind = json_kind(node)
    if kind == "integer":
        step = node.get("multipleOf", 1)
        if "minimum" in node:
            yield "minimum", node["minimum"], node["minimum"] - step
        if "maximum" in node:
            yield "maximum", node["maximum"], node["maximum"] + step
        if step != 1:
            yield "multipleOf", int_sample(node), int_sample(node) + 1
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
        for label, inside, outside in _limits(deref(spec, sub)):
            yield where, None, name, label, inside, outside
    for nested_where, cls, node in _nested_classes(spec, schema, hints, where):
        for name, sub in node["properties"].items():
            for label, inside, outside in _limits(deref(spec, sub)):
                yield nested_where, cls, name, label, inside, outside


@pytest.mark.parametrize(("resource", "op"), BODY_OPERATIONS, ids=BODY_IDS)
async def test_request_limits_follow_the_spec(
    spec: Schema,
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
) -> None:
    ref = request_ref(spec, op)
    assert ref is not None
    schema = deref(spec, {"$ref": ref})
    method = service_method(client, resource, op)
    hints = typing.get_type_hints(method)
    base = {
        name: sample(spec, sub, hints[name], name)
        for name, sub in schema["properties"].items()
        if name in set(schema.get("required", ()))
    }
    for where, cls, name, label, inside, outside in _bounded(
        spec, schema, hints, op.name
    ):
        if cls is None:
            with pytest.raises(InvalidArgumentError) as info:
                await method(*path_args(op), **{**base, name: outside})
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
        req = await send(client, fake_api, resource, op, {**base, **inside})
        assert req.json == {name: to_json(v) for name, v in {**base, **inside}.items()}
