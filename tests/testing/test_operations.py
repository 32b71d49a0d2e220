"""Every operation through the SDK client, and the relations between objects."""

from __future__ import annotations

import datetime as dt

import pytest

from telnyx_sip import NotFoundError, UnprocessableEntityError
from telnyx_sip.models import (
    CredentialInboundParams,
    CredentialOutboundParams,
    IpConnection,
    OutboundIpParams,
    RegistrationState,
)
from telnyx_sip.testing import Sandbox
from telnyx_sip.testing._spec_data import OPERATIONS
from tests._support.sandbox import Checked, MakeSandbox


def _is_utc_timestamp(value: object) -> bool:
    if not isinstance(value, str) or not value.endswith("Z"):
        return False
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed.utcoffset() == dt.timedelta(0)


async def test_every_operation_answers_per_spec(
    sandbox: Sandbox, checked: Checked
) -> None:
    c = sandbox.client
    profile = await c.outbound_voice_profiles.create(name="main profile")
    profile = await c.outbound_voice_profiles.retrieve(profile.id or "")
    assert profile.id is not None
    await c.outbound_voice_profiles.update(profile.id, name="renamed profile")
    assert [p.name async for p in c.outbound_voice_profiles.list()] == [
        "renamed profile"
    ]

    cred = await c.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        outbound=CredentialOutboundParams(outbound_voice_profile_id=profile.id),
    )
    assert cred.id is not None
    await c.credential_connections.retrieve(cred.id)
    await c.credential_connections.update(cred.id, active=False)
    await c.credential_connections.list().to_list()
    await c.credential_connections.check_registration_status(cred.id)

    fqdn_conn = await c.fqdn_connections.create(connection_name="edge")
    assert fqdn_conn.id is not None
    await c.fqdn_connections.retrieve(fqdn_conn.id)
    await c.fqdn_connections.update(fqdn_conn.id, tags=["a"])
    await c.fqdn_connections.list().to_list()
    fqdn = await c.fqdns.create(
        connection_id=fqdn_conn.id, fqdn="sip.example.com", dns_record_type="a"
    )
    assert fqdn.id is not None
    await c.fqdns.retrieve(fqdn.id)
    await c.fqdns.update(fqdn.id, port=5080)
    await c.fqdns.list().to_list()

    ip_conn = await c.ip_connections.create(connection_name="pbx")
    assert ip_conn.id is not None
    await c.ip_connections.retrieve(ip_conn.id)
    await c.ip_connections.update(ip_conn.id, connection_name="pbx-2")
    await c.ip_connections.list().to_list()
    ip = await c.ips.create(ip_address="203.0.113.7", connection_id=ip_conn.id)
    assert ip.id is not None
    await c.ips.retrieve(ip.id)
    await c.ips.update(ip.id, ip_address="203.0.113.8")
    await c.ips.list().to_list()

    assert len(await c.connections.list().to_list()) == 3
    await c.connections.retrieve(ip_conn.id)

    allowed = await c.access_ip_ranges.create(cidr_block="198.51.100.0/24")
    await c.access_ip_ranges.list().to_list()
    await c.access_ip_ranges.delete(allowed.id)

    await c.ips.delete(ip.id)
    await c.fqdns.delete(fqdn.id)
    await c.ip_connections.delete(ip_conn.id)
    await c.fqdn_connections.delete(fqdn_conn.id)
    await c.credential_connections.delete(cred.id)
    await c.outbound_voice_profiles.delete(profile.id)

    every = {op.name for op in OPERATIONS}
    assert len(every) == 36
    assert set(sandbox.stats.by_operation) == every
    assert set(sandbox.stats.by_status) <= {200, 201}
    if checked.contract is not None:
        answers = checked.verify()
        assert len(answers) == sandbox.stats.requests
        assert {answer.operation for answer in answers} == every


async def test_generated_fields_and_defaults(sandbox: Sandbox) -> None:
    conn = await sandbox.client.ip_connections.create(connection_name="pbx")
    assert isinstance(conn, IpConnection)
    assert conn.record_type == "ip_connection"
    assert conn.id is not None
    assert conn.id.isdigit()
    assert 0 < int(conn.id) < 2**63
    assert _is_utc_timestamp(conn.created_at)
    assert conn.created_at == conn.updated_at
    # Defaults from the spec, nested ones included.
    assert conn.transport_protocol == "UDP"
    assert conn.dtmf_type == "RFC 2833"
    assert conn.inbound is not None
    assert conn.inbound.timeout_1xx_secs == 3
    assert conn.inbound.codecs == ("G722", "G711U", "G711A", "G729", "OPUS", "H.264")
    assert conn.outbound is not None
    assert conn.outbound.ip_authentication_method == "tech-prefixp-charge-info"
    assert conn.rtcp_settings is not None
    assert conn.rtcp_settings.port == "rtp+1"
    # A default that breaks its own schema (null for an integer) is left out.
    assert "channel_limit" not in sandbox.rows("ip_connections")[0]["inbound"]

    allowed = await sandbox.client.access_ip_ranges.create(cidr_block="10.0.0.0/8")
    uuid_shape = [8, 4, 4, 4, 12]
    assert [len(part) for part in allowed.id.split("-")] == uuid_shape
    assert allowed.status == "pending"
    assert sandbox.rows("access_ip_ranges")[0]["status"] == "added"
    assert allowed.user_id == sandbox.rows("access_ip_ranges")[0]["user_id"]


async def test_ids_follow_the_seed(make_sandbox: MakeSandbox) -> None:
    ids = []
    for _ in range(2):
        async with make_sandbox(seed=42) as sandbox:
            conn = await sandbox.client.ip_connections.create(connection_name="x")
            ids.append(conn.id)
    async with make_sandbox(seed=43) as sandbox:
        other = await sandbox.client.ip_connections.create(connection_name="x")
    assert ids[0] == ids[1] != other.id


async def test_patch_changes_only_what_was_sent(sandbox: Sandbox) -> None:
    c = sandbox.client
    conn = await c.credential_connections.create(
        connection_name="office",
        user_name="office1",
        password="a-long-secret",
        inbound=CredentialInboundParams(timeout_1xx_secs=9, codecs=["G722"]),
        tags=["blue"],
    )
    assert conn.id is not None
    before = sandbox.rows("credential_connections")[0]
    updated = await c.credential_connections.update(
        conn.id, inbound=CredentialInboundParams(timeout_2xx_secs=120)
    )
    after = sandbox.rows("credential_connections")[0]
    assert updated.inbound is not None
    assert updated.inbound.timeout_2xx_secs == 120
    assert updated.inbound.timeout_1xx_secs == 9  # merged, not replaced
    assert updated.inbound.codecs == ("G722",)
    changed = {k for k in after if after[k] != before[k]}
    assert changed == {"inbound", "updated_at"} or changed == {"inbound"}
    assert {
        k for k in after["inbound"] if after["inbound"][k] != before["inbound"][k]
    } == {"timeout_2xx_secs"}
    assert after["updated_at"] >= before["updated_at"]
    assert after["password"] == "a-long-secret"


async def test_unknown_ids_are_404(sandbox: Sandbox) -> None:
    c = sandbox.client
    for call in (
        c.ips.retrieve("123"),
        c.fqdns.delete("123"),
        c.connections.retrieve("123"),
        c.credential_connections.check_registration_status("123"),
        c.outbound_voice_profiles.update("123", name="abc"),
        c.access_ip_ranges.delete("6a09cdc3-8948-47f0-aa62-74ac943d6c58"),
    ):
        with pytest.raises(NotFoundError) as info:
            await call
        assert info.value.code == "10005"


async def test_delete_answers_the_deleted_object(sandbox: Sandbox) -> None:
    c = sandbox.client
    conn = await c.ip_connections.create(connection_name="pbx")
    assert conn.id is not None
    deleted = await c.ip_connections.delete(conn.id)
    assert deleted.id == conn.id
    assert deleted.connection_name == "pbx"
    assert sandbox.rows("ip_connections") == []
    with pytest.raises(NotFoundError):
        await c.ip_connections.retrieve(conn.id)


async def test_ips_and_fqdns_must_point_at_a_connection_of_their_kind(
    sandbox: Sandbox,
) -> None:
    c = sandbox.client
    fqdn_conn = await c.fqdn_connections.create(connection_name="edge")
    ip_conn = await c.ip_connections.create(connection_name="pbx")
    assert fqdn_conn.id is not None
    assert ip_conn.id is not None
    for wrong in ("999", fqdn_conn.id):
        with pytest.raises(UnprocessableEntityError) as info:
            await c.ips.create(ip_address="203.0.113.9", connection_id=wrong)
        assert [e.pointer for e in info.value.errors] == ["/connection_id"]
    with pytest.raises(UnprocessableEntityError) as info:
        await c.fqdns.create(
            connection_id=ip_conn.id, fqdn="a.example.com", dns_record_type="a"
        )
    assert [e.pointer for e in info.value.errors] == ["/connection_id"]
    ip = await c.ips.create(ip_address="203.0.113.9", connection_id=ip_conn.id)
    assert ip.id is not None
    with pytest.raises(UnprocessableEntityError):
        await c.ips.update(ip.id, ip_address="203.0.113.9", connection_id="999")
    assert sandbox.rows("ips")[0]["connection_id"] == ip_conn.id
    # An IP may also stand alone: connection_id is optional on create.
    loose = await c.ips.create(ip_address="203.0.113.10")
    assert loose.connection_id is None
    assert sandbox.stats.rows_created == 4


async def test_deleting_a_connection_deletes_its_ips_and_fqdns(
    sandbox: Sandbox,
) -> None:
    c = sandbox.client
    ip_conn = await c.ip_connections.create(connection_name="pbx")
    other = await c.ip_connections.create(connection_name="other")
    fqdn_conn = await c.fqdn_connections.create(connection_name="edge")
    assert ip_conn.id is not None
    assert other.id is not None
    assert fqdn_conn.id is not None
    await c.ips.create(ip_address="203.0.113.1", connection_id=ip_conn.id)
    await c.ips.create(ip_address="203.0.113.2", connection_id=ip_conn.id)
    kept = await c.ips.create(ip_address="203.0.113.3", connection_id=other.id)
    await c.fqdns.create(
        connection_id=fqdn_conn.id, fqdn="sip.example.com", dns_record_type="a"
    )
    await c.ip_connections.delete(ip_conn.id)
    await c.fqdn_connections.delete(fqdn_conn.id)
    assert [row["id"] for row in sandbox.rows("ips")] == [kept.id]
    assert sandbox.rows("fqdns") == []
    assert sandbox.stats.rows_deleted == 5


async def test_profiles_in_use_count_and_cannot_be_deleted(sandbox: Sandbox) -> None:
    c = sandbox.client
    profile = await c.outbound_voice_profiles.create(name="main")
    assert profile.id is not None
    assert profile.connections_count == 0
    with pytest.raises(UnprocessableEntityError) as info:
        await c.ip_connections.create(
            connection_name="pbx",
            outbound=OutboundIpParams(outbound_voice_profile_id="404"),
        )
    assert info.value.errors[0].pointer == "/outbound/outbound_voice_profile_id"
    conn = await c.ip_connections.create(
        connection_name="pbx",
        outbound=OutboundIpParams(outbound_voice_profile_id=profile.id),
    )
    assert conn.id is not None
    counted = await c.outbound_voice_profiles.retrieve(profile.id)
    assert counted.connections_count == 1
    page = await c.connections.list(filter_outbound_voice_profile_id=profile.id)
    [listed] = page.items
    assert listed.outbound_voice_profile_id == profile.id
    with pytest.raises(UnprocessableEntityError) as in_use:
        await c.outbound_voice_profiles.delete(profile.id)
    assert in_use.value.code == "10021"
    await c.ip_connections.delete(conn.id)
    await c.outbound_voice_profiles.delete(profile.id)
    assert sandbox.rows("outbound_voice_profiles") == []


async def test_connections_lists_every_kind(sandbox: Sandbox) -> None:
    c = sandbox.client
    cred = await c.credential_connections.create(
        connection_name="a", user_name="user-a", password="pw-a-long"
    )
    fqdn = await c.fqdn_connections.create(connection_name="b")
    ip = await c.ip_connections.create(connection_name="c")
    listed = await c.connections.list().to_list()
    assert [(x.id, x.record_type) for x in listed] == [
        (cred.id, "credential_connection"),
        (fqdn.id, "fqdn_connection"),
        (ip.id, "ip_connection"),
    ]
    assert all(x.extra == {} for x in listed)
    assert fqdn.id is not None
    one = await c.connections.retrieve(fqdn.id)
    assert one.connection_name == "b"
    assert one.record_type == "fqdn_connection"
    assert [row["id"] for row in sandbox.rows("connections")] == [x.id for x in listed]


async def test_user_names_are_unique(sandbox: Sandbox) -> None:
    c = sandbox.client
    await c.credential_connections.create(
        connection_name="a", user_name="same-user", password="pw-long-1"
    )
    with pytest.raises(UnprocessableEntityError) as info:
        await c.credential_connections.create(
            connection_name="b", user_name="same-user", password="pw-long-2"
        )
    assert info.value.errors[0].pointer == "/user_name"
    assert info.value.code == "10012"
    assert len(sandbox.rows("credential_connections")) == 1


async def test_registration_status_is_plausible(sandbox: Sandbox) -> None:
    c = sandbox.client
    conn = await c.credential_connections.create(
        connection_name="a", user_name="phone-1", password="pw-long-1"
    )
    assert conn.id is not None
    status = await c.credential_connections.check_registration_status(conn.id)
    assert status.status == RegistrationState.REGISTERED
    assert status.sip_username == "phone-1"
    assert status.ip_address is not None
    assert status.ip_address.startswith("192.0.2.")
    await c.credential_connections.update(conn.id, active=False)
    status = await c.credential_connections.check_registration_status(conn.id)
    assert status.status == RegistrationState.NOT_REGISTERED
    assert status.ip_address is None


async def test_fqdn_port_null_restores_the_default(sandbox: Sandbox) -> None:
    c = sandbox.client
    conn = await c.fqdn_connections.create(connection_name="edge")
    assert conn.id is not None
    fqdn = await c.fqdns.create(
        connection_id=conn.id, fqdn="sip.example.com", dns_record_type="a", port=5070
    )
    assert fqdn.id is not None
    assert fqdn.port == 5070
    updated = await c.fqdns.update(fqdn.id, port=None)
    assert updated.port == 5060


async def test_rows_names_the_resources(sandbox: Sandbox) -> None:
    with pytest.raises(KeyError, match="ip_connections"):
        sandbox.rows("nope")
