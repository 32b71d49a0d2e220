"""One job per journal: a second one is refused at once, before sending anything.

Without the lock, two ``telnyx-sip apply`` runs on one journal both sent every
create (each read the journal before the other wrote to it).
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web

from telnyx_sip.bulk import JournalError, run_bulk
from telnyx_sip.bulk._journal import Journal
from telnyx_sip.cli import ExitCode
from telnyx_sip.testing import FaultConfig, ThreadedSandbox
from tests._support.bulk_runs import (
    profiles,
    run_apply,
    settled,
    start_apply,
    write_plan,
)
from tests._support.hostile import hostile

CREATE = "outbound_voice_profiles.create"


async def test_a_second_job_in_the_same_process_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "job.jsonl"
    gate, sending = asyncio.Event(), asyncio.Event()
    names: list[str] = []

    async def handler(request: web.Request) -> web.StreamResponse:
        name = (await request.json())["name"]
        names.append(name)
        if len(names) == 2:
            sending.set()
        await gate.wait()
        data = {
            "id": str(len(names)),
            "record_type": "outbound_voice_profile",
            "name": name,
        }
        return web.json_response({"data": data}, status=201)

    plan = profiles(4)
    async with hostile(handler) as h:
        first = asyncio.ensure_future(
            run_bulk(h.client, plan, journal=journal, concurrency=2)
        )
        await asyncio.wait_for(sending.wait(), 5)  # the first job is sending
        with pytest.raises(JournalError) as info:
            await asyncio.wait_for(run_bulk(h.client, plan, journal=journal), 5)
        assert info.value.path == journal
        assert info.value.field == "journal"
        assert f"{journal} is in use by another job" in str(info.value)
        assert len(names) == 2  # the refused job sent nothing
        gate.set()
        report = await asyncio.wait_for(first, 5)
        assert report.ok
        # The lock goes with the first job: a rerun resumes and sends nothing.
        again = await run_bulk(h.client, plan, journal=journal)
    assert again.ok
    assert sorted(names) == [c.args["name"] for c in plan]


def test_the_lock_is_held_from_open_to_close_and_refusal_touches_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "job.jsonl"
    calls = [c.to_json() for c in profiles(2)]
    holder = Journal(path, calls=calls)
    holder.open()
    holder.started(0)
    before = path.read_bytes()
    with pytest.raises(JournalError, match="in use by another job"):
        Journal(path, calls=calls).open()
    assert path.read_bytes() == before
    holder.close()
    second = Journal(path, calls=calls)
    assert second.open().started == {0}
    second.close()


@pytest.fixture
def slow_sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox("lock-key", faults=FaultConfig(latency=0.05)) as sandbox:
        yield sandbox


def test_apply_refuses_a_journal_another_process_holds(
    slow_sandbox: ThreadedSandbox, tmp_path: Path
) -> None:
    journal = tmp_path / "job.jsonl"
    plan = profiles(3)
    write_plan(tmp_path / "plan.jsonl", plan)
    holder = Journal(journal, calls=[c.to_json() for c in plan])
    holder.open()  # this process plays the first run
    try:
        done = run_apply(
            slow_sandbox.base_url,
            slow_sandbox.api_key,
            tmp_path,
            "--journal",
            str(journal),
        )
    finally:
        holder.close()
    assert done.returncode == ExitCode.USAGE
    assert done.stderr.splitlines() == [
        f"telnyx-sip: error: journal: {journal} is in use by another job "
        "(it holds the journal's lock)"
    ]
    assert slow_sandbox.stats.requests == 0
    assert not (tmp_path / "report.jsonl").exists()


def test_two_apply_processes_on_one_journal_send_each_create_once(
    slow_sandbox: ThreadedSandbox, tmp_path: Path
) -> None:
    total = 100
    journal = tmp_path / "job.jsonl"
    plan = profiles(total)
    write_plan(tmp_path / "plan.jsonl", plan)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(tmp_path / "plan.jsonl", other / "plan.jsonl")
    key, url = slow_sandbox.api_key, slow_sandbox.base_url
    args = ("--journal", str(journal), "--concurrency", "2")

    first = start_apply(url, key, tmp_path, "first", *args)
    deadline = time.monotonic() + 60
    while settled(journal) < 2:
        assert first.poll() is None, (tmp_path / "first.err").read_text()
        assert time.monotonic() < deadline, "the first run made no progress"
        time.sleep(0.01)
    second = run_apply(url, key, other, *args)
    assert first.poll() is None, "the first run ended too soon to be raced"
    first.wait(timeout=120)

    assert second.returncode == ExitCode.USAGE, second.stderr
    assert len(second.stderr.splitlines()) == 1
    assert str(journal) in second.stderr
    assert not (other / "report.jsonl").exists()
    assert first.returncode == 0, (tmp_path / "first.err").read_text()
    assert slow_sandbox.stats.by_operation[CREATE] == total
    names = sorted(row["name"] for row in slow_sandbox.rows("outbound_voice_profiles"))
    assert names == [c.args["name"] for c in plan]
