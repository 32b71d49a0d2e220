"""The run's JSON document and its printed table."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.metadata
import os
import platform
import subprocess
import sys
from typing import Any

from .bodies import ROOT
from .plan import Plan
from .rows import ROWS, Row, verdict

__all__ = ["document", "environment", "table"]

_PACKAGES = (
    "telnyx-sip",
    "aiohttp",
    "attrs",
    "cattrs",
    "python-backoff",
    "multidict",
    "yarl",
    "telnyx",
    "httpx",
    "httpx-aiohttp",
    "pydantic",
    "pydantic-core",
    "orjson",
)


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "telnyx_sip"],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() + ("+dirty" if dirty else "")


def _sdk_json() -> str:
    """Which JSON library the SDK decodes with (``orjson`` with its speedups extra)."""
    try:
        module = importlib.import_module("telnyx_sip._json")
    except ImportError:
        return "json"
    return str(getattr(module, "BACKEND", "json"))


def environment() -> dict[str, Any]:
    """Python, platform, CPUs, the commit and every relevant package's version."""
    return {
        "sdk_json": _sdk_json(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "commit": _commit(),
        "packages": {name: _version(name) for name in _PACKAGES},
    }


def document(
    results: list[dict[str, Any]],
    plan: Plan,
    *,
    quick: bool,
    bodies: dict[str, Any],
    seconds: float,
    timings: dict[str, float],
) -> dict[str, Any]:
    """Everything of one run: environment, plan, bodies, rows with targets."""
    by_id = {row.id: row for row in ROWS}
    rows = []
    for result in results:
        row = by_id[result["id"]]
        rows.append(
            {
                "id": row.id,
                "group": row.group,
                "title": row.title,
                "unit": row.unit,
                "base": row.base,
                "earlier": row.earlier,
                "target": row.target_dict(),
                "meets_target": verdict(row, result["ratios"]),
                **result,
            }
        )
    return {
        "schema": 1,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "quick": quick,
        "seconds": round(seconds, 1),
        "group_seconds": timings,
        "method": (
            "client CPU per request from getrusage(RUSAGE_SELF), user+system; "
            f"{plan.rounds} interleaved rounds; "
            "paired ratio per round, median of the ratios"
        ),
        "plan": _plan_dict(plan),
        "environment": environment(),
        "bodies": bodies,
        "rows": rows,
    }


def _plan_dict(plan: Plan) -> dict[str, int]:
    return {field.name: getattr(plan, field.name) for field in plan.__attrs_attrs__}


def _ratio(row: Row, result: dict[str, Any], column: str) -> str:
    ratio = result["ratios"].get(column)
    return f"{ratio['median']:.2f}x" if ratio else "-"


def table(results: list[dict[str, Any]]) -> str:
    """A plain-text summary: the base, the SDK, its ratio and target, official."""
    by_id = {row.id: row for row in ROWS}
    lines = [
        f"{'row':18s} {'base':>10s} {'sdk':>10s} {'ratio':>7s} {'target':>8s} "
        f"{'ok':>3s} {'official':>9s}  unit"
    ]
    for result in results:
        row = by_id[result["id"]]
        medians = result["medians"]
        target = f"{row.op}{row.target}" if row.target is not None else ""
        ok = {True: "yes", False: "no", None: ""}[verdict(row, result["ratios"])]
        lines.append(
            f"{row.id:18s} {medians[row.base]:10.1f} {medians[row.column]:10.1f} "
            f"{_ratio(row, result, row.column):>7s} {target:>8s} {ok:>3s} "
            f"{_ratio(row, result, 'official'):>9s}  {row.unit}"
        )
    return "\n".join(lines)
