"""Bulk jobs against a scripted loopback server: outcomes, reconciliation, limits."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer

from telnyx_sip import AsyncTelnyxSIP, InvalidArgumentError, RetryPolicy
from telnyx_sip.bulk import BulkJob, Call, Progress, run_bulk, run_bulk_sync
from telnyx_sip.models import Ip
from tests._support.fake_api import API_KEY, FakeAPI, Recorded, Reply
from tests._support.fake_sleep import FakeSleep
from tests._support.ip_plans import create_ips, echo_ip, ip_row, page


async def test_one_outcome_per_input_in_order(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    def reply(rec: Recorded) -> Reply:
        if rec.json["ip_address"].endswith(".3"):
            return Reply(
                422,
                {
                    "errors": [
                        {
                            "code": "10015",
                            "title": "Invalid",
                            "source": {"pointer": "/ip_address"},
                        }
                    ]
                },
            )
        return echo_ip(rec)

    fake_api.default = reply
    seen: list[Progress] = []
    report = await run_bulk(
        client, create_ips(6), concurrency=3, on_progress=seen.append
    )
    assert [o.index for o in report.outcomes] == list(range(6))
    assert [o.status for o in report.outcomes] == [
        "succeeded",
        "succeeded",
        "succeeded",
        "failed",
        "succeeded",
        "succeeded",
    ]
    assert report.outcomes[0].result.ip_address == "198.51.100.0"
    failed = report.outcomes[3].to_json()
    assert failed["error"]["status"] == 422
    assert failed["error"]["errors"][0]["pointer"] == "/ip_address"
    assert report.counts == {
        "succeeded": 5,
        "failed": 1,
        "unknown": 0,
        "not_attempted": 0,
    }
    assert not report.ok
    assert [p.done for p in seen] == [1, 2, 3, 4, 5, 6]
    # Each progress names the outcome just settled: every one, once.
    assert sorted(p.outcome.index for p in seen if p.outcome) == list(range(6))
    assert {p.outcome.index: p.outcome for p in seen if p.outcome} == dict(
        enumerate(report.outcomes)
    )
    assert len(fake_api.requests) == 6


async def test_repeated_natural_keys_are_refused_before_start(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    calls = [
        Call(
            "credential_connections",
            "create",
            {"connection_name": "a", "user_name": "u1", "password": "p1"},
        ),
        Call(
            "credential_connections",
            "create",
            {"connection_name": "a", "user_name": "u2", "password": "p2"},
        ),
    ]
    with pytest.raises(InvalidArgumentError, match="calls 0 and 1 create the same"):
        await run_bulk(client, calls)
    assert fake_api.requests == []


async def test_invalid_call_fails_without_request(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.default = echo_ip
    calls = [
        Call("ips", "create", {"ip_address": 5}),
        Call("ips", "explode", {}),
        Call("nope", "create", {}),
        Call("ips", "update", {"ip_address": "198.51.100.1"}),
        *create_ips(1),
    ]
    report = await run_bulk(client, calls)
    assert [o.status for o in report.outcomes] == ["failed"] * 4 + ["succeeded"]
    assert [getattr(o.error, "field", None) for o in report.outcomes[:4]] == [
        "ip_address",
        "action",
        "resource",
        "id",
    ]
    assert len(fake_api.requests) == 1


def _keywords(fn: Callable[..., object]) -> dict[str, tuple[object, object]]:
    return {
        name: (p.default, p.annotation)
        for name, p in inspect.signature(fn).parameters.items()
        if p.kind is p.KEYWORD_ONLY
    }


@pytest.mark.parametrize("entry", [run_bulk, run_bulk_sync])
def test_entry_points_take_the_job_keyword_arguments(
    entry: Callable[..., object],
) -> None:
    expected = _keywords(BulkJob.__init__)
    assert set(expected) == {
        "concurrency",
        "journal",
        "on_progress",
        "max_resends",
        "grace",
        "max_pause",
    }
    assert _keywords(entry) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("concurrency", 0, "must be >= 1, got 0"),
        ("concurrency", True, "expected int, got bool"),
        ("concurrency", "4", "expected int, got str"),
        ("max_resends", -1, "must be >= 0, got -1"),
        ("max_resends", 2.0, "expected int, got float"),
    ],
)
async def test_counts_are_checked_before_anything_is_sent(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    tmp_path: Path,
    name: str,
    value: object,
    message: str,
) -> None:
    journal = tmp_path / "job.jsonl"
    options: dict[str, Any] = {name: value}
    with pytest.raises(InvalidArgumentError, match=message) as info:
        await run_bulk(client, create_ips(1), journal=journal, **options)
    assert info.value.field == name
    assert fake_api.requests == []
    assert not journal.exists()


@pytest.mark.parametrize("max_resends", [0, 2])
async def test_max_resends_bounds_the_sends_of_an_absent_create(
    client: AsyncTelnyxSIP,
    fake_api: FakeAPI,
    fake_sleep: FakeSleep,
    max_resends: int,
) -> None:
    # Every create answers 500 and every lookup finds nothing.
    fake_api.default = lambda rec: Reply(500) if rec.method == "POST" else page([])
    report = await run_bulk(client, create_ips(1), max_resends=max_resends)
    assert report.outcomes[0].status == "unknown"
    methods = [r.method for r in fake_api.requests]
    assert methods == ["POST", "GET"] * (max_resends + 1)
    # Each resend waits one backoff step of the client's policy.
    assert fake_sleep.waits == [0.5, 1.0][:max_resends]


async def test_ambiguous_create_found_by_lookup_is_not_resent(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(500)  # the create happened, but the answer was an error
    fake_api.replies.append(lambda rec: page([ip_row(0)]))
    report = await run_bulk(client, create_ips(1))
    assert report.outcomes[0].status == "succeeded"
    assert report.outcomes[0].result.id == "1000"
    methods = [(r.method, r.path) for r in fake_api.requests]
    assert methods == [("POST", "/v2/ips"), ("GET", "/v2/ips")]
    lookup = fake_api.requests[1]
    assert lookup.query["filter[ip_address]"] == "198.51.100.0"
    assert lookup.query["filter[connection_id]"] == "c1"


async def test_ambiguous_create_confirmed_absent_is_resent(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(drop=True)
    fake_api.replies.append(lambda rec: page([ip_row(7)]))  # a different IP only
    fake_api.replies.append(echo_ip)
    report = await run_bulk(client, create_ips(1))
    assert report.outcomes[0].status == "succeeded"
    assert [r.method for r in fake_api.requests] == ["POST", "GET", "POST"]


async def test_lookup_failure_means_unknown(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(503)
    fake_api.reply(403, {"errors": [{"code": "10010", "title": "Forbidden"}]})
    report = await run_bulk(client, create_ips(1))
    assert report.outcomes[0].status == "unknown"
    assert [r.method for r in fake_api.requests] == ["POST", "GET"]


async def test_rate_limit_pauses_whole_job_and_lowers_concurrency(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    fake_api.reply(429, headers={"Retry-After": "7"})
    fake_api.default = echo_ip
    job = BulkJob(client, create_ips(4), concurrency=4)
    report = await job.run()
    assert report.ok
    assert job.throttle.pauses == 1
    assert 7.0 in fake_sleep.waits
    assert job.throttle.max_limit == 4


async def test_concurrency_halves_on_429_and_recovers(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    job = BulkJob(client, [], concurrency=8)
    throttle = job.throttle
    throttle.after_response(429, {"Retry-After": "1"})
    assert throttle.limit == 4
    throttle.after_response(429, {"Retry-After": "2"})
    assert throttle.limit == 2
    for _ in range(2):
        await throttle.acquire()
    for _ in range(2):
        throttle.release(ok=True)
    assert throttle.limit == 3
    throttle.after_response(
        200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "5"}
    )
    assert throttle.pauses == 3
    assert fake_api.requests == []


async def test_remaining_zero_pauses_before_next_attempt(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    def reply(rec: Recorded) -> Reply:
        r = echo_ip(rec)
        r.headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "3"}
        return r

    fake_api.default = reply
    report = await run_bulk(client, create_ips(2), concurrency=1)
    assert report.ok
    assert fake_sleep.waits.count(3.0) >= 1


async def test_journal_resume_skips_succeeded_and_reconciles_in_flight(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    calls = create_ips(3)
    fake_api.default = echo_ip
    first = await run_bulk(
        client, calls[:1] + calls[1:], journal=journal, concurrency=1
    )
    assert first.ok
    lines = [json.loads(x) for x in journal.read_text().splitlines()]
    assert lines[0]["journal"] == "telnyx-sip bulk journal"
    assert sum(1 for x in lines if x.get("status") == "succeeded") == 3

    # Pretend the process died after sending call 2, before hearing back.
    kept = [x for x in lines if not (x.get("index") == 2 and "status" in x)]
    journal.write_text("".join(json.dumps(x) + "\n" for x in kept))
    fake_api.requests.clear()
    fake_api.replies.append(lambda rec: page([ip_row(2)]))
    second = await run_bulk(client, calls, journal=journal)
    assert second.ok
    assert [(r.method, r.path) for r in fake_api.requests] == [("GET", "/v2/ips")]
    # Read back from the journal, the result is the model a fresh run gives.
    resumed = second.outcomes[0].result
    assert isinstance(resumed, Ip)
    assert resumed == first.outcomes[0].result


async def test_resume_looks_up_a_create_left_unknown_before_sending(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    calls = create_ips(1)
    fake_api.default = lambda rec: Reply(500) if rec.method == "POST" else page([])
    first = await run_bulk(client, calls, journal=journal, max_resends=0)
    assert first.outcomes[0].status == "unknown"
    fake_api.requests.clear()
    fake_api.default = lambda rec: page([ip_row(0)])  # it was made after all
    second = await run_bulk(client, calls, journal=journal)
    assert second.ok
    assert [r.method for r in fake_api.requests] == ["GET"]


async def test_journal_of_another_plan_is_refused(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    fake_api.default = echo_ip
    await run_bulk(client, create_ips(2), journal=journal)
    with pytest.raises(InvalidArgumentError, match="different plan"):
        await run_bulk(client, create_ips(3), journal=journal)


async def test_cancellation_completes_report_and_journal(
    client: AsyncTelnyxSIP, fake_api: FakeAPI, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    both_in_flight = asyncio.Event()

    def slow(rec: Recorded) -> Reply:
        if len(fake_api.requests) == 2:
            both_in_flight.set()
        r = echo_ip(rec)
        r.delay = 0.2
        return r

    fake_api.default = slow
    job = BulkJob(client, create_ips(10), concurrency=2, journal=journal, grace=5.0)
    task = asyncio.ensure_future(job.run())
    await both_in_flight.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    statuses = [o.status for o in job.report.outcomes]
    assert statuses[:2] == ["succeeded", "succeeded"]  # in flight: finished
    assert set(statuses[2:]) == {"not_attempted"}
    assert len(fake_api.requests) == 2
    lines = [json.loads(x) for x in journal.read_text().splitlines()[1:]]
    last = {x["index"]: x["status"] for x in lines if "status" in x}
    assert last == {o.index: o.status for o in job.report.outcomes}


async def test_delete_retried_after_lost_answer_counts_404_as_done(
    api_server: TestServer, fake_api: FakeAPI, fake_sleep: FakeSleep
) -> None:
    # Every attempt of the first send times out (the answer is lost); the
    # job sends the delete again and hears 404: the first one did it.
    fake_api.replies.extend([Reply(delay=0.5)] * 3 + [Reply(404)])
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock)
    async with AsyncTelnyxSIP(
        API_KEY,
        base_url=str(api_server.make_url("/v2")),
        timeout=0.05,
        retry_policy=policy,
    ) as client:
        report = await run_bulk(client, [Call("ips", "delete", {"id": "1000"})])
    assert report.outcomes[0].status == "succeeded", report.outcomes[0].error
    assert [r.method for r in fake_api.requests] == ["DELETE"] * 4


async def test_delete_of_missing_object_fails(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    fake_api.reply(404, {"errors": [{"code": "10005", "title": "Resource not found"}]})
    report = await run_bulk(client, [Call("ips", "delete", {"id": "1000"})])
    assert report.outcomes[0].status == "failed"


async def test_an_on_progress_that_raises_ends_the_job_with_its_error(
    client: AsyncTelnyxSIP, fake_api: FakeAPI
) -> None:
    # Every outcome's callback raises: were the throttle slot kept each
    # time, the last workers would wait for a slot forever.
    fake_api.default = echo_ip

    def broken(_: Progress) -> None:
        raise LookupError("progress display broke")

    job = run_bulk(client, create_ips(12), concurrency=2, on_progress=broken)
    with pytest.raises(LookupError, match="progress display broke"):
        await asyncio.wait_for(job, 30)
    # Both workers died with the error; neither left the other waiting.
    assert 1 <= len(fake_api.requests) <= 12
