"""Options become arguments: filters, sort, fields, nulls and nested JSON,
checked before anything is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from telnyx_sip.cli import ExitCode
from tests._support.cli import lines, run, sh
from tests._support.fake_api import FakeAPI

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
        (
            ["--inbound", '{"timeout_1xx_secs": 0}'],
            "--inbound: timeout_1xx_secs: must be >= 1",
        ),
        (["--inbound", "@/nonexistent/inbound.json"], "cannot read"),
        (
            ["--null", "connection-name"],
            "--null: 'connection-name' is not one of: android-push-credential-id,",
        ),
        (
            [
                "--webhook-event-failover-url",
                "https://x",
                "--null",
                "webhook-event-failover-url",
            ],
            "both given and cleared",
        ),
        (
            ["--password", "x"],
            "unknown option --password; did you mean '--password-stdin'?",
        ),
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
    assert "error: --name: must be at least 3 characters" in err
    code, _, err = run(
        capsys, "--base-url", base_url, "ips", "list", "--page-size", "1000"
    )
    assert code == ExitCode.USAGE
    assert "error: --page-size: must be between 1 and 250, got 1000" in err
    code, _, err = run(capsys, "--base-url", base_url, "ips", "retrieve", "..")
    assert code == ExitCode.USAGE
    assert api.requests == []


def test_a_required_option_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "ips", "create", "--port", "5060")
    assert code == ExitCode.USAGE
    assert err.splitlines() == [
        "telnyx-sip: error: missing the required option --ip-address",
        "try: telnyx-sip ips create --help",
    ]
