"""The checks ``telnyx-sip doctor`` runs: one pure function per mistake it finds.

Each check takes an :class:`Account` (what was read from the API) and returns
:class:`Finding` objects, each with a stable code, what is wrong and a
command that fixes it. Nothing here talks to the API, so every check can be
tried on hand-made data.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import attrs

from telnyx_sip.models import (
    AccessIpRange,
    CredentialConnection,
    Fqdn,
    FqdnConnection,
    Ip,
    IpConnection,
    RegistrationStatus,
)

__all__ = ["CHECKS", "Account", "Check", "Finding", "run_checks"]

AnyConnection = CredentialConnection | FqdnConnection | IpConnection

REGISTERED = "Registered"


@attrs.frozen(kw_only=True)
class Finding:
    """One mistake: its code, the object it is on, and how to fix it."""

    code: str
    check: str
    resource: str
    id: str
    name: str | None
    problem: str
    fix: str

    def to_json(self) -> dict[str, Any]:
        """The finding as plain JSON data."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Account:
    """What the checks look at, as read from the API.

    ``registrations`` maps a credential connection's id to its registration
    status, or to why it could not be read.
    """

    credential_connections: Sequence[CredentialConnection] = ()
    fqdn_connections: Sequence[FqdnConnection] = ()
    ip_connections: Sequence[IpConnection] = ()
    fqdns: Sequence[Fqdn] = ()
    ips: Sequence[Ip] = ()
    access_ip_ranges: Sequence[AccessIpRange] = ()
    registrations: Mapping[str, RegistrationStatus | str] = attrs.field(factory=dict)

    def connections(self) -> list[tuple[str, AnyConnection]]:
        """Every connection with its resource name, credential ones first."""
        return [
            *(("credential_connections", c) for c in self.credential_connections),
            *(("fqdn_connections", c) for c in self.fqdn_connections),
            *(("ip_connections", c) for c in self.ip_connections),
        ]


@attrs.frozen
class Check:
    """A check: its code, its name, what it looks for, and the function."""

    code: str
    name: str
    summary: str
    run: Callable[[Account], list[Finding]]


def _command(resource: str) -> str:
    return "telnyx-sip " + resource.replace("_", "-")


def _finding(
    check: str, resource: str, obj: Any, *, name: str | None, problem: str, fix: str
) -> Finding:
    code = _CODES[check]
    return Finding(
        code=code,
        check=check,
        resource=resource,
        id=str(obj.id),
        name=name,
        problem=problem,
        fix=fix,
    )


def missing_outbound_profile(account: Account) -> list[Finding]:
    """Connections that name no outbound voice profile: they cannot call out."""
    return [
        _finding(
            "missing-outbound-profile",
            resource,
            conn,
            name=conn.connection_name,
            problem="no outbound voice profile: outbound calls have nowhere to go",
            fix=f"{_command(resource)} update {conn.id} --outbound "
            '\'{"outbound_voice_profile_id": "PROFILE_ID"}\' '
            "(ids: telnyx-sip outbound-voice-profiles list)",
        )
        for resource, conn in account.connections()
        if not (conn.outbound and conn.outbound.outbound_voice_profile_id)
    ]


def webhook_not_https(account: Account) -> list[Finding]:
    """Webhook URLs that are not https: events would travel in clear text."""
    found = []
    for resource, conn in account.connections():
        for field in ("webhook_event_url", "webhook_event_failover_url"):
            url = getattr(conn, field)
            if not url or urlsplit(url).scheme.lower() == "https":
                continue
            option = "--" + field.replace("_", "-")
            found.append(
                _finding(
                    "webhook-not-https",
                    resource,
                    conn,
                    name=conn.connection_name,
                    problem=f"{field} is not https: {url}",
                    fix=f"{_command(resource)} update {conn.id} {option} https://...",
                )
            )
    return found


def fqdn_connection_without_fqdns(account: Account) -> list[Finding]:
    """FQDN connections with no FQDN: there is nowhere to send their calls."""
    used = {f.connection_id for f in account.fqdns}
    return [
        _finding(
            "fqdn-connection-without-fqdns",
            "fqdn_connections",
            conn,
            name=conn.connection_name,
            problem="no FQDNs: calls on this connection have no destination",
            fix=f"telnyx-sip fqdns create --connection-id {conn.id} --fqdn "
            "sbc.example.com --dns-record-type a (or delete the connection)",
        )
        for conn in account.fqdn_connections
        if conn.id not in used
    ]


def ip_connection_without_ips(account: Account) -> list[Finding]:
    """IP connections with no IP: no equipment can use them."""
    used = {ip.connection_id for ip in account.ips}
    return [
        _finding(
            "ip-connection-without-ips",
            "ip_connections",
            conn,
            name=conn.connection_name,
            problem="no IPs: no equipment is recognised on this connection",
            fix=f"telnyx-sip ips create --connection-id {conn.id} --ip-address "
            "ADDRESS (or delete the connection)",
        )
        for conn in account.ip_connections
        if conn.id not in used
    ]


def _registration_fix(conn: CredentialConnection) -> str:
    if conn.active is False:
        return (
            f"telnyx-sip credential-connections update {conn.id} --active true "
            "(it is inactive), or delete it"
        )
    return (
        f"register a SIP device with user name {conn.user_name or '?'}, then "
        f"telnyx-sip credential-connections check-registration-status {conn.id}"
    )


def not_registered(account: Account) -> list[Finding]:
    """Credential connections no device is registered on."""
    found = []
    for conn in account.credential_connections:
        status = account.registrations.get(str(conn.id))
        if isinstance(status, RegistrationStatus):
            state = getattr(status.status, "value", status.status)
            if state == REGISTERED:
                continue
            problem = f"registration status is {state or 'not given'}, not {REGISTERED}"
            fix = _registration_fix(conn)
        elif status is None:
            continue  # not looked up (the check was skipped)
        else:
            problem = f"registration status could not be read: {status}"
            fix = (
                f"telnyx-sip credential-connections check-registration-status {conn.id}"
            )
        found.append(
            _finding(
                "not-registered",
                "credential_connections",
                conn,
                name=conn.connection_name,
                problem=problem,
                fix=fix,
            )
        )
    return found


def _networks(
    ranges: Sequence[AccessIpRange],
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in ranges:
        try:
            networks.append(ipaddress.ip_network(item.cidr_block, strict=False))
        except ValueError:
            continue  # not a CIDR block: it contains nothing
    return networks


def ip_outside_access_ranges(account: Account) -> list[Finding]:
    """IPs outside every access IP range, when the account has any."""
    if not account.access_ip_ranges:
        return []
    networks = _networks(account.access_ip_ranges)
    found = []
    for ip in account.ips:
        try:
            address = ipaddress.ip_address(ip.ip_address or "")
        except ValueError:
            continue  # a host name or garbage: not comparable with ranges
        if any(address in net for net in networks):
            continue
        found.append(
            _finding(
                "ip-outside-access-ranges",
                "ips",
                ip,
                name=ip.ip_address,
                problem=f"{address} is in none of the {len(account.access_ip_ranges)} "
                "access IP ranges",
                fix=f"telnyx-sip access-ip-ranges create --cidr-block {address}/"
                f"{address.max_prefixlen} (or move the IP)",
            )
        )
    return found


CHECKS: tuple[Check, ...] = (
    Check(
        "SIP101",
        "missing-outbound-profile",
        "a connection without an outbound voice profile",
        missing_outbound_profile,
    ),
    Check(
        "SIP102",
        "webhook-not-https",
        "a webhook URL that is not https",
        webhook_not_https,
    ),
    Check(
        "SIP103",
        "fqdn-connection-without-fqdns",
        "an FQDN connection with no FQDNs",
        fqdn_connection_without_fqdns,
    ),
    Check(
        "SIP104",
        "ip-connection-without-ips",
        "an IP connection with no IPs",
        ip_connection_without_ips,
    ),
    Check(
        "SIP105",
        "not-registered",
        "a credential connection whose registration status is not Registered",
        not_registered,
    ),
    Check(
        "SIP106",
        "ip-outside-access-ranges",
        "an IP outside every access IP range (when any are set)",
        ip_outside_access_ranges,
    ),
)
"""Every check, in the order their findings print."""

_CODES = {check.name: check.code for check in CHECKS}


def run_checks(
    account: Account, *, skip: frozenset[str] = frozenset()
) -> list[Finding]:
    """The findings of every check not in ``skip`` (codes or names)."""
    return [
        finding
        for check in CHECKS
        if check.code not in skip and check.name not in skip
        for finding in check.run(account)
    ]
