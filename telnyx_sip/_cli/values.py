"""Option values from text: the ``type=`` functions of the command's options.

Each raises :class:`argparse.ArgumentTypeError`, so argparse reports a bad
value as a usage error naming the option.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
from collections.abc import Callable, Iterable

import attrs

from telnyx_sip._core import bounded_int
from telnyx_sip.errors import InvalidArgumentError

__all__ = [
    "Choice",
    "choice",
    "int_between",
    "parse_bool",
    "parse_datetime",
    "parse_float",
    "parse_int",
    "parse_list",
    "positive",
    "suggest",
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


def suggest(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest candidate, else ``""``."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


@attrs.frozen
class Choice:
    """Accepts exactly one of ``choices`` (the ``type=`` of an enum option).

    The choices stay readable on the parser's actions, for completion.
    """

    choices: tuple[str, ...]

    def __call__(self, text: str) -> str:
        """``text`` when it is one of the choices."""
        if text in self.choices:
            return text
        allowed = ", ".join(repr(c) for c in self.choices)
        msg = f"must be one of {allowed}; got {text!r}{suggest(text, self.choices)}"
        raise argparse.ArgumentTypeError(msg)


def choice(choices: tuple[str, ...]) -> Callable[[str], str]:
    """Accept exactly one of ``choices``."""
    return Choice(choices)


def positive(text: str) -> float:
    """Read a number of seconds greater than zero."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        msg = f"expected a positive number of seconds, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value
