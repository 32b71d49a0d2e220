"""Secrets in: the SIP password from stdin or a prompt, the API key from a
file or the environment, never from an option."""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest

from telnyx_sip.cli import ExitCode
from tests._support.cli import SECRET, run, sh
from tests._support.fake_api import API_KEY, FakeAPI

CREATE_CREDENTIAL = shlex.split(
    "credential-connections create --connection-name office --user-name office1"
)


# -- secrets in -----------------------------------------------------------------


def test_password_is_read_from_stdin(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{SECRET}\nnext line\n"))
    code, out, err = run(
        capsys, "--base-url", base_url, *CREATE_CREDENTIAL, "--password-stdin"
    )
    assert code == 0
    assert api.requests[0].json == {
        "connection_name": "office",
        "user_name": "office1",
        "password": SECRET,
    }
    assert SECRET not in out + err


def test_update_sends_a_password_only_when_asked(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    update = sh("credential-connections update c1")
    code, _, _ = run(capsys, "--base-url", base_url, *update, "--active", "true")
    assert code == 0
    assert api.requests[-1].json == {"active": True}
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET))
    code, _, _ = run(capsys, "--base-url", base_url, *update, "--password-stdin")
    assert code == 0
    assert api.requests[-1].json == {"password": SECRET}


def test_missing_password_is_a_usage_error_when_stdin_is_not_a_terminal(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["--base-url", base_url, *CREATE_CREDENTIAL]
    code, _, err = run(capsys, *argv)
    assert code == ExitCode.USAGE
    assert "--password-stdin" in err
    assert "try: telnyx-sip credential-connections create --help" in err
    code, _, err = run(capsys, *argv, "--password-stdin")  # stdin is empty
    assert code == ExitCode.USAGE
    assert "stdin gave no password" in err
    assert api.requests == []


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_is_prompted_for_the_password(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prompts: list[str] = []

    def fake_getpass(prompt: str, stream: object = None) -> str:
        prompts.append(prompt)
        return SECRET

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    code, _, _ = run(capsys, "--base-url", base_url, *CREATE_CREDENTIAL)
    assert code == 0
    assert prompts == ["SIP password: "]
    assert api.requests[0].json["password"] == SECRET


def test_api_key_comes_from_a_file_before_the_environment(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("KEY-from-file\n")
    argv = ["--base-url", base_url, "--api-key-file", str(key_file)]
    code, _, _ = run(capsys, *argv, "ips", "retrieve", "i1")
    assert code == 0
    code, _, _ = run(capsys, "--base-url", base_url, "ips", "retrieve", "i1")
    assert code == 0
    assert [r.headers["Authorization"] for r in api.requests] == [
        "Bearer KEY-from-file",
        f"Bearer {API_KEY}",
    ]


def test_missing_or_unreadable_api_key_is_a_usage_error(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.delenv("TELNYX_API_KEY")
    code, out, err = run(capsys, "--base-url", base_url, "ips", "list")
    assert (code, out) == (ExitCode.USAGE, "")
    assert "no API key: set TELNYX_API_KEY or pass --api-key-file" in err
    missing = tmp_path / "missing"
    code, _, err = run(
        capsys, "--base-url", base_url, "--api-key-file", str(missing), "ips", "list"
    )
    assert code == ExitCode.USAGE
    assert "cannot read the API key file" in err
    empty = tmp_path / "empty"
    empty.write_text("\n")
    code, _, err = run(
        capsys, "--base-url", base_url, "--api-key-file", str(empty), "ips", "list"
    )
    assert code == ExitCode.USAGE
    assert "is empty" in err
    assert api.requests == []


def test_there_is_no_plain_api_key_option(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--api-key", "K"], ["--api-key-f", "K"]):  # nor abbreviations
        code, _, err = run(capsys, *argv, "ips", "list")
        assert code == ExitCode.USAGE
        assert f"unknown option {argv[0]}; did you mean '--api-key-file'?" in err
    code, _, err = run(capsys, "ips", "list", "--api-key", "K")
    assert code == ExitCode.USAGE
    assert "unknown option --api-key; did you mean '--api-key-file'?" in err
