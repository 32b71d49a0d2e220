"""A client's configuration, checked once.

:class:`Shared` is what derived clients share (key, base URL, transport);
:class:`Settings` is what each may change (timeouts, retries, headers, hooks),
per derived client or per call.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import cast

import attrs

from . import errors
from ._checks import header_pairs, positive
from ._core import Extras, bounded_int, check_base_url, check_json, query_pairs
from ._network import Network
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


Pairs = tuple[tuple[str, str], ...]


def _headers(value: object, name: str = "extra_headers") -> Pairs:
    if not isinstance(value, Mapping):
        raise errors.InvalidArgumentError(
            name, "expected a mapping of header names to values"
        )
    return header_pairs(name, value.items())


def _header_items(value: object) -> Pairs:
    """Per-call headers: a mapping, or the pairs older code passes."""
    items = value.items() if isinstance(value, Mapping) else value
    return header_pairs("extra_headers", cast("Iterable[object]", items))


def _extras(
    headers: Pairs = (),
    default_query: Pairs = (),
    query: Pairs = (),
    body: Mapping[str, object] | None = None,
) -> Extras | None:
    if not (headers or default_query or query) and body is None:
        return None  # the usual case: nothing to add, nothing made
    return Extras(headers, query, default_query, body)


def _user_agent(app_name: object) -> str:
    if app_name is None:
        return USER_AGENT
    if not isinstance(app_name, str) or not app_name.strip():
        raise errors.InvalidArgumentError("app_name", "expected a non-empty str")
    header_pairs("app_name", [("User-Agent", app_name)])
    return f"{USER_AGENT} {app_name.strip()}"


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
        app_name: object = None,
        proxy: object = None,
        trust_env: object = True,
        ssl: object = None,
        ca_bundle: object = None,
        session: object = None,
    ) -> Shared:
        """Check the constructor's arguments and make the transport."""
        key = _resolve_key(api_key)
        root = check_base_url(
            base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        )
        network = Network.create(
            base_url=root,
            proxy=proxy,
            trust_env=trust_env,
            ssl=ssl,
            ca_bundle=ca_bundle,
            session=session,
        )
        return cls(
            base_url=root,
            headers={
                "Authorization": f"Bearer {key}",
                "Accept": "application/json",
                # Only what the transport inflates itself, under the size cap.
                "Accept-Encoding": "gzip, deflate",
                "User-Agent": _user_agent(app_name),
            },
            transport=Transport(
                max_connections=bounded_int("max_connections", max_connections, 1),
                network=network,
            ),
            max_response_bytes=bounded_int("max_response_bytes", max_response_bytes, 1),
        )


@attrs.frozen
class Settings:
    """What one client (or derived client) applies to every call it makes.

    ``extras`` holds the client's default headers and query and, for one
    call, its escape hatches (``None`` when there are none: the usual case
    costs nothing).
    """

    timeout: float
    connect_timeout: float
    retry: RetryPolicy
    before_attempt: BeforeAttempt | None = None
    after_response: AfterResponse | None = None
    extras: Extras | None = None

    @property
    def default_headers(self) -> Pairs:
        """The headers the client adds to every call."""
        return () if self.extras is None else self.extras.headers

    @property
    def default_query(self) -> Pairs:
        """The query pairs the client adds to every call."""
        return () if self.extras is None else self.extras.default_query

    @classmethod
    def create(
        cls,
        *,
        timeout: object,
        connect_timeout: object,
        max_retries: object,
        max_retry_time: object,
        retry_policy: RetryPolicy | None,
        default_headers: object = None,
        default_query: object = None,
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
            extras=_extras(
                ()
                if default_headers is None
                else _headers(default_headers, "default_headers"),
                ()
                if default_query is None
                else query_pairs("default_query", default_query),
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
        default_headers: object = Unset.UNSET,
        default_query: object = Unset.UNSET,
    ) -> Settings:
        """These settings with every argument that is not ``UNSET`` replaced.

        ``default_headers`` is the documented name of ``extra_headers``: give
        one or the other. A call's own escape hatches are not carried over.
        """
        headers = self.default_headers
        if not isinstance(default_headers, Unset):
            if not isinstance(extra_headers, Unset):
                raise errors.InvalidArgumentError(
                    "default_headers",
                    "give default_headers= or extra_headers=, not both",
                )
            headers = _headers(default_headers, "default_headers")
        elif not isinstance(extra_headers, Unset):
            headers = _headers(extra_headers)
        query = self.default_query
        if not isinstance(default_query, Unset):
            query = query_pairs("default_query", default_query)
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
            before_attempt=self.before_attempt
            if isinstance(before_attempt, Unset)
            else before_attempt,
            after_response=self.after_response
            if isinstance(after_response, Unset)
            else after_response,
            extras=_extras(headers, query),
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
        if not (options.extra_headers or options.extra_query or options.extra_body):
            return merged
        return attrs.evolve(
            merged,
            extras=_extras(
                (*self.default_headers, *_header_items(options.extra_headers)),
                self.default_query,
                ()
                if options.extra_query is None
                else query_pairs("extra_query", options.extra_query),
                None
                if options.extra_body is None
                else check_json("extra_body", options.extra_body),
            ),
        )
