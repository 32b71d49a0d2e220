"""Many threads, running event loops, Ctrl-C and closing under a waiting call."""

from __future__ import annotations

import asyncio
import signal
import threading

import pytest

from telnyx_sip import TelnyxSIP
from tests._support.fake_api import API_KEY, FakeAPI, Recorded, Reply

from ._server import BOUND, IP, ThreadedServer, loop_threads, paged


def _echo_id(rec: Recorded) -> Reply:
    return Reply(
        200, {"data": {"id": rec.path.rsplit("/", 1)[-1], "record_type": "ip"}}
    )


def test_many_threads_share_one_client(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _echo_id
    threads, calls = 8, 50
    results: dict[int, list[str | None]] = {}
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def work(n: int) -> None:
        try:
            start.wait(BOUND)
            results[n] = [sync_client.ips.retrieve(f"{n}-{i}").id for i in range(calls)]
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not failures
    assert all(not w.is_alive() for w in workers)
    assert results == {n: [f"{n}-{i}" for i in range(calls)] for n in range(threads)}
    assert len(fake_api.requests) == threads * calls
    assert len(loop_threads()) == 1


def test_works_inside_a_running_event_loop(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = paged(total=3, size=2)

    async def notebook_cell() -> list[str | None]:
        asyncio.get_running_loop()  # we really are inside a loop here
        with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
            return [ip.id for ip in client.ips.list(page_size=2)]

    assert asyncio.run(notebook_cell()) == ["0", "1", "2"]
    assert not loop_threads()


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread(),
    reason="signals reach only the main thread",
)
def test_ctrl_c_cancels_the_request_and_leaves_the_client_usable(
    sync_client: TelnyxSIP, server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, delay=30)  # only ever cut short
    fake_api.default = Reply(200, {"data": IP})
    main = threading.main_thread().ident
    assert main is not None

    def press_ctrl_c() -> None:
        if server.arrived.wait(BOUND):
            signal.pthread_kill(main, signal.SIGINT)

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    presser = threading.Thread(target=press_ctrl_c)
    try:
        presser.start()
        with pytest.raises(KeyboardInterrupt):
            sync_client.ips.retrieve("7")
    finally:
        presser.join(BOUND)
        signal.signal(signal.SIGINT, previous)
    # The request was abandoned on the wire, not left running.
    assert server.cancelled.wait(BOUND)
    assert sync_client._runner.call(_tasks_left) == 0
    assert sync_client.ips.retrieve("7").id == "7"
    assert len(fake_api.requests) == 2


async def _tasks_left() -> int:
    current = asyncio.current_task()
    return len([t for t in asyncio.all_tasks() if t is not current])


def test_close_while_another_thread_waits(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.data(IP, delay=30)  # only ever cut short
    client = TelnyxSIP(API_KEY, base_url=server.base_url)
    outcome: list[BaseException] = []

    def caller() -> None:
        try:
            client.ips.retrieve("7")
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=caller)
    worker.start()
    assert server.arrived.wait(BOUND)
    client.close()
    worker.join(BOUND)
    assert not worker.is_alive()
    assert len(outcome) == 1
    assert isinstance(outcome[0], RuntimeError)
    assert "closed" in str(outcome[0])
    assert not loop_threads()
