"""``AsyncTelnyxSIP``: settings, the transport, the retry loop and hooks; wiring only.

What a request looks like and what an answer means is decided in
:mod:`telnyx_sip._core`; this module sends one through the transport under the
retry rules and structures the data with the converter.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from ssl import SSLContext
from time import perf_counter
from typing import TypeVar, overload

from . import _core, services
from ._calls import pager, raw_request, send
from ._converter import CONVERTER
from ._logging import configure_from_env
from ._meta import RESOURCES
from ._network import ClientSession
from ._operations import ListOperation, Operation
from ._retry import RetryPolicy
from ._settings import (
    DEFAULT_BASE_URL,
    ENV_API_KEY,
    AfterResponse,
    BeforeAttempt,
    Settings,
    Shared,
)
from ._structure import structure_one
from ._types import UNSET, QueryValue, RequestOptions, Unset
from .pagination import AsyncPager
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

configure_from_env()


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
        default_headers: Headers sent with every call.
        default_query: Query parameters sent with every call where its own
            arguments do not send the key.
        app_name: Your application's id (``billing/2.1``) for the User-Agent.
        proxy: A proxy URL; ``https`` goes through it as a CONNECT tunnel.
        trust_env: Honour ``HTTPS_PROXY``, ``NO_PROXY``, ``SSL_CERT_FILE``
            and their kin (see :mod:`telnyx_sip._network`).
        ssl: An ``ssl.SSLContext`` to verify the API with.
        ca_bundle: A PEM file or directory to trust instead of the system's.
        session: Your own ``aiohttp.ClientSession``, never closed by the
            client (async client only).

    Use it as ``async with AsyncTelnyxSIP() as client:`` or call
    :meth:`aclose` when done. The aiohttp session opens on first use, in
    the running loop; :meth:`with_options` derives a client sharing it.

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
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, QueryValue] | None = None,
        app_name: str | None = None,
        proxy: str | None = None,
        trust_env: bool = True,
        ssl: SSLContext | None = None,
        ca_bundle: str | PathLike[str] | None = None,
        session: ClientSession | None = None,
    ) -> None:
        self._setup(
            Shared.create(
                api_key=api_key,
                base_url=base_url,
                max_connections=max_connections,
                max_response_bytes=max_response_bytes,
                app_name=app_name,
                proxy=proxy,
                trust_env=trust_env,
                ssl=ssl,
                ca_bundle=ca_bundle,
                session=session,
            ),
            Settings.create(
                timeout=timeout,
                connect_timeout=connect_timeout,
                max_retries=max_retries,
                max_retry_time=max_retry_time,
                retry_policy=retry_policy,
                default_headers=default_headers,
                default_query=default_query,
            ),
        )

    def _setup(self, shared: Shared, settings: Settings) -> None:
        self._shared = shared
        self._settings = settings
        for resource in RESOURCES.values():  # the attributes declared above
            setattr(self, resource.name, getattr(services, resource.service)(self))

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
        default_headers: Mapping[str, str] | Unset = UNSET,
        default_query: Mapping[str, QueryValue] | Unset = UNSET,
    ) -> AsyncTelnyxSIP:
        """A client with these settings changed, sharing this one's connections.

        Arguments left out keep this client's value; ``default_headers``
        (alias ``extra_headers``) and ``default_query`` replace its defaults.
        ``before_attempt`` is awaited before each attempt, ``after_response(
        status, headers)`` sees every answer (bulk jobs throttle with them).
        Only the session, pool, key and base URL are shared: closing either
        client closes the session for both, and it reopens on next use.
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
                default_headers=default_headers,
                default_query=default_query,
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

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP session. The client may be used again afterwards."""
        await self._shared.transport.close()

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, QueryValue] | None = None,
        body: object = None,
        cast: None = None,
        options: RequestOptions | None = None,
    ) -> object: ...
    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, QueryValue] | None = None,
        body: object = None,
        cast: type[T],
        options: RequestOptions | None = None,
    ) -> T: ...
    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Mapping[str, QueryValue] | None = None,
        body: object = None,
        cast: type[T] | None = None,
        options: RequestOptions | None = None,
    ) -> object:
        """Call an endpoint the SDK has no method for, with its auth and rules.

        ``path`` is under the base URL (``/ips/7``); retries (POST alone is
        not idempotent), errors, logging and options work as for any method.
        Returns the whole decoded JSON body (``None`` if empty), or it
        structured into ``cast``.
        """
        return await raw_request(
            self._shared,
            self._settings.resolve(options),
            _core.raw_operation(method, path),
            query=query,
            body=body,
            cast=cast,
        )

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
            extras=settings.extras,
        )
        answer = await send(shared, settings, op, request, perf_counter())
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
        return pager(self._shared, self._settings.resolve(options), op, cast, query)
