"""Bulk throughput: IP creates through ``run_bulk`` against raw aiohttp workers.

Every create has its own IP address (a bulk job refuses repeated natural
keys). Per round and concurrency the same creates go through

* ``raw``: that many aiohttp workers taking bodies from one shared iterator,
* ``bulk``: :func:`telnyx_sip.bulk.run_bulk` at that concurrency,
* ``sdk``: ``AsyncTelnyxSIP.ips.create`` in the same workers (no bulk layer),
* ``official``: ``AsyncTelnyx.ips.create`` in the same workers.

Throughput is creates per wall second; each client is opened, and warmed by
one call per worker, before its clock starts. CPU per create is kept too.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import aiohttp

from telnyx_sip import AsyncTelnyxSIP
from telnyx_sip.bulk import Call, run_bulk

from .measure import cpu_s, summarise
from .plan import Plan
from .rows import Row
from .server import Server, server_stats
from .subjects import KEY, official_missing, open_creator

__all__ = ["run_bulk_rows"]

Body = dict[str, Any]


def _bodies(n: int, offset: int = 0) -> list[Body]:
    return [
        {
            "ip_address": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
            "connection_id": "1293384261075731000",
            "port": 5060,
        }
        for i in range(offset, offset + n)
    ]


async def _workers(
    create: Callable[..., Awaitable[Any]], bodies: list[Body], n: int
) -> None:
    queue: Iterator[Body] = iter(bodies)

    async def worker() -> None:
        for body in queue:
            await create(body)

    await asyncio.gather(*(worker() for _ in range(n)))


async def _timed(work: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    gc.collect()
    cpu, wall = cpu_s(), time.perf_counter()
    await work()
    return time.perf_counter() - wall, cpu_s() - cpu


async def _raw(base: str, bodies: list[Body], c: int) -> tuple[float, float]:
    # Unlike the fixed bodies of the other rows, each create's body differs.
    headers = {
        "Authorization": f"Bearer {KEY}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    url = f"{base}/ips"
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=c)
    ) as session:

        async def create(body: Body) -> Any:
            data = json.dumps(body).encode()
            async with session.post(url, data=data, headers=headers) as r:
                return json.loads(await r.read())

        await _workers(create, _bodies(c, 1 << 20), c)
        return await _timed(lambda: _workers(create, bodies, c))


async def _bulk(base: str, bodies: list[Body], c: int) -> tuple[float, float]:
    calls = [Call("ips", "create", body) for body in bodies]
    warm = [Call("ips", "create", body) for body in _bodies(c, 1 << 20)]
    async with AsyncTelnyxSIP(KEY, base_url=base, max_connections=c) as client:
        await run_bulk(client, warm, concurrency=c)
        outcome: list[Any] = []

        async def work() -> None:
            outcome.append(await run_bulk(client, calls, concurrency=c))

        timed = await _timed(work)
    report = outcome[0]
    if not report.ok:
        raise RuntimeError(f"bulk job did not succeed: {report.counts}")
    return timed


async def _client(
    subject: str, base: str, bodies: list[Body], c: int
) -> tuple[float, float]:
    async with open_creator(subject, base, c) as create:
        await _workers(create, _bodies(c, 1 << 20), c)
        return await _timed(lambda: _workers(create, bodies, c))


async def _round(
    server: Server, bodies: list[Body], c: int, subjects: list[str]
) -> dict[str, tuple[float, float, dict[str, float]]]:
    out = {}
    for name in subjects:
        since = server_stats(server)
        if name == "raw":
            wall, cpu = await _raw(server.base_url, bodies, c)
        elif name == "bulk":
            wall, cpu = await _bulk(server.base_url, bodies, c)
        else:
            wall, cpu = await _client(name, server.base_url, bodies, c)
        out[name] = (wall, cpu, since())
    return out


def run_bulk_rows(server: Server, rows: list[Row], plan: Plan) -> list[dict[str, Any]]:
    """Creates per second of each subject, per concurrency row."""
    subjects = ["raw", "bulk", "sdk"]
    notes = []
    missing = official_missing()
    if missing:
        notes.append(f"official column absent: {missing}")
    else:
        subjects.append("official")
    bodies = _bodies(plan.bulk_creates)
    out = []
    for row in rows:
        c = int(row.id.removeprefix("bulk_c"))
        rate: dict[str, list[float]] = {name: [] for name in subjects}
        cpu: dict[str, list[float]] = {name: [] for name in subjects}
        busiest = 0.0
        for _ in range(plan.rounds):
            result = asyncio.run(_round(server, bodies, c, subjects))
            for name, (wall, used, seen) in result.items():
                rate[name].append(len(bodies) / wall)
                cpu[name].append(used / len(bodies) * 1e6)
                busiest = max(busiest, seen["busy"])
        out.append(
            {
                "id": row.id,
                "count": len(bodies),
                "concurrency": c,
                **summarise(rate),
                "cpu_us_per_create": summarise(cpu),
                "server": {"busiest": busiest},
                "notes": list(notes),
            }
        )
    return out
