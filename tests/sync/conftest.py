"""Fixtures of the sync client tests: the threaded server and a client on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from telnyx_sip import RetryPolicy, TelnyxSIP
from tests._support.fake_api import API_KEY, FakeAPI
from tests._support.fake_sleep import FakeSleep

from ._server import ThreadedServer


@pytest.fixture
def server(fake_api: FakeAPI) -> Iterator[ThreadedServer]:
    srv = ThreadedServer(fake_api)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def sync_client(server: ThreadedServer, fake_sleep: FakeSleep) -> Iterator[TelnyxSIP]:
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock).without_jitter()
    with TelnyxSIP(API_KEY, base_url=server.base_url, retry_policy=policy) as c:
        yield c
