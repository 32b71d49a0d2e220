"""The operations: which service method each one becomes, and its arguments."""

from __future__ import annotations

from dataclasses import dataclass

from .naming import (
    IDEMPOTENT_POSTS,
    INLINE_DATA_NAMES,
    METHOD_ORDER,
    RESOURCES,
    RESPONSE_DOCS,
    SCHEMA_NAMES,
    SORT_ALIASES,
    Resource,
)
from .registry import Registry
from .spec import Schema, Spec, SpecError


@dataclass(frozen=True)
class QueryArg:
    kwarg: str
    wire: str
    kind: str  # str int bool datetime
    choices: tuple[str, ...] = ()

    @property
    def annotation(self) -> str:
        return {"datetime": "datetime.datetime"}.get(self.kind, self.kind)


@dataclass
class ListInfo:
    args: list[QueryArg]
    sort: QueryArg | None
    sort_alias: str | None
    page_number_min: int
    page_size_min: int
    page_size_max: int
    page_size_default: int


@dataclass
class OpDef:
    resource: Resource
    method: str
    http: str
    path: str
    path_param: str | None
    cast: str
    envelope: bool = True
    body: str | None = None
    listing: ListInfo | None = None

    @property
    def name(self) -> str:
        return f"{self.resource.module}.{self.method}"

    @property
    def template(self) -> str:
        """The path template the SDK uses: its one placeholder is ``{id}``.

        The spec may name it otherwise (``{access_ip_range_id}``); the
        service argument is ``id`` everywhere, and so is the name a bad
        value is reported under. ``path`` stays the spec's, for lookups.
        """
        if self.path_param is None:
            return self.path
        return self.path.replace("{" + self.path_param + "}", "{id}")

    @property
    def constant(self) -> str:
        return f"_{self.method.upper()}"

    @property
    def idempotent(self) -> bool:
        return self.http != "POST" or self.name in IDEMPOTENT_POSTS


def method_for(http: str, path: str) -> tuple[str, str | None]:
    """The service method name and path parameter of an operation."""
    parts = path.strip("/").split("/")
    param = None
    if len(parts) >= 2 and parts[1].startswith("{"):
        param = parts[1].strip("{}")
    if len(parts) == 1:
        names = {"GET": "list", "POST": "create"}
    elif len(parts) == 2 and param:
        names = {"GET": "retrieve", "PATCH": "update", "DELETE": "delete"}
    elif len(parts) == 4 and param and parts[2] == "actions" and http == "POST":
        return parts[3], param
    else:
        names = {}
    if http not in names:
        raise SpecError(f"no service method for {http} {path}")
    return names[http], param


def collect(spec: Spec) -> tuple[Registry, list[OpDef]]:
    """Walk every operation, registering models and describing the methods."""
    registry = Registry(spec)
    ops: list[OpDef] = []
    for path, http, op in spec.operations():
        module = path.strip("/").split("/")[0]
        if module not in RESOURCES:
            raise SpecError(f"no RESOURCES entry for {module}")
        resource = RESOURCES[module]
        method, param = method_for(http, path)
        cast, envelope = response_class(spec, registry, op, resource)
        opdef = OpDef(resource, method, http, path, param, cast, envelope)
        if "requestBody" in op:
            opdef.body = request_class(spec, registry, op, resource, method)
        if method == "list":
            opdef.listing = list_info(spec, op)
        ops.append(opdef)
    return registry, ops


def response_class(
    spec: Spec, registry: Registry, op: Schema, resource: Resource
) -> tuple[str, bool]:
    """The model of an operation's 2xx answer, and whether ``data`` wraps it."""
    responses = op["responses"]
    code = next(c for c in ("200", "201") if c in responses)
    response, _ = spec.deref(responses[code])
    envelope, _ = spec.deref(response["content"]["application/json"]["schema"])
    data = envelope["properties"].get("data")
    wrapped = data is not None
    if data is None:
        # The object itself, not wrapped in ``data`` (access IP ranges).
        data = response["content"]["application/json"]["schema"]
    elif data.get("type") == "array":
        data = data["items"]
    shape = spec.shape(data)
    if shape.ref is not None:
        name = registry.response_name(shape, "data")
    elif op["operationId"] in INLINE_DATA_NAMES:
        name = INLINE_DATA_NAMES[op["operationId"]]
    else:
        raise SpecError(f"name the inline data of {op['operationId']}")
    location = shape.ref or f"{op['operationId']}.data"
    summary = RESPONSE_DOCS.get(name, f"{resource.one} as the API returns it.")
    cls = registry.add_class(
        name,
        "response",
        shape,
        resource.module,
        location=location,
        summary=summary[0].upper() + summary[1:],
    )
    registry.require_identity(cls)
    return cls, wrapped


def request_class(
    spec: Spec, registry: Registry, op: Schema, resource: Resource, method: str
) -> str:
    schema = op["requestBody"]["content"]["application/json"]["schema"]
    shape = spec.shape(schema)
    if shape.ref is None:
        raise SpecError(f"inline request body in {op['operationId']}")
    name = SCHEMA_NAMES.get(shape.ref, shape.ref)
    verb = {"create": "creating", "update": "updating"}.get(method, method)
    return registry.add_class(
        name,
        "request",
        shape,
        resource.module,
        location=shape.ref,
        summary=f"Fields for {verb} {resource.one}.",
    )


def list_info(spec: Spec, op: Schema) -> ListInfo:
    args: list[QueryArg] = []
    sort = alias = None
    page: Schema = {}
    for raw in op.get("parameters", []):
        param, ref = spec.deref(raw)
        if param["in"] != "query":
            raise SpecError(f"unexpected {param['in']} parameter on a list")
        if param["name"] == "filter":
            args += filter_args(spec, param["schema"], [])
        elif param["name"] == "page":
            page = param["schema"]["properties"]
        elif param["name"] == "sort":
            if ref not in SORT_ALIASES:
                raise SpecError(f"name the sort alias for {ref}")
            alias = SORT_ALIASES[ref]
            sort = QueryArg("sort", "sort", "str", tuple(param["schema"]["enum"]))
        else:
            raise SpecError(f"unexpected list parameter {param['name']}")
    number, size = page["number"], page["size"]
    return ListInfo(
        args,
        sort,
        alias,
        page_number_min=number.get("minimum", 1),
        page_size_min=size.get("minimum", 1),
        page_size_max=size["maximum"],
        page_size_default=size["default"],
    )


def filter_args(spec: Spec, schema: Schema, path: list[str]) -> list[QueryArg]:
    """Flatten a deepObject filter into one keyword argument per leaf."""
    schema, _ = spec.deref(schema)
    if "oneOf" in schema:
        return [arg for alt in schema["oneOf"] for arg in filter_args(spec, alt, path)]
    if "properties" in schema:
        out: list[QueryArg] = []
        for name, sub in schema["properties"].items():
            out += filter_args(spec, sub, [*path, name])
        return out
    shape = spec.shape({k: v for k, v in schema.items() if k != "default"})
    kinds = {"str": "str", "int": "int", "bool": "bool", "datetime": "datetime"}
    if shape.kind not in kinds:
        raise SpecError(f"unsupported filter type at {path}")
    wire = "filter" + "".join(f"[{p}]" for p in path)
    return [QueryArg("filter_" + "_".join(path), wire, kinds[shape.kind])]


def method_rank(op: OpDef) -> tuple[int, str]:
    """Order methods: the CRUD ones first, then actions by name."""
    if op.method in METHOD_ORDER:
        return (METHOD_ORDER.index(op.method), "")
    return (len(METHOD_ORDER), op.method)


def by_resource(ops: list[OpDef]) -> dict[str, list[OpDef]]:
    """Each resource's operations in method order, resources in table order."""
    return {
        module: sorted((op for op in ops if op.resource is resource), key=method_rank)
        for module, resource in RESOURCES.items()
    }
