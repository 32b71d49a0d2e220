"""Errors a person can act on: one line, a hint, did-you-mean, options as typed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from telnyx_sip.cli import ExitCode
from tests._support.cli import lines, run, sh
from tests._support.fake_api import API_KEY, FakeAPI


@pytest.mark.parametrize(
    ("argv", "first", "hint"),
    [
        (
            "ips create --ip-adress 203.0.113.7",
            "unknown option --ip-adress; did you mean '--ip-address'?",
            "telnyx-sip ips create",
        ),
        (
            "ips create --ip-adress=203.0.113.7",
            "unknown option --ip-adress; did you mean '--ip-address'?",
            "telnyx-sip ips create",
        ),
        (
            "ips craete --ip-address 203.0.113.7",
            "unknown command 'craete'; did you mean 'create'?",
            "telnyx-sip ips",
        ),
        ("ipz list", "unknown command 'ipz'; did you mean 'ips'?", "telnyx-sip"),
        (
            "ips list --page-sise 5",
            "unknown option --page-sise; did you mean '--page-size'?",
            "telnyx-sip ips list",
        ),
        (
            "ips list --filter conection_id=1",
            "--filter: unknown filter 'conection_id'; did you mean 'connection_id'?",
            "telnyx-sip ips list",
        ),
        (
            "ip-connections create --transport-protocol udp",
            "--transport-protocol: must be one of 'UDP', 'TCP', 'TLS'; got 'udp'",
            "telnyx-sip ip-connections create",
        ),
        (
            "ips list -o tabel",
            "--output: 'tabel' is not one of: jsonl, json, table, yaml, csv; "
            "did you mean 'table'?",
            "telnyx-sip ips list",
        ),
        (
            "ips create --port",
            "--port: needs a value",
            "telnyx-sip ips create",
        ),
        (
            "ips create --port 5060",
            "missing the required option --ip-address",
            "telnyx-sip ips create",
        ),
        (
            "ip-connections create --jitter-buffer '{\"jitterbuffer_msec_max\": 9}'",
            "--jitter-buffer: jitterbuffer_msec_max: must be >= 40, got 9",
            "telnyx-sip ip-connections create",
        ),
        (
            "ip-connections update c1 --webhook-timeout-secs 31",
            "--webhook-timeout-secs: must be between 0 and 30, got 31",
            "telnyx-sip ip-connections update",
        ),
    ],
)
def test_a_usage_error_is_one_line_and_a_hint(
    argv: str, first: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *sh(argv))
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.splitlines() == [f"telnyx-sip: error: {first}", f"try: {hint} --help"]


def test_sdk_argument_errors_name_the_option_as_typed(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = [
        ("outbound-voice-profiles create --name ab", "--name: must be at least 3"),
        ("ips list --limit -1", "--limit: "),
        ("ips retrieve ..", "ID: "),
    ]
    for argv, start in cases:
        code, _, err = run(capsys, "--base-url", base_url, *sh(argv))
        assert code == ExitCode.USAGE, argv
        first, second = err.splitlines()
        assert first.startswith(f"telnyx-sip: error: {start}"), first
        assert second.startswith("try: telnyx-sip ")
    code, _, err = run(capsys, "--base-url", "http://example.com/v2", "ips", "list")
    assert err.startswith("telnyx-sip: error: --base-url: ")
    assert api.requests == []


@pytest.mark.parametrize(
    "argv",
    [
        ["-v", "--base-url", "{url}", "--table", "ips", "list", "--limit", "1"],
        ["ips", "list", "--limit", "1", "-v", "--base-url", "{url}", "--table"],
        ["ips", "-v", "--base-url", "{url}", "list", "--limit", "1", "-o", "table"],
        [
            "--output",
            "table",
            "ips",
            "list",
            "--limit",
            "1",
            "--base-url",
            "{url}",
            "-v",
        ],
    ],
)
def test_global_options_go_before_or_after_the_command(
    argv: list[str], api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *(a.replace("{url}", base_url) for a in argv))
    assert code == 0
    assert out.startswith("ID ")
    assert "GET /ips -> 200" in err  # -v


def test_the_api_key_file_and_secrets_options_work_after_the_command(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TELNYX_API_KEY")
    key = tmp_path / "key"
    key.write_text(API_KEY + "\n")
    argv = ["ips", "retrieve", "i1", "--api-key-file", str(key), "--show-secrets"]
    code, out, _ = run(capsys, *argv, "--base-url", base_url)
    assert code == 0
    assert lines(out)[0]["password"] != "[redacted]"
    assert api.requests[0].headers["Authorization"] == f"Bearer {API_KEY}"


def test_a_command_keeps_its_own_option_of_a_global_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # ``sandbox --port`` is the sandbox's own; global options still parse there.
    code, _, err = run(capsys, "sandbox", "--port", "70000", "-v")
    assert code == ExitCode.USAGE
    assert "--port: must be between 0 and 65535" in err


def test_the_installed_entry_point_prints_the_same_short_errors() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "telnyx_sip", "ips", "create", "--ip-adress", "x"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == ExitCode.USAGE
    assert done.stdout == ""
    assert done.stderr == (
        "telnyx-sip: error: unknown option --ip-adress; did you mean '--ip-address'?\n"
        "try: telnyx-sip ips create --help\n"
    )
