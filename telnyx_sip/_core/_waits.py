"""Waits the server asks for, and its rate-limit headers.

``retry-after-ms``, ``Retry-After`` (seconds or an HTTP date) and
``x-ratelimit-reset`` (seconds, or a Unix time when large enough to be one)
say how long to wait; ``x-ratelimit-limit`` / ``-remaining`` say how much of
the budget is left.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import time
from collections.abc import Mapping

import attrs

__all__ = ["DEFAULT_PAUSE", "RateLimit", "rate_limit", "requested_pause", "retry_delay"]

# Anything above this is an epoch timestamp rather than a number of seconds.
_EPOCH_THRESHOLD = 1_000_000_000
DEFAULT_PAUSE = 1.0
"""Seconds to pause when the server asks for a pause without saying how long."""


@attrs.frozen
class RateLimit:
    """The rate-limit headers of one answer; ``None`` where absent."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None
    """Seconds until the budget is restored."""


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None and isinstance(headers, dict):
        # A plain dict is case-sensitive; an answer's headers (a multidict)
        # are not, and a header it lacks need not be looked up twice.
        value = headers.get(name.title())
    return value


def _seconds(raw: str | None, scale: float = 1.0) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw.strip()) * scale
    except ValueError:
        return None
    return max(0.0, value) if math.isfinite(value) else None


def _count(raw: str | None) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw.strip())
    except ValueError:
        return None


def _http_date_wait(raw: str | None, wall: float) -> float | None:
    if raw is None:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, when.timestamp() - wall)


def _reset_wait(headers: Mapping[str, str], wall: float) -> float | None:
    reset = _seconds(_header(headers, "x-ratelimit-reset"))
    if reset is not None and reset >= _EPOCH_THRESHOLD:
        return max(0.0, reset - wall)
    return reset


def retry_delay(
    headers: Mapping[str, str], *, now: float | None = None
) -> float | None:
    """How long the server asks us to wait, in seconds, or ``None``.

    Reads, in order: ``retry-after-ms``; ``Retry-After`` as seconds or as an
    HTTP date; ``x-ratelimit-reset`` as seconds to wait or, when it is large
    enough to be one, as a Unix timestamp. Negative waits become 0.
    """
    wall = time.time() if now is None else now
    wait = _seconds(_header(headers, "retry-after-ms"), 0.001)
    if wait is not None:
        return wait
    retry_after = _header(headers, "retry-after")
    wait = _seconds(retry_after)
    if wait is None:
        wait = _http_date_wait(retry_after, wall)
    if wait is not None:
        return wait
    return _reset_wait(headers, wall)


def rate_limit(headers: Mapping[str, str], *, now: float | None = None) -> RateLimit:
    """The ``x-ratelimit-*`` headers of an answer."""
    wall = time.time() if now is None else now
    return RateLimit(
        limit=_count(_header(headers, "x-ratelimit-limit")),
        remaining=_count(_header(headers, "x-ratelimit-remaining")),
        reset=_reset_wait(headers, wall),
    )


def requested_pause(
    status: int, headers: Mapping[str, str], *, now: float | None = None
) -> float | None:
    """Seconds every caller sharing the budget should hold off, or ``None``.

    A 429 asks for its retry delay; an answer with no budget left
    (``x-ratelimit-remaining: 0``) for the time until ``x-ratelimit-reset``.
    Either without a time asks for :data:`DEFAULT_PAUSE`.
    """
    if status == 429:
        wait = retry_delay(headers, now=now)
    elif _header(headers, "x-ratelimit-remaining") == "0":
        wall = time.time() if now is None else now
        wait = _reset_wait(headers, wall)
    else:
        return None
    return DEFAULT_PAUSE if wait is None else wait
