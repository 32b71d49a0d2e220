"""Lists: filters, sort values and page bounds match the spec's parameters,
and the query uses only the spec's parameters."""

from __future__ import annotations

import datetime as dt
import inspect
import re
import typing
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, Unset
from telnyx_sip._operations import ListOperation, Operation
from tests._support.fake_api import FakeAPI
from tests._support.operations import (
    LIST_IDS,
    LIST_OPERATIONS,
    OFFLINE,
    service_method,
    union_args,
)
from tests._support.samples import send
from tests._support.spec import Schema, deref, json_kind, spec_op


def _query_node(spec: Schema, op: Operation, key: str) -> Schema:
    """The schema of one ``name[a][b]`` query parameter, per the spec."""
    match = re.fullmatch(r"(\w+)((?:\[\w+\])*)", key)
    assert match is not None, f"malformed query key {key!r}"
    name, rest = match.groups()
    params = [
        deref(spec, raw)
        for raw in spec_op(spec, op).get("parameters", [])
        if deref(spec, raw)["in"] == "query"
    ]
    found = [p for p in params if p["name"] == name]
    assert found, f"{key}: the spec has no query parameter {name!r}"
    (param,) = found
    parts = re.findall(r"\[(\w+)\]", rest)
    if parts:
        assert param.get("style") == "deepObject", key
    node = deref(spec, param["schema"])
    for part in parts:
        options = [deref(spec, alt) for alt in node.get("oneOf", [node])]
        holders = [o for o in options if part in o.get("properties", {})]
        assert holders, f"{key}: the spec has no [{part}] here"
        node = deref(spec, holders[0]["properties"][part])
    leaves = [
        deref(spec, alt)
        for alt in node.get("oneOf", [node])
        if "properties" not in deref(spec, alt)
    ]
    assert leaves, f"{key}: the spec only has an object here, not a value"
    return leaves[0]


def _typed(node: Schema, raw: str) -> object:
    kind = json_kind(node)
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
    req = await send(client, fake_api, resource, op, kwargs)
    assert len(req.query) == len(op.params) + 2
    for key, raw in req.query.items():
        node = _query_node(spec, op, key)
        value = _typed(node, raw)
        errors = sorted(
            e.message for e in Draft202012Validator(node).iter_errors(value)
        )
        assert errors == [], f"{key}={raw!r}: {errors}"


def _flatten_filter(spec: Schema, schema: Schema, path: list[str]) -> Iterator[Any]:
    node = deref(spec, schema)
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
        for p in (deref(spec, raw) for raw in spec_op(spec, op).get("parameters", []))
    }
    assert all(p["in"] == "query" for p in params.values())
    expected: dict[str, tuple[str, tuple[str, ...]]] = {}
    if "filter" in params:
        for path, node in _flatten_filter(spec, params["filter"]["schema"], []):
            kind = "datetime" if node.get("format") == "date-time" else None
            expected["filter" + "".join(f"[{p}]" for p in path)] = (
                kind or _KINDS[json_kind(node)],
                tuple(node.get("enum", ())),
            )
    if "sort" in params:
        sort = deref(spec, params["sort"]["schema"])
        expected["sort"] = (_KINDS[json_kind(sort)], tuple(sort["enum"]))
    actual = {p.wire: (p.kind, p.choices) for p in op.params.values()}
    assert actual == expected
    # One keyword per filter, named after its wire path.
    for name, param in op.params.items():
        if param.wire != "sort":
            assert name == re.sub(r"\]\[|\[|\]", "_", param.wire).strip("_")

    page = deref(spec, params["page"]["schema"])["properties"]
    number, size = deref(spec, page["number"]), deref(spec, page["size"])
    # Pages count from 1; where the spec states no minimum that still holds.
    assert op.page_number_min == number.get("minimum", 1)
    assert op.page_size_min == size.get("minimum", 1)
    assert op.page_size_max == size["maximum"]
    assert op.page_size_default == size["default"]
    assert set(params) <= {"filter", "sort", "page"}

    signature = inspect.signature(service_method(OFFLINE, resource, op))
    assert set(signature.parameters) == {
        *op.params,
        "page_number",
        "page_size",
        "limit",
        "options",
    }
    if "sort" in op.params:
        hint = typing.get_type_hints(service_method(OFFLINE, resource, op))["sort"]
        literal = next(a for a in union_args(hint) if a is not Unset)
        assert typing.get_args(literal) == op.params["sort"].choices


@pytest.mark.parametrize(("resource", "op"), LIST_OPERATIONS, ids=LIST_IDS)
async def test_page_bounds_are_enforced(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, resource: str, op: ListOperation
) -> None:
    method = service_method(client, resource, op)
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
