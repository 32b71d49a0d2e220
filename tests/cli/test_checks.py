"""The doctor's checks as pure functions: hand-made account data in, findings out."""

from __future__ import annotations

from typing import Any

import pytest

from telnyx_sip._cli.checks import (
    CHECKS,
    Account,
    fqdn_connection_without_fqdns,
    ip_connection_without_ips,
    ip_outside_access_ranges,
    missing_outbound_profile,
    not_registered,
    run_checks,
    webhook_not_https,
)
from telnyx_sip.models import (
    AccessIpRange,
    CredentialConnection,
    CredentialOutbound,
    Fqdn,
    FqdnConnection,
    Ip,
    IpConnection,
    OutboundIp,
    RegistrationState,
    RegistrationStatus,
)


def _range(cidr: str) -> AccessIpRange:
    return AccessIpRange(cidr_block=cidr, id="r", status="added", user_id="u")


def _ids(findings: list[Any]) -> list[tuple[str, str]]:
    return [(f.code, f.id) for f in findings]


def test_every_check_has_a_unique_code_and_name() -> None:
    assert len({c.code for c in CHECKS}) == len({c.name for c in CHECKS}) == 6


def test_missing_outbound_profile_looks_inside_outbound() -> None:
    account = Account(
        ip_connections=[
            IpConnection(
                record_type="ip_connection",
                id="1",
                outbound=OutboundIp(outbound_voice_profile_id="9"),
            ),
            IpConnection(record_type="ip_connection", id="2", outbound=OutboundIp()),
            IpConnection(record_type="ip_connection", id="3"),
        ],
        credential_connections=[
            CredentialConnection(
                record_type="credential_connection",
                id="4",
                outbound=CredentialOutbound(outbound_voice_profile_id=""),
            )
        ],
    )
    assert _ids(missing_outbound_profile(account)) == [
        ("SIP101", "4"),
        ("SIP101", "2"),
        ("SIP101", "3"),
    ]


def test_webhooks_must_be_https_in_both_fields() -> None:
    account = Account(
        fqdn_connections=[
            FqdnConnection(
                record_type="fqdn_connection",
                id="1",
                connection_name="a",
                webhook_event_url="HTTPS://hooks.example.com",
                webhook_event_failover_url="http://hooks.example.com",
            ),
            FqdnConnection(
                record_type="fqdn_connection",
                id="2",
                connection_name="b",
                webhook_event_url="",
            ),
            FqdnConnection(
                record_type="fqdn_connection",
                id="3",
                connection_name="c",
                webhook_event_url="ftp://x",
            ),
        ]
    )
    found = webhook_not_https(account)
    assert _ids(found) == [("SIP102", "1"), ("SIP102", "3")]
    assert "--webhook-event-failover-url" in found[0].fix
    assert "--webhook-event-url" in found[1].fix


def test_connections_without_endpoints() -> None:
    account = Account(
        fqdn_connections=[
            FqdnConnection(
                record_type="fqdn_connection", id="1", connection_name="used"
            ),
            FqdnConnection(
                record_type="fqdn_connection", id="2", connection_name="empty"
            ),
        ],
        fqdns=[Fqdn(record_type="fqdn", id="f", connection_id="1")],
        ip_connections=[
            IpConnection(record_type="ip_connection", id="3"),
            IpConnection(record_type="ip_connection", id="4"),
        ],
        ips=[Ip(record_type="ip", id="i", connection_id="4", ip_address="192.0.2.1")],
    )
    assert _ids(fqdn_connection_without_fqdns(account)) == [("SIP103", "2")]
    assert _ids(ip_connection_without_ips(account)) == [("SIP104", "3")]


def test_registration_states() -> None:
    conns = [
        CredentialConnection(
            record_type="credential_connection",
            id=str(n),
            active=True,
            user_name=f"u{n}",
        )
        for n in range(5)
    ]
    account = Account(
        credential_connections=[
            *conns,
            CredentialConnection(
                record_type="credential_connection", id="9", active=False
            ),
        ],
        registrations={
            "0": RegistrationStatus(status=RegistrationState.REGISTERED),
            "1": RegistrationStatus(status="Registered"),
            "2": RegistrationStatus(status=RegistrationState.EXPIRED),
            "3": RegistrationStatus(),
            "4": "API error 503",
            "9": RegistrationStatus(status="Not Registered"),
            # no entry: not looked up
        },
    )
    found = not_registered(account)
    assert [(f.id, f.problem) for f in found] == [
        ("2", "registration status is Expired, not Registered"),
        ("3", "registration status is not given, not Registered"),
        ("4", "registration status could not be read: API error 503"),
        ("9", "registration status is Not Registered, not Registered"),
    ]
    assert found[0].fix.startswith("register a SIP device with user name u2")
    assert "--active true" in found[3].fix


def test_ips_outside_access_ranges() -> None:
    ips = [
        Ip(record_type="ip", id="1", ip_address="198.51.100.7"),
        Ip(record_type="ip", id="2", ip_address="203.0.113.1"),
        Ip(record_type="ip", id="3", ip_address="2001:db8::1"),
        Ip(record_type="ip", id="4", ip_address="2001:db9::1"),
        Ip(
            record_type="ip", id="5", ip_address="sbc.example.com"
        ),  # not an address: not judged
        Ip(record_type="ip", id="6"),
    ]
    assert ip_outside_access_ranges(Account(ips=ips)) == []  # no ranges at all
    ranges = [_range("198.51.100.0/24"), _range("2001:db8::/32"), _range("garbage")]
    found = ip_outside_access_ranges(Account(ips=ips, access_ip_ranges=ranges))
    assert _ids(found) == [("SIP106", "2"), ("SIP106", "4")]
    assert "--cidr-block 203.0.113.1/32" in found[0].fix
    assert "--cidr-block 2001:db9::1/128" in found[1].fix
    assert "none of the 3 access IP ranges" in found[0].problem


@pytest.mark.parametrize("skip", ["SIP104", "ip-connection-without-ips"])
def test_run_checks_skips_by_code_or_name(skip: str) -> None:
    account = Account(
        ip_connections=[IpConnection(record_type="ip_connection", id="1")]
    )
    assert {f.code for f in run_checks(account)} == {"SIP101", "SIP104"}
    assert {f.code for f in run_checks(account, skip=frozenset({skip}))} == {"SIP101"}
    assert run_checks(account)[0].to_json()["check"] == "missing-outbound-profile"
