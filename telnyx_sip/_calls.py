"""One call through the retry loop: attempts, hooks, logging, the raw-response box.

The per-call path of every service method: kept to what each call needs
(one context-variable read and one clock reading beyond the attempts
themselves when nothing is configured).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from time import perf_counter
from typing import Protocol, TypeVar

from . import _core, errors
from ._converter import CONVERTER
from ._json import check_body
from ._logging import log, log_attempt, log_call
from ._operations import ListOperation, Operation
from ._raw import CAPTURE
from ._retry import go_on, is_retryable
from ._settings import Settings, Shared
from ._structure import item_hook, structure_items, structure_one
from ._transport import SendError
from ._types import UNSET, QueryValue
from .pagination import AsyncPager, Page

__all__ = ["Read", "pager", "raw_request", "send"]

T = TypeVar("T")


class Read(Protocol):
    """How an answer is read: :func:`telnyx_sip._core.decipher` or a variant."""

    def __call__(
        self,
        op: Operation,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        *,
        path: str,
    ) -> _core.Answer: ...


_INFO = logging.INFO


async def send(
    shared: Shared,
    settings: Settings,
    op: Operation,
    request: _core.Request,
    started: float,
    *,
    read: Read = _core.decipher,
) -> _core.Answer:
    """Send ``request`` under the retry rules and read its answer.

    ``started`` is the call's ``perf_counter()`` start, for the INFO
    line and the elapsed time of a raw response.
    """
    before, after = settings.before_attempt, settings.after_response

    async def attempt(number: int) -> _core.Answer:
        if before is not None:
            await before()
        begun = perf_counter()
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
            log_attempt(request, None, begun, number)
            raise _core.connection_error(
                op, request.path, str(exc), sent=exc.sent, timed_out=exc.timed_out
            ) from exc
        if after is not None:
            after(raw.status, raw.headers)
        log_attempt(request, raw, begun, number)
        return read(op, raw.status, raw.headers, raw.body, path=request.path)

    policy = settings.retry
    clock_started = policy.clock()
    try:
        try:
            answer: _core.Answer = await attempt(1)
        except errors.TelnyxSIPError as exc:
            answer = await go_on(
                attempt,
                exc,
                idempotent=op.idempotent,
                policy=policy,
                started=clock_started,
            )
    except errors.TelnyxSIPError as exc:
        _failed(op, request, exc, started)
        raise
    capture = CAPTURE.get()
    if capture is not None:
        capture.exchange = (request, answer, perf_counter() - started)
    if log.isEnabledFor(_INFO):
        log_call(
            request,
            answer.status,
            perf_counter() - started,
            _core.request_id(answer.headers),
        )
    return answer


def _failed(
    op: Operation, request: _core.Request, exc: errors.TelnyxSIPError, started: float
) -> None:
    """The line of a failed call: WARNING when it gave up on a passing failure."""
    transient = isinstance(exc, errors.APIConnectionError) or is_retryable(
        exc, idempotent=op.idempotent
    )
    level = logging.WARNING if transient else _INFO
    if not log.isEnabledFor(level):
        return
    status: int | str = type(exc).__name__
    request_id = None
    if isinstance(exc, errors.APIError):
        status, request_id = exc.status_code or status, exc.request_id
    log_call(request, status, perf_counter() - started, request_id, level=level)


def pager(
    shared: Shared,
    settings: Settings,
    op: ListOperation,
    cast: type[T],
    query: _core.ListQuery,
) -> AsyncPager[T]:
    """The pager of a list call whose arguments ``query`` holds, checked."""
    hook = item_hook(cast)
    extras = settings.extras

    async def fetch(number: int) -> Page[T]:
        request = _core.build_request(
            op,
            base_url=shared.base_url,
            headers=shared.headers,
            query=query.page(number),
            extras=extras,
        )
        started = perf_counter()
        answer = await send(shared, settings, op, request, started)
        exchange = (request, answer, perf_counter() - started)
        items = structure_items(answer, hook, cast, request)
        # The page keeps its models and the raw body (page.response), not the
        # decoded JSON as well: half the memory of a page held, and far fewer
        # objects for the garbage collector to walk while pages are in flight.
        answer.data = None
        return Page.from_meta(items, answer.page, number, query.page_size, exchange)

    return AsyncPager(fetch, first_page=query.first_page, limit=query.limit)


async def raw_request(
    shared: Shared,
    settings: Settings,
    op: Operation,
    *,
    query: Mapping[str, QueryValue] | None,
    body: object,
    cast: type[T] | None,
) -> object:
    """A call to an endpoint the SDK does not cover (see ``client.request``)."""
    data = UNSET if body is None else CONVERTER.unstructure(body)
    if data is not UNSET:
        try:
            # Strict JSON whichever library encodes it: no NaN or infinity.
            check_body(data)
        except (TypeError, ValueError, RecursionError) as exc:
            raise errors.InvalidArgumentError(
                "body", f"does not encode as JSON: {exc}"
            ) from None
    request = _core.build_request(
        op,
        base_url=shared.base_url,
        headers=shared.headers,
        query=() if query is None else _core.query_pairs("query", query),
        body=data,
        extras=settings.extras,
    )
    read = _core.decipher_raw
    answer = await send(shared, settings, op, request, perf_counter(), read=read)
    return answer.data if cast is None else structure_one(answer, cast, request)
