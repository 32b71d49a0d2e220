"""Bulk job throughput against a raw aiohttp loop at the same concurrency.

Not a test: run ``python bench/bench_bulk.py`` (after ``pip install -e .``).
10,000 IP creates go to a fixed-response server in another process on
127.0.0.1, first through :func:`telnyx_sip.bulk.run_bulk`, then through plain
aiohttp workers doing the same POSTs with the same concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import aiohttp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fixed_server import serve_in_subprocess  # noqa: E402

from telnyx_sip import AsyncTelnyxSIP  # noqa: E402
from telnyx_sip.bulk import Call, run_bulk  # noqa: E402

KEY = "bench-key"


def _bodies(n: int) -> list[dict[str, object]]:
    return [
        {
            "ip_address": f"10.{i // 65536}.{i // 256 % 256}.{i % 256}",
            "connection_id": "1",
        }
        for i in range(n)
    ]


async def _sdk(base: str, bodies: list[dict[str, object]], concurrency: int) -> float:
    calls = [Call("ips", "create", body) for body in bodies]
    async with AsyncTelnyxSIP(
        KEY, base_url=base, max_connections=concurrency
    ) as client:
        started = time.perf_counter()
        report = await run_bulk(client, calls, concurrency=concurrency)
        elapsed = time.perf_counter() - started
    assert report.ok, report.counts
    return len(calls) / elapsed


async def _raw(base: str, bodies: list[dict[str, object]], concurrency: int) -> float:
    headers = {
        "Authorization": f"Bearer {KEY}",
        "Accept": "application/json",
        "Content-Type": "application/json",
    }
    queue = iter(bodies)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for body in queue:
                data = json.dumps(body).encode()
                async with session.post(f"{base}/ips", data=data, headers=headers) as r:
                    json.loads(await r.read())

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(bodies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with serve_in_subprocess() as base:
        bodies = _bodies(args.n)
        raws, sdks = [], []
        for _ in range(args.rounds):
            # Alternate, so drift in the machine's load hits both alike.
            raws.append(asyncio.run(_raw(base, bodies, args.concurrency)))
            sdks.append(asyncio.run(_sdk(base, bodies, args.concurrency)))
        ratios = sorted(s / r for s, r in zip(sdks, raws, strict=True))
        raw, sdk = statistics.median(raws), statistics.median(sdks)
    figures = {
        "creates": args.n,
        "concurrency": args.concurrency,
        "raw_per_s": raw,
        "bulk_per_s": sdk,
        "ratio": statistics.median(ratios),
        "rounds": args.rounds,
    }
    print(
        f"{args.n} creates at concurrency {args.concurrency}: raw {raw:.0f}/s, "
        f"bulk {sdk:.0f}/s, median ratio {figures['ratio']:.2f}x "
        f"over {args.rounds} rounds"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
