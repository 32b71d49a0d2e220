"""``telnyx-sip plan FILE``: the diff, exit codes 0, 2 and 1, what it never prints."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from telnyx_sip import state
from telnyx_sip._cli.state_render import Renderer
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
outbound_voice_profiles:
  - name: main
    concurrent_call_limit: 10
ip_connections:
  - connection_name: pbx
    outbound: {{outbound_voice_profile: main}}
credential_connections:
  - connection_name: office
    user_name: office1
ips:
  - {{connection: pbx, ip_address: {IPS[0]}, port: 5060}}
  - {{connection: pbx, ip_address: {IPS[1]}, port: 5060}}
  - {{connection: pbx, ip_address: {IPS[2]}, port: 5060}}
"""


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setenv(PASSWORD_VAR, PASSWORD)
    with ThreadedSandbox(KEY) as running:
        yield running


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "sip.yaml"
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def test_a_matching_document_plans_no_changes_and_exits_0(
    sandbox: ThreadedSandbox, doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)
    before = writes(sandbox)
    done = run(capsys, sandbox, "plan", str(doc))
    assert done.code == ExitCode.OK, done.err
    assert "No changes" in done.out
    assert "Plan: 0 to create, 0 to update, 0 to delete, 6 unchanged" in done.out
    assert writes(sandbox) == before  # plan only reads


def test_drift_exits_2_and_names_the_field_old_and_new(
    sandbox: ThreadedSandbox, doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(sandbox)
    with sync_client(sandbox) as client:
        client.ips.update(ids["ips"][1], ip_address=IPS[1], port=5099)
    done = run(capsys, sandbox, "plan", str(doc))
    assert done.code == 2, done.err
    lines = done.out.splitlines()
    assert lines[0] == (
        f"~ update ips[connection=pbx, ip_address={IPS[1]}]  (id {ids['ips'][1]})"
    )
    assert lines[1].strip() in {"port: 5099 \u2192 5060", "port: 5099 -> 5060"}
    assert lines[2:] == ["", "Plan: 0 to create, 1 to update, 0 to delete, 5 unchanged"]


def test_json_output_is_the_plans_own_dict(
    sandbox: ThreadedSandbox, doc: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(sandbox)
    with sync_client(sandbox) as client:
        client.ips.update(ids["ips"][0], ip_address=IPS[0], port=5070)
    done = run(capsys, sandbox, "plan", str(doc), "--output", "json")
    assert done.code == 2
    data = json.loads(done.out)
    assert data["counts"] == {"create": 0, "update": 1, "delete": 0, "no-op": 5}
    (change,) = [c for c in data["changes"] if c["action"] != "no-op"]
    assert change["id"] == ids["ips"][0]
    assert change["fields"] == [
        {"path": "port", "old": 5070, "new": 5060, "secret": False}
    ]
    # -o json before the command means the same.
    again = run(capsys, sandbox, "-o", "json", "plan", str(doc))
    assert json.loads(again.out) == data


def test_secrets_are_never_printed_text_or_json(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)
    literal = "pw-Literal-Secret-99"
    path = tmp_path / "sip.yaml"
    path.write_text(
        DOCUMENT.replace(
            "    user_name: office1\n",
            f"    user_name: office1\n    password: {literal}\n",
        )
        + "fqdn_connections:\n"
        "  - connection_name: edge\n"
        "    outbound:\n"
        f"      ip_authentication_token: ${{{PASSWORD_VAR}}}\n",
        encoding="utf-8",
    )
    text = run(capsys, sandbox, "plan", str(path))
    as_json = run(capsys, sandbox, "plan", str(path), "-o", "json")
    assert text.code == as_json.code == 2
    for output in (text.out + text.err, as_json.out + as_json.err):
        assert literal not in output
        assert PASSWORD not in output
        assert "[redacted]" in output
    secret_fields = [
        f
        for c in json.loads(as_json.out)["changes"]
        for f in c["fields"]
        if f["path"] in {"password", "outbound.ip_authentication_token"}
    ]
    assert len(secret_fields) == 2
    assert all(f["old"] == f["new"] == "[redacted]" for f in secret_fields)


def test_without_prune_nothing_is_deleted_with_it_only_the_selector(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = seed(sandbox)
    path = tmp_path / "sip.json"
    only_one_ip = {
        "version": 1,
        "ips": [{"connection": "pbx", "ip_address": IPS[0], "port": 5060}],
    }
    path.write_text(json.dumps(only_one_ip), encoding="utf-8")
    plain = run(capsys, sandbox, "plan", str(path))
    assert plain.code == ExitCode.OK, plain.out
    pruned = run(
        capsys, sandbox, "plan", str(path), "--prune", "--prune-resources", "ips"
    )
    assert pruned.code == 2
    deleted = [line for line in pruned.out.splitlines() if line.startswith("- ")]
    assert deleted == [
        f"- delete ips[connection=pbx, ip_address={ip}]  (id {i})"
        for ip, i in zip(IPS[1:], ids["ips"][1:], strict=True)
    ]


def test_prune_tag_narrows_the_selector(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)  # "main" carries the tag prod
    with sync_client(sandbox) as client:
        client.outbound_voice_profiles.create(name="spare", tags=["test"])
    path = tmp_path / "empty.json"
    path.write_text('{"version": 1}', encoding="utf-8")
    done = run(
        capsys,
        sandbox,
        "plan",
        str(path),
        "--prune",
        "--prune-resources",
        "outbound-voice-profiles",
        "--prune-tag",
        "test",
    )
    assert done.code == 2, done.err
    assert [x for x in done.out.splitlines() if x.startswith("- ")] == [
        x
        for x in done.out.splitlines()
        if x.startswith("- delete outbound_voice_profiles[name=spare]")
    ]
    assert "Plan: 0 to create, 0 to update, 1 to delete, 0 unchanged" in done.out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["--prune"], "--prune needs --prune-resources", id="no-selector"),
        pytest.param(
            ["--prune-resources", "ips"], "add --prune", id="selector-without-prune"
        ),
        pytest.param(
            ["--prune", "--prune-resources", "ipz"],
            "no resource 'ipz'; did you mean 'ips'?",
            id="unknown-resource",
        ),
        pytest.param(
            ["--prune", "--prune-resources", "ips", "--prune-tag", "x"],
            "--prune-tag: ips have no tags",
            id="tag-on-tagless",
        ),
        pytest.param(["--nope"], "unknown option --nope", id="bad-option"),
        pytest.param(["-o", "table"], "'table' is not one of", id="bad-output"),
    ],
)
def test_a_bad_command_line_exits_1_not_2(
    sandbox: ThreadedSandbox,
    doc: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    done = run(capsys, sandbox, "plan", str(doc), *argv)
    assert done.code == ExitCode.FAILURE
    assert message in done.err
    assert sandbox.stats.requests == 0


def test_errors_exit_1(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(sandbox)
    missing = run(capsys, sandbox, "plan", str(tmp_path / "nope.yaml"))
    assert missing.code == ExitCode.FAILURE
    assert "cannot read" in missing.err

    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nips:\n  - {connection: pbx, ip_adress: 1.2.3.4}\n")
    refused = run(capsys, sandbox, "plan", str(bad))
    assert refused.code == ExitCode.FAILURE
    assert f"{bad}: ips[0]" in refused.err
    assert "ip_address" in refused.err  # the suggestion

    with sync_client(sandbox) as client:
        client.outbound_voice_profiles.create(name="main")  # a second "main"
    doc = tmp_path / "sip.yaml"
    doc.write_text("version: 1\noutbound_voice_profiles:\n  - name: main\n")
    ambiguous = run(capsys, sandbox, "plan", str(doc))
    assert ambiguous.code == ExitCode.FAILURE
    assert "2 account objects" in ambiguous.err

    wrong_key = tmp_path / "key"
    wrong_key.write_text("not-the-key")
    denied = run(capsys, sandbox, "--api-key-file", str(wrong_key), "plan", str(doc))
    assert denied.code == ExitCode.FAILURE
    assert "API error 401" in denied.err


def test_names_from_the_api_are_escaped(
    sandbox: ThreadedSandbox, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sync_client(sandbox) as client:
        client.outbound_voice_profiles.create(name="evil\x1b[2Jname")
    path = tmp_path / "empty.json"
    path.write_text('{"version": 1}', encoding="utf-8")
    done = run(
        capsys,
        sandbox,
        "plan",
        str(path),
        "--prune",
        "--prune-resources",
        "outbound_voice_profiles",
    )
    assert done.code == 2
    assert "\x1b" not in done.out
    assert "evil\\x1b[2Jname" in done.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_only_on_a_terminal_and_never_with_no_color() -> None:
    plan = state.Plan(
        changes=(
            state.Change("create", "ips", {"ip_address": "192.0.2.1"}),
            state.Change("delete", "ips", {"ip_address": "192.0.2.2"}, id="9"),
        ),
        document=state.loads('{"version": 1}'),
    )
    shown = {}
    for name, stream, environ in [
        ("terminal", _Terminal(), {"TERM": "xterm"}),
        ("no-color", _Terminal(), {"TERM": "xterm", "NO_COLOR": "1"}),
        ("pipe", io.StringIO(), {"TERM": "xterm"}),
    ]:
        Renderer(stream, environ).plan(plan)
        shown[name] = stream.getvalue()
    assert "\x1b[32m+ create" in shown["terminal"]
    assert "\x1b[31m- delete" in shown["terminal"]
    assert "\x1b" not in shown["no-color"]
    assert shown["pipe"] == shown["no-color"]
