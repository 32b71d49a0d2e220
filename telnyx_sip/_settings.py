"""A client's configuration, checked once.

:class:`Shared` is what derived clients share (key, base URL, transport);
:class:`Settings` is what each may change (timeouts, retries, headers, hooks),
per derived client or per call.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping

import attrs

from . import errors
from ._checks import header_pairs, positive
from ._core import bounded_int, check_base_url
from ._retry import RetryPolicy
from ._transport import USER_AGENT, Transport
from ._types import RequestOptions, Unset

__all__ = [
    "DEFAULT_BASE_URL",
    "AfterResponse",
    "BeforeAttempt",
    "Settings",
    "Shared",
    "positive",
    "retries",
]

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
ENV_API_KEY = "TELNYX_API_KEY"
ENV_BASE_URL = "TELNYX_BASE_URL"

BeforeAttempt = Callable[[], Awaitable[None]]
"""Awaited before every attempt is sent (a job-wide pause waits here)."""
AfterResponse = Callable[[int, Mapping[str, str]], None]
"""Called with the status and headers of every HTTP answer."""


def retries(value: object) -> int:
    """A number of retries: an int >= 0."""
    return bounded_int("max_retries", value, 0)


def _keep(current: float, value: object, name: str) -> float:
    return current if isinstance(value, Unset) else positive(name, value)


def _headers(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, Mapping):
        raise errors.InvalidArgumentError(
            "extra_headers", "expected a mapping of header names to values"
        )
    return header_pairs("extra_headers", value.items())


def _resolve_key(api_key: str | None) -> str:
    key = api_key if api_key is not None else os.environ.get(ENV_API_KEY)
    if not key or not key.strip():
        raise errors.InvalidArgumentError(
            "api_key", f"no API key: pass api_key= or set {ENV_API_KEY}"
        )
    if any(c in key for c in "\r\n\0") or key != key.strip():
        # Said without echoing the key: it must not reach logs or tracebacks.
        raise errors.InvalidArgumentError(
            "api_key", "contains whitespace or control characters"
        )
    return key


@attrs.frozen
class Shared:
    """What a client and every client derived from it share, on purpose.

    The key lives only inside ``headers``, which no repr shows.
    """

    base_url: str
    headers: Mapping[str, str] = attrs.field(repr=False)
    transport: Transport = attrs.field(repr=False)
    max_response_bytes: int

    @classmethod
    def create(
        cls,
        *,
        api_key: str | None,
        base_url: str | None,
        max_connections: object,
        max_response_bytes: object,
    ) -> Shared:
        """Check the constructor's arguments and make the transport."""
        key = _resolve_key(api_key)
        return cls(
            base_url=check_base_url(
                base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
            ),
            headers={
                "Authorization": f"Bearer {key}",
                "Accept": "application/json",
                # Only what the transport inflates itself, under the size cap.
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": USER_AGENT,
            },
            transport=Transport(
                max_connections=bounded_int("max_connections", max_connections, 1)
            ),
            max_response_bytes=bounded_int("max_response_bytes", max_response_bytes, 1),
        )


@attrs.frozen
class Settings:
    """What one client (or derived client) applies to every call it makes."""

    timeout: float
    connect_timeout: float
    retry: RetryPolicy
    extra_headers: tuple[tuple[str, str], ...] = attrs.field(
        default=(), repr=lambda pairs: repr([name for name, _ in pairs])
    )
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
            extra = header_pairs("extra_headers", options.extra_headers)
            merged = attrs.evolve(merged, extra_headers=(*self.extra_headers, *extra))
        return merged
