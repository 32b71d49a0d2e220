"""Client construction, configuration, lifecycle and the safety rules."""

from __future__ import annotations

import asyncio
import gc
import logging
import warnings
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from telnyx_sip import (
    AsyncTelnyxSIP,
    AuthenticationError,
    InvalidArgumentError,
    RequestOptions,
    ResponseValidationError,
    __version__,
)

from ._support.fake_api import API_KEY, FakeAPI

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}
SECRET_PASSWORD = "pw-Secret-9f8e7d"


def test_missing_key_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    with pytest.raises(InvalidArgumentError, match="TELNYX_API_KEY") as info:
        AsyncTelnyxSIP()
    assert info.value.field == "api_key"


def test_key_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    client = AsyncTelnyxSIP()
    assert API_KEY not in repr(client)


@pytest.mark.parametrize("key", ["", "   ", "abc\r\nX-Evil: 1", " padded "])
def test_bad_keys_are_refused_without_echoing_them(key: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AsyncTelnyxSIP(key)
    if key.strip():
        assert key.strip() not in str(info.value)


def test_plain_http_only_for_loopback() -> None:
    with pytest.raises(InvalidArgumentError, match="loopback"):
        AsyncTelnyxSIP(API_KEY, base_url="http://api.telnyx.com/v2")
    AsyncTelnyxSIP(API_KEY, base_url="http://127.0.0.1:4010/v2")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timeout": 0}, "timeout"),
        ({"connect_timeout": -1}, "connect_timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"max_retries": 1.5}, "max_retries"),
        ({"max_retry_time": 0}, "max_retry_time"),
        ({"max_connections": 0}, "max_connections"),
        ({"max_response_bytes": 0}, "max_response_bytes"),
    ],
)
def test_bad_settings_name_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        AsyncTelnyxSIP(API_KEY, **kwargs)
    assert info.value.field == field


async def test_headers_sent(client: AsyncTelnyxSIP, fake_api: FakeAPI) -> None:
    fake_api.data(IP)
    await client.ips.retrieve(
        "7", options=RequestOptions(extra_headers=(("X-Trace", "t1"),))
    )
    (req,) = fake_api.requests
    assert req.headers["Authorization"] == f"Bearer {API_KEY}"
    assert req.headers["User-Agent"].startswith(f"telnyx-sip/{__version__} ")
    assert req.headers["Accept"] == "application/json"
    assert req.headers["X-Trace"] == "t1"
    assert "Content-Type" not in req.headers or req.method != "GET"


async def test_no_unclosed_warnings(api_server: TestServer, fake_api: FakeAPI) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for _ in range(5):
            fake_api.data(IP)
            async with AsyncTelnyxSIP(
                API_KEY, base_url=str(api_server.make_url("/v2"))
            ) as client:
                await client.ips.retrieve("7")
        gc.collect()
        await asyncio.sleep(0)
    assert [str(w.message) for w in caught] == []


async def test_path_values_cannot_escape(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    for value in ["../ips", "a/b?c=d", "%2e%2e", "..%2f"]:
        fake_api.data(IP)
        await client.ips.retrieve(value)
    paths = [r.raw_path for r in fake_api.requests]
    assert paths == [
        "/v2/ips/..%2Fips",
        "/v2/ips/a%2Fb%3Fc%3Dd",
        "/v2/ips/%252e%252e",
        "/v2/ips/..%252f",
    ]
    assert all(r.query == {} for r in fake_api.requests)


async def test_empty_id_rejected_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    with pytest.raises(InvalidArgumentError, match="id"):
        await client.ips.delete("")
    with pytest.raises(InvalidArgumentError, match=r"^id: "):
        await client.access_ip_ranges.delete("..")
    assert fake_api.requests == []


async def test_invalid_2xx_body_raises_response_validation_error(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(
        200, {"data": {"id": 7, "port": "not-a-port"}}, headers={"x-request-id": "rv1"}
    )
    with pytest.raises(ResponseValidationError) as info:
        await client.ips.retrieve("7")
    assert info.value.request_id == "rv1"
    assert info.value.status == 200
    assert b"not-a-port" in info.value.body
    fake_api.reply(200, raw=b"<html>")
    with pytest.raises(ResponseValidationError, match="not JSON"):
        await client.ips.retrieve("7")
    fake_api.reply(200, {"nodata": 1})
    with pytest.raises(ResponseValidationError, match="'data'"):
        await client.ips.retrieve("7")


async def test_secrets_never_in_logs_reprs_or_errors(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, caplog: pytest.LogCaptureFixture
) -> None:
    conn = {
        "id": "1",
        "connection_name": "office",
        "user_name": "office1",
        "password": SECRET_PASSWORD,
        "record_type": "credential_connection",
    }
    fake_api.data(conn, status=201, headers={"x-request-id": "rq-9"})
    fake_api.reply(
        401, {"errors": [{"code": "10009", "title": "Authentication failed"}]}
    )
    with caplog.at_level(logging.DEBUG):
        created = await client.credential_connections.create(
            connection_name="office", user_name="office1", password=SECRET_PASSWORD
        )
        with pytest.raises(AuthenticationError) as info:
            await client.credential_connections.retrieve("1")
    assert created.password == SECRET_PASSWORD
    texts = [
        caplog.text,
        repr(created),
        str(created),
        repr(client),
        str(info.value),
        repr(info.value),
    ]
    for text in texts:
        assert API_KEY not in text
        assert SECRET_PASSWORD not in text
    # One DEBUG line per attempt, naming method, path, status and request id.
    lines = [
        r.getMessage()
        for r in caplog.records
        if r.name == "telnyx_sip" and r.levelno == logging.DEBUG
    ]
    assert lines[0].startswith("POST /credential_connections -> 201 in ")
    assert "attempt 1" in lines[0]
    assert "request id rq-9" in lines[0]
    assert lines[1].startswith("GET /credential_connections/1 -> 401")


async def test_pool_wait_does_not_eat_the_timeout(
    api_server: TestServer, fake_api: FakeAPI
) -> None:
    # One pooled connection: the second call queues behind a slow first one
    # for longer than its own read timeout, and must still succeed.
    fake_api.reply(200, {"data": IP}, delay=0.6)
    fake_api.reply(200, {"data": IP})
    async with AsyncTelnyxSIP(
        API_KEY,
        base_url=str(api_server.make_url("/v2")),
        max_connections=1,
        max_retries=0,
    ) as client:
        slow = asyncio.create_task(client.ips.retrieve("7"))
        await asyncio.sleep(0.05)
        fast = await client.ips.retrieve("8", options=RequestOptions(timeout=0.4))
        assert fast.id == "7"
        await slow


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_BASE_URL", "http://127.0.0.1:4010/v2/")
    assert AsyncTelnyxSIP(API_KEY).base_url == "http://127.0.0.1:4010/v2"
    monkeypatch.delenv("TELNYX_BASE_URL")
    assert AsyncTelnyxSIP(API_KEY).base_url == "https://api.telnyx.com/v2"
