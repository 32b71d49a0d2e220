"""``telnyx-sip demo``: a provisioning tour against the embedded sandbox."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Sequence

from telnyx_sip._client import AsyncTelnyxSIP
from telnyx_sip.models import (
    CredentialOutboundParams,
    OutboundFqdnParams,
    OutboundIpParams,
)

from .context import Context, start_sandbox
from .failures import ExitCode, UsageError

__all__ = ["register"]

_DESCRIPTION = """\
Start a private sandbox on 127.0.0.1 and walk through a typical set-up with the
SDK, printing each step: an outbound voice profile; a credential connection; an
IP connection with two IPs; an FQDN connection with an FQDN; a list of every
connection; a registration check; and the clean-up. Nothing reaches Telnyx and
no API key is needed; the sandbox and all it holds are gone when it ends."""

_IPS = ("192.0.2.10", "192.0.2.11")  # documentation addresses (RFC 5737)
_FQDN = "sip.example.com"
_STEPS = 7


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: Sequence[argparse.ArgumentParser],
) -> None:
    """Add the ``demo`` subcommand."""
    del parents  # the tour prints prose, not results
    parser = subparsers.add_parser(
        "demo",
        allow_abbrev=False,
        help="Run a provisioning tour against an embedded sandbox.",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(run=run_demo)


async def run_demo(ctx: Context) -> int:
    """Run the tour and print each step."""
    if ctx.args.base_url is not None:
        msg = "demo always runs against its embedded sandbox; drop --base-url"
        raise UsageError(msg)
    async with start_sandbox() as sandbox:
        ctx.say(f"Sandbox listening on {sandbox.base_url} (nothing reaches Telnyx);")
        ctx.say("each step below is a call through the SDK.")
        async with AsyncTelnyxSIP(
            sandbox.api_key,
            base_url=sandbox.base_url,
            timeout=ctx.args.timeout,
            max_retries=ctx.args.max_retries,
        ) as client:
            await _tour(client, ctx)
    ctx.say("Done. The sandbox has stopped and kept nothing.")
    return ExitCode.OK


def _step(ctx: Context, number: int, text: str) -> None:
    ctx.say(f"[{number}/{_STEPS}] {text}")


def _detail(ctx: Context, text: str) -> None:
    ctx.say(f"      {text}")


async def _tour(client: AsyncTelnyxSIP, ctx: Context) -> None:
    profile = await client.outbound_voice_profiles.create(
        name="demo-outbound", traffic_type="conversational", service_plan="global"
    )
    assert profile.id is not None
    _step(ctx, 1, f"Created outbound voice profile {profile.name!r} (id {profile.id})")

    credential = await client.credential_connections.create(
        connection_name="demo-office",
        user_name="demooffice1",
        # A throwaway secret: printed nowhere, gone with the sandbox.
        password=secrets.token_urlsafe(16),
        outbound=CredentialOutboundParams(outbound_voice_profile_id=profile.id),
    )
    assert credential.id is not None
    _step(
        ctx,
        2,
        f"Created credential connection {credential.connection_name!r} for SIP "
        f"user {credential.user_name!r} (id {credential.id})",
    )

    ip_connection = await client.ip_connections.create(
        connection_name="demo-pbx",
        outbound=OutboundIpParams(outbound_voice_profile_id=profile.id),
    )
    assert ip_connection.id is not None
    _step(
        ctx,
        3,
        f"Created IP connection {ip_connection.connection_name!r} "
        f"(id {ip_connection.id}) and added its IPs:",
    )
    ip_ids = []
    for address in _IPS:
        ip = await client.ips.create(
            ip_address=address, connection_id=ip_connection.id, port=5060
        )
        assert ip.id is not None
        ip_ids.append(ip.id)
        _detail(ctx, f"{ip.ip_address}:{ip.port} (id {ip.id})")

    fqdn_connection = await client.fqdn_connections.create(
        connection_name="demo-trunk",
        outbound=OutboundFqdnParams(outbound_voice_profile_id=profile.id),
    )
    assert fqdn_connection.id is not None
    fqdn = await client.fqdns.create(
        connection_id=fqdn_connection.id,
        fqdn=_FQDN,
        dns_record_type="a",
        port=5060,
    )
    assert fqdn.id is not None
    _step(
        ctx,
        4,
        f"Created FQDN connection {fqdn_connection.connection_name!r} "
        f"(id {fqdn_connection.id}) and added its FQDN:",
    )
    _detail(ctx, f"{fqdn.fqdn} ({fqdn.dns_record_type} record, port {fqdn.port})")

    connections = await client.connections.list(sort="connection_name").to_list()
    _step(ctx, 5, f"Listed all connections ({len(connections)}):")
    for connection in connections:
        kind = connection.record_type or "?"
        name = connection.connection_name or "-"
        _detail(ctx, f"{kind:<24} {name:<12} id {connection.id}")

    status = await client.credential_connections.check_registration_status(
        credential.id
    )
    state = getattr(status.status, "value", status.status) or "unknown"
    seen = f" from {status.ip_address}" if status.ip_address else ""
    _step(
        ctx,
        6,
        f"Checked the registration of {credential.connection_name!r}: {state}{seen}",
    )

    for ip_id in ip_ids:
        await client.ips.delete(ip_id)
    await client.fqdns.delete(fqdn.id)
    await client.ip_connections.delete(ip_connection.id)
    await client.fqdn_connections.delete(fqdn_connection.id)
    await client.credential_connections.delete(credential.id)
    await client.outbound_voice_profiles.delete(profile.id)
    left = await client.connections.list().to_list()
    _step(
        ctx,
        7,
        f"Cleaned up: deleted {len(ip_ids)} IPs, 1 FQDN, 3 connections and "
        f"1 outbound voice profile ({len(left)} connections left)",
    )
