"""How long the sandbox waits for a request to arrive before it drops the connection.

Without a bound, a client that connects and stalls (half a request line,
headers never ended, a body shorter than its ``Content-Length``) holds its
socket, and for a body its handler too, for as long as it likes.

The head is bounded by aiohttp itself: its keep-alive timer runs from the
connection opening and from each answer, and when it fires while the
connection still waits for a whole request head, it closes the connection
(an idle one as well); the sandbox sets it to ``read_timeout``. The body is
bounded by :func:`body_deadline`.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

__all__ = ["DEFAULT_READ_TIMEOUT", "body_deadline"]

DEFAULT_READ_TIMEOUT = 5.0
"""Seconds a request may take to arrive, head or body (``read_timeout=``)."""


def body_deadline(read_timeout: float) -> Middleware:
    """A middleware dropping a request whose body is not all there in time.

    The body must arrive within ``read_timeout`` seconds of the head;
    otherwise the handler is stopped and the connection closed, unanswered.
    A body already whole (or none at all) costs nothing, and a slow handler
    (a latency fault) is never cut: only missing bytes are.
    """

    @web.middleware
    async def deadline(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.content.is_eof():
            return await handler(request)
        task = asyncio.current_task()
        assert task is not None
        cut: list[bool] = []
        loop = asyncio.get_running_loop()
        timer = loop.call_later(read_timeout, _cut, request, task, cut)
        try:
            return await handler(request)
        except asyncio.CancelledError:
            if not cut:
                raise
            uncancel = getattr(task, "uncancel", None)  # Python 3.11+
            if uncancel is not None:
                uncancel()
            # Never written: the connection is gone.
            return web.Response(status=408)
        finally:
            timer.cancel()

    return deadline


def _cut(request: web.Request, task: asyncio.Task[object], cut: list[bool]) -> None:
    if request.content.is_eof():
        return  # all of it came: the handler is just slow
    cut.append(True)
    task.cancel()
    if request.transport is not None:
        request.transport.close()
