"""Run the benchmark suite: every row, or those named with ``--only``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .bodies import Bodies, count_fields, load_spec, spec_path
from .bulk_rows import run_bulk_rows
from .http_rows import run_async_rows, run_sync_rows
from .local_rows import run_import_row, run_structure_rows
from .memory import run_memory_row
from .plan import Plan
from .report import document, table
from .rows import GROUPS, ROWS, Row, select
from .server import serve


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="small counts, 2 rounds (under a minute)"
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="ROW",
        help=f"rows or groups to run (groups: {', '.join(GROUPS)}; "
        f"rows: {', '.join(row.id for row in ROWS)})",
    )
    parser.add_argument("--rounds", type=int, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply every count by this (the smoke test uses a tiny one)",
    )
    return parser


def _bodies_summary(bodies: Bodies, encoded: dict[str, bytes]) -> dict[str, Any]:
    ip_fields, ip_nested = count_fields(bodies.ip)
    cc_fields, cc_nested = count_fields(bodies.cc)
    return {
        "spec": str(spec_path()),
        "ip": {"fields": ip_fields, "nested_objects": ip_nested},
        "credential_connection": {"fields": cc_fields, "nested_objects": cc_nested},
        "bytes": {name: len(body) for name, body in encoded.items()},
    }


def main(argv: list[str] | None = None) -> int:
    """Measure the chosen rows, print the table, write the JSON."""
    args = _parser().parse_args(argv)
    rows = select(args.only)
    plan = Plan.make(quick=args.quick, rounds=args.rounds, scale=args.scale)
    started = time.monotonic()
    spec = load_spec()
    bodies = Bodies(spec)

    def group(name: str) -> list[Row]:
        return [row for row in rows if row.group == name]

    results: list[dict[str, Any]] = []
    timings: dict[str, float] = {}

    def timed(name: str, run: Callable[[list[Row]], list[dict[str, Any]]]) -> None:
        if chosen := group(name):
            clock = time.monotonic()
            results.extend(run(chosen))
            timings[name] = round(time.monotonic() - clock, 1)

    timed("structure", lambda rs: run_structure_rows(bodies, spec, rs, plan))
    timed("import", lambda rs: [run_import_row(row, plan) for row in rs])
    with serve() as server:
        timed("async", lambda rs: run_async_rows(server, rs, plan))
        timed("sync", lambda rs: run_sync_rows(server, rs, plan))
        timed("bulk", lambda rs: run_bulk_rows(server, rs, plan))
        timed("memory", lambda rs: [run_memory_row(server, row, plan) for row in rs])
    order = {row.id: i for i, row in enumerate(ROWS)}
    results.sort(key=lambda result: order[result["id"]])
    seconds = time.monotonic() - started
    print(table(results))
    for note in sorted({n for result in results for n in result.get("notes", [])}):
        print(f"note: {note}")
    spent = ", ".join(f"{name} {t:.0f} s" for name, t in timings.items())
    print(f"{len(results)} rows in {seconds:.0f} s ({spent})")
    if args.json:
        doc = document(
            results,
            plan,
            quick=args.quick,
            bodies=_bodies_summary(bodies, bodies.encoded()),
            seconds=seconds,
            timings=timings,
        )
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
