"""Field checks for the request models, run when a model is built.

A *check* has the form ``check(name, value)`` and raises
:class:`~telnyx_sip.errors.InvalidArgumentError` naming the field when the
value is wrong. Small factories build them (:func:`string`, :func:`integer`,
:func:`one_of`, :func:`sequence_of`, ...). :func:`required` and
:func:`optional` wrap a check into an attrs validator and decide what
``UNSET`` and ``None`` mean for the field.

Messages never echo string values, which may be secrets such as passwords.
"""

from __future__ import annotations

import datetime
import enum
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._checks import int64, show, text
from ._types import UNSET
from .errors import InvalidArgumentError

__all__ = [
    "Check",
    "Validator",
    "boolean",
    "date_time",
    "instance_of",
    "integer",
    "mapping",
    "number",
    "one_of",
    "optional",
    "required",
    "sequence_of",
    "string",
]

Check = Callable[[str, Any], None]
"""Raise ``InvalidArgumentError(name, ...)`` when ``value`` does not fit."""

Validator = Callable[[Any, Any, Any], None]
"""An attrs validator: ``(instance, attribute, value)``."""

_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
_TIME = re.compile(
    r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|z|[+-]([01]\d|2[0-3]):[0-5]\d)?"
)


def _kind(value: object) -> str:
    return type(value).__name__


def required(check: Check, *, nullable: bool = False) -> Validator:
    """Wrap ``check`` for a field the caller must give (``UNSET`` fails)."""

    def validate(_instance: object, attribute: Any, value: object) -> None:
        if value is UNSET:
            raise InvalidArgumentError(attribute.name, "is required")
        _run(check, attribute.name, value, nullable=nullable)

    return validate


def optional(check: Check, *, nullable: bool = False) -> Validator:
    """Wrap ``check`` for a field that may be left ``UNSET``."""

    def validate(_instance: object, attribute: Any, value: object) -> None:
        if value is not UNSET:
            _run(check, attribute.name, value, nullable=nullable)

    return validate


def _run(check: Check, name: str, value: object, *, nullable: bool) -> None:
    if value is None:
        if not nullable:
            raise InvalidArgumentError(name, "must not be None")
        return
    check(name, value)


def _bounds(
    name: str,
    value: float,
    minimum: float | None,
    maximum: float | None,
) -> None:
    if minimum is not None and value < minimum:
        raise InvalidArgumentError(name, f"must be >= {minimum}, got {show(value)}")
    if maximum is not None and value > maximum:
        raise InvalidArgumentError(name, f"must be <= {maximum}, got {show(value)}")


def _check_uuid(name: str, value: str) -> None:
    if not _UUID.fullmatch(value):
        raise InvalidArgumentError(
            name, "must be a UUID such as '6a09cdc3-8948-47f0-aa62-74ac943d6c58'"
        )


def _check_time(name: str, value: str) -> None:
    if not _TIME.fullmatch(value):
        raise InvalidArgumentError(
            name, "must be a time of day such as '08:00' or '20:00:00Z'"
        )


_FORMATS: Mapping[str, Callable[[str, str], None]] = {
    "uuid": _check_uuid,
    "time": _check_time,
}


def string(*, min_length: int | None = None, fmt: str | None = None) -> Check:
    """Build a check for a ``str``, with an optional minimum length and format.

    ``fmt`` is ``"uuid"`` or ``"time"`` (a time of day, ``HH:MM[:SS]``).
    """
    format_check = _FORMATS[fmt] if fmt is not None else None

    def check(name: str, value: Any) -> None:
        if not isinstance(value, str):
            raise InvalidArgumentError(name, f"expected a string, got {_kind(value)}")
        text(name, value)
        if min_length is not None and len(value) < min_length:
            raise InvalidArgumentError(
                name,
                f"must be at least {min_length} characters long, got {len(value)}",
            )
        if format_check is not None:
            format_check(name, value)

    return check


def integer(
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    multiple_of: int | None = None,
) -> Check:
    """Build a check for an ``int`` (not a ``bool``) within optional bounds."""

    def check(name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidArgumentError(name, f"expected an int, got {_kind(value)}")
        int64(name, value)
        _bounds(name, value, minimum, maximum)
        if multiple_of is not None and value % multiple_of:
            raise InvalidArgumentError(
                name, f"must be a multiple of {multiple_of}, got {value}"
            )

    return check


def number(*, minimum: float | None = None, maximum: float | None = None) -> Check:
    """Build a check for a finite ``int`` or ``float`` (not a ``bool``)."""

    def check(name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidArgumentError(name, f"expected a number, got {_kind(value)}")
        if isinstance(value, int):
            int64(name, value)
        elif not math.isfinite(value):
            raise InvalidArgumentError(name, f"must be a finite number, got {value!r}")
        _bounds(name, value, minimum, maximum)

    return check


def boolean() -> Check:
    """Build a check for a ``bool``."""

    def check(name: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise InvalidArgumentError(name, f"expected a bool, got {_kind(value)}")

    return check


def date_time() -> Check:
    """Build a check for a ``datetime.datetime``."""

    def check(name: str, value: Any) -> None:
        if not isinstance(value, datetime.datetime):
            raise InvalidArgumentError(
                name, f"expected a datetime.datetime, got {_kind(value)}"
            )

    return check


def one_of(choices: type[enum.Enum]) -> Check:
    """Build a check that the value is one of the values of the enum ``choices``.

    Members of the enum and their plain string values are both accepted.
    """
    allowed = tuple(str(member.value) for member in choices)
    listed = ", ".join(repr(v) for v in allowed)

    def check(name: str, value: Any) -> None:
        if not isinstance(value, str):
            raise InvalidArgumentError(
                name, f"must be one of {listed}; got {_kind(value)}"
            )
        if value not in allowed:
            raise InvalidArgumentError(
                name, f"must be one of {listed}; got {value[:40]!r}"
            )

    return check


def instance_of(cls: type[object]) -> Check:
    """Build a check that the value is an instance of ``cls``."""

    def check(name: str, value: Any) -> None:
        if not isinstance(value, cls):
            raise InvalidArgumentError(
                name, f"expected a {cls.__name__}, got {_kind(value)}"
            )

    return check


def mapping() -> Check:
    """Build a check for a mapping with string keys."""

    def check(name: str, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise InvalidArgumentError(name, f"expected a mapping, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise InvalidArgumentError(
                    name, f"keys must be strings, got {_kind(key)}"
                )

    return check


def sequence_of(item: Check) -> Check:
    """Build a check for a sequence (not a string) whose items pass ``item``.

    Items are reported as ``name[index]``.
    """

    def check(name: str, value: Any) -> None:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise InvalidArgumentError(
                name, f"expected a sequence such as a list, got {_kind(value)}"
            )
        for index, element in enumerate(value):
            if element is None:
                raise InvalidArgumentError(f"{name}[{index}]", "must not be None")
            item(f"{name}[{index}]", element)

    return check
