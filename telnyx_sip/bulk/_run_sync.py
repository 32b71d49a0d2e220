"""The sync entry: a bulk job run through a :class:`~telnyx_sip.TelnyxSIP`."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ._job import DEFAULT_CONCURRENCY, BulkJob
from ._plan import BulkReport, Call, Progress

if TYPE_CHECKING:
    from telnyx_sip import TelnyxSIP

__all__ = ["run_bulk_sync"]

T = TypeVar("T")


def run_bulk_sync(
    client: TelnyxSIP,
    calls: Sequence[Call[T]],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    journal: str | os.PathLike[str] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    max_resends: int = 8,
    grace: float = 10.0,
    max_pause: float | None = None,
) -> BulkReport[T]:
    """Run ``calls`` through the sync client; the job runs on its loop thread.

    Takes the same keyword arguments as :class:`BulkJob`; ``on_progress`` is
    called on the client's loop thread. On Ctrl-C the job stops as described
    in :mod:`telnyx_sip.bulk` and :class:`KeyboardInterrupt` propagates; pass
    a ``journal`` to keep what was done.
    """
    job = BulkJob(
        client.async_client,
        calls,
        concurrency=concurrency,
        journal=journal,
        on_progress=on_progress,
        max_resends=max_resends,
        grace=grace,
        max_pause=max_pause,
    )
    return client.run(job.run)
