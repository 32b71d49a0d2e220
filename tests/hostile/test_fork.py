"""A forked child (gunicorn --preload, Celery prefork, multiprocessing) has a client.

The parent's loop thread does not exist in the child: the child must start
its own loop and session, and leave the parent's alone, so that the parent's
client keeps working on its pooled connection. Every child runs under a hard
bound and is killed past it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection

import pytest

from telnyx_sip import TelnyxSIP
from telnyx_sip.testing import FaultConfig, ThreadedSandbox

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

BOUND = 10.0  # seconds a child may take; it needs a fraction of one
FAST = 2.0  # seconds the parent's next call may take (its timeout is 5)


@pytest.fixture
def sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox() as sandbox:
        yield sandbox


@pytest.fixture
def client(sandbox: ThreadedSandbox) -> Iterator[TelnyxSIP]:
    with TelnyxSIP(
        sandbox.api_key, base_url=sandbox.base_url, timeout=5.0, max_retries=0
    ) as client:
        client.outbound_voice_profiles.create(name="made by the parent")
        yield client


@contextlib.contextmanager
def forking() -> Iterator[None]:
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock:
        # forking one is the very case under test.
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


def in_child(work: Callable[[], str]) -> tuple[int, str]:
    """Run ``work`` in a forked child; its exit code and what it reported."""
    read, write = os.pipe()
    with forking():
        pid = os.fork()
    if pid == 0:  # never returns into pytest
        code, report = 1, "nothing reported"
        try:
            report = work()
            code = 0
        except BaseException as exc:  # reported to the parent
            report = f"{type(exc).__name__}: {exc}"
        finally:
            with contextlib.suppress(BaseException):
                os.write(write, report.encode()[:4000])
            os._exit(code)
    os.close(write)
    deadline = time.monotonic() + BOUND
    while not (status := os.waitpid(pid, os.WNOHANG))[0]:
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(read)
            pytest.fail(f"the forked child still ran after {BOUND} s: it hung")
        time.sleep(0.005)
    with os.fdopen(read, "rb") as pipe:
        report = pipe.read().decode()
    return os.waitstatus_to_exitcode(status[1]), report


def timed(call: Callable[[], object]) -> float:
    started = time.monotonic()
    call()
    return time.monotonic() - started


def names(client: TelnyxSIP) -> list[str]:
    return sorted(p.name for p in client.outbound_voice_profiles.list().to_list())


def test_a_forked_child_gets_its_own_loop_and_the_parent_keeps_its_own(
    client: TelnyxSIP, sandbox: ThreadedSandbox
) -> None:
    parent_thread = client._runner._core.current

    def work() -> str:
        seconds = timed(lambda: client.outbound_voice_profiles.create(name="child"))
        assert names(client) == ["child", "made by the parent"]
        assert client._runner._core.current is not parent_thread
        client.close()  # stops the child's own loop thread
        return f"{seconds:.3f}"

    code, report = in_child(work)
    assert code == 0, report
    assert float(report) < FAST
    # The parent's loop, session and pooled connection were left alone.
    assert client._runner._core.current is parent_thread
    assert timed(lambda: names(client)) < FAST
    assert sandbox.stats.by_operation["outbound_voice_profiles.create"] == 2


def test_a_child_forked_while_the_parent_is_mid_call_is_not_stuck(
    client: TelnyxSIP, sandbox: ThreadedSandbox
) -> None:
    # A call held on the server by a latency fault is in flight in a parent
    # thread, holding a connection, when the fork happens.
    sandbox.sandbox.state.faults = FaultConfig(latency=0.3)
    busy = threading.Thread(target=lambda: names(client))
    busy.start()
    time.sleep(0.1)
    code, report = in_child(lambda: ",".join(names(client)))
    busy.join(BOUND)
    assert code == 0, report
    assert report == "made by the parent"
    assert not busy.is_alive()


def _child(client: TelnyxSIP, pipe: Connection) -> None:
    pipe.send(names(client))
    client.close()


def test_a_multiprocessing_fork_worker_uses_the_inherited_client(
    client: TelnyxSIP,
) -> None:
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    worker = context.Process(target=_child, args=(client, theirs))
    with forking():
        worker.start()
    worker.join(BOUND)
    if worker.is_alive():
        worker.kill()
        worker.join()
        pytest.fail(f"the worker still ran after {BOUND} s: it hung")
    assert worker.exitcode == 0
    assert ours.recv() == ["made by the parent"]
    assert timed(lambda: names(client)) < FAST
