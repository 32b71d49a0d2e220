"""Errors through the sync client, and calls from its own loop thread."""

from __future__ import annotations

import traceback

import pytest

from telnyx_sip import NotFoundError, RetryPolicy, TelnyxSIP, UnprocessableEntityError
from telnyx_sip.errors import InvalidArgumentError
from tests._support.fake_api import API_KEY, FakeAPI

from ._server import IP, ThreadedServer


def test_errors_are_the_async_classes_with_the_callers_line(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(404, {"errors": [{"code": "10005", "title": "Not found"}]})
    with pytest.raises(NotFoundError) as info:
        sync_client.ips.retrieve("nope")  # the line the traceback must show
    assert type(info.value) is NotFoundError
    assert info.value.status == 404
    assert info.value.code == "10005"
    frames = traceback.extract_tb(info.tb)
    mine = [f for f in frames if f.filename == __file__]
    assert mine
    assert mine[0].line is not None
    assert "sync_client.ips.retrieve" in mine[0].line
    # The async side of the story is kept below the caller's frames.
    assert any(f.filename.endswith("_client.py") for f in frames)


def test_validation_errors_come_through(
    sync_client: TelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(422, {"errors": [{"code": "10015", "title": "Bad"}]})
    with pytest.raises(UnprocessableEntityError):
        sync_client.ips.update("1", ip_address="203.0.113.8")
    with pytest.raises(InvalidArgumentError):
        sync_client.ips.create(ip_address=7)  # type: ignore[arg-type]
    assert len(fake_api.requests) == 1


def test_call_from_its_own_loop_thread_raises(server: ThreadedServer) -> None:
    box: dict[str, TelnyxSIP] = {}
    seen: list[BaseException] = []

    async def sleep_that_calls_back(_: float) -> None:
        # Runs on the client's loop thread: a blocking call here would wait
        # for that very thread forever.
        try:
            box["client"].ips.retrieve("again")
        except RuntimeError as exc:
            seen.append(exc)
            raise

    server.api.reply(503)
    policy = RetryPolicy(sleep=sleep_that_calls_back)
    with TelnyxSIP(API_KEY, base_url=server.base_url, retry_policy=policy) as client:
        box["client"] = client
        with pytest.raises(RuntimeError, match="own event loop thread"):
            client.ips.retrieve("1")
        assert len(seen) == 1
        server.api.data(IP)
        assert client.ips.retrieve("7").id == "7"
