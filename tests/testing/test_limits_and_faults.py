"""Rate limiting and each kind of injected fault, with fixed seeds."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from telnyx_sip import (
    AmbiguousOutcomeError,
    APIConnectionError,
    InternalServerError,
    InvalidArgumentError,
    RateLimitError,
)
from telnyx_sip.testing import FAULT_KINDS, FaultConfig, Sandbox
from telnyx_sip.testing._rate_limit import FixedWindow
from tests._support.sandbox import MakeSandbox, Raw

DROPPED = -1


async def _statuses(
    sandbox: Sandbox, count: int, method: str = "GET", path: str = "/ips"
) -> list[int]:
    """Send ``count`` requests one by one; -1 marks a dropped connection."""
    out = []
    async with aiohttp.ClientSession() as session:
        raw = Raw(session, sandbox.base_url, sandbox.api_key)
        for n in range(count):
            body: Any = {"ip_address": f"203.0.113.{n % 250 + 1}"}
            try:
                status, _, _ = await raw.call(method, path, json=body)
            except aiohttp.ClientError:
                status = DROPPED
            out.append(status)
    return out


async def test_rate_limit_headers_on_every_answer(make_sandbox: MakeSandbox) -> None:
    async with (
        make_sandbox(rate_limit=3, rate_window=3600) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        raw = Raw(session, sandbox.base_url, sandbox.api_key)
        seen = []
        for path, key in (
            ("/ips", ""),
            ("/nope", ""),
            ("/ips", "wrong"),
            ("/ips", ""),
        ):
            status, body, headers = await raw.call("GET", path, key=key)
            seen.append((status, headers["x-ratelimit-remaining"]))
            assert headers["x-ratelimit-limit"] == "3"
            assert 3500 < int(headers["x-ratelimit-reset"]) <= 3600
        assert seen == [(200, "2"), (404, "1"), (401, "0"), (429, "0")]
        assert int(headers["Retry-After"]) == int(headers["x-ratelimit-reset"])
        assert body["errors"][0]["code"] == "10011"
    assert sandbox.stats.rate_limited == 1
    assert sandbox.stats.by_status[429] == 1


async def test_no_rate_limit_headers_when_off(http: Raw) -> None:
    _, _, headers = await http.call("GET", "/ips")
    assert "x-ratelimit-limit" not in headers


async def test_the_sdk_sees_the_limit(make_sandbox: MakeSandbox) -> None:
    async with (
        make_sandbox(rate_limit=1, rate_window=3600) as sandbox,
        sandbox.make_client(max_retries=0) as client,
    ):
        await client.ips.list()
        with pytest.raises(RateLimitError) as info:
            await client.ips.list()
    assert info.value.retry_after is not None
    assert 3500 < info.value.retry_after <= 3600


def test_fixed_window_opens_again_after_it_ends() -> None:
    now = [100.0]
    window = FixedWindow(2, 10.0, clock=lambda: now[0])
    assert [window.take()[0] for _ in range(3)] == [True, True, False]
    now[0] = 109.5
    allowed, headers = window.take()
    assert not allowed
    assert headers["Retry-After"] == "1"
    now[0] = 110.0
    allowed, headers = window.take()
    assert allowed
    assert headers["x-ratelimit-remaining"] == "1"
    assert headers["x-ratelimit-reset"] == "10"


async def test_error_500_fraction_is_seeded(make_sandbox: MakeSandbox) -> None:
    runs = []
    for _ in range(2):
        async with make_sandbox(faults=FaultConfig(error_500=0.3, seed=7)) as sandbox:
            statuses = await _statuses(sandbox, 40)
        runs.append(statuses)
        assert sandbox.stats.faults_injected["error_500"] == statuses.count(500)
        assert sandbox.stats.by_status[500] == statuses.count(500)
        assert sandbox.stats.requests == 40
    assert runs[0] == runs[1]
    assert 0 < runs[0].count(500) < 40
    assert set(runs[0]) == {200, 500}


async def test_fault_seed_defaults_to_the_sandbox_seed(
    make_sandbox: MakeSandbox,
) -> None:
    runs = []
    for seed in (1, 1, 2):
        async with make_sandbox(
            seed=seed, faults=FaultConfig(error_500=0.5)
        ) as sandbox:
            runs.append(await _statuses(sandbox, 30))
    assert runs[0] == runs[1] != runs[2]


async def test_error_429_has_retry_after(make_sandbox: MakeSandbox) -> None:
    faults = FaultConfig(error_429=1.0, retry_after=3, seed=0)
    async with (
        make_sandbox(faults=faults) as sandbox,
        aiohttp.ClientSession() as session,
    ):
        raw = Raw(session, sandbox.base_url, sandbox.api_key)
        status, body, headers = await raw.call(
            "POST", "/ips", json={"ip_address": "203.0.113.1"}
        )
    assert status == 429
    assert headers["Retry-After"] == "3"
    assert body["errors"][0]["code"] == "10011"
    assert sandbox.rows("ips") == []  # refused before processing
    assert sandbox.stats.faults_injected["error_429"] == 1
    assert sandbox.stats.rate_limited == 0


async def test_drop_before_changes_nothing(make_sandbox: MakeSandbox) -> None:
    faults = FaultConfig(drop_before=0.4, seed=3)
    async with make_sandbox(faults=faults) as sandbox:
        statuses = await _statuses(sandbox, 30, "POST")
        rows = sandbox.rows("ips")
    dropped = statuses.count(DROPPED)
    assert 0 < dropped < 30
    assert sandbox.stats.faults_injected["drop_before"] == dropped
    assert len(rows) == statuses.count(201) == 30 - dropped
    assert sandbox.stats.rows_created == len(rows)
    assert sum(sandbox.stats.by_status.values()) == 30 - dropped


async def test_drop_after_commits_what_the_client_never_hears(
    make_sandbox: MakeSandbox,
) -> None:
    faults = FaultConfig(drop_after=0.4, seed=5)
    async with make_sandbox(faults=faults) as sandbox:
        statuses = await _statuses(sandbox, 30, "POST")
        rows = sandbox.rows("ips")
    dropped = statuses.count(DROPPED)
    assert 0 < dropped < 30
    assert sandbox.stats.faults_injected["drop_after"] == dropped
    assert len(rows) == 30  # every create was committed, answered or not
    assert sandbox.stats.rows_created == 30
    assert statuses.count(201) == 30 - dropped


async def test_drop_after_is_ambiguous_to_the_sdk(make_sandbox: MakeSandbox) -> None:
    async with (
        make_sandbox(faults=FaultConfig(drop_after=1.0)) as sandbox,
        sandbox.make_client(max_retries=0) as client,
    ):
        with pytest.raises(AmbiguousOutcomeError):
            await client.ip_connections.create(connection_name="pbx")
        assert [row["connection_name"] for row in sandbox.rows("ip_connections")] == [
            "pbx"
        ]


async def test_server_errors_through_the_sdk(make_sandbox: MakeSandbox) -> None:
    async with (
        make_sandbox(faults=FaultConfig(error_500=1.0)) as sandbox,
        sandbox.make_client(max_retries=0) as client,
    ):
        with pytest.raises(InternalServerError):
            await client.ips.list()
        with pytest.raises(AmbiguousOutcomeError):
            await client.ips.create(ip_address="203.0.113.1")
        assert sandbox.rows("ips") == []


async def test_drop_before_through_the_sdk(make_sandbox: MakeSandbox) -> None:
    async with (
        make_sandbox(faults=FaultConfig(drop_before=1.0)) as sandbox,
        sandbox.make_client(max_retries=0) as client,
    ):
        with pytest.raises(APIConnectionError):
            await client.ips.list()


async def test_latency_is_counted(make_sandbox: MakeSandbox) -> None:
    async with make_sandbox(faults=FaultConfig(latency=0.001)) as sandbox:
        await _statuses(sandbox, 3)
    assert sandbox.stats.faults_injected["latency"] == 3
    assert sandbox.stats.faults_total == 3


async def test_off_by_default(sandbox: Sandbox) -> None:
    await _statuses(sandbox, 5)
    assert sandbox.stats.faults_injected == dict.fromkeys(FAULT_KINDS, 0)
    assert not sandbox.state.faults.enabled


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"error_500": 1.5}, "error_500"),
        ({"drop_after": -0.1}, "drop_after"),
        ({"error_429": True}, "error_429"),
        ({"latency": -1}, "latency"),
        ({"latency": float("inf")}, "latency"),
        ({"seed": "x"}, "seed"),
        ({"retry_after": 0.5}, "retry_after"),
        ({"retry_after": -1}, "retry_after"),
    ],
)
def test_fault_config_checks_its_values(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        FaultConfig(**kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rate_limit": 0}, "rate_limit"),
        ({"rate_limit": True}, "rate_limit"),
        ({"rate_limit": "3"}, "rate_limit"),
        ({"rate_window": 0}, "rate_window"),
        ({"api_key": " "}, "api_key"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_sandbox_checks_its_settings(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        Sandbox(**kwargs)
    assert info.value.field == field
