"""``telnyx-sip apply`` against a sandbox on a background thread."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip._cli import progress
from telnyx_sip._types import REDACTED
from telnyx_sip.bulk import Progress
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.testing import ThreadedSandbox

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
