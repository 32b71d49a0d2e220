"""The model registry: the enums and classes found while walking the operations.

Every schema is reached at a *location*: the component it belongs to, then
the property names down to it (``ConnectionRtcpSettings.port``), or
``<operationId>.data`` for a response object the spec writes inline. Names
of inline definitions come from their location or their field name, never
from their values, so a value added in the spec never renames a class.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field
from typing import Any

from .naming import (
    IDENTITY_FIELDS,
    INLINE_ENUM_NAMES,
    KEEP_REQUEST_NAMES,
    SCHEMA_NAMES,
    SECRET_FIELDS,
)
from .spec import STRING_FORMATS, Schema, Shape, Spec, SpecError, strip_docs
from .text import member_name, pascal, py_str


@dataclass
class EnumDef:
    name: str
    values: tuple[str, ...]
    fields: set[str] = field(default_factory=set)
    resources: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class TypeRef:
    """A Python type for a schema, and (request side) the check for it.

    ``mapping`` names the ``TypedDict`` a nested request object may also be
    given as (service arguments and other ``TypedDict`` fields accept it).
    """

    annotation: str
    check: str = ""
    names: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    mapping: str = ""

    @property
    def loose(self) -> str:
        """The annotation that also takes the plain-dict form, if there is one."""
        if not self.mapping:
            return self.annotation
        return f"{self.annotation} | {self.mapping}"


@dataclass
class FieldDef:
    name: str
    type: TypeRef
    required: bool
    nullable: bool

    @property
    def secret(self) -> bool:
        return self.name in SECRET_FIELDS


@dataclass
class ClassDef:
    name: str
    side: str  # "response" or "request"
    fingerprint: Any
    fields: list[FieldDef]
    summary: str = ""
    resources: set[str] = field(default_factory=set)
    parents: dict[str, set[str]] = field(default_factory=dict)
    # The identity fields of a resource object (see require_identity).
    identity: tuple[str, ...] = ()

    @property
    def nested(self) -> bool:
        """Whether the class is a field of another (not a body or data itself)."""
        return bool(self.parents)

    @property
    def mapping_name(self) -> str:
        """The name of a nested request class's ``TypedDict`` twin."""
        return self.name.removesuffix("Params") + "Dict"


@dataclass(frozen=True)
class Site:
    """Where a field is being mapped: side, resource, owning class, location."""

    side: str
    resource: str
    owner: str
    location: str

    @property
    def field_name(self) -> str:
        return self.location.rpartition(".")[2]


class Registry:
    """Maps schemas to named enums and classes, recording where each is used."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.enums: dict[str, EnumDef] = {}
        self.classes: dict[str, ClassDef] = {}
        self._walking: set[str] = set()

    # ---- enums

    def enum(self, shape: Shape, site: Site) -> str:
        if shape.ref is not None:
            name = SCHEMA_NAMES.get(shape.ref, shape.ref)
        else:
            name = INLINE_ENUM_NAMES.get(site.location) or pascal(site.field_name)
        found = self.enums.get(name)
        if found is None:
            found = self.enums[name] = EnumDef(name, shape.values)
            members = [member_name(v) for v in shape.values]
            if len(set(members)) != len(members):
                raise SpecError(f"enum {name}: member names collide: {members}")
        elif set(found.values) != set(shape.values):
            raise SpecError(
                f"two different enums would be named {name} ({found.values} and "
                f"{shape.values} at {site.location}); add an INLINE_ENUM_NAMES entry"
            )
        found.fields.add(site.field_name)
        found.resources.add(site.resource)
        return name

    # ---- classes

    def response_name(self, shape: Shape, field_name: str) -> str:
        if shape.ref is not None:
            return SCHEMA_NAMES.get(shape.ref, shape.ref)
        return pascal(field_name)

    def request_name(self, shape: Shape, field_name: str) -> str:
        if shape.ref is not None and shape.ref in KEEP_REQUEST_NAMES:
            return shape.ref
        return self.response_name(shape, field_name) + "Params"

    def add_class(
        self,
        name: str,
        side: str,
        shape: Shape,
        resource: str,
        *,
        location: str,
        parent: tuple[str, str] | None = None,
        summary: str = "",
    ) -> str:
        """Register (or revisit) the class for an object schema."""
        if name in self._walking:
            raise SpecError(f"recursive schema at {name}")
        fingerprint = strip_docs(shape.schema)
        self._walking.add(name)
        try:
            here = Site(side, resource, name, shape.ref or location)
            fields = self._fields(shape.schema, here)
        finally:
            self._walking.discard(name)
        cls = self.classes.get(name)
        if cls is None:
            cls = self.classes[name] = ClassDef(
                name, side, fingerprint, fields, summary=summary
            )
        elif cls.fingerprint != fingerprint or cls.side != side:
            raise SpecError(f"two different schemas would become class {name}")
        cls.resources.add(resource)
        if parent is not None:
            cls.parents.setdefault(parent[1], set()).add(parent[0])
        if summary and not cls.summary:
            cls.summary = summary
        return name

    def _fields(self, schema: Schema, where: Site) -> list[FieldDef]:
        """The fields of an object schema; ``where`` is the object's own site."""
        owner = where.owner
        required = set(schema.get("required", ()))
        missing = required - set(schema["properties"])
        if missing:
            raise SpecError(f"{owner}: required fields {missing} are not properties")
        fields = []
        for name, sub in schema["properties"].items():
            if name == "extra" or not name.isidentifier() or keyword.iskeyword(name):
                raise SpecError(f"{owner}: field name {name!r} cannot be used")
            shape = self.spec.shape(sub)
            site = Site(where.side, where.resource, owner, f"{where.location}.{name}")
            tref = self.python_type(shape, site)
            fields.append(FieldDef(name, tref, name in required, shape.nullable))
        return sorted(fields, key=lambda f: field_rank(f, ()))

    def require_identity(self, name: str) -> None:
        """Make a resource object's identity fields required and put them first.

        A response class with an ``id`` is a resource object: its
        :data:`~.naming.IDENTITY_FIELDS` become required (the API always sends
        them; a model that lacks one is an invalid answer), whatever the spec's
        ``required`` list says.
        """
        cls = self.classes[name]
        present = {f.name: f for f in cls.fields}
        if cls.side != "response" or IDENTITY_FIELDS[0] not in present:
            return
        identity = tuple(n for n in IDENTITY_FIELDS if n in present)
        for field_name in identity:
            found = present[field_name]
            if found.nullable or found.type.annotation != "str":
                raise SpecError(f"{name}.{field_name}: an identity is a string")
            found.required = True
        cls.identity = identity
        cls.fields.sort(key=lambda f: field_rank(f, identity))

    # ---- the one mapping from a schema to a Python type

    def python_type(self, shape: Shape, site: Site) -> TypeRef:
        request = site.side == "request"
        node = shape.schema
        kind = shape.kind
        if kind == "str":
            return TypeRef("str", string_check(node))
        if kind == "int":
            return TypeRef("int", call("_v.integer", bounds(node, multiple=True)))
        if kind == "float":
            return TypeRef("float", call("_v.number", bounds(node)))
        if kind == "bool":
            return TypeRef("bool", "_v.boolean()")
        if kind == "datetime":
            return TypeRef(
                "datetime.datetime", "_v.date_time()", needs=frozenset({"datetime"})
            )
        if kind == "map":
            if request:
                return TypeRef(
                    "Mapping[str, Any]",
                    "_v.mapping()",
                    needs=frozenset({"Mapping", "Any"}),
                )
            return TypeRef("dict[str, Any]", needs=frozenset({"Any"}))
        if kind == "array":
            assert shape.item is not None
            inner = self.python_type(shape.item, site)
            if request:
                return TypeRef(
                    f"Sequence[{inner.annotation}]",
                    f"_v.sequence_of({inner.check})",
                    inner.names,
                    inner.needs | {"Sequence"},
                )
            return TypeRef(
                f"tuple[{inner.annotation}, ...]", "", inner.names, inner.needs
            )
        if kind == "enum":
            name = self.enum(shape, site)
            if request:
                literal = ", ".join(py_str(v) for v in self.enums[name].values)
                return TypeRef(
                    f"{name} | Literal[{literal}]",
                    f"_v.one_of({name})",
                    frozenset({name}),
                    frozenset({"Literal"}),
                )
            return TypeRef(f"{name} | str", "", frozenset({name}))
        if kind == "object":
            if request:
                name = self.request_name(shape, site.field_name)
            else:
                name = self.response_name(shape, site.field_name)
            self.add_class(
                name,
                site.side,
                shape,
                site.resource,
                location=site.location,
                parent=(site.owner, site.field_name),
            )
            check = f"_v.instance_of({name})"
            if request:
                mapping = self.classes[name].mapping_name
                return TypeRef(name, check, frozenset({name}), mapping=mapping)
            return TypeRef(name, check, frozenset({name}))
        raise SpecError(f"unhandled kind {kind}")


def field_rank(f: FieldDef, identity: tuple[str, ...]) -> tuple[int, int]:
    """Identity fields first, then required ones, each group in spec order."""
    if f.name in identity:
        return (0, identity.index(f.name))
    return (1 if f.required else 2, 0)


def call(function: str, kwargs: dict[str, Any]) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"{function}({args})"


def bounds(node: Schema, *, multiple: bool = False) -> dict[str, Any]:
    """Keyword arguments for a number check from the schema's limits."""
    out: dict[str, Any] = {k: node[k] for k in ("minimum", "maximum") if k in node}
    if multiple and "multipleOf" in node:
        out["multiple_of"] = node["multipleOf"]
    elif "multipleOf" in node:
        raise SpecError(f"multipleOf is only supported on integers: {node}")
    return out


def string_check(node: Schema) -> str:
    fmt = node.get("format")
    if fmt not in STRING_FORMATS:
        raise SpecError(f"unsupported string format {fmt!r}")
    kwargs: dict[str, Any] = {}
    if "minLength" in node:
        kwargs["min_length"] = node["minLength"]
    if STRING_FORMATS[fmt] is not None:
        kwargs["fmt"] = STRING_FORMATS[fmt]
    return call("_v.string", kwargs)
