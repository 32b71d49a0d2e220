"""Draw the performance page's charts from the benchmark suite's JSON.

Usage (from the repository root)::

    python -m bench --json docs/perf/bench.json
    python -m scripts.perf_chart            # writes docs/perf/*.svg
    python -m scripts.perf_chart --check    # exit 1 if an SVG is stale

``bench.json`` (the latest run) gives every chart; ``before.json`` (the run
the figures are compared with) and ``speedups.json`` (the latest run with
the ``speedups`` extra installed), when present, add their ratios to the
targets chart.

The SVGs (scripts/perf_svg.py) have horizontal bars, one panel per
comparison, values printed on the bars; they depend only on the JSON, so a
test can draw them again and compare.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from scripts.perf_svg import Group, Series, Svg

ROOT = Path(__file__).resolve().parents[1]
PERF = ROOT / "docs" / "perf"

SERIES: dict[str, tuple[str, str]] = {
    "raw": ("raw aiohttp", "#9e9e9e"),
    "json_loads": ("json.loads", "#9e9e9e"),
    "sdk": ("telnyx-sip", "#00897b"),
    "bulk": ("telnyx-sip run_bulk", "#00897b"),
    "sdk_async": ("telnyx-sip async", "#4db6ac"),
    "pydantic_core": ("pydantic-core strict", "#1e88e5"),
    "official": ("official telnyx", "#8e24aa"),
    "official_validated": ("official telnyx, validating", "#ce93d8"),
}
SYNC_SDK = ("telnyx-sip sync", "#ef6c00")
BEFORE = ("before", "#bdbdbd")
NOW = ("now", "#00897b")
SPEEDUPS = ("now, speedups extra", "#80cbc4")

LABELS = {
    "ip_retrieve": "retrieve an IP",
    "ip_create": "create an IP",
    "cc_retrieve": "retrieve a cred. conn.",
    "cc_create": "create a cred. conn.",
    "ip_list": "250 IPs",
    "cc_list": "250 cred. conns.",
    "structure_ip": "250 IPs",
    "structure_cc": "250 cred. conns.",
    "bulk_c8": "concurrency 8",
    "bulk_c64": "concurrency 64",
}


def _series(name: str) -> Series:
    return SERIES.get(name, (name, "#757575"))


def _groups(
    rows: dict[str, dict[str, Any]], ids: Sequence[str], columns: Sequence[str]
) -> list[Group]:
    """A group per row present: a bar per column it measured, in this order."""
    groups: list[Group] = []
    for row_id in ids:
        if row_id not in rows:
            continue
        medians = rows[row_id]["medians"]
        bars = [
            (
                SYNC_SDK
                if rows[row_id]["group"] == "sync" and c == "sdk"
                else _series(c),
                medians[c],
            )
            for c in columns
            if c in medians
        ]
        groups.append((LABELS.get(row_id, row_id.removeprefix("sync_")), bars))
    return groups


def _legend(groups: Sequence[Group]) -> list[Series]:
    return list(dict.fromkeys(series for _, bars in groups for series, _ in bars))


def _footer(svg: Svg, doc: dict[str, Any]) -> None:
    env = doc["environment"]
    commit = (env.get("commit") or "?")[:12]
    quick = ", --quick" if doc.get("quick") else ""
    svg.note(
        f"python -m bench{quick}: Python {env['python']}, {env['cpus']} CPUs, "
        f"commit {commit}; median of {doc['plan']['rounds']} interleaved rounds"
    )


def _chart(
    doc: dict[str, Any],
    title: str,
    panels: Sequence[tuple[str, str, Sequence[str], Sequence[str]]],
    notes: Sequence[str] = (),
) -> str | None:
    rows = {row["id"]: row for row in doc["rows"]}
    drawn = [
        (heading, unit, _groups(rows, ids, columns))
        for heading, unit, ids, columns in panels
    ]
    drawn = [(h, u, g) for h, u, g in drawn if g]
    if not drawn:
        return None
    svg = Svg()
    svg.title(title)
    svg.legend(_legend([g for _, _, groups in drawn for g in groups]))
    for heading, unit, groups in drawn:
        svg.panel(heading, unit, groups)
    for note in notes:
        svg.note(note)
    _footer(svg, doc)
    return svg.render(title)


HTTP = ("raw", "sdk", "official")


def http_chart(doc: dict[str, Any]) -> str | None:
    """Client CPU per request at concurrency 64: raw, SDK, official."""
    return _chart(
        doc,
        "Client CPU per request, 64 at a time (lower is better)",
        [
            (
                "One object per call",
                "µs of client CPU per request",
                ["ip_retrieve", "ip_create", "cc_retrieve", "cc_create"],
                HTTP,
            ),
            (
                "One list page per call",
                "µs of client CPU per page",
                ["ip_list", "cc_list"],
                HTTP,
            ),
        ],
    )


def sync_chart(doc: dict[str, Any]) -> str | None:
    """Sequential calls: raw aiohttp, the sync and async clients, official sync."""
    ids = [
        f"sync_{op}" for op in ("ip_retrieve", "ip_create", "cc_retrieve", "cc_create")
    ]
    return _chart(
        doc,
        "Sequential calls, one at a time (lower is better)",
        [
            (
                "CPU per call",
                "µs of client CPU per call, all threads",
                ids,
                ("raw", "sdk", "sdk_async", "official"),
            )
        ],
    )


def structure_chart(doc: dict[str, Any]) -> str | None:
    """Structuring a decoded page, against json.loads of it."""
    return _chart(
        doc,
        "Structuring a 250-item page after json.loads (lower is better)",
        [
            (
                "Decoded items into objects",
                "µs of CPU per page",
                ["structure_ip", "structure_cc"],
                (
                    "json_loads",
                    "sdk",
                    "pydantic_core",
                    "official",
                    "official_validated",
                ),
            )
        ],
        notes=[
            "json.loads is of the page's bytes; the others start from its result.",
            "official telnyx constructs without validating unless asked to.",
        ],
    )


def bulk_chart(doc: dict[str, Any]) -> str | None:
    """Bulk IP creates per second: raw workers, run_bulk, SDK and official workers."""
    rows = {row["id"]: row for row in doc["rows"]}
    count = next((rows[i]["count"] for i in ("bulk_c8", "bulk_c64") if i in rows), 0)
    return _chart(
        doc,
        "Bulk IP creates per second (higher is better)",
        [
            (
                f"{count:,} creates",
                "creates per second (wall time)",
                ["bulk_c8", "bulk_c64"],
                ("raw", "bulk", "sdk", "official"),
            )
        ],
        notes=["telnyx-sip and official telnyx: plain clients in the raw workers."],
    )


def process_chart(doc: dict[str, Any]) -> str | None:
    """Import time and the memory a process holding 100 pages needs."""
    rows = {row["id"]: row for row in doc["rows"]}
    pages = rows["memory"]["count"] if "memory" in rows else 0
    return _chart(
        doc,
        "A fresh process (lower is better)",
        [
            ("import (raw: import aiohttp)", "ms of CPU", ["import"], HTTP),
            (
                f"Holding {pages} 250-credential-connection pages",
                "MiB peak RSS",
                ["memory"],
                HTTP,
            ),
        ],
    )


def targets_chart(
    doc: dict[str, Any],
    before: dict[str, Any] | None,
    speedups: dict[str, Any] | None = None,
) -> str | None:
    """Each row's ratio against its target, the before run's, and with speedups."""
    earlier = {row["id"]: row for row in before["rows"]} if before else {}
    faster = {row["id"]: row for row in speedups["rows"]} if speedups else {}
    groups: list[Group] = []
    for row in doc["rows"]:
        target = row["target"]
        if not target or target["column"] not in row["ratios"]:
            continue
        bars: list[tuple[Series, float]] = []
        old = earlier.get(row["id"], {}).get("ratios", {}).get(target["column"])
        if old:
            bars.append((BEFORE, old["median"]))
        bars.append((NOW, row["ratios"][target["column"]]["median"]))
        sped = faster.get(row["id"], {}).get("ratios", {}).get(target["column"])
        if sped:
            bars.append((SPEEDUPS, sped["median"]))
        label = f"{row['id']} ({target['op']} {target['value']})"
        groups.append((label, bars))
    if not groups:
        return None
    svg = Svg()
    title = "telnyx-sip over raw aiohttp, each row against its target"
    svg.title(title)
    svg.legend(_legend(groups))
    svg.panel(
        "Ratio (target in brackets)", "ratio to the row's base", groups, relative=False
    )
    _footer(svg, doc)
    return svg.render(title)


DETAIL = {
    "http.svg": http_chart,
    "sync.svg": sync_chart,
    "structure.svg": structure_chart,
    "bulk.svg": bulk_chart,
    "process.svg": process_chart,
}


def _optional(path: Path) -> dict[str, Any] | None:
    """A run's JSON, if that run is there."""
    if not path.is_file():
        return None
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def charts(perf: Path = PERF) -> dict[Path, str]:
    """Every chart the JSON in ``perf`` gives: SVG path -> SVG text."""
    source = perf / "bench.json"
    if not source.is_file():
        return {}
    doc = json.loads(source.read_text(encoding="utf-8"))
    before, speedups = (_optional(perf / n) for n in ("before.json", "speedups.json"))
    drawn = {name: draw(doc) for name, draw in DETAIL.items()}
    drawn["targets.svg"] = targets_chart(doc, before, speedups)
    return {perf / name: svg for name, svg in drawn.items() if svg is not None}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--perf-dir", type=Path, default=PERF)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if an SVG differs from its JSON"
    )
    args = parser.parse_args(argv)
    drawn = charts(args.perf_dir)
    if not drawn:
        print(f"no benchmark JSON in {args.perf_dir}", file=sys.stderr)
        return 1
    stale = []
    for path, svg in drawn.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == svg:
            continue
        if args.check:
            stale.append(path.name)
        else:
            path.write_text(svg, encoding="utf-8")
            print(f"wrote {path}")
    if stale:
        print(
            f"stale: {', '.join(stale)}; run python -m scripts.perf_chart",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
