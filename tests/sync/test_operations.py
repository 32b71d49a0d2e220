"""Every operation of the sync client, compared with the async one."""

from __future__ import annotations

import asyncio
import datetime
import inspect
from typing import Any

import pytest

from telnyx_sip import AsyncPager, AsyncTelnyxSIP, SyncPager, TelnyxSIP
from telnyx_sip.errors import InvalidArgumentError
from telnyx_sip.models import CredentialInboundParams, Ip
from tests._support.fake_api import API_KEY, FakeAPI, Recorded, Reply

from ._server import IP, ThreadedServer, loop_threads


def test_with_block_and_create(server: ThreadedServer, fake_api: FakeAPI) -> None:
    fake_api.data(IP, status=201)
    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        ip = client.ips.create(ip_address="203.0.113.7")
    assert isinstance(ip, Ip)
    assert ip.id == "7"
    (req,) = fake_api.requests
    assert (req.method, req.path, req.json) == (
        "POST",
        "/v2/ips",
        {"ip_address": "203.0.113.7"},
    )
    assert req.headers["Authorization"] == f"Bearer {API_KEY}"
    assert API_KEY not in repr(client)
    assert repr(client) == f"TelnyxSIP(base_url={server.base_url!r})"


# -- every operation, compared with the async client -------------------------

MAY_FIRST = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
OPERATIONS: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
    ("access_ip_ranges", "list", (), {"filter_cidr_block_contains": "10.0"}),
    ("access_ip_ranges", "list", (), {"filter_created_at_gte": MAY_FIRST}),
    ("access_ip_ranges", "create", (), {"cidr_block": "10.0.0.0/24"}),
    ("access_ip_ranges", "delete", ("air 1",), {}),
    ("connections", "list", (), {"sort": "connection_name", "page_size": 2}),
    ("connections", "retrieve", ("c-1",), {}),
    ("credential_connections", "list", (), {"filter_fqdn": "sip.example.com"}),
    (
        "credential_connections",
        "create",
        (),
        {
            "connection_name": "office",
            "user_name": "office1",
            "password": "a-long-secret",
            "inbound": CredentialInboundParams(channel_limit=5),
        },
    ),
    ("credential_connections", "retrieve", ("cc-1",), {}),
    ("credential_connections", "update", ("cc-1",), {"active": False}),
    ("credential_connections", "delete", ("cc-1",), {}),
    ("credential_connections", "check_registration_status", ("cc-1",), {}),
    ("fqdn_connections", "list", (), {"filter_connection_name_contains": "trunk"}),
    ("fqdn_connections", "create", (), {"connection_name": "trunk"}),
    ("fqdn_connections", "retrieve", ("fc-1",), {}),
    ("fqdn_connections", "update", ("fc-1",), {"connection_name": "trunk2"}),
    ("fqdn_connections", "delete", ("fc-1",), {}),
    ("fqdns", "list", (), {"filter_connection_id": "fc-1", "filter_port": 5060}),
    (
        "fqdns",
        "create",
        (),
        {"connection_id": "fc-1", "dns_record_type": "a", "fqdn": "sip.example.com"},
    ),
    ("fqdns", "retrieve", ("f-1",), {}),
    ("fqdns", "update", ("f-1",), {"port": 5061}),
    ("fqdns", "delete", ("f-1",), {}),
    ("ip_connections", "list", (), {"sort": "active"}),
    ("ip_connections", "create", (), {"connection_name": "pbx", "tags": ["a", "b"]}),
    ("ip_connections", "retrieve", ("ic-1",), {}),
    ("ip_connections", "update", ("ic-1",), {"active": True}),
    ("ip_connections", "delete", ("ic-1",), {}),
    ("ips", "list", (), {"filter_ip_address": "203.0.113.7", "limit": 3}),
    ("ips", "create", (), {"ip_address": "203.0.113.7", "port": 5060}),
    ("ips", "retrieve", ("ip-1",), {}),
    ("ips", "update", ("ip-1",), {"ip_address": "203.0.113.8"}),
    ("ips", "delete", ("ip-1",), {}),
    ("outbound_voice_profiles", "list", (), {"sort": "-name", "page_number": 2}),
    ("outbound_voice_profiles", "create", (), {"name": "default"}),
    ("outbound_voice_profiles", "retrieve", ("ovp-1",), {}),
    ("outbound_voice_profiles", "update", ("ovp-1",), {"name": "cheap"}),
    ("outbound_voice_profiles", "delete", ("ovp-1",), {}),
]


def _service_methods(client: object) -> set[tuple[str, str]]:
    found = set()
    for attr, service in vars(client).items():
        if attr.startswith("_"):
            continue
        for name, _ in inspect.getmembers(type(service), inspect.isfunction):
            if not name.startswith("_"):
                found.add((attr, name))
    return found


def test_operation_table_covers_every_operation() -> None:
    sync_ops = _service_methods(TelnyxSIP(API_KEY))
    async_ops = _service_methods(AsyncTelnyxSIP(API_KEY))
    assert sync_ops == async_ops
    assert len(sync_ops) == 36
    assert {(svc, method) for svc, method, _, _ in OPERATIONS} == sync_ops


# Fields some response models require.
_REQUIRED = {
    "cidr_block": "10.0.0.0/24",
    "status": "added",
    "user_id": "u-1",
    "connection_name": "office",
    "name": "default",
}


def _any_object(rec: Recorded) -> Reply:
    """A page for a collection GET, else one object named after the path."""
    parts = rec.path.strip("/").split("/")
    if rec.method == "GET" and len(parts) == 2:
        number = int(rec.query.get("page[number]", "1"))
        items = [
            {"id": f"{parts[1]}-{number}-{i}", "record_type": parts[1], **_REQUIRED}
            for i in range(2)
        ]
        meta = {
            "page_number": number,
            "page_size": 2,
            "total_pages": 3,
            "total_results": 6,
        }
        return Reply(200, {"data": items, "meta": meta})
    obj = {"id": parts[-1], "record_type": parts[1], **_REQUIRED}
    if parts[1] == "access_ip_ranges":  # answered without the data envelope
        return Reply(200, obj)
    return Reply(200, {"data": obj})


def _wire(rec: Recorded) -> tuple[object, ...]:
    return (
        rec.method,
        rec.raw_path,
        sorted(rec.query.items()),
        rec.json,
        rec.headers.get("Content-Type"),
        rec.headers["Authorization"],
    )


@pytest.mark.parametrize(
    ("service", "method", "args", "kwargs"),
    OPERATIONS,
    ids=[f"{s}.{m}-{i}" for i, (s, m, _, _) in enumerate(OPERATIONS)],
)
def test_operation_matches_async_client(
    server: ThreadedServer,
    fake_api: FakeAPI,
    service: str,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> None:
    fake_api.default = _any_object

    async def through_async() -> object:
        async with AsyncTelnyxSIP(API_KEY, base_url=server.base_url) as client:
            result = getattr(getattr(client, service), method)(*args, **kwargs)
            if isinstance(result, AsyncPager):
                return (await result, await result.to_list())
            return await result

    expected = asyncio.run(through_async())
    async_wire = [_wire(r) for r in fake_api.requests]
    fake_api.requests.clear()

    with TelnyxSIP(API_KEY, base_url=server.base_url) as client:
        result = getattr(getattr(client, service), method)(*args, **kwargs)
        if isinstance(result, SyncPager):
            result = (result.first_page(), result.to_list())
    assert result == expected
    assert [_wire(r) for r in fake_api.requests] == async_wire
    assert async_wire  # the operation did reach the server


# -- the generated signatures -------------------------------------------------


def _described(fn: Any) -> tuple[object, ...]:
    sig = inspect.signature(fn)
    params = [
        (p.name, p.kind, p.default, p.annotation) for p in sig.parameters.values()
    ]
    ret = str(sig.return_annotation).replace("AsyncPager[", "SyncPager[")
    return (params, ret, inspect.getdoc(fn))


def test_signatures_and_docstrings_match_async() -> None:
    sync_client, async_client = TelnyxSIP(API_KEY), AsyncTelnyxSIP(API_KEY)
    for attr, name in _service_methods(async_client):
        sync_fn = getattr(getattr(sync_client, attr), name)
        async_fn = getattr(getattr(async_client, attr), name)
        assert not inspect.iscoroutinefunction(sync_fn), (attr, name)
        assert _described(sync_fn) == _described(async_fn), (attr, name)
    assert inspect.signature(TelnyxSIP) == inspect.signature(AsyncTelnyxSIP)
    assert TelnyxSIP.base_url.__doc__ == AsyncTelnyxSIP.base_url.__doc__


def test_constructor_checks_like_async(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELNYX_API_KEY", raising=False)
    with pytest.raises(InvalidArgumentError, match="TELNYX_API_KEY"):
        TelnyxSIP()
    with pytest.raises(InvalidArgumentError) as info:
        TelnyxSIP(API_KEY, timeout=0)
    assert info.value.field == "timeout"
    monkeypatch.setenv("TELNYX_API_KEY", API_KEY)
    client = TelnyxSIP(max_retries=0)
    assert client.base_url == "https://api.telnyx.com/v2"
    assert not loop_threads()  # constructing starts nothing
