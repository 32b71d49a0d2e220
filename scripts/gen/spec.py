"""Reading the OpenAPI document: ``$ref`` lookups and what each schema is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]


class SpecError(Exception):
    """The spec holds something this generator does not know how to map."""


# Schema keywords the generator understands; anything else is an error so
# that a new constraint in the spec is never dropped silently.
KNOWN_KEYWORDS = frozenset(
    {
        "$ref",
        "default",
        "description",
        "enum",
        "example",
        "examples",
        "format",
        "items",
        "maximum",
        "minLength",
        "minimum",
        "multipleOf",
        "properties",
        "required",
        "title",
        "type",
        "x-format",
    }
)
STRING_FORMATS = {None: None, "uri": None, "uuid": "uuid", "time": "time"}


def strip_docs(schema: Any) -> Any:
    """The schema without descriptions and examples, for comparing shapes."""
    if isinstance(schema, list):
        return [strip_docs(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in {"description", "example", "examples"}:
            continue
        if key == "properties":
            out[key] = {name: strip_docs(sub) for name, sub in value.items()}
        else:
            out[key] = strip_docs(value)
    return out


@dataclass(frozen=True)
class Shape:
    """What a schema is, in the terms the generator maps to Python."""

    kind: str  # str int float bool datetime enum object map array
    nullable: bool
    schema: Schema
    ref: str | None = None
    item: Shape | None = None
    values: tuple[str, ...] = ()


class Spec:
    """The loaded OpenAPI document and lookups into it."""

    def __init__(self, document: Schema) -> None:
        self.doc = document
        self.components: dict[str, Schema] = document["components"]

    def deref(self, node: Schema) -> tuple[Schema, str | None]:
        """Follow ``$ref`` (any component kind); return the node and its name."""
        name = None
        while "$ref" in node:
            _, _, kind, name = node["$ref"].split("/")
            node = self.components[kind][name]
        return node, name

    def shape(self, schema: Schema) -> Shape:
        """Classify ``schema`` (following a ``$ref``)."""
        node, ref = self.deref(schema)
        unknown = set(node) - KNOWN_KEYWORDS
        if unknown:
            raise SpecError(f"unsupported keywords {sorted(unknown)} in {node}")
        types = node.get("type", [])
        types = [types] if isinstance(types, str) else list(types)
        nullable = "null" in types
        types = [t for t in types if t != "null"]
        if "enum" in node:
            values = tuple(v for v in node["enum"] if v is not None)
            if not all(isinstance(v, str) for v in values) or types != ["string"]:
                raise SpecError(f"only string enums are supported: {node}")
            nullable = nullable or None in node["enum"]
            return Shape("enum", nullable, node, ref, values=values)
        if "properties" in node:
            return Shape("object", nullable, node, ref)
        if len(types) != 1:
            raise SpecError(f"expected exactly one type in {node}")
        kind = types[0]
        if kind == "array":
            return Shape("array", nullable, node, ref, item=self.shape(node["items"]))
        if kind == "string" and node.get("format") == "date-time":
            return Shape("datetime", nullable, node, ref)
        simple = {
            "string": "str",
            "integer": "int",
            "number": "float",
            "boolean": "bool",
            "object": "map",
        }
        if kind not in simple:
            raise SpecError(f"unsupported type {kind!r}")
        return Shape(simple[kind], nullable, node, ref)

    def operations(self) -> Iterator[tuple[str, str, Schema]]:
        for path, item in self.doc["paths"].items():
            for method, op in item.items():
                if method in {"get", "post", "patch", "delete", "put"}:
                    yield path, method.upper(), op
