"""``telnyx-sip apply`` against a sandbox on a background thread."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip._cli import progress
from telnyx_sip._types import REDACTED
from telnyx_sip.bulk import Progress
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.testing import FaultConfig, ThreadedSandbox

KEY = "apply-key"


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY) as running:
        yield running


def _write_plan(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def _apply(sandbox: ThreadedSandbox, tmp_path: Path, *extra: str) -> int:
    return main(
        [
            "--base-url",
            sandbox.base_url,
            "apply",
            str(tmp_path / "plan.jsonl"),
            "--report",
            str(tmp_path / "report.jsonl"),
            *extra,
        ]
    )


def _report(tmp_path: Path) -> list[dict[str, Any]]:
    text = (tmp_path / "report.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


def test_apply_runs_plan_and_writes_report(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_plan(
        tmp_path / "plan.jsonl",
        [
            {
                "resource": "ip_connections",
                "action": "create",
                "args": {"connection_name": "pbx"},
            },
            {
                "resource": "credential_connections",
                "action": "create",
                "args": {
                    "connection_name": "office",
                    "user_name": "office1",
                    "password": "pw-Secret-1",
                    "inbound": {"channel_limit": 5},
                },
            },
            {
                "resource": "outbound_voice_profiles",
                "action": "create",
                "args": {"name": "main"},
            },
        ],
    )
    code = _apply(sandbox, tmp_path, "--journal", str(tmp_path / "journal.jsonl"))
    out, err = capsys.readouterr()
    assert code == ExitCode.OK, err
    assert out == ""
    assert "3 calls: 3 succeeded, 0 failed, 0 unknown, 0 not attempted" in err
    report = _report(tmp_path)
    assert [(r["index"], r["status"]) for r in report] == [
        (0, "succeeded"),
        (1, "succeeded"),
        (2, "succeeded"),
    ]
    assert report[1]["result"]["inbound"]["channel_limit"] == 5
    assert report[1]["result"]["password"] == REDACTED
    assert "pw-Secret-1" not in (tmp_path / "report.jsonl").read_text()
    assert "pw-Secret-1" not in (tmp_path / "journal.jsonl").read_text()
    assert len(sandbox.rows("connections")) == 2

    # A rerun with the same journal sends nothing and reports the same.
    before = sandbox.stats.requests
    assert _apply(sandbox, tmp_path, "--journal", str(tmp_path / "journal.jsonl")) == 0
    assert sandbox.stats.requests == before
    assert [r["status"] for r in _report(tmp_path)] == ["succeeded"] * 3


def test_partial_failure_exit_code_and_error_lines(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_plan(
        tmp_path / "plan.jsonl",
        [
            {
                "resource": "ips",
                "action": "create",
                "args": {"ip_address": "192.0.2.1", "connection_id": "999"},
            },
            {"resource": "ips", "action": "delete", "args": {"id": "12345"}},
            {
                "resource": "outbound_voice_profiles",
                "action": "create",
                "args": {"name": "works"},
            },
        ],
    )
    code = _apply(sandbox, tmp_path)
    _, err = capsys.readouterr()
    assert code == ExitCode.PARTIAL
    assert "3 calls: 1 succeeded, 2 failed" in err
    first, second, third = _report(tmp_path)
    assert first["error"]["status"] == 422
    assert first["error"]["errors"][0]["pointer"] == "/connection_id"
    assert second["error"]["status"] == 404
    assert third["status"] == "succeeded"


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be >= 1, got 0"), ("-2", "must be >= 1"), ("many", "an integer")],
)
def test_concurrency_is_an_integer_of_at_least_one(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    value: str,
    message: str,
) -> None:
    _write_plan(tmp_path / "plan.jsonl", [])
    assert _apply(sandbox, tmp_path, f"--concurrency={value}") == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "--concurrency: " in err
    assert message in err
    assert not (tmp_path / "report.jsonl").exists()


def test_apply_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["apply", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--journal" in out
    assert "natural key" in out


def test_one_call_is_one_call(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = {"resource": "outbound_voice_profiles", "action": "create", "args": {}}
    _write_plan(tmp_path / "plan.jsonl", [dict(line, args={"name": "single"})])
    assert _apply(sandbox, tmp_path) == ExitCode.OK
    assert capsys.readouterr().err == (
        "telnyx-sip: 1 call: 1 succeeded, 0 failed, 0 unknown, 0 not attempted\n"
    )


def test_a_run_that_dies_on_an_unexpected_error_still_writes_its_report(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = []

    def broken(self: progress.ProgressPrinter, update: Progress) -> None:
        seen.append(update)
        if len(seen) == 3:
            msg = "a bug in a progress callback"
            raise RuntimeError(msg)

    monkeypatch.setattr(progress.ProgressPrinter, "__call__", broken)
    _write_plan(
        tmp_path / "plan.jsonl",
        [
            {
                "resource": "outbound_voice_profiles",
                "action": "create",
                "args": {"name": f"profile {n}"},
            }
            for n in range(6)
        ],
    )
    with pytest.raises(RuntimeError, match="a bug in a progress callback"):
        _apply(sandbox, tmp_path, "--concurrency", "1")
    err = capsys.readouterr().err
    assert "the run stopped on an unexpected RuntimeError" in err
    report = _report(tmp_path)
    assert [r["index"] for r in report] == list(range(6))
    made = len(sandbox.rows("outbound_voice_profiles"))
    assert sum(r["status"] == "succeeded" for r in report) == made
    assert f"6 calls: {made} succeeded" in err


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_progress_interval_is_a_positive_number_of_seconds(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    code = main(
        ["apply", "plan.jsonl", "--report", "r", f"--progress-interval={value}"]
    )
    assert code == ExitCode.USAGE
    assert "expected a positive number of seconds" in capsys.readouterr().err


def _interrupt_at(monkeypatch: pytest.MonkeyPatch, count: int, *, twice: bool) -> None:
    """Send this process SIGINT, as Ctrl-C would, at the ``count``-th outcome.

    From inside the job, so the command's own handler is sure to take it;
    ``twice`` sends another one 10 ms later, while calls are still in flight.
    """
    original = progress.ProgressPrinter.__call__
    seen: dict[int, int] = {}

    def call(self: progress.ProgressPrinter, update: Progress) -> None:
        original(self, update)
        seen[id(self)] = seen.get(id(self), 0) + 1
        if seen[id(self)] == count:
            os.kill(os.getpid(), signal.SIGINT)
            if twice:
                loop = asyncio.get_running_loop()
                loop.call_later(0.01, os.kill, os.getpid(), signal.SIGINT)

    monkeypatch.setattr(progress.ProgressPrinter, "__call__", call)


def _profiles(path: Path, n: int) -> None:
    _write_plan(
        path,
        [
            {
                "resource": "outbound_voice_profiles",
                "action": "create",
                "args": {"name": f"profile {i:03d}"},
            }
            for i in range(n)
        ],
    )


@pytest.fixture
def slow_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY, faults=FaultConfig(latency=0.05)) as running:
        yield running


@pytest.mark.parametrize("journal", [False, True])
def test_ctrl_c_twice_still_waits_for_the_calls_in_flight(
    slow_sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    journal: bool,
) -> None:
    _profiles(tmp_path / "plan.jsonl", 60)
    _interrupt_at(monkeypatch, 5, twice=True)
    extra = ["--journal", str(tmp_path / "j.jsonl")] if journal else []
    code = _apply(slow_sandbox, tmp_path, "--concurrency", "4", *extra)
    err = capsys.readouterr().err
    assert code == ExitCode.INTERRUPTED, err
    assert "finishing the calls in flight first" in err
    done = (
        "the report and journal are complete" if journal else "the report is complete"
    )
    assert err.endswith(f"telnyx-sip: interrupted; {done}\n")
    report = _report(tmp_path)
    assert len(report) == 60
    succeeded = sum(r["status"] == "succeeded" for r in report)
    assert succeeded >= 6
    # Every create the sandbox received is reported as sent.
    assert succeeded == len(slow_sandbox.rows("outbound_voice_profiles"))
    assert {r["status"] for r in report} == {"succeeded", "not_attempted"}


def test_ctrl_c_with_a_report_that_cannot_be_written_says_so(
    slow_sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _profiles(tmp_path / "plan.jsonl", 30)
    _interrupt_at(monkeypatch, 3, twice=False)
    missing = tmp_path / "gone" / "report.jsonl"
    for journal in ([], ["--journal", str(tmp_path / "j.jsonl")]):
        code = main(
            [
                "--base-url",
                slow_sandbox.base_url,
                "apply",
                str(tmp_path / "plan.jsonl"),
                "--report",
                str(missing),
                *journal,
            ]
        )
        err = capsys.readouterr().err
        assert code == ExitCode.INTERRUPTED
        assert f"cannot write the report {missing}" in err
        last = err.splitlines()[-1]
        if journal:
            assert last == (
                "telnyx-sip: interrupted; the report could not be written: "
                "the journal is the record"
            )
        else:
            assert last == "telnyx-sip: interrupted; the report could not be written"
