"""Aligned columns for a person: cells escaped, measured in terminal cells, cut to fit.

Every cell is made :func:`~telnyx_sip._cli.text.printable` first, so a tab,
newline or escape sequence in a value cannot break a row or act on the
terminal, and widths are counted in terminal cells, so wide characters keep
the columns aligned. A value wider than :data:`MAX_CELL` is cut and ends in
:data:`~telnyx_sip._cli.text.ELLIPSIS`; given the terminal's width, the widest
columns but the first (the id) give way further until a row fits.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from .text import ljust, printable, truncate, width

__all__ = ["MAX_CELL", "MIN_CELL", "cell", "layout"]

MAX_CELL = 40
"""The most terminal columns one cell takes; longer values are cut."""
MIN_CELL = 8
"""Columns never shrink below this (or their own width) to fit a terminal."""
_GAP = 2


def cell(value: object) -> str:
    """The text of one table cell: ``-`` for none, compact JSON for objects."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(cell(v) for v in value) or "-"
    if isinstance(value, dict):
        # ensure_ascii escapes every control character as well.
        return json.dumps(value, separators=(",", ":"))
    return printable(str(value))


def _widths(grid: Sequence[Sequence[str]], terminal: int | None) -> list[int]:
    header, rows = grid[0], grid[1:]
    sizes = []
    for i, title in enumerate(header):
        longest = max((width(row[i]) for row in rows), default=0)
        sizes.append(max(width(title), min(longest, MAX_CELL)))
    if terminal is None or not sizes:
        return sizes
    # The first column (the id) stays whole: it is what a person copies.
    floors = [sizes[0], *(min(size, MIN_CELL) for size in sizes[1:])]
    excess = sum(sizes) + _GAP * (len(sizes) - 1) - terminal
    while excess > 0:
        # Shrink the widest column that can still give a column.
        can = [k for k in range(len(sizes)) if sizes[k] > floors[k]]
        if not can:
            break  # as narrow as it goes: let the terminal wrap
        widest = max(can, key=lambda k: sizes[k])
        sizes[widest] -= 1
        excess -= 1
    return sizes


def layout(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    terminal: int | None = None,
) -> list[str]:
    """The lines of a table of already-rendered cells.

    Args:
        header: Column titles.
        rows: One sequence of cells (see :func:`cell`) per row.
        terminal: The terminal's width in columns, to fit the table in;
            ``None`` caps each cell at :data:`MAX_CELL` only.

    """
    grid = [[printable(t) for t in header], *rows]
    sizes = _widths(grid, terminal)
    gap = " " * _GAP
    return [
        gap.join(
            ljust(truncate(text, size), size)
            for text, size in zip(line, sizes, strict=True)
        ).rstrip()
        for line in grid
    ]
