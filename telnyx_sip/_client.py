"""``AsyncTelnyxSIP``: settings, the transport, the retry loop and hooks; wiring only.

What a request looks like and what an answer means is decided in
:mod:`telnyx_sip._core`; this module sends one through the transport under the
retry rules and structures the data with the converter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TypeVar

from . import _core
from ._converter import CONVERTER
from ._operations import ListOperation, Operation
from ._retry import RetryPolicy, run
from ._settings import (
    DEFAULT_BASE_URL,
    ENV_API_KEY,
    AfterResponse,
    BeforeAttempt,
    Settings,
    Shared,
)
from ._structure import item_hook, structure_items, structure_one
from ._transport import RawResponse, SendError
from ._types import UNSET, RequestOptions, Unset
from .pagination import AsyncPager, Page
from .services import (
    AsyncAccessIpRanges,
    AsyncConnections,
    AsyncCredentialConnections,
    AsyncFqdnConnections,
    AsyncFqdns,
    AsyncIpConnections,
    AsyncIps,
    AsyncOutboundVoiceProfiles,
)

__all__ = ["DEFAULT_BASE_URL", "ENV_API_KEY", "AsyncTelnyxSIP"]

T = TypeVar("T")

log = logging.getLogger("telnyx_sip")


class AsyncTelnyxSIP:
    """Async client for the Telnyx SIP provisioning API.

    Args:
        api_key: The Telnyx API key; defaults to ``$TELNYX_API_KEY``.
        base_url: API root; defaults to ``$TELNYX_BASE_URL``, else the
            Telnyx API. Plain ``http://`` only for loopback hosts.
        timeout: Seconds one attempt may take (connect, send, read), counted
            from when a pooled connection slot is free: queueing behind
            other calls for a slot never eats into it.
        connect_timeout: Seconds to open a connection.
        max_retries: Retries after the first attempt (see the retry rules in
            :mod:`telnyx_sip._retry`).
        max_retry_time: Cap in seconds on one call, retries and waits included.
        max_connections: Size of the connection pool.
        max_response_bytes: Larger response bodies are refused.
        retry_policy: Full control of backoff (steps, jitter, sleep, clock);
            ``max_retries`` and ``max_retry_time`` override its fields.

    Use it as ``async with AsyncTelnyxSIP() as client:`` or call
    :meth:`aclose` when done. One aiohttp session is opened lazily on first
    use, inside the running event loop. :meth:`with_options` derives a
    client with other settings that shares this one's connection pool.

    """

    access_ip_ranges: AsyncAccessIpRanges
    connections: AsyncConnections
    credential_connections: AsyncCredentialConnections
    fqdn_connections: AsyncFqdnConnections
    fqdns: AsyncFqdns
    ip_connections: AsyncIpConnections
    ips: AsyncIps
    outbound_voice_profiles: AsyncOutboundVoiceProfiles

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = 30.0,
        connect_timeout: float = 10.0,
        max_retries: int = 2,
        max_retry_time: float = 60.0,
        max_connections: int = 100,
        max_response_bytes: int = 8 * 1024 * 1024,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._setup(
            Shared.create(
                api_key=api_key,
                base_url=base_url,
                max_connections=max_connections,
                max_response_bytes=max_response_bytes,
            ),
            Settings.create(
                timeout=timeout,
                connect_timeout=connect_timeout,
                max_retries=max_retries,
                max_retry_time=max_retry_time,
                retry_policy=retry_policy,
            ),
        )

    def _setup(self, shared: Shared, settings: Settings) -> None:
        self._shared = shared
        self._settings = settings
        self.access_ip_ranges = AsyncAccessIpRanges(self)
        self.connections = AsyncConnections(self)
        self.credential_connections = AsyncCredentialConnections(self)
        self.fqdn_connections = AsyncFqdnConnections(self)
        self.fqdns = AsyncFqdns(self)
        self.ip_connections = AsyncIpConnections(self)
        self.ips = AsyncIps(self)
        self.outbound_voice_profiles = AsyncOutboundVoiceProfiles(self)

    def with_options(
        self,
        *,
        timeout: float | Unset = UNSET,
        connect_timeout: float | Unset = UNSET,
        max_retries: int | Unset = UNSET,
        max_retry_time: float | Unset = UNSET,
        retry_policy: RetryPolicy | Unset = UNSET,
        extra_headers: Mapping[str, str] | Unset = UNSET,
        before_attempt: BeforeAttempt | Unset | None = UNSET,
        after_response: AfterResponse | Unset | None = UNSET,
    ) -> AsyncTelnyxSIP:
        """A client with these settings changed, sharing this one's connections.

        Arguments left out keep this client's value. ``extra_headers`` are
        sent with every call; ``before_attempt`` is awaited before each
        attempt and ``after_response(status, headers)`` sees every answer
        (bulk jobs pause and throttle through them). The derived client
        shares only the session, pool, key and base URL: closing either
        closes the session for both, and it reopens on next use.
        """
        derived = object.__new__(type(self))
        derived._setup(
            self._shared,
            self._settings.override(
                timeout=timeout,
                connect_timeout=connect_timeout,
                max_retries=max_retries,
                max_retry_time=max_retry_time,
                retry_policy=retry_policy,
                extra_headers=extra_headers,
                before_attempt=before_attempt,
                after_response=after_response,
            ),
        )
        return derived

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._shared.base_url!r})"

    @property
    def base_url(self) -> str:
        """The API root this client talks to."""
        return self._shared.base_url

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry policy calls use unless their options say otherwise."""
        return self._settings.retry

    async def __aenter__(self) -> AsyncTelnyxSIP:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP session. The client may be used again afterwards."""
        await self._shared.transport.close()

    # -- the two calls services make (see services._base.ServiceClient) ----
    async def _request(
        self,
        op: Operation,
        cast: type[T],
        *,
        path: tuple[str, ...] = (),
        body: object | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        settings = self._settings.resolve(options)
        shared = self._shared
        request = _core.build_request(
            op,
            base_url=shared.base_url,
            headers=shared.headers,
            path=path,
            body=UNSET if body is None else CONVERTER.unstructure(body),
            extra_headers=settings.extra_headers,
        )
        answer = await self._send(op, request, settings)
        return structure_one(answer, cast, request)

    def _pager(
        self,
        op: ListOperation,
        cast: type[T],
        args: Mapping[str, object],
        *,
        page_number: int | Unset = UNSET,
        page_size: int | Unset = UNSET,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPager[T]:
        # Everything is checked here, once, before any request is made.
        query = _core.prepare_list(
            op, args, page_number=page_number, page_size=page_size, limit=limit
        )
        settings = self._settings.resolve(options)
        shared = self._shared
        hook = item_hook(cast)

        async def fetch(number: int) -> Page[T]:
            request = _core.build_request(
                op,
                base_url=shared.base_url,
                headers=shared.headers,
                query=query.page(number),
                extra_headers=settings.extra_headers,
            )
            answer = await self._send(op, request, settings)
            items = structure_items(answer, hook, cast, request)
            return Page.from_meta(items, answer.page, number, query.page_size)

        return AsyncPager(fetch, first_page=query.first_page, limit=query.limit)

    # -- one call through the retry loop ----------------------------------
    async def _send(
        self, op: Operation, request: _core.Request, settings: Settings
    ) -> _core.Answer:
        shared, before = self._shared, settings.before_attempt
        after = settings.after_response

        async def attempt(number: int) -> _core.Answer:
            if before is not None:
                await before()
            started = time.perf_counter()
            try:
                raw = await shared.transport.send(
                    request.method,
                    request.url,
                    request.headers,
                    request.body,
                    connect_timeout=settings.connect_timeout,
                    timeout=settings.timeout,
                    max_bytes=shared.max_response_bytes,
                )
            except SendError as exc:
                _log_attempt(request, None, started, number)
                raise _core.connection_error(
                    op, request.path, str(exc), sent=exc.sent, timed_out=exc.timed_out
                ) from exc
            if after is not None:
                after(raw.status, raw.headers)
            _log_attempt(request, raw, started, number)
            return _core.decipher(
                op, raw.status, raw.headers, raw.body, path=request.path
            )

        answer: _core.Answer = await run(
            attempt, idempotent=op.idempotent, policy=settings.retry
        )
        return answer


def _log_attempt(
    request: _core.Request, raw: RawResponse | None, started: float, attempt: int
) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s -> %s in %.1f ms (attempt %d, request id %s)",
            request.method,
            request.path,
            raw.status if raw is not None else "no response",
            (time.perf_counter() - started) * 1000,
            attempt,
            (raw is not None and _core.request_id(raw.headers)) or "-",
        )
