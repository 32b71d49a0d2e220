"""``telnyx-sip doctor`` on a sandbox: a clean account, then one mistake at a time."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from telnyx_sip import TelnyxSIP
from telnyx_sip.cli import ExitCode, main
from telnyx_sip.models import (
    CredentialOutboundParams,
    OutboundFqdnParams,
    OutboundIpParams,
)
from telnyx_sip.testing import ThreadedSandbox
from tests._support.cli import run
from tests._support.fake_api import FakeAPI, Recorded, Reply

KEY = "doctor-key"
REGISTRATION = "credential_connections.check_registration_status"


@pytest.fixture
def sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[ThreadedSandbox]:
    monkeypatch.setenv("TELNYX_API_KEY", KEY)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with ThreadedSandbox(KEY) as running:
        yield running


@pytest.fixture
def client(sandbox: ThreadedSandbox) -> Iterator[TelnyxSIP]:
    with TelnyxSIP(KEY, base_url=sandbox.base_url) as sdk:
        yield sdk


class Account:
    """A clean account: every connection used, routed and reachable."""

    def __init__(self, client: TelnyxSIP) -> None:
        self.client = client
        profile = client.outbound_voice_profiles.create(name="main calls")
        self.profile = str(profile.id)
        self.pbx = client.ip_connections.create(
            connection_name="pbx",
            outbound=OutboundIpParams(outbound_voice_profile_id=self.profile),
        )
        self.ip = client.ips.create(
            ip_address="198.51.100.7", connection_id=self.pbx.id
        )
        self.branch = client.fqdn_connections.create(
            connection_name="branch",
            webhook_event_url="https://hooks.example.com/telnyx",
            outbound=OutboundFqdnParams(outbound_voice_profile_id=self.profile),
        )
        client.fqdns.create(
            connection_id=str(self.branch.id),
            fqdn="sbc.example.com",
            dns_record_type="a",
        )
        self.office = client.credential_connections.create(
            connection_name="office",
            user_name="office1",
            password="pw-Secret-1",
            outbound=CredentialOutboundParams(outbound_voice_profile_id=self.profile),
        )
        client.access_ip_ranges.create(cidr_block="198.51.100.0/24")


def _doctor(
    sandbox: ThreadedSandbox, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    return run(capsys, "--base-url", sandbox.base_url, "doctor", *extra)


def _findings(out: str) -> list[dict[str, Any]]:
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def test_a_clean_account_has_no_findings(
    sandbox: ThreadedSandbox, client: TelnyxSIP, capsys: pytest.CaptureFixture[str]
) -> None:
    Account(client)
    code, out, err = _doctor(sandbox, capsys)
    assert (code, err) == (ExitCode.OK, "")
    assert out == "no problems found in 6 objects\n"
    assert sandbox.stats.by_operation[REGISTRATION] == 1
    assert _doctor(sandbox, capsys, "-o", "json")[:2] == (0, "[]\n")


def _no_profile(account: Account) -> None:
    other = account.client.ip_connections.create(connection_name="no route")
    account.client.ips.create(ip_address="198.51.100.8", connection_id=other.id)


def _http_webhook(account: Account) -> None:
    account.client.fqdn_connections.update(
        str(account.branch.id), webhook_event_failover_url="http://hooks.example.com/b"
    )


def _no_fqdns(account: Account) -> None:
    account.client.fqdn_connections.create(
        connection_name="empty branch",
        outbound=OutboundFqdnParams(outbound_voice_profile_id=account.profile),
    )


def _no_ips(account: Account) -> None:
    account.client.ip_connections.create(
        connection_name="empty pbx",
        outbound=OutboundIpParams(outbound_voice_profile_id=account.profile),
    )


def _not_registered(account: Account) -> None:
    account.client.credential_connections.update(str(account.office.id), active=False)


def _outside_ranges(account: Account) -> None:
    account.client.ips.create(ip_address="203.0.113.9", connection_id=account.pbx.id)


MISTAKES: list[Any] = [
    pytest.param(_no_profile, "SIP101", "ip_connections", "no route", id="SIP101"),
    pytest.param(_http_webhook, "SIP102", "fqdn_connections", "branch", id="SIP102"),
    pytest.param(_no_fqdns, "SIP103", "fqdn_connections", "empty branch", id="SIP103"),
    pytest.param(_no_ips, "SIP104", "ip_connections", "empty pbx", id="SIP104"),
    pytest.param(
        _not_registered, "SIP105", "credential_connections", "office", id="SIP105"
    ),
    pytest.param(_outside_ranges, "SIP106", "ips", "203.0.113.9", id="SIP106"),
]


@pytest.mark.parametrize(("make", "code", "resource", "name"), MISTAKES)
def test_each_mistake_is_found_with_its_code_and_fix(
    sandbox: ThreadedSandbox,
    client: TelnyxSIP,
    capsys: pytest.CaptureFixture[str],
    make: Callable[[Account], None],
    code: str,
    resource: str,
    name: str,
) -> None:
    make(Account(client))
    exit_code, out, err = _doctor(sandbox, capsys, "-o", "json")
    assert (exit_code, err) == (1, "")
    [finding] = _findings(out)
    assert (finding["code"], finding["resource"], finding["name"]) == (
        code,
        resource,
        name,
    )
    assert finding["fix"].startswith(("telnyx-sip ", "register a SIP device"))
    assert finding["id"] in finding["fix"] or code == "SIP106"

    exit_code, text, _ = _doctor(sandbox, capsys)
    lines = text.splitlines()
    assert exit_code == 1
    assert lines[0].startswith(f"{code} {resource} {finding['id']} {name!r}: ")
    assert lines[1] == f"  fix: {finding['fix']}"
    assert lines[2].startswith("1 problem found in ")

    skipped, out, _ = _doctor(sandbox, capsys, "--skip", code, "-o", "jsonl")
    assert (skipped, out) == (0, "")


def test_findings_in_every_format(
    sandbox: ThreadedSandbox, client: TelnyxSIP, capsys: pytest.CaptureFixture[str]
) -> None:
    account = Account(client)
    _no_ips(account)
    _http_webhook(account)
    code, out, _ = _doctor(sandbox, capsys, "-o", "jsonl")
    assert code == 1
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["code"] for r in rows] == ["SIP102", "SIP104"]
    assert set(rows[0]) == {"code", "check", "resource", "id", "name", "problem", "fix"}
    code, out, _ = _doctor(sandbox, capsys, "-o", "csv", "--fields", "code,id")
    assert list(csv.reader(io.StringIO(out))) == [
        ["code", "id"],
        ["SIP102", str(account.branch.id)],
        ["SIP104", rows[1]["id"]],
    ]
    code, out, _ = _doctor(sandbox, capsys, "--output", "table")
    assert out.splitlines()[0].split()[:4] == ["CODE", "RESOURCE", "ID", "NAME"]
    code, out, err = _doctor(sandbox, capsys, "--fields", "nope", "-o", "json")
    assert code == ExitCode.USAGE
    assert "--fields" in err


def test_skipping_registration_sends_no_lookups(
    sandbox: ThreadedSandbox, client: TelnyxSIP, capsys: pytest.CaptureFixture[str]
) -> None:
    account = Account(client)
    _not_registered(account)
    code, _, _ = _doctor(sandbox, capsys, "--skip", "not-registered")
    assert code == 0
    assert sandbox.stats.by_operation[REGISTRATION] == 0
    code, _, err = _doctor(sandbox, capsys, "--skip", "SIP999")
    assert code == ExitCode.USAGE
    assert "--skip: no check SIP999 (checks: SIP101, SIP102" in err


def test_help_lists_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--help"]) == 0
    out = capsys.readouterr().out
    for code in ("SIP101", "SIP102", "SIP103", "SIP104", "SIP105", "SIP106"):
        assert code in out


def _registration_fails(rec: Recorded) -> Reply:
    if rec.path.endswith("/actions/check_registration_status"):
        return Reply(500, {"errors": [{"code": "10000", "title": "boom"}]})
    meta = {"page_number": 1, "page_size": 20, "total_pages": 1, "total_results": 0}
    items = []
    if rec.path == "/v2/credential_connections":
        items = [{"id": "77", "connection_name": "desk", "record_type": "x"}]
        meta = dict(meta, total_results=1)
    return Reply(200, {"data": items, "meta": meta})


def test_a_registration_that_cannot_be_read_is_a_finding(
    fake_api: FakeAPI, base_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_api.default = _registration_fails
    code, out, _ = run(
        capsys, "--base-url", base_url, "--max-retries", "0", "doctor", "-o", "json"
    )
    assert code == 1
    codes = {(f["code"], f["problem"]) for f in _findings(out)}
    assert ("SIP105", "registration status could not be read: API error 500") in codes
