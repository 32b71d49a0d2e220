"""Turn JSON-shaped arguments into a service method's typed keyword arguments.

Plans, journals and the command line carry arguments as plain JSON, and
callers may give a nested object as a plain dict (its ``*Dict`` form); the
request models take ``*Params`` objects for nested fields. This builds those
objects from mappings, recursively, and lets the models' own validators judge
the values, so JSON input is checked exactly like Python input. What a method
and a model take is read by :mod:`telnyx_sip._signatures`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from ._signatures import method_shape, model_fields
from .errors import InvalidArgumentError

__all__ = ["bind_call", "build_params"]

T = TypeVar("T")


def build_params(cls: type[T], data: object, *, where: str) -> T:
    """Build the attrs request class ``cls`` from JSON ``data``, nested ones included.

    Raises:
        InvalidArgumentError: For a non-object, unknown fields or values the
            model rejects; field names are dotted from ``where``.

    """
    if not isinstance(data, Mapping):
        raise InvalidArgumentError(where, "expected a JSON object")
    fields = model_fields(cls)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise InvalidArgumentError(
            where,
            f"unknown field(s) {', '.join(map(str, unknown))}; "
            f"known: {', '.join(fields)}",
        )
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        nested = fields[key].nested
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


def bind_call(
    method: Callable[..., Any], args: Mapping[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """Split JSON ``args`` into positional and keyword arguments for ``method``.

    The key ``id`` fills the path parameter (every service method names it
    so, whatever the spec calls it); nested mappings become their ``*Params``
    objects. Unknown and missing arguments raise
    :class:`InvalidArgumentError` before anything is sent.
    """
    shape = method_shape(method)
    remaining = dict(args)
    call_args: list[Any] = []
    for name in shape.path:
        if name not in remaining:
            raise InvalidArgumentError(name, "is required")
        call_args.append(remaining.pop(name))
    kwargs: dict[str, Any] = {}
    for key, value in remaining.items():
        if key not in shape.arguments:
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
