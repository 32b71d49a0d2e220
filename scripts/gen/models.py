"""Rendering the models: placing each definition in a module, then the modules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .naming import RESOURCES
from .registry import ClassDef, EnumDef, FieldDef, Registry
from .reprs import shown_fields
from .text import (
    HEADER,
    SECRET_LOOKING,
    docstring,
    indent_lines,
    isort_key,
    join_names,
    member_name,
    py_str,
    render_all,
    render_imports,
)


def home(resources: set[str]) -> str:
    """Where a definition lives: its only resource's module, else ``common``."""
    return next(iter(resources)) if len(resources) == 1 else "common"


MODEL_MODULES = ("common", *RESOURCES)


@dataclass
class ModelModule:
    name: str
    enums: list[EnumDef] = field(default_factory=list)
    classes: list[ClassDef] = field(default_factory=list)

    @property
    def public(self) -> list[str]:
        names = [e.name for e in self.enums] + [c.name for c in self.classes]
        return names + [c.mapping_name for c in self.classes if has_mapping(c)]


def has_mapping(cls: ClassDef) -> bool:
    """Whether ``cls`` gets a ``TypedDict`` twin: nested request objects do."""
    return cls.side == "request" and cls.nested


def place(registry: Registry) -> dict[str, ModelModule]:
    modules = {name: ModelModule(name) for name in MODEL_MODULES}
    for enum_def in sorted(registry.enums.values(), key=lambda e: e.name):
        modules[home(enum_def.resources)].enums.append(enum_def)
    # Registration order puts every class after the classes it uses.
    for side in ("response", "request"):
        for cls in registry.classes.values():
            if cls.side == side:
                modules[home(cls.resources)].classes.append(cls)
    return modules


REDACT_HELPER = '''
def redacted_repr(value: object) -> str:
    """Show a secret field in ``repr()`` without its value."""
    if value is None or value is UNSET:
        return repr(value)
    return REDACTED
'''


def render_enum(enum_def: EnumDef) -> list[str]:
    summary = f"Values of {join_names(sorted(enum_def.fields))}."
    lines = [f"class {enum_def.name}(str, enum.Enum):"]
    lines += indent_lines(docstring(summary, indent=4), 1)
    lines.append("")
    for value in enum_def.values:
        member = member_name(value)
        noqa = "  # noqa: S105" if SECRET_LOOKING.search(member) else ""
        lines.append(f"    {member} = {py_str(value)}{noqa}")
    return lines


def class_refs(names: Iterable[str]) -> str:
    return join_names([f":class:`{n}`" for n in names], wrap="")


def class_doc(cls: ClassDef) -> tuple[str, str]:
    """Summary and body of a class docstring."""
    if cls.summary:
        return cls.summary, ""
    side = "a request" if cls.side == "request" else "a response"
    summary = f"The {join_names(sorted(cls.parents))} object of {side}."
    users = sorted({owner for owners in cls.parents.values() for owner in owners})
    verb = "Used by" if cls.side == "request" else "Found on"
    return summary, f"{verb} {class_refs(users)}."


def render_class(cls: ClassDef) -> list[str]:
    summary, body = class_doc(cls)
    lines = ["@attrs.frozen(kw_only=True)", f"class {cls.name}:"]
    lines += indent_lines(docstring(summary, body, indent=4), 1)
    lines.append("")
    if cls.side == "response":
        shown = shown_fields(cls)
        lines += [f"    {response_field(f, shown=f.name in shown)}" for f in cls.fields]
        lines.append(
            "    extra: dict[str, Any] = attrs.field(factory=dict, repr=False)"
        )
    else:
        lines += [f"    {request_field(f)}" for f in cls.fields]
    if has_mapping(cls):
        lines += ["", "", *render_mapping(cls)]
    return lines


def response_field(f: FieldDef, *, shown: bool) -> str:
    annotation = f.type.annotation
    if f.nullable or not f.required:
        annotation += " | None"
    options = [] if f.required else ["default=None"]
    if not shown:
        options.append("repr=False")
    elif not f.required:
        return f"{f.name}: {annotation} = None"
    if not options:
        return f"{f.name}: {annotation}"
    return f"{f.name}: {annotation} = attrs.field({', '.join(options)})"


def mapping_field(f: FieldDef) -> str:
    annotation = f.type.loose
    if f.nullable:
        annotation += " | None"
    return f"    {f.name}: {annotation}"


def render_mapping(cls: ClassDef) -> list[str]:
    """The ``TypedDict`` a service also takes in place of the nested ``cls``.

    Keys the spec requires are required keys; the rest may be left out.
    Without ``typing.Required`` (Python 3.11) that takes a base class holding
    the required keys.
    """
    name = cls.mapping_name
    summary = f":class:`{cls.name}` as a plain dict, checked the same way."
    body = (
        "Service methods turn it into the class when called, so a wrong key "
        "or value raises the same error, naming the nested field."
    )
    required = [f for f in cls.fields if f.required]
    optional = [f for f in cls.fields if not f.required]
    lines: list[str] = []
    if required:
        base = f"_{name}Required"
        lines += [f"class {base}(TypedDict):"]
        lines += indent_lines(docstring(f"The required keys of {name}.", indent=4), 1)
        lines += ["", *(mapping_field(f) for f in required), "", ""]
        lines.append(f"class {name}({base}, total=False):")
    else:
        lines.append(f"class {name}(TypedDict, total=False):")
    lines += indent_lines(docstring(summary, body, indent=4), 1)
    if optional:
        lines += ["", *(mapping_field(f) for f in optional)]
    return lines


def request_field(f: FieldDef) -> str:
    annotation = f.type.annotation
    if not f.required:
        annotation += " | Unset"
    if f.nullable:
        annotation += " | None"
    wrapper = "_v.required" if f.required else "_v.optional"
    nullable = ", nullable=True" if f.nullable else ""
    options = [] if f.required else ["default=UNSET"]
    options.append(f"validator={wrapper}({f.type.check}{nullable})")
    if f.secret:
        options.append("repr=redacted_repr")
    return f"{f.name}: {annotation} = attrs.field({', '.join(options)})"


def model_module_source(module: ModelModule, placement: dict[str, str]) -> str:
    needs: set[str] = set()
    types_names: set[str] = set()
    from_common: set[str] = set()
    if module.enums:
        needs.add("enum")
    for cls in module.classes:
        needs.add("attrs")
        if cls.side == "response":
            needs.add("Any")
        else:
            needs.add("_v")
        if has_mapping(cls):
            needs.add("TypedDict")
        for f in cls.fields:
            needs |= f.type.needs
            from_common |= {n for n in f.type.names if placement[n] == "common"}
            mapping = f.type.mapping if has_mapping(cls) else ""
            if mapping and placement[mapping] == "common":
                from_common.add(mapping)
            if cls.side == "request" and not f.required:
                types_names |= {"UNSET", "Unset"}
            if f.secret and cls.side == "request":
                from_common.add("redacted_repr")
    if module.name == "common":
        types_names |= {"REDACTED", "UNSET"}
        from_common = set()
    local = {
        "telnyx_sip._types": types_names,
        ".common": from_common,
    }
    if module.name == "common":
        title = "Enums and nested objects that several resources share."
    else:
        title = f"Models for {RESOURCES[module.name].many}."
    lines = [HEADER, *docstring(title), ""]
    lines += render_imports(needs, local, models=True)
    lines += ["", *render_all(module.public)]
    if module.name == "common":
        lines += ["", *REDACT_HELPER.strip("\n").splitlines()]
    for enum_def in module.enums:
        lines += ["", "", *render_enum(enum_def)]
    for cls in module.classes:
        lines += ["", "", *render_class(cls)]
    return "\n".join(lines) + "\n"


def models_init_source(modules: dict[str, ModelModule], registry: Registry) -> str:
    lines = [
        HEADER,
        *docstring(
            "Request and response models, one module per API resource.",
            "Response models are lenient: unknown keys land in ``extra`` and enum "
            "fields keep values this version does not know as plain strings. "
            "Request models check their fields when built and leave out what was "
            "not given (``UNSET``). ``RESPONSE_MODELS`` and ``REQUEST_MODELS`` "
            "list every attrs class of each side, nested ones included.",
        ),
        "",
        "from typing import Any",
        "",
    ]
    exported: list[str] = []
    for name in MODEL_MODULES:
        public = modules[name].public
        if public:
            imported = ", ".join(sorted(public, key=isort_key))
            lines.append(f"from .{name} import {imported}")
            exported += public
    lines += ["", *render_all([*exported, "REQUEST_MODELS", "RESPONSE_MODELS"])]
    for side, const in (("response", "RESPONSE_MODELS"), ("request", "REQUEST_MODELS")):
        names = sorted(c.name for c in registry.classes.values() if c.side == side)
        lines += ["", f"{const}: tuple[type[Any], ...] = ("]
        lines += [f"    {n}," for n in names]
        lines.append(")")
    return "\n".join(lines) + "\n"
