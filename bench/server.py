"""The fixed-response server: HTTP/1.1 on 127.0.0.1, in a process of its own.

A bare :class:`asyncio.Protocol` rather than ``aiohttp.web``: every answer but
the create echo is prepared bytes, so a request costs the server a split of
the head and one ``write``. ``GET /__stats`` reports the requests served and
the server's CPU time, so every row can show what the server spent per
request and how busy it was; a server near 100% of a CPU would be the
bottleneck, and the report says so.

Run by :func:`serve` (``python -m bench.server --port N``); it prints
``ready`` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from .bodies import ROOT, Bodies

__all__ = ["Server", "serve", "server_stats"]

_REASONS = {200: b"OK", 201: b"Created", 404: b"Not Found"}


def _answer(status: int, body: bytes) -> bytes:
    head = (
        b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\nx-request-id: bench-0001\r\n\r\n"
        % (status, _REASONS[status], len(body))
    )
    return head + body


class _Routes:
    """Request line -> the bytes to send back."""

    def __init__(self, bodies: Bodies) -> None:
        self.bodies = bodies
        encoded = bodies.encoded()
        self.fixed = {name: _answer(200, body) for name, body in encoded.items()}
        self.missing = _answer(404, b'{"errors": [{"code": "10005"}]}')
        self.requests = 0

    def answer(self, method: bytes, target: bytes, body: bytes) -> bytes:
        path, _, query = target.partition(b"?")
        parts = path.split(b"/")
        # b"/v2/ips" -> [b"", b"v2", b"ips"]; b"/v2/ips/1" adds the id.
        name = {b"ips": "ip", b"credential_connections": "cc"}.get(
            parts[2] if len(parts) > 2 else b""
        )
        if name is None:
            if path == b"/__stats":
                return _answer(200, self.stats())
            return self.missing
        self.requests += 1
        if len(parts) == 4 and method == b"GET":
            return self.fixed[name]
        if len(parts) == 3 and method == b"POST":
            sent: dict[str, Any] = json.loads(body) if body else {}
            return _answer(201, json.dumps(self.bodies.created(name, sent)).encode())
        if len(parts) == 3 and method == b"GET":
            # A filtered list is a lookup by natural key: nothing was created.
            return self.fixed[f"{name}_empty" if b"filter" in query else f"{name}_page"]
        return self.missing

    def stats(self) -> bytes:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return json.dumps(
            {
                "requests": self.requests,
                "cpu_s": usage.ru_utime + usage.ru_stime,
                "wall_s": time.monotonic(),
            }
        ).encode()


class _Connection(asyncio.Protocol):
    def __init__(self, routes: _Routes) -> None:
        self.routes = routes
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end]
            size, chunked, close = _framing(head)
            start = end + 4
            if chunked:
                decoded = _dechunk(self.buffer, start)
                if decoded is None:
                    return
                body, start = decoded
            else:
                if len(self.buffer) < start + size:
                    return
                body = self.buffer[start : start + size]
                start += size
            self.buffer = self.buffer[start:]
            method, target, _ = head.split(b"\r\n", 1)[0].split(b" ", 2)
            assert self.transport is not None
            self.transport.write(self.routes.answer(method, target, body))
            if close:
                self.transport.close()
                return


def _framing(head: bytes) -> tuple[int, bool, bool]:
    """(Content-Length, chunked, Connection: close) of a request head."""
    size, chunked, close = 0, False, False
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        key = key.strip().lower()
        if key == b"content-length":
            size = int(value)
        elif key == b"transfer-encoding":
            chunked = b"chunked" in value.lower()
        elif key == b"connection":
            close = b"close" in value.lower()
    return size, chunked, close


def _dechunk(buffer: bytes, start: int) -> tuple[bytes, int] | None:
    """A chunked body from ``start``: (body, where it ends), or None if partial."""
    parts = []
    while True:
        eol = buffer.find(b"\r\n", start)
        if eol < 0:
            return None
        size = int(buffer[start:eol].split(b";")[0], 16)
        start = eol + 2
        if len(buffer) < start + size + 2:
            return None
        parts.append(buffer[start : start + size])
        start += size + 2
        if size == 0:
            return b"".join(parts), start


async def _main(port: int) -> None:
    routes = _Routes(Bodies())
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: _Connection(routes), "127.0.0.1", port, backlog=1024
    )
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


class Server:
    """A running benchmark server: its API root and its counters."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}/v2"

    def stats(self) -> dict[str, float]:
        """Requests served and CPU seconds spent so far (queries not counted)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(b"GET /__stats HTTP/1.1\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        stats: dict[str, float] = json.loads(data.split(b"\r\n\r\n", 1)[1])
        return stats


def server_stats(server: Server) -> Callable[[], dict[str, float]]:
    """A function giving the server's use since it was made: CPU per request."""
    before = server.stats()

    def since() -> dict[str, float]:
        after = server.stats()
        served = after["requests"] - before["requests"]
        cpu = after["cpu_s"] - before["cpu_s"]
        wall = after["wall_s"] - before["wall_s"]
        return {
            "requests": served,
            "cpu_us_per_request": cpu / served * 1e6 if served else 0.0,
            "busy": cpu / wall if wall > 0 else 0.0,
        }

    return since


@contextlib.contextmanager
def serve() -> Iterator[Server]:
    """Run the server in a new process on a free port until the block ends."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("the benchmark server did not start")
        yield Server(port)
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    """Serve on ``--port`` until terminated."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_main(args.port))


if __name__ == "__main__":
    main()
