"""Option values from text: the ``type=`` functions of the command's options.

Each raises :class:`argparse.ArgumentTypeError`, so argparse reports a bad
value as a usage error naming the option.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

from telnyx_sip._core import bounded_int
from telnyx_sip.errors import InvalidArgumentError

__all__ = [
    "choice",
    "int_between",
    "parse_bool",
    "parse_datetime",
    "parse_float",
    "parse_int",
    "parse_list",
]

_TRUE = frozenset({"true", "yes", "on", "1"})
_FALSE = frozenset({"false", "no", "off", "0"})


def parse_bool(text: str) -> bool:
    """Read ``true``/``false`` (also ``yes``/``no``, ``on``/``off``, ``1``/``0``)."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    msg = f"expected true or false, got {text!r}"
    raise argparse.ArgumentTypeError(msg)


def parse_int(text: str) -> int:
    """Read an integer."""
    try:
        return int(text.strip())
    except ValueError:
        msg = f"expected an integer, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def int_between(low: int, high: int | None = None) -> Callable[[str], int]:
    """Read an integer in ``[low, high]``, checked by ``_core.bounded_int``."""

    def parse(text: str) -> int:
        try:
            return bounded_int("value", parse_int(text), low, high)
        except InvalidArgumentError as exc:
            reason = str(exc).removeprefix(f"{exc.field}: ")
            raise argparse.ArgumentTypeError(reason) from None

    return parse


def parse_float(text: str) -> float:
    """Read a number."""
    try:
        return float(text.strip())
    except ValueError:
        msg = f"expected a number, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None


def parse_datetime(text: str) -> dt.datetime:
    """Read an ISO 8601 date-time; a trailing ``Z`` means UTC."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        msg = (
            f"expected an ISO 8601 date-time such as 2024-05-01T12:00:00Z, got {text!r}"
        )
        raise argparse.ArgumentTypeError(msg) from None


def parse_list(text: str) -> list[str]:
    """Split comma-separated values; an empty string is an empty list."""
    return [item.strip() for item in text.split(",") if item.strip()]


def choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    """Accept exactly one of ``choices``."""

    def parse(text: str) -> str:
        if text in choices:
            return text
        allowed = ", ".join(repr(c) for c in choices)
        msg = f"must be one of {allowed}; got {text!r}"
        raise argparse.ArgumentTypeError(msg)

    return parse
