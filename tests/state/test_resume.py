"""An interrupted apply resumed with its journal: every write once, no duplicate."""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from pathlib import Path

import pytest

from telnyx_sip import RetryPolicy, state
from telnyx_sip.bulk import JournalError
from telnyx_sip.testing import FaultConfig, Sandbox
from tests._support.fake_sleep import FakeSleep

from .test_apply import SCRATCH, writes


def _no_duplicates(sandbox: Sandbox) -> None:
    ips = Counter((r["connection_id"], r["ip_address"]) for r in sandbox.rows("ips"))
    assert max(ips.values()) == 1
    names = Counter(r["connection_name"] for r in sandbox.rows("ip_connections"))
    assert max(names.values()) == 1
    assert len(sandbox.rows("outbound_voice_profiles")) == 1


async def test_a_cancelled_apply_resumes_the_saved_plan(tmp_path: Path) -> None:
    journal = tmp_path / "run.journal"
    async with Sandbox(seed=8, faults=FaultConfig(latency=0.01)) as sandbox:
        client = sandbox.client
        doc = state.loads(SCRATCH)
        plan = await state.plan(client, doc)
        task = asyncio.ensure_future(
            state.apply(client, plan, journal=journal, concurrency=2)
        )
        # The sandbox offers no event per row made: poll its rows.
        while len(sandbox.rows("ips")) < 3 and not task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.005)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        made = len(sandbox.rows("ips"))
        assert 3 <= made < 10  # cut in the middle of the IP wave
        assert sorted(p.name for p in journal.iterdir()) == [
            "plan.json",
            "write-0.jsonl",
            "write-1.jsonl",
            "write-2.jsonl",
        ]

        # As the command line does: plan again (what is made is now a no-op)
        # and apply with the same journal, which resumes the saved plan.
        replanned = await state.plan(client, doc)
        assert replanned.counts["create"] == 10 - made
        report = await state.apply(client, replanned, journal=journal)
        assert report.ok, report.to_dict()
        assert len(report.changes) == 13  # the saved plan's, not the new one's
        assert writes(sandbox.stats) == Counter(
            {
                "outbound_voice_profiles.create": 1,
                "ip_connections.create": 2,
                "ips.create": 10,
            }
        )
        _no_duplicates(sandbox)
        assert len(sandbox.rows("ips")) == 10

        # A third run with the journal: everything is settled, nothing is sent.
        sandbox.stats.clear()
        assert (await state.apply(client, replanned, journal=journal)).ok
        assert writes(sandbox.stats) == Counter()


async def test_a_failed_wave_stops_and_a_rerun_finishes(
    tmp_path: Path, fake_sleep: FakeSleep
) -> None:
    journal = tmp_path / "j"
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock)
    async with (
        Sandbox(seed=9) as sandbox,
        sandbox.make_client(retry_policy=policy) as client,
    ):
        doc = state.loads(SCRATCH)
        plan = await state.plan(client, doc)
        sandbox.state.faults = FaultConfig(error_500=0.5, seed=2)
        first = await state.apply(client, plan, journal=journal)
        assert not first.ok
        statuses = Counter(o.status for o in first.outcomes)
        assert first.failed == len(first.outcomes) - statuses["succeeded"] > 0
        # Nothing after the first wave that failed was attempted.
        failed_wave = min(
            c.wave
            for c, o in zip(first.changes, first.outcomes, strict=True)
            if o.status in {"failed", "unknown"}
        )
        assert all(
            o.status == "not_attempted"
            for c, o in zip(first.changes, first.outcomes, strict=True)
            if c.wave > failed_wave
        )
        sandbox.state.faults = FaultConfig()
        second = await state.apply(
            client, await state.plan(client, doc), journal=journal
        )
        assert second.ok, second.to_dict()
        assert sandbox.stats.rows_created == 13
        _no_duplicates(sandbox)


async def test_a_journal_of_another_document_is_refused(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    client = sandbox.client
    journal = tmp_path / "j"
    one = state.loads("version: 1\noutbound_voice_profiles: [{name: one}]\n")
    two = state.loads("version: 1\noutbound_voice_profiles: [{name: two}]\n")
    assert (
        await state.apply(client, await state.plan(client, one), journal=journal)
    ).ok
    sandbox.stats.clear()
    with pytest.raises(JournalError, match="another document"):
        await state.apply(client, await state.plan(client, two), journal=journal)
    assert writes(sandbox.stats) == Counter()
    saved = json.loads((journal / "plan.json").read_text())
    assert saved["changes"][0]["args"] == {"name": "one"}


async def test_a_damaged_saved_plan_is_refused(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    client = sandbox.client
    plan = await state.plan(client, state.loads(SCRATCH))
    for text in ("{not json", '{"format": "something else"}'):
        journal = tmp_path / str(len(text))
        journal.mkdir()
        (journal / "plan.json").write_text(text)
        with pytest.raises(JournalError, match=r"plan\.json"):
            await state.apply(client, plan, journal=journal)
    assert sandbox.stats.rows_created == 0
