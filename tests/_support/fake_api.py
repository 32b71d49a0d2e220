"""A scripted Telnyx-like server: records each request, answers from a queue."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Callable
from typing import Any

import attrs
from aiohttp import web
from multidict import MultiDict

__all__ = ["API_KEY", "FakeAPI", "Recorded", "Reply"]

API_KEY = "KEY-test-0123456789abcdef"


@attrs.frozen
class Recorded:
    """One request as the server saw it."""

    method: str
    path: str
    raw_path: str
    query: MultiDict[str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@attrs.define
class Reply:
    """A scripted answer: a status and JSON body, or a dropped connection."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = attrs.Factory(dict)
    raw: bytes | None = None
    delay: float = 0.0
    drop: bool = False


class FakeAPI:
    """Answers each request with the next scripted reply (or the default)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.replies: deque[Reply | Callable[[Recorded], Reply]] = deque()
        self.default: Reply | Callable[[Recorded], Reply] = Reply(404, {"errors": []})

    def reply(self, status: int = 200, body: Any = None, **kwargs: Any) -> None:
        self.replies.append(Reply(status, body, **kwargs))

    def data(self, obj: Any, status: int = 200, **kwargs: Any) -> None:
        self.reply(status, {"data": obj}, **kwargs)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        rec = Recorded(
            method=request.method,
            path=request.path,
            raw_path=request.raw_path,
            query=MultiDict(request.query),
            headers=dict(request.headers),
            body=body,
        )
        self.requests.append(rec)
        script = self.replies.popleft() if self.replies else self.default
        reply = script(rec) if callable(script) else script
        if reply.delay:
            await asyncio.sleep(reply.delay)
        if reply.drop:
            assert request.transport is not None
            request.transport.close()
            return web.Response(status=500)
        if reply.raw is not None:
            return web.Response(
                status=reply.status,
                body=reply.raw,
                headers=reply.headers,
                content_type="application/json",
            )
        return web.json_response(reply.body, status=reply.status, headers=reply.headers)
