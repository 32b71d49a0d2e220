"""The command line, run in-process against a loopback FakeAPI in a thread."""

from __future__ import annotations

import asyncio
import io
import json
import shlex
import socket
import subprocess
import sys
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from aiohttp import web

from telnyx_sip._cli.app import build_parser
from telnyx_sip._cli.introspect import Command, Param, resources
from telnyx_sip._cli.render import REDACTED
from telnyx_sip.cli import ExitCode, main

from ._support.fake_api import API_KEY, FakeAPI, Recorded, Reply

T = TypeVar("T")
SECRET = "pw-Very-Secret-42"
TOKEN = "tok-Very-Secret-43"
COMMANDS = [c for r in resources() for c in r.commands]
CREATE_CREDENTIAL = shlex.split(
    "credential-connections create --connection-name office --user-name office1"
)
METHODS = {
    "list": "GET",
    "create": "POST",
    "retrieve": "GET",
    "update": "PATCH",
    "delete": "DELETE",
    "check_registration_status": "POST",
}


def _object(resource: str) -> dict[str, Any]:
    """A plausible answer object for any resource (unknown keys land in extra)."""
    return {
        "id": "obj-1",
        "record_type": resource.rstrip("s"),
        "name": "office-profile",
        "connection_name": "office",
        "user_name": "office1",
        "password": SECRET,
        "ip_address": "192.0.2.10",
        "port": 5060,
        "cidr_block": "192.0.2.0/24",
        "status": "pending",
        "user_id": "user-1",
        "active": True,
        "tags": ["a", "b"],
        "outbound": {"ip_authentication_token": TOKEN, "channel_limit": 5},
        "brand_new_field": {"nested": 1},
    }


def _answer(rec: Recorded) -> Reply:
    parts = rec.path.removeprefix("/v2/").split("/")
    resource = parts[0]
    if rec.method == "GET" and len(parts) == 1:
        number = int(rec.query.get("page[number]", "1"))
        items = [dict(_object(resource), id=f"obj-{number}-{i}") for i in range(2)]
        meta = {"page_number": number, "page_size": 2, "total_pages": 3}
        return Reply(200, {"data": items, "meta": meta})
    if resource == "access_ip_ranges":  # answered without the data envelope
        return Reply(200, _object(resource))
    return Reply(200, {"data": _object(resource)})


@pytest.fixture
def api(fake_api: FakeAPI) -> Iterator[FakeAPI]:
    fake_api.default = _answer
    return fake_api


class BackgroundLoop:
    """An event loop in a daemon thread, to serve while main() blocks."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def call(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=10)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@pytest.fixture
def base_url(fake_api: FakeAPI) -> Iterator[str]:
    """The FakeAPI served from a background thread."""
    background = BackgroundLoop()

    async def start() -> tuple[web.AppRunner, int]:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", fake_api.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        return runner, runner.addresses[0][1]

    runner, port = background.call(start())
    try:
        yield f"http://127.0.0.1:{port}/v2"
    finally:
        background.call(runner.cleanup())
        background.close()


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def sh(command: str) -> list[str]:
    """Split a command line the way a shell would."""
    return shlex.split(command)


def lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


# -- every operation is a command ---------------------------------------------


def test_every_operation_of_every_service_is_a_command() -> None:
    assert len(COMMANDS) == 36
    assert {r.name for r in resources()} == {
        "access-ip-ranges",
        "connections",
        "credential-connections",
        "fqdn-connections",
        "fqdns",
        "ip-connections",
        "ips",
        "outbound-voice-profiles",
    }


def _sample(param: Param) -> list[str]:
    samples = {
        "str": "sample-text",
        "int": "7",
        "float": "1.5",
        "bool": "false",
        "datetime": "2024-05-01T12:00:00Z",
        "list": "a,b",
        "object": "{}",
    }
    value = param.choices[0] if param.kind == "choice" else samples[param.kind]
    return [param.flag, value]


def _argv(command: Command) -> list[str]:
    argv = [command.resource.replace("_", "-"), command.name]
    if command.path_param:
        argv.append("id-9")
    for param in command.params:
        if param.required and param.name != "password":
            argv += _sample(param)
        if param.name == "password":
            argv.append("--password-stdin")
    if command.is_list:
        argv += ["--limit", "3"]
    return argv


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: f"{c.resource}.{c.method}")
def test_each_command_sends_its_request(
    command: Command,
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(SECRET + "\n"))
    code, out, err = run(capsys, "--base-url", base_url, *_argv(command))
    assert (code, err) == (0, "")
    rec = api.requests[0]
    assert rec.method == METHODS[command.method]
    expected = f"/v2/{command.resource}"
    if command.path_param:
        expected += "/id-9"
    if command.method == "check_registration_status":
        expected += "/actions/check_registration_status"
    assert rec.path == expected
    assert rec.headers["Authorization"] == f"Bearer {API_KEY}"
    printed = lines(out)
    assert len(printed) == (3 if command.is_list else 1)
    assert all(item["brand_new_field"] == {"nested": 1} for item in printed)
    if (
        rec.method in ("POST", "PATCH")
        and command.method != "check_registration_status"
    ):
        body = rec.json
        for param in command.params:
            if param.required and param.name != "password":
                assert param.name in body
        if any(p.name == "password" for p in command.params):
            assert body["password"] == SECRET
    assert SECRET not in out + err


# -- options become arguments -------------------------------------------------


def test_filters_are_mapped_and_coerced(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "--base-url",
        base_url,
        *sh("ips list --filter connection_id=123 --filter port=5060"),
        *sh("--page-size 2 --limit 3"),
    )
    assert code == 0
    assert [item["id"] for item in lines(out)] == ["obj-1-0", "obj-1-1", "obj-2-0"]
    assert [dict(r.query) for r in api.requests] == [
        {
            "filter[connection_id]": "123",
            "filter[port]": "5060",
            "page[size]": "2",
            "page[number]": str(n),
        }
        for n in (1, 2)
    ]


def test_filter_keys_accept_the_wire_spelling_and_datetimes_are_parsed(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        capsys,
        "--base-url",
        base_url,
        *sh("access-ip-ranges list --filter created_at[gte]=2024-01-01T00:00:00Z"),
        *sh("--filter cidr-block-contains=10.0 --page-number 2"),
    )
    assert code == 0
    assert len(api.requests) == 1  # --page-number prints just that page
    assert dict(api.requests[0].query) == {
        "filter[created_at][gte]": "2024-01-01T00:00:00+00:00",
        "filter[cidr_block][contains]": "10.0",
        "page[number]": "2",
    }


def test_sort_is_checked_against_its_choices(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = sh("outbound-voice-profiles list --sort=-name --limit 1")
    code, _, _ = run(capsys, "--base-url", base_url, *argv)
    assert code == 0
    assert api.requests[0].query["sort"] == "-name"
    code, _, err = run(
        capsys, "--base-url", base_url, "connections", "list", "--sort", "colour"
    )
    assert code == ExitCode.USAGE
    assert "must be one of 'created_at'" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ips", "list", "--filter", "port=abc"], "filter port: expected an integer"),
        (["ips", "list", "--filter", "colour=red"], "unknown filter 'colour'"),
        (["ips", "list", "--filter", "port"], "expected KEY=VALUE"),
        (
            ["access-ip-ranges", "list", "--filter", "created_at=yesterday"],
            "expected an ISO 8601 date-time",
        ),
        (
            ["ips", "list", "--filter", "port=1", "--filter", "port=2"],
            "filter port is given more than once",
        ),
    ],
)
def test_bad_filters_are_usage_errors(
    argv: list[str],
    message: str,
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "--base-url", base_url, *argv)
    assert (code, out) == (ExitCode.USAGE, "")
    assert message in err
    assert api.requests == []


def test_fields_bools_lists_nulls_and_nested_json_reach_the_body(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    outbound = tmp_path / "outbound.json"
    outbound.write_text('{"channel_limit": 3, "ip_authentication_token": "t"}')
    code, _, err = run(
        capsys,
        "--base-url",
        base_url,
        *sh("ip-connections update conn-1 --active false --connection-name pbx"),
        *sh("--tags a,b --tags c --dtmf-type 'RFC 2833'"),
        *sh("""--inbound '{"channel_limit": 5, "codecs": ["G722"]}'"""),
        *sh(f"--outbound @{outbound} --webhook-timeout-secs 12"),
        *sh("--null webhook_event_failover_url"),
    )
    assert (code, err) == (0, "")
    assert api.requests[0].json == {
        "active": False,
        "connection_name": "pbx",
        "tags": ["a", "b", "c"],
        "dtmf_type": "RFC 2833",
        "inbound": {"channel_limit": 5, "codecs": ["G722"]},
        "outbound": {"channel_limit": 3, "ip_authentication_token": "t"},
        "webhook_timeout_secs": 12,
        "webhook_event_failover_url": None,
    }


def test_an_empty_list_option_sends_an_empty_list(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        capsys, "--base-url", base_url, "fqdn-connections", "update", "c1", "--tags="
    )
    assert code == 0
    assert api.requests[0].json == {"tags": []}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--active", "maybe"], "expected true or false"),
        (["--dtmf-type", "morse"], "must be one of 'RFC 2833'"),
        (["--webhook-timeout-secs", "soon"], "expected an integer"),
        (["--inbound", "{nope"], "not valid JSON"),
        (["--inbound", "[1]"], "inbound: expected a JSON object"),
        (["--inbound", '{"colour": 1}'], "unknown field(s) colour"),
        (["--inbound", '{"timeout_1xx_secs": 0}'], "inbound.timeout_1xx_secs"),
        (["--inbound", "@/nonexistent/inbound.json"], "cannot read"),
        (["--null", "connection-name"], "invalid choice"),
        (
            [
                "--webhook-event-failover-url",
                "https://x",
                "--null",
                "webhook-event-failover-url",
            ],
            "both given and cleared",
        ),
        (["--password", "x"], "unrecognized arguments: --password"),
    ],
)
def test_bad_field_values_are_usage_errors_and_send_nothing(
    argv: list[str],
    message: str,
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys, "--base-url", base_url, "credential-connections", "update", "c1", *argv
    )
    assert (code, out) == (ExitCode.USAGE, "")
    assert message in err
    assert api.requests == []


def test_model_checks_run_before_sending(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "--base-url",
        base_url,
        "outbound-voice-profiles",
        "create",
        "--name",
        "ab",
    )
    assert code == ExitCode.USAGE
    assert "name: must be at least 3 characters" in err
    code, _, err = run(
        capsys, "--base-url", base_url, "ips", "list", "--page-size", "1000"
    )
    assert code == ExitCode.USAGE
    assert "page_size" in err
    code, _, err = run(capsys, "--base-url", base_url, "ips", "retrieve", "..")
    assert code == ExitCode.USAGE
    assert api.requests == []


def test_a_required_option_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ips", "create", "--port", "5060")
    assert code == ExitCode.USAGE
    assert "the following arguments are required: --ip-address" in err


# -- output -------------------------------------------------------------------


def test_json_output_keeps_unknown_keys_and_redacts_secrets(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--base-url", base_url, "ip-connections", "retrieve", "c1"
    )
    assert code == 0
    (item,) = lines(out)
    assert item["id"] == "obj-1"
    assert item["connection_name"] == "office"
    assert item["brand_new_field"] == {"nested": 1}
    assert item["outbound"]["channel_limit"] == 5
    assert item["outbound"]["ip_authentication_token"] == REDACTED
    assert item["password"] == REDACTED  # an unknown key, still a secret name
    assert SECRET not in out
    assert TOKEN not in out


def test_show_secrets_prints_them_before_or_after_the_command(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["--show-secrets", "ip-connections", "retrieve", "c1"],
        ["ip-connections", "retrieve", "c1", "--show-secrets"],
    ):
        code, out, _ = run(capsys, "--base-url", base_url, *argv)
        assert code == 0
        (item,) = lines(out)
        assert item["outbound"]["ip_authentication_token"] == TOKEN
        assert item["password"] == SECRET


def test_table_output_aligns_the_main_fields(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (
        ["--table", "credential-connections", "list", "--limit", "3"],
        ["credential-connections", "list", "--limit", "3", "--table"],
    ):
        code, out, _ = run(capsys, "--base-url", base_url, *argv)
        assert code == 0
        assert out.splitlines() == [
            "ID       CONNECTION_NAME  USER_NAME  RECORD_TYPE            ACTIVE"
            "  CREATED_AT",
            "obj-1-0  office           office1    credential_connection  true    -",
            "obj-1-1  office           office1    credential_connection  true    -",
            "obj-2-0  office           office1    credential_connection  true    -",
        ]
        assert SECRET not in out


def test_table_for_one_object(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys, "--base-url", base_url, "--table", "ips", "retrieve", "i1"
    )
    assert code == 0
    assert out.splitlines() == [
        "ID     IP_ADDRESS  PORT  CONNECTION_ID  RECORD_TYPE  CREATED_AT",
        "obj-1  192.0.2.10  5060  -              ip           -",
    ]


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
    assert "see 'telnyx-sip credential-connections create --help'" in err
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
        assert "invalid choice: 'K'" in err
    code, _, err = run(capsys, "ips", "list", "--api-key", "K")
    assert code == ExitCode.USAGE
    assert "unrecognized arguments: --api-key K" in err


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
    "argv",
    [
        [],
        ["ips"],
        ["ips", "frobnicate"],
        ["--timeout", "0", "ips", "list"],
        ["--max-retries", "-1", "ips", "list"],
        ["--sandbox", "--base-url", "http://127.0.0.1:1/v2", "ips", "list"],
        ["ips", "retrieve"],
        ["ips", "retrieve", "a", "b"],
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv)
    assert (code, out) == (ExitCode.USAGE, "")
    assert "usage: telnyx-sip" in err


def test_a_non_https_remote_base_url_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "--base-url", "http://example.com/v2", "ips", "list")
    assert code == ExitCode.USAGE
    assert "base_url" in err


def test_verbose_logs_each_attempt_to_stderr(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    api.data({"id": "i1"}, headers={"x-request-id": "req-9"})
    code, _, err = run(capsys, "-v", "--base-url", base_url, "ips", "retrieve", "i1")
    assert code == 0
    assert "GET /ips/i1 -> 200" in err
    assert "request id req-9" in err
    assert API_KEY not in err


# -- help ---------------------------------------------------------------------------


HELP_LEVELS = [
    [],
    ["demo"],
    ["sandbox"],
    *([r.name] for r in resources()),
    *([c.resource.replace("_", "-"), c.name] for c in COMMANDS),
]


@pytest.mark.parametrize("argv", HELP_LEVELS, ids=" ".join)
def test_help_on_every_level_describes_the_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, *argv, "--help")
    assert (code, err) == (0, "")
    usage, _, rest = out.partition("\n\n")
    assert usage.startswith("usage: telnyx-sip")
    description = rest.split("\n\n", 1)[0]
    assert len(description) > 30, description


def test_top_level_help_documents_exit_codes_and_the_api_key(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, _ = run(capsys, "--help")
    for line in ("2    usage error", "3    API error", "4    network error", "130"):
        assert line in out
    assert "TELNYX_API_KEY" in out
    assert "--show-secrets" in out


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "telnyx_sip", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("usage: telnyx-sip")
    assert "credential-connections" in done.stdout


def test_parser_builds_from_the_services_alone() -> None:
    parser = build_parser()
    args = parser.parse_args(
        ["credential-connections", "update", "c1", "--connection-name", "x"]
    )
    assert args.kw_connection_name == "x"
    assert args.path_id == "c1"
