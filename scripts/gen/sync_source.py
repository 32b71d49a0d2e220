"""Reading the twin's inputs with ``ast``: metadata, names, signatures.

Nothing here imports the package: the sources are parsed, so the twin can be
regenerated even while the package itself does not import.
"""

from __future__ import annotations

import ast
import builtins
import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .sync_templates import PACKAGE_NAME

ASYNC_PAGER = "AsyncPager"
CLIENT_SOURCE = "telnyx_sip/_client.py"
SERVICES_INDEX = "telnyx_sip/services/__init__.py"
META_SOURCE = "telnyx_sip/_meta.py"


class GenerationError(Exception):
    """The async code holds a shape this generator cannot twin."""


@dataclass(frozen=True, order=True)
class Symbol:
    """Where a name comes from: ``from module import name`` (or ``import module``)."""

    module: str
    name: str | None


@dataclass
class Source:
    """One parsed module and the names visible at its top level."""

    module: str
    tree: ast.Module
    symbols: dict[str, Symbol] = field(default_factory=dict)

    @classmethod
    def parse(cls, module: str, text: str, *, is_package: bool = False) -> Source:
        tree = ast.parse(text)
        package = module if is_package else module.rpartition(".")[0]
        found = cls(module, tree)
        for node in tree.body:
            found.symbols.update(_top_level_names(node, module, package))
        return found

    def resolve(self, name: str) -> Symbol | None:
        if name in self.symbols:
            return self.symbols[name]
        if hasattr(builtins, name):
            return None
        raise GenerationError(f"{self.module}: cannot tell where {name!r} comes from")


def _absolute(package: str, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    parts = package.split(".")
    if level > 1:
        parts = parts[: -(level - 1)]
    base = ".".join(parts)
    return f"{base}.{module}" if module else base


def _top_level_names(node: ast.stmt, module: str, package: str) -> dict[str, Symbol]:
    if isinstance(node, ast.ImportFrom):
        source = _absolute(package, node.level, node.module)
        return {
            alias.asname or alias.name: Symbol(source, alias.name)
            for alias in node.names
        }
    if isinstance(node, ast.Import):
        out = {}
        for alias in node.names:
            if alias.asname:  # ``import ssl as _ssl``: the module, by another name
                out[alias.asname] = Symbol(alias.name, None)
                continue
            top = alias.name.split(".")[0]
            out[top] = Symbol(top, None)
        return out
    if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
        return {node.name: Symbol(module, node.name)}
    if isinstance(node, ast.Assign):
        return {
            t.id: Symbol(module, t.id) for t in node.targets if isinstance(t, ast.Name)
        }
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return {node.target.id: Symbol(module, node.target.id)}
    return {}


def _names_in(node: ast.AST | None, *, annotation: bool = True) -> Iterator[str]:
    """Every free name an annotation (or a default value) refers to."""
    if node is None:
        return
    if isinstance(node, ast.Name):
        yield node.id
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        if annotation:  # a quoted annotation: its names need importing too
            yield from _names_in(ast.parse(node.value, mode="eval").body)
    elif isinstance(node, ast.Subscript) and _is_literal(node.value):
        yield from _names_in(node.value)  # the values are data, not names
    else:
        for child in ast.iter_child_nodes(node):
            yield from _names_in(child, annotation=annotation)


def _is_literal(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "Literal") or (
        isinstance(node, ast.Attribute) and node.attr == "Literal"
    )


def signature_names(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[str]:
    args = fn.args
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    every += [a for a in (args.vararg, args.kwarg) if a is not None]
    for arg in every:
        yield from _names_in(arg.annotation)
    for default in [*args.defaults, *args.kw_defaults]:
        yield from _names_in(default, annotation=False)
    yield from _names_in(fn.returns)


def forward(
    fn: ast.FunctionDef | ast.AsyncFunctionDef,
) -> tuple[list[ast.expr], list[ast.keyword]]:
    """Arguments that pass a method's own parameters on unchanged."""
    args = fn.args
    positional = [*args.posonlyargs, *args.args][1:]  # without self
    call_args: list[ast.expr] = [ast.Name(a.arg, ast.Load()) for a in positional]
    if args.vararg is not None:
        call_args.append(ast.Starred(ast.Name(args.vararg.arg, ast.Load()), ast.Load()))
    keywords = [
        ast.keyword(a.arg, ast.Name(a.arg, ast.Load())) for a in args.kwonlyargs
    ]
    if args.kwarg is not None:
        keywords.append(ast.keyword(None, ast.Name(args.kwarg.arg, ast.Load())))
    return call_args, keywords


def expr(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def docstring_of(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> str:
    doc = ast.get_docstring(node, clean=False)
    if doc is None:
        raise GenerationError(f"{node.name} has no docstring to copy")
    return doc


def as_def(
    fn: ast.FunctionDef | ast.AsyncFunctionDef, body: list[ast.stmt]
) -> ast.FunctionDef:
    """A plain ``def`` with ``fn``'s name and parameters and a new body."""
    out = ast.FunctionDef(
        **{name: copy.deepcopy(getattr(fn, name)) for name in fn._fields}
    )
    out.body = body
    return out


def is_pager(returns: ast.expr | None) -> bool:
    return (
        isinstance(returns, ast.Subscript)
        and isinstance(returns.value, ast.Name)
        and returns.value.id == ASYNC_PAGER
    )


def has_yield(fn: ast.AsyncFunctionDef) -> bool:
    stack: list[ast.AST] = list(fn.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
        ):
            stack.extend(ast.iter_child_nodes(node))
    return False


@dataclass(frozen=True)
class ResourceInfo:
    """What the twin needs of one ``RESOURCES`` entry."""

    name: str
    service: str
    actions: tuple[str, ...]


def resources_from_meta(text: str) -> list[ResourceInfo]:
    """The ``RESOURCES`` entries of ``_meta.py``'s text, read without importing."""
    for node in ast.parse(text).body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and target.id == "RESOURCES":
            assert isinstance(node, ast.AnnAssign)
            if not isinstance(node.value, ast.Dict):
                break
            found = []
            for value in node.value.values:
                if not isinstance(value, ast.Call) or value.args:
                    raise GenerationError("RESOURCES entries must be keyword calls")
                kwargs = {k.arg: k.value for k in value.keywords}
                found.append(
                    ResourceInfo(
                        ast.literal_eval(kwargs["name"]),
                        ast.literal_eval(kwargs["service"]),
                        tuple(ast.literal_eval(kwargs["actions"])),
                    )
                )
            return found
    raise GenerationError(f"{META_SOURCE} has no RESOURCES mapping")


@dataclass
class Inputs:
    """The texts the twin is made from."""

    client: str
    services: dict[str, str]  # async class name -> text of its module
    modules: dict[str, str]  # async class name -> its module's dotted name
    resources: list[ResourceInfo]


def read_inputs(root: Path, fresh: Mapping[str, str] | None = None) -> Inputs:
    """Read the inputs under ``root``, preferring ``fresh`` texts (by path)."""
    fresh = fresh or {}

    def read(name: str) -> str:
        if name in fresh:
            return fresh[name]
        return (root / name).read_text(encoding="utf-8")

    resources = resources_from_meta(read(META_SOURCE))
    index = Source.parse(
        f"{PACKAGE_NAME}.services", read(SERVICES_INDEX), is_package=True
    )
    services: dict[str, str] = {}
    modules: dict[str, str] = {}
    for resource in resources:
        symbol = index.symbols.get(resource.service)
        if symbol is None:
            raise GenerationError(f"telnyx_sip.services has no {resource.service}")
        modules[resource.service] = symbol.module
        path = symbol.module.replace(".", "/") + ".py"
        services[resource.service] = read(path)
    return Inputs(read(CLIENT_SOURCE), services, modules, resources)
