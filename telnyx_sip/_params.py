"""Turn JSON-shaped arguments into a service method's typed keyword arguments.

Plans, journals and the command line carry arguments as plain JSON; service
methods take request ``*Params`` objects for nested fields. This builds those
objects from mappings, recursively, and lets the models' own validators judge
the values, so JSON input is checked exactly like Python input.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .errors import InvalidArgumentError

__all__ = ["bind_call", "build_params", "nested_model"]


def nested_model(tp: object) -> type[Any] | None:
    """The attrs class inside an annotation such as ``XParams | Unset``."""
    for arg in (tp, *typing.get_args(tp)):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


_HINTS: dict[object, dict[str, Any]] = {}


def _hints(obj: object) -> dict[str, Any]:
    """Resolved annotations of a class or function, computed once per object."""
    hints = _HINTS.get(obj)
    if hints is None:
        hints = _HINTS[obj] = typing.get_type_hints(obj)
    return hints


def build_params(cls: type[Any], data: object, *, where: str) -> Any:
    """Build the attrs request class ``cls`` from JSON ``data``, nested ones included.

    Raises:
        InvalidArgumentError: For a non-object, unknown fields or values the
            model rejects; field names are dotted from ``where``.

    """
    if not isinstance(data, Mapping):
        raise InvalidArgumentError(where, "expected a JSON object")
    hints = _hints(cls)
    known = [a.name for a in attrs.fields(cls)]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidArgumentError(
            where,
            f"unknown field(s) {', '.join(map(str, unknown))}; "
            f"known: {', '.join(known)}",
        )
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        nested = nested_model(hints.get(key))
        if nested is not None and isinstance(value, Mapping):
            kwargs[key] = build_params(nested, value, where=f"{where}.{key}")
        else:
            kwargs[key] = value
    try:
        return cls(**kwargs)
    except InvalidArgumentError as exc:
        if exc.field.startswith(f"{where}."):
            raise
        reason = str(exc).removeprefix(f"{exc.field}: ")
        raise InvalidArgumentError(f"{where}.{exc.field}", reason) from None


@attrs.frozen
class _Shape:
    """What binding needs from a method's signature, computed once per method."""

    positional: tuple[str, ...]
    keywords: frozenset[str]
    required: tuple[str, ...]
    nested: dict[str, type[Any]]


_SHAPES: dict[object, _Shape] = {}


def _shape(method: Callable[..., Any]) -> _Shape:
    func = getattr(method, "__func__", method)
    shape = _SHAPES.get(func)
    if shape is None:
        params = inspect.signature(func).parameters.values()
        hints = _hints(func)
        keyword_only = [p for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY]
        nested = {p.name: nested_model(hints.get(p.name)) for p in keyword_only}
        shape = _SHAPES[func] = _Shape(
            positional=tuple(
                p.name
                for p in params
                if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
                and p.name != "self"
            ),
            keywords=frozenset(p.name for p in keyword_only) - {"options"},
            required=tuple(
                p.name for p in keyword_only if p.default is inspect.Parameter.empty
            ),
            nested={k: v for k, v in nested.items() if v is not None},
        )
    return shape


def bind_call(
    method: Callable[..., Any], args: Mapping[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Split JSON ``args`` into positional and keyword arguments for ``method``.

    The key ``id`` (or the parameter's own name) fills the path parameter;
    nested mappings become their ``*Params`` objects. Unknown and missing
    arguments raise :class:`InvalidArgumentError` before anything is sent.
    """
    shape = _shape(method)
    remaining = dict(args)
    call_args: list[Any] = []
    for name in shape.positional:
        if name in remaining:
            value = remaining.pop(name)
        elif "id" in remaining:
            value = remaining.pop("id")
        else:
            raise InvalidArgumentError(name, "is required (give it as 'id')")
        call_args.append(value)
    kwargs: dict[str, Any] = {}
    for key, value in remaining.items():
        if key not in shape.keywords:
            raise InvalidArgumentError(key, "unknown argument")
        nested = shape.nested.get(key)
        if nested is not None and isinstance(value, Mapping):
            kwargs[key] = build_params(nested, value, where=key)
        else:
            kwargs[key] = value
    for name in shape.required:
        if name not in kwargs:
            raise InvalidArgumentError(name, "is required")
    return tuple(call_args), kwargs
