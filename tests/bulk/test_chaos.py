"""Bulk jobs against the sandbox's fault injection: nothing lost, nothing twice."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip import RetryPolicy
from telnyx_sip.bulk import Call, run_bulk
from telnyx_sip.testing import FaultConfig, Sandbox, ThreadedSandbox
from tests._support.fake_sleep import FakeSleep

CHAOS = FaultConfig(
    error_500=0.05, error_429=0.03, drop_before=0.02, drop_after=0.01, seed=7
)
CONNECTIONS = 10
PROFILES = 50
CREDENTIALS = 50


def _plan(connection_ids: list[str], total: int) -> list[Call]:
    calls = [
        Call("outbound_voice_profiles", "create", {"name": f"profile-{i:04d}"})
        for i in range(PROFILES)
    ]
    calls += [
        Call(
            "credential_connections",
            "create",
            {
                "connection_name": f"office-{i:04d}",
                "user_name": f"officeuser{i:04d}",
                "password": f"pw-{i:04d}-secret",
            },
        )
        for i in range(CREDENTIALS)
    ]
    i = 0
    while len(calls) < total:
        calls.append(
            Call(
                "ips",
                "create",
                {
                    "connection_id": connection_ids[i % len(connection_ids)],
                    "ip_address": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
                    "port": 5060,
                },
            )
        )
        i += 1
    return calls


def _keys(rows: list[dict[str, Any]], *fields: str) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(row.get(f) for f in fields) for row in rows)


def _assert_no_duplicates(rows: dict[str, list[dict[str, Any]]]) -> None:
    for resource, fields in [
        ("ips", ("connection_id", "ip_address")),
        ("credential_connections", ("connection_name",)),
        ("ip_connections", ("connection_name",)),
        ("outbound_voice_profiles", ("name",)),
    ]:
        repeated = {k: n for k, n in _keys(rows[resource], *fields).items() if n > 1}
        assert repeated == {}, f"duplicate {resource}: {repeated}"


async def test_two_thousand_creates_under_faults(fake_sleep: FakeSleep) -> None:
    policy = RetryPolicy(sleep=fake_sleep, clock=fake_sleep.clock)
    async with Sandbox(faults=CHAOS, seed=11) as sandbox:
        client = sandbox.make_client(retry_policy=policy, max_retries=5)
        async with client:
            setup = await run_bulk(
                client,
                [
                    Call("ip_connections", "create", {"connection_name": f"pbx-{i}"})
                    for i in range(CONNECTIONS)
                ],
            )
            assert setup.ok, setup.counts
            ids = [o.result.id for o in setup.outcomes]
            plan = _plan(ids, 2000)
            report = await run_bulk(client, plan, concurrency=16)

        assert len(report.outcomes) == 2000
        assert [o.index for o in report.outcomes] == list(range(2000))
        counts = report.counts
        assert counts["unknown"] == 0
        assert counts["not_attempted"] == 0
        assert counts["succeeded"] == 2000, [
            o.to_json() for o in report.outcomes if o.status != "succeeded"
        ][:3]
        rows = {
            r: sandbox.rows(r)
            for r in (
                "ips",
                "credential_connections",
                "ip_connections",
                "outbound_voice_profiles",
            )
        }
        made = (
            len(rows["ips"])
            + len(rows["credential_connections"])
            + len(rows["outbound_voice_profiles"])
        )
        assert made == counts["succeeded"]
        _assert_no_duplicates(rows)
        faults = sandbox.stats.faults_injected
        # Every kind of fault really happened, so each path was exercised.
        for kind in ("error_500", "error_429", "drop_before", "drop_after"):
            assert faults[kind] > 0, faults


@pytest.fixture
def chaos_sandbox() -> Iterator[ThreadedSandbox]:
    faults = FaultConfig(
        error_500=0.05,
        error_429=0.03,
        drop_before=0.02,
        drop_after=0.01,
        seed=5,
        retry_after=0,
    )
    with ThreadedSandbox("chaos-key", faults=faults, seed=3) as sandbox:
        yield sandbox


def _apply(
    sandbox: ThreadedSandbox, workdir: Path, run: str
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TELNYX_API_KEY": sandbox.api_key}
    with (workdir / f"{run}.err").open("wb") as err:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "telnyx_sip",
                "--base-url",
                sandbox.base_url,
                "apply",
                str(workdir / "plan.jsonl"),
                "--report",
                str(workdir / "report.jsonl"),
                "--journal",
                str(workdir / "journal.jsonl"),
                "--concurrency",
                "8",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def _settled(journal: Path) -> int:
    if not journal.exists():
        return 0
    return sum(1 for line in journal.read_text().splitlines() if '"status"' in line)


def test_killed_job_resumes_from_its_journal(
    chaos_sandbox: ThreadedSandbox, tmp_path: Path
) -> None:
    total = 400
    # The IP connections the plan needs, made by an apply run of their own.
    setup = tmp_path / "setup.jsonl"
    setup.write_text(
        "".join(
            json.dumps(
                {
                    "resource": "ip_connections",
                    "action": "create",
                    "args": {"connection_name": f"pbx-{i}"},
                }
            )
            + "\n"
            for i in range(4)
        )
    )
    env = {**os.environ, "TELNYX_API_KEY": chaos_sandbox.api_key}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "telnyx_sip",
            "--base-url",
            chaos_sandbox.base_url,
            "apply",
            str(setup),
            "--report",
            str(tmp_path / "setup-report.jsonl"),
        ],
        env=env,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    connection_ids = [row["id"] for row in chaos_sandbox.rows("ip_connections")]
    plan = _plan(connection_ids, total)
    (tmp_path / "plan.jsonl").write_text(
        "".join(json.dumps(c.to_json()) + "\n" for c in plan)
    )
    journal = tmp_path / "journal.jsonl"

    first = _apply(chaos_sandbox, tmp_path, "first")
    deadline = time.monotonic() + 60
    while _settled(journal) < total // 3 and first.poll() is None:
        assert time.monotonic() < deadline, "the job made no progress"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL
    assert not (tmp_path / "report.jsonl").exists()
    assert 0 < _settled(journal) < total

    # Under these faults a resumed create can end "unknown": its answer was
    # lost and every lookup of its natural key failed too. That is the
    # promised outcome (never a guess); the promise for it is that the next
    # rerun settles it without a duplicate. So rerun, a bounded number of
    # times, while only unknowns remain.
    for run in ("second", "third", "fourth"):
        rerun = _apply(chaos_sandbox, tmp_path, run)
        rerun.wait(timeout=120)
        report = (tmp_path / "report.jsonl").read_text()
        lines = [json.loads(x) for x in report.splitlines()]
        statuses = {x["status"] for x in lines}
        if rerun.returncode == 0:
            break
        assert statuses <= {"succeeded", "unknown"}, (
            tmp_path / f"{run}.err"
        ).read_text()
    assert rerun.returncode == 0, (tmp_path / f"{run}.err").read_text()
    assert [x["index"] for x in lines] == list(range(total))
    assert {x["status"] for x in lines} == {"succeeded"}
    assert "pw-" not in (tmp_path / "report.jsonl").read_text()

    rows = {
        r: chaos_sandbox.rows(r)
        for r in (
            "ips",
            "credential_connections",
            "ip_connections",
            "outbound_voice_profiles",
        )
    }
    assert (
        len(rows["ips"])
        + len(rows["credential_connections"])
        + len(rows["outbound_voice_profiles"])
        == total
    )
    _assert_no_duplicates(rows)


def test_ctrl_c_leaves_report_and_journal_complete(tmp_path: Path) -> None:
    total = 200
    slow = FaultConfig(latency=0.02)
    with ThreadedSandbox("interrupt-key", faults=slow) as sandbox:
        plan = [
            Call("outbound_voice_profiles", "create", {"name": f"profile-{i:04d}"})
            for i in range(total)
        ]
        (tmp_path / "plan.jsonl").write_text(
            "".join(json.dumps(c.to_json()) + "\n" for c in plan)
        )
        journal = tmp_path / "journal.jsonl"
        job = _apply(sandbox, tmp_path, "interrupted")
        deadline = time.monotonic() + 60
        while _settled(journal) < 20:
            assert job.poll() is None, (tmp_path / "interrupted.err").read_text()
            assert time.monotonic() < deadline, "the job made no progress"
            time.sleep(0.02)
        job.send_signal(signal.SIGINT)
        job.wait(timeout=60)
        err = (tmp_path / "interrupted.err").read_text()
        assert job.returncode == 130, err
        assert "the report and journal are complete" in err

        report = [
            json.loads(x) for x in (tmp_path / "report.jsonl").read_text().splitlines()
        ]
        assert [x["index"] for x in report] == list(range(total))
        statuses = Counter(x["status"] for x in report)
        assert statuses["not_attempted"] > 0, statuses
        assert statuses["unknown"] == 0, statuses
        assert set(statuses) <= {"succeeded", "not_attempted"}
        # The journal's last word on every call agrees with the report.
        last = {}
        for line in journal.read_text().splitlines()[1:]:
            entry = json.loads(line)
            if "status" in entry:
                last[entry["index"]] = entry["status"]
        assert last == {x["index"]: x["status"] for x in report}
        assert len(sandbox.rows("outbound_voice_profiles")) == statuses["succeeded"]
