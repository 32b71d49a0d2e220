"""Crash, resume, crash again, resume: every create sent once, every outcome kept.

Each crash is a SIGKILL of a ``telnyx-sip apply`` process in the middle of its
run, followed by a torn line at the journal's end, as a kill in the middle of
a write would leave. The creates are counted at the server.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

import pytest

from telnyx_sip.testing import FaultConfig, ThreadedSandbox
from tests._support.bulk_runs import (
    last_words,
    profiles,
    read_report,
    run_apply,
    settled,
    start_apply,
    write_plan,
)

TOTAL = 150
CREATE = "outbound_voice_profiles.create"


def _crash(
    sandbox: ThreadedSandbox, workdir: Path, run: str, after: int, torn: bytes
) -> None:
    """Run apply until ``after`` outcomes are journaled, kill it, tear the tail."""
    journal = workdir / "job.jsonl"
    job = start_apply(
        sandbox.base_url,
        sandbox.api_key,
        workdir,
        run,
        "--journal",
        str(journal),
        "--concurrency",
        "4",
    )
    deadline = time.monotonic() + 60
    while settled(journal) < after:
        assert job.poll() is None, (workdir / f"{run}.err").read_text()
        assert time.monotonic() < deadline, f"the {run} run made no progress"
        time.sleep(0.005)
    job.send_signal(signal.SIGKILL)
    job.wait(timeout=30)
    assert job.returncode == -signal.SIGKILL
    assert settled(journal) < TOTAL, f"the {run} run finished before the kill"
    with journal.open("ab") as fh:
        fh.write(torn)


def _cut_off(caplog: pytest.LogCaptureFixture) -> int:
    """Creates the sandbox dropped unprocessed: their client was killed first."""
    return sum(
        1
        for r in caplog.records
        if r.name == "telnyx_sip.testing"
        and r.exc_info is not None
        and isinstance(r.exc_info[1], ConnectionResetError)
        and r.getMessage().startswith("sandbox handler failed on POST")
    )


def test_two_crashes_with_torn_tails_then_a_clean_finish(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="telnyx_sip.testing")
    plan = profiles(TOTAL)
    write_plan(tmp_path / "plan.jsonl", plan)
    journal = tmp_path / "job.jsonl"
    with ThreadedSandbox("chain-key", faults=FaultConfig(latency=0.02)) as sandbox:
        _crash(sandbox, tmp_path, "first", TOTAL // 3, b'{"index": 7, "sta')
        assert not (tmp_path / "report.jsonl").exists()
        _crash(sandbox, tmp_path, "second", 2 * TOTAL // 3, b'{"ind')
        assert not (tmp_path / "report.jsonl").exists()
        final = run_apply(
            sandbox.base_url, sandbox.api_key, tmp_path, "--journal", str(journal)
        )
        assert final.returncode == 0, final.stderr
        assert f"{TOTAL} calls: {TOTAL} succeeded" in final.stderr

        # Every create was made exactly once: those in flight at a kill were
        # looked up on resume, and sent again only when the sandbox had
        # dropped them unprocessed (their connection died with the process).
        arrived = sandbox.stats.by_operation[CREATE]
        assert arrived - _cut_off(caplog) == TOTAL
        assert sandbox.stats.rows_created == TOTAL
        rows = sandbox.rows("outbound_voice_profiles")
        assert sorted(r["name"] for r in rows) == [c.args["name"] for c in plan]

    report = read_report(tmp_path / "report.jsonl")
    assert [r["index"] for r in report] == list(range(TOTAL))
    assert {r["status"] for r in report} == {"succeeded"}
    # Every outcome is in the journal too, and the torn tails cost nothing.
    assert last_words(journal) == dict.fromkeys(range(TOTAL), "succeeded")
    lines = journal.read_bytes().split(b"\n")
    assert b'{"index": 7, "sta' in lines
    assert b'{"ind' in lines
