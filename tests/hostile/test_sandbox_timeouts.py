"""The sandbox drops a connection whose request does not arrive within ``read_timeout``.

A raw socket sends part of a request (or nothing) and waits; the sandbox must
close it within the bound. Requests that arrive in time, and handlers that
are merely slow, are served as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import logging
import math
import socket
import time

import pytest

from telnyx_sip import InvalidArgumentError
from telnyx_sip.testing import FaultConfig, Sandbox, ThreadedSandbox, run_sandbox
from telnyx_sip.testing._deadlines import DEFAULT_READ_TIMEOUT

TIMEOUT = 0.2
SLACK = 1.5  # seconds past the timeout a loaded machine may add


def head(method: str, path: str, key: str, *, length: int | None = None) -> bytes:
    lines = [
        f"{method} /v2{path} HTTP/1.1",
        "Host: 127.0.0.1",
        f"Authorization: Bearer {key}",
    ]
    if length is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def closed_after(reader: asyncio.StreamReader) -> float:
    """Seconds until the sandbox closes the connection, reading what it sends."""
    started = time.monotonic()
    rest = await asyncio.wait_for(reader.read(), TIMEOUT + SLACK + 5)
    assert rest == b""  # closed unanswered
    return time.monotonic() - started


async def hang_up(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


async def answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    top = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    length = next(
        int(line.partition(":")[2])
        for line in top.split("\r\n")
        if line.lower().startswith("content-length:")
    )
    return int(top.split(" ")[1]), await reader.readexactly(length)


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connects and says nothing
        b"GET /v2/ips HT",  # half a request line
        b"GET /v2/ips HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # headers never ended
    ],
    ids=["nothing", "half-a-line", "unended-headers"],
)
async def test_a_stalled_request_head_is_dropped_within_the_bound(sent: bytes) -> None:
    async with Sandbox(read_timeout=TIMEOUT) as sandbox:
        reader, writer = await asyncio.open_connection("127.0.0.1", sandbox.port)
        writer.write(sent)
        seconds = await closed_after(reader)
        await hang_up(writer)
        assert sandbox.stats.requests == 0
    assert TIMEOUT * 0.8 <= seconds < TIMEOUT + SLACK


async def test_a_body_shorter_than_its_length_is_dropped_unanswered(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    async with Sandbox(read_timeout=TIMEOUT) as sandbox:
        reader, writer = await asyncio.open_connection("127.0.0.1", sandbox.port)
        path = "/outbound_voice_profiles"
        writer.write(head("POST", path, sandbox.api_key, length=100) + b'{"name": ')
        seconds = await closed_after(reader)
        await hang_up(writer)
        assert sandbox.rows("outbound_voice_profiles") == []
        assert sandbox.stats.by_status == {}  # nothing was answered
        # The sandbox goes on serving.
        assert (await sandbox.client.outbound_voice_profiles.list()).items == ()
    assert TIMEOUT * 0.8 <= seconds < TIMEOUT + SLACK
    # The handler was stopped, not failed: nothing was logged as an error.
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


async def test_a_body_arriving_in_pieces_in_time_is_served() -> None:
    body = json.dumps({"name": "in pieces"}).encode()
    async with Sandbox(read_timeout=1.0) as sandbox:
        reader, writer = await asyncio.open_connection("127.0.0.1", sandbox.port)
        path = "/outbound_voice_profiles"
        writer.write(head("POST", path, sandbox.api_key, length=len(body)) + body[:5])
        await asyncio.sleep(0.1)
        writer.write(body[5:])
        status, answered = await answer(reader)
        await hang_up(writer)
    assert status == 200
    assert json.loads(answered)["data"]["name"] == "in pieces"


async def test_an_idle_keep_alive_connection_is_closed_after_the_timeout() -> None:
    async with Sandbox(read_timeout=TIMEOUT) as sandbox:
        reader, writer = await asyncio.open_connection("127.0.0.1", sandbox.port)
        writer.write(head("GET", "/ips", sandbox.api_key))
        status, _ = await answer(reader)
        assert status == 200
        seconds = await closed_after(reader)
        await hang_up(writer)
    assert TIMEOUT * 0.8 <= seconds < TIMEOUT + SLACK


async def test_a_slow_handler_is_never_cut() -> None:
    # The latency fault holds each request for twice the read timeout: the
    # request arrived whole, so the wait is the server's and is not cut.
    faults = FaultConfig(latency=TIMEOUT * 2)
    async with Sandbox(read_timeout=TIMEOUT, faults=faults) as sandbox:
        client = sandbox.client
        made = await client.outbound_voice_profiles.create(name="slow but whole")
        assert made.id is not None
        assert (await client.outbound_voice_profiles.retrieve(made.id)).id == made.id
        assert sandbox.stats.by_status == {200: 2}


def test_threaded_sandbox_takes_the_setting() -> None:
    with (
        ThreadedSandbox(read_timeout=TIMEOUT) as sandbox,
        socket.create_connection(("127.0.0.1", sandbox.port), timeout=10) as raw,
    ):
        raw.sendall(b"GET /v2/ips HT")
        started = time.monotonic()
        assert raw.recv(1024) == b""
        assert time.monotonic() - started < TIMEOUT + SLACK


def test_the_default_is_a_few_seconds_everywhere() -> None:
    assert DEFAULT_READ_TIMEOUT == 5.0
    for runner in (Sandbox, run_sandbox):
        default = inspect.signature(runner).parameters["read_timeout"].default
        assert default == DEFAULT_READ_TIMEOUT


@pytest.mark.parametrize("value", [0, -1.0, math.nan, math.inf, "5", True])
def test_a_read_timeout_must_be_a_finite_positive_number(value: object) -> None:
    with pytest.raises(InvalidArgumentError, match="read_timeout"):
        Sandbox(read_timeout=value)  # type: ignore[arg-type]
