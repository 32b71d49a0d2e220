"""The operation metadata module, ``telnyx_sip/_meta.py``: data only.

One descriptor per operation (what services hand their client) and one per
resource: its service class, actions in method order, operations, the
secret fields of its models and, for creatable resources, the natural key
from :data:`.naming.NATURAL_KEYS`, checked here against the spec.
"""

from __future__ import annotations

from .naming import NATURAL_KEYS, RESOURCES, Resource
from .operations import OpDef, by_resource
from .registry import Registry
from .spec import SpecError
from .text import HEADER, docstring, py_frozenset, py_str, py_tuple, render_all

META = "telnyx_sip/_meta.py"


def render_operation(op: OpDef) -> str:
    """The descriptor literal of one operation (``Operation(...)``)."""
    head = f"{py_str(op.name)}, {py_str(op.http)}, {py_str(op.template)}"
    idempotent = f"idempotent={op.idempotent}"
    if not op.envelope:
        # The spec has this answer as the bare object, not under ``data``.
        idempotent += ", envelope=False"
    if op.listing is None:
        return f"Operation({head}, {idempotent})"
    info = op.listing
    params = [*info.args, *([info.sort] if info.sort else [])]
    entries = []
    for arg in params:
        choices = ", " + py_tuple(arg.choices) if arg.choices else ""
        entries.append(
            f"{py_str(arg.kwarg)}: QueryParam({py_str(arg.wire)}, "
            f"{py_str(arg.kind)}{choices}),"
        )
    pages = [
        f"{key}={getattr(info, key)}"
        for key in (
            "page_number_min",
            "page_size_min",
            "page_size_max",
            "page_size_default",
        )
    ]
    return (
        f"ListOperation({head}, {idempotent}, params={{{' '.join(entries)}}}, "
        f"{', '.join(pages)},)"
    )


def natural_key(resource: Resource, ops: list[OpDef], registry: Registry) -> str:
    """The ``NaturalKey(...)`` of a creatable resource, checked against the spec."""
    by_method = {op.method: op for op in ops}
    create = by_method.get("create")
    entry = NATURAL_KEYS.get(resource.module)
    if create is None or create.body is None:
        if entry is not None:
            raise SpecError(f"{resource.module} has a natural key but no create")
        return "None"
    if entry is None:
        raise SpecError(f"declare the natural key of {resource.module}")
    fields, filters = entry
    body = {f.name for f in registry.classes[create.body].fields}
    if set(fields) - body:
        raise SpecError(
            f"natural key of {resource.module}: {sorted(set(fields) - body)} "
            "are not create fields"
        )
    listing = by_method["list"].listing if "list" in by_method else None
    kwargs = {a.kwarg for a in listing.args} if listing else set()
    for name, kwarg in filters:
        if name not in fields:
            raise SpecError(
                f"natural key of {resource.module}: filter for {name!r}, "
                "which is not a key field"
            )
        if kwarg not in kwargs:
            raise SpecError(
                f"natural key of {resource.module}: {kwarg!r} is not an argument "
                f"of {resource.module}.list"
            )
    pairs = [f"({py_str(n)}, {py_str(k)})" for n, k in filters]
    joined = f"({pairs[0]},)" if len(pairs) == 1 else f"({', '.join(pairs)})"
    return f"NaturalKey({py_tuple(fields)}, {joined})"


def secret_fields(resource: Resource, registry: Registry) -> list[str]:
    return sorted(
        {
            f.name
            for cls in registry.classes.values()
            if resource.module in cls.resources
            for f in cls.fields
            if f.secret
        }
    )


def meta_source(registry: Registry, ops: list[OpDef]) -> str:
    """The data module every operation and resource descriptor lives in."""
    lines = [
        HEADER,
        *docstring(
            "Operation and resource descriptors, generated from the spec.",
            "Data only: services take their operations from here, and whatever "
            "needs the facts of a resource (its actions, natural key, secret "
            "fields) reads :data:`RESOURCES`. The shapes are described in "
            ":mod:`telnyx_sip._operations`.",
        ),
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "",
        "from telnyx_sip._operations import (ListOperation, NaturalKey, Operation,"
        " QueryParam, ResourceMeta)",
        "",
        *render_all(["LIST_OPERATIONS", "OPERATIONS", "RESOURCES", "SECRET_FIELDS"]),
        "",
        "OPERATIONS: Mapping[str, Operation] = {",
    ]
    grouped = by_resource(ops)
    for mine in grouped.values():
        lines += [f"    {py_str(op.name)}: {render_operation(op)}," for op in mine]
    lines += [
        "}",
        '"""Every operation, by name (``"ips.list"``)."""',
        "",
        "LIST_OPERATIONS: Mapping[str, ListOperation] = {",
        "    name: op for name, op in OPERATIONS.items()"
        " if isinstance(op, ListOperation)",
        "}",
        '"""The list operations of :data:`OPERATIONS`, typed as such."""',
        "",
        "RESOURCES: Mapping[str, ResourceMeta] = {",
    ]
    every_secret: set[str] = set()
    for resource in RESOURCES.values():
        mine = grouped[resource.module]
        secrets = secret_fields(resource, registry)
        every_secret.update(secrets)
        actions = py_tuple(op.method for op in mine)
        table = ", ".join(
            f"{py_str(op.method)}: OPERATIONS[{py_str(op.name)}]" for op in mine
        )
        lines += [
            f"    {py_str(resource.module)}: ResourceMeta(",
            f"        name={py_str(resource.module)},",
            f"        service={py_str(resource.service)},",
            f"        actions={actions},",
            f"        operations={{{table}}},",
            f"        secret_fields={py_frozenset(secrets)},",
            f"        natural_key={natural_key(resource, mine, registry)},",
            "    ),",
        ]
    lines += [
        "}",
        '"""Every resource, by client attribute (``"ips"``)."""',
        "",
        f"SECRET_FIELDS: frozenset[str] = {py_frozenset(sorted(every_secret))}",
        '"""Field names whose values never show in reprs or output."""',
    ]
    return "\n".join(lines) + "\n"
