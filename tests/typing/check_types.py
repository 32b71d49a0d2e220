"""Static typing checks, run by ``mypy --strict tests/typing`` and never executed.

Each ``assert_type`` states what a caller's type checker sees. The lines marked
``# type: ignore[...]`` are mistakes mypy must reject: with
``warn_unused_ignores`` (part of ``--strict``) an ignore that stops being needed
is itself an error, so these prove the rejections still happen.

The file is named ``check_*`` so pytest does not collect it.
"""

from __future__ import annotations

import sys

from telnyx_sip import AsyncPager, AsyncTelnyxSIP, Page
from telnyx_sip.models import (
    AccessIpRange,
    CallingWindowParams,
    Connection,
    CredentialConnection,
    CredentialInboundParams,
    DtmfType,
    FqdnConnection,
    Ip,
    IpConnection,
    OutboundVoiceProfile,
    RegistrationState,
    RegistrationStatus,
)

if sys.version_info >= (3, 11):
    from typing import assert_type
else:  # mypy checks as Python 3.10, where only typing_extensions has it
    from typing_extensions import assert_type


async def check_single_objects(client: AsyncTelnyxSIP) -> None:
    assert_type(await client.ips.retrieve("x"), Ip)
    assert_type(await client.ips.create(ip_address="198.51.100.7"), Ip)
    assert_type(await client.connections.retrieve("x"), Connection)
    assert_type(
        await client.credential_connections.check_registration_status("x"),
        RegistrationStatus,
    )
    assert_type(
        await client.access_ip_ranges.create(cidr_block="203.0.113.0/24"),
        AccessIpRange,
    )
    assert_type(await client.access_ip_ranges.delete("x"), AccessIpRange)
    assert_type(await client.fqdn_connections.update("x", active=False), FqdnConnection)
    assert_type(await client.ip_connections.delete("x"), IpConnection)
    assert_type(
        await client.outbound_voice_profiles.create(
            name="Office", calling_window=CallingWindowParams(start_time="08:00")
        ),
        OutboundVoiceProfile,
    )


async def check_fields(client: AsyncTelnyxSIP) -> None:
    conn = await client.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        dtmf_type=DtmfType.INBAND,
        inbound=CredentialInboundParams(codecs=["G722"]),
    )
    assert_type(conn, CredentialConnection)
    assert_type(conn.tags, tuple[str, ...] | None)
    assert_type(conn.dtmf_type, DtmfType | str | None)
    status = await client.credential_connections.check_registration_status("x")
    assert_type(status.status, RegistrationState | str | None)
    ip_range = await client.access_ip_ranges.delete("x")
    assert_type(ip_range.cidr_block, str)


async def check_lists(client: AsyncTelnyxSIP) -> None:
    pager = client.ips.list(filter_port=5060, page_size=50)
    assert_type(pager, AsyncPager[Ip])
    async for ip in pager:
        assert_type(ip, Ip)
    page = await pager
    assert_type(page, Page[Ip])
    assert_type(page.items, tuple[Ip, ...])
    async for one_page in client.ips.list().pages():
        assert_type(one_page, Page[Ip])
    assert_type(await client.ips.list(limit=3).to_list(), list[Ip])
    assert_type(client.connections.list(sort="connection_name"), AsyncPager[Connection])


async def check_mistakes_are_rejected(client: AsyncTelnyxSIP) -> None:
    await client.ips.retrieve(7)  # type: ignore[arg-type]
    await client.ips.create()  # type: ignore[call-arg]
    await client.ips.create(ip_address="198.51.100.7", port="5060")  # type: ignore[arg-type]
    await client.credential_connections.create(  # type: ignore[call-arg]
        connection_name="office", user_name="office1"
    )
    await client.fqdns.create(  # type: ignore[call-arg]
        connection_id="1", fqdn="sip.example.com", colour="blue"
    )
    client.connections.list(sort="name")  # type: ignore[arg-type]
    client.ips.list(sort="created_at")  # type: ignore[call-arg]
    await client.outbound_voice_profiles.create(name="Office", service_plan="local")  # type: ignore[arg-type]
    ip = await client.ips.retrieve("x")
    ip.port = 5061  # type: ignore[misc]
    pager: AsyncPager[Connection] = client.ips.list()  # type: ignore[assignment]
    del pager
