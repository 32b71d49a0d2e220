"""A client's settings: checked once, then overridden per call or per derived client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

import attrs

from . import errors
from ._core import bounded_int
from ._retry import RetryPolicy
from ._types import RequestOptions, Unset

__all__ = ["AfterResponse", "BeforeAttempt", "Settings", "positive", "retries"]

BeforeAttempt = Callable[[], Awaitable[None]]
"""Awaited before every attempt is sent (a job-wide pause waits here)."""
AfterResponse = Callable[[int, Mapping[str, str]], None]
"""Called with the status and headers of every HTTP answer."""


def positive(name: str, value: object) -> float:
    """A duration or amount that must be a number above zero."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise errors.InvalidArgumentError(
            name, f"must be a positive number, got {value!r}"
        )
    return float(value)


def retries(value: object) -> int:
    """A number of retries: an int >= 0."""
    return bounded_int("max_retries", value, 0)


def _keep(current: float, value: object, name: str) -> float:
    return current if isinstance(value, Unset) else positive(name, value)


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise errors.InvalidArgumentError(
            "extra_headers", "expected a mapping of str to str"
        )
    return tuple(value.items())


@attrs.frozen
class Settings:
    """What one client (or derived client) applies to every call it makes."""

    timeout: float
    connect_timeout: float
    retry: RetryPolicy
    extra_headers: tuple[tuple[str, str], ...] = ()
    before_attempt: BeforeAttempt | None = None
    after_response: AfterResponse | None = None

    @classmethod
    def create(
        cls,
        *,
        timeout: object,
        connect_timeout: object,
        max_retries: object,
        max_retry_time: object,
        retry_policy: RetryPolicy | None,
    ) -> Settings:
        """Check the constructor's arguments."""
        return cls(
            timeout=positive("timeout", timeout),
            connect_timeout=positive("connect_timeout", connect_timeout),
            retry=attrs.evolve(
                retry_policy or RetryPolicy(),
                max_retries=retries(max_retries),
                max_retry_time=positive("max_retry_time", max_retry_time),
            ),
        )

    def override(
        self,
        *,
        timeout: object,
        connect_timeout: object,
        max_retries: object,
        max_retry_time: object,
        retry_policy: RetryPolicy | Unset,
        extra_headers: object,
        before_attempt: BeforeAttempt | Unset | None,
        after_response: AfterResponse | Unset | None,
    ) -> Settings:
        """These settings with every argument that is not ``UNSET`` replaced."""
        retry = self.retry if isinstance(retry_policy, Unset) else retry_policy
        if not isinstance(max_retries, Unset):
            retry = attrs.evolve(retry, max_retries=retries(max_retries))
        if not isinstance(max_retry_time, Unset):
            retry = attrs.evolve(
                retry, max_retry_time=positive("max_retry_time", max_retry_time)
            )
        return Settings(
            timeout=_keep(self.timeout, timeout, "timeout"),
            connect_timeout=_keep(
                self.connect_timeout, connect_timeout, "connect_timeout"
            ),
            retry=retry,
            extra_headers=self.extra_headers
            if isinstance(extra_headers, Unset)
            else _headers(extra_headers),
            before_attempt=self.before_attempt
            if isinstance(before_attempt, Unset)
            else before_attempt,
            after_response=self.after_response
            if isinstance(after_response, Unset)
            else after_response,
        )

    def resolve(self, options: RequestOptions | None) -> Settings:
        """The settings for one call with per-call ``options``."""
        if options is None:
            return self
        merged = self.override(
            timeout=options.timeout,
            connect_timeout=options.connect_timeout,
            max_retries=options.max_retries,
            max_retry_time=options.max_retry_time,
            retry_policy=Unset.UNSET,
            extra_headers=Unset.UNSET,
            before_attempt=Unset.UNSET,
            after_response=Unset.UNSET,
        )
        if options.extra_headers:
            merged = attrs.evolve(
                merged, extra_headers=(*self.extra_headers, *options.extra_headers)
            )
        return merged
