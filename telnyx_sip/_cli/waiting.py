"""Waiting for a job to end, even through Ctrl-C: shared by both kinds of apply."""

from __future__ import annotations

import asyncio
from typing import Any

from .context import Context

__all__ = ["wait_out"]


async def wait_out(task: asyncio.Future[Any], ctx: Context, note: str) -> None:
    """Wait until ``task`` is over, even through Ctrl-C.

    On the first cancellation (Ctrl-C) the task is cancelled, and still waited
    for: a bulk job finishes the calls in flight within its grace period and
    completes its outcomes. Later ones do not cut that short, so a report
    never calls a call that was sent ``not_attempted``. ``note`` is written to
    stderr, once, when a second Ctrl-C comes.
    """
    try:
        # wait() neither raises the task's error nor passes a cancellation on.
        await asyncio.wait({task})
    except asyncio.CancelledError:
        pass
    else:
        return
    task.cancel()
    told = False
    while not task.done():
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError:
            if not told:
                told = True
                ctx.stderr.write(f"\n{note}\n")
