"""Running the sandbox: in your event loop, or standalone until Ctrl-C or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip._checks import positive

from ._app import BASE_PATH, make_app
from ._deadlines import DEFAULT_READ_TIMEOUT, body_deadline
from ._faults import FaultConfig
from ._state import DEFAULT_API_KEY, SandboxState
from ._stats import SandboxStats

__all__ = ["Sandbox", "run_sandbox"]

# Seconds closing waits for requests still being handled (a latency fault
# may hold one); then they are cut off.
_SHUTDOWN_GRACE = 1.0
# Addresses that mean "every interface": clients reach them on loopback.
_WILDCARDS = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104


def _url_host(host: str) -> str:
    host = _WILDCARDS.get(host, host)
    return f"[{host}]" if ":" in host else host


class Sandbox:
    """A sandbox serving the Telnyx SIP API over HTTP on this machine.

    Use it as ``async with Sandbox() as sandbox:``; inside, ``base_url`` and
    ``api_key`` reach it and ``client`` is a ready :class:`AsyncTelnyxSIP`.
    All state lives in memory and goes away on exit.

    Args:
        api_key: The bearer key requests must carry.
        host: The address to listen on (loopback by default).
        port: The port; ``0`` picks a free one (see :attr:`port`).
        rate_limit: Requests allowed per window; ``None`` (default) is off.
        rate_window: Length of a rate-limit window in seconds.
        faults: Faults to inject (none by default).
        seed: Seed of generated ids and of fault draws.
        read_timeout: Seconds a request may take to arrive: its head from
            the connection opening or from the previous answer, its body
            from its head. A connection that stalls longer (or stays idle
            that long between requests) is closed unanswered.

    """

    def __init__(
        self,
        api_key: str = DEFAULT_API_KEY,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        rate_limit: int | None = None,
        rate_window: float = 1.0,
        faults: FaultConfig | None = None,
        seed: int = 0,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
    ) -> None:
        self._read_timeout = positive("read_timeout", read_timeout)
        self._state = SandboxState(
            api_key,
            rate_limit=rate_limit,
            rate_window=rate_window,
            faults=faults,
            seed=seed,
        )
        self._app = make_app(self._state)
        self._app.middlewares.insert(0, body_deadline(self._read_timeout))
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._client: AsyncTelnyxSIP | None = None

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "not started"
        return f"{type(self).__name__}({where})"

    # -- where and how to reach it ------------------------------------------

    @property
    def port(self) -> int:
        """The port it listens on (known once started when ``port=0``)."""
        if self._port == 0:
            msg = "the sandbox picks its port when started; start it first"
            raise RuntimeError(msg)
        return self._port

    @property
    def base_url(self) -> str:
        """The API root, such as ``http://127.0.0.1:4010/v2``."""
        return f"http://{_url_host(self._host)}:{self.port}{BASE_PATH}"

    @property
    def api_key(self) -> str:
        """The key requests must carry as ``Authorization: Bearer <key>``."""
        return self._state.api_key

    @property
    def client(self) -> AsyncTelnyxSIP:
        """A client bound to this sandbox, closed when the sandbox closes."""
        if self._client is None:
            msg = "the sandbox is not running; use 'async with Sandbox() as s:'"
            raise RuntimeError(msg)
        return self._client

    def make_client(self, **options: Any) -> AsyncTelnyxSIP:
        """A new client for this sandbox; ``options`` go to :class:`AsyncTelnyxSIP`.

        The caller closes it. Handy for other retry settings, for example
        ``make_client(max_retries=0)``.
        """
        return AsyncTelnyxSIP(self.api_key, base_url=self.base_url, **options)

    # -- what it holds ------------------------------------------------------

    @property
    def app(self) -> web.Application:
        """The aiohttp application being served."""
        return self._app

    @property
    def state(self) -> SandboxState:
        """The objects, counters and settings behind the app."""
        return self._state

    @property
    def stats(self) -> SandboxStats:
        """Live counters of requests, rows and faults."""
        return self._state.stats

    def rows(self, resource: str) -> list[dict[str, Any]]:
        """Copies of the current objects of ``resource`` (``"ips"`` ...), oldest first.

        ``"connections"`` lists the credential, FQDN and IP connections as
        ``GET /connections`` shows them.
        """
        return self._state.rows(resource)

    def reset(self) -> None:
        """Forget every object and counter; the server keeps running."""
        self._state.reset()

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        """Start listening (what ``async with`` does on entry)."""
        if self._runner is not None:
            return
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.create_server((self._host, self._port), family=family)
        runner = web.AppRunner(
            self._app,
            access_log=None,
            handle_signals=False,
            shutdown_timeout=_SHUTDOWN_GRACE,
            # A request head must arrive within this (see _deadlines), and
            # so must the rest of a body a handler did not read.
            keepalive_timeout=self._read_timeout,
            lingering_time=self._read_timeout,
        )
        try:
            await runner.setup()
            await web.SockSite(runner, sock).start()
        except BaseException:
            sock.close()
            await runner.cleanup()
            raise
        self._runner = runner
        self._port = sock.getsockname()[1]
        self._client = AsyncTelnyxSIP(self.api_key, base_url=self.base_url)

    async def close(self) -> None:
        """Stop listening and close :attr:`client` (safe to call twice)."""
        client, runner = self._client, self._runner
        self._client = self._runner = None
        if client is not None:
            await client.aclose()
        if runner is not None:
            await runner.cleanup()

    async def serve_forever(self) -> None:
        """Serve until cancelled, then close; starts the sandbox if needed."""
        await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.close()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()


async def _serve(sandbox: Sandbox, on_ready: Callable[[Sandbox], None] | None) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # SIGTERM (docker stop, kill) ends the server as cleanly as Ctrl-C does.
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    async with sandbox:
        if on_ready is not None:
            on_ready(sandbox)
        await stop.wait()


def run_sandbox(
    port: int = 4010,
    api_key: str = DEFAULT_API_KEY,
    *,
    host: str = "127.0.0.1",
    rate_limit: int | None = None,
    rate_window: float = 1.0,
    faults: FaultConfig | None = None,
    seed: int = 0,
    read_timeout: float = DEFAULT_READ_TIMEOUT,
    on_ready: Callable[[Sandbox], None] | None = None,
) -> None:
    """Serve a sandbox until Ctrl-C or SIGTERM, then close it and return.

    Blocks the calling thread, which must not be running an event loop.
    ``on_ready`` is called once the server listens (to print
    ``sandbox.base_url``, for instance). Arguments as for :class:`Sandbox`.
    """
    sandbox = Sandbox(
        api_key,
        host=host,
        port=port,
        rate_limit=rate_limit,
        rate_window=rate_window,
        faults=faults,
        seed=seed,
        read_timeout=read_timeout,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(sandbox, on_ready))
