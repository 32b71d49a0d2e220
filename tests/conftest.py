"""Shared fixtures: a scripted Telnyx-like server on loopback and clients for it."""

from __future__ import annotations

import asyncio
import json
import os
from collections import deque
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from multidict import MultiDict

from telnyx_sip import AsyncTelnyxSIP, RetryPolicy

API_KEY = "KEY-test-0123456789abcdef"
SPEC_ENV = "TELNYX_SIP_OPENAPI"
DEFAULT_SPEC = (
    Path(__file__).resolve().parents[2] / "shared" / "openapi" / "telnyx-sip.json"
)


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


@attrs.define
class FakeSleep:
    """Records the waits the retry loop asks for, without waiting."""

    waits: list[float] = attrs.Factory(list)
    now: float = 0.0

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


@pytest.fixture
def fake_api() -> FakeAPI:
    return FakeAPI()


@pytest.fixture
async def api_server(fake_api: FakeAPI) -> AsyncIterator[TestServer]:
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake_api.handle)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield server
    finally:
        await server.close()


@pytest.fixture
def fake_sleep() -> FakeSleep:
    return FakeSleep()


@pytest.fixture
async def client(
    api_server: TestServer, fake_sleep: FakeSleep
) -> AsyncIterator[AsyncTelnyxSIP]:
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock)
    async with AsyncTelnyxSIP(
        API_KEY,
        base_url=str(api_server.make_url("/v2")),
        retry_policy=policy.without_jitter(),
    ) as c:
        yield c


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    """The Telnyx OpenAPI spec, or a skip (a failure under CI) when absent."""
    path = Path(os.environ.get(SPEC_ENV, str(DEFAULT_SPEC)))
    if not path.is_file():
        message = (
            f"OpenAPI spec not found at {path}; set {SPEC_ENV} to "
            "../shared/openapi/telnyx-sip.json to run the contract tests"
        )
        if os.environ.get("TELNYX_SIP_REQUIRE_SPEC"):
            pytest.fail(message)
        pytest.skip(message)
    loaded: dict[str, Any] = json.loads(path.read_text())
    return loaded
