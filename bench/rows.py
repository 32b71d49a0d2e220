"""What the suite measures: every row, its group, its earlier figure and target.

A target applies to one column's ratio to the row's base column: ``<=`` for
costs (lower is better), ``>=`` for throughput.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

__all__ = ["GROUPS", "ROWS", "Row", "select", "verdict"]


@attrs.frozen
class Row:
    """One line of the performance table."""

    id: str
    group: str
    title: str
    unit: str
    base: str = "raw"
    column: str = "sdk"
    op: str = "<="
    target: float | None = None
    earlier: str | None = None

    def target_dict(self) -> dict[str, Any] | None:
        """The target as JSON, or ``None`` for a row measured for information."""
        if self.target is None:
            return None
        return {"column": self.column, "op": self.op, "value": self.target}


_CPU = "client CPU µs per request"
_SYNC = "client CPU µs per call (all threads)"

ROWS: tuple[Row, ...] = (
    Row("ip_retrieve", "async", "retrieve an IP", _CPU, target=1.15, earlier="1.58"),
    Row("ip_create", "async", "create an IP", _CPU, target=1.15, earlier="1.39"),
    Row(
        "cc_retrieve",
        "async",
        "retrieve a credential connection",
        _CPU,
        target=1.25,
        earlier="1.58",
    ),
    Row(
        "cc_create",
        "async",
        "create a credential connection",
        _CPU,
        target=1.25,
        earlier="1.56",
    ),
    Row("ip_list", "async", "list one 250-IP page", _CPU, target=1.6, earlier="2.42"),
    Row(
        "cc_list",
        "async",
        "list one 250-credential-connection page",
        _CPU,
        target=2.0,
        earlier="3.34",
    ),
    Row(
        "structure_ip",
        "structure",
        "structure 250 IPs after json.loads",
        "CPU µs per page",
        base="json_loads",
        target=2.0,
        earlier="3.7",
    ),
    Row(
        "structure_cc",
        "structure",
        "structure 250 credential connections after json.loads",
        "CPU µs per page",
        base="json_loads",
        target=2.0,
        earlier="3.7",
    ),
    *(
        Row(
            f"sync_{name}",
            "sync",
            f"sync client, sequential: {title}",
            _SYNC,
            target=1.3,
            earlier="1.40-1.68",
        )
        for name, title in (
            ("ip_retrieve", "retrieve an IP"),
            ("ip_create", "create an IP"),
            ("cc_retrieve", "retrieve a credential connection"),
            ("cc_create", "create a credential connection"),
        )
    ),
    Row(
        "bulk_c8",
        "bulk",
        "bulk: IP creates via run_bulk, concurrency 8",
        "creates per second",
        column="bulk",
        op=">=",
        target=0.92,
        earlier="0.79",
    ),
    Row(
        "bulk_c64",
        "bulk",
        "bulk: IP creates via run_bulk, concurrency 64",
        "creates per second",
        column="bulk",
        op=">=",
        target=0.92,
        earlier="0.74",
    ),
    Row(
        "import",
        "import",
        "import in a fresh process (raw: import aiohttp)",
        "CPU ms",
        target=1.2,
        earlier="1.49",
    ),
    Row(
        "memory",
        "memory",
        "peak RSS holding 100 250-credential-connection pages",
        "MiB peak RSS",
    ),
)

GROUPS = tuple(dict.fromkeys(row.group for row in ROWS))


def select(only: Iterable[str] | None) -> list[Row]:
    """The rows named by id or group (all rows when ``only`` is empty).

    Raises:
        SystemExit: A name is neither a row nor a group.
    """
    names = list(only or ())
    if not names:
        return list(ROWS)
    known = {row.id for row in ROWS} | set(GROUPS)
    unknown = [name for name in names if name not in known]
    if unknown:
        msg = (
            f"unknown row or group: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))})"
        )
        raise SystemExit(msg)
    return [row for row in ROWS if row.id in names or row.group in names]


def verdict(row: Row, ratios: dict[str, Any]) -> bool | None:
    """Whether the row's median ratio meets its target.

    ``None`` when the row has no target or the column was not measured.
    """
    if row.target is None or row.column not in ratios:
        return None
    value = ratios[row.column]["median"]
    return bool(value <= row.target if row.op == "<=" else value >= row.target)
