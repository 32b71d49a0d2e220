"""A sleep and clock for the retry loop that never wait for real."""

from __future__ import annotations

import attrs

__all__ = ["FakeSleep"]


@attrs.define
class FakeSleep:
    """Records the waits the retry loop asks for, without waiting."""

    waits: list[float] = attrs.Factory(list)
    now: float = 0.0

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now
