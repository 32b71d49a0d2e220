"""Small checks of caller input shared by the core, the settings and the models.

Each raises :class:`~telnyx_sip.errors.InvalidArgumentError` naming the
argument, so input that Python itself would choke on later (a lone surrogate
that cannot be encoded, an integer too long to print, a header value that
would split the request) is refused before anything is sent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .errors import InvalidArgumentError

__all__ = ["INT64", "header_pairs", "int64", "positive", "show", "text"]

INT64 = 2**63
"""Integers the API takes fit a signed 64-bit field: ``-INT64 <= n < INT64``."""

_SHOWN = 60
_TOKEN = frozenset(
    "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)


def show(value: object) -> str:
    """A short repr for messages; never fails (huge ints, odd objects)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= INT64:
        return f"an integer of {value.bit_length()} bits"
    try:
        shown = repr(value)
    except Exception:  # noqa: BLE001 - a message must not fail on a bad repr
        shown = f"<{type(value).__name__}>"
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 3] + "..."


def text(name: str, value: str) -> str:
    """``value`` if it encodes as UTF-8 (no lone surrogates)."""
    if value.isascii():  # the usual case, answered from a flag of the str
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidArgumentError(
            name, "must be valid Unicode text (it holds a lone surrogate)"
        ) from None
    return value


def int64(name: str, value: int) -> int:
    """``value`` if it fits a signed 64-bit integer."""
    if not -INT64 <= value < INT64:
        raise InvalidArgumentError(
            name, f"must fit a 64-bit integer, got {show(value)}"
        )
    return value


def positive(name: str, value: object) -> float:
    """A duration or amount: a finite number above zero (``nan``/``inf`` refused)."""
    number = math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            number = math.inf
    if not (math.isfinite(number) and number > 0):
        raise InvalidArgumentError(
            name, f"must be a finite number above 0, got {show(value)}"
        )
    return number


def header_pairs(name: str, items: Iterable[object]) -> tuple[tuple[str, str], ...]:
    """Header (name, value) pairs that cannot split or smuggle a request."""
    try:
        pairs: tuple[object, ...] | None = tuple(items)
    except TypeError:
        pairs = None
    if pairs is None or not all(
        isinstance(p, tuple) and len(p) == 2 and all(isinstance(x, str) for x in p)
        for p in pairs
    ):
        raise InvalidArgumentError(
            name, "expected pairs of str header names and values"
        )
    checked: tuple[tuple[str, str], ...] = pairs  # type: ignore[assignment]
    for key, value in checked:
        if not key or not set(key) <= _TOKEN:
            raise InvalidArgumentError(name, f"{show(key)} is not a header name")
        if any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in value):
            raise InvalidArgumentError(
                name, f"the value of {key} holds a control character (CR, LF, ...)"
            )
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise InvalidArgumentError(
                name, f"the value of {key} must be Latin-1 text"
            ) from None
    return checked
