"""What mypy sees of the sync client; checked by ``mypy --strict``, never run."""

from __future__ import annotations

import sys

from telnyx_sip import Page, RequestOptions, SyncPager, TelnyxSIP
from telnyx_sip.models import (
    CredentialConnection,
    Ip,
    OutboundVoiceProfile,
    RegistrationStatus,
)

if sys.version_info >= (3, 11):
    from typing import assert_type
else:
    from typing_extensions import assert_type


def sync_signatures(client: TelnyxSIP) -> None:
    assert_type(client.ips.create(ip_address="203.0.113.7"), Ip)
    assert_type(client.ips.retrieve("7"), Ip)
    assert_type(client.ips.retrieve("7", options=RequestOptions(timeout=5)), Ip)
    assert_type(client.ips.delete("7"), Ip)
    assert_type(
        client.credential_connections.check_registration_status("1"),
        RegistrationStatus,
    )
    assert_type(
        client.credential_connections.update("1", active=False), CredentialConnection
    )

    pager = client.ips.list(page_size=50, limit=100)
    assert_type(pager, SyncPager[Ip])
    assert_type(pager.first_page(), Page[Ip])
    assert_type(pager.to_list(), list[Ip])
    assert_type(pager.limit, int | None)
    for ip in client.ips.list():
        assert_type(ip, Ip)
    for page in client.outbound_voice_profiles.list().pages():
        assert_type(page, Page[OutboundVoiceProfile])


def context_manager() -> None:
    with TelnyxSIP("key") as client:
        assert_type(client, TelnyxSIP)
        assert_type(client.base_url, str)
    client.close()


def mistakes_mypy_catches(client: TelnyxSIP) -> None:
    client.ips.create(ip_address=7)  # type: ignore[arg-type]
    client.ips.retrieve("7", page_size=1)  # type: ignore[call-arg]
    client.ips.list(sort="name")  # type: ignore[call-arg]
    client.outbound_voice_profiles.list(sort="by-name")  # type: ignore[arg-type]
    # A sync call gives a model, not something to await.
    await_me = client.ips.retrieve("7")
    await_me.__await__  # type: ignore[attr-defined]  # noqa: B018
