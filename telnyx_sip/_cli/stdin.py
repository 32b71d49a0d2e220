"""Standard input as text: whether it is a terminal, and reading it whole."""

from __future__ import annotations

from typing import TextIO

from .failures import UsageError

__all__ = ["isatty", "read_stdin"]


def isatty(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal (a stream that cannot tell is not)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def read_stdin(stdin: TextIO, *, undecodable: str) -> str:
    """All of ``stdin`` as text, a UTF-8 byte-order mark dropped.

    Raises:
        UsageError: With ``undecodable`` when the bytes are not UTF-8.

    """
    raw = getattr(stdin, "buffer", None)
    if raw is None:
        return stdin.read().removeprefix("\ufeff")
    data: bytes = raw.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(undecodable) from None
