"""What mypy sees of typed bulk calls; checked by ``mypy --strict``, never run.

``Call.to`` takes a service method and its arguments (a ParamSpec), so a
misspelled or mistyped argument is a type error, and the job's outcomes carry
the method's return type. The ``# type: ignore[...]`` lines are mistakes mypy
must reject (``warn_unused_ignores`` makes an unneeded one an error).
"""

from __future__ import annotations

import sys
from typing import Any

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP
from telnyx_sip.bulk import BulkJob, BulkReport, Call, Outcome, run_bulk, run_bulk_sync
from telnyx_sip.models import CredentialInboundParams, Ip, IpConnection

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


async def typed_calls(client: AsyncTelnyxSIP) -> None:
    create = Call.to(client.ips.create, ip_address="198.51.100.7", connection_id="1")
    assert_type(create, Call[Ip | None])
    assert_type(
        Call.to(client.ips.update, "7", ip_address="198.51.100.8"), Call[Ip | None]
    )
    assert_type(Call.to(client.ip_connections.delete, "7"), Call[IpConnection | None])
    report = await run_bulk(client, [create])
    assert_type(report, BulkReport[Ip | None])
    outcome = report.outcomes[0]
    assert_type(outcome, Outcome[Ip | None])
    if outcome.result is not None:
        assert_type(outcome.result, Ip)
    job = BulkJob(client, [create])
    assert_type(job, BulkJob[Ip | None])
    nested = CredentialInboundParams(channel_limit=10)
    Call.to(client.credential_connections.update, "1", inbound=nested)


async def mixed_and_untyped_calls(client: AsyncTelnyxSIP, sync: TelnyxSIP) -> None:
    mixed = [
        Call.to(client.ips.create, ip_address="198.51.100.7"),
        Call.to(client.ip_connections.create, connection_name="pbx"),
    ]
    for outcome in (await run_bulk(client, mixed)).outcomes:
        assert_type(outcome.result, Ip | IpConnection | None)
    # Calls written as data stay as loose as before.
    untyped = Call("ips", "create", {"ip_address": "198.51.100.7"})
    assert_type(untyped, Call[Any])
    assert_type((await run_bulk(client, [untyped])).outcomes[0].result, Any)
    calls: list[Call] = [untyped]
    assert_type(run_bulk_sync(sync, calls), BulkReport[Any])
    # The sync client's calls are built from its async twin.
    from_sync = Call.to(sync.async_client.ips.delete, "7")
    assert_type(run_bulk_sync(sync, [from_sync]), BulkReport[Ip | None])


async def mistakes_are_rejected(client: AsyncTelnyxSIP, sync: TelnyxSIP) -> None:
    Call.to(client.ips.create, ip_adress="198.51.100.7")  # type: ignore[call-arg]
    Call.to(client.ips.create, ip_address=7)  # type: ignore[arg-type]
    Call.to(client.ips.create)  # type: ignore[call-arg]
    Call.to(client.ips.update, ip_address="198.51.100.8")  # type: ignore[call-arg]
    Call.to(client.connections.retrieve, 7)  # type: ignore[arg-type]
    Call.to(client.credential_connections.update, "1", inbound=10)  # type: ignore[arg-type]
    Call.to(sync.ips.delete, "7")  # type: ignore[arg-type]
    ip_report: BulkReport[Ip | None] = await run_bulk(
        client,
        [Call.to(client.ip_connections.delete, "7")],  # type: ignore[arg-type]
    )
    del ip_report
