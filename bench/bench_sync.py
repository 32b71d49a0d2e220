"""What the sync client costs over the async one and over raw aiohttp.

Not a test: run ``python bench/bench_sync.py`` (after ``pip install -e .``). A
fixed-response server runs in another process on 127.0.0.1. For each case the
same HTTP work is done sequentially, one request at a time, by

* raw aiohttp (one session, ``json.loads`` of the body),
* ``AsyncTelnyxSIP`` awaited from the main thread's loop,
* ``TelnyxSIP`` called from the main thread (each call hops to the client's
  loop thread and back),

and the wall time per call (``time.perf_counter``) is reported: the µs a sync
call adds over the async call, and sync and async per-call time as ratios to
raw aiohttp. Rounds alternate between the three so drift hits all alike; the
median round counts. Also reported: the bare thread hop (a no-op coroutine
through ``LoopThread.call``) and 8 threads sharing one sync client.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from fixed_server import serve_in_subprocess

from telnyx_sip import AsyncTelnyxSIP, TelnyxSIP
from telnyx_sip.sync._loop_thread import LoopThread

KEY = "bench-key"
BODY = {
    "connection_name": "office",
    "user_name": "office1",
    "password": "a-long-secret",
}


def _per_call_sync(fn: Callable[[], Any], n: int) -> float:
    for _ in range(min(200, n)):
        fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


async def _per_call_async(fn: Callable[[], Awaitable[Any]], n: int) -> float:
    for _ in range(min(200, n)):
        await fn()
    start = time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - start) / n * 1e6


def _raw_cases(
    base: str, session: aiohttp.ClientSession
) -> dict[str, Callable[[], Awaitable[Any]]]:
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}
    post_headers = {**headers, "Content-Type": "application/json"}

    async def ip_retrieve() -> Any:
        async with session.get(f"{base}/ips/1", headers=headers) as r:
            return json.loads(await r.read())

    async def cc_retrieve() -> Any:
        async with session.get(
            f"{base}/credential_connections/1", headers=headers
        ) as r:
            return json.loads(await r.read())

    async def cc_create() -> Any:
        async with session.post(
            f"{base}/credential_connections",
            data=json.dumps(BODY).encode(),
            headers=post_headers,
        ) as r:
            return json.loads(await r.read())

    return {
        "ip_retrieve": ip_retrieve,
        "cc_retrieve": cc_retrieve,
        "cc_create": cc_create,
    }


def _async_cases(client: AsyncTelnyxSIP) -> dict[str, Callable[[], Awaitable[Any]]]:
    return {
        "ip_retrieve": lambda: client.ips.retrieve("1"),
        "cc_retrieve": lambda: client.credential_connections.retrieve("1"),
        "cc_create": lambda: client.credential_connections.create(**BODY),
    }


def _sync_cases(client: TelnyxSIP) -> dict[str, Callable[[], Any]]:
    return {
        "ip_retrieve": lambda: client.ips.retrieve("1"),
        "cc_retrieve": lambda: client.credential_connections.retrieve("1"),
        "cc_create": lambda: client.credential_connections.create(**BODY),
    }


def _http(base: str, n: int, rounds: int) -> dict[str, dict[str, float]]:
    samples: dict[str, dict[str, list[float]]] = {}
    loop = asyncio.new_event_loop()
    session = loop.run_until_complete(_open_session())
    client = AsyncTelnyxSIP(KEY, base_url=base)
    raw_cases = _raw_cases(base, session)
    async_cases = _async_cases(client)
    try:
        with TelnyxSIP(KEY, base_url=base) as sync_client:
            sync_cases = _sync_cases(sync_client)
            for _ in range(rounds):
                for name in raw_cases:
                    slot = samples.setdefault(
                        name, {"raw_us": [], "async_us": [], "sync_us": []}
                    )
                    slot["raw_us"].append(
                        loop.run_until_complete(_per_call_async(raw_cases[name], n))
                    )
                    slot["async_us"].append(
                        loop.run_until_complete(_per_call_async(async_cases[name], n))
                    )
                    slot["sync_us"].append(_per_call_sync(sync_cases[name], n))
    finally:
        loop.run_until_complete(client.aclose())
        loop.run_until_complete(session.close())
        loop.close()
    out: dict[str, dict[str, float]] = {}
    for name, slot in samples.items():
        raw_us = statistics.median(slot["raw_us"])
        async_us = statistics.median(slot["async_us"])
        sync_us = statistics.median(slot["sync_us"])
        out[name] = {
            "raw_us": raw_us,
            "async_us": async_us,
            "sync_us": sync_us,
            "sync_added_us": sync_us - async_us,
            "async_vs_raw": async_us / raw_us,
            "sync_vs_raw": sync_us / raw_us,
        }
    return out


async def _open_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()


async def _noop() -> None:
    return None


def _hop(n: int, rounds: int) -> float:
    runner = LoopThread("bench-hop")
    try:
        return statistics.median(
            _per_call_sync(lambda: runner.call(_noop), n) for _ in range(rounds)
        )
    finally:
        runner.stop()


def _threads(base: str, threads: int, calls: int) -> dict[str, float]:
    with TelnyxSIP(KEY, base_url=base) as client:
        client.ips.retrieve("1")
        barrier = threading.Barrier(threads + 1)

        def work() -> None:
            barrier.wait()
            for _ in range(calls):
                client.ips.retrieve("1")

        workers = [threading.Thread(target=work) for _ in range(threads)]
        for w in workers:
            w.start()
        barrier.wait()
        start = time.perf_counter()
        for w in workers:
            w.join()
        elapsed = time.perf_counter() - start
    total = threads * calls
    return {"threads": threads, "calls": total, "calls_per_s": total / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="calls per case and round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="run this process (both client threads) on CPU 0 and the server on "
        "CPU 1, to see the cost without cross-CPU wake-ups",
    )
    args = parser.parse_args()

    if args.pin:
        os.sched_setaffinity(0, {0})
    with serve_in_subprocess(cpu=1 if args.pin else None) as base:
        http = _http(base, args.n, args.rounds)
        threaded = _threads(base, 8, max(50, args.n // 8))
    hop_us = _hop(max(args.n, 5000), args.rounds)
    figures = {
        "sequential_per_call": http,
        "hop_us": hop_us,
        "threads_8_shared_client": threaded,
        "python": sys.version.split()[0],
        "aiohttp": aiohttp.__version__,
        "cpus": os.cpu_count(),
        "pinned": args.pin,
    }
    print(
        f"{'case':12s} {'raw':>8s} {'async':>8s} {'sync':>8s} {'sync-async':>11s}"
        f" {'async/raw':>10s} {'sync/raw':>9s}"
    )
    for name, row in http.items():
        print(
            f"{name:12s} {row['raw_us']:6.1f}us {row['async_us']:6.1f}us "
            f"{row['sync_us']:6.1f}us {row['sync_added_us']:+9.1f}us "
            f"{row['async_vs_raw']:9.2f}x {row['sync_vs_raw']:8.2f}x"
        )
    print(f"bare thread hop (no-op coroutine): {hop_us:.1f} us")
    print(
        f"8 threads sharing one sync client: {threaded['calls_per_s']:.0f} calls/s "
        f"({threaded['calls']} calls)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
