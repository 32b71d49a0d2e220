"""scripts/perf_chart.py: the committed charts are what it draws from the JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts import perf_chart

ROOT = Path(__file__).resolve().parents[2]
PERF = ROOT / "docs" / "perf"


def test_committed_charts_match_the_benchmark_json() -> None:
    drawn = perf_chart.charts(PERF)
    assert {p.name for p in drawn} == {*perf_chart.DETAIL, "targets.svg"}
    for path, svg in drawn.items():
        assert path.read_text(encoding="utf-8") == svg, (
            f"{path.name} is stale: run python -m scripts.perf_chart"
        )
        ET.fromstring(svg)  # well-formed
    page = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    for path in drawn:
        assert f"perf/{path.name}" in page


def _doc(raw: float, bulk: float) -> dict[str, object]:
    return {
        "quick": True,
        "environment": {"python": "3.x", "cpus": 2, "commit": "abc"},
        "plan": {"rounds": 1},
        "rows": [
            {
                "id": "bulk_c8",
                "group": "bulk",
                "count": 10,
                "medians": {"raw": raw, "bulk": bulk},
                "ratios": {"bulk": {"rounds": [bulk / raw], "median": bulk / raw}},
                "target": {"column": "bulk", "op": ">=", "value": 0.92},
            }
        ],
    }


def test_charts_follow_their_input(tmp_path: Path) -> None:
    (tmp_path / "bench.json").write_text(json.dumps(_doc(100.0, 50.0)))
    drawn = perf_chart.charts(tmp_path)
    # Only the charts with rows to show are drawn.
    assert {p.name for p in drawn} == {"bulk.svg", "targets.svg"}
    assert "50.0  (0.50x)" in drawn[tmp_path / "bulk.svg"]
    assert "0.50x" in drawn[tmp_path / "targets.svg"]
    assert "before" not in drawn[tmp_path / "targets.svg"]
    assert perf_chart.main(["--perf-dir", str(tmp_path), "--check"]) == 1
    assert perf_chart.main(["--perf-dir", str(tmp_path)]) == 0
    assert perf_chart.main(["--perf-dir", str(tmp_path), "--check"]) == 0


def test_targets_chart_shows_the_before_run(tmp_path: Path) -> None:
    (tmp_path / "bench.json").write_text(json.dumps(_doc(100.0, 95.0)))
    (tmp_path / "before.json").write_text(json.dumps(_doc(100.0, 70.0)))
    svg = perf_chart.charts(tmp_path)[tmp_path / "targets.svg"]
    assert "0.70x" in svg
    assert "0.95x" in svg
    assert ">before<" in svg


def test_no_json_is_an_error(tmp_path: Path) -> None:
    assert perf_chart.charts(tmp_path) == {}
    assert perf_chart.main(["--perf-dir", str(tmp_path)]) == 1
