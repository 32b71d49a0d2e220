"""Peak memory of a fresh process holding 100 list pages at once.

Each subject runs in a new interpreter (``python -m bench._hold SUBJECT URL
PAGES``, importing only what that subject needs): it opens its client, makes
one call, notes its resident size, then fetches ``PAGES``
250-credential-connection pages one after another and keeps every result
(raw: the decoded JSON; sdk: the ``Page`` objects; official: its page
objects). It prints its peak RSS (``VmHWM``) and the growth over the size
noted before the pages.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from typing import Any

from .bodies import ROOT
from .measure import summarise
from .plan import Plan
from .rows import Row
from .server import Server
from .subjects import official_missing

__all__ = ["run_memory_row"]


def _child(subject: str, base: str, pages: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench._hold", subject, base, str(pages)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures: dict[str, float] = json.loads(out.stdout)
    return figures


def run_memory_row(server: Server, row: Row, plan: Plan) -> dict[str, Any]:
    """Peak RSS (MiB) per subject, each in fresh processes, rounds interleaved."""
    subjects = ["raw", "sdk"]
    notes = []
    missing = official_missing()
    if missing:
        notes.append(f"official column absent: {missing}")
    else:
        subjects.append("official")
    peak: dict[str, list[float]] = {name: [] for name in subjects}
    held: dict[str, list[float]] = {name: [] for name in subjects}
    for _ in range(plan.memory_rounds):
        for name in subjects:
            figures = _child(name, server.base_url, plan.memory_pages)
            peak[name].append(figures["peak_mib"])
            held[name].append(figures["held_mib"])
    return {
        "id": row.id,
        "count": plan.memory_pages,
        **summarise(peak),
        "held_mib": {name: statistics.median(v) for name, v in held.items()},
        "held_rounds": held,
        "notes": notes,
    }
