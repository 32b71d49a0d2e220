"""Read the services' typed signatures into command descriptions.

The services are generated from the API description and fully typed, so the
command line is derived from them instead of being written out by hand: one
:class:`Resource` per client attribute, one :class:`Command` per public
service method, one :class:`Param` per keyword argument.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import types
import typing
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs

from telnyx_sip._client import AsyncTelnyxSIP
from telnyx_sip._types import RequestOptions, Unset
from telnyx_sip.pagination import AsyncPager
from telnyx_sip.services._base import AsyncService

__all__ = ["Command", "Kind", "Param", "Resource", "resources"]

Kind = Literal["str", "int", "float", "bool", "datetime", "choice", "list", "object"]

# Arguments every list takes; they get options of their own, not filters.
PAGING = ("page_number", "page_size", "limit")
FILTER_PREFIX = "filter_"
# Reading order of the usual operations; others follow alphabetically.
_ORDER = ("list", "create", "retrieve", "update", "delete")

_SCALARS: dict[object, Kind] = {
    bool: "bool",
    int: "int",
    float: "float",
    str: "str",
    dt.datetime: "datetime",
}


@attrs.frozen
class Param:
    """One keyword argument of a service method.

    ``choices`` holds the allowed strings of an enum argument; ``model`` the
    attrs class of a nested-object argument.
    """

    name: str
    kind: Kind
    required: bool = False
    nullable: bool = False
    choices: tuple[str, ...] = ()
    model: type[Any] | None = None

    @property
    def flag(self) -> str:
        """The command-line option, e.g. ``--connection-name``."""
        return "--" + self.name.replace("_", "-")

    @property
    def dest(self) -> str:
        """The argparse destination, kept apart from the global options."""
        return "kw_" + self.name


@attrs.frozen
class Command:
    """One service method as a subcommand.

    ``path_param`` is the positional id argument, if the method takes one.
    For lists, ``filters`` maps each filter key (the argument name without
    ``filter_``) to its parameter and ``result`` is the item type.
    """

    resource: str
    method: str
    summary: str
    path_param: str | None
    params: tuple[Param, ...]
    result: type[Any]
    is_list: bool = False
    filters: dict[str, Param] = attrs.field(factory=dict)
    sort: Param | None = None

    @property
    def name(self) -> str:
        """The subcommand name, e.g. ``check-registration-status``."""
        return self.method.replace("_", "-")


@attrs.frozen
class Resource:
    """A client attribute (``client.ips``) and its commands."""

    attribute: str
    summary: str
    commands: tuple[Command, ...]

    @property
    def name(self) -> str:
        """The subcommand name, e.g. ``credential-connections``."""
        return self.attribute.replace("_", "-")


def _summary(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ").strip()


def _union_args(tp: object) -> tuple[object, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return typing.get_args(tp)
    return (tp,)


def classify(name: str, tp: object, *, required: bool) -> Param:
    """Describe argument ``name`` of annotation ``tp``.

    Raises:
        TypeError: For an annotation the command line cannot express.

    """
    args = _union_args(tp)
    nullable = type(None) in args
    rest = [a for a in args if a not in (type(None), Unset)]
    literals = [a for a in rest if typing.get_origin(a) is Literal]
    enums = [a for a in rest if isinstance(a, type) and issubclass(a, enum.Enum)]
    if literals or enums:
        values = [v for lit in literals for v in typing.get_args(lit)]
        values += [m.value for e in enums for m in e]
        choices = tuple(dict.fromkeys(str(v) for v in values))
        return Param(name, "choice", required, nullable, choices=choices)
    if len(rest) == 1:
        (only,) = rest
        kind = _SCALARS.get(only)
        if kind is not None:
            return Param(name, kind, required, nullable)
        if typing.get_origin(only) in (Sequence, list, tuple) and typing.get_args(
            only
        ) in ((str,), (str, ...)):
            return Param(name, "list", required, nullable)
        if isinstance(only, type) and attrs.has(only):
            return Param(name, "object", required, nullable, model=only)
    msg = f"no command-line form for argument {name!r} of type {tp!r}"
    raise TypeError(msg)


def _is_options(annotation: object) -> bool:
    return RequestOptions in _union_args(annotation)


def _command(resource: str, method: Callable[..., Any]) -> Command:
    hints = typing.get_type_hints(method)
    result = hints["return"]
    is_list = typing.get_origin(result) is AsyncPager
    if is_list:
        (result,) = typing.get_args(result)
    path_param: str | None = None
    params: list[Param] = []
    filters: dict[str, Param] = {}
    sort: Param | None = None
    signature = inspect.signature(method)
    for parameter in list(signature.parameters.values())[1:]:
        name = parameter.name
        if parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            path_param = name
            continue
        annotation = hints[name]
        if _is_options(annotation) or (is_list and name in PAGING):
            continue
        param = classify(
            name, annotation, required=parameter.default is inspect.Parameter.empty
        )
        if is_list and name.startswith(FILTER_PREFIX):
            filters[name.removeprefix(FILTER_PREFIX)] = param
        elif is_list and name == "sort":
            sort = param
        else:
            params.append(param)
    return Command(
        resource=resource,
        method=method.__name__,
        summary=_summary(method),
        path_param=path_param,
        params=tuple(params),
        result=result,
        is_list=is_list,
        filters=filters,
        sort=sort,
    )


def _rank(name: str) -> tuple[int, str]:
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


@functools.cache
def resources() -> tuple[Resource, ...]:
    """Every resource of :class:`AsyncTelnyxSIP`, in alphabetical order."""
    found: list[Resource] = []
    for attribute, service in sorted(typing.get_type_hints(AsyncTelnyxSIP).items()):
        if not (isinstance(service, type) and issubclass(service, AsyncService)):
            continue
        methods = [
            name
            for name, _ in inspect.getmembers(service, inspect.isfunction)
            if not name.startswith("_")
        ]
        commands = tuple(
            _command(attribute, getattr(service, name))
            for name in sorted(methods, key=_rank)
        )
        found.append(Resource(attribute, _summary(service), commands))
    return tuple(found)
