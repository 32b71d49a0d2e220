"""One background event loop thread per sync client, and calls into it."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

__all__ = ["LoopThread"]

T = TypeVar("T")

_CANCEL_GRACE = 5.0


class LoopThread:
    """Runs an event loop in a daemon thread, started on first use.

    :meth:`call` runs a coroutine there and blocks the calling thread until it
    finishes, so it works from plain scripts, from many threads at once and
    from inside another running event loop (a notebook). Calling it from the
    loop's own thread would deadlock, so that raises instead.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the thread has been started and not stopped."""
        return self._thread is not None and self._thread.is_alive()

    def _ensure(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is not None and self.running:
                return self._loop
            loop = asyncio.new_event_loop()
            ready = threading.Event()

            def run() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            thread = threading.Thread(target=run, name=self._name, daemon=True)
            thread.start()
            ready.wait()
            self._loop, self._thread = loop, thread
            return loop

    def in_loop_thread(self) -> bool:
        """Whether the caller is running on this loop's thread."""
        return self._thread is not None and threading.current_thread() is self._thread

    def call(self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the loop and return its result.

        Exceptions propagate unchanged. On ``KeyboardInterrupt`` (or any other
        interruption of the waiting thread) the coroutine is cancelled and the
        wait for its clean-up is bounded, so the client stays usable.
        """
        if self.in_loop_thread():
            msg = (
                "a sync telnyx-sip client was called from its own event loop "
                "thread; use the async client (AsyncTelnyxSIP) there instead"
            )
            raise RuntimeError(msg)
        loop = self._ensure()

        async def runner() -> T:
            return await fn(*args, **kwargs)

        coro: Coroutine[Any, Any, T] = runner()
        future = asyncio.run_coroutine_threadsafe(coro, loop)
        try:
            return future.result()
        except BaseException:
            if not future.done():
                future.cancel()
                # Its outcome no longer matters; only that it has stopped.
                with contextlib.suppress(BaseException):
                    future.result(timeout=_CANCEL_GRACE)
            raise

    def stop(self) -> None:
        """Stop the loop and join the thread (no-op when not started)."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        if threading.current_thread() is thread:  # pragma: no cover - defensive
            loop.call_soon(loop.stop)
            return
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()
