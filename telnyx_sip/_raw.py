"""The HTTP response behind a result: ``APIResponse`` and ``with_raw_response``.

``with_raw_response(client.ips.retrieve)("7")`` makes the same call as
``client.ips.retrieve("7")`` and returns an ``APIResponse[Ip]``: status,
headers, request id, rate-limit numbers, elapsed time and the raw body, with
``.parse()`` giving the model. It is a function around a bound method, not
a ``client.with_raw_response.ips`` namespace as in the Stainless SDKs,
because Python's types cannot map every method of a service to a new return
type: that form needs a generated raw twin of every service, while this one
keeps each method's exact parameters (a ``ParamSpec``) for the type checker
with none.

The wrapper sets a context variable holding an empty box; the client drops
the last answer of the call into the box when one is set (one
:meth:`contextvars.ContextVar.get` per call otherwise). The sync client's
calls run on its loop thread in a copy of the caller's context (asyncio's
``call_soon_threadsafe`` takes it), so the box reaches that thread too.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar, overload

import attrs

from ._core import Answer, RateLimit, Request, rate_limit, request_id

__all__ = ["CAPTURE", "APIResponse", "Capture", "Exchange", "with_raw_response"]

T = TypeVar("T")
P = ParamSpec("P")

Exchange = tuple[Request, Answer, float]
"""One call's last request, its answer and the call's elapsed seconds."""


class Capture:
    """The box a raw-response call leaves open for the client to fill."""

    __slots__ = ("exchange",)

    def __init__(self) -> None:
        self.exchange: Exchange | None = None


CAPTURE: contextvars.ContextVar[Capture | None] = contextvars.ContextVar(
    "telnyx_sip_capture", default=None
)


@attrs.frozen(kw_only=True)
class APIResponse(Generic[T]):
    """A successful HTTP response and the result it was parsed into.

    Attributes:
        status_code: The HTTP status (2xx).
        headers: The response headers (case-insensitive).
        content: The raw body, as received (decompressed).
        method: The request's method.
        url: The request's URL, query included.
        elapsed: Seconds the call took, retries and waits included.

    """

    status_code: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=False)
    method: str
    url: str
    elapsed: float
    _parsed: T = attrs.field(repr=False, alias="_parsed")

    @classmethod
    def of(cls, exchange: Exchange, parsed: T) -> APIResponse[T]:
        """The response of ``exchange`` with its parsed result."""
        request, answer, elapsed = exchange
        return cls(
            status_code=answer.status,
            headers=answer.headers,
            content=answer.body,
            method=request.method,
            url=request.url,
            elapsed=elapsed,
            _parsed=parsed,
        )

    @property
    def request_id(self) -> str | None:
        """Telnyx's ``x-request-id`` for the response, if it sent one."""
        return request_id(self.headers)

    @property
    def rate_limit(self) -> RateLimit:
        """The ``x-ratelimit-*`` numbers of the response."""
        return rate_limit(self.headers)

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (undecodable bytes replaced)."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> object:
        """The body as decoded JSON, envelope (``data``, ``meta``) included."""
        return json.loads(self.content) if self.content.strip() else None

    def parse(self) -> T:
        """The result the call returns without the wrapper (a model, a page ...)."""
        return self._parsed


def _response(box: Capture, parsed: T) -> APIResponse[T]:
    if box.exchange is None:
        msg = (
            "with_raw_response: the call sent no request (a SyncPager fetches "
            "when iterated: read page.response from its pages instead)"
        )
        raise RuntimeError(msg)
    return APIResponse.of(box.exchange, parsed)


async def _finish(awaitable: Awaitable[T], box: Capture) -> APIResponse[T]:
    token = CAPTURE.set(box)
    try:
        parsed = await awaitable
    finally:
        CAPTURE.reset(token)
    return _response(box, parsed)


# The first form wins for a method returning an awaitable (a coroutine, or
# the AsyncPager a list() returns), as the wrapper does at run time.
@overload
def with_raw_response(  # type: ignore[overload-overlap]
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[APIResponse[T]]]: ...
@overload
def with_raw_response(method: Callable[P, T]) -> Callable[P, APIResponse[T]]: ...
def with_raw_response(method: Callable[P, Any]) -> Callable[P, Any]:
    """Wrap a client method to return the :class:`APIResponse` around its result.

    Works with the methods of both clients: for ``AsyncTelnyxSIP``,
    ``await with_raw_response(client.ips.retrieve)("7")``; for the sync
    ``TelnyxSIP``, ``with_raw_response(client.ips.retrieve)("7")``; and with
    :meth:`~telnyx_sip.AsyncTelnyxSIP.request`. On an async ``list``
    method, awaiting it gives the first page's response. Errors raise as
    they do without the wrapper: an :class:`APIResponse` is always a
    success.

    Raises:
        RuntimeError: The call sent no request (a sync ``list`` returns a
            pager that fetches later: use each page's ``response``).

    """

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> Any:
        box = Capture()
        token = CAPTURE.set(box)
        try:
            result = method(*args, **kwargs)
        finally:
            CAPTURE.reset(token)
        if inspect.isawaitable(result):
            return _finish(result, box)
        return _response(box, result)

    return call
