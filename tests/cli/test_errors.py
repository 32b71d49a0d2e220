"""Errors and exit codes."""

from __future__ import annotations

import io
import socket
import sys

import pytest

from telnyx_sip.cli import ExitCode
from tests._support.cli import api_object, run, sh
from tests._support.fake_api import API_KEY, FakeAPI

# -- errors and exit codes --------------------------------------------------------


def test_api_errors_print_every_telnyx_error_line_and_exit_3(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reply(
        422,
        {
            "errors": [
                {
                    "code": "10015",
                    "title": "Invalid value",
                    "detail": "connection_name is already taken",
                    "source": {"pointer": "/connection_name"},
                },
                {
                    "code": "10016",
                    "title": "Missing field",
                    "source": {"pointer": "/x"},
                },
            ]
        },
        headers={"x-request-id": "req-123"},
    )
    argv = sh("ip-connections create --connection-name taken")
    code, out, err = run(capsys, "--base-url", base_url, *argv)
    assert (code, out) == (ExitCode.API, "")
    assert err.splitlines() == [
        "telnyx-sip: API error 422 on POST /ip_connections",
        "telnyx-sip:   code 10015: Invalid value - connection_name is already taken"
        " (at /connection_name)",
        "telnyx-sip:   code 10016: Missing field (at /x)",
        "telnyx-sip:   request id: req-123",
    ]


def test_a_rate_limit_answer_says_when_to_retry(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reply(
        429,
        {"errors": [{"code": "10011", "title": "Too many requests"}]},
        headers={"Retry-After": "7"},
    )
    code, _, err = run(
        capsys, "--base-url", base_url, "--max-retries", "0", "ips", "retrieve", "i1"
    )
    assert code == ExitCode.API
    assert "retry after 7 s" in err


def test_network_errors_exit_4(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v2"
    argv = ["--base-url", url, *sh("--max-retries 0 ips retrieve i1")]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (ExitCode.NETWORK, "")
    assert err.startswith("telnyx-sip: network error: GET /ips/i1")


def test_a_create_with_an_unknown_outcome_exits_4_with_advice(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reply(drop=True)
    code, _, err = run(
        capsys, "--base-url", base_url, "ips", "create", "--ip-address", "192.0.2.1"
    )
    assert code == ExitCode.NETWORK
    assert "may or may not have taken effect" in err
    assert "look the object up before trying again" in err
    assert len(api.requests) == 1  # not re-sent


def test_an_answer_that_does_not_fit_exits_5(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.reply(200, raw=b"<html>oops</html>")
    code, out, err = run(capsys, "--base-url", base_url, "ips", "retrieve", "i1")
    assert (code, out) == (ExitCode.RESPONSE, "")
    assert "unexpected response" in err
    api.data("not an object")
    code, _, _ = run(capsys, "--base-url", base_url, "ips", "retrieve", "i1")
    assert code == ExitCode.RESPONSE


def test_ctrl_c_exits_130(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Interrupted(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    monkeypatch.setattr(sys, "stdin", Interrupted())
    argv = sh("credential-connections update c1 --password-stdin")
    code, _, err = run(capsys, "--base-url", base_url, *argv)
    assert code == ExitCode.INTERRUPTED
    assert "interrupted" in err
    assert api.requests == []


@pytest.mark.parametrize(
    ("argv", "message", "hint"),
    [
        ([], "missing COMMAND (one of: access-ip-ranges, ", "telnyx-sip"),
        (["ips"], "missing OPERATION (one of: list, create, ", "telnyx-sip ips"),
        (["ips", "frobnicate"], "unknown command 'frobnicate'", "telnyx-sip ips"),
        (
            ["--timeout", "0", "ips", "list"],
            "--timeout: expected a positive number of seconds, got '0'",
            "telnyx-sip",
        ),
        (
            ["--max-retries", "-1", "ips", "list"],
            "--max-retries: must be >= 0, got -1",
            "telnyx-sip",
        ),
        (
            ["--sandbox", "--base-url", "http://127.0.0.1:1/v2", "ips", "list"],
            "--sandbox and --base-url cannot be used together",
            "telnyx-sip ips list",
        ),
        (
            ["ips", "list", "--sandbox", "--base-url", "http://127.0.0.1:1/v2"],
            "--sandbox and --base-url cannot be used together",
            "telnyx-sip ips list",
        ),
        (["ips", "retrieve"], "missing ID", "telnyx-sip ips retrieve"),
        (
            ["ips", "retrieve", "a", "b"],
            "unexpected argument 'b'",
            "telnyx-sip ips retrieve",
        ),
    ],
)
def test_usage_errors_are_one_line_and_a_hint_and_exit_2(
    argv: list[str], message: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (ExitCode.USAGE, "")
    first, second = err.splitlines()
    assert first.startswith(f"telnyx-sip: error: {message}")
    assert second == f"try: {hint} --help"
    assert "usage:" not in err


def test_a_non_https_remote_base_url_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--base-url", "http://example.com/v2", "ips", "list")
    assert code == ExitCode.USAGE
    assert err.startswith("telnyx-sip: error: --base-url: plain http")


def test_verbose_logs_each_attempt_to_stderr(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.data(api_object("ips"), headers={"x-request-id": "req-9"})
    code, _, err = run(capsys, "-v", "--base-url", base_url, "ips", "retrieve", "i1")
    assert code == 0
    assert "GET /ips/i1 -> 200" in err
    assert "request id req-9" in err
    assert API_KEY not in err
