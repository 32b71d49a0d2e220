"""Running the sandbox: in your event loop, in a background thread, or standalone."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web

from telnyx_sip import AsyncTelnyxSIP

from ._app import BASE_PATH, make_app
from ._faults import FaultConfig
from ._state import DEFAULT_API_KEY, SandboxState
from ._stats import SandboxStats

__all__ = ["Sandbox", "ThreadedSandbox", "run_sandbox"]

T = TypeVar("T")

# Seconds closing waits for requests still being handled (a latency fault
# may hold one); then they are cut off.
_SHUTDOWN_GRACE = 1.0
_THREAD_TIMEOUT = 30.0
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
    ) -> None:
        self._state = SandboxState(
            api_key,
            rate_limit=rate_limit,
            rate_window=rate_window,
            faults=faults,
            seed=seed,
        )
        self._app = make_app(self._state)
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


class ThreadedSandbox:
    """A :class:`Sandbox` running on its own event loop in a daemon thread.

    For synchronous code, and for tests whose own event loop must stay free:
    ``with ThreadedSandbox() as sandbox:`` then talk to ``sandbox.base_url``
    with any client. Reading ``rows()`` and ``stats`` is safe from any
    thread. Takes the same arguments as :class:`Sandbox`.
    """

    def __init__(self, api_key: str = DEFAULT_API_KEY, **options: Any) -> None:
        self._sandbox = Sandbox(api_key, **options)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._sandbox!r})"

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            coro.close()
            msg = "the sandbox thread is not running; use 'with ThreadedSandbox()'"
            raise RuntimeError(msg)
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout=_THREAD_TIMEOUT)

    def _call(self, fn: Callable[[], T]) -> T:
        async def call() -> T:
            return fn()

        return self._run(call())

    @property
    def sandbox(self) -> Sandbox:
        """The sandbox itself; its ``client`` belongs to the background loop."""
        return self._sandbox

    @property
    def base_url(self) -> str:
        """The API root, such as ``http://127.0.0.1:4010/v2``."""
        return self._sandbox.base_url

    @property
    def api_key(self) -> str:
        """The key requests must carry."""
        return self._sandbox.api_key

    @property
    def port(self) -> int:
        """The port it listens on."""
        return self._sandbox.port

    @property
    def stats(self) -> SandboxStats:
        """A snapshot of the counters, taken on the sandbox's thread."""
        return self._call(self._sandbox.stats.copy)

    def rows(self, resource: str) -> list[dict[str, Any]]:
        """Copies of the current objects of ``resource``, oldest first."""
        return self._call(lambda: self._sandbox.rows(resource))

    def reset(self) -> None:
        """Forget every object and counter."""
        self._call(self._sandbox.reset)

    def start(self) -> None:
        """Start the thread and the server in it."""
        if self._loop is not None:
            return
        loop = asyncio.new_event_loop()
        thread = threading.Thread(
            target=loop.run_forever, name="telnyx-sip-sandbox", daemon=True
        )
        thread.start()
        self._loop, self._thread = loop, thread
        try:
            self._run(self._sandbox.start())
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop the server, its loop and its thread."""
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        try:
            self._run(self._sandbox.close())
        finally:
            self._loop = self._thread = None
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_THREAD_TIMEOUT)
            loop.close()

    def __enter__(self) -> ThreadedSandbox:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


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
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(sandbox, on_ready))
