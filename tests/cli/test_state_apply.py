"""``telnyx-sip apply FILE`` with a desired-state document, in-process."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from telnyx_sip._cli.apply_source import is_call_plan
from telnyx_sip.cli import ExitCode
from telnyx_sip.testing import ThreadedSandbox
from tests._support.state_cli import (
    IPS,
    KEY,
    PASSWORD,
    PASSWORD_VAR,
    run,
    seed,
    sync_client,
    writes,
)

DOCUMENT = f"""\
version: 1
ip_connections:
  - connection_name: pbx
ips:
  - {{connection: pbx, ip_address: {IPS[0]}, port: 5060}}
  - {{connection: pbx, ip_address: {IPS[1]}, port: 5060}}
  - {{connection: pbx, ip_address: {IPS[2]}, port: 5060}}
"""


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY) as running:
        yield running


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "sip.yaml"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def test_drift_is_undone_with_one_patch_then_nothing(
    sandbox: ThreadedSandbox, doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(sandbox)
    with sync_client(sandbox) as client:
        client.ips.update(ids["ips"][2], ip_address=IPS[2], port=5080)
    before = writes(sandbox)
    done = run(capsys, sandbox, "apply", str(doc), "--auto-approve")
    assert done.code == ExitCode.OK, done.err
    assert writes(sandbox) - before == {"ips.update": 1}
    label = f"ips[connection=pbx, ip_address={IPS[2]}]"
    assert f"~ update {label}" in done.out  # the plan
    assert f"~ updated {label}  (id {ids['ips'][2]})" in done.out  # the change made
    assert done.out.rstrip().endswith("Apply: 1 change made")
    assert [r["port"] for r in sandbox.rows("ips")] == [5060, 5060, 5060]

    settled = writes(sandbox)
    again = run(capsys, sandbox, "apply", str(doc), "--auto-approve")
    assert again.code == ExitCode.OK
    assert "No changes" in again.out
    assert writes(sandbox) == settled


def test_changes_are_refused_without_a_terminal_or_auto_approve(
    sandbox: ThreadedSandbox, doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run(capsys, sandbox, "apply", str(doc))
    assert done.code == ExitCode.USAGE
    assert "+ create ip_connections[connection_name=pbx]" in done.out  # shown first
    assert "pass --auto-approve" in done.err
    assert writes(sandbox) == {}


def test_a_document_from_stdin_needs_auto_approve_too(
    sandbox: ThreadedSandbox,
    doc: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(doc.read_text()))
    assert run(capsys, sandbox, "apply", "-").code == ExitCode.USAGE
    monkeypatch.setattr(sys, "stdin", io.StringIO(doc.read_text()))
    done = run(capsys, sandbox, "apply", "-", "--auto-approve")
    assert done.code == ExitCode.OK, done.err
    assert writes(sandbox) == {"ip_connections.create": 1, "ips.create": 3}


def test_prune_deletes_only_what_the_selector_covers(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(sandbox)
    path = tmp_path / "one-ip.json"
    one_ip = {
        "version": 1,
        "ips": [{"connection": "pbx", "ip_address": IPS[0], "port": 5060}],
    }
    path.write_text(json.dumps(one_ip), encoding="utf-8")
    without = run(capsys, sandbox, "apply", str(path), "--auto-approve")
    assert without.code == ExitCode.OK
    assert writes(sandbox)["ips.delete"] == 0
    assert len(sandbox.rows("ips")) == 3

    before = writes(sandbox)
    pruned = run(
        capsys,
        sandbox,
        "apply",
        str(path),
        "--auto-approve",
        "--prune",
        "--prune-resources",
        "ips",
    )
    assert pruned.code == ExitCode.OK, pruned.err
    assert writes(sandbox) - before == {"ips.delete": 2}
    assert [r["id"] for r in sandbox.rows("ips")] == [ids["ips"][0]]
    # Everything the selector does not cover is still there.
    for resource in ("ip_connections", "fqdns", "outbound_voice_profiles"):
        assert sandbox.rows(resource), resource


def test_no_secret_value_reaches_the_output_or_the_journal(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    literal = "pw-Literal-Secret-55"
    path = tmp_path / "sip.yaml"
    path.write_text(
        "version: 1\n"
        "credential_connections:\n"
        "  - connection_name: office\n"
        "    user_name: office1\n"
        f"    password: ${{{PASSWORD_VAR}}}\n"
        "  - connection_name: lobby\n"
        "    user_name: lobby1\n"
        f"    password: {literal}\n",
        encoding="utf-8",
    )
    journal = tmp_path / "journal"
    done = run(
        capsys, sandbox, "apply", str(path), "--auto-approve", "--journal", str(journal)
    )
    assert done.code == ExitCode.OK, done.err
    rows = {r["connection_name"]: r for r in sandbox.rows("credential_connections")}
    assert rows["office"]["password"] == PASSWORD  # the variable was read
    assert rows["lobby"]["password"] == literal
    files = sorted(p for p in journal.rglob("*") if p.is_file())
    assert files  # the saved plan and the wave journals
    for text in [done.out, done.err, *(p.read_text() for p in files)]:
        assert PASSWORD not in text
        assert literal not in text


def test_a_missing_variable_stops_before_any_request(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(PASSWORD_VAR)
    path = tmp_path / "sip.yaml"
    path.write_text(
        "version: 1\n"
        "credential_connections:\n"
        "  - connection_name: office\n"
        "    user_name: office1\n"
        f"    password: !env {PASSWORD_VAR}\n",
        encoding="utf-8",
    )
    done = run(capsys, sandbox, "apply", str(path), "--auto-approve")
    assert done.code == ExitCode.USAGE
    assert PASSWORD_VAR in done.err
    assert "credential_connections[0].password" in done.err
    assert writes(sandbox) == {}


def test_failed_changes_exit_6_and_stop_later_waves(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sip.json"
    document = {
        "version": 1,
        # An IP on a connection id that does not exist: the API refuses it.
        "ips": [{"connection_id": "999", "ip_address": IPS[0]}],
        "ip_connections": [{"connection_name": "pbx"}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    done = run(capsys, sandbox, "apply", str(path), "--auto-approve")
    assert done.code == ExitCode.PARTIAL, done.err
    assert f"x create ips[connection_id=999, ip_address={IPS[0]}] failed" in done.out
    assert "Apply: 1 change made, 1 failed" in done.out


def test_a_bad_document_is_refused_whole(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sip.yaml"
    path.write_text(
        "version: 1\n"
        "ips:\n  - {connection: pbx, ip_address: 192.0.2.1, prot: 5060}\n"
        "connections:\n  - {connection_name: x}\n",
        encoding="utf-8",
    )
    done = run(capsys, sandbox, "apply", str(path), "--auto-approve")
    assert done.code == ExitCode.USAGE
    problems = [line for line in done.err.splitlines() if line.startswith(str(path))]
    assert len(problems) == 2, done.err
    assert "is not a valid document (2 problems); nothing was sent" in done.err
    assert sandbox.stats.requests == 0


def test_a_journal_of_another_document_is_refused(
    sandbox: ThreadedSandbox,
    doc: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    journal = str(tmp_path / "journal")
    assert (
        run(
            capsys, sandbox, "apply", str(doc), "--auto-approve", "--journal", journal
        ).code
        == 0
    )
    other = tmp_path / "other.yaml"
    other.write_text("version: 1\noutbound_voice_profiles:\n  - name: spare\n")
    before = writes(sandbox)
    done = run(
        capsys, sandbox, "apply", str(other), "--auto-approve", "--journal", journal
    )
    assert done.code == ExitCode.USAGE
    assert "another document" in done.err
    assert writes(sandbox) == before


def test_options_of_the_other_kind_are_refused(
    sandbox: ThreadedSandbox,
    doc: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = str(tmp_path / "report.jsonl")
    with_report = run(capsys, sandbox, "apply", str(doc), "--report", report)
    assert with_report.code == ExitCode.USAGE
    assert "--report is for call plans" in with_report.err

    plan = tmp_path / "plan.jsonl"
    line = {
        "resource": "outbound_voice_profiles",
        "action": "create",
        "args": {"name": "spare"},
    }
    plan.write_text(json.dumps(line) + "\n")
    no_report = run(capsys, sandbox, "apply", str(plan))
    assert no_report.code == ExitCode.USAGE
    assert "--report" in no_report.err
    approve = run(
        capsys, sandbox, "apply", str(plan), "--report", report, "--auto-approve"
    )
    assert approve.code == ExitCode.USAGE
    assert sandbox.stats.requests == 0
    # The call plan itself still runs as before.
    assert run(capsys, sandbox, "apply", str(plan), "--report", report).code == 0
    assert writes(sandbox) == {"outbound_voice_profiles.create": 1}


@pytest.mark.parametrize(
    ("text", "call_plan"),
    [
        pytest.param(
            '\n  \n{"resource": "ips", "action": "delete"}\n', True, id="plan"
        ),
        pytest.param("", True, id="empty-is-an-empty-plan"),
        pytest.param('{"version": 1, "ips": []}\n', False, id="json-document"),
        pytest.param('{\n  "version": 1\n}\n', False, id="indented-json"),
        pytest.param("# a comment\nversion: 1\n", False, id="yaml"),
        pytest.param('["resource"]\n', False, id="not-an-object"),
        pytest.param("[" * 100_000 + "\n", False, id="deep"),
    ],
)
def test_a_call_plan_is_told_from_a_document_by_its_first_line(
    text: str, call_plan: bool
) -> None:
    assert is_call_plan(text) is call_plan
