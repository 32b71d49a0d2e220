"""Fault injection settings: latency, error answers and dropped connections."""

from __future__ import annotations

import math
from typing import Any

import attrs

from telnyx_sip._core import bounded_int
from telnyx_sip.errors import InvalidArgumentError

__all__ = ["FAULT_KINDS", "FaultConfig"]

FAULT_KINDS = ("latency", "drop_before", "error_429", "error_500", "drop_after")
"""Every kind of fault, in the order a request meets them."""


def _fraction(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0.0 <= value <= 1.0
    ):
        raise InvalidArgumentError(
            attribute.name, f"must be a fraction between 0 and 1, got {value!r}"
        )


def _seconds(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise InvalidArgumentError(
            attribute.name, f"must be a number of seconds >= 0, got {value!r}"
        )


def _seed(_instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidArgumentError(attribute.name, f"must be an int, got {value!r}")


def _whole_seconds(
    _instance: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    bounded_int(attribute.name, value, 0)


@attrs.frozen(kw_only=True)
class FaultConfig:
    """What goes wrong, and how often. Everything is off by default.

    Each fraction is the chance, drawn per request from a ``random.Random``
    seeded with ``seed`` (or the sandbox's seed), that the fault hits it.
    The same seed and the same sequence of requests give the same faults.

    Attributes:
        latency: Seconds added before every request is handled.
        error_500: Fraction answered ``500`` without being processed.
        error_429: Fraction answered ``429`` (with ``Retry-After``) without
            being processed, as if a rate limit had been hit.
        drop_before: Fraction whose connection is closed before the request
            is processed: nothing changes and no answer is sent.
        drop_after: Fraction processed in full (a create or update is
            committed) whose connection is then closed without an answer.
        seed: Seed of the fault draws; ``None`` uses the sandbox's seed.
        retry_after: The ``Retry-After`` seconds of injected ``429`` answers.

    """

    latency: float = attrs.field(default=0.0, validator=_seconds)
    error_500: float = attrs.field(default=0.0, validator=_fraction)
    error_429: float = attrs.field(default=0.0, validator=_fraction)
    drop_before: float = attrs.field(default=0.0, validator=_fraction)
    drop_after: float = attrs.field(default=0.0, validator=_fraction)
    seed: int | None = attrs.field(default=None, validator=_seed)
    retry_after: int = attrs.field(default=1, validator=_whole_seconds)

    @property
    def enabled(self) -> bool:
        """Whether any fault can happen at all."""
        return any(
            (
                self.latency,
                self.error_500,
                self.error_429,
                self.drop_before,
                self.drop_after,
            )
        )
