"""The sandbox's rules from the spec: data only, read by telnyx_sip.testing."""

from __future__ import annotations

from typing import Any

from .operations import ListInfo, OpDef
from .spec import Schema, Shape, Spec
from .text import HEADER, py_str, py_tuple

SANDBOX_DATA = "telnyx_sip/testing/_spec_data.py"


def fits(shape: Shape, value: Any) -> bool:
    """Whether a spec ``default`` is a valid value of its own schema."""
    if value is None:
        return shape.nullable
    kind = shape.kind
    if kind == "enum":
        return value in shape.values
    if kind == "array":
        assert shape.item is not None
        item = shape.item
        return isinstance(value, list) and all(fits(item, v) for v in value)
    if isinstance(value, bool):
        return kind == "bool"
    if kind == "int":
        return isinstance(value, int)
    if kind == "float":
        return isinstance(value, (int, float))
    types = {"str": str, "datetime": str, "map": dict, "object": dict}
    return isinstance(value, types.get(kind, ()))


def object_rules(
    spec: Spec, schema: Schema, pointer: str = ""
) -> tuple[dict[str, Any], list[str]]:
    """The defaults (nested) and nullable JSON pointers of an object schema."""
    node, _ = spec.deref(schema)
    defaults: dict[str, Any] = {}
    nullable: list[str] = []
    for name, sub in node.get("properties", {}).items():
        shape = spec.shape(sub)
        here = f"{pointer}/{name}"
        if shape.nullable:
            nullable.append(here)
        if shape.kind == "object":
            nested, inner = object_rules(spec, shape.schema, here)
            nullable += inner
            if nested:
                defaults[name] = nested
        elif "default" in shape.schema and fits(shape, shape.schema["default"]):
            # Defaults that break their own schema (a null default on a
            # non-nullable integer) are left out rather than served.
            defaults[name] = shape.schema["default"]
    return defaults, nullable


def data_schema(spec: Spec, op: Schema) -> Schema:
    """The schema of the object an operation's 2xx answer carries."""
    responses = op["responses"]
    code = next(c for c in responses if c.startswith("2"))
    response, _ = spec.deref(responses[code])
    schema = response["content"]["application/json"]["schema"]
    envelope, _ = spec.deref(schema)
    data = envelope["properties"].get("data")
    if data is None:
        return schema
    return data["items"] if data.get("type") == "array" else data


def sort_default(spec: Spec, op: Schema) -> str | None:
    for raw in op.get("parameters", []):
        param, _ = spec.deref(raw)
        if param["name"] == "sort":
            value = param["schema"].get("default")
            return value if isinstance(value, str) else None
    return None


def render_list_rules(info: ListInfo, default: str | None) -> str:
    filters = [f"({py_str(a.wire)}, {py_str(a.kind)})" for a in info.args]
    fields = {
        "filters": f"({', '.join(filters)},)" if filters else "()",
        "sort": py_tuple(info.sort.choices) if info.sort else "()",
        "sort_default": py_str(default) if default else "None",
        "page_number_min": str(info.page_number_min),
        "page_size_min": str(info.page_size_min),
        "page_size_max": str(info.page_size_max),
        "page_size_default": str(info.page_size_default),
    }
    return f"ListRules({', '.join(f'{k}={v}' for k, v in fields.items())})"


def sandbox_data_source(spec: Spec, ops: list[OpDef]) -> str:
    """The sandbox's per-operation rules and per-resource object rules."""
    lines = [
        HEADER,
        '"""What the sandbox takes from the spec: operations, lists, defaults.',
        "",
        "Data only; the shapes are described in :mod:`telnyx_sip.testing._rules`.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from ._rules import ListRules, ObjectRules, OperationRules",
        "",
        '__all__ = ["OBJECTS", "OPERATIONS"]',
        "",
        "OPERATIONS: tuple[OperationRules, ...] = (",
    ]
    objects: dict[str, Schema] = {}
    for op in ops:
        raw = spec.doc["paths"][op.path][op.http.lower()]
        codes = sorted(int(c) for c in raw["responses"])
        status = next(c for c in codes if c < 300)
        documented = [c for c in codes if c >= 300]
        args = [
            py_str(op.name),
            py_str(op.http),
            py_str(op.path),
            str(status),
            f"frozenset({{{', '.join(map(str, documented))}}})",
            f"envelope={op.envelope}",
        ]
        if op.listing is not None:
            default = sort_default(spec, raw)
            args.append(f"listing={render_list_rules(op.listing, default)}")
            objects[op.resource.module] = data_schema(spec, raw)
        lines.append(f"    OperationRules({', '.join(args)}),")
    lines += [")", "", "OBJECTS: dict[str, ObjectRules] = {"]
    for module, schema in objects.items():
        node, _ = spec.deref(schema)
        defaults, nullable = object_rules(spec, schema)
        pointers = ", ".join(py_str(p) for p in sorted(nullable))
        pointer_set = f"frozenset({{{pointers}}})" if pointers else "frozenset()"
        lines.append(
            f"    {py_str(module)}: ObjectRules("
            f"{py_tuple(node['properties'])}, {defaults!r}, {pointer_set}),"
        )
    lines += ["}"]
    return "\n".join(lines) + "\n"
