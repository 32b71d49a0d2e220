"""The transport against real loopback servers: size cap, chunked bodies, the
lazy session, and how a failed attempt is classified (sent? timed out?)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from telnyx_sip import AsyncTelnyxSIP, ResponseTooLargeError
from telnyx_sip._transport import RawResponse, SendError, Transport

from ._support.fake_api import API_KEY, FakeAPI

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}
CAP = 1024
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Conversation = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@asynccontextmanager
async def serve(handler: Handler) -> AsyncIterator[str]:
    """An aiohttp server on 127.0.0.1 answering every path with ``handler``."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("/"))
    finally:
        await server.close()


@asynccontextmanager
async def raw_server(talk: Conversation) -> AsyncIterator[str]:
    """A bare TCP server on 127.0.0.1, for answers aiohttp would not send."""

    async def session(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            await reader.readuntil(b"\r\n\r\n")  # the request head; no body is sent
            await talk(reader, writer)
        finally:
            writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def transport() -> AsyncIterator[Transport]:
    made = Transport(max_connections=4)
    try:
        yield made
    finally:
        await made.close()


async def _get(
    transport: Transport, url: str, *, max_bytes: int = CAP, timeout: float = 5.0
) -> RawResponse:
    return await transport.send(
        "GET", url, {}, None, connect_timeout=5.0, timeout=timeout, max_bytes=max_bytes
    )


def _fixed(size: int) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        return web.Response(body=b"x" * size)

    return handle


def _chunked(sizes: list[int]) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"x-request-id": "big-1"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for size in sizes:
            await response.write(b"y" * size)
        await response.write_eof()
        return response

    return handle


# -- the decoded-size cap ------------------------------------------------------------


async def test_a_body_of_exactly_the_cap_is_read(transport: Transport) -> None:
    async with serve(_fixed(CAP)) as url:
        answer = await _get(transport, url)
    assert answer.status == 200
    assert answer.headers["Content-Length"] == str(CAP)
    assert answer.body == b"x" * CAP


async def test_a_content_length_over_the_cap_is_refused(transport: Transport) -> None:
    async with serve(_fixed(CAP + 1)) as url:
        with pytest.raises(ResponseTooLargeError, match=str(CAP)):
            await _get(transport, url)
        # The connection was given up, not left half read: the next call works.
        assert (await _get(transport, url, max_bytes=CAP + 1)).body == b"x" * (CAP + 1)


async def test_a_chunked_body_is_joined_whole(transport: Transport) -> None:
    sizes = [300, 1, 400, 323]  # CAP bytes in all
    async with serve(_chunked(sizes)) as url:
        answer = await _get(transport, url)
    assert "Content-Length" not in answer.headers
    assert answer.headers["Transfer-Encoding"] == "chunked"
    assert answer.body == b"y" * CAP


async def test_a_chunked_body_over_the_cap_is_refused(transport: Transport) -> None:
    async with serve(_chunked([600, 600, 600])) as url:
        with pytest.raises(ResponseTooLargeError) as info:
            await _get(transport, url)
    assert info.value.request_id == "big-1"


async def test_a_body_without_length_or_chunks_is_capped(transport: Transport) -> None:
    # HTTP/1.0 style: the body ends when the server closes the connection.
    def answer(size: int) -> Conversation:
        async def talk(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"z" * size)
            await writer.drain()

        return talk

    async with raw_server(answer(CAP)) as url:
        assert (await _get(transport, url)).body == b"z" * CAP
    async with raw_server(answer(CAP * 3)) as url:
        with pytest.raises(ResponseTooLargeError):
            await _get(transport, url)


async def test_response_size_cap(api_server: TestServer, fake_api: FakeAPI) -> None:
    big = {"data": {**IP, "padding": "x" * 5000}}
    fake_api.reply(200, big)
    async with AsyncTelnyxSIP(
        API_KEY, base_url=str(api_server.make_url("/v2")), max_response_bytes=1024
    ) as client:
        with pytest.raises(ResponseTooLargeError, match="1024"):
            await client.ips.retrieve("7")


# -- the session -----------------------------------------------------------------------


async def test_session_is_lazy_and_reusable_after_close(
    api_server: TestServer, fake_api: FakeAPI
) -> None:
    client = AsyncTelnyxSIP(API_KEY, base_url=str(api_server.make_url("/v2")))
    assert not client._shared.transport.is_open
    fake_api.data(IP)
    await client.ips.retrieve("7")
    assert client._shared.transport.is_open
    await client.aclose()
    assert not client._shared.transport.is_open
    fake_api.data(IP)
    await client.ips.retrieve("7")
    await client.aclose()


async def test_close_without_a_session_is_a_no_op() -> None:
    transport = Transport(max_connections=1)
    await transport.close()
    await transport.close()
    assert not transport.is_open


# -- a POST without a body -----------------------------------------------------------


async def test_a_post_without_a_body_claims_no_content_type(
    transport: Transport,
) -> None:
    seen: list[dict[str, str]] = []

    async def handle(request: web.Request) -> web.StreamResponse:
        seen.append(dict(request.headers))
        return web.Response(body=await request.read())

    async with serve(handle) as url:
        for body, headers in [
            (None, {}),
            (b"{}", {"Content-Type": "application/json"}),
        ]:
            answer = await transport.send(
                "POST",
                url,
                headers,
                body,
                connect_timeout=5.0,
                timeout=5.0,
                max_bytes=CAP,
            )
            assert answer.body == (body or b"")
    bare, with_body = seen
    assert "Content-Type" not in bare
    assert bare.get("Content-Length", "0") == "0"
    assert with_body["Content-Type"] == "application/json"


# -- what a failed attempt says: sent? timed out? -----------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_a_refused_connection_was_not_sent(transport: Transport) -> None:
    with pytest.raises(SendError, match="could not connect") as info:
        await _get(transport, f"http://127.0.0.1:{_closed_port()}/")
    assert (info.value.sent, info.value.timed_out) == (False, False)


async def test_a_connection_closed_before_the_answer_was_sent(
    transport: Transport,
) -> None:
    async def hang_up(_: asyncio.StreamReader, __: asyncio.StreamWriter) -> None:
        return  # close without a word

    async with raw_server(hang_up) as url:
        with pytest.raises(SendError, match="closed the connection") as info:
            await _get(transport, url)
    assert (info.value.sent, info.value.timed_out) == (True, False)


async def test_a_connection_closed_mid_response_was_sent(
    transport: Transport,
) -> None:
    async def half(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"a" * 10)
        await writer.drain()

    async with raw_server(half) as url:
        with pytest.raises(SendError) as info:
            await _get(transport, url)
    assert (info.value.sent, info.value.timed_out) == (True, False)


async def test_a_read_timeout_was_sent_and_timed_out(transport: Transport) -> None:
    release = asyncio.Event()

    async def silent(_: asyncio.StreamReader, __: asyncio.StreamWriter) -> None:
        await release.wait()

    async with raw_server(silent) as url:
        try:
            with pytest.raises(SendError, match="timed out waiting") as info:
                await _get(transport, url, timeout=0.2)
        finally:
            release.set()
    assert (info.value.sent, info.value.timed_out) == (True, True)
