"""One background event loop thread per sync client, and calls into it."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar, cast

from telnyx_sip._fork import abandon, in_child

__all__ = ["LoopThread"]

T = TypeVar("T")

# Seconds an interrupted call may take to unwind once cancelled.
_CANCEL_GRACE = 5.0
# Seconds stopping may spend: closing the session, then joining the thread.
# Bounded so that interpreter exit can never hang on a stuck loop.
_CLEANUP_GRACE = 5.0
_JOIN_GRACE = 10.0

_OWN_THREAD = (
    "a sync telnyx-sip client was called from its own event loop thread, where "
    "it would wait for itself forever; use the async client (AsyncTelnyxSIP) "
    "in code that runs on that loop"
)
_CLOSED = "the sync telnyx-sip client was closed while this call was running"


class _Call(Generic[T]):
    """One coroutine handed to the loop thread, and the caller's wait for it.

    ``done`` is a plain lock held from creation until the outcome is known:
    the cheapest primitive one thread can wait on while another releases it,
    and a wait that Ctrl-C can interrupt in the main thread.
    """

    __slots__ = ("args", "done", "error", "finished", "fn", "kwargs", "result", "task")

    def __init__(
        self,
        fn: Callable[..., Awaitable[T]],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.done = threading.Lock()
        self.done.acquire()
        self.finished = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self.task: asyncio.Task[None] | None = None

    # The methods below run on the loop thread only.

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        if sys.version_info >= (3, 12):
            # Run up to the first real wait right here, not one loop turn
            # later: the request goes out in the same wake-up that brought
            # the call over (about half the cost of a hop, measured).
            self.task = asyncio.Task(self._run(), loop=loop, eager_start=True)
        else:
            self.task = loop.create_task(self._run())

    async def _run(self) -> None:
        try:
            self.result = await self.fn(*self.args, **self.kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller as is
            self.error = exc
        finally:
            self.finish()

    def finish(self, error: BaseException | None = None) -> None:
        if self.finished:
            return
        if error is not None:
            self.error = error
        self.finished = True
        self.done.release()

    def cancel(self) -> None:
        task = self.task
        if task is None:
            self.finish(asyncio.CancelledError())
            return
        # A task cancelled before its first step never enters ``_run``, so
        # its ``finally`` cannot be relied on to release the caller.
        task.add_done_callback(lambda _: self.finish(asyncio.CancelledError()))
        task.cancel()


class _Loop:
    """A started loop: the loop, its thread and the calls waiting on it."""

    __slots__ = ("ident", "loop", "pending", "thread")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: set[_Call[Any]] = set()
        self.thread: threading.Thread | None = None
        self.ident: int | None = None


class _Core:
    """The state :class:`LoopThread` shares with its exit-time finalizer."""

    def __init__(
        self, name: str, on_stop: Callable[[], Awaitable[None]] | None
    ) -> None:
        self.name = name
        self.on_stop = on_stop
        self.lock = threading.Lock()
        self.current: _Loop | None = None

    def start(self) -> _Loop:
        with self.lock:
            if self.current is not None:
                return self.current
            state = _Loop(asyncio.new_event_loop())
            ready = threading.Event()
            thread = threading.Thread(
                target=self._main, args=(state, ready), name=self.name, daemon=True
            )
            state.thread = thread
            thread.start()
            try:
                ready.wait()
            except BaseException:  # Ctrl-C right now: leave no stray thread
                state.loop.call_soon_threadsafe(state.loop.stop)
                thread.join(_JOIN_GRACE)
                raise
            self.current = state
            return state

    def _main(self, state: _Loop, ready: threading.Event) -> None:
        loop = state.loop
        state.ident = threading.get_ident()
        asyncio.set_event_loop(loop)
        loop.call_soon(ready.set)
        try:
            loop.run_forever()
        finally:
            try:
                self._wind_down(loop)
            finally:
                asyncio.set_event_loop(None)
                loop.close()
                # Anyone still waiting had their call dropped with the loop.
                for call in list(state.pending):
                    call.finish(asyncio.CancelledError())

    def _wind_down(self, loop: asyncio.AbstractEventLoop) -> None:
        tasks = asyncio.all_tasks(loop)
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        if self.on_stop is not None:
            # Closing must not fail the stop, nor hang it.
            with contextlib.suppress(Exception):
                loop.run_until_complete(
                    asyncio.wait_for(self.on_stop(), _CLEANUP_GRACE)
                )
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())

    def forget(self) -> None:
        """In a forked child: drop the parent's loop, which no thread runs here.

        The next call starts a loop thread of the child's own.
        """
        # The parent may have forked while another of its threads held it.
        self.lock = threading.Lock()
        state, self.current = self.current, None
        if state is not None:
            abandon(state)

    def stop(self) -> None:
        with self.lock:
            state, self.current = self.current, None
        if state is None:
            return
        loop, thread = state.loop, state.thread
        if threading.get_ident() == state.ident:
            # Asked from a callback on the loop itself: it cannot wait for
            # itself, so the thread winds down once that callback returns.
            loop.stop()
            return
        try:
            loop.call_soon_threadsafe(loop.stop)
        except RuntimeError:  # already closed
            return
        if thread is not None:
            thread.join(_JOIN_GRACE)


class LoopThread:
    """Runs an event loop in a daemon thread, started on first use.

    :meth:`call` runs a coroutine there and blocks the calling thread until it
    finishes, so it works from plain scripts, from many threads at once and
    from inside another running event loop (a notebook). Calling it from the
    loop's own thread would deadlock, so that raises instead.

    :meth:`stop` runs ``on_stop`` on the loop (to close what lives there),
    then ends the thread; a later :meth:`call` starts a fresh one. When the
    ``LoopThread`` is garbage collected, or at interpreter exit, it is
    stopped the same way, so a forgotten client leaves nothing behind.

    In a child forked from a process where it runs, the thread does not
    exist: the child forgets that loop (see :mod:`telnyx_sip._fork`) and its
    first :meth:`call` starts a new one.
    """

    __slots__ = ("__weakref__", "_core", "_finalizer")

    def __init__(
        self, name: str, *, on_stop: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self._core = _Core(name, on_stop)
        # The finalizer holds only the core, never this object, so it does
        # not keep it alive; weakref.finalize also runs it at exit.
        self._finalizer = weakref.finalize(self, self._core.stop)
        _LIVE.add(self)

    @property
    def running(self) -> bool:
        """Whether the thread has been started and not stopped."""
        return self._core.current is not None

    def in_loop_thread(self) -> bool:
        """Whether the caller is running on this loop's thread."""
        state = self._core.current
        return state is not None and state.ident == threading.get_ident()

    def call(self, fn: Callable[..., Awaitable[T]], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` on the loop and return its result.

        Exceptions propagate unchanged (same class, same object), with the
        caller's frames in front of the loop-side ones. On
        ``KeyboardInterrupt`` or any other interruption of the waiting thread
        the coroutine is cancelled, and its unwinding waited for (bounded),
        before the interruption propagates; the loop stays usable.

        Raises:
            RuntimeError: Called from the loop's own thread, or the loop was
                stopped while the call was running.

        """
        state = self._core.current
        if state is None:
            state = self._core.start()
        elif state.ident == threading.get_ident():
            raise RuntimeError(_OWN_THREAD)
        call: _Call[T] = _Call(fn, args, kwargs)
        pending = state.pending
        pending.add(call)
        try:
            try:
                state.loop.call_soon_threadsafe(call.start, state.loop)
            except RuntimeError:  # the loop was closed under us
                raise RuntimeError(_CLOSED) from None
            call.done.acquire()
        except BaseException:
            _interrupt(state, call)
            raise
        finally:
            pending.discard(call)
        error = call.error
        if error is None:
            return cast("T", call.result)
        try:
            if isinstance(error, asyncio.CancelledError):
                raise RuntimeError(_CLOSED) from None
            raise error
        finally:
            # Break the cycle traceback -> this frame -> error.
            del error, call

    def stop(self) -> None:
        """Close what lives on the loop, stop it and join the thread.

        A no-op when the thread is not running. Calls still in flight from
        other threads fail with :class:`RuntimeError`.
        """
        self._core.stop()


_LIVE: weakref.WeakSet[LoopThread] = weakref.WeakSet()


def _forget_loops() -> None:
    for runner in list(_LIVE):
        runner._core.forget()


in_child(_forget_loops)


def _interrupt(state: _Loop, call: _Call[Any]) -> None:
    try:
        state.loop.call_soon_threadsafe(call.cancel)
    except RuntimeError:  # the loop is gone, and the call with it
        return
    call.done.acquire(timeout=_CANCEL_GRACE)
