"""``telnyx-sip export``: the account as a document that plans to no changes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from telnyx_sip._cli.state_input import WRITABLE
from telnyx_sip.cli import ExitCode
from telnyx_sip.testing import ThreadedSandbox
from tests._support.state_cli import IPS, KEY, PASSWORD, export, run, seed, writes


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    with ThreadedSandbox(KEY) as running:
        yield running


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_export_then_plan_has_no_changes(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
) -> None:
    seed(sandbox)
    path = tmp_path / f"sip.{fmt}"
    done = run(capsys, sandbox, "export", "--format", fmt, "-o", str(path))
    assert done.code == ExitCode.OK, done.err
    assert done.out == ""
    text = run(capsys, sandbox, "plan", str(path))
    assert text.code == ExitCode.OK, text.out + text.err
    assert "No changes" in text.out
    as_json = run(capsys, sandbox, "plan", str(path), "--output", "json")
    assert as_json.code == ExitCode.OK
    data = json.loads(as_json.out)
    assert data["counts"]["no-op"] == len(data["changes"]) > 0
    assert {c["action"] for c in data["changes"]} == {"no-op"}


def test_secrets_are_left_out_with_a_note_in_yaml(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)
    done = run(capsys, sandbox, "export", "--format", "yaml")
    assert done.code == ExitCode.OK
    assert PASSWORD not in done.out
    notes = [line.strip() for line in done.out.splitlines() if "# password" in line]
    assert len(notes) == 1
    assert "${" in notes[0]  # how to set it from the environment
    as_json = run(capsys, sandbox, "export", "--format", "json")
    assert PASSWORD not in as_json.out
    assert "password" not in json.loads(as_json.out)["credential_connections"][0]


def test_resources_limits_what_is_read_and_written(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)
    done = run(capsys, sandbox, "export", "--format", "json", "--resources", "ips")
    assert done.code == ExitCode.OK
    data = json.loads(done.out)
    assert set(data) == {"version", "ips"}
    assert [ip["ip_address"] for ip in data["ips"]] == list(IPS)
    assert {ip["connection"] for ip in data["ips"]} == {"pbx"}  # by name

    unknown = run(capsys, sandbox, "export", "--resources", "ipz")
    assert unknown.code == ExitCode.USAGE
    assert "no resource 'ipz'; did you mean 'ips'?" in unknown.err


def test_an_empty_account_exports_a_document_with_nothing_in_it(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(export(capsys, sandbox, tmp_path / "empty.json"))
    assert data.pop("version") == 1
    assert data == {key: [] for key in WRITABLE}
    assert writes(sandbox) == {}


def test_yaml_without_pyyaml_names_the_extra(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # as if it were not installed
    done = run(capsys, sandbox, "export", "--format", "yaml")
    assert done.code == ExitCode.USAGE
    assert "pip install 'telnyx-sip[yaml]'" in done.err
    assert sandbox.stats.requests == 0
    # Without --format the default falls back to JSON.
    fallback = run(capsys, sandbox, "export")
    assert fallback.code == ExitCode.OK
    assert json.loads(fallback.out)["version"] == 1
    # Reading a YAML document says the same, for plan and apply alike.
    path = tmp_path / "sip.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    for command, code in (("plan", ExitCode.FAILURE), ("apply", ExitCode.USAGE)):
        refused = run(capsys, sandbox, command, str(path))
        assert refused.code == code
        assert "pip install 'telnyx-sip[yaml]'" in refused.err


def test_the_default_is_yaml_when_pyyaml_is_installed(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("yaml")
    done = run(capsys, sandbox, "export")
    assert done.out.startswith("version: 1")


def test_output_options_of_other_commands_are_refused(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run(capsys, sandbox, "-o", "json", "export")
    assert done.code == ExitCode.USAGE
    assert "--format" in done.err


def test_a_file_that_cannot_be_written_exits_7(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-dir" / "sip.yaml"
    done = run(capsys, sandbox, "export", "-o", str(target))
    assert done.code == ExitCode.STORAGE
    assert "cannot write" in done.err
    assert not target.exists()
