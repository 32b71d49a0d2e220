"""A loopback ``FakeAPI`` served from its own thread, and shared helpers.

The sync client blocks the thread that calls it, so the server cannot share
that thread's event loop: :class:`ThreadedServer` runs ``FakeAPI`` on a loop of
its own in a background thread.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from typing import Any

from aiohttp import web

from tests._support.fake_api import FakeAPI, Recorded, Reply

LOOP_THREAD = "telnyx-sip"
BOUND = 10.0  # seconds: a ceiling on waits that normally end at once


class ThreadedServer:
    """``FakeAPI`` on 127.0.0.1, served from a background thread's own loop.

    ``arrived`` is set when a request reaches the handler, ``cancelled`` when
    a handler is cancelled because its client went away.
    """

    def __init__(self, api: FakeAPI) -> None:
        self.api = api
        self.arrived = threading.Event()
        self.cancelled = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="test-server", daemon=True
        )
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v2"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.arrived.set()
        try:
            return await self.api.handle(request)
        except asyncio.CancelledError:
            self.cancelled.set()
            raise

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, handler_cancellation=True, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(BOUND)

    def wait_idle(self) -> bool:
        """Wait until the server side has closed every connection."""

        async def count() -> int:
            assert self._runner is not None
            assert self._runner.server is not None
            return len(self._runner.server.connections)

        deadline = time.monotonic() + BOUND
        while asyncio.run_coroutine_threadsafe(count(), self._loop).result(BOUND):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(
                BOUND
            )
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(BOUND)
        self._loop.close()


def loop_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == LOOP_THREAD]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


def _ips(start: int, count: int) -> list[dict[str, Any]]:
    return [
        {"id": str(i), "ip_address": f"203.0.113.{i}", "record_type": "ip"}
        for i in range(start, start + count)
    ]


def paged(total: int, size: int) -> Any:
    def reply(rec: Recorded) -> Reply:
        number = int(rec.query.get("page[number]", "1"))
        start = (number - 1) * size
        count = max(0, min(size, total - start))
        meta = {
            "page_number": number,
            "page_size": size,
            "total_pages": -(-total // size),
            "total_results": total,
        }
        return Reply(200, {"data": _ips(start, count), "meta": meta})

    return reply
