"""Running the sandbox: async with, serve_forever, a thread, embedded, standalone."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.testing import (
    DEFAULT_API_KEY,
    STATE_KEY,
    Sandbox,
    SandboxState,
    ThreadedSandbox,
    make_app,
)
from telnyx_sip.testing._sandbox import _url_host

ROOT = Path(__file__).resolve().parents[2]


def _refused(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


async def test_async_with_gives_everything_needed() -> None:
    async with Sandbox(api_key="k-123", seed=1) as sandbox:
        assert sandbox.base_url == f"http://127.0.0.1:{sandbox.port}/v2"
        assert sandbox.api_key == "k-123"
        assert isinstance(sandbox.client, AsyncTelnyxSIP)
        assert sandbox.client.base_url == sandbox.base_url
        assert "k-123" not in repr(sandbox)
        assert "k-123" not in repr(sandbox.state)
        await sandbox.client.ip_connections.create(connection_name="pbx")
        assert sandbox.stats.rows_created == 1
        port = sandbox.port
    assert _refused(port)
    with pytest.raises(RuntimeError):
        _ = sandbox.client
    assert Sandbox().api_key == DEFAULT_API_KEY == "sandbox-key"


async def test_port_is_known_only_once_started() -> None:
    sandbox = Sandbox()
    with pytest.raises(RuntimeError, match="start"):
        _ = sandbox.base_url
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]
    async with Sandbox(port=free) as fixed:
        assert fixed.port == free
        assert fixed.base_url.endswith(f":{free}/v2")


async def test_serve_forever_stops_cleanly_when_cancelled() -> None:
    sandbox = Sandbox()
    task = asyncio.create_task(sandbox.serve_forever())
    for _ in range(1000):  # a few loop turns, no real waiting
        await asyncio.sleep(0)
        with contextlib.suppress(RuntimeError):
            assert sandbox.client.base_url == sandbox.base_url
            break
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": f"Bearer {sandbox.api_key}"}
        async with session.get(sandbox.base_url + "/ips", headers=headers) as r:
            assert r.status == 200
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert _refused(sandbox.port)


async def test_reset_forgets_everything(sandbox: Sandbox) -> None:
    first = await sandbox.client.ip_connections.create(connection_name="a")
    sandbox.reset()
    assert sandbox.rows("ip_connections") == []
    assert sandbox.stats.requests == 0
    again = await sandbox.client.ip_connections.create(connection_name="a")
    assert again.id == first.id  # the seeded ids start over
    assert sandbox.stats.requests == 1


async def test_make_app_embeds_in_any_aiohttp_server() -> None:
    state = SandboxState("embedded-key")
    app = make_app(state)
    assert app[STATE_KEY] is state
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with AsyncTelnyxSIP(
            "embedded-key", base_url=str(server.make_url("/v2"))
        ) as client:
            await client.outbound_voice_profiles.create(name="embedded")
    finally:
        await server.close()
    assert [row["name"] for row in state.rows("outbound_voice_profiles")] == [
        "embedded"
    ]
    assert state.stats.by_operation["outbound_voice_profiles.create"] == 1


def test_threaded_sandbox_from_sync_code() -> None:
    with ThreadedSandbox(api_key="sync-key") as sandbox:
        request = urllib.request.Request(
            sandbox.base_url + "/ip_connections",
            data=json.dumps({"connection_name": "sync"}).encode(),
            headers={
                "Authorization": "Bearer sync-key",
                "Content-Type": "application/json",
            },
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 201
        assert [r["connection_name"] for r in sandbox.rows("ip_connections")] == [
            "sync"
        ]
        stats = sandbox.stats
        assert stats.rows_created == 1
        sandbox.reset()
        assert sandbox.rows("ip_connections") == []
        assert stats.rows_created == 1  # a snapshot, not the live counters
        port = sandbox.port
        assert "sync-key" not in repr(sandbox)
    assert _refused(port)
    with pytest.raises(RuntimeError):
        sandbox.rows("ips")


@pytest.mark.parametrize(
    ("host", "shown"),
    [("127.0.0.1", "127.0.0.1"), ("0.0.0.0", "127.0.0.1"), ("::1", "[::1]")],
)
def test_wildcard_hosts_are_reached_on_loopback(host: str, shown: str) -> None:
    assert _url_host(host) == shown


_STANDALONE = """
import sys
from telnyx_sip.testing import FaultConfig, run_sandbox

def ready(sandbox):
    print(sandbox.base_url, flush=True)

run_sandbox(0, "standalone-key", rate_limit=100, faults=FaultConfig(), on_ready=ready)
print("stopped", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
async def test_run_sandbox_serves_until_interrupted(sig: signal.Signals) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _STANDALONE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.wait_for(proc.stdout.readline(), timeout=30)
        base_url = line.decode().strip()
        assert base_url.startswith("http://127.0.0.1:")
        async with aiohttp.ClientSession() as session:
            headers = {"Authorization": "Bearer standalone-key"}
            async with session.get(base_url + "/ips", headers=headers) as r:
                assert r.status == 200
                assert r.headers["x-ratelimit-limit"] == "100"
        proc.send_signal(sig)
        out, err = await asyncio.wait_for(proc.communicate(), timeout=30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()
    assert out.decode().strip() == "stopped"
    assert b"Traceback" not in err
