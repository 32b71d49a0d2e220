"""The sync twin, ``telnyx_sip/sync/_client.py``, written from the async sources.

Which services there are, the client attribute of each and the methods each
has come from ``RESOURCES`` in the generated ``telnyx_sip/_meta.py``; the
signatures and docstrings are copied from the async service classes and
``AsyncTelnyxSIP``, read with ``ast`` and never imported:

* one sync service per async one (``Ips`` for ``AsyncIps``): an ``async def``
  becomes a ``def`` that runs the async method on the client's loop thread,
  and a ``list()`` returning ``AsyncPager[T]`` returns a ``SyncPager[T]``;
* ``TelnyxSIP``, whose constructor takes exactly ``AsyncTelnyxSIP``'s
  arguments, with one attribute per service, the async client's public
  properties and methods, ``close()`` and ``with`` support.

A method shape with no known twin (an async generator, a decorator, a plain
``def`` that does not return a pager), or a service method the metadata
does not list, stops the generator instead of producing a wrong twin.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .sync_source import (
    ASYNC_PAGER,
    GenerationError,
    Inputs,
    ResourceInfo,
    Source,
    Symbol,
    as_def,
    docstring_of,
    expr,
    forward,
    has_yield,
    is_pager,
    signature_names,
)
from .sync_templates import (
    BASE_SOURCE,
    CLIENT_CLASS,
    CLIENT_DOC,
    CLIENT_TAIL_SOURCE,
    FIXED_IMPORTS,
    HEADER,
    MODULE_DOC,
    PACKAGE_NAME,
    SYNC_CLIENT,
    SYNC_PAGER,
)

OUTPUT = "telnyx_sip/sync/_client.py"
OUTPUT_PACKAGE = f"{PACKAGE_NAME}.sync"
CLIENT_SPECIAL = frozenset(
    {"__init__", "__repr__", "__aenter__", "__aexit__", "aclose"}
)


@dataclass
class Twin:
    """The output under construction: its statements and the names it uses."""

    imports: dict[str, Symbol] = field(default_factory=dict)

    def need(self, name: str, symbol: Symbol | None) -> None:
        if symbol is None:
            return
        known = self.imports.get(name)
        if known is not None and known != symbol:
            raise GenerationError(
                f"{name!r} would come from both {known.module} and {symbol.module}"
            )
        self.imports[name] = symbol

    def need_names(self, source: Source, names: Iterator[str]) -> None:
        for name in names:
            if name == ASYNC_PAGER:
                continue  # becomes SyncPager
            self.need(name, source.resolve(name))


def _sync_method(
    source: Source, where: str, fn: ast.FunctionDef | ast.AsyncFunctionDef, twin: Twin
) -> ast.FunctionDef:
    if fn.decorator_list:
        raise GenerationError(f"{where}: decorated methods are not supported")
    twin.need_names(source, signature_names(fn))
    doc = ast.Expr(ast.Constant(docstring_of(fn)))
    call_args, keywords = forward(fn)
    target = expr(f"self._async.{fn.name}")
    if isinstance(fn, ast.AsyncFunctionDef):
        if has_yield(fn):
            raise GenerationError(f"{where}: async generators are not supported")
        result: ast.expr = ast.Call(
            expr("self._runner.call"), [target, *call_args], keywords
        )
        return as_def(fn, [doc, ast.Return(result)])
    if is_pager(fn.returns):
        pager = ast.Call(target, call_args, keywords)
        result = ast.Call(
            ast.Name(SYNC_PAGER, ast.Load()), [pager, expr("self._runner")], []
        )
        out = as_def(fn, [doc, ast.Return(result)])
        assert isinstance(out.returns, ast.Subscript)
        out.returns.value = ast.Name(SYNC_PAGER, ast.Load())
        return out
    raise GenerationError(
        f"{where}: a plain def that does not return {ASYNC_PAGER}[...] "
        "has no known sync twin"
    )


def sync_name(async_name: str) -> str:
    if not async_name.startswith("Async") or len(async_name) == len("Async"):
        raise GenerationError(f"service class {async_name!r} does not start with Async")
    return async_name[len("Async") :]


def _class_def(name: str, bases: list[ast.expr], body: list[ast.stmt]) -> ast.ClassDef:
    out = ast.ClassDef(
        name=name, bases=bases, keywords=[], body=body, decorator_list=[]
    )
    if sys.version_info >= (3, 12):
        out.type_params = []
    return out


def _service_twin(source: Source, resource: ResourceInfo, twin: Twin) -> ast.ClassDef:
    cls = next(
        (
            n
            for n in source.tree.body
            if isinstance(n, ast.ClassDef) and n.name == resource.service
        ),
        None,
    )
    if cls is None:
        raise GenerationError(f"{source.module} has no class {resource.service}")
    twin.need(cls.name, Symbol(source.module, cls.name))
    methods = {
        n.name: n
        for n in cls.body
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
        and not n.name.startswith("_")
    }
    unlisted = sorted(set(methods) - set(resource.actions))
    if unlisted:
        raise GenerationError(
            f"{cls.name} has methods {unlisted} that RESOURCES[{resource.name!r}] "
            "does not list: regenerate telnyx_sip/_meta.py"
        )
    body: list[ast.stmt] = [
        ast.Expr(ast.Constant(docstring_of(cls))),
        ast.Assign([ast.Name("__slots__", ast.Store())], ast.Tuple([], ast.Load())),
    ]
    for action in resource.actions:
        if action not in methods:
            raise GenerationError(f"{cls.name} has no method {action!r}")
        where = f"{source.module}.{cls.name}.{action}"
        body.append(_sync_method(source, where, methods[action], twin))
    base = ast.Subscript(
        ast.Name("_SyncService", ast.Load()), ast.Name(cls.name, ast.Load()), ast.Load()
    )
    return _class_def(sync_name(cls.name), [base], body)


def _args_section(doc: str) -> str:
    """The ``Args:`` block of the async client's docstring, re-used verbatim."""
    lines = doc.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Args:"), None)
    if start is None:
        return ""
    end = start + 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return "\n" + "\n".join(lines[start:end]) + "\n"


def _client_twin(
    source: Source, resources: list[ResourceInfo], twin: Twin
) -> ast.ClassDef:
    cls = next(
        (
            n
            for n in source.tree.body
            if isinstance(n, ast.ClassDef) and n.name == CLIENT_CLASS
        ),
        None,
    )
    if cls is None:
        raise GenerationError(f"{source.module} has no class {CLIENT_CLASS}")
    declared: dict[str, str] = {}
    init: ast.FunctionDef | None = None
    extra: list[ast.FunctionDef] = []
    for node in cls.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(node.annotation, ast.Name)
        ):
            declared[node.target.id] = node.annotation.id
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name == "__init__" and isinstance(node, ast.FunctionDef):
                init = node
            elif node.name in CLIENT_SPECIAL or node.name.startswith("_"):
                continue
            else:
                extra.append(_client_member(source, node, twin))
    if init is None:
        raise GenerationError(f"{CLIENT_CLASS} has no __init__")
    missing = [r.name for r in resources if declared.get(r.name) != r.service]
    if missing:
        raise GenerationError(f"{CLIENT_CLASS} declares no attribute for {missing}")
    attrs = [(r.name, r.service) for r in resources]

    twin.need_names(source, signature_names(init))
    call_args, keywords = forward(init)
    build = ast.Assign(
        [ast.Name("client", ast.Store())],
        ast.Call(ast.Name(CLIENT_CLASS, ast.Load()), call_args, keywords),
    )
    start = [
        'runner = LoopThread("telnyx-sip", on_stop=client.aclose)',
        "self._bind(client, runner)",
    ]
    init_body = [build, *(stmt for line in start for stmt in ast.parse(line).body)]
    new_init = as_def(init, init_body)
    bind_lines = [
        "self._async = client",
        "self._runner = runner",
        *(
            f"self.{attr} = {sync_name(svc)}(client.{attr}, runner)"
            for attr, svc in attrs
        ),
    ]
    bind = ast.parse(
        f"def _bind(self, client: {CLIENT_CLASS}, runner: LoopThread) -> None:\n"
        '    """Hold the async client and the loop, and wrap every service."""\n'
        + "".join(f"    {line}\n" for line in bind_lines)
    ).body[0]

    tail = ast.parse(CLIENT_TAIL_SOURCE).body[0]
    assert isinstance(tail, ast.ClassDef)
    doc = CLIENT_DOC.format(args=_args_section(docstring_of(cls)))
    body: list[ast.stmt] = [ast.Expr(ast.Constant(doc))]
    body += [
        ast.AnnAssign(
            ast.Name(attr, ast.Store()), ast.Name(sync_name(svc), ast.Load()), None, 1
        )
        for attr, svc in attrs
    ]
    body += [new_init, bind, *tail.body[:1], *extra, *tail.body[1:]]
    return _class_def(SYNC_CLIENT, [], body)


def _client_member(
    source: Source, node: ast.FunctionDef | ast.AsyncFunctionDef, twin: Twin
) -> ast.FunctionDef:
    """A public property or method of the async client, forwarded."""
    where = f"{CLIENT_CLASS}.{node.name}"
    twin.need_names(source, signature_names(node))
    decorators = [ast.unparse(d) for d in node.decorator_list]
    if decorators == ["overload"] and isinstance(node, ast.AsyncFunctionDef):
        # A typing stub of the definition that follows: the twin's is the same.
        twin.need("overload", source.resolve("overload"))
        return as_def(node, [ast.Expr(ast.Constant(Ellipsis))])
    doc = ast.Expr(ast.Constant(docstring_of(node)))
    target = expr(f"self._async.{node.name}")
    if decorators == ["property"] and isinstance(node, ast.FunctionDef):
        return as_def(node, [doc, ast.Return(target)])
    if decorators:
        raise GenerationError(f"{where}: decorators other than @property")
    call_args, keywords = forward(node)
    if isinstance(node, ast.AsyncFunctionDef):
        if has_yield(node):
            raise GenerationError(f"{where}: async generators are not supported")
        result = ast.Call(expr("self._runner.call"), [target, *call_args], keywords)
        return as_def(node, [doc, ast.Return(result)])
    if isinstance(node.returns, ast.Name) and node.returns.id == CLIENT_CLASS:
        # A derived client: the same loop thread around the derived async one.
        derived = ast.Call(target, call_args, keywords)
        wrapped = ast.Call(expr("self._derive"), [derived], [])
        out = as_def(node, [doc, ast.Return(wrapped)])
        out.returns = ast.Name(SYNC_CLIENT, ast.Load())
        return out
    raise GenerationError(f"{where}: a plain public method has no known sync twin")


def _relative(module: str) -> str:
    """``module`` as imported from :data:`OUTPUT`: siblings relative (TID252)."""
    if module.startswith(OUTPUT_PACKAGE + "."):
        return "." + module[len(OUTPUT_PACKAGE) + 1 :]
    return module


def _import_statements(imports: Mapping[str, Symbol]) -> list[ast.stmt]:
    grouped: dict[str, set[str]] = {}
    plain: set[str] = set()
    for name, symbol in imports.items():
        if symbol.name is None:
            as_name = "" if name == symbol.module else f" as {name}"
            plain.add(symbol.module + as_name)
            continue
        alias = symbol.name if symbol.name == name else f"{symbol.name} as {name}"
        grouped.setdefault(symbol.module, set()).add(alias)
    lines = ["from __future__ import annotations"]
    lines += [f"import {module}" for module in sorted(plain)]
    for module in sorted(grouped):
        if module in {PACKAGE_NAME, OUTPUT_PACKAGE}:
            raise GenerationError(f"import from {module} would be circular")
        names = ", ".join(sorted(grouped[module]))
        lines.append(f"from {_relative(module)} import {names}")
    return [stmt for line in lines for stmt in ast.parse(line).body]


def render_sources(inputs: Inputs) -> str:
    """The sync module for these inputs, before formatting."""
    twin = Twin()
    for name, (module, imported) in FIXED_IMPORTS.items():
        twin.need(name, Symbol(module, imported))
    if not inputs.resources:
        raise GenerationError("RESOURCES lists no services")
    classes = []
    for resource in inputs.resources:
        module = inputs.modules[resource.service]
        source = Source.parse(module, inputs.services[resource.service])
        classes.append(_service_twin(source, resource, twin))
    client = Source.parse(f"{PACKAGE_NAME}._client", inputs.client)
    client_cls = _client_twin(client, inputs.resources, twin)

    defined = {c.name for c in classes} | {SYNC_CLIENT, "_SyncService", "S", "R"}
    clash = defined & set(twin.imports)
    if clash:
        raise GenerationError(
            f"generated names clash with imported ones: {sorted(clash)}"
        )

    exported = sorted([SYNC_CLIENT, *(c.name for c in classes)])
    all_list = ast.Assign(
        [ast.Name("__all__", ast.Store())],
        ast.List([ast.Constant(n) for n in exported], ast.Load()),
    )
    head = ast.Module(
        body=[
            ast.Expr(ast.Constant(MODULE_DOC)),
            *_import_statements(twin.imports),
            all_list,
        ],
        type_ignores=[],
    )
    tail = ast.Module(body=[*classes, client_cls], type_ignores=[])
    # The fixed base goes in as written, so that its comments survive.
    parts = [
        HEADER + ast.unparse(ast.fix_missing_locations(head)),
        BASE_SOURCE.strip(),
        ast.unparse(ast.fix_missing_locations(tail)),
    ]
    return "\n\n".join(parts) + "\n"
