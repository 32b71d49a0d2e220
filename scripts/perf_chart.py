"""Draw the performance page's charts from the benchmarks' own JSON output.

Usage (from the repository root)::

    python bench/bench_core.py -n 500 --rounds 2 --json docs/perf/core.json
    python bench/bench_bulk.py -n 2000 --rounds 3 --json docs/perf/bulk.json
    python bench/bench_sync.py -n 500 --rounds 3 --json docs/perf/sync.json
    python scripts/perf_chart.py            # writes docs/perf/*.svg
    python scripts/perf_chart.py --check    # exit 1 if an SVG is stale

The SVG is written by hand (no plotting library): horizontal bars, one
panel per comparison, values printed on the bars. The output depends only
on the JSON, so a test can regenerate it and compare.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
PERF = ROOT / "docs" / "perf"

WIDTH = 720
LABEL_W = 175
VALUE_W = 130
BAR_H = 16
BAR_GAP = 3
GROUP_GAP = 12
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

RAW = ("raw aiohttp", "#9e9e9e")
ASYNC = ("telnyx-sip (async)", "#00897b")
SYNC = ("telnyx-sip (sync)", "#ef6c00")
BULK = ("telnyx-sip bulk job", "#00897b")

Series = tuple[str, str]
Group = tuple[str, Sequence[tuple[Series, float]]]

CASE_LABELS = {
    "retrieve": "get credential conn.",
    "create": "create credential conn.",
    "retrieve_ip": "get IP",
    "create_ip": "create IP",
    "list_250": "list, 250 items",
    "ip_retrieve": "get IP",
    "cc_retrieve": "get credential conn.",
    "cc_create": "create credential conn.",
}


def _num(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"


class _Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.y = 0

    def text(self, x: float, y: float, body: str, **attrs: str) -> None:
        extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
        self.parts.append(f'<text x="{x:.0f}" y="{y:.0f}"{extra}>{escape(body)}</text>')

    def rect(self, x: float, y: float, w: float, h: float, fill: str) -> None:
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.0f}" width="{max(w, 1.0):.1f}" '
            f'height="{h:.0f}" fill="{fill}" rx="2"/>'
        )

    def title(self, body: str) -> None:
        self.y += 24
        self.text(12, self.y, body, font_size="16", font_weight="600")
        self.y += 6

    def legend(self, series: Sequence[Series]) -> None:
        self.y += 10
        x = 12.0
        for name, colour in series:
            self.rect(x, self.y, 12, 12, colour)
            self.text(x + 18, self.y + 11, name, font_size="12")
            x += 30 + 7.2 * len(name)
        self.y += 16

    def panel(self, heading: str, unit: str, groups: Sequence[Group]) -> None:
        """One panel: a heading, then a bar per (series, value) of each group.

        The first bar of a group is the baseline; the others show their ratio
        to it.
        """
        self.y += 22
        self.text(12, self.y, heading, font_size="13", font_weight="600")
        self.text(WIDTH - 12, self.y, unit, font_size="12", text_anchor="end")
        self.y += 8
        top = max(value for _, bars in groups for _, value in bars)
        span = WIDTH - LABEL_W - VALUE_W - 24
        for label, bars in groups:
            block = len(bars) * (BAR_H + BAR_GAP) - BAR_GAP
            self.text(
                LABEL_W,
                self.y + block / 2 + 4,
                label,
                font_size="12",
                text_anchor="end",
            )
            base = bars[0][1]
            for i, ((_, colour), value) in enumerate(bars):
                width = span * value / top
                self.rect(LABEL_W + 8, self.y, width, BAR_H, colour)
                shown = (
                    _num(value) if i == 0 else f"{_num(value)}  ({value / base:.2f}x)"
                )
                self.text(
                    LABEL_W + 14 + width,
                    self.y + BAR_H - 4,
                    shown,
                    font_size="11",
                )
                self.y += BAR_H + BAR_GAP
            self.y += GROUP_GAP - BAR_GAP

    def note(self, body: str) -> None:
        self.y += 18
        self.text(12, self.y, body, font_size="11", fill="#616161")

    def render(self, label: str) -> str:
        height = self.y + 14
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
            f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label="{escape(label)}" font-family="{FONT}" fill="#212121">'
        )
        background = f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>'
        return "\n".join([head, background, *self.parts, "</svg>"]) + "\n"


def core_chart(fig: dict[str, Any]) -> str:
    """CPU per call, SDK against raw aiohttp (bench/bench_core.py)."""
    http: dict[str, dict[str, float]] = fig["http_cpu_per_call"]
    svg = _Svg()
    svg.title("Client CPU per call: telnyx-sip vs raw aiohttp (lower is better)")
    svg.legend([RAW, ASYNC])
    single = [name for name in http if name != "list_250"]
    svg.panel(
        "One object per call",
        "µs of client CPU per call",
        [
            (
                CASE_LABELS.get(n, n),
                [(RAW, http[n]["raw_us"]), (ASYNC, http[n]["sdk_us"])],
            )
            for n in single
        ],
    )
    if "list_250" in http:
        row = http["list_250"]
        svg.panel(
            "A 250-item page",
            "µs of client CPU per call",
            [(CASE_LABELS["list_250"], [(RAW, row["raw_us"]), (ASYNC, row["sdk_us"])])],
        )
    structure = fig.get("structure_250_page")
    if structure:
        svg.note(
            f"Structuring a 250-item page into models: "
            f"{_num(structure['structure_us'])} µs, against "
            f"{_num(structure['json_loads_us'])} µs for json.loads of it "
            f"({structure['ratio']:.2f}x)."
        )
    if "import" in fig:
        svg.note(f"import telnyx_sip: {fig['import']['median_ms']:.0f} ms (median).")
    svg.note(
        f"bench/bench_core.py, Python {fig.get('python', '?')}, "
        f"aiohttp {fig.get('aiohttp', '?')}; median of rounds"
    )
    return svg.render("Client CPU per call, telnyx-sip against raw aiohttp")


def bulk_chart(fig: dict[str, Any]) -> str:
    """Bulk creates per second against raw aiohttp workers (bench/bench_bulk.py)."""
    svg = _Svg()
    svg.title("Bulk creates per second (higher is better)")
    svg.legend([RAW, BULK])
    svg.panel(
        f"{fig['creates']:,} IP creates at concurrency {fig['concurrency']}",
        "creates per second",
        [("creates", [(RAW, fig["raw_per_s"]), (BULK, fig["bulk_per_s"])])],
    )
    rounds = fig.get("rounds")
    runs = f"median of {rounds} alternating rounds" if rounds else "one run"
    svg.note(f"bench/bench_bulk.py; wall time, {runs}")
    return svg.render("Bulk creates per second, telnyx-sip against raw aiohttp")


def sync_chart(fig: dict[str, Any]) -> str:
    """Sequential wall time per call: raw, async and sync (bench/bench_sync.py)."""
    rows: dict[str, dict[str, float]] = fig["sequential_per_call"]
    svg = _Svg()
    svg.title("Wall time per sequential call (lower is better)")
    svg.legend([RAW, ASYNC, SYNC])
    svg.panel(
        "One call at a time",
        "µs per call",
        [
            (
                CASE_LABELS.get(name, name),
                [(RAW, r["raw_us"]), (ASYNC, r["async_us"]), (SYNC, r["sync_us"])],
            )
            for name, r in rows.items()
        ],
    )
    svg.note(
        f"bench/bench_sync.py, Python {fig.get('python', '?')}, "
        f"{fig.get('cpus', '?')} CPUs; median of rounds"
    )
    return svg.render("Wall time per call: raw aiohttp, async and sync clients")


CHARTS = {
    "core.json": ("core.svg", core_chart),
    "bulk.json": ("bulk.svg", bulk_chart),
    "sync.json": ("sync.svg", sync_chart),
}


def charts(perf: Path = PERF) -> dict[Path, str]:
    """Every chart whose benchmark JSON is present: SVG path -> SVG text."""
    out: dict[Path, str] = {}
    for source, (target, draw) in CHARTS.items():
        path = perf / source
        if path.is_file():
            out[perf / target] = draw(json.loads(path.read_text(encoding="utf-8")))
    return out


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
        print(f"stale: {', '.join(stale)}; run scripts/perf_chart.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
