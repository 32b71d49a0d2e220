"""A one-handler loopback server for hostile-answer tests, counting requests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import attrs
from aiohttp import web
from aiohttp.test_utils import TestServer

from telnyx_sip import AsyncTelnyxSIP, RetryPolicy

from .fake_sleep import FakeSleep

__all__ = ["Hostile", "hostile"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.define
class Hostile:
    """The running server, how many requests it got, and a client for it."""

    server: TestServer
    client: AsyncTelnyxSIP
    sleep: FakeSleep
    requests: list[str] = attrs.Factory(list)


@asynccontextmanager
async def hostile(handler: Handler, **client_args: object) -> AsyncIterator[Hostile]:
    """Serve ``handler`` on 127.0.0.1; the client never sleeps for real."""
    seen: list[str] = []

    async def counted(request: web.Request) -> web.StreamResponse:
        seen.append(f"{request.method} {request.path_qs}")
        return await handler(request)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", counted)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    sleep = FakeSleep()
    args: dict[str, object] = {
        "retry_policy": RetryPolicy(sleep=sleep, clock=sleep.clock).without_jitter()
    }
    args.update(client_args)
    client = AsyncTelnyxSIP(
        "hostile-key",
        base_url=str(server.make_url("/v2")),
        **args,  # type: ignore[arg-type]
    )
    try:
        yield Hostile(server, client, sleep, seen)
    finally:
        await client.aclose()
        await server.close()
