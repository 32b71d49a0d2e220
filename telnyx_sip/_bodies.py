"""Reading a response body under the size cap when its size is not known up front.

aiohttp's own decoder would inflate without a bound; here the cap applies to
the decoded size, so a small compressed body cannot expand past it.
"""

from __future__ import annotations

import zlib
from typing import Any

import aiohttp

from .errors import ResponseTooLargeError

__all__ = ["read_decoded", "read_limited"]

_CHUNK = 64 * 1024


def _too_large(resp: aiohttp.ClientResponse, max_bytes: int) -> ResponseTooLargeError:
    resp.close()
    return ResponseTooLargeError(max_bytes, request_id=resp.headers.get("x-request-id"))


def _has_zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


class _Inflater:
    """Inflates gzip or deflate bytes, never more than ``max_bytes`` in all.

    ``deflate`` is meant to be zlib-wrapped, but some servers send a bare
    deflate stream; the first bytes tell which.
    """

    def __init__(self, encoding: str, max_bytes: int) -> None:
        self._encoding = encoding
        self._inflate: Any = None
        self.room = max_bytes

    def feed(self, chunk: bytes) -> bytes | None:
        """The bytes ``chunk`` inflates to; ``None`` once past the cap."""
        if self._inflate is None:
            bare = self._encoding == "deflate" and not _has_zlib_header(chunk)
            # 32 + MAX_WBITS reads a zlib or a gzip header, whichever comes.
            self._inflate = zlib.decompressobj(
                -zlib.MAX_WBITS if bare else 32 + zlib.MAX_WBITS
            )
        out: list[bytes] = []
        data = chunk
        while data:
            piece = self._inflate.decompress(data, self.room + 1)
            self.room -= len(piece)
            if self.room < 0:
                return None
            out.append(piece)
            data = self._inflate.unconsumed_tail
        return b"".join(out)


async def read_decoded(
    resp: aiohttp.ClientResponse, encoding: str, max_bytes: int
) -> bytes:
    """The decoded body, with the cap on the decoded size (a zip bomb stops early)."""
    kind = encoding.strip().lower()
    if kind not in {"gzip", "x-gzip", "deflate"}:
        return await read_limited(resp, max_bytes)  # not ours: left as sent
    inflater = _Inflater(kind, max_bytes)
    chunks: list[bytes] = []
    try:
        async for chunk in resp.content.iter_chunked(_CHUNK):
            piece = inflater.feed(chunk)
            if piece is None:
                raise _too_large(resp, max_bytes)
            chunks.append(piece)
    except zlib.error:
        return b""  # a body that does not inflate is no JSON either
    return b"".join(chunks)


async def read_limited(resp: aiohttp.ClientResponse, max_bytes: int) -> bytes:
    request_id = resp.headers.get("x-request-id")
    length = resp.content_length
    if length is not None:
        if length > max_bytes:
            resp.close()
            raise ResponseTooLargeError(max_bytes, request_id=request_id)
        return await resp.read()
    chunks: list[bytes] = []
    total = 0
    async for chunk in resp.content.iter_chunked(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            resp.close()
            raise ResponseTooLargeError(max_bytes, request_id=request_id)
        chunks.append(chunk)
    return b"".join(chunks)
