"""The connection-slot queue: bound, order, and cancellation without leaks."""

from __future__ import annotations

import asyncio

import pytest

from telnyx_sip._slots import Slots


async def test_free_slots_are_taken_without_waiting() -> None:
    slots = Slots(2)
    assert slots.try_take()
    assert slots.try_take()
    assert not slots.try_take()
    assert slots.free == 0
    slots.give()
    assert slots.free == 1


async def test_holders_never_exceed_the_size_under_load() -> None:
    slots = Slots(3)
    holding = 0
    most = 0

    async def call() -> None:
        nonlocal holding, most
        if not slots.try_take():
            await slots.take()
        holding += 1
        most = max(most, holding)
        await asyncio.sleep(0)
        holding -= 1
        slots.give()

    await asyncio.gather(*(call() for _ in range(200)))
    assert most == 3
    assert slots.free == 3


async def test_waiters_are_served_in_arrival_order() -> None:
    slots = Slots(1)
    assert slots.try_take()
    served: list[int] = []

    async def wait(n: int) -> None:
        await slots.take()
        served.append(n)
        slots.give()

    tasks = [asyncio.create_task(wait(n)) for n in range(5)]
    await asyncio.sleep(0)
    assert not slots.try_take()  # someone waits: no jumping the queue
    slots.give()
    await asyncio.gather(*tasks)
    assert served == [0, 1, 2, 3, 4]
    assert slots.free == 1


async def test_a_cancelled_waiter_leaves_no_trace() -> None:
    slots = Slots(1)
    assert slots.try_take()
    task = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    slots.give()
    assert slots.free == 1
    assert slots.try_take()


async def test_a_slot_handed_to_a_waiter_cancelled_at_once_is_passed_on() -> None:
    slots = Slots(1)
    assert slots.try_take()
    first = asyncio.create_task(slots.take())
    second = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    slots.give()  # goes to ``first``, which is cancelled before it runs
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, 1)  # the slot reached ``second``
    assert slots.free == 0
    slots.give()
    assert slots.free == 1


async def test_a_waiter_cancelled_then_dropped_by_give_does_not_fail() -> None:
    slots = Slots(1)
    assert slots.try_take()
    task = asyncio.create_task(slots.take())
    await asyncio.sleep(0)
    task.cancel()
    slots.give()  # sees the cancelled waiter first and drops it
    with pytest.raises(asyncio.CancelledError):
        await task
    assert slots.free == 1
