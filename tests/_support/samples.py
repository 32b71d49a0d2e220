"""Representative arguments built from the spec, and sending them."""

from __future__ import annotations

import datetime as dt
import enum
import re
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from telnyx_sip import UNSET, AsyncTelnyxSIP
from telnyx_sip._operations import ListOperation, Operation
from tests._support.fake_api import FakeAPI, Recorded, Reply
from tests._support.operations import (
    OFFLINE,
    attrs_class,
    enum_class,
    return_model,
    service_method,
    union_args,
)
from tests._support.spec import Schema, deref, json_kind, request_ref
from tests.services import _data

PATH_VALUE = "abc-123"


def int_sample(node: Schema) -> int:
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


def string_sample(node: Schema, name: str) -> str:
    fmt = node.get("format")
    if fmt == "uuid":
        return _data.UUID
    if fmt == "time":
        return "08:00:00.00Z"
    if fmt == "uri":
        return f"https://hooks.example.com/{name}"
    text = f"sample {name}"
    return text.ljust(node.get("minLength", 0), "x")


def sample(
    spec: Schema, schema: Schema, hint: object, name: str, pick: int = 0
) -> object:
    """A valid argument for a property: enums take value ``pick`` (cycled);
    odd picks pass the enum member instead of the plain string."""
    node = deref(spec, schema)
    if "enum" in node:
        values = [v for v in node["enum"] if v is not None]
        value = values[pick % len(values)]
        enum_cls = enum_class(hint)
        assert enum_cls is not None, f"{name}: no enum class in {hint}"
        return enum_cls(value) if pick % 2 else value
    if "properties" in node:
        cls = attrs_class(hint)
        assert cls is not None, f"{name}: no attrs class in {hint}"
        hints = typing.get_type_hints(cls)
        return cls(
            **{
                prop: sample(spec, sub, hints[prop], prop, pick)
                for prop, sub in node["properties"].items()
            }
        )
    kind = json_kind(node)
    if kind == "string":
        if node.get("format") == "date-time":
            return dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)
        return string_sample(node, name)
    if kind == "integer":
        return int_sample(node)
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return pick % 2 == 0
    if kind == "array":
        inner = next(
            (typing.get_args(a)[0] for a in union_args(hint) if typing.get_args(a)),
            str,
        )
        return [sample(spec, node["items"], inner, name, pick)]
    if kind == "object":
        return {"key": "value"}
    raise AssertionError(f"{name}: cannot sample {node}")


def to_json(value: object) -> object:
    """What the SDK should send for an argument value."""
    if isinstance(value, enum.Enum):
        return value.value
    if attrs.has(type(value)):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if getattr(value, f.name) is not UNSET
        }
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def body_kwargs(
    spec: Schema, resource: str, op: Operation, pick: int = 0
) -> dict[str, object]:
    ref = request_ref(spec, op)
    if ref is None:
        return {}
    schema = deref(spec, {"$ref": ref})
    hints = typing.get_type_hints(service_method(OFFLINE, resource, op))
    return {
        name: sample(spec, sub, hints[name], name, pick)
        for name, sub in schema["properties"].items()
    }


def enum_width(spec: Schema, schema: Schema) -> int:
    """The most values any enum in ``schema`` (nested included) has."""
    node = deref(spec, schema)
    if "enum" in node:
        return len([v for v in node["enum"] if v is not None])
    width = 1
    for sub in node.get("properties", {}).values():
        width = max(width, enum_width(spec, sub))
    if "items" in node:
        width = max(width, enum_width(spec, node["items"]))
    return width


def path_args(op: Operation) -> list[str]:
    return [PATH_VALUE for _ in re.findall(r"\{(\w+)\}", op.path)]


def answer(model: type[Any], op: Operation) -> Reply:
    if isinstance(op, ListOperation):
        return Reply(200, _data.page([_data.FACTORIES[model]()]))
    payload = _data.FACTORIES[model]()
    return Reply(200, {"data": payload} if op.envelope else payload)


async def send(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    resource: str,
    op: Operation,
    kwargs: Mapping[str, object],
) -> Recorded:
    """Call the operation with ``kwargs`` and return what the server saw."""
    model = return_model(client, resource, op)
    fake_api.default = answer(model, op)
    before = len(fake_api.requests)
    result = service_method(client, resource, op)(*path_args(op), **kwargs)
    if isinstance(op, ListOperation):
        page = await result
        assert all(isinstance(item, model) for item in page.items)
    else:
        assert isinstance(await result, model)
    assert len(fake_api.requests) == before + 1
    return fake_api.requests[-1]
