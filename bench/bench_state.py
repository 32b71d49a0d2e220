"""Desired state at 2,000 objects: export, plan and apply against the threaded sandbox.

Usage (from the repository root)::

    python -m bench.bench_state [--ips 1979] [--connections 20] [--json PATH]

The document holds one outbound voice profile, ``--connections`` IP
connections naming it, and ``--ips`` IPs spread over them (2,000 objects by
default). Each step is timed on the wall clock and counted in requests the
sandbox received, by operation:

1. export of an empty account;
2. plan of the document against it (everything to create);
3. apply of that plan;
4. plan again (nothing to change);
5. one IP's port changed behind the document's back: plan, then apply;
6. export of the account, dumped and read back, then planned (no changes);
7. prune of 100 IPs the document no longer lists: plan and apply.

The sandbox runs on its own thread (its CPU still shares the interpreter's
lock with the client); this is not a test, and its figures are for reading.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from telnyx_sip import AsyncTelnyxSIP, state
from telnyx_sip.testing import ThreadedSandbox

T = TypeVar("T")
KEY = "bench-state-key"


def _document(connections: int, ips: int) -> dict[str, Any]:
    return {
        "version": 1,
        "outbound_voice_profiles": [{"name": "main", "concurrent_call_limit": 10}],
        "ip_connections": [
            {
                "connection_name": f"pbx-{c:02d}",
                "outbound": {"outbound_voice_profile": "main"},
            }
            for c in range(connections)
        ],
        "ips": [
            {
                "connection": f"pbx-{i % connections:02d}",
                "ip_address": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}",
                "port": 5060,
            }
            for i in range(ips)
        ],
    }


class Steps:
    """Runs and records the steps: seconds, requests by operation, a note."""

    def __init__(self, sandbox: ThreadedSandbox) -> None:
        self.sandbox = sandbox
        self.rows: list[dict[str, Any]] = []

    async def step(
        self, name: str, work: Callable[[], Awaitable[T]], note: Callable[[T], str]
    ) -> T:
        """Time ``work`` and count the requests it made."""
        before = Counter(self.sandbox.stats.by_operation)
        start = time.perf_counter()
        result = await work()
        seconds = time.perf_counter() - start
        made = Counter(self.sandbox.stats.by_operation) - before
        self.rows.append(
            {
                "step": name,
                "seconds": round(seconds, 3),
                "requests": sum(made.values()),
                "by_operation": dict(sorted(made.items())),
                "note": note(result),
            }
        )
        return result


def _changes(plan: state.Plan) -> str:
    counts = plan.counts
    return ", ".join(f"{n} {a}" for a, n in counts.items() if n)


def _applied(report: state.ApplyReport) -> str:
    return f"{report.succeeded} made, {report.failed} not"


async def _run(
    sandbox: ThreadedSandbox, document: dict[str, Any]
) -> list[dict[str, Any]]:
    steps = Steps(sandbox)
    doc = state.loads(json.dumps(document), format="json")
    async with AsyncTelnyxSIP(KEY, base_url=sandbox.base_url) as client:

        async def export_empty() -> str:
            return state.dump(await state.export(client), format="json")

        await steps.step(
            "export (empty account)", export_empty, lambda t: f"{len(t)} bytes"
        )
        plan = await steps.step(
            "plan from scratch", lambda: state.plan(client, doc), _changes
        )
        await steps.step("apply", lambda: state.apply(client, plan), _applied)
        await steps.step("plan again", lambda: state.plan(client, doc), _changes)

        ip = next(r for r in sandbox.rows("ips") if r["ip_address"] == "10.0.0.7")
        await client.ips.update(ip["id"], ip_address=ip["ip_address"], port=5070)
        drift = await steps.step(
            "plan after one drift", lambda: state.plan(client, doc), _changes
        )
        await steps.step(
            "apply the drift", lambda: state.apply(client, drift), _applied
        )

        async def export_then_plan() -> state.Plan:
            exported = state.dump(await state.export(client), format="json")
            return await state.plan(client, state.loads(exported, format="json"))

        await steps.step("export, then plan it", export_then_plan, _changes)

        fewer = dict(document, ips=document["ips"][:-100])
        smaller = state.loads(json.dumps(fewer), format="json")
        prune = state.Prune({"ips"})
        pruned = await steps.step(
            "plan a prune of 100",
            lambda: state.plan(client, smaller, prune=prune),
            _changes,
        )
        await steps.step(
            "apply the prune", lambda: state.apply(client, pruned), _applied
        )
    return steps.rows


def _table(rows: list[dict[str, Any]]) -> str:
    head = f"{'step':<26} {'seconds':>8} {'requests':>9}  note"
    lines = [head, "-" * len(head)]
    for row in rows:
        lines.append(
            f"{row['step']:<26} {row['seconds']:>8.3f} {row['requests']:>9}  "
            f"{row['note']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run every step, print the table and, with ``--json``, write the figures."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_state", description=__doc__
    )
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--ips", type=int, default=1979)
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)
    document = _document(args.connections, args.ips)
    objects = 1 + args.connections + args.ips
    with ThreadedSandbox(KEY) as sandbox:
        rows = asyncio.run(_run(sandbox, document))
    print(
        f"desired state, {objects} objects "
        f"({args.connections} connections, {args.ips} IPs)"
    )
    print(_table(rows))
    if args.json is not None:
        data = {
            "objects": objects,
            "connections": args.connections,
            "ips": args.ips,
            "steps": rows,
        }
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
