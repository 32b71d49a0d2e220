"""Fixtures for the command line: the FakeAPI served from a background thread."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pytest
from aiohttp import web

from tests._support.cli import BackgroundLoop, api_answer
from tests._support.fake_api import API_KEY, FakeAPI


@pytest.fixture
def api(fake_api: FakeAPI) -> Iterator[FakeAPI]:
    fake_api.default = api_answer
    return fake_api


@pytest.fixture
def base_url(fake_api: FakeAPI) -> Iterator[str]:
    """The FakeAPI served from a background thread."""
    background = BackgroundLoop()

    async def start() -> tuple[web.AppRunner, int]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", fake_api.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, runner.addresses[0][1]

    runner, port = background.call(start())
    try:
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        background.call(runner.cleanup())
        background.close()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
