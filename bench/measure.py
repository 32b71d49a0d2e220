"""Timers and the arithmetic of rounds: CPU per request, paired ratios, medians.

CPU is the process's own (``getrusage(RUSAGE_SELF)``, user + system, every
thread), read once before and once after a batch; nothing is recorded per
request. A figure is per request: the batch's CPU divided by its size.
"""

from __future__ import annotations

import asyncio
import gc
import resource
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

__all__ = ["async_batch", "cpu_s", "summarise", "sync_batch"]


def cpu_s() -> float:
    """CPU seconds this process has used so far, user plus system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _workers(op: Callable[[], Awaitable[Any]], count: int, workers: int) -> None:
    per_worker, extra = divmod(count, workers)

    async def worker(n: int) -> None:
        for _ in range(n):
            await op()

    await asyncio.gather(*(worker(per_worker + (i < extra)) for i in range(workers)))


async def async_batch(
    op: Callable[[], Awaitable[Any]], count: int, workers: int, *, warm: bool = True
) -> tuple[float, float]:
    """Run ``op`` ``count`` times from ``workers`` tasks: (CPU µs, wall µs) per call.

    A warm-up of one call per worker first opens the connections and fills
    the caches (``warm``: a row's first round; the clients stay open after);
    a collection beforehand keeps earlier garbage out of the batch.
    """
    if warm:
        await _workers(op, workers, workers)
    gc.collect()
    cpu, wall = cpu_s(), time.perf_counter()
    await _workers(op, count, workers)
    cpu, wall = cpu_s() - cpu, time.perf_counter() - wall
    return cpu / count * 1e6, wall / count * 1e6


def sync_batch(op: Callable[[], Any], count: int) -> tuple[float, float]:
    """Call ``op`` ``count`` times in a row: (CPU µs, wall µs) per call."""
    for _ in range(min(count, 20)):
        op()
    gc.collect()
    cpu, wall = cpu_s(), time.perf_counter()
    for _ in range(count):
        op()
    cpu, wall = cpu_s() - cpu, time.perf_counter() - wall
    return cpu / count * 1e6, wall / count * 1e6


def summarise(
    figures: Mapping[str, Sequence[float]], base: str = "raw"
) -> dict[str, Any]:
    """Medians of each column and, per other column, its ratio to ``base``.

    The ratio is paired: one per round (the column's figure over the base's
    in that same round), then the median of those, so a round the whole
    machine ran slow counts once, on both sides.
    """
    medians = {name: statistics.median(values) for name, values in figures.items()}
    ratios: dict[str, Any] = {}
    for name, values in figures.items():
        if name == base:
            continue
        paired = [v / b for v, b in zip(values, figures[base], strict=True)]
        ratios[name] = {"rounds": paired, "median": statistics.median(paired)}
    return {"rounds": dict(figures), "medians": medians, "ratios": ratios}
