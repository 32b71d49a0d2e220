"""Answers built to exhaust memory or the stack: bombs and deep nesting."""

from __future__ import annotations

import functools
import gzip
import zlib

import aiohttp
import pytest
from aiohttp import web

from telnyx_sip import (
    ResponseTooLargeError,
    ResponseValidationError,
    UnprocessableEntityError,
)
from telnyx_sip.testing import Sandbox
from tests._support.hostile import hostile

CAP = 64 * 1024
# 32 MiB of zeros compress to about 32 kB: 512 times the cap once inflated.
BOMB_SIZE = 32 * 1024 * 1024


@functools.cache
def _bomb(encoding: str) -> bytes:
    zeros = b'{"data": {"id": "' + b"0" * BOMB_SIZE + b'"}}'
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    if encoding == "deflate":
        return zlib.compress(zeros, 9)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # bare deflate
    return squeeze.compress(zeros) + squeeze.flush()


def _send(
    body: bytes, encoding: str, *, status: int, chunked: bool
) -> web.StreamResponse:
    headers = {"Content-Encoding": encoding, "Content-Type": "application/json"}
    if not chunked:
        return web.Response(status=status, body=body, headers=headers)
    return _Chunked(status, body, headers)


class _Chunked(web.StreamResponse):
    def __init__(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        super().__init__(status=status, headers=headers)
        self._payload = body
        self.enable_chunked_encoding()

    async def prepare(self, request: web.BaseRequest) -> None:  # type: ignore[override]
        writer = await super().prepare(request)
        assert writer is not None
        for i in range(0, len(self._payload), 8192):
            await self.write(self._payload[i : i + 8192])
        await self.write_eof()
        return writer  # type: ignore[return-value]


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "bare-deflate"])
@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("status", [200, 422, 503])
async def test_the_size_cap_holds_for_inflated_bodies(
    encoding: str, chunked: bool, status: int
) -> None:
    body = _bomb(encoding)
    wire = "deflate" if encoding == "bare-deflate" else encoding
    assert len(body) < CAP * 2  # small on the wire: only the inflated size is big

    async def handler(_: web.Request) -> web.StreamResponse:
        return _send(body, wire, status=status, chunked=chunked)

    async with hostile(handler, max_response_bytes=CAP, max_retries=2) as h:
        with pytest.raises(ResponseTooLargeError):
            await h.client.ips.retrieve("1")
    assert len(h.requests) == 1  # the cap is not retried, so no re-inflation


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "bare-deflate"])
async def test_a_small_compressed_answer_still_reads(encoding: str) -> None:
    payload = b'{"data": {"id": "7", "ip_address": "192.0.2.1", "record_type": "ip"}}'
    wire = "deflate" if encoding == "bare-deflate" else encoding
    if encoding == "gzip":
        body = gzip.compress(payload)
    elif encoding == "deflate":
        body = zlib.compress(payload)
    else:
        squeeze = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = squeeze.compress(payload) + squeeze.flush()

    async def handler(_: web.Request) -> web.StreamResponse:
        return _send(body, wire, status=200, chunked=False)

    async with hostile(handler) as h:
        ip = await h.client.ips.retrieve("7")
    assert ip.ip_address == "192.0.2.1"


async def test_a_body_that_does_not_inflate_is_a_validation_error() -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return _send(b"definitely not gzip", "gzip", status=200, chunked=False)

    async with hostile(handler) as h:
        with pytest.raises(ResponseValidationError, match="not JSON"):
            await h.client.ips.retrieve("1")


DEPTH = 100_000


@pytest.mark.parametrize(
    ("status", "error"),
    [(200, ResponseValidationError), (422, UnprocessableEntityError)],
)
async def test_deeply_nested_json_is_refused_not_a_recursion_error(
    status: int, error: type[Exception]
) -> None:
    nested = b'{"data": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"

    async def handler(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=nested, content_type="application/json")

    async with hostile(handler, max_retries=0) as h:
        with pytest.raises(error) as info:
            await h.client.ips.retrieve("1")
    assert not isinstance(info.value, RecursionError)
    if isinstance(info.value, UnprocessableEntityError):
        assert info.value.errors == ()  # unparsed, but the status is kept
        assert info.value.body == nested


async def test_the_sandbox_answers_400_to_a_deeply_nested_request_body() -> None:
    nested = b'{"connection_name": ' + b"[" * DEPTH + b"]" * DEPTH + b"}"
    async with Sandbox() as sandbox, aiohttp.ClientSession() as raw:
        headers = {
            "Authorization": f"Bearer {sandbox.api_key}",
            "Content-Type": "application/json",
        }
        url = f"{sandbox.base_url}/ip_connections"
        async with raw.post(url, data=nested, headers=headers) as resp:
            assert resp.status == 400, await resp.text()
        assert sandbox.rows("ip_connections") == []
