"""The sandbox on its own event loop in a daemon thread, for synchronous code."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from types import TracebackType
from typing import Any, TypeVar

from ._sandbox import Sandbox
from ._state import DEFAULT_API_KEY
from ._stats import SandboxStats

__all__ = ["ThreadedSandbox"]

T = TypeVar("T")

_THREAD_TIMEOUT = 30.0


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
