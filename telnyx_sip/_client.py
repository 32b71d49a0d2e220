"""``AsyncTelnyxSIP``: configuration, the transport and one attribute per service."""

from __future__ import annotations

import copy
import json
import logging
import os
import platform
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Protocol, TypeVar
from urllib.parse import quote, urlencode

import aiohttp
import attrs
import cattrs

from . import _core, errors
from ._converter import CONVERTER
from ._retry import RetryPolicy, run
from ._transport import RawResponse, SendError, Transport
from ._types import UNSET, RequestOptions, Unset
from ._version import __version__
from .pagination import AsyncPager, Page, check_limit
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
from .services._base import ListOperation, Operation

__all__ = ["DEFAULT_BASE_URL", "AsyncTelnyxSIP"]

T = TypeVar("T")

DEFAULT_BASE_URL = "https://api.telnyx.com/v2"
ENV_API_KEY = "TELNYX_API_KEY"
ENV_BASE_URL = "TELNYX_BASE_URL"
USER_AGENT = (
    f"telnyx-sip/{__version__} python/{platform.python_version()} "
    f"aiohttp/{aiohttp.__version__}"
)
_STRUCTURE_ERRORS = (
    cattrs.BaseValidationError,
    TypeError,
    ValueError,
    KeyError,
    AttributeError,
)

log = logging.getLogger("telnyx_sip")


class AttemptHooks(Protocol):
    """Called around every attempt of a client view made by ``_with_hooks``."""

    async def before_attempt(self) -> None:
        """Wait, if needed, before an attempt is sent."""

    def after_response(self, status: int, headers: Mapping[str, str]) -> None:
        """See the status and headers of every HTTP response."""


@attrs.frozen
class _Settings:
    timeout: float
    connect_timeout: float
    retry: RetryPolicy
    extra_headers: tuple[tuple[str, str], ...]


def _positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise errors.InvalidArgumentError(
            name, f"must be a positive number, got {value!r}"
        )
    return float(value)


def _retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise errors.InvalidArgumentError(
            "max_retries", f"must be an int >= 0, got {value!r}"
        )
    return value


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
    use, inside the running event loop.

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
        self._api_key = _resolve_key(api_key)
        self._base_url = _core.check_base_url(
            base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        )
        if (
            isinstance(max_connections, bool)
            or not isinstance(max_connections, int)
            or max_connections < 1
        ):
            raise errors.InvalidArgumentError(
                "max_connections", f"must be an int >= 1, got {max_connections!r}"
            )
        if (
            isinstance(max_response_bytes, bool)
            or not isinstance(max_response_bytes, int)
            or max_response_bytes < 1
        ):
            raise errors.InvalidArgumentError(
                "max_response_bytes", f"must be an int >= 1, got {max_response_bytes!r}"
            )
        self._max_response_bytes = max_response_bytes
        policy = retry_policy or RetryPolicy()
        self._settings = _Settings(
            timeout=_positive("timeout", timeout),
            connect_timeout=_positive("connect_timeout", connect_timeout),
            retry=attrs.evolve(
                policy,
                max_retries=_retries(max_retries),
                max_retry_time=_positive("max_retry_time", max_retry_time),
            ),
            extra_headers=(),
        )
        self._headers = {
            "Authorization": f"Bearer {self._api_key}",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        self._transport = Transport(max_connections=max_connections)
        self._converter = CONVERTER
        self._hooks: AttemptHooks | None = None
        self._bind_services()

    def _bind_services(self) -> None:
        self.access_ip_ranges = AsyncAccessIpRanges(self)
        self.connections = AsyncConnections(self)
        self.credential_connections = AsyncCredentialConnections(self)
        self.fqdn_connections = AsyncFqdnConnections(self)
        self.fqdns = AsyncFqdns(self)
        self.ip_connections = AsyncIpConnections(self)
        self.ips = AsyncIps(self)
        self.outbound_voice_profiles = AsyncOutboundVoiceProfiles(self)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._base_url!r})"

    def _with_hooks(self, hooks: AttemptHooks) -> AsyncTelnyxSIP:
        """A view of this client sharing its session, with attempt hooks.

        Bulk jobs use it to hold every worker before an attempt (a job-wide
        pause) and to read rate-limit headers from every response.
        """
        view = copy.copy(self)
        view._hooks = hooks
        view._bind_services()
        return view

    @property
    def base_url(self) -> str:
        """The API root this client talks to."""
        return self._base_url

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
        await self._transport.close()

    # -- the two calls services make ------------------------------------

    def _resolve(self, options: RequestOptions | None) -> _Settings:
        if options is None:
            return self._settings
        base = self._settings
        retry = base.retry
        if not isinstance(options.max_retries, Unset):
            retry = attrs.evolve(retry, max_retries=_retries(options.max_retries))
        if not isinstance(options.max_retry_time, Unset):
            retry = attrs.evolve(
                retry,
                max_retry_time=_positive("max_retry_time", options.max_retry_time),
            )
        return _Settings(
            timeout=base.timeout
            if isinstance(options.timeout, Unset)
            else _positive("timeout", options.timeout),
            connect_timeout=base.connect_timeout
            if isinstance(options.connect_timeout, Unset)
            else _positive("connect_timeout", options.connect_timeout),
            retry=retry,
            extra_headers=options.extra_headers,
        )

    async def _request(
        self,
        op: Operation,
        cast: type[T],
        *,
        path: tuple[str, ...] = (),
        body: object | None = None,
        options: RequestOptions | None = None,
    ) -> T:
        url_path = _core.build_path(op.path, path)
        payload = None
        if body is not None:
            payload = json.dumps(
                self._converter.unstructure(body), separators=(",", ":")
            ).encode()
        settings = self._resolve(options)
        raw = await self._send(op, url_path, (), payload, settings)
        data = self._decode(raw, url_path)
        if op.envelope:
            if not isinstance(data, dict) or "data" not in data:
                raise errors.ResponseValidationError(
                    f"{op.method} {url_path}: response has no 'data' object",
                    status=raw.status,
                    body=raw.body,
                    request_id=_core.request_id(raw.headers),
                )
            data = data["data"]
        return self._structure(data, cast, raw, url_path, op)

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
        # Everything is validated here, before any request is made.
        query = _core.encode_query(
            op, args, page_number=page_number, page_size=page_size
        )
        query = [(k, v) for k, v in query if k != "page[number]"]
        check_limit(limit)
        settings = self._resolve(options)
        size = page_size if isinstance(page_size, int) else op.page_size_default
        hook: Callable[[Any, Any], T] = self._converter.get_structure_hook(cast)

        async def fetch(number: int) -> Page[T]:
            raw = await self._send(
                op, op.path, (*query, ("page[number]", str(number))), None, settings
            )
            data = self._decode(raw, op.path)
            items = data.get("data") if isinstance(data, dict) else None
            if not isinstance(items, list):
                raise errors.ResponseValidationError(
                    f"{op.method} {op.path}: response has no 'data' list",
                    status=raw.status,
                    body=raw.body,
                    request_id=_core.request_id(raw.headers),
                )
            try:
                structured = tuple([hook(item, cast) for item in items])
            except _STRUCTURE_ERRORS as exc:
                raise self._invalid(exc, raw, op.path, op) from exc
            meta = data.get("meta") if isinstance(data, dict) else None
            return _page(structured, meta, number, size)

        first = page_number if isinstance(page_number, int) else 1
        return AsyncPager(fetch, first_page=first, limit=limit)

    # -- internals -------------------------------------------------------

    def _structure(
        self, data: object, cast: type[T], raw: RawResponse, path: str, op: Operation
    ) -> T:
        try:
            return self._converter.structure(data, cast)
        except _STRUCTURE_ERRORS as exc:
            raise self._invalid(exc, raw, path, op) from exc

    @staticmethod
    def _invalid(
        exc: BaseException, raw: RawResponse, path: str, op: Operation
    ) -> errors.ResponseValidationError:
        detail = (
            "; ".join(cattrs.transform_error(exc))
            if isinstance(exc, cattrs.BaseValidationError)
            else f"{type(exc).__name__}: {exc}"
        )
        return errors.ResponseValidationError(
            f"{op.method} {path}: response does not fit the model: {detail}",
            status=raw.status,
            body=raw.body,
            request_id=_core.request_id(raw.headers),
        )

    @staticmethod
    def _decode(raw: RawResponse, path: str) -> Any:
        data = _core.decode_json(raw.body)
        if data is None:
            raise errors.ResponseValidationError(
                f"{path}: response body is not JSON",
                status=raw.status,
                body=raw.body,
                request_id=_core.request_id(raw.headers),
            )
        return data

    async def _send(
        self,
        op: Operation,
        path: str,
        query: tuple[tuple[str, str], ...] | list[tuple[str, str]],
        payload: bytes | None,
        settings: _Settings,
    ) -> RawResponse:
        url = self._base_url + path
        if query:
            url = f"{url}?{urlencode(query, safe='[]', quote_via=quote)}"
        headers = self._headers
        if payload is not None or settings.extra_headers:
            headers = dict(headers)
            headers.update(settings.extra_headers)
            if payload is not None:
                headers["Content-Type"] = "application/json"

        hooks = self._hooks

        async def attempt(number: int) -> RawResponse:
            if hooks is not None:
                await hooks.before_attempt()
            started = time.perf_counter()
            try:
                raw = await self._transport.send(
                    op.method,
                    url,
                    headers,
                    payload,
                    connect_timeout=settings.connect_timeout,
                    timeout=settings.timeout,
                    max_bytes=self._max_response_bytes,
                )
            except SendError as exc:
                _log_attempt(
                    op,
                    path,
                    status=None,
                    started=started,
                    attempt=number,
                    request_id=None,
                )
                raise _connection_error(exc, op, path) from exc
            rid = _core.request_id(raw.headers)
            if hooks is not None:
                hooks.after_response(raw.status, raw.headers)
            _log_attempt(
                op,
                path,
                status=raw.status,
                started=started,
                attempt=number,
                request_id=rid,
            )
            if raw.status < 300:
                return raw
            error = _core.parse_error(
                raw.status, raw.body, raw.headers, method=op.method, path=path
            )
            if raw.status >= 500 and not op.idempotent:
                raise errors.AmbiguousOutcomeError(
                    f"server answered {raw.status}",
                    method=op.method,
                    path=path,
                    status=raw.status,
                    body=raw.body,
                    request_id=rid,
                ) from error
            raise error

        result: RawResponse = await run(
            attempt, idempotent=op.idempotent, policy=settings.retry
        )
        return result


def _connection_error(
    exc: SendError, op: Operation, path: str
) -> errors.APIConnectionError:
    if exc.sent and not op.idempotent:
        return errors.AmbiguousOutcomeError(str(exc), method=op.method, path=path)
    cls = errors.APITimeoutError if exc.timed_out else errors.APIConnectionError
    return cls(str(exc), method=op.method, path=path, sent=exc.sent)


def _log_attempt(
    op: Operation,
    path: str,
    *,
    status: int | None,
    started: float,
    attempt: int,
    request_id: str | None,
) -> None:
    if log.isEnabledFor(logging.DEBUG):
        log.debug(
            "%s %s -> %s in %.1f ms (attempt %d, request id %s)",
            op.method,
            path,
            status if status is not None else "no response",
            (time.perf_counter() - started) * 1000,
            attempt,
            request_id or "-",
        )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _page(items: tuple[T, ...], meta: object, number: int, size: int) -> Page[T]:
    meta = meta if isinstance(meta, dict) else {}
    return Page(
        items=items,
        page_number=_int_or_none(meta.get("page_number")) or number,
        page_size=_int_or_none(meta.get("page_size")) or size,
        total_pages=_int_or_none(meta.get("total_pages")),
        total_results=_int_or_none(meta.get("total_results")),
    )
