"""``telnyx-sip apply`` plans, from a file or stdin, refused whole before sending."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from telnyx_sip._cli.plans import BadPlanError, check_line, read_plan
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.testing import ThreadedSandbox

KEY = "plans-key"
GOOD = {"resource": "outbound_voice_profiles", "action": "create", "args": {}}


def _profile(name: str) -> dict[str, Any]:
    return dict(GOOD, args={"name": name})


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY) as running:
        yield running


def _apply(sandbox: ThreadedSandbox, tmp_path: Path, plan: str) -> int:
    return main(
        [
            "--base-url",
            sandbox.base_url,
            "apply",
            plan,
            "--report",
            str(tmp_path / "report.jsonl"),
        ]
    )


def _lines(*objects: object) -> str:
    return "".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objects)


BAD_LINES = [
    pytest.param(
        {"resource": "ips", "action": "create", "args": {"ip_adress": "192.0.2.1"}},
        "unknown field 'ip_adress' for ips create (did you mean 'ip_address'?)",
        id="unknown-field",
    ),
    pytest.param(
        {
            "resource": "credential_connections",
            "action": "update",
            "args": {"id": "1", "inbound": {"chanel_limit": 5}},
        },
        "unknown field 'inbound.chanel_limit' for credential_connections update "
        "(did you mean 'inbound.channel_limit'?)",
        id="unknown-nested-field",
    ),
    pytest.param(
        {"resource": "ip-connections", "action": "delete", "args": {"id": "1"}},
        "unknown resource 'ip-connections' (did you mean 'ip_connections'?)",
        id="unknown-resource",
    ),
    pytest.param(
        {"resource": "ips", "action": "remove", "args": {"id": "1"}},
        "ips has no action 'remove'; its actions: create, retrieve, update, delete",
        id="unknown-action",
    ),
    pytest.param(
        {"resource": "ips", "action": "list", "args": {}},
        "ips has no action 'list'",
        id="list-is-not-a-bulk-call",
    ),
    pytest.param(
        {"resource": "ips", "action": "create", "args": {"ip_address": 7}},
        "ips create: ip_address: expected a string, got int",
        id="bad-value",
    ),
    pytest.param(
        {"resource": "ips", "action": "create", "args": {}},
        "ips create: ip_address: is required",
        id="missing-field",
    ),
    pytest.param(
        {"resource": "ips", "action": "retrieve", "args": {"id": ".."}},
        "ips retrieve: id: must be a non-empty id",
        id="bad-path-value",
    ),
    pytest.param(
        {"resource": "ips", "action": "delete", "arg": {"id": "1"}},
        "unknown key 'arg' (did you mean 'args'?)",
        id="unknown-line-key",
    ),
    pytest.param("[1, 2]", "a plan line must be a JSON object", id="not-an-object"),
    pytest.param("not json", "not JSON: Expecting value (column 1)", id="not-json"),
    pytest.param(
        '{"resource": "ips", "action": "update", "args": {"id": "1", "port": NaN}}',
        "not JSON: NaN is not a JSON number",
        id="nan",
    ),
    pytest.param(
        {"resource": "ips", "action": "create", "args": []},
        "'args' must be a JSON object",
        id="args-not-an-object",
    ),
    pytest.param(
        {"resource": "ips"}, "'resource' and 'action' must be strings", id="no-action"
    ),
]


@pytest.mark.parametrize(("line", "message"), BAD_LINES)
def test_a_bad_line_refuses_the_whole_plan_before_any_request(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    line: object,
    message: str,
) -> None:
    plan = tmp_path / "plan.jsonl"
    # Good lines before and after it: none of them may be sent.
    plan.write_text(_lines(_profile("first one"), "", line, _profile("last one")))
    assert _apply(sandbox, tmp_path, str(plan)) == ExitCode.USAGE
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{plan}:3: {message}"), err
    assert err[-1] == (
        "telnyx-sip: error: bad plan (1 problem); nothing was sent; "
        "see 'telnyx-sip apply --help'"
    )
    assert sandbox.stats.requests == 0
    assert not (tmp_path / "report.jsonl").exists()


def test_every_problem_is_listed_by_line_and_long_lists_are_cut(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {"resource": "ips", "action": "create", "args": {"ip_adress": "x"}}
    plan = tmp_path / "plan.jsonl"
    plan.write_text(_lines(*([_profile("fine profile")] + [bad] * 25)))
    assert _apply(sandbox, tmp_path, str(plan)) == ExitCode.USAGE
    err = capsys.readouterr().err.splitlines()
    assert [line.split(":")[1] for line in err[:20]] == [str(n) for n in range(2, 22)]
    assert err[20] == "... and 5 more"
    assert "bad plan (25 problems)" in err[21]
    assert sandbox.stats.requests == 0


def test_repeated_natural_key_names_both_lines(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.jsonl"
    plan.write_text(_lines(_profile("dup"), _profile("other"), "", _profile("dup")))
    assert _apply(sandbox, tmp_path, str(plan)) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert (
        f"{plan}:4: creates the same outbound_voice_profiles as line 1 (name='dup')"
        in err
    )
    assert sandbox.stats.requests == 0


def test_plan_from_stdin(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _lines(_profile("from stdin"), _profile("from a pipe"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert _apply(sandbox, tmp_path, "-") == ExitCode.OK
    assert "2 calls: 2 succeeded" in capsys.readouterr().err
    names = [r["name"] for r in sandbox.rows("outbound_voice_profiles")]
    assert names == ["from stdin", "from a pipe"]


def test_bad_plan_from_stdin_is_named_stdin(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(_lines(_profile("ok profile"), "{")))
    assert _apply(sandbox, tmp_path, "-") == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("<stdin>:2: not JSON")
    assert sandbox.stats.requests == 0


def test_unreadable_plan_is_a_usage_error(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.jsonl"
    assert _apply(sandbox, tmp_path, str(missing)) == ExitCode.USAGE
    assert f"cannot read the plan '{missing}'" in capsys.readouterr().err
    (tmp_path / "latin1.jsonl").write_bytes(b'{"name": "caf\xe9"}\n')
    assert _apply(sandbox, tmp_path, str(tmp_path / "latin1.jsonl")) == 2
    assert "UnicodeDecodeError" in capsys.readouterr().err


def test_lines_end_at_newlines_only_and_a_bom_is_skipped(tmp_path: Path) -> None:
    # U+2028 is a line break to str.splitlines(), but legal inside JSON text.
    name = "line\u2028separator"
    path = tmp_path / "plan.jsonl"
    text = json.dumps(_profile(name), ensure_ascii=False) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    plan = read_plan(str(path), io.StringIO())
    assert [c.args["name"] for c in plan.calls] == [name]
    assert plan.lines == (1,)


def test_deeply_nested_json_is_a_plan_problem(tmp_path: Path) -> None:
    path = tmp_path / "plan.jsonl"
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(BadPlanError) as caught:
        read_plan(str(path), io.StringIO())
    assert caught.value.problems[0].startswith(f"{path}:1: not JSON")


def test_check_line_accepts_every_bulk_action() -> None:
    calls = [
        {"resource": "ips", "action": "update", "args": {"id": "7", "ip_address": "x"}},
        {"resource": "ips", "action": "delete", "args": {"id": "7"}},
        {"resource": "fqdns", "action": "retrieve", "args": {"id": "7"}},
        {
            "resource": "credential_connections",
            "action": "check_registration_status",
            "args": {"id": "7"},
        },
        {
            "resource": "ip_connections",
            "action": "create",
            "args": {"connection_name": "pbx", "inbound": {"channel_limit": 5}},
        },
    ]
    for data in calls:
        call, problems = check_line(data)
        assert problems == []
        assert call is not None
        assert call.to_json() == data


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_plan_is_not_read_from_a_terminal(
    sandbox: ThreadedSandbox,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(_lines(_profile("typed in"))))
    assert _apply(sandbox, tmp_path, "-") == ExitCode.USAGE
    assert "stdin, which is a terminal: pipe it in" in capsys.readouterr().err
    assert sandbox.stats.requests == 0
