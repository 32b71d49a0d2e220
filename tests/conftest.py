"""Shared fixtures: a scripted Telnyx-like server on loopback and clients for it."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from telnyx_sip import AsyncTelnyxSIP, RetryPolicy

from ._support.fake_api import API_KEY, FakeAPI
from ._support.fake_sleep import FakeSleep

SPEC_ENV = "TELNYX_SIP_OPENAPI"
DEFAULT_SPEC = (
    Path(__file__).resolve().parents[2] / "shared" / "openapi" / "telnyx-sip.json"
)


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
