"""The shapes of service methods and request models, read from their type hints.

The services and models are generated and fully typed, so whatever turns
plain data into calls reads those hints instead of a table of its own:
binding JSON arguments (:mod:`telnyx_sip._params`), deriving command-line
options (:mod:`telnyx_sip._cli.introspect`) and checking request bodies in the
sandbox (:mod:`telnyx_sip.testing`). They all read them here, so a signature
means one thing everywhere. Each shape is computed once per function or
class and cached; nothing here runs on the per-call path of a service method.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from ._types import RequestOptions

__all__ = [
    "Argument",
    "Field",
    "MethodShape",
    "method_shape",
    "model_fields",
    "nested_model",
    "union_args",
]


def union_args(hint: object) -> tuple[object, ...]:
    """The members of a union annotation, or the annotation alone."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return (hint,)


def nested_model(hint: object) -> type[Any] | None:
    """The attrs class inside an annotation such as ``XParams | Unset``."""
    for arg in union_args(hint):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


@attrs.frozen
class Argument:
    """One keyword-only argument of a service method.

    ``hint`` is the resolved annotation; ``nested`` the request class of a
    nested-object argument (``inbound: InboundIpParams | InboundIpDict |
    Unset``). The plain-dict form (a ``TypedDict``) is left out of ``hint``:
    readers of JSON build ``nested`` from a mapping themselves.
    """

    name: str
    hint: Any
    required: bool
    nested: type[Any] | None


@attrs.frozen
class MethodShape:
    """What a service method takes and returns.

    ``path`` names the positional path parameters (``id`` ...), ``self``
    left out; ``arguments`` the keyword-only arguments in signature order,
    without the per-call ``options``; ``returns`` is the resolved return
    annotation.
    """

    path: tuple[str, ...]
    arguments: Mapping[str, Argument]
    returns: Any
    required: tuple[str, ...]
    nested: Mapping[str, type[Any]]


_SHAPES: dict[object, MethodShape] = {}


def method_shape(method: Callable[..., Any]) -> MethodShape:
    """The shape of a service method, bound or not."""
    func = getattr(method, "__func__", method)
    shape = _SHAPES.get(func)
    if shape is None:
        shape = _SHAPES[func] = _read_shape(func)
    return shape


def _read_shape(func: Callable[..., Any]) -> MethodShape:
    hints = typing.get_type_hints(func)
    path: list[str] = []
    arguments: dict[str, Argument] = {}
    for param in inspect.signature(func).parameters.values():
        if param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD:
            if param.name != "self":
                path.append(param.name)
            continue
        if param.kind is not inspect.Parameter.KEYWORD_ONLY:
            continue
        hint = hints.get(param.name, Any)
        if RequestOptions in union_args(hint):
            continue
        required = param.default is inspect.Parameter.empty
        hint = _without_mappings(hint)
        arguments[param.name] = Argument(param.name, hint, required, nested_model(hint))
    return MethodShape(
        path=tuple(path),
        arguments=types.MappingProxyType(arguments),
        returns=hints.get("return"),
        required=tuple(a.name for a in arguments.values() if a.required),
        nested=types.MappingProxyType(
            {a.name: a.nested for a in arguments.values() if a.nested}
        ),
    )


def _without_mappings(hint: Any) -> Any:
    """``hint`` without its ``TypedDict`` members."""
    args = union_args(hint)
    kept = tuple(a for a in args if not typing.is_typeddict(a))
    if len(kept) == len(args):
        return hint
    return typing.Union[kept]  # noqa: UP007 - built from a tuple at run time


@attrs.frozen
class Field:
    """One field of an attrs request model, with its resolved annotation."""

    attribute: attrs.Attribute[Any]
    hint: Any
    required: bool
    nested: type[Any] | None

    @property
    def name(self) -> str:
        """The field's name, as in the JSON body."""
        return self.attribute.name


_FIELDS: dict[type[Any], Mapping[str, Field]] = {}


def model_fields(model: type[Any]) -> Mapping[str, Field]:
    """Every field of the attrs class ``model``, by name, in definition order."""
    fields = _FIELDS.get(model)
    if fields is None:
        hints = typing.get_type_hints(model)
        fields = _FIELDS[model] = types.MappingProxyType(
            {
                a.name: Field(
                    a,
                    hints[a.name],
                    a.default is attrs.NOTHING,
                    nested_model(hints[a.name]),
                )
                for a in attrs.fields(model)
            }
        )
    return fields
