"""The job-wide throttle: a concurrency limit that backs off, and a shared pause.

A bulk job hands :meth:`Throttle.before_attempt` and
:meth:`Throttle.after_response` to ``client.with_options``, so every attempt
of every call (retries included) waits out a pause that any one answer asked
for. What counts as asking is :func:`telnyx_sip._core.requested_pause`.

A pause longer than the job's ``max_pause`` is not taken: one answer must not
freeze the whole job (``Retry-After: 1000000000``, a date in 2099). The call
that got it is left to its own retry budget, which refuses a wait that long
and fails it as rate-limited, and the other calls go on.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Generator, Mapping

from telnyx_sip import _core

__all__ = ["Throttle"]


class _Ready:
    """An awaitable that is done at once, with ``None``."""

    __slots__ = ()

    def __await__(self) -> Generator[None, None, None]:
        return
        yield  # a generator that finishes at once


_READY = _Ready()


class Throttle:
    """Job-wide concurrency that halves on rate limits, and a shared pause.

    Args:
        limit: The most calls in flight at once, and the ceiling the limit
            climbs back to after being lowered.
        sleep: Awaited to wait out a pause (the retry policy's).
        clock: Monotonic seconds (the retry policy's).
        max_pause: The longest pause taken; a longer one asked for is
            refused (counted in :attr:`refused`).

    """

    def __init__(
        self,
        limit: int,
        *,
        sleep: Callable[[float], Awaitable[None]],
        clock: Callable[[], float],
        max_pause: float,
    ) -> None:
        self.max_limit = limit
        self.limit = limit
        self.active = 0
        self.resume_at = 0.0
        self.pauses = 0
        self.refused = 0
        self.max_pause = max_pause
        self._streak = 0
        self._sleep = sleep
        self._clock = clock
        self._waiters: deque[asyncio.Future[None]] = deque()

    def try_acquire(self) -> bool:
        """Take a slot if one is free and nobody waits; never blocks."""
        if self.active < self.limit and not self._waiters:
            self.active += 1
            return True
        return False

    async def acquire(self) -> None:
        """Take a slot, waiting while the (possibly lowered) limit is reached."""
        while self.active >= self.limit:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
        self.active += 1

    def release(self, *, ok: bool) -> None:
        """Give a slot back; successes slowly raise a lowered limit again."""
        self.active -= 1
        if ok:
            self._streak += 1
            # One more slot after a full round of successes at this level.
            if self._streak >= self.limit and self.limit < self.max_limit:
                self.limit += 1
                self._streak = 0
        free = self.limit - self.active
        while free > 0 and self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                free -= 1

    def before_attempt(self) -> Awaitable[None]:
        """Wait until the job-wide pause, if any, is over.

        Outside a pause (nearly always) this is a ready awaitable, not a
        coroutine: every attempt of the job awaits it.
        """
        if self.resume_at <= self._clock():
            return _READY
        return self._wait_out_pause()

    async def _wait_out_pause(self) -> None:
        # A loop: another answer may push the pause further while we sleep.
        while (wait := self.resume_at - self._clock()) > 0:
            await self._sleep(wait)

    def after_response(self, status: int, headers: Mapping[str, str]) -> None:
        """Pause the job if the answer asks for it; halve the limit on a 429."""
        pause = _core.requested_pause(status, headers)
        if pause is None:
            return
        self._pause(pause)
        if status == 429:
            self.limit = max(1, self.limit // 2)
            self._streak = 0

    def _pause(self, seconds: float) -> None:
        if not seconds <= self.max_pause:  # ``not <=`` refuses nan as well
            self.refused += 1
            return
        # A later, shorter wait never cuts short a pause already asked for.
        until = self._clock() + seconds
        if until > self.resume_at:
            self.resume_at = until
            self.pauses += 1
