"""ISO 8601 timestamps as the API writes them, read into ``datetime``."""

from __future__ import annotations

import datetime as dt

__all__ = ["parse_datetime"]


def parse_datetime(value: object) -> dt.datetime:
    """A ``datetime`` from an ISO 8601 string (a ``datetime`` passes as it is).

    Raises:
        TypeError: ``value`` is neither a string nor a ``datetime``.
        ValueError: the string is not an ISO 8601 timestamp.

    """
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        msg = f"expected an ISO 8601 string, got {type(value).__name__}"
        raise TypeError(msg)
    # Python 3.10's fromisoformat does not know the trailing "Z".
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return dt.datetime.fromisoformat(value)
