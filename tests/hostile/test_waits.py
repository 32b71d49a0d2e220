"""Waits a server asks for: never unbounded, never zero, never for nonsense statuses."""

from __future__ import annotations

import email.utils
import time

import pytest
from aiohttp import web

from telnyx_sip import APIStatusError, RateLimitError, RetryPolicy
from tests._support.hostile import hostile

FAR = {
    "retry-after": {"Retry-After": "1000000000"},
    "http-date-2099": {
        "Retry-After": email.utils.formatdate(4_070_908_800, usegmt=True)
    },
    "retry-after-ms": {"retry-after-ms": "1e300"},
    "ratelimit-reset": {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "4070908800",
    },
}


@pytest.mark.parametrize("name", sorted(FAR))
async def test_a_wait_beyond_the_budget_fails_the_call_at_once(name: str) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response({"errors": []}, status=429, headers=FAR[name])

    async with hostile(handler, max_retries=5, max_retry_time=30.0) as h:
        with pytest.raises(RateLimitError):
            await h.client.ips.create(ip_address="192.0.2.1")
    assert h.sleep.waits == []  # not one second was slept
    assert len(h.requests) == 1


@pytest.mark.parametrize("header", ["0", "-5", "0.0000001"])
async def test_a_zero_wait_still_waits_the_floor_and_retries_are_counted(
    header: str,
) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"errors": []}, status=429, headers={"Retry-After": header}
        )

    async with hostile(handler, max_retries=3) as h:
        floor = h.client.retry_policy.min_delay
        with pytest.raises(RateLimitError):
            await h.client.ips.list()
    assert len(h.requests) == 4  # the first attempt and three retries, no more
    assert h.sleep.waits == [floor] * 3
    assert floor > 0


async def test_in_real_time_a_zero_wait_gets_a_bounded_number_of_requests() -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.json_response(
            {"errors": []}, status=429, headers={"Retry-After": "0"}
        )

    async with hostile(handler, max_retries=2) as h:
        real = h.client.with_options(retry_policy=RetryPolicy(max_retries=2))
        started = time.monotonic()
        with pytest.raises(RateLimitError):
            await real.ips.retrieve("1")
        elapsed = time.monotonic() - started
    assert len(h.requests) == 3
    assert elapsed >= 2 * real.retry_policy.min_delay


@pytest.mark.parametrize("status", [600, 999, 299 + 700])
async def test_a_status_outside_http_is_an_error_never_retried(status: int) -> None:
    async def handler(_: web.Request) -> web.StreamResponse:
        return web.Response(status=status, text="??")

    async with hostile(handler, max_retries=3) as h:
        with pytest.raises(APIStatusError) as info:
            await h.client.ips.retrieve("1")
        with pytest.raises(APIStatusError) as on_create:
            await h.client.ips.create(ip_address="192.0.2.1")
    assert type(info.value) is APIStatusError
    assert type(on_create.value) is APIStatusError  # not "ambiguous": not a 5xx
    assert info.value.status == status
    assert len(h.requests) == 2
