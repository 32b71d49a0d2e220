"""An account holding every resource type, nested objects and references included."""

from __future__ import annotations

import attrs

from telnyx_sip import AsyncTelnyxSIP

PASSWORD = "s3cret-Passw0rd-literal"
TOKEN = "tok-Auth-9f8e7d-literal"


@attrs.frozen
class Seeded:
    """Ids of what :func:`seed` made."""

    profile: str
    pbx: str
    office: str
    edge: str
    ip: str
    fqdn: str


async def seed(client: AsyncTelnyxSIP) -> Seeded:
    """Create one object of every type, linked the way documents link them."""
    profile = await client.outbound_voice_profiles.create(
        name="main",
        concurrent_call_limit=10,
        tags=["prod"],
        call_recording={
            "call_recording_type": "all",
            "call_recording_channels": "dual",
        },
        calling_window={"start_time": "08:00:00", "end_time": "20:00:00"},
    )
    pbx = await client.ip_connections.create(
        connection_name="pbx",
        tags=["prod"],
        inbound={"sip_subdomain": "pbx-acme", "channel_limit": 10},
        outbound={"outbound_voice_profile_id": profile.id, "channel_limit": 5},
        rtcp_settings={"port": "rtp+1", "capture_enabled": True},
        jitter_buffer={"enable_jitter_buffer": True},
    )
    office = await client.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password=PASSWORD,
        outbound={"outbound_voice_profile_id": profile.id},
        inbound={"channel_limit": 4},
    )
    edge = await client.fqdn_connections.create(
        connection_name="edge",
        outbound={"ip_authentication_token": TOKEN, "tech_prefix": "55"},
    )
    ip = await client.ips.create(
        connection_id=pbx.id, ip_address="203.0.113.7", port=5060
    )
    fqdn = await client.fqdns.create(
        connection_id=edge.id, fqdn="sip.example.com", dns_record_type="a", port=5061
    )
    await client.access_ip_ranges.create(cidr_block="203.0.113.0/24", description="hq")
    return Seeded(profile.id, pbx.id, office.id, edge.id, ip.id, fqdn.id)
