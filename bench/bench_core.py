"""Client CPU cost of the SDK against a raw aiohttp loop doing the same HTTP work.

Not a test: run ``python bench/bench_core.py`` (after ``pip install -e .``). A
fixed-response server runs in another process on 127.0.0.1; this process
measures its own CPU time per request (``time.process_time``) for the SDK and
for plain aiohttp + ``json``, and reports SDK/raw ratios. It also times
structuring a 250-item credential-connections page against ``json.loads`` of
the same bytes, and ``import telnyx_sip`` in fresh interpreters.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from fixed_server import page_body, serve_in_subprocess  # noqa: E402

from telnyx_sip import AsyncTelnyxSIP  # noqa: E402
from telnyx_sip._converter import CONVERTER  # noqa: E402
from telnyx_sip.models import CredentialConnection  # noqa: E402

KEY = "bench-key"
BODY = {
    "connection_name": "office",
    "user_name": "office1",
    "password": "a-long-secret",
}
IP_BODY = {
    "ip_address": "192.0.2.10",
    "connection_id": "1293384261075731400",
    "port": 5060,
}


async def _cpu_per_call(fn: Callable[[], Awaitable[Any]], n: int) -> float:
    for _ in range(min(200, n)):  # warm up connections and caches
        await fn()
    start = time.process_time()
    for _ in range(n):
        await fn()
    return (time.process_time() - start) / n * 1e6


async def _run_http(base: str, n: int, rounds: int) -> dict[str, dict[str, float]]:
    headers = {"Authorization": f"Bearer {KEY}", "Accept": "application/json"}
    results: dict[str, dict[str, list[float]]] = {}
    async with (
        AsyncTelnyxSIP(KEY, base_url=base) as client,
        aiohttp.ClientSession() as session,
    ):

        async def raw_retrieve() -> Any:
            async with session.get(
                f"{base}/credential_connections/1", headers=headers
            ) as r:
                return json.loads(await r.read())

        async def raw_create() -> Any:
            data = json.dumps(BODY).encode()
            async with session.post(
                f"{base}/credential_connections",
                data=data,
                headers={**headers, "Content-Type": "application/json"},
            ) as r:
                return json.loads(await r.read())

        async def raw_list() -> Any:
            async with session.get(
                f"{base}/credential_connections?page[number]=1&page[size]=250",
                headers=headers,
            ) as r:
                return json.loads(await r.read())

        async def raw_retrieve_ip() -> Any:
            async with session.get(f"{base}/ips/1", headers=headers) as r:
                return json.loads(await r.read())

        async def raw_create_ip() -> Any:
            data = json.dumps(IP_BODY).encode()
            async with session.post(
                f"{base}/ips",
                data=data,
                headers={**headers, "Content-Type": "application/json"},
            ) as r:
                return json.loads(await r.read())

        async def sdk_retrieve_ip() -> Any:
            return await client.ips.retrieve("1")

        async def sdk_create_ip() -> Any:
            return await client.ips.create(**IP_BODY)

        async def sdk_retrieve() -> Any:
            return await client.credential_connections.retrieve("1")

        async def sdk_create() -> Any:
            return await client.credential_connections.create(**BODY)

        async def sdk_list() -> Any:
            return await client.credential_connections.list(
                page_number=1, page_size=250
            )

        cases = {
            "retrieve": (raw_retrieve, sdk_retrieve, n),
            "create": (raw_create, sdk_create, n),
            "retrieve_ip": (raw_retrieve_ip, sdk_retrieve_ip, n),
            "create_ip": (raw_create_ip, sdk_create_ip, n),
            "list_250": (raw_list, sdk_list, max(20, n // 20)),
        }
        for _ in range(rounds):
            for name, (raw, sdk, count) in cases.items():
                slot = results.setdefault(name, {"raw_us": [], "sdk_us": []})
                slot["raw_us"].append(await _cpu_per_call(raw, count))
                slot["sdk_us"].append(await _cpu_per_call(sdk, count))
    out: dict[str, dict[str, float]] = {}
    for name, slot in results.items():
        raw_us = statistics.median(slot["raw_us"])
        sdk_us = statistics.median(slot["sdk_us"])
        out[name] = {"raw_us": raw_us, "sdk_us": sdk_us, "ratio": sdk_us / raw_us}
    return out


def _structuring(reps: int) -> dict[str, float]:
    body = page_body(250)
    hook = CONVERTER.get_structure_hook(CredentialConnection)

    def loads() -> Any:
        return json.loads(body)

    def structure(data: Any = None) -> Any:
        items = json.loads(body)["data"] if data is None else data
        return [hook(item, CredentialConnection) for item in items]

    data = json.loads(body)["data"]
    structure(data)
    loads_times, struct_times = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        loads()
        t1 = time.perf_counter()
        structure(data)
        t2 = time.perf_counter()
        loads_times.append(t1 - t0)
        struct_times.append(t2 - t1)
    loads_us = statistics.median(loads_times) * 1e6
    struct_us = statistics.median(struct_times) * 1e6
    return {
        "json_loads_us": loads_us,
        "structure_us": struct_us,
        "ratio": struct_us / loads_us,
    }


def _import_time(runs: int) -> dict[str, float]:
    code = (
        "import time; t = time.perf_counter(); import telnyx_sip; "
        "print(time.perf_counter() - t)"
    )
    times = [
        float(subprocess.check_output([sys.executable, "-c", code], text=True))
        for _ in range(runs)
    ]
    return {"median_ms": statistics.median(times) * 1000, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-n", type=int, default=2000, help="requests per case and round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with serve_in_subprocess() as base:
        http = asyncio.run(_run_http(base, args.n, args.rounds))
    figures = {
        "http_cpu_per_call": http,
        "structure_250_page": _structuring(50),
        "import": _import_time(5),
        "python": sys.version.split()[0],
        "aiohttp": aiohttp.__version__,
    }
    for name, row in http.items():
        print(
            f"{name:12s} raw {row['raw_us']:8.1f} us  sdk {row['sdk_us']:8.1f} us  "
            f"ratio {row['ratio']:.2f}x"
        )
    s = figures["structure_250_page"]
    print(
        f"structure 250-item page {s['structure_us']:.0f} us vs json.loads "
        f"{s['json_loads_us']:.0f} us: {s['ratio']:.2f}x"
    )
    print(f"import telnyx_sip: {figures['import']['median_ms']:.1f} ms (median of 5)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
