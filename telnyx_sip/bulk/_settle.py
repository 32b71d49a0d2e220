"""Settling one call: send it, and when its outcome is unknown, find out or resend.

A create is never blindly sent twice: an ambiguous answer is followed by a
lookup of its natural key, and only a confirmed absence allows another send.
An idempotent call (update, delete, retrieve ...) may simply be sent again.
Resends wait a backoff step of the client's retry policy.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from telnyx_sip._retry import delays
from telnyx_sip.errors import (
    AmbiguousOutcomeError,
    APIConnectionError,
    NotFoundError,
    TelnyxSIPError,
)

from . import _reconcile
from ._plan import Call, Outcome, Status
from ._secrets import redacted_repr

if TYPE_CHECKING:
    from telnyx_sip import AsyncTelnyxSIP, RetryPolicy

    from ._journal import Journal

__all__ = ["Item", "Settler"]


@attrs.frozen
class Item:
    """One call ready to send: its bound method and arguments."""

    index: int
    call: Call
    method: Callable[..., Awaitable[Any]] = attrs.field(repr=False)
    args: tuple[Any, ...] = attrs.field(repr=redacted_repr)
    kwargs: dict[str, Any] = attrs.field(repr=redacted_repr)

    def send(self) -> Awaitable[Any]:
        """Make the call once (the client may still retry it internally)."""
        return self.method(*self.args, **self.kwargs)

    def outcome(
        self, status: Status, *, result: Any = None, error: BaseException | None = None
    ) -> Outcome:
        """The outcome of this call."""
        return Outcome(index=self.index, status=status, result=result, error=error)


@attrs.frozen
class Settler:
    """How the calls of one job are sent, resent and reconciled.

    Args:
        policy: The retry policy whose backoff spaces resends.
        max_resends: Sends after the first before giving up as unknown.
        journal: Where a create is recorded as started before each send.

    """

    policy: RetryPolicy
    max_resends: int
    journal: Journal | None

    def _backoff(self) -> Iterator[float]:
        """Waits between sends of one call, after the first: the policy's backoff."""
        return delays(self.policy)

    async def _lookup(
        self, client: AsyncTelnyxSIP, item: Item, key: tuple[object, ...]
    ) -> Outcome | None:
        """Settle a create by its natural key; ``None`` means confirmed absent."""
        try:
            found = await _reconcile.find(client, item.call.resource, key)
        except TelnyxSIPError as exc:
            return item.outcome("unknown", error=exc)
        return item.outcome("succeeded", result=found[0]) if found else None

    async def create(
        self,
        client: AsyncTelnyxSIP,
        item: Item,
        key: tuple[object, ...],
        *,
        suspect: bool,
    ) -> Outcome:
        """Send a create; ``suspect`` means an earlier run may have made it."""
        if suspect:
            # A previous run may have made it: look before sending again.
            settled = await self._lookup(client, item, key)
            if settled is not None:
                return settled
        last: BaseException | None = None
        steps = None
        for send in range(self.max_resends + 1):
            if send:
                steps = steps or self._backoff()
                await self.policy.sleep(next(steps))
            if self.journal is not None:
                self.journal.started(item.index)
            try:
                return item.outcome("succeeded", result=await item.send())
            except AmbiguousOutcomeError as exc:
                last = exc
                settled = await self._lookup(client, item, key)
                if settled is not None:
                    return settled
            except TelnyxSIPError as exc:
                return item.outcome("failed", error=exc)
        return item.outcome("unknown", error=last)

    async def idempotent(self, item: Item, *, suspect: bool) -> Outcome:
        """Send a call that is harmless to repeat; ``suspect`` as for creates."""
        last: BaseException | None = None
        retried = suspect
        steps = None
        for send in range(self.max_resends + 1):
            if send:
                steps = steps or self._backoff()
                await self.policy.sleep(next(steps))
            try:
                return item.outcome("succeeded", result=await item.send())
            except NotFoundError as exc:
                if item.call.action == "delete" and retried:
                    # An earlier attempt whose answer was lost already did it.
                    return item.outcome("succeeded")
                return item.outcome("failed", error=exc)
            except APIConnectionError as exc:
                if not exc.sent:
                    return item.outcome("failed", error=exc)
                # Repeating an idempotent call is harmless: try again.
                last, retried = exc, True
            except TelnyxSIPError as exc:
                return item.outcome("failed", error=exc)
        return item.outcome("unknown", error=last)
