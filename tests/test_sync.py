"""The blocking client ``TelnyxSIP`` against a loopback server in its own thread.

The sync client blocks the thread that calls it, so the server cannot share
that thread's event loop: :class:`ThreadedServer` runs ``FakeAPI`` on a loop of
its own in a background thread.
"""

from __future__ import annotations

import asyncio
import datetime
import gc
import inspect
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from telnyx_sip import (
    AsyncPager,
    AsyncTelnyxSIP,
    NotFoundError,
    Page,
    RetryPolicy,
    SyncPager,
    TelnyxSIP,
    UnprocessableEntityError,
)
from telnyx_sip.bulk import Call, run_bulk_sync
from telnyx_sip.errors import InvalidArgumentError
from telnyx_sip.models import CredentialInboundParams, Ip
from telnyx_sip.sync._loop_thread import LoopThread
from telnyx_sip.testing import ThreadedSandbox

from ._support.fake_api import API_KEY, FakeAPI, Recorded, Reply
from ._support.fake_sleep import FakeSleep

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


@pytest.fixture
def server(fake_api: FakeAPI) -> Iterator[ThreadedServer]:
    srv = ThreadedServer(fake_api)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sync_client(server: ThreadedServer, fake_sleep: FakeSleep) -> Iterator[TelnyxSIP]:
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock).without_jitter()
    with TelnyxSIP(API_KEY, base_url=server.base_url, retry_policy=policy) as c:
        yield c


def _loop_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == LOOP_THREAD]


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


def _ips(start: int, count: int) -> list[dict[str, Any]]:
    return [
        {"id": str(i), "ip_address": f"203.0.113.{i}", "record_type": "ip"}
        for i in range(start, start + count)
    ]


def _paged(total: int, size: int) -> Any:
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


# -- the first example ---------------------------------------------


def test_with_block_and_create(server: ThreadedServer, fake_api: FakeAPI) -> None:
    fake_api.data(IP, status=201)
    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        ip = client.ips.create(ip_address="203.0.113.7")
    assert isinstance(ip, Ip)
    assert ip.id == "7"
    (req,) = fake_api.requests
    assert (req.method, req.path, req.json) == (
        "POST",
        "/v2/ips",
        {"ip_address": "203.0.113.7"},
    )
    assert req.headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in repr(client)
    assert repr(client) == f"TelnyxSIP(base_url={server.base_url!r})"


# -- every operation, compared with the async client -------------------------

MAY_FIRST = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
OPERATIONS: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
    ("access_ip_ranges", "list", (), {"filter_cidr_block_contains": "10.0"}),
    ("access_ip_ranges", "list", (), {"filter_created_at_gte": MAY_FIRST}),
    ("access_ip_ranges", "create", (), {"cidr_block": "10.0.0.0/24"}),
    ("access_ip_ranges", "delete", ("air 1",), {}),
    ("connections", "list", (), {"sort": "connection_name", "page_size": 2}),
    ("connections", "retrieve", ("c-1",), {}),
    ("credential_connections", "list", (), {"filter_fqdn": "sip.example.com"}),
    (
        "credential_connections",
        "create",
        (),
        {
            "connection_name": "office",
            "user_name": "office1",
            "password": "a-long-secret",
            "inbound": CredentialInboundParams(channel_limit=5),
        },
    ),
    ("credential_connections", "retrieve", ("cc-1",), {}),
    ("credential_connections", "update", ("cc-1",), {"active": False}),
    ("credential_connections", "delete", ("cc-1",), {}),
    ("credential_connections", "check_registration_status", ("cc-1",), {}),
    ("fqdn_connections", "list", (), {"filter_connection_name_contains": "trunk"}),
    ("fqdn_connections", "create", (), {"connection_name": "trunk"}),
    ("fqdn_connections", "retrieve", ("fc-1",), {}),
    ("fqdn_connections", "update", ("fc-1",), {"connection_name": "trunk2"}),
    ("fqdn_connections", "delete", ("fc-1",), {}),
    ("fqdns", "list", (), {"filter_connection_id": "fc-1", "filter_port": 5060}),
    (
        "fqdns",
        "create",
        (),
        {"connection_id": "fc-1", "dns_record_type": "a", "fqdn": "sip.example.com"},
    ),
    ("fqdns", "retrieve", ("f-1",), {}),
    ("fqdns", "update", ("f-1",), {"port": 5061}),
    ("fqdns", "delete", ("f-1",), {}),
    ("ip_connections", "list", (), {"sort": "active"}),
    ("ip_connections", "create", (), {"connection_name": "pbx", "tags": ["a", "b"]}),
    ("ip_connections", "retrieve", ("ic-1",), {}),
    ("ip_connections", "update", ("ic-1",), {"active": True}),
    ("ip_connections", "delete", ("ic-1",), {}),
    ("ips", "list", (), {"filter_ip_address": "203.0.113.7", "limit": 3}),
    ("ips", "create", (), {"ip_address": "203.0.113.7", "port": 5060}),
    ("ips", "retrieve", ("ip-1",), {}),
    ("ips", "update", ("ip-1",), {"ip_address": "203.0.113.8"}),
    ("ips", "delete", ("ip-1",), {}),
    ("outbound_voice_profiles", "list", (), {"sort": "-name", "page_number": 2}),
    ("outbound_voice_profiles", "create", (), {"name": "default"}),
    ("outbound_voice_profiles", "retrieve", ("ovp-1",), {}),
    ("outbound_voice_profiles", "update", ("ovp-1",), {"name": "cheap"}),
    ("outbound_voice_profiles", "delete", ("ovp-1",), {}),
]


def _service_methods(client: object) -> set[tuple[str, str]]:
    found = set()
    for attr, service in vars(client).items():
        if attr.startswith("_"):
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                found.add((attr, name))
    return found


def test_operation_table_covers_every_operation() -> None:
    sync_ops = _service_methods(TelnyxSIP(API_KEY))
    async_ops = _service_methods(AsyncTelnyxSIP(API_KEY))
    assert sync_ops == async_ops
    assert len(sync_ops) == 36
    assert {(svc, method) for svc, method, _, _ in OPERATIONS} == sync_ops


# Fields some response models require.
_REQUIRED = {
    "cidr_block": "10.0.0.0/24",
    "status": "added",
    "user_id": "u-1",
    "connection_name": "office",
    "name": "default",
}


def _any_object(rec: Recorded) -> Reply:
    """A page for a collection GET, else one object named after the path."""
    parts = rec.path.strip("/").split("/")
    if rec.method == "GET" and len(parts) == 2:
        number = int(rec.query.get("page[number]", "1"))
        items = [
            {"id": f"{parts[1]}-{number}-{i}", "record_type": parts[1], **_REQUIRED}
            for i in range(2)
        ]
        meta = {
            "page_number": number,
            "page_size": 2,
            "total_pages": 3,
            "total_results": 6,
        }
        return Reply(200, {"data": items, "meta": meta})
    obj = {"id": parts[-1], "record_type": parts[1], **_REQUIRED}
    if parts[1] == "access_ip_ranges":  # answered without the data envelope
        return Reply(200, obj)
    return Reply(200, {"data": obj})


def _wire(rec: Recorded) -> tuple[object, ...]:
    return (
        rec.method,
        rec.raw_path,
        sorted(rec.query.items()),
        rec.json,
        rec.headers.get("Content-Type"),
        rec.headers["Authorization"],
    )


@pytest.mark.parametrize(
    ("service", "method", "args", "kwargs"),
    OPERATIONS,
    ids=[f"{s}.{m}-{i}" for i, (s, m, _, _) in enumerate(OPERATIONS)],
)
def test_operation_matches_async_client(
    server: ThreadedServer,
    fake_api: FakeAPI,
    service: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    fake_api.default = _any_object

    async def through_async() -> object:
        async with AsyncTelnyxSIP(API_KEY, base_url=server.base_url) as client:
            result = getattr(getattr(client, service), method)(*args, **kwargs)
            if isinstance(result, AsyncPager):
                return (await result, await result.to_list())
            return await result

    expected = asyncio.run(through_async())
    async_wire = [_wire(r) for r in fake_api.requests]
    fake_api.requests.clear()

    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        result = getattr(getattr(client, service), method)(*args, **kwargs)
        if isinstance(result, SyncPager):
            result = (result.first_page(), result.to_list())
    assert result == expected
    assert [_wire(r) for r in fake_api.requests] == async_wire
    assert async_wire  # the operation did reach the server


# -- the generated signatures -------------------------------------------------


def _described(fn: Any) -> tuple[object, ...]:
    sig = inspect.signature(fn)
    params = [
        (p.name, p.kind, p.default, p.annotation) for p in sig.parameters.values()
    ]
    ret = str(sig.return_annotation).replace("AsyncPager[", "SyncPager[")
    return (params, ret, inspect.getdoc(fn))


def test_signatures_and_docstrings_match_async() -> None:
    sync_client, async_client = TelnyxSIP(API_KEY), AsyncTelnyxSIP(API_KEY)
    for attr, name in _service_methods(async_client):
        sync_fn = getattr(getattr(sync_client, attr), name)
        async_fn = getattr(getattr(async_client, attr), name)
        assert not inspect.iscoroutinefunction(sync_fn), (attr, name)
        assert _described(sync_fn) == _described(async_fn), (attr, name)
    assert inspect.signature(TelnyxSIP) == inspect.signature(AsyncTelnyxSIP)
    assert TelnyxSIP.base_url.__doc__ == AsyncTelnyxSIP.base_url.__doc__


def test_constructor_checks_like_async(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    with pytest.raises(InvalidArgumentError, match="TELNYX_API_KEY"):
        TelnyxSIP()
    with pytest.raises(InvalidArgumentError) as info:
        TelnyxSIP(API_KEY, timeout=0)
    assert info.value.field == "timeout"
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    client = TelnyxSIP(max_retries=0)
    assert client.base_url == "https://api.telnyx.com/v2"
    assert not _loop_threads()  # constructing starts nothing


# -- the pager -------------------------------------------------------------


def _count_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = LoopThread.call

    def counting(self: LoopThread, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        calls.append(getattr(fn, "__name__", "?"))
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(LoopThread, "call", counting)
    return calls


def test_iteration_yields_every_item_one_loop_trip_per_page(
    sync_client: TelnyxSIP, fake_api: FakeAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_api.default = _paged(total=120, size=50)
    calls = _count_calls(monkeypatch)
    ids = [ip.id for ip in sync_client.ips.list(page_size=50)]
    assert ids == [str(i) for i in range(120)]
    assert [r.query["page[number]"] for r in fake_api.requests] == ["1", "2", "3"]
    assert len(calls) == 3  # one per page, none per item


def test_pages_first_page_limit_and_to_list(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=5, size=2)
    pager = sync_client.ips.list(page_size=2)
    first = pager.first_page()
    assert isinstance(first, Page)
    assert [ip.id for ip in first.items] == ["0", "1"]
    assert (first.page_number, first.total_pages, first.total_results) == (1, 3, 5)
    assert len(fake_api.requests) == 1

    pages = list(sync_client.ips.list(page_size=2, page_number=2).pages())
    assert [p.page_number for p in pages] == [2, 3]
    assert [len(p) for p in pages] == [2, 1]

    limited = sync_client.ips.list(page_size=2, limit=3)
    assert limited.limit == 3
    assert [ip.id for ip in limited] == ["0", "1", "2"]
    assert [ip.id for ip in sync_client.ips.list(page_size=2).to_list()] == [
        str(i) for i in range(5)
    ]


def test_breaking_out_of_iteration_is_clean(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=10, size=2)
    for ip in sync_client.ips.list(page_size=2):
        if ip.id == "2":
            break
    assert len(fake_api.requests) == 2
    # The client goes on working and later iterations start afresh.
    assert len(sync_client.ips.list(page_size=2).to_list()) == 10


def test_closing_mid_iteration_is_an_error_not_a_short_list(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=6, size=2)
    seen: list[str | None] = []

    def walk_and_close() -> None:
        for ip in sync_client.ips.list(page_size=2):
            seen.append(ip.id)
            if ip.id == "1":
                sync_client.close()

    with pytest.raises(RuntimeError, match="closed while this list"):
        walk_and_close()
    assert seen == ["0", "1"]
    assert len(sync_client.ips.list(page_size=2).to_list()) == 6


def test_pager_arguments_are_checked_before_any_request(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        sync_client.ips.list(page_size=0)
    assert info.value.field == "page_size"
    with pytest.raises(InvalidArgumentError):
        sync_client.ips.list(limit=0)
    assert fake_api.requests == []


def test_pager_keeps_the_loop_alive_without_the_client(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=4, size=2)
    pager = TelnyxSIP(API_KEY, base_url=server.base_url).ips.list(page_size=2)
    gc.collect()
    assert [ip.id for ip in pager] == ["0", "1", "2", "3"]
    del pager
    gc.collect()
    assert not _loop_threads()


# -- errors ----------------------------------------------------------------


def test_errors_are_the_async_classes_with_the_callers_line(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(404, {"errors": [{"code": "10005", "title": "Not found"}]})
    with pytest.raises(NotFoundError) as info:
        sync_client.ips.retrieve("nope")  # the line the traceback must show
    assert type(info.value) is NotFoundError
    assert info.value.status == 404
    assert info.value.code == "10005"
    frames = traceback.extract_tb(info.tb)
    mine = [f for f in frames if f.filename == __file__]
    assert mine
    assert mine[0].line is not None
    assert "sync_client.ips.retrieve" in mine[0].line
    # The async side of the story is kept below the caller's frames.
    assert any(f.filename.endswith("_client.py") for f in frames)


def test_validation_errors_come_through(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(422, {"errors": [{"code": "10015", "title": "Bad"}]})
    with pytest.raises(UnprocessableEntityError):
        sync_client.ips.update("1", ip_address="203.0.113.8")
    with pytest.raises(InvalidArgumentError):
        sync_client.ips.create(ip_address=7)  # type: ignore[arg-type]
    assert len(fake_api.requests) == 1


def test_call_from_its_own_loop_thread_raises(server: ThreadedServer) -> None:
    box: dict[str, TelnyxSIP] = {}
    seen: list[BaseException] = []

    async def sleep_that_calls_back(_: float) -> None:
        # Runs on the client's loop thread: a blocking call here would wait
        # for that very thread forever.
        try:
            box["client"].ips.retrieve("again")
        except RuntimeError as exc:
            seen.append(exc)
            raise

    server.api.reply(503)
    policy = RetryPolicy(sleep=sleep_that_calls_back)
    with TelnyxSIP(API_KEY, base_url=server.base_url, retry_policy=policy) as client:
        box["client"] = client
        with pytest.raises(RuntimeError, match="own event loop thread"):
            client.ips.retrieve("1")
        assert len(seen) == 1
        server.api.data(IP)
        assert client.ips.retrieve("7").id == "7"


# -- threads, running loops, Ctrl-C ---------------------------------------


def _echo_id(rec: Recorded) -> Reply:
    return Reply(200, {"data": {"id": rec.path.rsplit("/", 1)[-1]}})


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
    assert len(_loop_threads()) == 1


def test_works_inside_a_running_event_loop(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=3, size=2)

    async def notebook_cell() -> list[str | None]:
        asyncio.get_running_loop()  # we really are inside a loop here
        with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
            return [ip.id for ip in client.ips.list(page_size=2)]

    assert asyncio.run(notebook_cell()) == ["0", "1", "2"]
    assert not _loop_threads()


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
    assert not _loop_threads()


# -- lifecycle -------------------------------------------------------------


def test_thread_starts_lazily_and_stops_on_close(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = Reply(200, {"data": IP})
    client = TelnyxSIP(API_KEY, base_url=server.base_url)
    assert not _loop_threads()
    client.ips.retrieve("7")
    assert len(_loop_threads()) == 1
    client.close()
    assert not _loop_threads()
    client.close()  # twice is fine
    # Usable again: a fresh thread and session, closed by the with block.
    with client:
        assert client.ips.retrieve("7").id == "7"
        assert len(_loop_threads()) == 1
    assert not _loop_threads()


def test_unclosed_client_is_cleaned_up_when_dropped(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = Reply(200, {"data": IP})
    unraisable: list[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        client = TelnyxSIP(API_KEY, base_url=server.base_url)
        client.ips.retrieve("7")
        assert len(_loop_threads()) == 1
        del client
        gc.collect()
        assert not _loop_threads()
        gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert unraisable == []


def test_open_use_close_100_clients_leaks_nothing(
    server: ThreadedServer, fake_api: FakeAPI
) -> None:
    fake_api.default = _paged(total=3, size=2)
    # One warm-up round so lazily imported modules and caches are in place.
    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        client.ips.list(page_size=2).to_list()
    gc.collect()
    # Count only the client's side: the server's end of a connection closes
    # on its own thread, a moment after the client's.
    assert server.wait_idle()
    threads_before = {t.ident for t in threading.enumerate()}
    fds_before = _open_fds()
    unraisable: list[Any] = []
    old_hook = sys.unraisablehook
    sys.unraisablehook = unraisable.append
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            for _ in range(100):
                with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
                    assert len(client.ips.list(page_size=2).to_list()) == 3
            gc.collect()
    finally:
        sys.unraisablehook = old_hook
    assert unraisable == []
    assert {t.ident for t in threading.enumerate()} == threads_before
    assert server.wait_idle()
    assert _open_fds() == fds_before
    assert len(fake_api.requests) == 2 * 101


EXIT_SCRIPT = """
import sys
import threading
import weakref

from telnyx_sip import TelnyxSIP


class Probe:
    pass


def report():
    alive = [t.name for t in threading.enumerate() if t.name == "telnyx-sip"]
    print("loop threads at exit:", alive, flush=True)


# Exit-time finalizers run newest first: this one runs after the client's.
probe = Probe()
weakref.finalize(probe, report)
client = TelnyxSIP("{key}", base_url=sys.argv[1])
assert client.ips.retrieve("7").id == "7"
pager = iter(client.ips.list(page_size=2))
next(pager)  # left mid-iteration on purpose
print("done", flush=True)
# No close(): interpreter exit must clean up, silently and promptly.
"""


def test_never_closed_client_is_cleaned_up_at_exit(
    server: ThreadedServer, fake_api: FakeAPI, tmp_path: Path
) -> None:
    fake_api.default = lambda rec: (
        _paged(total=4, size=2)(rec)
        if rec.path == "/v2/ips"
        else Reply(200, {"data": IP})
    )
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(EXIT_SCRIPT.format(key=API_KEY)))
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error", str(script), server.base_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "done\nloop threads at exit: []\n"
    assert len(fake_api.requests) == 2


def test_bulk_job_through_the_sync_client(tmp_path: Path) -> None:
    with (
        ThreadedSandbox("bulk-sync-key") as sandbox,
        TelnyxSIP(sandbox.api_key, base_url=sandbox.base_url) as client,
    ):
        calls = [
            Call("outbound_voice_profiles", "create", {"name": f"profile-{i}"})
            for i in range(20)
        ]
        seen: list[int] = []
        report = run_bulk_sync(
            client,
            calls,
            concurrency=4,
            journal=tmp_path / "job.jsonl",
            on_progress=lambda p: seen.append(p.done),
        )
        assert report.ok
        assert [o.result.name for o in report.outcomes] == [
            f"profile-{i}" for i in range(20)
        ]
        assert sorted(seen) == list(range(1, 21))
        assert len(sandbox.rows("outbound_voice_profiles")) == 20
        # The same client still works for plain calls afterwards.
        assert (
            client.outbound_voice_profiles.list(page_size=5).first_page().total_results
            == 20
        )
