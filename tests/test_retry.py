"""Each row of the retry rules, against a real loopback server, never sleeping."""

from __future__ import annotations

import email.utils
import socket
import time
from typing import Any

import pytest

from telnyx_sip import (
    AmbiguousOutcomeError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncTelnyxSIP,
    InternalServerError,
    RateLimitError,
    RequestOptions,
    RetryPolicy,
)
from telnyx_sip._retry import delays

from ._support.fake_api import API_KEY, FakeAPI, Reply
from ._support.fake_sleep import FakeSleep

IP = {"id": "7", "ip_address": "203.0.113.7", "port": 5060, "record_type": "ip"}


async def _create_ip(client: AsyncTelnyxSIP, **kwargs: Any) -> Any:
    return await client.ips.create(ip_address="203.0.113.7", **kwargs)


async def test_get_retries_5xx_then_succeeds(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.reply(500, {"errors": [{"code": "10007", "title": "Unexpected error"}]})
    fake_api.reply(503)
    fake_api.data(IP)
    ip = await client.ips.retrieve("7")
    assert ip.ip_address == "203.0.113.7"
    assert len(fake_api.requests) == 3
    assert fake_sleep.waits == [0.5, 1.0]


async def test_get_gives_up_after_max_retries(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.default = Reply(502)
    with pytest.raises(InternalServerError) as info:
        await client.ips.retrieve("7")
    assert info.value.status == 502
    assert len(fake_api.requests) == 3  # first attempt + max_retries=2
    assert len(fake_sleep.waits) == 2


@pytest.mark.parametrize("status", [500, 502, 503, 504])
async def test_create_on_5xx_is_ambiguous_and_not_resent(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep, status: int
) -> None:
    fake_api.reply(
        status,
        {"errors": [{"code": "x", "title": "boom"}]},
        headers={"x-request-id": "r5"},
    )
    with pytest.raises(AmbiguousOutcomeError) as info:
        await _create_ip(client)
    assert info.value.status == status
    assert info.value.request_id == "r5"
    assert b"boom" in (info.value.body or b"")
    assert "may or may not" in str(info.value)
    assert isinstance(info.value, APIConnectionError)
    assert len(fake_api.requests) == 1
    assert fake_sleep.waits == []


async def test_create_on_dropped_connection_is_ambiguous(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(drop=True)
    with pytest.raises(AmbiguousOutcomeError):
        await _create_ip(client)
    assert len(fake_api.requests) == 1


async def test_delete_on_dropped_connection_is_retried(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(drop=True)
    fake_api.data(IP)
    ip = await client.ips.delete("7")
    assert ip.id == "7"
    assert [r.method for r in fake_api.requests] == ["DELETE", "DELETE"]


async def test_create_timeout_is_ambiguous(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(delay=1.0)
    with pytest.raises(AmbiguousOutcomeError):
        await _create_ip(client, options=RequestOptions(timeout=0.05))
    assert len(fake_api.requests) == 1


async def test_get_timeout_is_retried(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(delay=1.0)
    fake_api.data(IP)
    ip = await client.ips.retrieve("7", options=RequestOptions(timeout=0.1))
    assert ip.id == "7"
    assert len(fake_api.requests) == 2


async def test_get_timeout_exhausted_raises_timeout(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.default = Reply(delay=1.0)
    with pytest.raises(APITimeoutError):
        await client.ips.retrieve(
            "7", options=RequestOptions(timeout=0.05, max_retries=1)
        )
    # Counted on the client side: on a loaded machine a 50 ms attempt can
    # run out before its request reaches the server at all.
    assert fake_sleep.waits == [0.5]


async def test_patch_and_408_are_retried(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(408)
    fake_api.data(IP)
    await client.ips.update("7", ip_address="203.0.113.7")
    assert [r.method for r in fake_api.requests] == ["PATCH", "PATCH"]


async def test_create_408_is_not_retried(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(408)
    with pytest.raises(APIStatusError) as info:
        await _create_ip(client)
    assert info.value.status == 408
    assert len(fake_api.requests) == 1


async def test_check_registration_status_is_retried_on_5xx(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(500)
    fake_api.data({"status": "Registered", "record_type": "registration_status"})
    status = await client.credential_connections.check_registration_status("1")
    assert status.status is not None
    assert len(fake_api.requests) == 2


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"x-ratelimit-reset": "4"}, 4.0),
    ],
)
async def test_create_429_waits_exactly_what_the_server_asks(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    fake_sleep: FakeSleep,
    headers: dict[str, str],
    wait: float,
) -> None:
    fake_api.reply(
        429,
        {"errors": [{"code": "10011", "title": "Too many requests"}]},
        headers=headers,
    )
    fake_api.data(IP, status=201)
    await _create_ip(client)
    assert fake_sleep.waits == [wait]
    assert len(fake_api.requests) == 2


async def test_429_with_http_date(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    date = email.utils.formatdate(time.time() + 20, usegmt=True)
    fake_api.reply(429, headers={"Retry-After": date})
    fake_api.data(IP)
    await client.ips.retrieve("7")
    (wait,) = fake_sleep.waits
    assert 18.0 <= wait <= 20.0


async def test_429_without_hint_uses_backoff(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.reply(429)
    fake_api.data(IP)
    await client.ips.retrieve("7")
    assert fake_sleep.waits == [0.5]


async def test_429_wait_beyond_time_cap_raises_without_sleeping(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.reply(429, headers={"Retry-After": "120"})
    with pytest.raises(RateLimitError) as info:
        await client.ips.retrieve("7", options=RequestOptions(max_retry_time=60))
    assert info.value.retry_after == 120.0
    assert fake_sleep.waits == []


async def test_time_cap_counts_waits(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.default = Reply(429, headers={"Retry-After": "4"})
    with pytest.raises(RateLimitError):
        await client.ips.retrieve(
            "7", options=RequestOptions(max_retries=10, max_retry_time=10)
        )
    assert fake_sleep.waits == [4.0, 4.0]
    assert len(fake_api.requests) == 3


async def test_per_call_max_retries_zero(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = Reply(500)
    with pytest.raises(InternalServerError):
        await client.ips.retrieve("7", options=RequestOptions(max_retries=0))
    assert len(fake_api.requests) == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


async def test_connect_failure_is_retried_even_for_create(
    fake_sleep: FakeSleep,
) -> None:
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock).without_jitter()
    async with AsyncTelnyxSIP(
        API_KEY,
        base_url=f"http://127.0.0.1:{_closed_port()}/v2",
        retry_policy=policy,
        max_retries=3,
    ) as client:
        with pytest.raises(APIConnectionError) as info:
            await _create_ip(client)
    assert not isinstance(info.value, AmbiguousOutcomeError)
    assert info.value.sent is False
    assert fake_sleep.waits == [0.5, 1.0, 2.0]


def test_backoff_steps_are_capped_and_fully_jittered() -> None:
    policy = RetryPolicy(initial_delay=0.5, max_delay=4.0)
    steps = delays(policy.without_jitter())
    assert [next(steps) for _ in range(6)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    jittered = delays(policy)
    for cap in [0.5, 1.0, 2.0, 4.0, 4.0]:
        assert 0.0 <= next(jittered) <= cap


async def test_client_error_is_not_retried(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(
        422,
        {
            "errors": [
                {"code": "10015", "title": "Bad", "source": {"pointer": "/ip_address"}}
            ]
        },
    )
    with pytest.raises(APIStatusError) as info:
        await _create_ip(client)
    assert info.value.status == 422
    assert len(fake_api.requests) == 1
