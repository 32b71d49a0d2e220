"""Every operation of every service is a command that sends its request."""

from __future__ import annotations

import io
import sys

import pytest

from telnyx_sip._cli.app import build_parser
from telnyx_sip._cli.introspect import Command, Param, resources
from tests._support.cli import COMMANDS, SECRET, lines, run
from tests._support.fake_api import API_KEY, FakeAPI

METHODS = {
    "list": "GET",
    "create": "POST",
    "retrieve": "GET",
    "update": "PATCH",
    "delete": "DELETE",
    "check_registration_status": "POST",
}


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


def test_parser_builds_from_the_services_alone() -> None:
    parser = build_parser()
    args = parser.parse_args(
        ["credential-connections", "update", "c1", "--connection-name", "x"]
    )
    assert args.kw_connection_name == "x"
    assert args.path_id == "c1"
