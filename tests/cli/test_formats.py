"""Output formats: -o json|jsonl|table|yaml|csv, --fields, --pretty, the default."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
import yaml

from telnyx_sip._types import REDACTED
from telnyx_sip.cli import ExitCode, main
from tests._support.cli import SECRET, TOKEN, lines, run
from tests._support.fake_api import FakeAPI

LIST = ("credential-connections", "list", "--limit", "3")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_json_prints_an_array_for_a_list_and_an_object_for_one(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--base-url", base_url, *LIST, "-o", "json")
    assert code == 0
    assert len(out.splitlines()) == 1
    items = json.loads(out)
    assert [item["id"] for item in items] == ["obj-1-0", "obj-1-1", "obj-2-0"]
    code, out, _ = run(
        capsys, "--base-url", base_url, "ips", "retrieve", "i", "-o=json"
    )
    assert code == 0
    assert json.loads(out)["id"] == "obj-1"


def test_pretty_indents_json_and_implies_it(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["--pretty"], ["-o", "json", "--pretty"]):
        code, out, _ = run(capsys, "--base-url", base_url, *LIST, *argv)
        assert code == 0
        assert out.startswith('[\n  {\n    "id": "obj-1-0",\n')
        assert out.endswith("\n  }\n]\n")
        assert [i["id"] for i in json.loads(out)] == ["obj-1-0", "obj-1-1", "obj-2-0"]
    code, out, _ = run(
        capsys, "--base-url", base_url, "ips", "retrieve", "i", "--pretty"
    )
    assert out.startswith('{\n  "id": "obj-1",\n')


def test_pretty_with_another_format_is_a_usage_error(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--base-url", base_url, *LIST, "-o", "csv", "--pretty")
    assert (code, out) == (ExitCode.USAGE, "")
    assert "--pretty indents JSON; it does not apply to -o csv" in err
    assert api.requests == []


def test_an_empty_list_is_an_empty_document_in_every_format(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = {
        "json": "[]\n",
        "jsonl": "",
        "yaml": "[]\n",
        "csv": "id,connection_name\n",
        "table": "ID  CONNECTION_NAME\n",
    }
    for fmt, text in expected.items():
        api.reply(200, {"data": [], "meta": {"page_number": 1, "total_pages": 1}})
        argv = ("ip-connections", "list", "-o", fmt, "--fields", "id,connection_name")
        code, out, _ = run(capsys, "--base-url", base_url, *argv)
        assert (code, out) == (0, text), fmt


def test_yaml_holds_the_same_data_as_json_with_secrets_hidden(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, as_json, _ = run(capsys, "--base-url", base_url, *LIST, "-o", "json")
    code, as_yaml, _ = run(capsys, "--base-url", base_url, *LIST, "-o", "yaml")
    assert code == 0
    assert yaml.safe_load(as_yaml) == json.loads(as_json)
    assert SECRET not in as_yaml
    assert TOKEN not in as_yaml
    _, one, _ = run(
        capsys, "--base-url", base_url, "ips", "retrieve", "i", "-o", "yaml"
    )
    assert yaml.safe_load(one)["password"] == REDACTED


def test_yaml_without_pyyaml_names_the_extra(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml fails
    code, out, err = run(capsys, "--base-url", base_url, *LIST, "-o", "yaml")
    assert (code, out) == (ExitCode.USAGE, "")
    assert err == (
        "telnyx-sip: error: -o yaml needs PyYAML: pip install 'telnyx-sip[yaml]'\n"
    )
    assert api.requests == []


def test_csv_has_a_header_and_objects_as_compact_json(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fields = "id,connection_name,active,outbound,tags,created_at"
    code, out, _ = run(
        capsys, "--base-url", base_url, *LIST, "-o", "csv", "--fields", fields
    )
    assert code == 0
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header == fields.split(",")
    assert len(rows) == 3
    first = dict(zip(header, rows[0], strict=True))
    assert first["id"] == "obj-1-0"
    assert first["active"] == "true"
    assert first["tags"] == '["a","b"]'
    outbound = json.loads(first["outbound"])
    assert outbound["ip_authentication_token"] == REDACTED
    assert outbound["channel_limit"] == 5
    assert " " not in first["outbound"]  # compact
    assert first["created_at"] == ""  # None


def test_fields_pick_and_order_what_every_format_shows(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("--fields", "user_name,id", "--fields", "outbound.channel_limit")
    code, out, _ = run(capsys, "--base-url", base_url, *LIST, *argv)
    assert code == 0
    assert lines(out)[0] == {
        "user_name": "office1",
        "id": "obj-1-0",
        "outbound.channel_limit": 5,
    }
    assert list(lines(out)[0]) == ["user_name", "id", "outbound.channel_limit"]
    code, out, _ = run(capsys, "--base-url", base_url, *LIST, "-o", "table", *argv)
    assert out.splitlines()[:2] == [
        "USER_NAME  ID       OUTBOUND.CHANNEL_LIMIT",
        "office1    obj-1-0  5",
    ]


def test_an_unknown_field_is_a_usage_error_with_a_suggestion(
    api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "--base-url", base_url, *LIST, "--fields", "id,conection_name"
    )
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.splitlines() == [
        "telnyx-sip: error: --fields: no field 'conection_name' here; "
        "did you mean 'connection_name'?",
        "try: telnyx-sip credential-connections list --help",
    ]
    assert api.requests == []


def test_the_default_is_jsonl_in_a_pipe_and_a_table_on_a_terminal(
    api: FakeAPI,
    base_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(capsys, "--base-url", base_url, *LIST)
    assert code == 0
    assert [item["id"] for item in lines(out)] == ["obj-1-0", "obj-1-1", "obj-2-0"]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["--base-url", base_url, *LIST]) == 0
    assert terminal.getvalue().splitlines()[0].split() == [
        "ID",
        "CONNECTION_NAME",
        "USER_NAME",
        "RECORD_TYPE",
        "ACTIVE",
        "CREATED_AT",
    ]
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert main(["--base-url", base_url, *LIST, "-o", "jsonl"]) == 0
    assert len(lines(terminal.getvalue())) == 3


def test_a_table_on_a_narrow_terminal_cuts_cells_but_keeps_the_id(
    api: FakeAPI,
    base_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setenv("COLUMNS", "40")
    argv = ("--fields", "id,connection_name,record_type,user_name")
    assert main(["--base-url", base_url, *LIST, *argv]) == 0
    rows = terminal.getvalue().splitlines()
    assert rows[0] == "ID       CONNECTI…  RECORD_T…  USER_NAME"
    assert rows[1] == "obj-1-0  office     credenti…  office1"
    assert all(len(row) <= 40 for row in rows)
