"""Walking the models' type hints: nested classes, enum fields, sample payloads."""

from __future__ import annotations

import enum
import typing
from collections.abc import Iterator
from typing import Any

import attrs

from telnyx_sip._converter import make
from tests.services import _data

__all__ = [
    "MARKER",
    "STRICT",
    "enum_class",
    "nested_class",
    "nested_fields",
    "payload_for",
    "union_args",
]

STRICT = make(strict=True)
"""The drift catcher: forbids keys the models do not know."""
MARKER = "s3cr3t-Marker-value-0042"
"""A secret value that must never show in reprs or messages."""


def union_args(hint: object) -> tuple[Any, ...]:
    return typing.get_args(hint) if typing.get_args(hint) else (hint,)


def nested_class(hint: object) -> type[Any] | None:
    for arg in union_args(hint):
        if isinstance(arg, type) and attrs.has(arg):
            return arg
    return None


def enum_class(hint: object) -> type[enum.Enum] | None:
    for arg in union_args(hint):
        if isinstance(arg, type) and issubclass(arg, enum.Enum):
            return arg
    return None


def payload_for(cls: type[Any]) -> dict[str, Any]:
    """A full payload for top-level models, an empty one for nested objects."""
    factory = _data.FACTORIES.get(cls)
    return factory() if factory is not None else {}


def nested_fields(cls: type[Any]) -> Iterator[tuple[str, type[Any]]]:
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        nested = nested_class(hints[field.name])
        if nested is not None:
            yield field.name, nested
