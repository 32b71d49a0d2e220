"""The job-wide throttle on its own: limits, rounds of successes, shared pauses."""

from __future__ import annotations

import asyncio

import pytest

from telnyx_sip._core import DEFAULT_PAUSE
from telnyx_sip.bulk._throttle import Throttle
from tests._support.fake_sleep import FakeSleep

MAX_PAUSE = 3600.0


@pytest.fixture
def sleep() -> FakeSleep:
    return FakeSleep()


def _throttle(limit: int, sleep: FakeSleep) -> Throttle:
    return Throttle(limit, sleep=sleep, clock=sleep.clock, max_pause=MAX_PAUSE)


async def _succeed(throttle: Throttle, times: int) -> None:
    for _ in range(times):
        await throttle.acquire()
    for _ in range(times):
        throttle.release(ok=True)


def test_each_429_halves_the_limit_down_to_one(sleep: FakeSleep) -> None:
    throttle = _throttle(8, sleep)
    limits = []
    for _ in range(5):
        throttle.after_response(429, {"Retry-After": "1"})
        limits.append(throttle.limit)
    assert limits == [4, 2, 1, 1, 1]
    assert throttle.max_limit == 8


async def test_a_round_of_successes_regains_one_slot(sleep: FakeSleep) -> None:
    throttle = _throttle(8, sleep)
    throttle.after_response(429, {"Retry-After": "1"})
    throttle.after_response(429, {"Retry-After": "1"})
    assert throttle.limit == 2
    await _succeed(throttle, 1)
    assert throttle.limit == 2  # half a round
    await _succeed(throttle, 1)
    assert throttle.limit == 3
    await _succeed(throttle, 3)
    assert throttle.limit == 4
    # Failures neither count towards a round nor undo one.
    await throttle.acquire()
    throttle.release(ok=False)
    await _succeed(throttle, 3)
    assert throttle.limit == 4
    await _succeed(throttle, 1)
    assert throttle.limit == 5


async def test_successes_never_raise_the_limit_above_its_start(
    sleep: FakeSleep,
) -> None:
    throttle = _throttle(3, sleep)
    await _succeed(throttle, 3)
    await _succeed(throttle, 3)
    assert throttle.limit == 3


async def test_a_429_restarts_the_round(sleep: FakeSleep) -> None:
    throttle = _throttle(8, sleep)
    throttle.after_response(429, {"Retry-After": "1"})
    throttle.after_response(429, {"Retry-After": "1"})
    await _succeed(throttle, 1)
    throttle.after_response(429, {"Retry-After": "1"})
    assert throttle.limit == 1
    await _succeed(throttle, 1)
    assert throttle.limit == 2


async def test_remaining_zero_pauses_without_lowering_the_limit(
    sleep: FakeSleep,
) -> None:
    throttle = _throttle(4, sleep)
    sleep.now = 100.0
    throttle.after_response(
        200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "5"}
    )
    assert (throttle.limit, throttle.pauses, throttle.resume_at) == (4, 1, 105.0)
    await throttle.before_attempt()
    assert sleep.waits == [5.0]
    await throttle.before_attempt()  # the pause is over: no second wait
    assert sleep.waits == [5.0]


async def test_a_pause_without_a_time_takes_the_default(sleep: FakeSleep) -> None:
    throttle = _throttle(4, sleep)
    throttle.after_response(200, {"x-ratelimit-remaining": "0"})
    throttle.after_response(429, {})
    assert throttle.pauses == 1  # the 429 asked for no longer pause
    await throttle.before_attempt()
    assert sleep.waits == [DEFAULT_PAUSE]


@pytest.mark.parametrize(
    ("status", "headers"),
    [
        (200, {}),
        (200, {"x-ratelimit-remaining": "3", "x-ratelimit-reset": "5"}),
        (500, {"Retry-After": "9"}),
        (503, {}),
    ],
)
async def test_other_answers_neither_pause_nor_throttle(
    sleep: FakeSleep, status: int, headers: dict[str, str]
) -> None:
    throttle = _throttle(4, sleep)
    throttle.after_response(status, headers)
    await throttle.before_attempt()
    assert (throttle.limit, throttle.pauses, sleep.waits) == (4, 0, [])


async def test_a_later_shorter_wait_never_cuts_a_pause_short(
    sleep: FakeSleep,
) -> None:
    throttle = _throttle(8, sleep)
    throttle.after_response(429, {"Retry-After": "10"})
    sleep.now = 1.0
    throttle.after_response(429, {"Retry-After": "2"})
    assert (throttle.resume_at, throttle.pauses) == (10.0, 1)
    throttle.after_response(
        200, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"}
    )
    assert (throttle.resume_at, throttle.pauses) == (10.0, 1)
    throttle.after_response(429, {"Retry-After": "20"})
    assert (throttle.resume_at, throttle.pauses) == (21.0, 2)
    await throttle.before_attempt()
    assert sleep.waits == [20.0]


async def test_before_attempt_waits_out_a_pause_extended_meanwhile() -> None:
    clock = FakeSleep()

    async def sleep(seconds: float) -> None:
        await clock(seconds)
        if len(clock.waits) == 1:
            # Another call's answer arrives while this one waits.
            throttle.after_response(429, {"Retry-After": "3"})

    throttle = Throttle(4, sleep=sleep, clock=clock.clock, max_pause=MAX_PAUSE)
    throttle.after_response(429, {"Retry-After": "5"})
    await throttle.before_attempt()
    assert clock.waits == [5.0, 3.0]
    assert clock.now == 8.0


async def test_acquire_waits_for_a_slot_under_the_current_limit(
    sleep: FakeSleep,
) -> None:
    throttle = _throttle(2, sleep)
    await throttle.acquire()
    await throttle.acquire()
    waiter = asyncio.ensure_future(throttle.acquire())
    await asyncio.sleep(0)
    assert not waiter.done()
    throttle.after_response(429, {"Retry-After": "1"})  # the limit drops to 1
    throttle.release(ok=False)
    await asyncio.sleep(0)
    assert not waiter.done()  # one call still in flight fills the lowered limit
    throttle.release(ok=False)
    await asyncio.wait_for(waiter, 1)
    assert throttle.active == 1


async def test_a_cancelled_waiter_gives_its_turn_away(sleep: FakeSleep) -> None:
    throttle = _throttle(1, sleep)
    await throttle.acquire()
    first = asyncio.ensure_future(throttle.acquire())
    second = asyncio.ensure_future(throttle.acquire())
    await asyncio.sleep(0)
    first.cancel()
    throttle.release(ok=True)
    await asyncio.wait_for(second, 1)
    assert first.cancelled()
    assert throttle.active == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "3600.5"},
        {"Retry-After": "1000000000"},
        {"retry-after-ms": "1e300"},
        {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4070908800"},
    ],
)
async def test_a_pause_above_max_pause_is_refused_but_the_limit_still_halves(
    sleep: FakeSleep, headers: dict[str, str]
) -> None:
    throttle = _throttle(4, sleep)
    throttle.after_response(429, headers)
    await throttle.before_attempt()
    assert (throttle.pauses, throttle.refused, sleep.waits) == (0, 1, [])
    assert throttle.limit == 2


async def test_a_pause_of_exactly_max_pause_is_taken(sleep: FakeSleep) -> None:
    throttle = _throttle(4, sleep)
    throttle.after_response(429, {"Retry-After": f"{MAX_PAUSE:g}"})
    throttle.after_response(429, {"Retry-After": f"{MAX_PAUSE + 1:g}"})
    await throttle.before_attempt()
    assert (throttle.pauses, throttle.refused, sleep.waits) == (1, 1, [MAX_PAUSE])
