"""Rendering the services: one module per resource and the package's index.

The operation descriptors live in the generated :mod:`telnyx_sip._meta`; a
service module only binds them to private names (``_LIST``) and calls its
client with them.
"""

from __future__ import annotations

from .naming import METHOD_DOCS, RESOURCES, Resource
from .operations import OpDef
from .registry import ClassDef, Registry
from .spec import SpecError
from .text import (
    HEADER,
    LINE_LENGTH,
    docstring,
    indent_lines,
    isort_key,
    py_str,
    render_all,
    render_imports,
)


def method_doc(op: OpDef) -> list[str]:
    res = op.resource
    if op.method not in METHOD_DOCS:
        raise SpecError(f"write a METHOD_DOCS entry for {op.name}")
    words = METHOD_DOCS[op.method].format(one=res.one, many=res.many)
    http = f"{op.http} {op.template}"
    one_line = f"{words} ({http})."
    if len(one_line) + 6 + 8 <= LINE_LENGTH:
        return [f'"""{one_line}"""']
    return [f'"""{words}.', "", http, '"""']


def render_operation_constant(op: OpDef) -> list[str]:
    table = "LIST_OPERATIONS" if op.listing is not None else "OPERATIONS"
    return [f"{op.constant} = {table}[{py_str(op.name)}]"]


def signature(op: OpDef, params: list[str], returns: str) -> list[str]:
    keyword = "def" if op.method == "list" else "async def"
    lines = [f"{keyword} {op.method}(", "    self,"]
    if op.path_param:
        # Named ``id`` whatever the spec calls it ({access_ip_range_id}), so
        # every method takes its object the same way.
        lines.append("    id: str,  # noqa: A002")
    lines.append("    *,")
    lines += [f"    {p}," for p in params]
    lines.append("    options: RequestOptions | None = None,")
    lines.append(f") -> {returns}:")
    return lines


def body_params(cls: ClassDef) -> list[str]:
    out = []
    for f in cls.fields:
        annotation = f.type.loose
        if not f.required:
            annotation += " | Unset"
        if f.nullable:
            annotation += " | None"
        default = "" if f.required else " = UNSET"
        out.append(f"{f.name}: {annotation}{default}")
    return out


def from_mappings(cls: ClassDef) -> list[str]:
    """Lines turning the plain-dict form of each nested argument into its class.

    Only an ``isinstance`` check for a caller who passes the classes; a dict
    goes through :func:`telnyx_sip._params.build_params`, the one JSON-to-model
    path, so it is checked like the class and errors name the nested field.
    """
    lines = []
    for f in cls.fields:
        if f.type.mapping:
            where = py_str(f.name)
            built = f"build_params({f.type.annotation}, {f.name}, where={where})"
            lines += [f"if isinstance({f.name}, Mapping):", f"    {f.name} = {built}"]
    return lines


def render_method(op: OpDef, registry: Registry) -> list[str]:
    path_arg = "path=(id,), " if op.path_param else ""
    if op.listing is not None:
        info = op.listing
        params = [f"{a.kwarg}: {a.annotation} | Unset = UNSET" for a in info.args]
        if info.sort:
            params.append(f"sort: {info.sort_alias} | Unset = UNSET")
        params += [
            "page_number: int | Unset = UNSET",
            "page_size: int | Unset = UNSET",
            "limit: int | None = None",
        ]
        lines = signature(op, params, f"AsyncPager[{op.cast}]")
        names = [a.kwarg for a in info.args] + (["sort"] if info.sort else [])
        args = ", ".join(f"{py_str(n)}: {n}" for n in names)
        body = [
            f"return self._list({op.constant}, {op.cast}, {{{args}}}, "
            "page_number=page_number, page_size=page_size, limit=limit, "
            "options=options)"
        ]
    elif op.body is not None:
        cls = registry.classes[op.body]
        lines = signature(op, body_params(cls), op.cast)
        kwargs = ", ".join(f"{f.name}={f.name}" for f in cls.fields)
        body = [
            *from_mappings(cls),
            f"body = {op.body}({kwargs})",
            f"return await self._call({op.constant}, {op.cast}, {path_arg}"
            "body=body, options=options)",
        ]
    else:
        lines = signature(op, [], op.cast)
        body = [
            f"return await self._call({op.constant}, {op.cast}, {path_arg}"
            "options=options)"
        ]
    return lines + indent_lines([*method_doc(op), *body], 1)


def service_module_source(
    resource: Resource, ops: list[OpDef], registry: Registry, alias_home: dict[str, str]
) -> str:
    needs: set[str] = set()
    models: set[str] = set()
    types_names = {"RequestOptions"}
    params: set[str] = set()
    base: set[str] = set()
    siblings: dict[str, set[str]] = {}
    aliases: list[tuple[str, tuple[str, ...]]] = []
    for op in ops:
        models.add(op.cast)
        if op.listing is not None:
            info = op.listing
            base.add("LIST_OPERATIONS")
            types_names |= {"UNSET", "Unset"}
            if any(a.kind == "datetime" for a in info.args):
                needs.add("datetime")
            if info.sort_alias and info.sort:
                if alias_home[info.sort_alias] == resource.module:
                    aliases.append((info.sort_alias, info.sort.choices))
                    needs.add("Literal")
                else:
                    siblings.setdefault(f".{alias_home[info.sort_alias]}", set()).add(
                        info.sort_alias
                    )
        else:
            base.add("OPERATIONS")
        if op.body is not None:
            cls = registry.classes[op.body]
            models.add(op.body)
            for f in cls.fields:
                needs |= f.type.needs
                models |= f.type.names
                if f.type.mapping:
                    models.add(f.type.mapping)
                    needs.add("Mapping")
                    params.add("build_params")
                if not f.required:
                    types_names |= {"UNSET", "Unset"}
    local: dict[str, set[str]] = {
        "telnyx_sip._params": params,
        "telnyx_sip._types": types_names,
        "telnyx_sip.models": models,
        "telnyx_sip._meta": base,
        "telnyx_sip.pagination": {"AsyncPager"} if "LIST_OPERATIONS" in base else set(),
        "._base": {"AsyncService"},
        **siblings,
    }
    lines = [HEADER, *docstring(f"The {resource.many} service."), ""]
    lines += render_imports(needs, local, models=False)
    exported = [resource.service, *(name for name, _ in aliases)]
    lines += ["", *render_all(exported)]
    for name, choices in aliases:
        literal = ", ".join(py_str(c) for c in choices)
        lines += ["", f"{name} = Literal[{literal}]"]
    lines.append("")
    for op in ops:
        lines += render_operation_constant(op)
    lines += ["", "", f"class {resource.service}(AsyncService):"]
    lines += indent_lines(docstring(resource.about, indent=4), 1)
    lines += ["", "    __slots__ = ()"]
    for op in ops:
        lines += ["", *indent_lines(render_method(op, registry), 1)]
    return "\n".join(lines) + "\n"


def services_init_source(alias_home: dict[str, str]) -> str:
    lines = [
        HEADER,
        '"""One service class per API resource, and the sort value aliases."""',
        "",
    ]
    exported: list[str] = []
    for resource in RESOURCES.values():
        names = [resource.service] + [
            alias for alias, module in alias_home.items() if module == resource.module
        ]
        lines.append(
            f"from .{resource.module} import {', '.join(sorted(names, key=isort_key))}"
        )
        exported += names
    lines += ["", *render_all(exported)]
    return "\n".join(lines) + "\n"
