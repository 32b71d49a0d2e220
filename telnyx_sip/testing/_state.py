"""``SandboxState``: the objects, counters and settings behind one sandbox app."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any

from telnyx_sip._core import bounded_int
from telnyx_sip.errors import InvalidArgumentError

from ._faults import FaultConfig
from ._rate_limit import FixedWindow
from ._resources import RESOURCES, Resource
from ._stats import SandboxStats
from ._store import Row, Store

__all__ = ["DEFAULT_API_KEY", "SandboxState"]

DEFAULT_API_KEY = "sandbox-key"


def _check_key(api_key: object) -> str:
    if not isinstance(api_key, str) or not api_key.strip():
        raise InvalidArgumentError("api_key", "must be a non-empty string")
    if api_key != api_key.strip() or any(c in api_key for c in "\r\n\0"):
        raise InvalidArgumentError(
            "api_key", "contains whitespace or control characters"
        )
    return api_key


class SandboxState:
    """The stored objects, counters and settings of one sandbox.

    Pass one to :func:`make_app` to embed the sandbox in your own aiohttp
    application or test server; :class:`Sandbox` makes its own.

    Args:
        api_key: The bearer key requests must carry.
        rate_limit: Requests allowed per window; ``None`` turns limiting off.
        rate_window: Length of a rate-limit window in seconds.
        faults: What to break, and how often (nothing by default).
        seed: Seed of generated ids and, unless ``faults.seed`` is set, of
            fault draws.

    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        faults: FaultConfig | None = None,
        seed: int = 0,
    ) -> None:
        self.api_key = _check_key(api_key)
        if rate_limit is not None:
            bounded_int("rate_limit", rate_limit, 1)
        if (
            isinstance(rate_window, bool)
            or not isinstance(rate_window, (int, float))
            or not rate_window > 0
        ):
            raise InvalidArgumentError(
                "rate_window", f"must be a positive number, got {rate_window!r}"
            )
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise InvalidArgumentError("seed", f"must be an int, got {seed!r}")
        if faults is not None and not isinstance(faults, FaultConfig):
            raise InvalidArgumentError("faults", "must be a FaultConfig or None")
        self.faults = faults if faults is not None else FaultConfig()
        self.seed = seed
        self.limiter = (
            FixedWindow(rate_limit, float(rate_window))
            if rate_limit is not None
            else None
        )
        self.stats = SandboxStats()
        self.store = Store(random.Random(seed))  # noqa: S311 - reproducible, not secret
        self.dice = random.Random(self._fault_seed())  # noqa: S311 - reproducible

    def __repr__(self) -> str:
        limit = self.limiter.limit if self.limiter else None
        return f"{type(self).__name__}(rate_limit={limit!r}, faults={self.faults!r})"

    def _fault_seed(self) -> int:
        return self.faults.seed if self.faults.seed is not None else self.seed

    @staticmethod
    def resource(name: str) -> Resource:
        """The resource called ``name`` (``ips``, ``connections`` ...)."""
        try:
            return RESOURCES[name]
        except KeyError:
            known = ", ".join(sorted(RESOURCES))
            msg = f"no resource {name!r}; known: {known}"
            raise KeyError(msg) from None

    def present(self, resource: Resource, rows: Iterable[Row]) -> list[Row]:
        """Objects as the API answers them, computed fields included."""
        counts = self.store.counts(resource) if resource.counters else {}
        if not counts:
            return list(rows)
        out = []
        for row in rows:
            shown = dict(row)
            for field, tally in counts.items():
                shown[field] = tally[row["id"]]
            out.append(shown)
        return out

    def rows(self, resource: str) -> list[dict[str, Any]]:
        """Copies of every current object of ``resource``, oldest first."""
        found = self.resource(resource)
        shown = self.present(found, self.store.rows(found))
        return [_deep_copy(row) for row in shown]

    def reset(self) -> None:
        """Forget every object and count, and restart the seeded draws."""
        self.store = Store(random.Random(self.seed))  # noqa: S311 - reproducible
        self.stats.clear()
        self.dice = random.Random(self._fault_seed())  # noqa: S311 - reproducible
        if self.limiter is not None:
            self.limiter.reset()


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
