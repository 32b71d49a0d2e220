"""Read the services' typed signatures into command descriptions.

The services are generated from the API description and fully typed, so the
command line is derived from them instead of being written out by hand: one
:class:`Resource` per entry of :data:`telnyx_sip._meta.RESOURCES`, in its
order, one :class:`Command` per action it lists, one :class:`Param` per
keyword argument, its type read by :mod:`telnyx_sip._signatures`.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import typing
from collections.abc import Callable, Sequence
from typing import Any, Literal

import attrs

from telnyx_sip import services
from telnyx_sip._meta import RESOURCES
from telnyx_sip._signatures import method_shape, union_args
from telnyx_sip._types import Unset
from telnyx_sip.pagination import AsyncPager
from telnyx_sip.services._base import AsyncService

__all__ = ["Command", "Kind", "Param", "Resource", "resources"]

Kind = Literal["str", "int", "float", "bool", "datetime", "choice", "list", "object"]

# Arguments every list takes; they get options of their own, not filters.
PAGING = ("page_number", "page_size", "limit")
FILTER_PREFIX = "filter_"

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


def classify(name: str, tp: object, *, required: bool) -> Param:
    """Describe argument ``name`` of annotation ``tp``.

    Raises:
        TypeError: For an annotation the command line cannot express.

    """
    args = union_args(tp)
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


def _command(resource: str, action: str, method: Callable[..., Any]) -> Command:
    shape = method_shape(method)
    result = shape.returns
    is_list = typing.get_origin(result) is AsyncPager
    if is_list:
        (result,) = typing.get_args(result)
    if len(shape.path) > 1:
        msg = f"{resource}.{action}: one path parameter at most, got {shape.path}"
        raise TypeError(msg)
    params: list[Param] = []
    filters: dict[str, Param] = {}
    sort: Param | None = None
    for argument in shape.arguments.values():
        name = argument.name
        if is_list and name in PAGING:
            continue
        param = classify(name, argument.hint, required=argument.required)
        if is_list and name.startswith(FILTER_PREFIX):
            filters[name.removeprefix(FILTER_PREFIX)] = param
        elif is_list and name == "sort":
            sort = param
        else:
            params.append(param)
    return Command(
        resource=resource,
        method=action,
        summary=_summary(method),
        path_param=shape.path[0] if shape.path else None,
        params=tuple(params),
        result=result,
        is_list=is_list,
        filters=filters,
        sort=sort,
    )


def _service(name: str) -> type[AsyncService]:
    found = getattr(services, RESOURCES[name].service, None)
    if not (isinstance(found, type) and issubclass(found, AsyncService)):
        msg = f"{name}: no service class {RESOURCES[name].service!r}"
        raise TypeError(msg)
    return found


@functools.cache
def resources() -> tuple[Resource, ...]:
    """Every resource and its actions, in the order of ``_meta.RESOURCES``."""
    found: list[Resource] = []
    for name, meta in RESOURCES.items():
        service = _service(name)
        commands = tuple(
            _command(name, action, getattr(service, action)) for action in meta.actions
        )
        found.append(Resource(name, _summary(service), commands))
    return tuple(found)
