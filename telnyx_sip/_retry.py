"""When to retry, and how long to wait: the policy, on backoff's wait generators.

The rules, per attempt outcome:

================================  ==========================  ===================
outcome                           idempotent operation        create (POST)
================================  ==========================  ===================
connection never made             retry                       retry
429                               retry after server's wait   retry after wait
5xx, 408                          retry                       5xx: ambiguous
timeout / dropped after sending   retry                       ambiguous
anything else                     raise                       raise
================================  ==========================  ===================

"Ambiguous" raises :class:`~telnyx_sip.errors.AmbiguousOutcomeError` at once:
re-sending could create the object twice. Waits come from the server
(``Retry-After``, ``retry-after-ms``, ``x-ratelimit-reset``) when it gives
one, used exactly; otherwise exponential backoff with full jitter. No wait is
shorter than ``min_delay``, and a wait that would cross ``max_retry_time`` is
not taken: the call fails at once with the last error (for a 429,
:class:`~telnyx_sip.errors.RateLimitError`). A status outside 100-599 is
never retried.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import attrs
import backoff

from . import errors
from ._checks import positive
from ._core import bounded_int

__all__ = ["RetryPolicy", "delays"]

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


def _no_jitter(value: float) -> float:
    return value


def _duration(
    _instance: object, attribute: attrs.Attribute[float], value: object
) -> None:
    positive(attribute.name, value)


def _count(_instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    bounded_int(attribute.name, value, 0)


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How many times and how long to retry.

    Attributes:
        max_retries: Retries after the first attempt.
        max_retry_time: Cap in seconds on one call's total time, waits
            included; a wait that would cross it is not taken.
        initial_delay: First backoff step in seconds (before jitter).
        max_delay: Largest backoff step in seconds (before jitter).
        min_delay: Shortest wait between attempts in seconds, whatever the
            server or the jitter says, so an answer of ``Retry-After: 0``
            cannot turn the retries into a burst.
        jitter: Applied to backoff steps, never to server-given waits.
        sleep: Awaitable sleep; tests inject a fake to never wait for real.
        clock: Monotonic clock used for the total-time cap.

    """

    max_retries: int = attrs.field(default=2, validator=_count)
    max_retry_time: float = attrs.field(default=60.0, validator=_duration)
    initial_delay: float = attrs.field(default=0.5, validator=_duration)
    max_delay: float = attrs.field(default=8.0, validator=_duration)
    min_delay: float = attrs.field(default=0.1, validator=_duration)
    jitter: Callable[[float], float] = backoff.full_jitter
    sleep: Sleep = asyncio.sleep
    clock: Clock = time.monotonic

    def without_jitter(self) -> RetryPolicy:
        """The same policy with deterministic backoff steps."""
        return attrs.evolve(self, jitter=_no_jitter)


def delays(policy: RetryPolicy) -> Generator[float, Any, None]:
    """Backoff steps for ``policy``: exponential, capped, then jittered."""
    steps = backoff.expo(
        base=2, factor=policy.initial_delay, max_value=policy.max_delay
    )
    next(steps)  # backoff's generators yield a priming value first
    for step in steps:
        yield policy.jitter(step)


def server_wait(exc: BaseException) -> float | None:
    """The wait a 429 answer asked for, if any."""
    if isinstance(exc, errors.RateLimitError):
        return exc.retry_after
    return None


def is_retryable(exc: BaseException, *, idempotent: bool) -> bool:
    """Whether a failed attempt may be tried again under the rules above."""
    if isinstance(exc, errors.RateLimitError):
        return True
    if isinstance(exc, errors.AmbiguousOutcomeError):
        return False
    if isinstance(exc, errors.APIConnectionError) and not exc.sent:
        return True
    if not idempotent:
        return False
    if isinstance(exc, errors.APIStatusError):
        # Only real 5xx: a status outside HTTP's range means a broken server.
        return 500 <= exc.status < 600 or exc.status == 408
    return isinstance(exc, errors.APIConnectionError)


async def go_on(
    attempt: Callable[[int], Awaitable[Any]],
    failure: errors.TelnyxSIPError,
    *,
    idempotent: bool,
    policy: RetryPolicy,
    started: float,
) -> Any:
    """Go on after the first attempt failed with ``failure``.

    The first attempt is made by the caller, outside this loop's
    bookkeeping: it is the usual case, and every call makes it. ``started``
    is the policy's clock before it; ``attempt`` raises the public exception
    for each failure, and the last one propagates when retries are exhausted
    or the time cap would be crossed.
    """
    steps = delays(policy)
    tries = 1
    while True:
        if tries > policy.max_retries or not is_retryable(
            failure, idempotent=idempotent
        ):
            raise failure
        wait = server_wait(failure)
        if wait is None:
            wait = next(steps)
        wait = max(wait, policy.min_delay)
        if policy.clock() - started + wait > policy.max_retry_time:
            raise failure
        await policy.sleep(wait)
        tries += 1
        try:
            return await attempt(tries)
        except errors.TelnyxSIPError as exc:
            failure = exc
