"""A server-requested pause never freezes a bulk job: ``max_pause`` bounds it.

One answer asking for a billion seconds (or a date in 2099) used to pause the
whole job that long. Now a pause above ``max_pause`` (by default the client's
``max_retry_time``) is not taken: the call that got it fails as rate-limited,
the others go on. Nothing here sleeps for real: the clients' sleep is fake
and records every wait, and a wall-clock guard fails a job that would hang.
"""

from __future__ import annotations

import asyncio
import email.utils
import math
import time
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, RateLimitError
from telnyx_sip.bulk import BulkJob, run_bulk
from telnyx_sip.cli import ExitCode
from tests._support.bulk_runs import read_report, run_apply, served, write_plan
from tests._support.fake_api import API_KEY, FakeAPI, Recorded, Reply
from tests._support.fake_sleep import FakeSleep
from tests._support.ip_plans import create_ips, echo_ip

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
FIRST = "198.51.100.0"  # the address of the plan's first create
GUARD = 20.0  # wall seconds: far above a healthy run, far below "forever"


def _first_create_answers(status: int, headers: dict[str, str]) -> Any:
    """The first create (by address) gets ``status`` and ``headers``, once."""
    told: list[bool] = []

    def reply(rec: Recorded) -> Reply:
        if rec.json["ip_address"] == FIRST and not told:
            told.append(True)
            if status == 429:
                return Reply(429, {"errors": []}, headers=headers)
            answer = echo_ip(rec)
            answer.headers.update(headers)
            return answer
        return echo_ip(rec)

    return reply


@pytest.mark.parametrize("name", sorted(FAR))
async def test_a_far_429_fails_its_call_and_the_job_goes_on(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep, name: str
) -> None:
    fake_api.default = _first_create_answers(429, FAR[name])
    job = BulkJob(client, create_ips(6), concurrency=3)
    started = time.monotonic()
    report = await asyncio.wait_for(job.run(), GUARD)
    assert time.monotonic() - started < GUARD / 4
    statuses = [o.status for o in report.outcomes]
    assert statuses == ["failed"] + ["succeeded"] * 5
    error = report.outcomes[0].error
    assert isinstance(error, RateLimitError)
    assert len(fake_api.requests) == 6  # the far 429 was not retried
    assert fake_sleep.now == 0.0  # not one (fake) second waited, by anyone
    assert (job.throttle.refused, job.throttle.pauses) == (1, 0)


async def test_far_no_budget_left_on_a_success_pauses_nothing(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.default = _first_create_answers(201, FAR["ratelimit-reset"])
    job = BulkJob(client, create_ips(4), concurrency=1)
    report = await asyncio.wait_for(job.run(), GUARD)
    assert report.ok
    assert fake_sleep.now == 0.0
    assert job.throttle.refused == 1


async def test_the_default_bound_is_the_clients_retry_budget(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    budget = client.retry_policy.max_retry_time
    fake_api.default = _first_create_answers(
        201, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": f"{budget:g}"}
    )
    job = BulkJob(client, create_ips(3), concurrency=1)
    assert job.throttle.max_pause == budget
    report = await job.run()
    assert report.ok
    assert fake_sleep.waits == [budget]  # the longest pause still taken


async def test_a_pause_between_max_pause_and_the_budget_is_left_to_its_call(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.default = _first_create_answers(429, {"Retry-After": "30"})
    job = BulkJob(client, create_ips(4), concurrency=1, max_pause=5)
    report = await job.run()
    # The call waited its own 30 s and went through; the job took no pause.
    assert report.ok
    assert fake_sleep.waits == [30.0]
    assert (job.throttle.refused, job.throttle.pauses) == (1, 0)


@pytest.mark.parametrize(
    "value", [0, -1, 0.0, math.nan, math.inf, -math.inf, True, "5", 10**400]
)
@pytest.mark.parametrize("field", ["max_pause", "grace"])
async def test_bad_durations_are_refused_naming_the_field(
    client: AsyncTelnyxSIP, field: str, value: object
) -> None:
    with pytest.raises(InvalidArgumentError) as info:
        await run_bulk(client, create_ips(1), **{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_apply_gives_up_on_a_far_429_at_once(tmp_path: Path) -> None:
    fake_api = FakeAPI()
    fake_api.default = _first_create_answers(429, FAR["retry-after"])
    write_plan(tmp_path / "plan.jsonl", create_ips(5))
    with served(fake_api) as base_url:
        started = time.monotonic()
        done = run_apply(base_url, API_KEY, tmp_path, "--concurrency", "2")
        elapsed = time.monotonic() - started
    assert done.returncode == ExitCode.PARTIAL, done.stderr
    assert elapsed < GUARD  # a frozen job would run into the subprocess timeout
    report = read_report(tmp_path / "report.jsonl")
    assert [r["status"] for r in report] == ["failed"] + ["succeeded"] * 4
    assert report[0]["error"]["status"] == 429
    assert len(fake_api.requests) == 5
    assert "1 failed" in done.stderr
