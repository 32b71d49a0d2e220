"""One ``AsyncTelnyxSIP`` across event loops: one after another, never two at once.

The session is closed with its loop (``asyncio.run()`` shuts down async
generators before closing it), so a later loop opens a fresh one and nothing
is left to warn about. A loop still open keeps its session: using the client
from another loop meanwhile is a clear ``RuntimeError``. The server runs in
its own thread, so every loop here can reach it.
"""

from __future__ import annotations

import asyncio
import gc
import threading
import warnings
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.testing import ThreadedSandbox

T = TypeVar("T")

_OTHER_LOOP = "another event loop that is still open"


@pytest.fixture
def sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox() as sandbox:
        yield sandbox


def make_client(sandbox: ThreadedSandbox) -> AsyncTelnyxSIP:
    return AsyncTelnyxSIP(sandbox.api_key, base_url=sandbox.base_url, max_retries=0)


async def create(client: AsyncTelnyxSIP, name: str) -> bool:
    """Create a profile; whether the session was open right after."""
    await client.outbound_voice_profiles.create(name=name)
    return client._shared.transport.is_open


async def count(client: AsyncTelnyxSIP) -> int | None:
    return (await client.outbound_voice_profiles.list()).total_results


def test_one_client_serves_asyncio_run_after_asyncio_run(
    sandbox: ThreadedSandbox,
) -> None:
    client = make_client(sandbox)
    derived = client.with_options(timeout=5.0)  # shares the session
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert asyncio.run(create(client, "first run"))
        assert not client._shared.transport.is_open  # closed with its loop
        assert asyncio.run(create(derived, "second run"))
        assert asyncio.run(create(client, "third run"))
        assert asyncio.run(count(client)) == 3
        asyncio.run(client.aclose())
        gc.collect()  # would bring out any unclosed session, connector, socket
    assert [str(w.message) for w in caught] == []


def test_a_client_never_closed_leaves_nothing_open_after_asyncio_run(
    sandbox: ThreadedSandbox,
) -> None:
    client = make_client(sandbox)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert asyncio.run(create(client, "forgotten"))
        del client
        gc.collect()
    assert [str(w.message) for w in caught] == []


class LoopInThread:
    """An event loop running in a thread of its own, still open."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10.0)

    def close(self) -> None:
        self.run(self.loop.shutdown_asyncgens())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10.0)
        self.loop.close()


def test_two_live_loops_at_once_is_a_clear_error(sandbox: ThreadedSandbox) -> None:
    client = make_client(sandbox)
    first = LoopInThread()
    try:
        assert first.run(create(client, "first loop"))
        with pytest.raises(RuntimeError, match=_OTHER_LOOP):
            asyncio.run(create(client, "second loop"))
        # The first loop's session was left as it was.
        assert first.run(count(client)) == 1
        assert client._shared.transport.is_open
        first.run(client.aclose())
    finally:
        first.close()
    assert sandbox.stats.requests == 2


def test_a_loop_stopped_but_not_closed_still_owns_the_session(
    sandbox: ThreadedSandbox,
) -> None:
    client = make_client(sandbox)
    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(create(client, "open loop"))
        with pytest.raises(RuntimeError, match=_OTHER_LOOP):
            asyncio.run(count(client))
        assert loop.run_until_complete(count(client)) == 1  # it can run again
        loop.run_until_complete(client.aclose())
    finally:
        loop.close()


def test_a_loop_closed_without_shutting_down_still_gives_way(
    sandbox: ThreadedSandbox,
) -> None:
    client = make_client(sandbox)
    loop = asyncio.new_event_loop()
    assert loop.run_until_complete(create(client, "abandoned loop"))
    loop.close()  # without shutdown_asyncgens: the session was left open
    with warnings.catch_warnings():
        # That loop's socket can no longer be closed by anyone: Python warns
        # when it is collected, through its transport or the socket itself,
        # whichever goes first. Nothing else may warn.
        warnings.filterwarnings(
            "ignore", "unclosed (transport|<socket)", category=ResourceWarning
        )
        assert asyncio.run(create(client, "next loop"))
        asyncio.run(client.aclose())
        gc.collect()
    assert sandbox.rows("outbound_voice_profiles")[1]["name"] == "next loop"
