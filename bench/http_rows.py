"""The HTTP rows: single calls and pages at concurrency 64, and the sync client.

All subjects stay open for the whole group, so connections and caches are
warm; each round runs raw, sdk, official in turn, so drift in the machine's
load reaches every column of a round alike.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from .measure import async_batch, summarise, sync_batch
from .plan import Plan
from .rows import Row
from .server import Server, server_stats
from .subjects import AsyncOps, SyncOps, official_missing, open_async, open_sync

__all__ = ["run_async_rows", "run_sync_rows"]


def _server_note(samples: list[dict[str, float]]) -> dict[str, float]:
    """The server's CPU per request and its busiest share of a CPU in the row."""
    served = [s for s in samples if s["requests"]]
    return {
        "cpu_us_per_request": max(s["cpu_us_per_request"] for s in served),
        "busiest": max(s["busy"] for s in served),
    }


async def _open_all(
    stack: contextlib.AsyncExitStack, server: Server, plan: Plan, notes: list[str]
) -> dict[str, AsyncOps]:
    subjects = {}
    missing = official_missing()
    for name in ("raw", "sdk", "official"):
        if name == "official" and missing:
            notes.append(f"official column absent: {missing}")
            continue
        subjects[name] = await stack.enter_async_context(
            open_async(name, server.base_url, plan.concurrency)
        )
    return subjects


async def _async_rows(
    server: Server, rows: list[Row], plan: Plan
) -> list[dict[str, Any]]:
    out = []
    notes: list[str] = []
    async with contextlib.AsyncExitStack() as stack:
        subjects = await _open_all(stack, server, plan, notes)
        for row in rows:
            count = plan.pages if row.id.endswith("_list") else plan.single
            cpu: dict[str, list[float]] = {name: [] for name in subjects}
            wall: dict[str, list[float]] = {name: [] for name in subjects}
            seen = []
            for first in [True] + [False] * (plan.rounds - 1):
                for name, ops in subjects.items():
                    since = server_stats(server)
                    c, w = await async_batch(
                        ops[row.id], count, plan.concurrency, warm=first
                    )
                    seen.append(since())
                    cpu[name].append(c)
                    wall[name].append(w)
            out.append(
                {
                    "id": row.id,
                    "count": count,
                    "concurrency": plan.concurrency,
                    **summarise(cpu),
                    "wall_us": wall,
                    "server": _server_note(seen),
                    "notes": list(notes),
                }
            )
    return out


def run_async_rows(server: Server, rows: list[Row], plan: Plan) -> list[dict[str, Any]]:
    """Client CPU per request of each async row, raw / sdk / official."""
    return asyncio.run(_async_rows(server, rows, plan)) if rows else []


def run_sync_rows(server: Server, rows: list[Row], plan: Plan) -> list[dict[str, Any]]:
    """Sequential calls: raw aiohttp, the sync client, the async client, official sync.

    CPU is the whole process's, so the sync client's loop thread counts.
    """
    if not rows:
        return []
    loop = asyncio.new_event_loop()
    notes: list[str] = []
    out = []
    try:
        with contextlib.ExitStack() as sync_stack:
            stack = contextlib.AsyncExitStack()
            raw = loop.run_until_complete(
                stack.enter_async_context(open_async("raw", server.base_url, 1))
            )
            sdk_async = loop.run_until_complete(
                stack.enter_async_context(open_async("sdk", server.base_url, 1))
            )
            sync: dict[str, SyncOps] = {
                "sdk": sync_stack.enter_context(open_sync("sdk", server.base_url))
            }
            missing = official_missing()
            if missing:
                notes.append(f"official column absent: {missing}")
            else:
                sync["official"] = sync_stack.enter_context(
                    open_sync("official", server.base_url)
                )
            try:
                for row in rows:
                    out.append(_sync_row(loop, row, plan, raw, sdk_async, sync, server))
                    out[-1]["notes"] = list(notes)
            finally:
                loop.run_until_complete(stack.aclose())
    finally:
        loop.close()
    return out


def _sync_row(
    loop: asyncio.AbstractEventLoop,
    row: Row,
    plan: Plan,
    raw: AsyncOps,
    sdk_async: AsyncOps,
    sync: dict[str, SyncOps],
    server: Server,
) -> dict[str, Any]:
    op = row.id.removeprefix("sync_")
    n = plan.sync_calls
    runs: dict[str, Callable[[], tuple[float, float]]] = {
        "raw": lambda: loop.run_until_complete(async_batch(raw[op], n, 1)),
        "sdk": lambda: sync_batch(sync["sdk"][op], n),
        "sdk_async": lambda: loop.run_until_complete(async_batch(sdk_async[op], n, 1)),
    }
    if "official" in sync:
        runs["official"] = lambda: sync_batch(sync["official"][op], n)
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    wall: dict[str, list[float]] = {name: [] for name in runs}
    seen = []
    for _ in range(plan.rounds):
        for name, run in runs.items():
            since = server_stats(server)
            c, w = run()
            seen.append(since())
            cpu[name].append(c)
            wall[name].append(w)
    return {
        "id": row.id,
        "count": n,
        "concurrency": 1,
        **summarise(cpu),
        "wall_us": wall,
        "server": _server_note(seen),
    }
