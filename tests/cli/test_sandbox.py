"""The command line against the sandbox: demo, --sandbox and a provisioning run."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from telnyx_sip._types import REDACTED
from telnyx_sip.cli import ExitCode
from telnyx_sip.testing import ThreadedSandbox
from tests._support.cli import run, sh

SANDBOX_KEY = "sandbox-cli-key"
PASSWORD = "pw-Sandbox-Secret-7"


@pytest.fixture
def sandbox() -> Iterator[ThreadedSandbox]:
    with ThreadedSandbox(SANDBOX_KEY) as running:
        yield running


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", SANDBOX_KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def one(out: str) -> dict[str, Any]:
    (line,) = out.splitlines()
    loaded: dict[str, Any] = json.loads(line)
    return loaded


def test_demo_runs_the_tour_to_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo")
    assert (code, err) == (0, "")
    steps = [line for line in out.splitlines() if line.startswith("[")]
    assert [s.split("]")[0] for s in steps] == [f"[{n}/7" for n in range(1, 8)]
    assert "outbound voice profile 'demo-outbound'" in steps[0]
    assert "credential connection 'demo-office'" in steps[1]
    assert "192.0.2.10:5060" in out
    assert "192.0.2.11:5060" in out
    assert "sip.example.com" in out
    assert "Listed all connections (3)" in steps[4]
    assert "Registered" in steps[5]
    assert "(0 connections left)" in steps[6]
    assert out.splitlines()[-1].startswith("Done.")


def test_demo_refuses_a_base_url(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--base-url", "http://127.0.0.1:9/v2", "demo")
    assert (code, out) == (ExitCode.USAGE, "")
    assert "embedded sandbox" in err


def test_dash_dash_sandbox_runs_one_command_on_a_fresh_sandbox(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TELNYX_API_KEY")  # not needed
    code, out, err = run(
        capsys, "--sandbox", "outbound-voice-profiles", "create", "--name", "office"
    )
    assert (code, err) == (0, "")
    assert one(out)["name"] == "office"
    code, out, _ = run(capsys, "--sandbox", "outbound-voice-profiles", "list")
    assert (code, out) == (0, "")  # every run starts empty
    code, out, _ = run(capsys, "--sandbox", "--table", "ips", "list")
    assert (code, out) == (
        0,
        "ID  IP_ADDRESS  PORT  CONNECTION_ID  RECORD_TYPE  CREATED_AT\n",
    )


def test_provisioning_round_trip(
    sandbox: ThreadedSandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api = ("--base-url", sandbox.base_url, "--max-retries", "0")
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    code, out, err = run(
        capsys,
        *api,
        *sh("credential-connections create --connection-name office"),
        *sh("--user-name office1 --password-stdin --tags hq,sip"),
        *sh("""--inbound '{"channel_limit": 5}'"""),
    )
    assert (code, err) == (0, "")
    created = one(out)
    assert created["password"] == REDACTED
    assert created["tags"] == ["hq", "sip"]
    assert created["inbound"]["channel_limit"] == 5
    assert PASSWORD not in out
    conn_id = created["id"]
    assert sandbox.rows("credential_connections")[0]["password"] == PASSWORD

    code, out, _ = run(
        capsys, *api, "connections", "list", "--filter", "connection_name_contains=OFF"
    )
    assert code == 0
    assert [item["id"] for item in map(json.loads, out.splitlines())] == [conn_id]

    update = sh(f"credential-connections update {conn_id} --active false")
    code, out, _ = run(capsys, *api, *update)
    assert (code, one(out)["active"]) == (0, False)
    code, out, _ = run(
        capsys, *api, "credential-connections", "check-registration-status", conn_id
    )
    assert (code, one(out)["status"]) == (0, "Not Registered")
    code, out, _ = run(
        capsys, *api, "--show-secrets", "credential-connections", "retrieve", conn_id
    )
    assert (code, one(out)["password"]) == (0, PASSWORD)
    code, out, _ = run(capsys, *api, "credential-connections", "delete", conn_id)
    assert (code, one(out)["id"]) == (0, conn_id)

    code, out, err = run(capsys, *api, "credential-connections", "retrieve", conn_id)
    assert (code, out) == (ExitCode.API, "")
    assert err.startswith(
        f"telnyx-sip: API error 404 on GET /credential_connections/{conn_id}\n"
    )
    assert "request id: " in err
    assert "request id: -" not in err


def test_sandbox_validation_errors_name_the_field(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = sh("ips create --ip-address 192.0.2.1 --connection-id 404404")
    code, _, err = run(capsys, "--base-url", sandbox.base_url, *argv)
    assert code == ExitCode.API
    assert "API error 422 on POST /ips" in err
    assert "(at /connection_id)" in err


def test_a_wrong_api_key_is_an_api_error(
    sandbox: ThreadedSandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", "not-the-key")
    code, _, err = run(capsys, "--base-url", sandbox.base_url, "ips", "list")
    assert code == ExitCode.API
    assert "API error 401" in err
    assert "not-the-key" not in err


# -- the standalone server -----------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--error-500", "1.5"],
        ["--drop-after", "-0.1"],
        ["--latency", "soon"],
        ["--rate-limit", "0"],
        ["--port", "70000"],
    ],
)
def test_sandbox_options_are_checked(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "sandbox", *argv)
    assert (code, out) == (ExitCode.USAGE, "")
    first, hint = err.splitlines()
    assert first.startswith(f"telnyx-sip: error: {argv[0]}: ")
    assert hint == "try: telnyx-sip sandbox --help"


def test_sandbox_on_a_busy_port_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(capsys, "sandbox", "--port", str(port))
    assert (code, out) == (ExitCode.USAGE, "")
    assert f"cannot listen on 127.0.0.1:{port}" in err


def test_sandbox_serves_with_faults_until_ctrl_c(
    capsys: pytest.CaptureFixture[str],
) -> None:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    command = [sys.executable, "-m", "telnyx_sip", "sandbox", "--port", "0"]
    command += sh(f"--api-key {SANDBOX_KEY} --rate-limit 50 --error-500 1")
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as server:
        try:
            assert server.stdout is not None
            first = server.stdout.readline()
            assert first.startswith("Telnyx SIP sandbox listening on http://127.0.0.1:")
            url = first.split()[-1]
            assert server.stdout.readline() == f"API key: {SANDBOX_KEY}\n"

            request = urllib.request.Request(
                f"{url}/ips", headers={"Authorization": f"Bearer {SANDBOX_KEY}"}
            )
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(request, timeout=10)
            assert caught.value.code == 500  # --error-500 1 hits every request
            assert caught.value.headers["x-ratelimit-limit"] == "50"

            code, _, err = run(
                capsys, "--base-url", url, "--max-retries", "0", "ips", "list"
            )
            assert code == ExitCode.API
            assert "API error 500" in err

            server.send_signal(signal.SIGINT)
            _, stderr = server.communicate(timeout=20)
        finally:
            if server.poll() is None:
                server.kill()
    assert server.returncode == 0
    assert "sandbox stopped" in stderr
