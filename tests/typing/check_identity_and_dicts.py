"""What mypy sees of identities and nested dicts; checked by ``mypy --strict``.

A resource object's ``id`` (and ``record_type``) is a ``str``, so it passes
straight to the next call. Nested request objects take their ``*Dict`` form:
a misspelt key or a wrong value type is a type error, proven by the
``# type: ignore[...]`` lines (``warn_unused_ignores`` fails one that stops
being needed).
"""

from __future__ import annotations

import sys

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP
from telnyx_sip.models import (
    AccessIpRange,
    CredentialInboundDict,
    CredentialInboundParams,
    RegistrationStatus,
)

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


async def check_identity(client: AsyncTelnyxSIP) -> None:
    pbx = await client.ip_connections.create(connection_name="pbx")
    assert_type(pbx.id, str)
    assert_type(pbx.record_type, str)
    await client.ip_connections.update(pbx.id, active=False)
    await client.ips.create(ip_address="198.51.100.7", connection_id=pbx.id)
    client.ips.list(filter_connection_id=pbx.id)
    ip_range: AccessIpRange = await client.access_ip_ranges.create(
        cidr_block="203.0.113.0/24"
    )
    assert_type(ip_range.id, str)
    await client.access_ip_ranges.delete(id=ip_range.id)
    status = await client.credential_connections.check_registration_status(pbx.id)
    assert_type(status.record_type, str | None)  # no id: not a resource object
    del status
    ip_range.id = "other"  # type: ignore[misc]


async def check_nested_dicts(client: AsyncTelnyxSIP) -> None:
    await client.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        inbound={"channel_limit": 10, "codecs": ["G722"]},
        outbound={"call_parking_enabled": None},
    )
    await client.credential_connections.update("1", inbound={"channel_limt": 10})  # type: ignore[arg-type]
    await client.credential_connections.update("1", inbound={"channel_limit": "10"})  # type: ignore[arg-type]
    await client.credential_connections.update("1", inbound={"dnis_number_format": "x"})  # type: ignore[arg-type]
    await client.outbound_voice_profiles.update(
        "1", name="Office", calling_window={"start_time": "08:00"}
    )
    typed: CredentialInboundDict = {"channel_limit": 2}
    await client.credential_connections.update("1", inbound=typed)
    await client.credential_connections.update(
        "1", inbound=CredentialInboundParams(channel_limit=2)
    )
    await client.ip_connections.update("1", inbound={"channel_limit": 2})


def check_sync_nested_dicts(client: TelnyxSIP) -> None:
    conn = client.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        inbound={"channel_limit": 10},
    )
    assert_type(conn.id, str)
    client.credential_connections.update(conn.id, inbound={"channel_limt": 10})  # type: ignore[arg-type]
    unrelated: RegistrationStatus | None = None
    del unrelated
