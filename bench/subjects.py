"""The three clients doing the same HTTP work: raw aiohttp, telnyx-sip, official.

Each subject opens its client once and gives the benchmark's operations as
zero-argument coroutine functions (sync subjects: plain functions), so the
loop that times them is the same for all three and adds nothing of its own.

The raw subject is the floor every ratio divides by: one aiohttp session,
the URL and headers built once, ``json.dumps`` for bodies and ``json.loads``
of every answer.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import aiohttp

__all__ = [
    "CC_BODY",
    "IP_BODY",
    "KEY",
    "OPERATIONS",
    "official_missing",
    "open_async",
    "open_creator",
    "open_sync",
]

KEY = "KEYbench0000000000000000000000"
IP_BODY = {
    "ip_address": "192.0.2.10",
    "connection_id": "1293384261075731000",
    "port": 5060,
}
CC_BODY = {
    "connection_name": "office",
    "user_name": "office1",
    "password": "a-long-secret-9",
}
OPERATIONS = (
    "ip_retrieve",
    "ip_create",
    "cc_retrieve",
    "cc_create",
    "ip_list",
    "cc_list",
)
PAGE = 250

AsyncOps = dict[str, Callable[[], Awaitable[Any]]]
SyncOps = dict[str, Callable[[], Any]]


def _module(name: str) -> Any:
    # Imported when used: a child process measuring one subject's memory
    # must not load the others' modules.
    return importlib.import_module(name)


def official_missing() -> str | None:
    """Why the official ``telnyx`` package cannot run here, or ``None``."""
    for module in ("telnyx", "httpx_aiohttp"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (pip install -r bench/requirements.txt)"
    return None


@contextlib.asynccontextmanager
async def _raw(base: str, connections: int) -> AsyncIterator[AsyncOps]:
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}
    post = {**headers, "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=connections)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def get(url: str) -> Any:
            async with session.get(url, headers=headers) as r:
                return json.loads(await r.read())

        async def create(url: str, body: dict[str, Any]) -> Any:
            data = json.dumps(body).encode()
            async with session.post(url, data=data, headers=post) as r:
                return json.loads(await r.read())

        ip, cc = f"{base}/ips", f"{base}/credential_connections"
        query = f"?page[number]=1&page[size]={PAGE}"
        yield {
            "ip_retrieve": lambda: get(f"{ip}/1293384261075731000"),
            "ip_create": lambda: create(ip, IP_BODY),
            "cc_retrieve": lambda: get(f"{cc}/1293384261075731000"),
            "cc_create": lambda: create(cc, CC_BODY),
            "ip_list": lambda: get(ip + query),
            "cc_list": lambda: get(cc + query),
        }


@contextlib.asynccontextmanager
async def _sdk(base: str, connections: int) -> AsyncIterator[AsyncOps]:
    sip = _module("telnyx_sip")

    async with sip.AsyncTelnyxSIP(KEY, base_url=base, max_connections=connections) as c:
        ips, ccs = c.ips, c.credential_connections

        async def ip_list() -> Any:
            return await ips.list(page_number=1, page_size=PAGE)

        async def cc_list() -> Any:
            return await ccs.list(page_number=1, page_size=PAGE)

        yield {
            "ip_retrieve": lambda: ips.retrieve("1293384261075731000"),
            "ip_create": lambda: ips.create(**IP_BODY),
            "cc_retrieve": lambda: ccs.retrieve("1293384261075731000"),
            "cc_create": lambda: ccs.create(**CC_BODY),
            "ip_list": ip_list,
            "cc_list": cc_list,
        }


@contextlib.asynccontextmanager
async def _official(base: str, connections: int) -> AsyncIterator[AsyncOps]:
    httpx, telnyx = _module("httpx"), _module("telnyx")
    limits = httpx.Limits(
        max_connections=connections, max_keepalive_connections=connections
    )
    http = telnyx.DefaultAioHttpClient(limits=limits)
    async with telnyx.AsyncTelnyx(api_key=KEY, base_url=base, http_client=http) as c:
        ips, ccs = c.ips, c.credential_connections

        async def ip_list() -> Any:
            return await ips.list(page_number=1, page_size=PAGE)

        async def cc_list() -> Any:
            return await ccs.list(page_number=1, page_size=PAGE)

        yield {
            "ip_retrieve": lambda: ips.retrieve("1293384261075731000"),
            "ip_create": lambda: ips.create(**IP_BODY),
            "cc_retrieve": lambda: ccs.retrieve("1293384261075731000"),
            "cc_create": lambda: ccs.create(**CC_BODY),
            "ip_list": ip_list,
            "cc_list": cc_list,
        }


@contextlib.asynccontextmanager
async def open_creator(
    subject: str, base: str, connections: int
) -> AsyncIterator[Callable[[dict[str, Any]], Awaitable[Any]]]:
    """``ips.create`` of the sdk or official client, taking the body as a mapping."""
    if subject == "sdk":
        sip = _module("telnyx_sip")

        async with sip.AsyncTelnyxSIP(
            KEY, base_url=base, max_connections=connections
        ) as c:
            yield lambda body: c.ips.create(**body)
        return
    httpx, telnyx = _module("httpx"), _module("telnyx")
    limits = httpx.Limits(
        max_connections=connections, max_keepalive_connections=connections
    )
    http = telnyx.DefaultAioHttpClient(limits=limits)
    async with telnyx.AsyncTelnyx(api_key=KEY, base_url=base, http_client=http) as o:
        yield lambda body: o.ips.create(**body)


def open_async(
    subject: str, base: str, connections: int = 64
) -> contextlib.AbstractAsyncContextManager[AsyncOps]:
    """The operations of ``subject`` (raw, sdk, official) against ``base``."""
    opener = {"raw": _raw, "sdk": _sdk, "official": _official}[subject]
    return opener(base, connections)


@contextlib.contextmanager
def _sync_sdk(base: str) -> Iterator[SyncOps]:
    sip = _module("telnyx_sip")

    with sip.TelnyxSIP(KEY, base_url=base) as c:
        ips, ccs = c.ips, c.credential_connections
        yield {
            "ip_retrieve": lambda: ips.retrieve("1293384261075731000"),
            "ip_create": lambda: ips.create(**IP_BODY),
            "cc_retrieve": lambda: ccs.retrieve("1293384261075731000"),
            "cc_create": lambda: ccs.create(**CC_BODY),
        }


@contextlib.contextmanager
def _sync_official(base: str) -> Iterator[SyncOps]:
    telnyx = _module("telnyx")
    with telnyx.Telnyx(api_key=KEY, base_url=base) as c:
        ips, ccs = c.ips, c.credential_connections
        yield {
            "ip_retrieve": lambda: ips.retrieve("1293384261075731000"),
            "ip_create": lambda: ips.create(**IP_BODY),
            "cc_retrieve": lambda: ccs.retrieve("1293384261075731000"),
            "cc_create": lambda: ccs.create(**CC_BODY),
        }


def open_sync(subject: str, base: str) -> contextlib.AbstractContextManager[SyncOps]:
    """The blocking operations of ``subject`` (sdk: ``TelnyxSIP``; official: httpx)."""
    return {"sdk": _sync_sdk, "official": _sync_official}[subject](base)
