"""The command line's field facts, ``telnyx_sip/_cli/_spec_facts.py``: data only.

What the spec says of each request field that the Python types do not
carry: its format (``uri``, ``uuid``, ``int64`` ...), bounds, least length,
step and default. ``--help`` shows these facts next to the type and the
allowed values, which the CLI reads from the models' annotations. The
spec's prose descriptions are never copied.
"""

from __future__ import annotations

import json

from .operations import OpDef
from .registry import Registry
from .sandbox import fits
from .spec import Schema, Shape, Spec, SpecError
from .text import HEADER, docstring, py_str, render_all

FACTS = "telnyx_sip/_cli/_spec_facts.py"

# Schema keyword -> Facts attribute, for the numbers that are copied as they are.
_NUMBERS = {
    "minimum": "minimum",
    "maximum": "maximum",
    "minLength": "min_length",
    "multipleOf": "multiple_of",
}


def facts_of(shape: Shape) -> str | None:
    """The ``Facts(...)`` literal of one field, or ``None`` when there is none."""
    node = shape.schema
    if shape.kind == "array" and shape.item is not None:
        node = {k: v for k, v in node.items() if k != "items"}
    parts: list[str] = []
    fmt = node.get("format") or node.get("x-format")
    if fmt:
        parts.append(f"format={py_str(fmt)}")
    parts += [f"{attr}={node[key]!r}" for key, attr in _NUMBERS.items() if key in node]
    if "default" in node and shape.kind != "object" and fits(shape, node["default"]):
        # A default that breaks its own schema (null on a non-nullable
        # field) says nothing true, so it is left out.
        text = json.dumps(node["default"], ensure_ascii=False)
        parts.append(f"default={py_str(text)}")
    return f"Facts({', '.join(parts)})" if parts else None


def _class_facts(spec: Spec, registry: Registry) -> list[str]:
    lines = []
    for name in sorted(registry.classes):
        cls = registry.classes[name]
        if cls.side != "request":
            continue
        entries = []
        for field, sub in cls.fingerprint["properties"].items():
            found = facts_of(spec.shape(sub))
            if found is not None:
                entries.append(f"{py_str(field)}: {found},")
        if entries:
            lines += [f"    {py_str(name)}: {{", *(f"        {e}" for e in entries)]
            lines.append("    },")
    return lines


def _filter_facts(spec: Spec, schema: Schema, path: list[str]) -> list[tuple[str, str]]:
    schema, _ = spec.deref(schema)
    if "oneOf" in schema:
        return [f for alt in schema["oneOf"] for f in _filter_facts(spec, alt, path)]
    if "properties" in schema:
        found: list[tuple[str, str]] = []
        for name, sub in schema["properties"].items():
            found += _filter_facts(spec, sub, [*path, name])
        return found
    facts = facts_of(spec.shape(schema))
    return [("filter_" + "_".join(path), facts)] if facts else []


def _query_facts(spec: Spec, op: OpDef) -> list[tuple[str, str]]:
    raw = spec.doc["paths"][op.path][op.http.lower()]
    found: list[tuple[str, str]] = []
    for item in raw.get("parameters", []):
        param, _ = spec.deref(item)
        if param["name"] == "filter":
            found += _filter_facts(spec, param["schema"], [])
        elif param["name"] == "sort":
            facts = facts_of(spec.shape(param["schema"]))
            if facts:
                found.append(("sort", facts))
    assert op.listing is not None
    known = {a.kwarg for a in op.listing.args} | {"sort"}
    stray = sorted({name for name, _ in found} - known)
    if stray:
        raise SpecError(f"{op.name}: facts for arguments the list lacks: {stray}")
    return found


def _path_facts(spec: Spec, op: OpDef) -> str | None:
    raw = spec.doc["paths"][op.path]
    shared = raw.get("parameters", [])
    for item in [*shared, *raw[op.http.lower()].get("parameters", [])]:
        param, _ = spec.deref(item)
        if param["in"] == "path" and param["name"] == op.path_param:
            return facts_of(spec.shape(param["schema"]))
    return None


def facts_source(spec: Spec, registry: Registry, ops: list[OpDef]) -> str:
    """The data module of field facts the command line's help reads."""
    lines = [
        HEADER,
        *docstring(
            "What the spec says of request fields beyond their types.",
            "Data only, read by the command line's help: formats, bounds, "
            "defaults. Nested-object classes are keyed by their request model's "
            "name; the shape is :class:`telnyx_sip._cli.facts.Facts`.",
        ),
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "",
        "from .facts import Facts",
        "",
        *render_all(["BODIES", "FIELDS", "PATHS", "QUERIES"]),
        "",
        "BODIES: Mapping[str, str] = {",
        *(f"    {py_str(op.name)}: {py_str(op.body)}," for op in ops if op.body),
        "}",
        '"""The request model of each operation that sends a body."""',
        "",
        "FIELDS: Mapping[str, Mapping[str, Facts]] = {",
        *_class_facts(spec, registry),
        "}",
        '"""Facts by request model, then field."""',
        "",
        "QUERIES: Mapping[str, Mapping[str, Facts]] = {",
    ]
    for op in ops:
        if op.listing is None:
            continue
        found = _query_facts(spec, op)
        if found:
            lines.append(f"    {py_str(op.name)}: {{")
            lines += [f"        {py_str(name)}: {facts}," for name, facts in found]
            lines.append("    },")
    lines += [
        "}",
        '"""Facts of list arguments (filters, sort) by operation, then argument."""',
        "",
        "PATHS: Mapping[str, Facts] = {",
    ]
    for op in ops:
        found_path = _path_facts(spec, op) if op.path_param else None
        if found_path:
            lines.append(f"    {py_str(op.name)}: {found_path},")
    lines += ["}", '"""Facts of the id in the path, by operation."""']
    return "\n".join(lines) + "\n"
