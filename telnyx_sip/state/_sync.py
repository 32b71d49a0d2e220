"""The sync twin: plan, apply and export through a :class:`~telnyx_sip.TelnyxSIP`.

Each runs the async function on the sync client's loop thread, with the
client's :attr:`~telnyx_sip.TelnyxSIP.async_client`; Ctrl-C stops an apply
as it stops a bulk job, keeping its journal.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from telnyx_sip.bulk import DEFAULT_CONCURRENCY

from ._apply import ApplyReport, OnChange, apply
from ._changes import Prune
from ._document import Document
from ._export import export
from ._plan import Plan, plan

if TYPE_CHECKING:
    from telnyx_sip import TelnyxSIP

__all__ = ["apply_sync", "export_sync", "plan_sync"]


def plan_sync(
    client: TelnyxSIP, document: Document, *, prune: Prune | None = None
) -> Plan:
    """:func:`~telnyx_sip.state.plan` for a sync client."""
    return client.run(lambda: plan(client.async_client, document, prune=prune))


def apply_sync(
    client: TelnyxSIP,
    plan: Plan,
    *,
    journal: str | os.PathLike[str] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_change: OnChange | None = None,
    max_pause: float | None = None,
) -> ApplyReport:
    """:func:`~telnyx_sip.state.apply` for a sync client.

    ``on_change`` is called on the client's loop thread.
    """
    return client.run(
        lambda: apply(
            client.async_client,
            plan,
            journal=journal,
            concurrency=concurrency,
            on_change=on_change,
            max_pause=max_pause,
        )
    )


def export_sync(
    client: TelnyxSIP, *, resources: Iterable[str] | None = None
) -> Document:
    """:func:`~telnyx_sip.state.export` for a sync client."""
    return client.run(lambda: export(client.async_client, resources=resources))
