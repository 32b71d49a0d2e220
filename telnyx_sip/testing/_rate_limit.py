"""A fixed-window rate limiter that also writes the ``x-ratelimit-*`` headers."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

__all__ = ["FixedWindow"]


class FixedWindow:
    """At most ``limit`` requests per window of ``window`` seconds.

    A window opens with the first request after the previous one ended, and
    its count starts at zero.
    """

    def __init__(
        self,
        limit: int,
        window: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._ends = -math.inf
        self._count = 0

    def reset(self) -> None:
        """Close the current window."""
        self._ends, self._count = -math.inf, 0

    def take(self) -> tuple[bool, dict[str, str]]:
        """Count one request: whether it may proceed, and the headers to send.

        ``x-ratelimit-reset`` and ``Retry-After`` are whole seconds until the
        window ends, rounded up so that waiting them is always enough.
        """
        now = self._clock()
        if now >= self._ends:
            self._ends, self._count = now + self.window, 0
        self._count += 1
        # Rounded first, so that float noise cannot add a whole second.
        reset = max(1, math.ceil(round(self._ends - now, 6)))
        allowed = self._count <= self.limit
        headers = {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(max(0, self.limit - self._count)),
            "x-ratelimit-reset": str(reset),
        }
        if not allowed:
            headers["Retry-After"] = str(reset)
        return allowed, headers
