"""Rows without HTTP: structuring a page in process, and import in fresh processes.

Structuring: ``json.loads`` of a 250-item page is the base; the SDK turns
the already-decoded items into models the way its list path does
(:func:`telnyx_sip._structure.structure_items`, one hook looked up per page).
For reference, a pydantic-core strict validator built from the same schemas,
and the official package's two paths: ``construct_type`` (what it does by
default: no validation) and ``validate_type`` (its strict-response mode).
"""

from __future__ import annotations

import functools
import gc
import importlib
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from types import GenericAlias
from typing import Any

from telnyx_sip._core import Answer
from telnyx_sip._structure import item_hook, structure_items
from telnyx_sip.models import CredentialConnection, Ip

from .bodies import ROOT, Bodies, Schema
from .measure import cpu_s, summarise
from .plan import Plan
from .pydantic_ref import page_validator
from .rows import Row
from .subjects import official_missing

__all__ = ["run_import_row", "run_structure_rows"]


def _sdk_structurer(cls: type) -> Callable[[list[Any]], Any]:
    def structure(items: list[Any]) -> Any:
        answer = Answer(status=200, headers={}, body=b"", data=items)
        # The request only names the call in an error message.
        return structure_items(answer, item_hook(cls), cls, None)  # type: ignore[arg-type]

    return structure


def _structurers(
    spec: Schema, name: str, notes: list[str]
) -> dict[str, Callable[[list[Any]], Any]]:
    schema, sdk_cls, official_name = {
        "ip": ("Ip", Ip, "IP"),
        "cc": ("CredentialConnection", CredentialConnection, "CredentialConnection"),
    }[name]
    out = {"sdk": _sdk_structurer(sdk_cls)}
    try:
        validator = page_validator(spec, spec["components"]["schemas"][schema])
        out["pydantic_core"] = validator.validate_python
    except ImportError:
        notes.append("pydantic_core column absent: pydantic-core is not installed")
    missing = official_missing()
    if missing:
        notes.append(f"official columns absent: {missing}")
        return out
    model = getattr(importlib.import_module("telnyx.types"), official_name)
    models = importlib.import_module("telnyx._models")
    many = GenericAlias(list, (model,))
    out["official"] = lambda items: models.construct_type(type_=many, value=items)
    out["official_validated"] = lambda items: models.validate_type(
        type_=many, value=items
    )
    return out


def _time(fn: Callable[[], Any], reps: int) -> float:
    gc.collect()
    start = cpu_s()
    for _ in range(reps):
        fn()
    return (cpu_s() - start) / reps * 1e6


def run_structure_rows(
    bodies: Bodies, spec: Schema, rows: list[Row], plan: Plan
) -> list[dict[str, Any]]:
    """CPU per page: json.loads, then each structurer on the decoded items."""
    out = []
    for row in rows:
        name = row.id.removeprefix("structure_")
        page = bodies.ip_page if name == "ip" else bodies.cc_page
        raw = json.dumps(page).encode()
        items = json.loads(raw)["data"]
        notes: list[str] = []
        runs: dict[str, Callable[[], Any]] = {
            "json_loads": functools.partial(json.loads, raw)
        }
        for column, fn in _structurers(spec, name, notes).items():
            fn(items)  # fails loudly if a body does not fit
            runs[column] = functools.partial(fn, items)
        figures: dict[str, list[float]] = {column: [] for column in runs}
        for _ in range(plan.rounds):
            for column, run in runs.items():
                run()
                figures[column].append(_time(run, plan.structure_reps))
        out.append(
            {
                "id": row.id,
                "count": plan.structure_reps,
                "items": len(items),
                "bytes": len(raw),
                **summarise(figures, base="json_loads"),
                "notes": notes,
            }
        )
    return out


_IMPORT = (
    "import resource as r\n"
    "def cpu():\n"
    "    u = r.getrusage(r.RUSAGE_SELF)\n"
    "    return u.ru_utime + u.ru_stime\n"
    "t = cpu()\n"
    "import {module}\n"
    "print((cpu() - t) * 1000)\n"
)


def _import_ms(module: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _IMPORT.format(module=module)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT.parent,
    )
    return float(out.stdout)


def run_import_row(row: Row, plan: Plan) -> dict[str, Any]:
    """CPU ms of ``import`` in fresh interpreters: aiohttp, telnyx_sip, telnyx.

    Each figure of a round is the median of ``import_runs`` processes; the
    interpreter's own start is outside the measured span.
    """
    modules = {"raw": "aiohttp", "sdk": "telnyx_sip"}
    notes = []
    missing = official_missing()
    if missing:
        notes.append(f"official column absent: {missing}")
    else:
        modules["official"] = "telnyx"
    for module in modules.values():
        _import_ms(module)  # bytecode caches written before anything counts
    figures: dict[str, list[float]] = {name: [] for name in modules}
    for _ in range(plan.rounds):
        for name, module in modules.items():
            runs = [_import_ms(module) for _ in range(plan.import_runs)]
            figures[name].append(statistics.median(runs))
    return {
        "id": row.id,
        "count": plan.import_runs,
        "modules": modules,
        **summarise(figures),
        "notes": notes,
    }
