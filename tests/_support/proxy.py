"""A small CONNECT proxy on loopback that records what it sees.

It answers ``CONNECT host:port`` by opening a TCP connection (to ``routes``'
address for a name there, so a test host name needs no DNS) and piping bytes
both ways. It keeps every request head it read in plaintext and every byte
it forwarded from the client, so a test can show that the API key only ever
crossed it inside TLS. Anything but CONNECT is refused with a 405.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping

__all__ = ["ConnectProxy"]


class ConnectProxy:
    """Start with ``await proxy.start()``; ``url`` is then its address."""

    def __init__(self, routes: Mapping[str, tuple[str, int]] | None = None) -> None:
        self.routes = dict(routes or {})
        self.heads: list[bytes] = []  # every request head, as read in plaintext
        self.tunnelled = bytearray()  # what clients sent through tunnels
        self.accepted = 0
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def connects(self) -> list[str]:
        """The CONNECT request lines received, in order."""
        lines = [h.split(b"\r\n", 1)[0].decode("latin-1") for h in self.heads]
        return [line for line in lines if line.startswith("CONNECT ")]

    @property
    def url(self) -> str:
        assert self._server is not None
        port = self._server.sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.accepted += 1
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            writer.close()
            return
        self.heads.append(head)
        method, _, rest = head.decode("latin-1").partition(" ")
        if method != "CONNECT":
            writer.write(
                b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
            )
            await writer.drain()
            writer.close()
            return
        target = rest.split(" ", 1)[0]
        host, _, port = target.rpartition(":")
        address = self.routes.get(host, (host, int(port)))
        try:
            up_reader, up_writer = await asyncio.open_connection(*address)
        except OSError:
            writer.write(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
            writer.close()
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()
        await asyncio.gather(
            self._pipe(reader, up_writer, record=True),
            self._pipe(up_reader, writer, record=False),
        )

    async def _pipe(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        *,
        record: bool,
    ) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            while chunk := await source.read(65536):
                if record:
                    self.tunnelled += chunk
                sink.write(chunk)
                await sink.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            if task is not None:
                self._tasks.discard(task)
            with contextlib.suppress(Exception):
                sink.close()
