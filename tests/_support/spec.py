"""The spec side of the contract tests: ``$ref`` lookups, schemas, validators."""

from __future__ import annotations

import re
import typing
from typing import Any

import referencing
from jsonschema import Draft202012Validator
from referencing.jsonschema import DRAFT202012

from telnyx_sip._operations import Operation

Schema = dict[str, Any]
SPEC_URI = "urn:telnyx-sip:openapi"
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete"})


def deref(spec: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
    return node


def sdk_path(spec_path: str) -> str:
    """A spec path as the SDK writes it: its placeholder is ``{id}``."""
    return re.sub(r"\{\w+\}", "{id}", spec_path)


def spec_op(spec: Schema, op: Operation) -> Schema:
    paths = {sdk_path(path): item for path, item in spec["paths"].items()}
    item = paths.get(op.path)
    assert item is not None, f"{op.path} is not in the spec"
    found = item.get(op.method.lower())
    assert found is not None, f"{op.method} {op.path} is not in the spec"
    return typing.cast(Schema, found)


def json_types(node: Schema) -> list[str]:
    raw = node.get("type", [])
    return [raw] if isinstance(raw, str) else list(raw)


def is_nullable(node: Schema) -> bool:
    return "null" in json_types(node) or None in node.get("enum", [])


def json_kind(node: Schema) -> str:
    kinds = [t for t in json_types(node) if t != "null"]
    assert len(kinds) == 1, node
    return kinds[0]


def success_schema(spec: Schema, op: Operation) -> Schema:
    responses = spec_op(spec, op)["responses"]
    codes = sorted(c for c in responses if c.startswith("2"))
    assert codes, f"{op.name} has no 2xx response"
    response = deref(spec, responses[codes[0]])
    return deref(spec, response["content"]["application/json"]["schema"])


def response_schema(spec: Schema, op: Operation) -> Schema:
    """The object schema the SDK structures for ``op``."""
    envelope = success_schema(spec, op)
    if not op.envelope:
        return envelope
    data = deref(spec, envelope["properties"]["data"])
    if data.get("type") == "array":
        data = deref(spec, data["items"])
    return data


def request_ref(spec: Schema, op: Operation) -> str | None:
    body = spec_op(spec, op).get("requestBody")
    if body is None:
        return None
    body = deref(spec, body)
    ref = body["content"]["application/json"]["schema"]["$ref"]
    assert isinstance(ref, str)
    return ref


def schema_validator(spec: Schema, ref: str) -> Draft202012Validator:
    registry: referencing.Registry[Any] = referencing.Registry().with_resource(
        SPEC_URI, DRAFT202012.create_resource(spec)
    )
    return Draft202012Validator(
        {"$ref": SPEC_URI + ref},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def schema_errors(spec: Schema, ref: str, body: object) -> list[str]:
    errors = schema_validator(spec, ref).iter_errors(body)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


def unknown_keys(spec: Schema, schema: Schema, body: object, where: str) -> list[str]:
    """Keys in ``body`` that ``schema`` does not list (the spec allows them)."""
    node = deref(spec, schema)
    out: list[str] = []
    if isinstance(body, dict) and "properties" in node:
        for key, value in body.items():
            if key not in node["properties"]:
                out.append(f"{where}.{key}")
            else:
                out += unknown_keys(
                    spec, node["properties"][key], value, f"{where}.{key}"
                )
    elif isinstance(body, list) and "items" in node:
        for index, value in enumerate(body):
            out += unknown_keys(spec, node["items"], value, f"{where}[{index}]")
    return out
