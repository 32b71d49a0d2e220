"""A pydantic-core validator built from the same spec schemas, for reference.

Strict mode, into plain objects (one class per schema object), checking what
the SDK's structuring checks: types, enum values, integer bounds. It shows
what compiled (Rust) validation of the same data costs; pydantic-core is not
a dependency of the project and is only used when present
(:class:`ImportError` otherwise).
"""

from __future__ import annotations

import importlib
from typing import Any

from .bodies import Schema

__all__ = ["page_validator"]


def _deref(spec: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def _schema(spec: Schema, node: Schema, name: str) -> Any:
    cs = importlib.import_module("pydantic_core.core_schema")
    node = _deref(spec, node)
    kinds = node.get("type", "object")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds)
    nullable = "null" in kinds or None in node.get("enum", [])
    kind = next((k for k in kinds if k != "null"), "object")
    inner: Any
    if "enum" in node:
        inner = cs.literal_schema([v for v in node["enum"] if v is not None])
    elif kind == "object":
        cls = type(name or "Item", (), {"__slots__": _SLOTS})
        fields = {
            key: cs.model_field(
                cs.with_default_schema(_schema(spec, sub, key), default=None)
            )
            for key, sub in node.get("properties", {}).items()
        }
        inner = cs.model_schema(cls, cs.model_fields_schema(fields), strict=True)
    elif kind == "array":
        inner = cs.list_schema(_schema(spec, node.get("items", {}), name), strict=True)
    elif kind == "integer":
        inner = cs.int_schema(
            strict=True,
            ge=node.get("minimum"),
            le=node.get("maximum"),
            multiple_of=node.get("multipleOf"),
        )
    elif kind == "boolean":
        inner = cs.bool_schema(strict=True)
    elif kind == "number":
        inner = cs.float_schema(strict=True)
    else:
        inner = cs.str_schema(strict=True)
    return cs.nullable_schema(inner) if nullable else inner


_SLOTS = (
    "__dict__",
    "__pydantic_fields_set__",
    "__pydantic_extra__",
    "__pydantic_private__",
)


def page_validator(spec: Schema, item: Schema) -> Any:
    """A validator of a list of ``item`` objects (``validate_python(list)``)."""
    core = importlib.import_module("pydantic_core")
    return core.SchemaValidator(
        core.core_schema.list_schema(_schema(spec, item, "Item"))
    )
