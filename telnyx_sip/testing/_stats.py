"""Counters of what the sandbox did, for assertions."""

from __future__ import annotations

from collections import Counter

import attrs

from ._faults import FAULT_KINDS

__all__ = ["SandboxStats"]


def _no_faults() -> dict[str, int]:
    return dict.fromkeys(FAULT_KINDS, 0)


@attrs.define
class SandboxStats:
    """What the sandbox has done since it started (or was last reset).

    Attributes:
        requests: Requests received, whatever became of them.
        rows_created: Objects created.
        rows_updated: Objects changed by an update.
        rows_deleted: Objects deleted, those removed with their parent included.
        rate_limited: Requests refused by the rate limiter.
        faults_injected: Faults by kind (see :data:`FAULT_KINDS`).
        by_status: Answers sent, by status code (dropped requests have none).
        by_operation: Requests by operation name, such as ``ips.create``.

    """

    requests: int = 0
    rows_created: int = 0
    rows_updated: int = 0
    rows_deleted: int = 0
    rate_limited: int = 0
    faults_injected: dict[str, int] = attrs.field(factory=_no_faults)
    by_status: Counter[int] = attrs.field(factory=Counter)
    by_operation: Counter[str] = attrs.field(factory=Counter)

    @property
    def faults_total(self) -> int:
        """Faults of every kind together."""
        return sum(self.faults_injected.values())

    def clear(self) -> None:
        """Set every counter back to zero, in place."""
        self.requests = self.rows_created = self.rows_updated = 0
        self.rows_deleted = self.rate_limited = 0
        self.faults_injected = _no_faults()
        self.by_status.clear()
        self.by_operation.clear()

    def copy(self) -> SandboxStats:
        """A snapshot that later requests do not change."""
        return SandboxStats(
            requests=self.requests,
            rows_created=self.rows_created,
            rows_updated=self.rows_updated,
            rows_deleted=self.rows_deleted,
            rate_limited=self.rate_limited,
            faults_injected=dict(self.faults_injected),
            by_status=Counter(self.by_status),
            by_operation=Counter(self.by_operation),
        )
