"""Every request on the wire is an attempt the client counts, dropped keep-alive too.

aiohttp re-sends an idempotent request (GET, PUT, DELETE ...) once on its own
when the connection drops before the answer; the transport turns that off,
so the retry policy is the only retry layer. The server here is raw asyncio
on 127.0.0.1, so it sees every request head that reaches it, answered or not.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import attrs
import pytest

from telnyx_sip import (
    AmbiguousOutcomeError,
    APIConnectionError,
    AsyncTelnyxSIP,
    RetryPolicy,
)
from tests._support.fake_sleep import FakeSleep

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}
_BODY = json.dumps({"data": IP}).encode()
_ANSWER = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Content-Length: %d\r\n\r\n%s" % (len(_BODY), _BODY)
)

Call = Callable[[AsyncTelnyxSIP], Awaitable[Any]]
CALLS: dict[str, Call] = {
    "GET": lambda c: c.ips.retrieve("7"),
    "DELETE": lambda c: c.ips.delete("7"),
    "PATCH": lambda c: c.ips.update("7", ip_address="203.0.113.8"),
    "POST": lambda c: c.ips.create(ip_address="203.0.113.7"),
}


@attrs.define
class Wire:
    """A keep-alive HTTP/1.1 server closing, unanswered, the requests ``drop`` picks.

    ``seen`` holds ``(connection number, method)`` per request that arrived,
    in order; ``drop(n)`` decides for the ``n``-th (from 1).
    """

    drop: Callable[[int], bool]
    seen: list[tuple[int, str]] = attrs.Factory(list)
    connections: int = 0

    async def serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.connections += 1
        number = self.connections
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                lines = head.split("\r\n")
                length = sum(
                    int(line.partition(":")[2])
                    for line in lines[1:]
                    if line.lower().startswith("content-length:")
                )
                await reader.readexactly(length)
                self.seen.append((number, lines[0].split(" ")[0]))
                if self.drop(len(self.seen)):
                    return  # the request arrived; the connection closes on it
                writer.write(_ANSWER)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            return  # the client closed its end
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


@attrs.define
class Run:
    wire: Wire
    client: AsyncTelnyxSIP
    sleep: FakeSleep
    attempts: list[int] = attrs.Factory(list)


@contextlib.asynccontextmanager
async def wire(drop: Callable[[int], bool], *, max_retries: int) -> AsyncIterator[Run]:
    served = Wire(drop)
    server = await asyncio.start_server(served.serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sleep = FakeSleep()
    attempts: list[int] = []

    async def count() -> None:
        attempts.append(len(served.seen))

    base = AsyncTelnyxSIP(
        "wire-key",
        base_url=f"http://127.0.0.1:{port}/v2",
        max_retries=max_retries,
        retry_policy=RetryPolicy(sleep=sleep, clock=sleep.clock).without_jitter(),
    )
    try:
        yield Run(served, base.with_options(before_attempt=count), sleep, attempts)
    finally:
        await base.aclose()
        server.close()
        await server.wait_closed()


async def test_a_get_on_a_dropped_keep_alive_is_one_counted_retry(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="telnyx_sip")
    async with wire(lambda n: n == 2, max_retries=2) as run:
        await run.client.ips.retrieve("7")
        ip = await run.client.ips.retrieve("7")
    assert ip.id == "7"
    # The second request went out on the kept-alive connection, which closed
    # on it: the race of a server closing an idle connection.
    assert run.wire.seen == [(1, "GET"), (1, "GET"), (2, "GET")]
    assert len(run.attempts) == len(run.wire.seen) == 3
    logged = [r for r in caplog.records if "(attempt" in r.getMessage()]
    assert [r.getMessage().split("(attempt ")[1][0] for r in logged] == ["1", "1", "2"]
    assert len(run.sleep.waits) == 1  # the retry policy's wait, not aiohttp's


@pytest.mark.parametrize("method", ["GET", "DELETE", "PATCH"])
async def test_a_server_dropping_everything_gets_exactly_the_attempts(
    method: str,
) -> None:
    async with wire(lambda _: True, max_retries=2) as run:
        with pytest.raises(APIConnectionError, match="closed the connection"):
            await CALLS[method](run.client)
    assert run.wire.seen == [(1, method), (2, method), (3, method)]
    assert len(run.attempts) == 3  # the first attempt and two retries
    assert run.wire.connections == 3


@pytest.mark.parametrize("max_retries", [0, 5])
async def test_a_create_on_a_dropped_keep_alive_is_sent_once(max_retries: int) -> None:
    async with wire(lambda n: n == 2, max_retries=max_retries) as run:
        await run.client.ips.retrieve("7")
        with pytest.raises(AmbiguousOutcomeError):
            await CALLS["POST"](run.client)
        created = await CALLS["POST"](run.client)  # a new connection, answered
    assert created.id == "7"
    assert run.wire.seen == [(1, "GET"), (1, "POST"), (2, "POST")]
    assert len(run.attempts) == 3
    assert run.sleep.waits == []


async def test_a_create_the_server_always_drops_reaches_it_once() -> None:
    async with wire(lambda _: True, max_retries=5) as run:
        with pytest.raises(AmbiguousOutcomeError):
            await CALLS["POST"](run.client)
    assert run.wire.seen == [(1, "POST")]
    assert run.attempts == [0]
