"""The JSON Schema of a document, derived from the same field tables as the checks.

Editors that read JSON Schema (for YAML too) then complete field names and
flag wrong types while typing. The schema is a guide; :func:`loads` is the
judge (it also checks formats, bounds and duplicate keys).
"""

from __future__ import annotations

import enum
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from telnyx_sip._signatures import union_args
from telnyx_sip._types import Unset

from ._document import VERSION
from ._fields import REFERENCES, RESOURCE_NAMES, FieldSpec, doc_key_fields, writable

__all__ = ["json_schema"]

_SIMPLE: Mapping[object, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
}


def _type_of(hint: Any) -> dict[str, Any]:
    types: list[dict[str, Any]] = []
    nullable = False
    for arg in union_args(hint):
        if arg is Unset:
            continue
        if arg is type(None):
            nullable = True
        elif typing.get_origin(arg) is typing.Literal:
            types.append({"enum": list(typing.get_args(arg))})
        elif isinstance(arg, type) and issubclass(arg, enum.Enum):
            types.append({"enum": [m.value for m in arg]})
        elif typing.get_origin(arg) in (Sequence, list, tuple):
            (item,) = typing.get_args(arg)[:1] or (str,)
            types.append({"type": "array", "items": _type_of(item)})
        elif arg in _SIMPLE:
            types.append({"type": _SIMPLE[arg]})
    merged = _merge(types)
    if nullable:
        merged = {"anyOf": [merged, {"type": "null"}]}
    return merged


def _merge(types: list[dict[str, Any]]) -> dict[str, Any]:
    enums = [v for t in types if "enum" in t for v in t["enum"]]
    others = [t for t in types if "enum" not in t]
    if enums and not others:
        return {"enum": list(dict.fromkeys(enums))}
    if enums:
        # An enum class and its Literal twin: the enum's values decide.
        return {"enum": list(dict.fromkeys(enums))}
    if len(others) == 1:
        return others[0]
    return {"anyOf": others} if others else {}


def _object(
    specs: Mapping[str, FieldSpec],
    refs: Mapping[tuple[str, ...], Any],
    parent: tuple[str, ...],
) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, spec in specs.items():
        if spec.nested is not None:
            properties[name] = _object(spec.nested, refs, (*parent, name))
        elif spec.secret:
            properties[name] = {
                "type": "string",
                "description": "write-only; ${NAME} reads environment variable NAME",
            }
        else:
            properties[name] = _type_of(spec.hint)
    ref = refs.get(parent)
    if ref is not None:
        properties[ref.name] = {
            "type": "string",
            "minLength": 1,
            "description": f"the name of an object; replaces {ref.id_field}",
        }
    return {"type": "object", "additionalProperties": False, "properties": properties}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a desired-state document."""
    properties: dict[str, Any] = {"version": {"const": VERSION}}
    for resource in RESOURCE_NAMES:
        refs = {r.parent: r for r in REFERENCES.get(resource, ())}
        item = _object(writable(resource), refs, ())
        top = refs.get(())
        required = [k for k in doc_key_fields(resource) if top is None or k != top.name]
        if required:
            item["required"] = required
        properties[resource] = {"type": "array", "items": item}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "telnyx-sip desired-state document",
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": properties,
        "$comment": "a secret may be written ${NAME}, read from the environment",
    }
